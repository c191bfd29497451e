#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A pthread mutex, heap-allocated so its address is stable; used with `SchedulerCondition`
/// so that idle workers sleep in the kernel instead of spinning.
final class SchedulerLock: @unchecked Sendable {
  let mutex: UnsafeMutablePointer<pthread_mutex_t>

  init() {
    mutex = .allocate(capacity: 1)
    mutex.initialize(to: pthread_mutex_t())
    pthread_mutex_init(mutex, nil)
  }

  deinit {
    pthread_mutex_destroy(mutex)
    mutex.deallocate()
  }

  /// Takes the lock. The lock is held for short stretches (a queue push or pop), so a
  /// contended lock is retried a bounded number of times before sleeping in the kernel: a
  /// futex sleep and wake-up per task would cost more than the task's whole bookkeeping.
  @inline(__always) func lock() {
    if pthread_mutex_trylock(mutex) == 0 { return }
    for _ in 0..<Self.spinAttempts where pthread_mutex_trylock(mutex) == 0 { return }
    pthread_mutex_lock(mutex)
  }

  private static let spinAttempts = 4000
  @inline(__always) func unlock() { pthread_mutex_unlock(mutex) }
}

/// A pthread condition variable bound to a `SchedulerLock` at each wait.
final class SchedulerCondition: @unchecked Sendable {
  let condition: UnsafeMutablePointer<pthread_cond_t>

  init() {
    condition = .allocate(capacity: 1)
    condition.initialize(to: pthread_cond_t())
    pthread_cond_init(condition, nil)
  }

  deinit {
    pthread_cond_destroy(condition)
    condition.deallocate()
  }

  /// Atomically releases `lock`, sleeps until signalled, and takes `lock` again.
  @inline(__always) func wait(_ lock: SchedulerLock) { pthread_cond_wait(condition, lock.mutex) }
  @inline(__always) func signal() { pthread_cond_signal(condition) }
  @inline(__always) func broadcast() { pthread_cond_broadcast(condition) }
}

/// Seconds on the monotonic clock.
@inline(__always) func monotonicSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}
