import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Runs tasks on devices: one worker thread per device takes tasks from that device's ready
/// queue; a task becomes ready when everything it depends on (explicitly, or through the
/// data it reads and writes) has completed, and is then placed on a device by the placement
/// policy and queued in the order of the ordering strategy. Any thread or async task may
/// submit at any time; each task runs exactly once (or again on another device after a
/// device error, up to `maxRetries` times). Idle workers sleep on a condition variable.
///
/// Call `shutdown()` when done: the worker threads keep the scheduler alive until then.
public final class Scheduler: @unchecked Sendable {
  /// The devices tasks run on, in worker order.
  public let devices: [RuntimeDevice]
  /// Makes devices fail on purpose (off until armed).
  public let faults = FaultInjector()
  /// The learned run-time model, fed by every timed task.
  public let performanceModel: PerformanceModel
  /// Where runs and failures are recorded, or nil.
  public let trace: TraceRecorder?

  let configuration: SchedulerConfiguration
  let lock = SchedulerLock()
  let finished = SchedulerCondition()
  let idle = SchedulerCondition()
  var handleWaiters = 0
  private var idleWaiters = 0
  private let workers: [Worker]
  private let groupOf: [Int]
  private let kinds: [RuntimeDevice.Kind]
  private let memoryLimits: [Int]
  private let allocationLimits: [Int]
  private var groupInFlight: [Int]
  private var groupSeconds: [Double]
  private var reservedBytes: [Int]
  private var policy: any PlacementPolicy
  private let ordering: any OrderingStrategy
  private let fifo: Bool
  private let batchLimit: Int
  private var outstanding = 0
  private var nextSequence = 0
  private var lastWriter: [Int: TaskHandle] = [:]
  private var readers: [Int: [TaskHandle]] = [:]
  private var residence: [Int: UInt64] = [:]
  private var stopping = false
  private var stopped = false
  private var candidates: [PlacementCandidate] = []
  private var resumeList: [(CheckedContinuation<Void, any Error>, (any Error)?)] = []
  private var threads: [pthread_t] = []
  private let origin = monotonicSeconds()
  private let spinLimit = 20_000

  private final class Worker {
    var queue: ReadyQueue
    let wake = SchedulerCondition()
    var sleeping = false
    var inService = true
    var consecutiveFailures = 0
    var failures = 0
    var completed = 0
    var busySeconds = 0.0
    let pushes = Atomic<Int>(0)
    init(fifo: Bool) { queue = ReadyQueue(fifo: fifo) }
  }

  /// Starts one worker thread per device.
  /// - Precondition: at least one and at most 63 devices.
  public init(devices: [RuntimeDevice], configuration: SchedulerConfiguration = .init()) {
    precondition(!devices.isEmpty && devices.count <= 63, "a scheduler needs 1 to 63 devices")
    self.devices = devices
    self.configuration = configuration
    self.performanceModel = configuration.performanceModel
    self.trace = configuration.trace
    self.policy = configuration.placement
    self.ordering = configuration.ordering
    self.fifo = configuration.ordering.isFIFO
    self.batchLimit = configuration.ordering.isFIFO ? max(1, configuration.batchSize) : 1
    self.workers = devices.map { _ in Worker(fifo: configuration.ordering.isFIFO) }
    self.groupOf = coreGroups(devices)
    self.kinds = devices.map(\.kind)
    self.memoryLimits = devices.map(\.memoryBytes)
    self.allocationLimits = devices.map(\.maxAllocationBytes)
    let groups = (groupOf.max() ?? 0) + 1
    self.groupInFlight = Array(repeating: 0, count: groups)
    self.groupSeconds = Array(repeating: 0, count: groups)
    self.reservedBytes = Array(repeating: 0, count: devices.count)
    for index in devices.indices {
      threads.append(startThread { [self] in self.runWorker(index) })
    }
  }

  // MARK: Submission

  /// Submits a task and returns its handle. Never blocks for long (a short lock).
  @discardableResult
  public func submit(_ task: ComputeTask) -> TaskHandle {
    let node = TaskHandle(task: task, scheduler: self)
    let hasData = !task.reads.isEmpty || !task.writes.isEmpty
    if hasData { node.memoryBytes = task.memoryBytes }
    lock.lock()
    node.sequence = nextSequence
    nextSequence += 1
    outstanding += 1
    if stopped {
      finish(node, .cancelled, SchedulingError.shutDown)
    } else {
      if !task.dependencies.isEmpty {
        for dependency in task.dependencies { link(node, after: dependency) }
        // Dependencies are tracked through the graph from here on; dropping the handles
        // keeps a long chain from being freed recursively.
        node.task.dependencies = []
      }
      if hasData { linkData(node) }
      if let reason = node.blockReason {
        finish(
          node, .cancelled,
          SchedulingError.dependencyFailed(kernel: task.kernel.rawValue, reason: reason))
      } else if node.pending == 0 {
        makeReady(node)
      }
    }
    unlockAndResume()
    return node
  }

  /// Submits several tasks in order under one lock; returns their handles in order.
  public func submit(_ tasks: [ComputeTask]) -> [TaskHandle] {
    tasks.map { submit($0) }
  }

  /// Blocks until every submitted task has finished.
  public func waitUntilIdle() {
    lock.lock()
    while outstanding > 0 {
      idleWaiters += 1
      idle.wait(lock)
      idleWaiters -= 1
    }
    lock.unlock()
  }

  /// Waits for every task to finish, then stops and joins the worker threads. Tasks
  /// submitted afterwards finish at once as cancelled with `SchedulingError.shutDown`.
  public func shutdown() {
    waitUntilIdle()
    lock.lock()
    if stopping {
      lock.unlock()
      return
    }
    stopping = true
    for worker in workers { worker.wake.signal() }
    lock.unlock()
    for thread in threads { pthread_join(thread, nil) }
    lock.lock()
    stopped = true
    lock.unlock()
  }

  /// Tasks submitted and not yet finished.
  public var outstandingTasks: Int {
    lock.lock()
    defer { lock.unlock() }
    return outstanding
  }

  /// The load and record of each device, in device order. Devices that share cores report
  /// the same (group) load.
  public func loads() -> [DeviceLoad] {
    lock.lock()
    defer { lock.unlock() }
    return devices.indices.map { i in
      let worker = workers[i]
      return DeviceLoad(
        device: devices[i].id.description, tasksInFlight: groupInFlight[groupOf[i]],
        queuedSeconds: groupSeconds[groupOf[i]], inService: worker.inService,
        completed: worker.completed, failures: worker.failures, busySeconds: worker.busySeconds)
    }
  }

  // MARK: Graph (lock held)

  private func link(_ node: TaskHandle, after dependency: TaskHandle) {
    precondition(dependency.scheduler === self, "a dependency belongs to another scheduler")
    guard dependency !== node else { return }
    switch dependency.state {
    case .completed: return
    case .failed, .cancelled:
      if node.blockReason == nil {
        node.blockReason = dependency.errorValue.map { "\($0)" } ?? "\(dependency.state)"
      }
    default:
      dependency.addDependent(node)
      node.pending += 1
    }
  }

  private func linkData(_ node: TaskHandle) {
    let task = node.task
    for buffer in task.reads {
      if let writer = lastWriter[buffer.id] { link(node, after: writer) }
    }
    for buffer in task.writes {
      if let writer = lastWriter[buffer.id] { link(node, after: writer) }
      if let list = readers[buffer.id] {
        for reader in list where !reader.state.isFinished { link(node, after: reader) }
      }
    }
    for buffer in task.reads where !task.writes.contains(where: { $0.id == buffer.id }) {
      var list = readers[buffer.id] ?? []
      if list.count >= 32 { list.removeAll { $0.state.isFinished } }
      list.append(node)
      readers[buffer.id] = list
    }
    for buffer in task.writes {
      lastWriter[buffer.id] = node
      readers[buffer.id] = nil
    }
  }

  // MARK: Placement (lock held)

  private func locationBit(_ index: Int) -> UInt64 {
    let kind = devices[index].kind
    return kind == .cpu || kind == .openCLCPU ? 1 : UInt64(1) << UInt64(index + 1)
  }

  private func transferSeconds(_ node: TaskHandle, to index: Int) -> Double {
    let task = node.task
    if task.reads.isEmpty { return 0 }
    let bit = locationBit(index)
    var missing = 0
    for buffer in task.reads where (residence[buffer.id] ?? 1) & bit == 0 {
      missing += buffer.bytes
    }
    if missing == 0 { return 0 }
    let link =
      configuration.linkGBPerSecond[devices[index].id] ?? configuration.defaultLinkGBPerSecond
    return Double(missing) / (link * 1e9)
  }

  private func eligible(_ node: TaskHandle, _ index: Int) -> Bool {
    guard workers[index].inService, node.excluded & (UInt64(1) << UInt64(index)) == 0,
      node.task.canRun(on: kinds[index]), node.memoryBytes <= memoryLimits[index]
    else { return false }
    if node.memoryBytes > 0 {
      let limit = allocationLimits[index]
      for buffer in node.task.reads where buffer.bytes > limit { return false }
      for buffer in node.task.writes where buffer.bytes > limit { return false }
    }
    return true
  }

  private func profile(_ node: TaskHandle) -> TaskProfile {
    let task = node.task
    return TaskProfile(
      kernel: task.kernel, size: task.size, flops: task.flops, bytes: task.bytes,
      memoryBytes: node.memoryBytes, priority: task.priority, sequence: node.sequence)
  }

  private func predict(_ node: TaskHandle, _ index: Int) -> Double {
    if node.task.isEmptyKernel { return 0 }
    return performanceModel.predict(
      kernel: node.task.kernel, flops: node.task.flops, bytes: node.task.bytes,
      on: devices[index])
  }

  /// The device for `node`, or nil when none can take it; sets its predicted and transfer
  /// seconds.
  private func place(_ node: TaskHandle) -> Int? {
    if devices.count == 1 {
      guard eligible(node, 0) else { return nil }
      node.predictedSeconds = predict(node, 0)
      node.transferSeconds = 0
      return 0
    }
    candidates.removeAll(keepingCapacity: true)
    var fitsTotal: [Int] = []
    for index in devices.indices where eligible(node, index) {
      if node.memoryBytes > devices[index].memoryBytes - reservedBytes[index] {
        fitsTotal.append(index)
        continue
      }
      appendCandidate(node, index)
    }
    if candidates.isEmpty {
      for index in fitsTotal { appendCandidate(node, index) }
    }
    if candidates.isEmpty { return nil }
    let position = candidates.count == 1 ? 0 : policy.choose(for: profile(node), among: candidates)
    let chosen = candidates[min(max(position, 0), candidates.count - 1)]
    node.predictedSeconds = chosen.predictedSeconds
    node.transferSeconds = chosen.transferSeconds
    return chosen.index
  }

  private func appendCandidate(_ node: TaskHandle, _ index: Int) {
    let device = devices[index]
    let group = groupOf[index]
    candidates.append(
      PlacementCandidate(
        index: index, id: device.id, kind: device.kind, peakGFLOPS: device.peakGFLOPS,
        bandwidthGBPerSecond: device.bandwidthGBPerSecond, tasksInFlight: groupInFlight[group],
        availableSeconds: groupSeconds[group], transferSeconds: transferSeconds(node, to: index),
        predictedSeconds: predict(node, index)))
  }

  private func makeReady(_ node: TaskHandle) {
    guard let index = place(node) else {
      let error: any Error =
        node.failureList.isEmpty
        ? SchedulingError.noDeviceFits(
          kernel: node.task.kernel.rawValue, memoryBytes: node.memoryBytes)
        : SchedulingError.retriesExhausted(
          kernel: node.task.kernel.rawValue,
          failures: node.failureList.map { "\($0.device): \($0.message)" })
      finish(node, .failed, error)
      return
    }
    node.deviceIndex = index
    let group = groupOf[index]
    groupInFlight[group] += 1
    groupSeconds[group] += node.predictedSeconds
    reservedBytes[index] += node.memoryBytes
    node.holdsLoad = true
    if !fifo {
      node.orderKey = ordering.key(
        for: profile(node), predictedSeconds: node.predictedSeconds,
        transferSeconds: node.transferSeconds, enqueuedAt: monotonicSeconds() - origin)
    }
    node.setState(.queued)
    let worker = workers[index]
    worker.queue.push(node)
    worker.pushes.store(1, ordering: .relaxed)
    if worker.sleeping { worker.wake.signal() }
  }

  private func releaseLoad(_ node: TaskHandle) {
    guard node.holdsLoad else { return }
    node.holdsLoad = false
    let index = node.deviceIndex
    let group = groupOf[index]
    groupInFlight[group] -= 1
    reservedBytes[index] -= node.memoryBytes
    if groupInFlight[group] == 0 {
      groupSeconds[group] = 0
    } else {
      groupSeconds[group] = max(0, groupSeconds[group] - node.predictedSeconds)
    }
    if configuration.debugChecks {
      precondition(groupInFlight[group] >= 0, "load accounting went negative")
      precondition(reservedBytes[index] >= 0, "memory accounting went negative")
    }
  }

  // MARK: Completion (lock held)

  /// Finishes `first` with `state` and settles its dependents: ready ones are placed,
  /// and on failure every task that depends on it, transitively, is cancelled.
  private func finish(_ first: TaskHandle, _ firstState: TaskState, _ firstError: (any Error)?) {
    var work: [(TaskHandle, TaskState, (any Error)?)] = []
    var current = (first, firstState, firstError)
    while true {
      let (node, state, error) = current
      if !node.state.isFinished {
        releaseLoad(node)
        node.errorValue = error
        node.setState(state)
        outstanding -= 1
        if !node.continuations.isEmpty {
          for continuation in node.continuations { resumeList.append((continuation, error)) }
          node.continuations = []
        }
        for buffer in node.task.writes where lastWriter[buffer.id] === node {
          if state != .completed { continue }
          lastWriter[buffer.id] = nil
        }
        let (firstDependent, more) = node.takeDependents()
        if let firstDependent {
          settle(firstDependent, after: node, state, error, &work)
          if let more {
            for dependent in more { settle(dependent, after: node, state, error, &work) }
          }
        }
        if handleWaiters > 0 { finished.broadcast() }
        if outstanding == 0 && idleWaiters > 0 { idle.broadcast() }
      }
      guard let next = work.popLast() else { break }
      current = next
    }
  }

  @inline(__always)
  private func settle(
    _ dependent: TaskHandle, after node: TaskHandle, _ state: TaskState, _ error: (any Error)?,
    _ work: inout [(TaskHandle, TaskState, (any Error)?)]
  ) {
    guard dependent.state == .waiting else { return }
    if state == .completed {
      dependent.pending -= 1
      if dependent.pending == 0 { makeReady(dependent) }
    } else {
      let reason = error.map { "\($0)" } ?? "\(node.task.kernel) \(state)"
      work.append(
        (
          dependent, .cancelled,
          SchedulingError.dependencyFailed(kernel: dependent.task.kernel.rawValue, reason: reason)
        ))
    }
  }

  func cancel(_ node: TaskHandle) -> Bool {
    lock.lock()
    let state = node.state
    guard state == .waiting || state == .queued else {
      lock.unlock()
      return false
    }
    finish(node, .cancelled, SchedulingError.cancelled(kernel: node.task.kernel.rawValue))
    unlockAndResume()
    return true
  }

  private func unlockAndResume() {
    if resumeList.isEmpty {
      lock.unlock()
      return
    }
    let list = resumeList
    resumeList = []
    lock.unlock()
    for (continuation, error) in list {
      if let error { continuation.resume(throwing: error) } else { continuation.resume() }
    }
  }

  // MARK: Workers

  private func runWorker(_ index: Int) {
    let worker = workers[index]
    let device = devices[index]
    var batch: [TaskHandle] = []
    batch.reserveCapacity(batchLimit)
    lock.lock()
    while true {
      if !batch.isEmpty {
        for node in batch { finishRun(node, on: index) }
        batch.removeAll(keepingCapacity: true)
      }
      if worker.queue.isEmpty && !stopping {
        // A short bounded spin before sleeping: a producer that is still submitting then
        // does not pay a wake-up system call per task. Idle workers end up asleep.
        lock.unlock()
        var spins = 0
        while worker.pushes.load(ordering: .relaxed) == 0 && spins < spinLimit { spins += 1 }
        lock.lock()
      }
      while worker.queue.isEmpty && !stopping {
        worker.sleeping = true
        if !resumeList.isEmpty {
          unlockAndResume()
          lock.lock()
          continue
        }
        worker.wake.wait(lock)
        worker.sleeping = false
      }
      worker.sleeping = false
      if worker.queue.isEmpty { break }
      worker.pushes.store(0, ordering: .relaxed)
      // Empty tasks are taken in batches to amortise the lock; a task with work ends the
      // batch, so the tasks behind it stay queued (cancellable, and free for the policy's
      // other choices) until it has run.
      while batch.count < batchLimit, let node = worker.queue.pop() {
        guard node.state == .queued else { continue }
        node.setState(.running)
        batch.append(node)
        if !node.task.isEmptyKernel { break }
      }
      unlockAndResume()
      for node in batch { execute(node, on: device) }
      lock.lock()
    }
    unlockAndResume()
  }

  private func execute(_ node: TaskHandle, on device: RuntimeDevice) {
    let timed = !node.task.isEmptyKernel || trace != nil
    let start = timed ? monotonicSeconds() : 0
    do {
      try faults.check(device.id)
      if let body = device.kind == .cpu ? node.task.cpu : node.task.openCL {
        try body(TaskContext(device: device, attempt: node.attempts))
      }
    } catch {
      node.runError = error
    }
    if timed {
      let end = monotonicSeconds()
      node.runSeconds = end - start
      if node.runError == nil {
        trace?.recordRun(
          kernel: node.task.kernel, device: device.id, size: node.task.size, start: start,
          end: end, predicted: node.predictedSeconds)
      }
    }
  }

  private func finishRun(_ node: TaskHandle, on index: Int) {
    let worker = workers[index]
    worker.busySeconds += node.runSeconds
    guard let error = node.runError else {
      worker.completed += 1
      worker.consecutiveFailures = 0
      if !node.task.isEmptyKernel {
        let task = node.task
        let device = devices[index]
        performanceModel.record(
          PerformanceSample(
            kernel: task.kernel.rawValue, device: device.id.description, flops: task.flops,
            bytes: task.bytes, seconds: node.runSeconds))
        policy.observe(task: profile(node), device: index, seconds: node.runSeconds)
      }
      if node.memoryBytes > 0 {
        let bit = locationBit(index)
        let task = node.task
        for buffer in task.reads { residence[buffer.id] = (residence[buffer.id] ?? 1) | bit }
        for buffer in task.writes { residence[buffer.id] = bit }
      }
      finish(node, .completed, nil)
      return
    }
    node.runError = nil
    let task = node.task
    guard error is DeviceError else {
      finish(node, .failed, error)
      return
    }
    let device = devices[index]
    node.failureList.append(
      TaskFailure(
        device: device.id.description, attempt: node.attempts, message: ErrorText.describe(error)))
    trace?.recordFailure(
      kernel: task.kernel, device: device.id, message: ErrorText.describe(error),
      time: monotonicSeconds())
    worker.failures += 1
    worker.consecutiveFailures += 1
    releaseLoad(node)
    if worker.consecutiveFailures >= configuration.failuresBeforeOutOfService
      && workers.filter(\.inService).count > 1
    {
      takeOutOfService(index)
    }
    if node.attempts <= configuration.maxRetries {
      node.attempts += 1
      node.excluded |= UInt64(1) << UInt64(index)
      node.setState(.waiting)
      makeReady(node)
    } else {
      finish(
        node, .failed,
        SchedulingError.retriesExhausted(
          kernel: task.kernel.rawValue,
          failures: node.failureList.map { "\($0.device): \($0.message)" }))
    }
  }

  private func takeOutOfService(_ index: Int) {
    let worker = workers[index]
    worker.inService = false
    for node in worker.queue.drain() where node.state == .queued {
      releaseLoad(node)
      node.setState(.waiting)
      makeReady(node)
    }
  }
}

/// Starts a joinable thread running `body`.
private func startThread(_ body: @escaping @Sendable () -> Void) -> pthread_t {
  final class Start {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
  let context = Unmanaged.passRetained(Start(body)).toOpaque()
  var thread = pthread_t()
  let status = pthread_create(
    &thread, nil,
    { argument in
      let start = Unmanaged<Start>.fromOpaque(argument!).takeRetainedValue()
      start.body()
      return nil
    }, context)
  precondition(status == 0, "pthread_create failed with \(status)")
  return thread
}
