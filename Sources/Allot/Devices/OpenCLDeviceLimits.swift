/// What an OpenCL device reports about itself, as Allot uses it to size buffers and
/// work-groups.
public struct OpenCLDeviceLimits: Sendable, Equatable {
  /// `CL_DEVICE_GLOBAL_MEM_SIZE`, in bytes.
  public var globalMemoryBytes: Int
  /// `CL_DEVICE_MAX_MEM_ALLOC_SIZE`: the largest single buffer, in bytes.
  public var maxAllocationBytes: Int
  /// `CL_DEVICE_LOCAL_MEM_SIZE`, in bytes.
  public var localMemoryBytes: Int
  /// True when local memory is dedicated on-chip memory (`CL_DEVICE_LOCAL_MEM_TYPE` is
  /// `CL_LOCAL`); CPU drivers emulate it in ordinary memory, where staging data there only costs.
  public var localMemoryIsDedicated: Bool
  /// `CL_DEVICE_MAX_WORK_GROUP_SIZE`.
  public var maxWorkGroupSize: Int
  /// `CL_DEVICE_MAX_COMPUTE_UNITS`.
  public var computeUnits: Int
  /// True when the device supports double precision (`CL_DEVICE_DOUBLE_FP_CONFIG` non-zero).
  public var supportsFloat64: Bool
  /// True for `CL_DEVICE_TYPE_GPU` devices.
  public var isGPU: Bool
  /// `CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT`: floats per native SIMD register (8 for a CPU
  /// driver on AVX2, 16 on AVX-512; at least 1).
  public var nativeFloatVectorWidth: Int

  /// Limits with the given values; see the properties for their meaning.
  public init(
    globalMemoryBytes: Int, maxAllocationBytes: Int, localMemoryBytes: Int,
    localMemoryIsDedicated: Bool, maxWorkGroupSize: Int, computeUnits: Int, supportsFloat64: Bool,
    isGPU: Bool, nativeFloatVectorWidth: Int = 1
  ) {
    self.globalMemoryBytes = globalMemoryBytes
    self.maxAllocationBytes = maxAllocationBytes
    self.localMemoryBytes = localMemoryBytes
    self.localMemoryIsDedicated = localMemoryIsDedicated
    self.maxWorkGroupSize = maxWorkGroupSize
    self.computeUnits = computeUnits
    self.supportsFloat64 = supportsFloat64
    self.isGPU = isGPU
    self.nativeFloatVectorWidth = max(nativeFloatVectorWidth, 1)
  }
}
