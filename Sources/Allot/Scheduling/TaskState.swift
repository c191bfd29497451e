/// Where a task is in its life.
public enum TaskState: UInt8, Sendable, Equatable, CustomStringConvertible {
  /// Waiting for the tasks it depends on.
  case waiting = 0
  /// Placed on a device and queued there.
  case queued = 1
  /// Running on a device.
  case running = 2
  /// Finished without error.
  case completed = 3
  /// Finished with an error (see `TaskHandle.error`).
  case failed = 4
  /// Cancelled through its handle, or because a task it depends on failed.
  case cancelled = 5

  /// True for completed, failed and cancelled.
  public var isFinished: Bool { rawValue >= 3 }

  /// The state's name.
  public var description: String {
    switch self {
    case .waiting: return "waiting"
    case .queued: return "queued"
    case .running: return "running"
    case .completed: return "completed"
    case .failed: return "failed"
    case .cancelled: return "cancelled"
    }
  }
}
