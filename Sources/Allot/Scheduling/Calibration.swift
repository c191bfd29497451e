import CAllotKernels
import Foundation

/// Measured capacity of one device.
public struct DeviceCalibration: Sendable, Equatable, Codable {
  /// The device (`cpu`, `opencl:N`).
  public var device: String
  /// Achieved single-precision GFLOP/s (FMA counted as two operations).
  public var gflops: Double
  /// Achieved memory read bandwidth in GB/s.
  public var readGBPerSecond: Double
  /// Host-to-device bandwidth in GB/s, for devices behind a link; nil otherwise.
  public var hostToDeviceGBPerSecond: Double?

  enum CodingKeys: String, CodingKey {
    case device, gflops
    case readGBPerSecond = "read_gb_per_second"
    case hostToDeviceGBPerSecond = "host_to_device_gb_per_second"
  }

  /// A record with the given figures.
  public init(
    device: String, gflops: Double, readGBPerSecond: Double, hostToDeviceGBPerSecond: Double? = nil
  ) {
    self.device = device
    self.gflops = gflops
    self.readGBPerSecond = readGBPerSecond
    self.hostToDeviceGBPerSecond = hostToDeviceGBPerSecond
  }
}

/// Calibrated capacities and learned run times of one machine, as stored on disk.
public struct Calibration: Sendable, Equatable, Codable {
  /// The file format this code writes and reads; files with another version are ignored.
  public static let currentFormatVersion = 1

  /// The format version of this record.
  public var formatVersion: Int
  /// The machine it was measured on.
  public var machine: MachineIdentity
  /// One record per device.
  public var devices: [DeviceCalibration]
  /// Learned run times (see `PerformanceModel.samples()`).
  public var samples: [PerformanceSample]

  enum CodingKeys: String, CodingKey {
    case formatVersion = "format_version"
    case machine, devices, samples
  }

  /// A calibration record in the current format.
  public init(
    machine: MachineIdentity, devices: [DeviceCalibration], samples: [PerformanceSample] = []
  ) {
    self.formatVersion = Self.currentFormatVersion
    self.machine = machine
    self.devices = devices
    self.samples = samples
  }

  /// `devices` with calibrated figures put in place of estimates where a record exists
  /// (and `capacityIsEstimate` cleared); others unchanged.
  public func apply(to devices: [RuntimeDevice]) -> [RuntimeDevice] {
    devices.map { device in
      guard let record = self.devices.first(where: { $0.device == device.id.description })
      else { return device }
      var calibrated = device
      calibrated.peakGFLOPS = record.gflops
      calibrated.bandwidthGBPerSecond = record.readGBPerSecond
      calibrated.capacityIsEstimate = false
      return calibrated
    }
  }

  /// Measures every device in `devices`. Host CPU devices (`.cpu`) are measured here with
  /// the FMA and read microbenchmarks on as many threads as the device has processing units
  /// (all online CPUs when it lists none), each for about `seconds`. Other devices are
  /// measured by `measureDevice` when given (the OpenCL layer supplies it), and skipped
  /// otherwise.
  /// - Throws: what `measureDevice` throws.
  public static func measure(
    devices: [RuntimeDevice], seconds: Double = 0.3, trace: TraceRecorder? = nil,
    measureDevice: ((RuntimeDevice) throws -> DeviceCalibration?)? = nil
  ) throws -> Calibration {
    var records: [DeviceCalibration] = []
    for device in devices {
      let started = monotonicSeconds()
      defer {
        trace?.recordRun(
          kernel: .calibrate, device: device.id, size: ProblemSize(rows: 0), start: started,
          end: monotonicSeconds(), predicted: 0)
      }
      if device.kind == .cpu {
        let threads = max(1, device.processingUnits.count)
        let count =
          device.processingUnits.isEmpty ? ProcessInfo.processInfo.activeProcessorCount : threads
        records.append(
          DeviceCalibration(
            device: device.id.description, gflops: fmaGFLOPS(threads: count, seconds: seconds),
            readGBPerSecond: readGBPerSecond(threads: count, seconds: seconds)))
      } else if let measureDevice, let record = try measureDevice(device) {
        records.append(record)
      }
    }
    return Calibration(machine: .current(), devices: records)
  }

  /// Achieved GFLOP/s of independent FMAs on `threads` threads for about `seconds`: the
  /// best of three passes (a shared machine's other work lowers single passes).
  public static func fmaGFLOPS(threads: Int, seconds: Double) -> Double {
    var sink: Float = 0
    let probe = 200_000 as UInt64
    let started = monotonicSeconds()
    _ = allot_calibrate_fma(probe, 1, &sink)
    let perIteration = max((monotonicSeconds() - started) / Double(probe), 1e-11)
    let iterations = UInt64(min(1e12, max(1, seconds / 3 / perIteration)))
    var best = 0.0
    for _ in 0..<3 {
      let flops = ParallelTimer.run(threads: threads) { thread in
        var sink: Float = 0
        return Double(allot_calibrate_fma(iterations, Float(thread), &sink))
      }
      best = max(best, flops.work / flops.seconds / 1e9)
    }
    return best
  }

  /// Bytes the read-bandwidth measures stream through, in all: several times the largest
  /// last-level caches (a CPU's L3, a GPU's L2), so that the rate measured is the memory's
  /// and not partly a cache's.
  public static let streamBytes = 512 << 20

  /// Achieved read bandwidth in GB/s on `threads` threads, each reading its own share of
  /// `streamBytes` (at least 16 MiB) repeatedly for about `seconds`; the best of three
  /// passes. The buffers come from `MatrixStorage`, like the workloads' data, so both see
  /// the same kind of pages.
  public static func readGBPerSecond(threads: Int, seconds: Double) -> Double {
    let count = max(streamBytes / max(threads, 1), 16 << 20) / 4 / 64 * 64
    let buffers = (0..<threads).map { _ -> MatrixStorage<Float> in
      let storage = MatrixStorage<Float>(zeroedCount: count)
      storage.base.update(repeating: 1, count: count)
      return storage
    }
    let addresses = buffers.map { UInt(bitPattern: $0.base) }
    let started = monotonicSeconds()
    _ = allot_calibrate_read(buffers[0].base, count)
    let perPass = max(monotonicSeconds() - started, 1e-6)
    let passes = max(1, Int(seconds / 3 / perPass))
    var best = 0.0
    for _ in 0..<3 {
      let result = ParallelTimer.run(threads: threads) { thread in
        let data = UnsafePointer<Float>(bitPattern: addresses[thread])!
        var total: Float = 0
        for _ in 0..<passes { total += allot_calibrate_read(data, count) }
        return total.isNaN ? 0 : Double(passes * count * 4)
      }
      best = max(best, result.work / result.seconds / 1e9)
    }
    withExtendedLifetime(buffers) {}
    return best
  }
}

/// Runs a body on several threads at once and times the whole.
enum ParallelTimer {
  /// Runs `body(thread)` on `threads` threads started together; returns the summed work and
  /// the wall seconds from start to the last finish.
  static func run(threads: Int, _ body: @escaping @Sendable (Int) -> Double) -> (
    work: Double, seconds: Double
  ) {
    let results = UnsafeMutablePointer<Double>.allocate(capacity: threads)
    results.initialize(repeating: 0, count: threads)
    defer { results.deallocate() }
    let address = UInt(bitPattern: results)
    let started = monotonicSeconds()
    DispatchQueue.concurrentPerform(iterations: threads) { thread in
      UnsafeMutablePointer<Double>(bitPattern: address)![thread] = body(thread)
    }
    let seconds = monotonicSeconds() - started
    return ((0..<threads).reduce(0) { $0 + results[$1] }, seconds)
  }
}
