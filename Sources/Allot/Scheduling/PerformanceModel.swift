import Synchronization

/// One measured run: a kernel on a device at a size took `seconds`.
public struct PerformanceSample: Sendable, Equatable, Codable {
  /// The kernel's name.
  public var kernel: String
  /// The device (`cpu`, `opencl:N`).
  public var device: String
  /// Floating-point operations of the run.
  public var flops: Double
  /// Bytes read by the run.
  public var bytes: Double
  /// Measured wall time in seconds.
  public var seconds: Double

  /// A sample with the given fields.
  public init(kernel: String, device: String, flops: Double, bytes: Double, seconds: Double) {
    self.kernel = kernel
    self.device = device
    self.flops = flops
    self.bytes = bytes
    self.seconds = seconds
  }

  /// The size the model regresses on: FLOPs plus bytes, at least 1.
  public var work: Double { max(flops + bytes, 1) }
}

/// The feedback loop: measured run times per kernel and device, and a prediction of the run
/// time of a new task from them. Per (kernel, device) it fits log t = a + b log(work) by
/// robust least squares (`RobustLineFit`), dropping the first run recorded in this process
/// (a cold start: program builds, first touches), also when samples were loaded, and keeping
/// the most recent `capacity` samples. Before two runs exist the prediction comes from the
/// device's capacity: max(flops / FLOP/s, bytes / (bytes/s)). Safe to use from any thread.
public final class PerformanceModel: Sendable {
  private struct Key: Hashable {
    var kernel: String
    var device: String
  }

  private struct Series {
    var seen = 0
    var samples: [PerformanceSample] = []
    var fit: RobustLineFit?
  }

  private let series = Mutex<[Key: Series]>([:])
  /// How many recent samples per kernel and device are kept.
  public let capacity: Int

  /// An empty model keeping `capacity` samples per kernel and device.
  public init(capacity: Int = 128) { self.capacity = capacity }

  /// Records one run. The first run of each kernel on each device is counted but not kept.
  public func record(_ sample: PerformanceSample) {
    series.withLock { table in
      let key = Key(kernel: sample.kernel, device: sample.device)
      var entry = table[key] ?? Series()
      entry.seen += 1
      if entry.seen > 1 {
        entry.samples.append(sample)
        if entry.samples.count > capacity { entry.samples.removeFirst() }
        entry.fit = nil
      }
      table[key] = entry
    }
  }

  /// Adds samples loaded from a file as if they had been measured (none is dropped; the
  /// first run recorded afterwards still is, being this process's cold start).
  public func load(_ samples: [PerformanceSample]) {
    series.withLock { table in
      for sample in samples {
        let key = Key(kernel: sample.kernel, device: sample.device)
        var entry = table[key] ?? Series()
        entry.samples.append(sample)
        if entry.samples.count > capacity { entry.samples.removeFirst() }
        entry.fit = nil
        table[key] = entry
      }
    }
  }

  /// Every kept sample, sorted by kernel and device, for saving.
  public func samples() -> [PerformanceSample] {
    series.withLock { table in
      table.keys.sorted { ($0.kernel, $0.device) < ($1.kernel, $1.device) }.flatMap {
        table[$0]!.samples
      }
    }
  }

  /// The fitted line (log seconds against log work) for a kernel on a device, or nil while
  /// fewer than one sample is kept.
  public func fit(kernel: String, device: String) -> RobustLineFit? {
    series.withLock { table in
      let key = Key(kernel: kernel, device: device)
      guard var entry = table[key], !entry.samples.isEmpty else { return nil }
      if let fit = entry.fit { return fit }
      let x = entry.samples.map { _log($0.work) }
      let y = entry.samples.map { _log(max($0.seconds, 1e-9)) }
      let fit = RobustLineFit.fit(x: x, y: y)
      entry.fit = fit
      table[key] = entry
      return fit
    }
  }

  /// The smallest and largest work (FLOPs plus bytes) of the kept samples of a kernel on a
  /// device, or nil while none is kept.
  public func workRange(kernel: String, device: String) -> ClosedRange<Double>? {
    series.withLock { table in
      guard let samples = table[Key(kernel: kernel, device: device)]?.samples,
        let low = samples.map(\.work).min(), let high = samples.map(\.work).max()
      else { return nil }
      return low...high
    }
  }

  /// Predicted seconds for `flops` and `bytes` of `kernel` on `device`: from the fit when
  /// history exists, otherwise from the capacity (peak GFLOP/s and GB/s). 0 for the empty
  /// kernel.
  public func predict(
    kernel: KernelName, flops: Double, bytes: Double, on device: RuntimeDevice
  ) -> Double {
    if kernel == .empty { return 0 }
    if let fit = fit(kernel: kernel.rawValue, device: device.id.description) {
      return _exp(fit.value(at: _log(max(flops + bytes, 1))))
    }
    return Self.capacityEstimate(flops: flops, bytes: bytes, device: device)
  }

  /// Predicted seconds for `flops` and `bytes` of `kernel` on the device named `device`
  /// (`cpu`, `opencl:N`) from its history alone; nil while there is none. 0 for the empty
  /// kernel.
  public func predictFromHistory(kernel: KernelName, flops: Double, bytes: Double, device: String)
    -> Double?
  {
    if kernel == .empty { return 0 }
    guard let fit = fit(kernel: kernel.rawValue, device: device) else { return nil }
    return _exp(fit.value(at: _log(max(flops + bytes, 1))))
  }

  /// max(flops / (peakGFLOPS * 1e9), bytes / (bandwidthGBPerSecond * 1e9)) seconds.
  public static func capacityEstimate(flops: Double, bytes: Double, device: RuntimeDevice)
    -> Double
  {
    let compute = device.peakGFLOPS > 0 ? flops / (device.peakGFLOPS * 1e9) : 0
    let memory = device.bandwidthGBPerSecond > 0 ? bytes / (device.bandwidthGBPerSecond * 1e9) : 0
    return max(compute, memory)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@inline(__always) func _log(_ x: Double) -> Double { log(x) }
@inline(__always) func _exp(_ x: Double) -> Double { exp(x) }
