import Dispatch
import Synchronization

/// Runs one closure per shard at the same time (one thread each) and returns when all are
/// done. Used for jobs split across devices, whose sessions each drive their own device.
enum ShardParallel {
  /// `body(index)` for every index in `0..<count`, computed concurrently when `count > 1`,
  /// returned in index order. The first error (in index order) is rethrown after every call
  /// has finished.
  static func map<T: Sendable>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
    if count == 1 { return [try body(0)] }
    let slots = Mutex<[Result<T, any Error>?]>(Array(repeating: nil, count: count))
    withoutActuallyEscaping(body) { body in
      // Each shard's closure touches only its own session; the caller guarantees that.
      let call = UncheckedBox(body)
      DispatchQueue.concurrentPerform(iterations: count) { index in
        let result = Result { try call.value(index) }
        slots.withLock { $0[index] = result }
      }
    }
    return try slots.withLock { $0 }.map { try $0!.get() }
  }
}

/// A value handed to other threads whose safety the caller guarantees.
final class UncheckedBox<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
