/// What a task body is told about the run it is part of.
public struct TaskContext: Sendable {
  /// The device it runs on.
  public var device: RuntimeDevice
  /// 1 for the first attempt, 2 after one device failure, and so on.
  public var attempt: Int
}
