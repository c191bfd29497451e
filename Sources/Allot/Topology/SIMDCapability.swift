/// The widest SIMD instruction set the CPU supports, and the one Allot's CPU kernels use.
public struct SIMDCapability: Sendable, Equatable, Codable {
  /// The widest vector extension the CPU reports: `avx512`, `avx2`, `avx`, `sse2`, `sve`,
  /// `neon` or `scalar` (or `unknown` for a topology read from a file).
  public var widestInstructionSet: String
  /// Width in bits of the widest vector registers (512 for AVX-512, 128 for NEON).
  public var widestVectorBits: Int
  /// The instruction set the CPU kernels dispatch to (`allot_detect_isa`): `avx512`,
  /// `avx2_fma`, `neon` or `scalar`.
  public var kernelInstructionSet: String
  /// Width in bits of the vectors the CPU kernels use.
  public var kernelVectorBits: Int
  /// Fused multiply-add units per core assumed for the peak estimate (see
  /// `SIMDCapability.assumedFMAUnits`).
  public var fmaUnitsPerCore: Int

  /// A capability description; see the properties for meanings.
  public init(
    widestInstructionSet: String, widestVectorBits: Int, kernelInstructionSet: String,
    kernelVectorBits: Int, fmaUnitsPerCore: Int
  ) {
    self.widestInstructionSet = widestInstructionSet
    self.widestVectorBits = widestVectorBits
    self.kernelInstructionSet = kernelInstructionSet
    self.kernelVectorBits = kernelVectorBits
    self.fmaUnitsPerCore = fmaUnitsPerCore
  }

  /// Float32 lanes per vector of the kernel instruction set (at least 1).
  public var kernelFloatLanes: Int { max(1, kernelVectorBits / 32) }

  /// Nothing known (a topology read from a file): scalar, one unit.
  public static let unknown = SIMDCapability(
    widestInstructionSet: "unknown", widestVectorBits: 32, kernelInstructionSet: "scalar",
    kernelVectorBits: 32, fmaUnitsPerCore: 1)

  /// FMA units per core assumed for a kernel instruction set. No portable interface reports
  /// this, so it is an assumption: 2 on AVX2 x86-64 cores (Haswell and later, Zen), 1 for
  /// AVX-512 (many cores have one 512-bit unit or split it into two 256-bit halves), 2 for
  /// NEON (most Armv8 server cores), 1 for scalar code.
  public static func assumedFMAUnits(kernelInstructionSet: String) -> Int {
    switch kernelInstructionSet {
    case "avx2_fma", "neon": return 2
    default: return 1
    }
  }

  /// The capability from `/proc/cpuinfo` flag words (x86 `flags`, Arm `Features`) and the
  /// kernel dispatch choice. O(number of flags).
  public static func from(cpuFlags: Set<String>, kernelInstructionSet: String) -> SIMDCapability {
    let widest: (String, Int)
    if cpuFlags.contains("avx512f") {
      widest = ("avx512", 512)
    } else if cpuFlags.contains("avx2") {
      widest = ("avx2", 256)
    } else if cpuFlags.contains("avx") {
      widest = ("avx", 256)
    } else if cpuFlags.contains("sse2") {
      widest = ("sse2", 128)
    } else if cpuFlags.contains("sve") {
      widest = ("sve", 128)  // SVE's length is implementation-defined; 128 bits is the minimum.
    } else if cpuFlags.contains("asimd") || kernelInstructionSet == "neon" {
      widest = ("neon", 128)
    } else {
      widest = ("scalar", 32)
    }
    let kernelBits: Int
    switch kernelInstructionSet {
    case "avx512": kernelBits = 512
    case "avx2_fma": kernelBits = 256
    case "neon": kernelBits = 128
    default: kernelBits = 32
    }
    return SIMDCapability(
      widestInstructionSet: widest.0, widestVectorBits: widest.1,
      kernelInstructionSet: kernelInstructionSet, kernelVectorBits: kernelBits,
      fmaUnitsPerCore: assumedFMAUnits(kernelInstructionSet: kernelInstructionSet))
  }

  enum CodingKeys: String, CodingKey {
    case widestInstructionSet = "widest_instruction_set"
    case widestVectorBits = "widest_vector_bits"
    case kernelInstructionSet = "kernel_instruction_set"
    case kernelVectorBits = "kernel_vector_bits"
    case fmaUnitsPerCore = "fma_units_per_core"
  }
}
