import Synchronization

/// A switch that makes devices fail on purpose, to test recovery. Off by default; while no
/// fault is armed the scheduler pays one relaxed atomic load per task for it.
public final class FaultInjector: Sendable {
  private let armed = Atomic<Bool>(false)
  private let remaining = Mutex<[DeviceID: Int]>([:])

  /// An injector with no fault armed.
  public init() {}

  /// Makes the next `count` tasks that start on `device` fail with
  /// `DeviceError.injectedFault`; `Int.max` makes it fail every time.
  public func fail(_ device: DeviceID, times count: Int = .max) {
    remaining.withLock { $0[device] = count }
    armed.store(true, ordering: .releasing)
  }

  /// Disarms every fault.
  public func clear() {
    remaining.withLock { $0.removeAll() }
    armed.store(false, ordering: .releasing)
  }

  /// Throws `DeviceError.injectedFault` when a fault is armed for `device`, counting it.
  func check(_ device: DeviceID) throws {
    guard armed.load(ordering: .relaxed) else { return }
    let fire = remaining.withLock { table -> Bool in
      guard let count = table[device], count > 0 else { return false }
      if count != .max { table[device] = count - 1 }
      return true
    }
    if fire { throw DeviceError.injectedFault(device: device.description) }
  }
}
