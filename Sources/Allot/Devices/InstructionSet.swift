import CAllotKernels

/// The vector instruction set the CPU micro-kernels run with.
public enum InstructionSet: String, Sendable, CaseIterable {
  /// Portable code at the build target's baseline vector width, no fused multiply-add.
  case scalar
  /// 256-bit AVX2 with FMA (x86-64).
  case avx2FMA = "avx2+fma"
  /// 512-bit AVX-512 F/DQ/BW/VL (x86-64).
  case avx512 = "avx512"
  /// 128-bit NEON with FMA (AArch64).
  case neon

  /// The widest instruction set this CPU and operating system support.
  public static var detected: InstructionSet { InstructionSet(allot_detect_isa()) }

  /// This instruction set if the CPU supports it, otherwise the best supported narrower one.
  public var usable: InstructionSet { InstructionSet(allot_usable_isa(cValue)) }

  init(_ isa: allot_isa) {
    switch isa {
    case ALLOT_ISA_AVX2_FMA: self = .avx2FMA
    case ALLOT_ISA_AVX512: self = .avx512
    case ALLOT_ISA_NEON: self = .neon
    default: self = .scalar
    }
  }

  var cValue: allot_isa {
    switch self {
    case .scalar: return ALLOT_ISA_SCALAR
    case .avx2FMA: return ALLOT_ISA_AVX2_FMA
    case .avx512: return ALLOT_ISA_AVX512
    case .neon: return ALLOT_ISA_NEON
    }
  }
}
