import Allot
import Foundation
import Testing

/// Policies and orderings on simulated devices; every expected value is worked out by hand
/// in the comment next to it.
@Suite struct SchedulerPolicyTests {
  /// Device A at 1 GFLOP/s, device B at 4 GFLOP/s, both on host memory.
  let twoSpeeds = SimulatedMachine(
    name: "two speeds",
    devices: [
      SimulatedDevice(id: "opencl:0", kind: "gpu", gflops: 1, gbPerSecond: 1, memoryBytes: 1 << 30),
      SimulatedDevice(id: "opencl:1", kind: "gpu", gflops: 4, gbPerSecond: 1, memoryBytes: 1 << 30),
    ])
  let tenTasks = (0..<10).map { _ in SimulatedTask(flops: 1e9) }

  @Test func minimumCompletionTimeIsExact() throws {
    // A takes 1 s per task, B 0.25 s. Placing at t=0 in order: tasks 0-2 on B (B at 0.75);
    // task 3 ties at 1.0 and goes to A (lower index); tasks 4-7 on B (B at 2.0); task 8 ties
    // at 2.0 -> A; task 9 on B (2.25 < 3). A ends at 2, B at 8 * 0.25 = 2.
    let result = try Simulator(machine: twoSpeeds).run(
      tenTasks, policy: MinimumCompletionTimePlacement())
    let a = "opencl:0"
    let b = "opencl:1"
    #expect(result.devices == [b, b, b, a, b, b, b, b, a, b])
    #expect(result.makespanSeconds == 2)
    #expect(result.lowerBoundSeconds == 2)  // 10 GFLOP over 5 GFLOP/s
    #expect(result.utilisation == [a: 1, b: 1])
  }

  @Test func roundRobinAndLeastLoadedAlternate() throws {
    // Alternating: A gets 5 tasks (5 s), B gets 5 (1.25 s).
    for policy in [RoundRobinPlacement(), LeastLoadedPlacement()] as [any PlacementPolicy] {
      let result = try Simulator(machine: twoSpeeds).run(tenTasks, policy: policy)
      #expect(result.devices == (0..<10).map { $0 % 2 == 0 ? "opencl:0" : "opencl:1" })
      #expect(result.makespanSeconds == 5)
    }
  }

  @Test func smoothWeightedRoundRobinFollowsTheWeights() {
    // Weights 1 and 4 (nothing in flight): nginx's sequence is B, B, A, B, B.
    var policy = WeightedPlacement()
    let candidates = [
      PlacementCandidate(
        index: 0, id: .opencl(0), kind: .gpu, peakGFLOPS: 1, bandwidthGBPerSecond: 1,
        tasksInFlight: 0, availableSeconds: 0, transferSeconds: 0, predictedSeconds: 1),
      PlacementCandidate(
        index: 1, id: .opencl(1), kind: .gpu, peakGFLOPS: 4, bandwidthGBPerSecond: 1,
        tasksInFlight: 0, availableSeconds: 0, transferSeconds: 0, predictedSeconds: 1),
    ]
    let task = TaskProfile(
      kernel: "work", size: .zero, flops: 1, bytes: 0, memoryBytes: 0, priority: 0, sequence: 0)
    let picks = (0..<5).map { _ in policy.choose(for: task, among: candidates) }
    #expect(picks == [1, 1, 0, 1, 1])
  }

  @Test func seededRandomRepeats() throws {
    let first = try Simulator(machine: twoSpeeds).run(tenTasks, policy: RandomPlacement(seed: 7))
    let second = try Simulator(machine: twoSpeeds).run(tenTasks, policy: RandomPlacement(seed: 7))
    #expect(first.devices == second.devices)
    #expect(Set(first.devices).isSubset(of: ["opencl:0", "opencl:1"]))
  }

  @Test func devicesThatShareCoresAreOneResource() throws {
    // cpu and opencl:0 (4 GFLOP/s each) share cores; the GPU does 2 GFLOP/s. 1-GFLOP tasks:
    // task 0 -> cpu (0.25, tie with opencl:0 goes to the lower index); task 1: cpu and
    // opencl:0 both finish at 0.5 (their group holds 0.25), GPU at 0.5 -> cpu; task 2: group
    // at 0.75, GPU 0.5 -> GPU. Makespan 0.5.
    let machine = SimulatedMachine(
      name: "shared",
      devices: [
        SimulatedDevice(
          id: "cpu", kind: "cpu", gflops: 4, gbPerSecond: 1, memoryBytes: 1 << 30,
          sharesCoresWith: ["opencl:0"]),
        SimulatedDevice(
          id: "opencl:0", kind: "opencl_cpu", gflops: 4, gbPerSecond: 1, memoryBytes: 1 << 30),
        SimulatedDevice(
          id: "opencl:1", kind: "gpu", gflops: 2, gbPerSecond: 1, memoryBytes: 1 << 30),
      ])
    let result = try Simulator(machine: machine).run(
      (0..<3).map { _ in SimulatedTask(flops: 1e9) }, policy: MinimumCompletionTimePlacement())
    #expect(result.devices == ["cpu", "cpu", "opencl:1"])
    #expect(result.makespanSeconds == 0.5)
    // Lower bound: the shared group counts once (4 + 2 GFLOP/s): 3 / 6 = 0.5.
    #expect(result.lowerBoundSeconds == 0.5)
  }

  @Test func ageingLetsALowPriorityTaskRunUnderAStreamOfHighPriorityTasks() throws {
    // One 1 GFLOP/s device. A priority-0 task and a stream of priority-10 tasks, one released
    // every second (each 1 s long), arrive from t = 0. Without ageing the low task waits for
    // all 100. With 1 point per second of ageing, high task i has key -10 + i and the low
    // task key 0: it runs when i reaches 10 (tie, earlier submission first), at t = 10.
    let machine = SimulatedMachine(
      name: "one",
      devices: [
        SimulatedDevice(id: "cpu", kind: "cpu", gflops: 1, gbPerSecond: 1, memoryBytes: 1 << 30)
      ])
    var tasks = [SimulatedTask(flops: 1e9, priority: 0)]
    tasks += (0..<100).map { SimulatedTask(flops: 1e9, priority: 10, releaseSeconds: Double($0)) }
    let simulator = try Simulator(machine: machine)
    let starving = try simulator.run(
      tasks, policy: MinimumCompletionTimePlacement(),
      ordering: DynamicPriorityOrdering(runTimeWeight: 0, memoryWeight: 0, ageingPerSecond: 0))
    #expect(starving.startSeconds[0] == 100)
    let ageing = try simulator.run(
      tasks, policy: MinimumCompletionTimePlacement(),
      ordering: DynamicPriorityOrdering(runTimeWeight: 0, memoryWeight: 0, ageingPerSecond: 1))
    #expect(ageing.startSeconds[0] == 10)
    #expect(ageing.makespanSeconds == 101)
  }

  @Test func shortestTaskFirstOrdersByPredictedTime() throws {
    // One 1 GFLOP/s device; tasks of 3, 1, 2 GFLOP all at t = 0 run 1, 2, 3 GFLOP: starts
    // 0 (1 GFLOP), 1 (2 GFLOP), 3 (3 GFLOP).
    let machine = SimulatedMachine(
      name: "one",
      devices: [
        SimulatedDevice(id: "cpu", kind: "cpu", gflops: 1, gbPerSecond: 1, memoryBytes: 1 << 30)
      ])
    let result = try Simulator(machine: machine).run(
      [SimulatedTask(flops: 3e9), SimulatedTask(flops: 1e9), SimulatedTask(flops: 2e9)],
      policy: MinimumCompletionTimePlacement(), ordering: ShortestTaskFirstOrdering())
    #expect(result.startSeconds == [3, 0, 1])
  }

  /// A CPU at `cpuGFLOPS` and a 10 GFLOP/s GPU behind a 1 GB/s link.
  static func linkMachine(cpuGFLOPS: Double) -> SimulatedMachine {
    SimulatedMachine(
      name: "link",
      devices: [
        SimulatedDevice(
          id: "cpu", kind: "cpu", gflops: cpuGFLOPS, gbPerSecond: 100, memoryBytes: 1 << 40),
        SimulatedDevice(
          id: "opencl:0", kind: "gpu", gflops: 10, gbPerSecond: 100, memoryBytes: 1 << 40,
          linkGBPerSecond: 1),
      ])
  }

  /// Two 1-GFLOP tasks reading the same 1 GB buffer, which starts on the host.
  static let twoReadersOfOneGigabyte = (0..<2).map { _ in
    SimulatedTask(flops: 1e9, reads: [DataBuffer(id: 1, bytes: 1_000_000_000)])
  }

  @Test func transfersCountForDevicesBehindALink() throws {
    // A 1 GB buffer on the host. GPU: 10 GFLOP/s behind a 1 GB/s link, the CPU 1 GFLOP/s.
    // A 1 GFLOP task: CPU 1 s; GPU 1 s transfer + 0.1 s -> CPU. A second task reading the
    // same buffer: CPU 2 s, GPU 1.1 s -> GPU (finish 1.1). Makespan 1.1.
    let result = try Simulator(machine: Self.linkMachine(cpuGFLOPS: 1)).run(
      Self.twoReadersOfOneGigabyte, policy: MinimumCompletionTimePlacement())
    #expect(result.devices == ["cpu", "opencl:0"])
    #expect(abs(result.makespanSeconds - 1.1) < 1e-12)
  }

  @Test func aBufferOnItsWayToADeviceIsPaidForOnce() throws {
    // GPU 10 GFLOP/s behind a 1 GB/s link, CPU 0.1 GFLOP/s; two 1-GFLOP tasks read the same
    // 1 GB host buffer, both placed at t = 0. Task 0: CPU 10 s, GPU 1 s transfer + 0.1 s ->
    // GPU. Task 1: the buffer is already planned for the GPU, so 0.1 s after task 0 (finish
    // 1.2) against 10 s on the CPU -> GPU. Makespan 1.2 (2.2 if the transfer were paid twice).
    let result = try Simulator(machine: Self.linkMachine(cpuGFLOPS: 0.1)).run(
      Self.twoReadersOfOneGigabyte, policy: MinimumCompletionTimePlacement())
    #expect(result.devices == ["opencl:0", "opencl:0"])
    #expect(abs(result.makespanSeconds - 1.2) < 1e-12)
    #expect(abs(result.startSeconds[1] - 1.1) < 1e-12)
    // Lower bound: 2 GFLOP over 10.1 GFLOP/s (above the shortest runs' 0.2 s over 2 groups).
    #expect(abs(result.lowerBoundSeconds - 2 / 10.1) < 1e-12)
  }

  @Test func theLowerBoundFollowsDependencyChains() throws {
    // One 1 GFLOP/s device twice over (two core groups): three 1-GFLOP tasks in a chain
    // cannot overlap, so the bound is 3 s although the work alone would give 1.5 s.
    let machine = SimulatedMachine(
      name: "two",
      devices: [
        SimulatedDevice(id: "cpu", kind: "cpu", gflops: 1, gbPerSecond: 1, memoryBytes: 1 << 30),
        SimulatedDevice(
          id: "opencl:0", kind: "gpu", gflops: 1, gbPerSecond: 1, memoryBytes: 1 << 30),
      ])
    let tasks = [
      SimulatedTask(flops: 1e9), SimulatedTask(flops: 1e9, dependencies: [0]),
      SimulatedTask(flops: 1e9, dependencies: [1]),
    ]
    let result = try Simulator(machine: machine).run(
      tasks, policy: MinimumCompletionTimePlacement())
    #expect(result.lowerBoundSeconds == 3)
    #expect(result.makespanSeconds == 3)
  }

  @Test func invalidMachineFilesAreRejected() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "allot-machine-\(getpid())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let cases = [
      ("notjson.json", "{ devices: ", "invalid machine description: not valid JSON"),
      (
        "kind.json",
        #"{"name":"x","devices":[{"id":"cpu","kind":"tpu","gflops":1,"gb_per_second":1,"memory_bytes":1,"shares_cores_with":[]}]}"#,
        "kind 'tpu'"
      ),
      (
        "zero.json",
        #"{"name":"x","devices":[{"id":"cpu","kind":"cpu","gflops":0,"gb_per_second":1,"memory_bytes":1,"shares_cores_with":[]}]}"#,
        "from 0.001 to 1e9"
      ),
      (
        "huge.json",
        #"{"name":"x","devices":[{"id":"cpu","kind":"cpu","gflops":1e300,"gb_per_second":1,"memory_bytes":1,"shares_cores_with":[]}]}"#,
        "from 0.001 to 1e9"
      ),
      (
        "stranger.json",
        #"{"name":"x","devices":[{"id":"cpu","kind":"cpu","gflops":1,"gb_per_second":1,"memory_bytes":1,"shares_cores_with":["opencl:7"]}]}"#,
        "shares_cores_with 'opencl:7' is not another device of the file"
      ),
      (
        "itself.json",
        #"{"name":"x","devices":[{"id":"cpu","kind":"cpu","gflops":1,"gb_per_second":1,"memory_bytes":1,"shares_cores_with":["cpu"]}]}"#,
        "shares_cores_with 'cpu' is not another device of the file"
      ),
      ("empty.json", #"{"name":"x","devices":[]}"#, "1 to 63 devices"),
    ]
    for (name, text, fragment) in cases {
      let path = directory.appendingPathComponent(name).path
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      do {
        _ = try SimulatedMachine.load(path: path)
        Issue.record("\(name) should be rejected")
      } catch let error as SchedulingError {
        #expect(error.description.contains(fragment), "\(error)")
        #expect(error.category == .data)
      }
    }
    #expect(throws: SchedulingError.self) {
      try SimulatedMachine.load(path: directory.path + "/missing.json")
    }
  }

  @Test func rowsAreSplitByThroughputAndNeverAcrossSharedCores() {
    // cpu (predicted 2 s) shares cores with opencl:0 (4 s): only cpu is used. GPU 1 s.
    // Throughputs 0.5 and 1 -> 1/3 and 2/3 of 10 rows: 3.33 and 6.67 -> 3 and 7 after the
    // largest remainder (0.67 > 0.33).
    let cpu = RuntimeDevice(
      id: .cpu, kind: .cpu, name: "cpu", peakGFLOPS: 1, bandwidthGBPerSecond: 1,
      capacityIsEstimate: true, memoryBytes: 1, maxAllocationBytes: 1,
      sharesCoresWith: [.opencl(0)], processingUnits: [])
    var pocl = cpu
    pocl.id = .opencl(0)
    pocl.kind = .openCLCPU
    pocl.sharesCoresWith = [.cpu]
    var gpu = cpu
    gpu.id = .opencl(1)
    gpu.kind = .gpu
    gpu.sharesCoresWith = []
    let seconds: [DeviceID: Double] = [.cpu: 2, .opencl(0): 4, .opencl(1): 1]
    let shards = RowSplitter.shards(rows: 10, devices: [cpu, pocl, gpu]) { seconds[$0.id]! }
    #expect(
      shards == [RowShard(device: .cpu, rows: 0..<3), RowShard(device: .opencl(1), rows: 3..<10)])
  }

  @Test func theKMeansAllocatorSendsEachGroupToTheDeviceHistoryShowsBest() {
    // History: small tasks ran faster per unit of work on device 0, large ones on device 1.
    var policy = FeatureClusteringPlacement(clusters: 2, refitEvery: 1)
    func task(_ flops: Double) -> TaskProfile {
      TaskProfile(
        kernel: "k", size: .zero, flops: flops, bytes: 0, memoryBytes: 0, priority: 0, sequence: 0)
    }
    for _ in 0..<4 {
      policy.observe(task: task(1e3), device: 0, seconds: 1e-6)
      policy.observe(task: task(1e3), device: 1, seconds: 1e-4)
      policy.observe(task: task(1e9), device: 0, seconds: 10)
      policy.observe(task: task(1e9), device: 1, seconds: 0.1)
    }
    let candidates = (0..<2).map {
      PlacementCandidate(
        index: $0, id: .opencl($0), kind: .gpu, peakGFLOPS: 1, bandwidthGBPerSecond: 1,
        tasksInFlight: 0, availableSeconds: 0, transferSeconds: 0, predictedSeconds: 1)
    }
    #expect(policy.choose(for: task(2e3), among: candidates) == 0)
    #expect(policy.choose(for: task(5e8), among: candidates) == 1)
  }

  @Test func traceIsChromeTraceEventJSON() throws {
    let trace = TraceRecorder()
    _ = try Simulator(machine: twoSpeeds).run(
      Array(tenTasks.prefix(2)), policy: RoundRobinPlacement(), trace: trace)
    let object = try JSONSerialization.jsonObject(with: trace.chromeTraceJSON()) as! [String: Any]
    let events = object["traceEvents"] as! [[String: Any]]
    let slices = events.filter { $0["ph"] as? String == "X" }
    #expect(slices.count == 2)
    // Slices are recorded as tasks finish: B's 0.25 s task before A's 1 s task.
    #expect(slices.map { $0["dur"] as! Double } == [250_000, 1e6])
    #expect(events.filter { $0["ph"] as? String == "M" }.count == 2)
  }
}
