import Allot

/// The machine's limits the benchmark compares its results with: the Float32 FMA peak and
/// the memory read bandwidth of the host CPU on all allowed cores.
public struct BenchLimits: Sendable, Equatable {
  /// GFLOP/s.
  public var gflops: Double
  /// GB/s.
  public var readGBPerSecond: Double
  /// "calibration" (read from `allot calibrate`'s file) or "measured" (on the spot).
  public var source: String
  /// Why the calibration file was not used, when it exists but was ignored.
  public var warning: String?

  /// Limits with the given figures.
  public init(gflops: Double, readGBPerSecond: Double, source: String, warning: String? = nil) {
    self.gflops = gflops
    self.readGBPerSecond = readGBPerSecond
    self.source = source
    self.warning = warning
  }

  /// The `cpu` record of this machine's calibration in `store` when there is one; otherwise
  /// measured now with `Calibration.fmaGFLOPS` and `Calibration.readGBPerSecond` on `threads`
  /// threads for about `seconds` each.
  public static func resolve(store: CalibrationStore, threads: Int, seconds: Double)
    -> BenchLimits
  {
    let loaded = store.load(for: .current())
    if let record = loaded.calibration?.devices.first(where: { $0.device == "cpu" }),
      record.gflops > 0, record.readGBPerSecond > 0
    {
      return BenchLimits(
        gflops: record.gflops, readGBPerSecond: record.readGBPerSecond, source: "calibration")
    }
    let count = max(1, threads)
    return BenchLimits(
      gflops: Calibration.fmaGFLOPS(threads: count, seconds: seconds),
      readGBPerSecond: Calibration.readGBPerSecond(threads: count, seconds: seconds),
      source: "measured", warning: loaded.warning)
  }

  /// Seconds a run of `flops` operations reading `bytes` bytes needs at least under these
  /// limits (the roofline).
  public func floorSeconds(flops: Double, bytes: Double) -> Double {
    max(flops / (gflops * 1e9), bytes / (readGBPerSecond * 1e9))
  }
}
