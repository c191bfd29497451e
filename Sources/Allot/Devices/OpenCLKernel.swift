import COpenCL

/// One kernel object of a built program, with checked argument setting. Not thread-safe
/// (OpenCL kernel arguments are per object): each session creates its own.
final class OpenCLKernel {
  /// The OpenCL kernel.
  let kernel: cl_kernel
  /// The kernel's function name.
  let name: String
  /// The device label used in errors.
  let device: String
  /// The largest work-group size this kernel can run with on the device.
  let maxWorkGroupSize: Int
  /// The work-group size multiple the device prefers for this kernel.
  let preferredMultiple: Int
  /// Local memory the kernel uses by itself, in bytes.
  let staticLocalBytes: Int

  /// Creates kernel `name` from `program`, built for `deviceID`.
  init(program: cl_program, name: String, deviceID: cl_device_id, device: String) throws {
    var status: cl_int = CL_SUCCESS
    let kernel = clCreateKernel(program, name, &status)
    try checkCL(status, "clCreateKernel(\(name))", device: device)
    guard let kernel else {
      throw DeviceError.openCL(
        device: device, operation: "clCreateKernel(\(name))", code: CL_INVALID_KERNEL)
    }
    self.kernel = kernel
    self.name = name
    self.device = device
    var size = 0
    try checkCL(
      clGetKernelWorkGroupInfo(
        kernel, deviceID, cl_kernel_work_group_info(CL_KERNEL_WORK_GROUP_SIZE),
        MemoryLayout<Int>.size, &size, nil),
      "clGetKernelWorkGroupInfo(\(name), CL_KERNEL_WORK_GROUP_SIZE)", device: device)
    var multiple = 0
    try checkCL(
      clGetKernelWorkGroupInfo(
        kernel, deviceID, cl_kernel_work_group_info(CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE),
        MemoryLayout<Int>.size, &multiple, nil),
      "clGetKernelWorkGroupInfo(\(name), CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE)",
      device: device)
    var localBytes: cl_ulong = 0
    try checkCL(
      clGetKernelWorkGroupInfo(
        kernel, deviceID, cl_kernel_work_group_info(CL_KERNEL_LOCAL_MEM_SIZE),
        MemoryLayout<cl_ulong>.size, &localBytes, nil),
      "clGetKernelWorkGroupInfo(\(name), CL_KERNEL_LOCAL_MEM_SIZE)", device: device)
    self.maxWorkGroupSize = max(size, 1)
    self.preferredMultiple = max(multiple, 1)
    self.staticLocalBytes = Int(localBytes)
  }

  deinit { clReleaseKernel(kernel) }

  /// A work-group size for this kernel: the largest multiple of the preferred multiple that
  /// is at most `cap`, the kernel's and the device's limits (at least 1).
  func workGroupSize(deviceMaximum: Int, cap: Int) -> Int {
    let limit = max(1, min(maxWorkGroupSize, deviceMaximum, cap))
    if limit < preferredMultiple { return limit }
    return limit / preferredMultiple * preferredMultiple
  }

  /// Sets argument `index` to the bytes of `value` (a scalar matching the kernel's type).
  func set<T: BitwiseCopyable>(_ index: Int, _ value: T) throws {
    try withUnsafeBytes(of: value) { bytes in
      try checkCL(
        clSetKernelArg(kernel, cl_uint(index), bytes.count, bytes.baseAddress),
        "clSetKernelArg(\(name), \(index))", device: device)
    }
  }

  /// Sets argument `index` to a device buffer.
  func set(_ index: Int, _ buffer: OpenCLBuffer) throws {
    var memory: cl_mem? = buffer.memory
    try checkCL(
      clSetKernelArg(kernel, cl_uint(index), MemoryLayout<cl_mem?>.size, &memory),
      "clSetKernelArg(\(name), \(index))", device: device)
  }

  /// Sets argument `index` to a `__local` buffer of `bytes` bytes.
  func setLocal(_ index: Int, bytes: Int) throws {
    try checkCL(
      clSetKernelArg(kernel, cl_uint(index), max(bytes, 1), nil),
      "clSetKernelArg(\(name), \(index), local \(bytes) bytes)", device: device)
  }
}
