import CHwloc
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A fixed set of worker threads, one per processing unit, each pinned to its unit with
/// hwloc. `run` hands out task indices to the workers and returns when all are done; idle
/// workers sleep on a condition variable (they never spin while nothing runs).
///
/// Which worker runs which task depends on timing, so callers give every task its own
/// output and combine the outputs in task order.
final class WorkerPool: @unchecked Sendable {
  /// The processing units (OS indices) the workers run on, one worker each.
  let processingUnits: [Int]
  /// How many of the workers could be pinned to their unit.
  private(set) var pinnedWorkers = 0

  private let mutex: UnsafeMutablePointer<pthread_mutex_t>
  private let wake: UnsafeMutablePointer<pthread_cond_t>
  private let finished: UnsafeMutablePointer<pthread_cond_t>
  /// Serialises `run` calls from different threads.
  private let submit = Mutex(())
  private let nextTask = Atomic<Int>(0)
  private var generation = 0
  private var taskCount = 0
  private var body: ((Int) -> Void)?
  private var busyWorkers = 0
  private var shuttingDown = false
  private var threads: [pthread_t] = []

  /// Starts one worker per entry of `processingUnits` (at least one worker).
  init(processingUnits: [Int]) {
    self.processingUnits = processingUnits.isEmpty ? [-1] : processingUnits
    mutex = .allocate(capacity: 1)
    wake = .allocate(capacity: 1)
    finished = .allocate(capacity: 1)
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(wake, nil)
    pthread_cond_init(finished, nil)
    let pinning = ThreadPinning()
    for unit in self.processingUnits {
      let context = WorkerContext(pool: self, unit: unit, pinning: pinning)
      var thread = pthread_t()
      let opaque = Unmanaged.passRetained(context).toOpaque()
      let status = pthread_create(
        &thread, nil,
        { raw in
          let context = Unmanaged<WorkerContext>.fromOpaque(raw!).takeRetainedValue()
          context.main()
          return nil
        }, opaque)
      precondition(status == 0, "Allot: cannot start a worker thread (error \(status))")
      threads.append(thread)
    }
  }

  deinit {
    pthread_mutex_lock(mutex)
    shuttingDown = true
    pthread_cond_broadcast(wake)
    pthread_mutex_unlock(mutex)
    for thread in threads { pthread_join(thread, nil) }
    pthread_cond_destroy(wake)
    pthread_cond_destroy(finished)
    pthread_mutex_destroy(mutex)
    wake.deallocate()
    finished.deallocate()
    mutex.deallocate()
  }

  /// Number of workers.
  var workerCount: Int { processingUnits.count }

  /// Runs `body(task)` for every task in `0..<count` on the workers and returns when all
  /// have finished. The calling thread sleeps meanwhile. With one task the caller runs it
  /// itself.
  func run(_ count: Int, _ body: (Int) -> Void) {
    if count <= 0 { return }
    if count == 1 {
      body(0)
      return
    }
    submit.withLock { _ in
      withoutActuallyEscaping(body) { escapable in
        pthread_mutex_lock(mutex)
        self.body = escapable
        taskCount = count
        nextTask.store(0, ordering: .relaxed)
        busyWorkers = threads.count
        generation &+= 1
        pthread_cond_broadcast(wake)
        while busyWorkers > 0 { pthread_cond_wait(finished, mutex) }
        self.body = nil
        pthread_mutex_unlock(mutex)
      }
    }
  }

  fileprivate func workerLoop(unit: Int, pinning: ThreadPinning) {
    if pinning.pinCurrentThread(to: unit) {
      pthread_mutex_lock(mutex)
      pinnedWorkers += 1
      pthread_mutex_unlock(mutex)
    }
    var seen = 0
    pthread_mutex_lock(mutex)
    while true {
      while generation == seen && !shuttingDown { pthread_cond_wait(wake, mutex) }
      if shuttingDown { break }
      seen = generation
      let job = body
      let count = taskCount
      pthread_mutex_unlock(mutex)
      if let job {
        while true {
          let task = nextTask.add(1, ordering: .relaxed).oldValue
          if task >= count { break }
          job(task)
        }
      }
      pthread_mutex_lock(mutex)
      busyWorkers -= 1
      if busyWorkers == 0 { pthread_cond_signal(finished) }
    }
    pthread_mutex_unlock(mutex)
  }
}

/// What a new worker thread needs: its pool and the unit to pin itself to.
private final class WorkerContext: @unchecked Sendable {
  let pool: WorkerPool
  let unit: Int
  let pinning: ThreadPinning

  init(pool: WorkerPool, unit: Int, pinning: ThreadPinning) {
    self.pool = pool
    self.unit = unit
    self.pinning = pinning
  }

  func main() { pool.workerLoop(unit: unit, pinning: pinning) }
}

/// Binds threads to processing units through hwloc. Failure to load the topology or to
/// bind is not an error: the thread then runs wherever the OS puts it.
final class ThreadPinning: @unchecked Sendable {
  private var topology: hwloc_topology_t?
  private let lock = Mutex(())

  init() {
    var topology: hwloc_topology_t?
    guard hwloc_topology_init(&topology) == 0 else { return }
    guard hwloc_topology_load(topology) == 0 else {
      hwloc_topology_destroy(topology)
      return
    }
    self.topology = topology
  }

  deinit { if let topology { hwloc_topology_destroy(topology) } }

  /// Binds the calling thread to the processing unit with OS index `unit`; false when
  /// that is not possible.
  func pinCurrentThread(to unit: Int) -> Bool {
    guard unit >= 0, let topology else { return false }
    return lock.withLock { _ in
      guard let set = hwloc_bitmap_alloc() else { return false }
      defer { hwloc_bitmap_free(set) }
      hwloc_bitmap_only(set, UInt32(unit))
      return hwloc_set_cpubind(topology, set, Int32(HWLOC_CPUBIND_THREAD.rawValue)) == 0
    }
  }
}
