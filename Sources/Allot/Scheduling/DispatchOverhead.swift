/// The scheduler's own cost per task: submit to completion of empty tasks.
public struct DispatchOverhead: Sendable, Equatable, Codable {
  /// Microseconds per task for independent empty tasks (total wall time from the first
  /// submit to the last completion, divided by the task count; median over the repeats).
  public var independentMicrosecondsPerTask: Double
  /// The same for a chain in which each task depends on the one before.
  public var chainMicrosecondsPerTask: Double
  /// Tasks per measurement.
  public var tasks: Int
  /// Measurements taken (the median is reported).
  public var repeats: Int

  enum CodingKeys: String, CodingKey {
    case independentMicrosecondsPerTask = "independent_us_per_task"
    case chainMicrosecondsPerTask = "chain_us_per_task"
    case tasks, repeats
  }

  /// Measures on a scheduler over `devices` (a single host CPU device when nil): `tasks`
  /// empty tasks submitted from the calling thread, `repeats` times each for independent
  /// tasks and for a chain, after one unmeasured warm-up round. Takes about
  /// 2 * (repeats + 1) * tasks * (overhead per task).
  public static func measure(
    tasks: Int = 100_000, repeats: Int = 5, devices: [RuntimeDevice]? = nil
  ) -> DispatchOverhead {
    let scheduler = Scheduler(devices: devices ?? [RuntimeDevice.hostPlaceholder])
    defer { scheduler.shutdown() }
    var independent: [Double] = []
    var chain: [Double] = []
    for round in 0...max(1, repeats) {
      var start = monotonicSeconds()
      for _ in 0..<tasks { scheduler.submit(.empty()) }
      scheduler.waitUntilIdle()
      if round > 0 { independent.append((monotonicSeconds() - start) / Double(tasks) * 1e6) }
      start = monotonicSeconds()
      var previous: TaskHandle? = nil
      for _ in 0..<tasks {
        previous = scheduler.submit(.empty(dependencies: previous.map { [$0] } ?? []))
      }
      scheduler.waitUntilIdle()
      if round > 0 { chain.append((monotonicSeconds() - start) / Double(tasks) * 1e6) }
    }
    return DispatchOverhead(
      independentMicrosecondsPerTask: RobustLineFit.median(independent),
      chainMicrosecondsPerTask: RobustLineFit.median(chain), tasks: tasks,
      repeats: independent.count)
  }
}

extension RuntimeDevice {
  /// A stand-in for the host CPU when no topology is at hand (1 GFLOP/s and 1 GB/s marked
  /// as estimates, 1 GiB of memory): enough to run empty tasks and CPU closures.
  public static let hostPlaceholder = RuntimeDevice(
    id: .cpu, kind: .cpu, name: "host CPU", peakGFLOPS: 1, bandwidthGBPerSecond: 1,
    capacityIsEstimate: true, memoryBytes: 1 << 30, maxAllocationBytes: 1 << 30,
    sharesCoresWith: [], processingUnits: [])
}
