import COpenCL

/// A device buffer (`cl_mem`) of `byteCount` bytes, released with the object.
final class OpenCLBuffer {
  /// The OpenCL memory object.
  let memory: cl_mem
  /// Its size in bytes.
  let byteCount: Int

  /// Allocates `byteCount` bytes (at least 1) in `context`; `allowedBytes` is what the device
  /// allows, reported when it refuses.
  /// - Throws: `DeviceError.outOfMemory` when the device refuses the allocation,
  ///   `DeviceError.openCL` for any other failure.
  init(context: cl_context, byteCount: Int, allowedBytes: Int, device: String) throws {
    var status: cl_int = CL_SUCCESS
    let size = max(byteCount, 1)
    let memory = clCreateBuffer(context, cl_mem_flags(CL_MEM_READ_WRITE), size, nil, &status)
    if status == CL_MEM_OBJECT_ALLOCATION_FAILURE || status == CL_INVALID_BUFFER_SIZE
      || status == CL_OUT_OF_RESOURCES
    {
      throw DeviceError.outOfMemory(
        device: device, requestedBytes: size, availableBytes: allowedBytes)
    }
    try checkCL(status, "clCreateBuffer(\(size) bytes)", device: device)
    guard let memory else {
      throw DeviceError.openCL(device: device, operation: "clCreateBuffer", code: CL_INVALID_VALUE)
    }
    self.memory = memory
    self.byteCount = size
  }

  deinit { clReleaseMemObject(memory) }
}
