import COpenCL

/// One in-order command queue with profiling enabled, with checked transfers and launches.
/// Launches are recorded so that the device time of a step can be read from their profiling
/// events (`CL_PROFILING_COMMAND_START` / `END`).
final class OpenCLQueue {
  /// The OpenCL queue.
  let queue: cl_command_queue
  /// The device label used in errors.
  let device: String
  private var pending: [(name: String, event: cl_event)] = []

  /// Creates an in-order, profiling queue on `deviceID` in `context`.
  init(context: cl_context, deviceID: cl_device_id, device: String) throws {
    var properties: [cl_queue_properties] = [
      cl_queue_properties(CL_QUEUE_PROPERTIES), cl_queue_properties(CL_QUEUE_PROFILING_ENABLE), 0,
    ]
    var status: cl_int = CL_SUCCESS
    let queue = clCreateCommandQueueWithProperties(context, deviceID, &properties, &status)
    try checkCL(status, "clCreateCommandQueueWithProperties", device: device)
    guard let queue else {
      throw DeviceError.openCL(
        device: device, operation: "clCreateCommandQueueWithProperties", code: CL_INVALID_VALUE)
    }
    self.queue = queue
    self.device = device
  }

  deinit {
    for item in pending { clReleaseEvent(item.event) }
    clReleaseCommandQueue(queue)
  }

  /// Copies `values` into `buffer` at element `offset` and waits for the copy.
  func write<T>(_ values: [T], to buffer: OpenCLBuffer, offset: Int = 0) throws {
    let bytes = values.count * MemoryLayout<T>.stride
    guard bytes > 0 else { return }
    try values.withUnsafeBytes { raw in
      try checkCL(
        clEnqueueWriteBuffer(
          queue, buffer.memory, cl_bool(CL_TRUE), offset * MemoryLayout<T>.stride, bytes,
          raw.baseAddress, 0, nil, nil),
        "clEnqueueWriteBuffer(\(bytes) bytes)", device: device)
    }
  }

  /// Sets the first `count` elements of `buffer` to `value` and waits for it.
  func fill<T: BitwiseCopyable>(_ buffer: OpenCLBuffer, with value: T, count: Int) throws {
    guard count > 0 else { return }
    let bytes = count * MemoryLayout<T>.stride
    try withUnsafeBytes(of: value) { pattern in
      try checkCL(
        clEnqueueFillBuffer(
          queue, buffer.memory, pattern.baseAddress, pattern.count, 0, bytes, 0, nil, nil),
        "clEnqueueFillBuffer(\(bytes) bytes)", device: device)
    }
    try checkCL(clFinish(queue), "clFinish", device: device)
  }

  /// Reads `count` elements of type `T` from the start of `buffer`, waiting for the queue.
  func read<T>(_ type: T.Type, count: Int, from buffer: OpenCLBuffer) throws -> [T] {
    guard count > 0 else { return [] }
    return try [T](unsafeUninitializedCapacity: count) { target, initialized in
      try checkCL(
        clEnqueueReadBuffer(
          queue, buffer.memory, cl_bool(CL_TRUE), 0, count * MemoryLayout<T>.stride,
          UnsafeMutableRawPointer(target.baseAddress), 0, nil, nil),
        "clEnqueueReadBuffer(\(count * MemoryLayout<T>.stride) bytes)", device: device)
      initialized = count
    }
  }

  /// Enqueues `kernel` over `global` work-items (rounded up to a multiple of `local`) in
  /// work-groups of `local`, and records its event for `drainKernelTimes`.
  func launch(_ kernel: OpenCLKernel, global: Int, local: Int) throws {
    guard global > 0 else { return }
    var globalSize = (global + local - 1) / local * local
    var localSize = local
    var event: cl_event?
    try checkCL(
      clEnqueueNDRangeKernel(queue, kernel.kernel, 1, nil, &globalSize, &localSize, 0, nil, &event),
      "clEnqueueNDRangeKernel(\(kernel.name), global \(globalSize), local \(localSize))",
      device: device)
    if let event { pending.append((kernel.name, event)) }
  }

  /// Waits for the queue, then returns the device time (seconds) of each kernel launched
  /// since the last call, in launch order, from their profiling events, and releases the events.
  func drainKernelTimes() throws -> [(kernel: String, seconds: Double)] {
    try checkCL(clFinish(queue), "clFinish", device: device)
    defer {
      for item in pending { clReleaseEvent(item.event) }
      pending.removeAll()
    }
    var times: [(kernel: String, seconds: Double)] = []
    for (name, event) in pending {
      var start: cl_ulong = 0
      var end: cl_ulong = 0
      try checkCL(
        clGetEventProfilingInfo(
          event, cl_profiling_info(CL_PROFILING_COMMAND_START), MemoryLayout<cl_ulong>.size,
          &start, nil), "clGetEventProfilingInfo(START)", device: device)
      try checkCL(
        clGetEventProfilingInfo(
          event, cl_profiling_info(CL_PROFILING_COMMAND_END), MemoryLayout<cl_ulong>.size, &end,
          nil), "clGetEventProfilingInfo(END)", device: device)
      times.append((name, end > start ? Double(end - start) * 1e-9 : 0))
    }
    return times
  }
}
