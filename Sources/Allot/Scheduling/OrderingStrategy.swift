/// Decides which ready task a device runs next. Each queued task gets a key when it is
/// queued; the smallest key runs first, ties in submission order. Keys must not depend on
/// the current time: ageing is expressed through `enqueuedAt` (an earlier enqueue time
/// lowers the key), which orders tasks exactly as "priority grows with waiting time" would.
public protocol OrderingStrategy: Sendable {
  /// A short name for reports (`fifo`, `shortest`, ...).
  var name: String { get }
  /// True when every key is equal, so the queue can be a plain FIFO.
  var isFIFO: Bool { get }
  /// The key of `task`, queued at `enqueuedAt` seconds with the given predicted run and
  /// transfer times on the device it was placed on.
  func key(
    for task: TaskProfile, predictedSeconds: Double, transferSeconds: Double, enqueuedAt: Double
  ) -> Double
}

extension OrderingStrategy {
  /// False: the queue is ordered by key.
  public var isFIFO: Bool { false }
}

/// First in, first out.
public struct FIFOOrdering: OrderingStrategy {
  /// FIFO ordering.
  public init() {}
  /// `fifo`.
  public var name: String { "fifo" }
  /// True.
  public var isFIFO: Bool { true }
  /// 0 for every task.
  public func key(
    for task: TaskProfile, predictedSeconds: Double, transferSeconds: Double, enqueuedAt: Double
  ) -> Double { 0 }
}

/// Shortest predicted task first.
public struct ShortestTaskFirstOrdering: OrderingStrategy {
  /// Shortest-first ordering.
  public init() {}
  /// `shortest`.
  public var name: String { "shortest" }
  /// The predicted run time in seconds.
  public func key(
    for task: TaskProfile, predictedSeconds: Double, transferSeconds: Double, enqueuedAt: Double
  ) -> Double { predictedSeconds }
}

/// Minimum completion time first: the task that would finish soonest on its device
/// (transfer plus predicted run time) runs first.
public struct MinimumCompletionTimeOrdering: OrderingStrategy {
  /// Minimum-completion-time ordering.
  public init() {}
  /// `mct`.
  public var name: String { "mct" }
  /// Transfer plus predicted seconds.
  public func key(
    for task: TaskProfile, predictedSeconds: Double, transferSeconds: Double, enqueuedAt: Double
  ) -> Double { predictedSeconds + transferSeconds }
}

/// Dynamic priority from the task's priority, its kind, its predicted run time, its memory
/// needs and how long it has waited. The score of a waiting task at time `now` is
///
///     priority * priorityWeight + kindBonus[kernel] - predicted * runTimeWeight
///       - memoryGB * memoryWeight + (now - enqueuedAt) * ageingPerSecond
///
/// and the highest score runs first. Because every waiting task ages at the same rate, the
/// order is fixed at enqueue time; a task with a lower priority overtakes any task queued
/// more than (score gap / ageingPerSecond) seconds after it, so nothing starves.
public struct DynamicPriorityOrdering: OrderingStrategy {
  /// Score per unit of priority.
  public var priorityWeight: Double
  /// Score added per kernel name.
  public var kindBonus: [KernelName: Double]
  /// Score removed per predicted second of run time (short tasks first).
  public var runTimeWeight: Double
  /// Score removed per GB of memory the task needs.
  public var memoryWeight: Double
  /// Score gained per second of waiting; must be positive for the no-starvation promise.
  public var ageingPerSecond: Double

  /// Dynamic priority with the given weights.
  public init(
    priorityWeight: Double = 1, kindBonus: [KernelName: Double] = [:], runTimeWeight: Double = 1,
    memoryWeight: Double = 0.01, ageingPerSecond: Double = 10
  ) {
    self.priorityWeight = priorityWeight
    self.kindBonus = kindBonus
    self.runTimeWeight = runTimeWeight
    self.memoryWeight = memoryWeight
    self.ageingPerSecond = ageingPerSecond
  }

  /// `priority`.
  public var name: String { "priority" }

  /// Minus the score at enqueue time, plus `ageingPerSecond * enqueuedAt`.
  public func key(
    for task: TaskProfile, predictedSeconds: Double, transferSeconds: Double, enqueuedAt: Double
  ) -> Double {
    let score =
      Double(task.priority) * priorityWeight + (kindBonus[task.kernel] ?? 0) - predictedSeconds
      * runTimeWeight - Double(task.memoryBytes) / 1e9 * memoryWeight
    return -score + ageingPerSecond * enqueuedAt
  }
}
