import Synchronization

/// A submitted task: wait for it, cancel it, ask where it is. Created by `Scheduler.submit`.
/// Its state can be read from any thread at any time.
public final class TaskHandle: @unchecked Sendable {
  // Everything below except `stateBits` is guarded by the scheduler's lock.
  var task: ComputeTask
  unowned let scheduler: Scheduler
  var sequence = 0
  var memoryBytes = 0
  private let stateBits = Atomic<UInt8>(TaskState.waiting.rawValue)
  var pending = 0
  var firstDependent: TaskHandle?
  var moreDependents: [TaskHandle]?
  var blockReason: String?
  var failureList: [TaskFailure] = []
  var errorValue: (any Error)?
  var continuations: [CheckedContinuation<Void, any Error>] = []
  var deviceIndex = -1
  var predictedSeconds = 0.0
  var transferSeconds = 0.0
  var orderKey = 0.0
  var excluded: UInt64 = 0
  var attempts = 1
  var holdsLoad = false
  var runError: (any Error)?
  var runSeconds = 0.0

  init(task: ComputeTask, scheduler: Scheduler) {
    self.task = task
    self.scheduler = scheduler
  }

  /// The kernel the task runs.
  public var kernel: KernelName { task.kernel }

  /// Where the task is now.
  public var state: TaskState { TaskState(rawValue: stateBits.load(ordering: .acquiring))! }

  @inline(__always) func setState(_ state: TaskState) {
    stateBits.store(state.rawValue, ordering: .releasing)
  }

  /// The error the task finished with (its own, `SchedulingError.retriesExhausted`,
  /// `.dependencyFailed` or `.cancelled`), nil while running or after success.
  public var error: (any Error)? {
    scheduler.lock.lock()
    defer { scheduler.lock.unlock() }
    return errorValue
  }

  /// Every failed attempt on a device, in order (empty when no device failed it).
  public var failures: [TaskFailure] {
    scheduler.lock.lock()
    defer { scheduler.lock.unlock() }
    return failureList
  }

  /// The device the task last ran or is queued on, nil before placement.
  public var device: DeviceID? {
    scheduler.lock.lock()
    defer { scheduler.lock.unlock() }
    return deviceIndex >= 0 ? scheduler.devices[deviceIndex].id : nil
  }

  /// Blocks the calling thread until the task finishes.
  /// - Throws: the error it finished with.
  public func wait() throws {
    if !state.isFinished {
      scheduler.lock.lock()
      while !state.isFinished {
        scheduler.handleWaiters += 1
        scheduler.finished.wait(scheduler.lock)
        scheduler.handleWaiters -= 1
      }
      scheduler.lock.unlock()
    }
    if let error { throw error }
  }

  /// Suspends until the task finishes, without blocking a thread.
  /// - Throws: the error it finished with.
  public func value() async throws {
    try await withCheckedThrowingContinuation {
      (continuation: CheckedContinuation<Void, any Error>) in
      scheduler.lock.lock()
      if state.isFinished {
        let error = errorValue
        scheduler.lock.unlock()
        if let error { continuation.resume(throwing: error) } else { continuation.resume() }
      } else {
        continuations.append(continuation)
        scheduler.lock.unlock()
      }
    }
  }

  /// Cancels the task if it has not started: it finishes as cancelled and every task that
  /// depends on it is cancelled too. Returns false when it is already running or finished.
  @discardableResult
  public func cancel() -> Bool {
    scheduler.cancel(self)
  }

  func addDependent(_ node: TaskHandle) {
    if firstDependent == nil {
      firstDependent = node
    } else {
      if moreDependents == nil { moreDependents = [] }
      moreDependents!.append(node)
    }
  }

  func takeDependents() -> (TaskHandle?, [TaskHandle]?) {
    defer {
      firstDependent = nil
      moreDependents = nil
    }
    return (firstDependent, moreDependents)
  }
}
