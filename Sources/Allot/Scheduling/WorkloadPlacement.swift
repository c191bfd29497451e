/// Chooses the device for a whole workload (every step of a k-means or gradient fit on one
/// device) by minimum completion time: moving the data there once plus `steps` predicted
/// steps, as the scheduler's default placement does for single tasks.
public enum WorkloadPlacement {
  /// What one device would take for the workload.
  public struct Estimate: Sendable, Equatable {
    /// The device.
    public var device: DeviceID
    /// Seconds to move the data to it (0 on host memory).
    public var transferSeconds: Double
    /// Predicted seconds of one step.
    public var stepSeconds: Double
    /// transfer + steps x step.
    public var totalSeconds: Double
    /// True when the step time comes from measured runs, false when from capacity.
    public var fromHistory: Bool
  }

  /// Host-to-device bandwidth assumed for a device behind a link when the calibration has
  /// no figure for it, in GB/s.
  public static let defaultLinkGBPerSecond = 8.0

  /// How far from the sizes it has run a device's history is trusted to choose a CPU driver:
  /// within this factor of the smallest and largest work measured. Further away, fixed
  /// costs per step (launches, reductions) that a single size cannot reveal decide.
  public static let historyReach = 4.0

  /// One estimate per device that can take the workload, in device order. Devices are first
  /// given their calibrated figures (`calibration`). A device is left out when the data
  /// (rows x columns elements, plus one target per row for a gradient) exceed its memory, or
  /// when it shares cores with a `.cpu` device of the list and has no history of its own for
  /// `kernel` within `historyReach` of this size: without evidence the native CPU path is
  /// preferred, and a CPU driver such as PoCL never counts as extra capacity. O(devices).
  public static func estimates(
    kernel: KernelName, size: ProblemSize, steps: Int = 1, devices: [RuntimeDevice],
    model: PerformanceModel, calibration: Calibration? = nil
  ) -> [Estimate] {
    let described = calibration?.apply(to: devices) ?? devices
    let cpus = Set(described.filter { $0.kind == .cpu }.map(\.id))
    let dataBytes =
      Double(size.rows) * Double(size.columns + (kernel == .gradient ? 1 : 0))
      * Double(size.elementBytes)
    let flops = kernel.flops(size)
    let bytes = kernel.bytes(size)
    var result: [Estimate] = []
    for device in described {
      if device.memoryBytes > 0 && dataBytes > Double(device.memoryBytes) { continue }
      let history = model.fit(kernel: kernel.rawValue, device: device.id.description) != nil
      if device.kind != .cpu && device.sharesCoresWith.contains(where: cpus.contains) {
        let work = max(flops + bytes, 1)
        guard
          let measured = model.workRange(kernel: kernel.rawValue, device: device.id.description),
          work >= measured.lowerBound / historyReach, work <= measured.upperBound * historyReach
        else { continue }
      }
      let transfer: Double
      if device.kind == .cpu || device.kind == .openCLCPU {
        transfer = 0
      } else {
        let link =
          calibration?.devices.first { $0.device == device.id.description }?
          .hostToDeviceGBPerSecond ?? defaultLinkGBPerSecond
        transfer = dataBytes / (max(link, 1e-9) * 1e9)
      }
      let step = model.predict(kernel: kernel, flops: flops, bytes: bytes, on: device)
      result.append(
        Estimate(
          device: device.id, transferSeconds: transfer, stepSeconds: step,
          totalSeconds: transfer + Double(max(steps, 1)) * step, fromHistory: history))
    }
    return result
  }

  /// The device with the smallest predicted completion time (`estimates`), the earlier one
  /// on a tie; when no device can take the workload, the `.cpu` device of the list, or the
  /// first. This is what `--device auto` runs on.
  /// - Precondition: `devices` is not empty.
  public static func choose(
    kernel: KernelName, size: ProblemSize, steps: Int = 1, devices: [RuntimeDevice],
    model: PerformanceModel, calibration: Calibration? = nil
  ) -> DeviceID {
    precondition(!devices.isEmpty, "choose needs at least one device")
    let all = estimates(
      kernel: kernel, size: size, steps: steps, devices: devices, model: model,
      calibration: calibration)
    var best: Estimate?
    for estimate in all where best == nil || estimate.totalSeconds < best!.totalSeconds {
      best = estimate
    }
    return best?.device ?? devices.first { $0.kind == .cpu }?.id ?? devices[0].id
  }

  /// Rows per device for one data-parallel step split across `devices` (same order, 0 for a
  /// device that gets none), in proportion to predicted throughput (`RowSplitter`); of
  /// devices that share cores only the fastest is used. Pass the result to `KMeans.fit` or
  /// `LinearRegression.fit` as `rowsPerDevice`.
  public static func rowsPerDevice(
    kernel: KernelName, size: ProblemSize, devices: [RuntimeDevice], model: PerformanceModel,
    calibration: Calibration? = nil
  ) -> [Int] {
    let described = calibration?.apply(to: devices) ?? devices
    let flops = kernel.flops(size)
    let bytes = kernel.bytes(size)
    let shards = RowSplitter.shards(rows: size.rows, devices: described) {
      model.predict(kernel: kernel, flops: flops, bytes: bytes, on: $0)
    }
    var counts = [Int](repeating: 0, count: devices.count)
    var claimed = Set<Int>()
    for shard in shards {
      if let index = described.indices.first(where: {
        described[$0].id == shard.device && !claimed.contains($0)
      }) {
        claimed.insert(index)
        counts[index] = shard.rows.count
      }
    }
    return counts
  }
}
