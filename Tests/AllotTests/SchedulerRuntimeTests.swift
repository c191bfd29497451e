import Allot
import Foundation
import Synchronization
import Testing

@Suite struct SchedulerRuntimeTests {
  @Test func everyTaskFromEightProducersCompletesExactlyOnce() {
    let producers = 8
    let perProducer = 12_500
    let total = producers * perProducer
    let counts = SlotCounter(slots: total)
    let scheduler = Scheduler(
      devices: [TestDevices.cpu(), TestDevices.gpu(0)],
      configuration: SchedulerConfiguration(placement: LeastLoadedPlacement(), debugChecks: true))
    let handles = HandleList()
    DispatchQueue.concurrentPerform(iterations: producers) { producer in
      var mine: [TaskHandle] = []
      for item in 0..<perProducer {
        let slot = producer * perProducer + item
        let body: TaskBody = { _ in counts.increment(slot) }
        mine.append(scheduler.submit(ComputeTask(kernel: "count", cpu: body, openCL: body)))
      }
      handles.append(mine)
    }
    scheduler.waitUntilIdle()
    let loads = scheduler.loads()
    scheduler.shutdown()
    #expect(counts.all.allSatisfy { $0 == 1 })
    #expect(handles.all.count == total)
    #expect(handles.all.allSatisfy { $0.state == .completed })
    #expect(loads.map(\.tasksInFlight) == [0, 0])
    #expect(loads.map(\.queuedSeconds) == [0, 0])
    #expect(loads.map(\.completed).reduce(0, +) == total)
  }

  @Test func cyclesAreRejectedWithTheTasksOfTheCycle() throws {
    var graph = TaskGraph()
    try graph.add("a", .empty(), after: ["c"])
    try graph.add("b", .empty(), after: ["a"])
    try graph.add("c", .empty(), after: ["b"])
    try graph.add("d", .empty())
    #expect(throws: SchedulingError.cycle(tasks: ["a", "c", "b", "a"])) {
      try graph.topologicalOrder()
    }
    #expect(SchedulingError.cycle(tasks: []).category == .data)
  }

  @Test func unknownAndDuplicateTaskNamesAreRejected() throws {
    var graph = TaskGraph()
    try graph.add("a", .empty(), after: ["missing"])
    #expect(throws: SchedulingError.unknownDependency(task: "a", dependency: "missing")) {
      try graph.topologicalOrder()
    }
    #expect(throws: SchedulingError.duplicateTask("a")) { try graph.add("a", .empty()) }
  }

  @Test func graphRunsInDependencyOrder() throws {
    let log = EventLog()
    var graph = TaskGraph()
    func step(_ name: String) -> ComputeTask {
      ComputeTask(kernel: "step", cpu: { _ in log.append(name) })
    }
    try graph.add("last", step("last"), after: ["middle"])
    try graph.add("middle", step("middle"), after: ["first"])
    try graph.add("first", step("first"))
    let scheduler = Scheduler(devices: [TestDevices.cpu()])
    let handles = try graph.submit(to: scheduler)
    try handles["last"]!.wait()
    scheduler.shutdown()
    #expect(log.all == ["first", "middle", "last"])
  }

  @Test func dataAccessOrdersReadsAfterWritesAndWritesAfterReads() throws {
    let log = EventLog()
    let buffer = DataBuffer(id: 7, bytes: 1024)
    let scheduler = Scheduler(
      devices: [TestDevices.cpu(), TestDevices.gpu(0)],
      configuration: SchedulerConfiguration(placement: RoundRobinPlacement()))
    func task(_ name: String, reads: [DataBuffer] = [], writes: [DataBuffer] = [], pause: Double)
      -> ComputeTask
    {
      let body: TaskBody = { _ in
        Thread.sleep(forTimeInterval: pause)
        log.append(name)
      }
      return ComputeTask(kernel: "io", reads: reads, writes: writes, cpu: body, openCL: body)
    }
    scheduler.submit(task("write1", writes: [buffer], pause: 0.05))
    scheduler.submit(task("read", reads: [buffer], pause: 0.03))
    scheduler.submit(task("write2", writes: [buffer], pause: 0))
    scheduler.submit(task("read2", reads: [buffer], pause: 0))
    scheduler.waitUntilIdle()
    scheduler.shutdown()
    #expect(log.all == ["write1", "read", "write2", "read2"])
  }

  @Test func aFailedTaskCancelsItsDependentsAndEverythingElseFinishes() {
    let scheduler = Scheduler(devices: [TestDevices.cpu()])
    let failing = scheduler.submit(
      ComputeTask(kernel: "fails", cpu: { _ in throw PlainTestError() }))
    let child = scheduler.submit(ComputeTask(kernel: "child", dependencies: [failing]))
    let grandchild = scheduler.submit(ComputeTask(kernel: "grandchild", dependencies: [child]))
    let independent = scheduler.submit(ComputeTask(kernel: "other", cpu: { _ in }))
    scheduler.waitUntilIdle()
    scheduler.shutdown()
    #expect(failing.state == .failed)
    #expect(failing.error is PlainTestError)
    #expect(child.state == .cancelled)
    #expect(grandchild.state == .cancelled)
    if case .dependencyFailed(let kernel, _)? = grandchild.error as? SchedulingError {
      #expect(kernel == "grandchild")
    } else {
      Issue.record("grandchild should be cancelled by its failed dependency")
    }
    #expect(independent.state == .completed)
    #expect(throws: PlainTestError.self) { try failing.wait() }
  }

  @Test func inputErrorsAreNotRetried() {
    let attempts = SlotCounter(slots: 1)
    let scheduler = Scheduler(devices: [TestDevices.cpu(), TestDevices.gpu(0)])
    let body: TaskBody = { _ in
      attempts.increment(0)
      throw BadInputTestError()
    }
    let handle = scheduler.submit(ComputeTask(kernel: "parse", cpu: body, openCL: body))
    scheduler.waitUntilIdle()
    scheduler.shutdown()
    #expect(handle.state == .failed)
    #expect(handle.failures.isEmpty)
    #expect(attempts.all == [1])
    #expect((handle.error as? BadInputTestError)?.category == .data)
  }

  @Test func aDeviceFaultIsRetriedOnAnotherDeviceAndReported() throws {
    let ranOn = EventLog()
    let trace = TraceRecorder()
    let scheduler = Scheduler(
      devices: [TestDevices.cpu(), TestDevices.gpu(0)],
      configuration: SchedulerConfiguration(placement: RoundRobinPlacement(), trace: trace))
    scheduler.faults.fail(.cpu, times: 1)
    let body: TaskBody = { context in ranOn.append(context.device.id.description) }
    let handle = scheduler.submit(ComputeTask(kernel: "work", cpu: body, openCL: body))
    try handle.wait()
    scheduler.shutdown()
    #expect(handle.state == .completed)
    #expect(
      handle.failures == [
        TaskFailure(device: "cpu", attempt: 1, message: "device cpu: injected fault")
      ])
    #expect(handle.device == .opencl(0))
    #expect(ranOn.all == ["opencl:0"])
    #expect(trace.recorded.filter(\.isFailure).map(\.device) == ["cpu"])
  }

  @Test func aDeviceThatKeepsFailingIsTakenOutOfService() {
    let scheduler = Scheduler(
      devices: [TestDevices.cpu(), TestDevices.gpu(0)],
      configuration: SchedulerConfiguration(
        placement: RoundRobinPlacement(), failuresBeforeOutOfService: 2, debugChecks: true))
    scheduler.faults.fail(.cpu)
    let body: TaskBody = { _ in }
    var handles: [TaskHandle] = []
    for _ in 0..<6 {
      handles.append(scheduler.submit(ComputeTask(kernel: "work", cpu: body, openCL: body)))
      scheduler.waitUntilIdle()
    }
    let loads = scheduler.loads()
    scheduler.shutdown()
    #expect(handles.allSatisfy { $0.state == .completed })
    #expect(loads[0].inService == false)
    #expect(loads[0].failures == 2)
    #expect(loads[1].completed == 6)
  }

  @Test func retriesEndWhenNoOtherDeviceIsLeft() {
    let scheduler = Scheduler(devices: [TestDevices.cpu()])
    scheduler.faults.fail(.cpu)
    let handle = scheduler.submit(ComputeTask(kernel: "work", cpu: { _ in }))
    scheduler.waitUntilIdle()
    scheduler.shutdown()
    #expect(handle.state == .failed)
    #expect(
      handle.error as? SchedulingError
        == .retriesExhausted(kernel: "work", failures: ["cpu: device cpu: injected fault"]))
  }

  @Test func loadReturnsToZeroWhenIdle() {
    let scheduler = Scheduler(
      devices: [TestDevices.cpu(), TestDevices.gpu(0)],
      configuration: SchedulerConfiguration(debugChecks: true))
    let body: TaskBody = { _ in }
    for rows in stride(from: 1000, through: 20_000, by: 1000) {
      scheduler.submit(
        ComputeTask(
          kernel: .gradient, size: ProblemSize(rows: rows, columns: 8),
          reads: [DataBuffer(id: rows, bytes: rows * 32)], cpu: body, openCL: body))
    }
    scheduler.waitUntilIdle()
    let loads = scheduler.loads()
    scheduler.shutdown()
    #expect(loads.map(\.tasksInFlight) == [0, 0])
    #expect(loads.map(\.queuedSeconds) == [0, 0])
  }

  @Test func aTaskTooLargeForEveryDeviceFailsWithoutRunning() {
    let scheduler = Scheduler(devices: [TestDevices.cpu(memory: 1000)])
    let handle = scheduler.submit(
      ComputeTask(kernel: "big", reads: [DataBuffer(id: 1, bytes: 4000)], cpu: { _ in }))
    scheduler.waitUntilIdle()
    scheduler.shutdown()
    #expect(handle.error as? SchedulingError == .noDeviceFits(kernel: "big", memoryBytes: 4000))
  }

  @Test func aDeviceWithoutRoomForTheDataIsNotChosen() throws {
    let scheduler = Scheduler(
      devices: [TestDevices.gpu(0, memory: 1000), TestDevices.gpu(1, memory: 100_000)],
      configuration: SchedulerConfiguration(placement: RoundRobinPlacement()))
    var handles: [TaskHandle] = []
    for id in 0..<4 {
      handles.append(
        scheduler.submit(
          ComputeTask(kernel: "big", reads: [DataBuffer(id: id, bytes: 4000)], openCL: { _ in })))
    }
    scheduler.waitUntilIdle()
    scheduler.shutdown()
    #expect(handles.map(\.device) == Array(repeating: .opencl(1), count: 4))
  }

  @Test func cancellingAQueuedTaskCancelsItsDependents() throws {
    let gate = DispatchSemaphore(value: 0)
    let scheduler = Scheduler(devices: [TestDevices.cpu()])
    let blocker = scheduler.submit(ComputeTask(kernel: "block", cpu: { _ in gate.wait() }))
    let queued = scheduler.submit(ComputeTask(kernel: "queued", cpu: { _ in }))
    let dependent = scheduler.submit(ComputeTask(kernel: "dep", dependencies: [queued]))
    #expect(queued.cancel())
    gate.signal()
    scheduler.waitUntilIdle()
    scheduler.shutdown()
    #expect(blocker.state == .completed)
    #expect(queued.state == .cancelled)
    #expect(queued.error as? SchedulingError == .cancelled(kernel: "queued"))
    #expect(dependent.state == .cancelled)
    #expect(blocker.cancel() == false)
  }

  @Test func handlesCanBeAwaited() async throws {
    let scheduler = Scheduler(devices: [TestDevices.cpu()])
    let first = scheduler.submit(ComputeTask(kernel: "a", cpu: { _ in }))
    let second = scheduler.submit(ComputeTask(kernel: "b", dependencies: [first]))
    try await second.value()
    #expect(first.state == .completed)
    scheduler.shutdown()
  }
}
