import AllotKernelSources
import COpenCL
import Synchronization

/// An OpenCL device (a GPU, or a CPU driver such as PoCL) running Allot's kernels from
/// `Kernels/`: one context, programs built once per precision and cached, and sessions whose
/// buffers stay resident between steps (the data are uploaded once per session).
///
/// Thread safety: the device may be shared; each session owns its queue and kernel objects
/// and must be used from one thread at a time.
public final class OpenCLDevice: ComputeDevice, @unchecked Sendable {
  /// `opencl:N`.
  public let id: DeviceID
  /// The OpenCL device name (`CL_DEVICE_NAME`).
  public let name: String
  /// The name of the platform the device belongs to (`CL_PLATFORM_NAME`).
  public let platformName: String
  /// The device's limits, after the caps given to `init`.
  public let limits: OpenCLDeviceLimits
  /// How the kernels map rows onto work-items here (never `.automatic`).
  public let kernelStyle: OpenCLKernelStyle

  let deviceID: cl_device_id
  let context: cl_context
  private let programs = Mutex<[String: OpenCLProgram]>([:])

  /// The number of OpenCL devices on this machine (0 when there is no platform).
  public static func deviceCount() -> Int {
    (try? OpenCLDeviceEnumeration.devices(for: "opencl").count) ?? 0
  }

  /// Opens device `opencl:index` (numbered across platforms in `clGetPlatformIDs` order and,
  /// within a platform, in `clGetDeviceIDs(CL_DEVICE_TYPE_ALL)` order).
  /// - Parameters:
  ///   - maxBufferBytes: caps the size of one device buffer below the device's
  ///     `CL_DEVICE_MAX_MEM_ALLOC_SIZE` (larger data are split into several buffers).
  ///   - maxMemoryBytes: caps the device memory a session may use below
  ///     `CL_DEVICE_GLOBAL_MEM_SIZE` (larger data are refused with `outOfMemory`).
  ///   - kernelStyle: how kernels map rows onto work-items; `.automatic` picks by device type.
  /// - Throws: `DeviceError.unavailable` when there is no OpenCL platform,
  ///   `DeviceError.unknownDevice` when `index` is out of range, `DeviceError.openCL` when
  ///   creating the context fails.
  public init(
    index: Int, maxBufferBytes: Int? = nil, maxMemoryBytes: Int? = nil,
    kernelStyle: OpenCLKernelStyle = .automatic
  ) throws {
    let label = DeviceID.opencl(index).description
    let devices = try OpenCLDeviceEnumeration.devices(for: label)
    guard index >= 0, index < devices.count else {
      throw DeviceError.unknownDevice(label)
    }
    let (platform, device) = devices[index]
    id = .opencl(index)
    deviceID = device
    name = try OpenCLDeviceQuery.string(device, CL_DEVICE_NAME, label: label)
    platformName = (try? OpenCLDeviceQuery.platformString(platform, CL_PLATFORM_NAME)) ?? ""
    let global = try OpenCLDeviceQuery.value(
      device, CL_DEVICE_GLOBAL_MEM_SIZE, as: cl_ulong.self, label: label)
    let allocation = try OpenCLDeviceQuery.value(
      device, CL_DEVICE_MAX_MEM_ALLOC_SIZE, as: cl_ulong.self, label: label)
    let local = try OpenCLDeviceQuery.value(
      device, CL_DEVICE_LOCAL_MEM_SIZE, as: cl_ulong.self, label: label)
    let localType = try OpenCLDeviceQuery.value(
      device, CL_DEVICE_LOCAL_MEM_TYPE, as: cl_device_local_mem_type.self, label: label)
    let workGroup = try OpenCLDeviceQuery.value(
      device, CL_DEVICE_MAX_WORK_GROUP_SIZE, as: Int.self, label: label)
    let units = try OpenCLDeviceQuery.value(
      device, CL_DEVICE_MAX_COMPUTE_UNITS, as: cl_uint.self, label: label)
    let fp64 = try OpenCLDeviceQuery.value(
      device, CL_DEVICE_DOUBLE_FP_CONFIG, as: cl_device_fp_config.self, label: label)
    let type = try OpenCLDeviceQuery.value(
      device, CL_DEVICE_TYPE, as: cl_device_type.self, label: label)
    let nativeFloats = try OpenCLDeviceQuery.value(
      device, CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT, as: cl_uint.self, label: label)
    let globalBytes = Int(clamping: global)
    limits = OpenCLDeviceLimits(
      globalMemoryBytes: min(globalBytes, maxMemoryBytes ?? globalBytes),
      maxAllocationBytes: min(Int(clamping: allocation), maxBufferBytes ?? Int.max),
      localMemoryBytes: Int(clamping: local),
      localMemoryIsDedicated: localType == cl_device_local_mem_type(CL_LOCAL),
      maxWorkGroupSize: max(workGroup, 1),
      computeUnits: max(Int(units), 1),
      supportsFloat64: fp64 != 0,
      isGPU: type & cl_device_type(CL_DEVICE_TYPE_GPU) != 0,
      nativeFloatVectorWidth: Int(nativeFloats))

    switch kernelStyle {
    case .automatic: self.kernelStyle = limits.isGPU ? .rowPerWorkItem : .vectorPerWorkItem
    default: self.kernelStyle = kernelStyle
    }

    var status: cl_int = CL_SUCCESS
    var deviceList: cl_device_id? = device
    let context = clCreateContext(nil, 1, &deviceList, nil, nil, &status)
    try checkCL(status, "clCreateContext", device: "\(label) (\(name))")
    guard let context else {
      throw DeviceError.openCL(
        device: label, operation: "clCreateContext", code: CL_INVALID_CONTEXT)
    }
    self.context = context
  }

  deinit { clReleaseContext(context) }

  /// `opencl:N (name)`, the label used in errors.
  public var label: String { "\(id) (\(name))" }

  /// Builds `source` with `options` for this device, or returns the program built before
  /// with the same source and options (programs are built once per device and cached).
  /// - Throws: `DeviceError.buildFailed` with the device name and the compiler's build log.
  func program(source: String, options: String) throws -> OpenCLProgram {
    let key = options + "\u{0}" + source
    if let cached = programs.withLock({ $0[key] }) { return cached }
    let built = try OpenCLProgram(
      context: context, deviceID: deviceID, source: source, options: options, device: label)
    return programs.withLock { cache in
      if let existing = cache[key] { return existing }
      cache[key] = built
      return built
    }
  }

  /// Compiles an OpenCL C program for this device through the same (cached) build path as
  /// Allot's own kernels; useful to check a driver, and to test build failures.
  /// - Throws: `DeviceError.buildFailed` with the device name and build log.
  public func compile(source: String, options: String = "") throws {
    _ = try program(source: source, options: options)
  }

  /// The build options for a program working on `Scalar` data.
  /// - Throws: `DeviceError.unavailable` for Float64 on a device without fp64 support.
  func buildOptions<Scalar: MatrixScalar>(for _: Scalar.Type, extra: String = "") throws
    -> String
  {
    if Scalar.precision == .f64 && !limits.supportsFloat64 {
      throw DeviceError.unavailable(
        device: label, detail: "the device has no double precision (cl_khr_fp64); use f32")
    }
    let real = Scalar.precision == .f64 ? "double" : "float"
    let accumulator = limits.supportsFloat64 ? "double -D ALLOT_FP64" : "float"
    return
      "-D REAL=\(real) -D ACC=\(accumulator) -D VW=\(vectorWidth(for: Scalar.self)) "
      + "-D BW=\(blockRows(for: Scalar.self)) \(extra)"
  }

  /// Rows one work-item of the assignment kernel handles as one vector: one native SIMD
  /// register on CPU drivers (`nativeFloatVectorWidth` floats: 8 on AVX2, 16 on AVX-512; at
  /// least 4 elements), whose kernel compilers do not vectorise the loops over centers and
  /// coordinates across work-items; 1 on GPUs, where each work-item is a SIMD lane already.
  func vectorWidth<Scalar: MatrixScalar>(for _: Scalar.Type) -> Int {
    if usesRowPerWorkItem { return 1 }
    return max(4, limits.nativeFloatVectorWidth * 4 / MemoryLayout<Scalar>.stride)
  }

  /// Rows per block of the data layout on the device: one vector on CPU drivers (a work-item's
  /// rows are then one contiguous piece of memory), 32 rows on GPUs (one coalesced 128-byte
  /// access per coordinate for 32 neighbouring work-items).
  func blockRows<Scalar: MatrixScalar>(for _: Scalar.Type) -> Int {
    usesRowPerWorkItem ? 32 : vectorWidth(for: Scalar.self)
  }

  /// Centers one work-item of the assignment kernel scores together, in registers, for `k`
  /// clusters: 8 on GPUs (registers are shared by many resident work-items). On CPU drivers
  /// one block of 4 or 8 when that holds every cluster (the loop over blocks then goes away);
  /// otherwise as many as the vector registers hold (a work-item's accumulators take
  /// CB * VW / native registers, out of 12 when native vectors are 256 bits or less, i.e.
  /// 16 registers as on AVX2, and out of 28 with 32 registers as on AVX-512; at most 16): the
  /// largest such CB, from 4 up, whose padding of `k` to a multiple of CB adds at most 1/8
  /// (padding centers cost full work).
  func centersPerBlock(clusters k: Int) -> Int {
    if usesRowPerWorkItem { return 8 }
    if k <= 8 { return k <= 4 ? 4 : 8 }
    let native = min(limits.nativeFloatVectorWidth, vectorWidth(for: Float.self))
    let accumulators = native <= 8 ? 12 : 28
    let cap = max(4, min(16, accumulators / (vectorWidth(for: Float.self) / native)))
    return (4...cap).last { block in 8 * ((k + block - 1) / block * block) <= 9 * k } ?? 4
  }

  /// True for the GPU kernel style.
  var usesRowPerWorkItem: Bool { kernelStyle == .rowPerWorkItem }

  /// Bytes of one accumulator on this device (8 with fp64, else 4).
  var accumulatorBytes: Int { limits.supportsFloat64 ? 8 : 4 }

  /// Prepares `points` for k-means steps; the same as `makeKMeansSession`, with the concrete
  /// session type (which reports the device time of its kernels).
  /// - Throws: `DeviceError` when the data do not fit or an OpenCL call fails.
  public func openKMeansSession<Scalar: MatrixScalar>(points: Matrix<Scalar>) throws
    -> OpenCLKMeansSession<Scalar>
  {
    try OpenCLKMeansSession(device: self, points: points)
  }

  /// Prepares samples for gradient steps; the same as `makeGradientSession`, with the
  /// concrete session type.
  /// - Throws: `DeviceError` when the data do not fit or an OpenCL call fails.
  public func openGradientSession<Scalar: MatrixScalar>(
    features: Matrix<Scalar>, targets: [Scalar]
  ) throws -> OpenCLGradientSession<Scalar> {
    try OpenCLGradientSession(device: self, features: features, targets: targets)
  }

  /// Uploads `points` once and returns a session whose steps run on this device.
  /// - Throws: `DeviceError` when the data do not fit or an OpenCL call fails.
  public func makeKMeansSession<Scalar: MatrixScalar>(points: Matrix<Scalar>) throws
    -> any KMeansSession<Scalar>
  {
    try openKMeansSession(points: points)
  }

  /// Uploads `features` and `targets` once and returns a session whose gradient steps run on
  /// this device.
  /// - Throws: `DeviceError` when the data do not fit or an OpenCL call fails.
  public func makeGradientSession<Scalar: MatrixScalar>(
    features: Matrix<Scalar>, targets: [Scalar]
  ) throws -> any GradientSession<Scalar> {
    try openGradientSession(features: features, targets: targets)
  }
}
