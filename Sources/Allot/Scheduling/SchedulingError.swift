/// Failures of the scheduler: a malformed task graph, a task that cannot be placed, a task
/// that failed on every device it was tried on, or a task cancelled because something it
/// depends on failed.
public enum SchedulingError: AllotError, Equatable {
  /// The task graph has a cycle through these task names (in graph order).
  case cycle(tasks: [String])
  /// A dependency names a task that is not in the graph.
  case unknownDependency(task: String, dependency: String)
  /// Two tasks in one graph have the same name.
  case duplicateTask(String)
  /// No device in service can run this kernel with this much data.
  case noDeviceFits(kernel: String, memoryBytes: Int)
  /// The task failed with a device error on every device it was tried on.
  case retriesExhausted(kernel: String, failures: [String])
  /// A task this one depends on failed or was cancelled; `reason` says why.
  case dependencyFailed(kernel: String, reason: String)
  /// The task was cancelled through its handle.
  case cancelled(kernel: String)
  /// The scheduler was shut down before the task ran.
  case shutDown
  /// A simulated machine description is invalid; `detail` names the field.
  case invalidMachine(file: String, detail: String)
  /// A simulated machine file is missing or cannot be read; `reason` is the system's.
  case unreadableMachine(file: String, reason: String)

  /// `.data` for an invalid graph or machine file, `.input` for an unreadable machine file,
  /// `.internal` for everything else.
  public var category: ErrorCategory {
    switch self {
    case .cycle, .unknownDependency, .duplicateTask, .invalidMachine: return .data
    case .unreadableMachine: return .input
    default: return .internal
    }
  }

  /// One line naming the failure and the tasks involved.
  public var description: String {
    switch self {
    case .cycle(let tasks):
      return "the task graph has a cycle: \(tasks.joined(separator: " -> "))"
    case .unknownDependency(let task, let dependency):
      return "task '\(task)' depends on '\(dependency)', which is not in the graph"
    case .duplicateTask(let name):
      return "the task graph has two tasks named '\(name)'"
    case .noDeviceFits(let kernel, let bytes):
      return "no device in service can run \(kernel) with \(bytes) bytes of data"
    case .retriesExhausted(let kernel, let failures):
      return "\(kernel) failed on every device tried: \(failures.joined(separator: "; "))"
    case .dependencyFailed(let kernel, let reason):
      return "\(kernel) was cancelled because a task it depends on failed: \(reason)"
    case .cancelled(let kernel):
      return "\(kernel) was cancelled"
    case .shutDown:
      return "the scheduler was shut down before the task ran"
    case .invalidMachine(let file, let detail):
      return "\(file): invalid machine description: \(detail)"
    case .unreadableMachine(let file, let reason):
      return "\(file): cannot read the machine description: \(reason)"
    }
  }
}
