/// Microbenchmarks of one OpenCL device, measured through the device itself: an FMA kernel
/// for FLOP/s and a streaming-read kernel for memory bandwidth (both timed by the queue's
/// profiling events), and blocking host-to-device copies for the link.
enum OpenCLCalibration {
  /// The kernels, built with `-D VEC=floatN -D LANES=N -D CHAINS=C -D VSTORE=vstoreN`: C independent chains of
  /// N-wide FMAs per work-item (on CPU drivers, whose compilers do not vectorise across
  /// work-items, one native vector and enough chains to cover the FMA latency on every
  /// pipe; on GPUs, few chains, since resident work-items hide the latency). The read kernel
  /// takes one contiguous slice per work-item on CPU drivers (each thread streams its own
  /// memory) and interleaved float4s on GPUs (neighbouring work-items read neighbouring
  /// addresses).
  static let source = """
    __kernel void allot_calibrate_fma(__global float *out, int iterations) {
      size_t gid = get_global_id(0);
      VEC b = (VEC)(0.999f), c = (VEC)(1e-4f);
      VEC x[CHAINS];
      #pragma unroll
      for (int k = 0; k < CHAINS; ++k) x[k] = (VEC)(gid * 1e-7f + k);
      for (int i = 0; i < iterations; ++i) {
        #pragma unroll
        for (int k = 0; k < CHAINS; ++k) x[k] = fma(x[k], b, c);
      }
      VEC s = x[0];
      #pragma unroll
      for (int k = 1; k < CHAINS; ++k) s += x[k];
      float total = 0;
      float lanes[LANES];
      VSTORE(s, 0, lanes);
      for (int l = 0; l < LANES; ++l) total += lanes[l];
      out[gid] = total;
    }
    __kernel void allot_calibrate_read(__global const float4 *in, __global float *out, int count,
                                       int contiguous) {
      size_t gid = get_global_id(0);
      size_t items = get_global_size(0);
      float4 sum = (float4)(0);
      if (contiguous) {
        size_t per = ((size_t)count + items - 1) / items;
        size_t end = min((size_t)count, (gid + 1) * per);
        for (size_t i = gid * per; i < end; ++i) sum += in[i];
      } else {
        for (size_t i = gid; i < (size_t)count; i += items) sum += in[i];
      }
      out[gid] = sum.x + sum.y + sum.z + sum.w;
    }
    """

  /// FLOP/s, read and host-to-device GB/s of `device`, each measured for about `seconds`.
  /// - Throws: `DeviceError` when building, allocating or running fails.
  static func measure(_ device: OpenCLDevice, seconds: Double) throws -> DeviceCalibration {
    let label = device.label
    let cpuStyle = !device.usesRowPerWorkItem
    let lanes = cpuStyle ? max(4, min(16, device.limits.nativeFloatVectorWidth)) : 8
    let chains = cpuStyle ? 12 : 4
    let program = try device.program(
      source: source,
      options: "-D VEC=float\(lanes) -D LANES=\(lanes) -D CHAINS=\(chains) -D VSTORE=vstore\(lanes)"
    )
    let queue = try OpenCLQueue(context: device.context, deviceID: device.deviceID, device: label)
    let local = max(1, min(64, device.limits.maxWorkGroupSize))
    let items = max(1, device.limits.computeUnits) * (cpuStyle ? 64 : 4096)
    let output = try OpenCLBuffer(
      context: device.context, byteCount: items * 4,
      allowedBytes: device.limits.maxAllocationBytes, device: label)

    // FLOP/s: CHAINS independent chains of LANES-wide FMAs (2 FLOPs a lane) per iteration
    // and work-item.
    let fma = try program.kernel("allot_calibrate_fma")
    try fma.set(0, output)
    let flopsPerIteration = Double(items * chains * lanes * 2)
    func fmaRun(_ iterations: Int) throws -> Double {
      try fma.set(1, Int32(iterations))
      try queue.launch(fma, global: items, local: local)
      return try queue.drainKernelTimes().reduce(0) { $0 + $1.seconds }
    }
    let probe = 256
    let probeSeconds = max(try fmaRun(probe), 1e-7)
    let iterations = min(1 << 22, max(probe, Int(Double(probe) * seconds / 3 / probeSeconds)))
    var fmaBest = 0.0
    for _ in 0..<3 {
      let elapsed = try fmaRun(iterations)
      if elapsed > 0 { fmaBest = max(fmaBest, flopsPerIteration * Double(iterations) / elapsed) }
    }

    // Read bandwidth: `Calibration.streamBytes` (less when the device allows less) summed in
    // float4s.
    let bytes = min(Calibration.streamBytes, device.limits.maxAllocationBytes / 2) / 16 * 16
    let input = try OpenCLBuffer(
      context: device.context, byteCount: bytes, allowedBytes: device.limits.maxAllocationBytes,
      device: label)
    let host = [UInt8](repeating: 1, count: bytes)
    let read = try program.kernel("allot_calibrate_read")
    try read.set(0, input)
    try read.set(1, output)
    try read.set(2, Int32(bytes / 16))
    try read.set(3, Int32(cpuStyle ? 1 : 0))
    var readBest = 0.0
    var linkBest = 0.0
    let started = monotonicSeconds()
    var rounds = 0
    while rounds < 3 || (monotonicSeconds() - started < seconds && rounds < 50) {
      let copyStart = monotonicSeconds()
      try queue.write(host, to: input)
      let copySeconds = monotonicSeconds() - copyStart
      if copySeconds > 0 { linkBest = max(linkBest, Double(bytes) / copySeconds) }
      try queue.launch(read, global: items, local: local)
      let elapsed = try queue.drainKernelTimes().reduce(0) { $0 + $1.seconds }
      if elapsed > 0 { readBest = max(readBest, Double(bytes) / elapsed) }
      rounds += 1
    }
    return DeviceCalibration(
      device: device.id.description, gflops: fmaBest / 1e9, readGBPerSecond: readBest / 1e9,
      hostToDeviceGBPerSecond: linkBest / 1e9)
  }
}

extension Calibration {
  /// Measures the OpenCL device `device` (achieved FLOP/s with an FMA kernel, read bandwidth
  /// with a streaming kernel, host-to-device bandwidth with blocking copies), each for about
  /// `seconds`.
  /// - Throws: `DeviceError` when the device cannot build or run the microbenchmarks.
  public static func measureOpenCL(_ device: OpenCLDevice, seconds: Double = 0.3) throws
    -> DeviceCalibration
  {
    try OpenCLCalibration.measure(device, seconds: seconds)
  }

  /// Measures every device of `devices`: the host CPU path here, each OpenCL device through
  /// the device itself (`measureOpenCL`). A device that cannot be opened or measured is left
  /// out and reported to `warn` as one line. One line to calibrate a machine:
  /// `Calibration.measureAll(devices: try Topology.discover().runtimeDevices)`.
  public static func measureAll(
    devices: [RuntimeDevice], seconds: Double = 0.3, trace: TraceRecorder? = nil,
    warn: (String) -> Void = { _ in }
  ) -> Calibration {
    let measured = withoutActuallyEscaping(warn) { warn in
      try? measure(devices: devices, seconds: seconds, trace: trace) { device in
        guard case .opencl(let index) = device.id else { return nil }
        do {
          return try measureOpenCL(OpenCLDevice(index: index), seconds: seconds)
        } catch {
          warn("cannot calibrate \(device.id) (\(device.name)): \(error)")
          return nil
        }
      }
    }
    return measured ?? Calibration(machine: .current(), devices: [])
  }
}
