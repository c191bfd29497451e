/// The scheduler measured: its own overhead on real empty tasks, and each placement policy
/// and ordering on a mixed workload on a simulated machine. Codable with the key names of
/// the `dispatch` object of `allot bench --json`.
public struct DispatchBenchmarkResult: Sendable, Equatable, Codable {
  /// One policy and ordering on the mixed workload.
  public struct PolicyResult: Sendable, Equatable, Codable {
    /// Placement policy name.
    public var policy: String
    /// Ordering strategy name.
    public var ordering: String
    /// Virtual seconds to finish the workload.
    public var makespanSeconds: Double
    /// What no schedule can beat (see `SimulationResult.lowerBoundSeconds`).
    public var lowerBoundSeconds: Double
    /// Busy time over makespan per device.
    public var utilisation: [String: Double]

    enum CodingKeys: String, CodingKey {
      case policy, ordering, utilisation
      case makespanSeconds = "makespan_seconds"
      case lowerBoundSeconds = "lower_bound_seconds"
    }
  }

  /// Microseconds per independent empty task (see `DispatchOverhead`).
  public var independentMicrosecondsPerTask: Double
  /// Microseconds per empty task in a chain.
  public var chainMicrosecondsPerTask: Double
  /// The simulated machine's name.
  public var machine: String
  /// One row per policy and ordering.
  public var policies: [PolicyResult]

  enum CodingKeys: String, CodingKey {
    case machine, policies
    case independentMicrosecondsPerTask = "independent_us_per_task"
    case chainMicrosecondsPerTask = "chain_us_per_task"
  }
}

/// Runs the dispatch benchmark.
public enum DispatchBenchmark {
  /// A machine like this one plus a GPU: 2-core CPU (170 GFLOP/s, 17 GB/s), PoCL on the
  /// same cores, and a GPU (5000 GFLOP/s, 300 GB/s, 12 GB/s link).
  public static let defaultMachine = SimulatedMachine(
    name: "cpu+pocl+gpu",
    devices: [
      SimulatedDevice(
        id: "cpu", kind: "cpu", gflops: 170, gbPerSecond: 17, memoryBytes: 16 << 30,
        sharesCoresWith: ["opencl:0"]),
      SimulatedDevice(
        id: "opencl:0", kind: "opencl_cpu", gflops: 80, gbPerSecond: 12, memoryBytes: 16 << 30,
        sharesCoresWith: ["cpu"]),
      SimulatedDevice(
        id: "opencl:1", kind: "gpu", gflops: 5000, gbPerSecond: 300, memoryBytes: 8 << 30,
        linkGBPerSecond: 12),
    ])

  /// A deterministic mixed workload of `count` tasks: k-means assignments, updates and
  /// gradient steps of sizes from 10^4 to 10^6 rows, each reading its own data set (one of
  /// eight), every fourth task depending on the one before, priorities 0 to 3.
  public static func mixedWorkload(count: Int, seed: UInt64 = 42) -> [SimulatedTask] {
    var state = seed
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    let kernels: [KernelName] = [.kmeansAssign, .kmeansUpdate, .gradient]
    return (0..<count).map { index in
      let kernel = kernels[Int(next() % 3)]
      let rows = [10_000, 100_000, 1_000_000][Int(next() % 3)]
      let size = ProblemSize(rows: rows, columns: 32, clusters: 64)
      let dataset = Int(next() % 8)
      return SimulatedTask(
        kernel: kernel, flops: kernel.flops(size), bytes: kernel.bytes(size),
        reads: [DataBuffer(id: dataset, bytes: rows * 32 * 4)], priority: Int(next() % 4),
        dependencies: index % 4 == 3 ? [index - 1] : [])
    }
  }

  /// Measures the overhead with `tasks` empty tasks (`repeats` times, median) and runs the
  /// mixed workload of `mixedTasks` tasks on `machine` under every built-in policy with FIFO
  /// ordering, and under minimum completion time with every ordering.
  /// - Throws: `SchedulingError.invalidMachine` for an invalid machine.
  public static func run(
    machine: SimulatedMachine = defaultMachine, tasks: Int = 100_000, repeats: Int = 5,
    mixedTasks: Int = 400
  ) throws -> DispatchBenchmarkResult {
    let overhead = DispatchOverhead.measure(tasks: tasks, repeats: repeats)
    let simulator = try Simulator(machine: machine)
    let workload = mixedWorkload(count: mixedTasks)
    var rows: [DispatchBenchmarkResult.PolicyResult] = []
    func add(_ result: SimulationResult) {
      rows.append(
        .init(
          policy: result.policy, ordering: result.ordering,
          makespanSeconds: result.makespanSeconds, lowerBoundSeconds: result.lowerBoundSeconds,
          utilisation: result.utilisation))
    }
    for name in PlacementPolicies.names {
      add(try simulator.run(workload, policy: PlacementPolicies.make(name)!))
    }
    let orderings: [any OrderingStrategy] = [
      ShortestTaskFirstOrdering(), DynamicPriorityOrdering(), MinimumCompletionTimeOrdering(),
    ]
    for ordering in orderings {
      add(try simulator.run(workload, policy: MinimumCompletionTimePlacement(), ordering: ordering))
    }
    return DispatchBenchmarkResult(
      independentMicrosecondsPerTask: overhead.independentMicrosecondsPerTask,
      chainMicrosecondsPerTask: overhead.chainMicrosecondsPerTask, machine: machine.name,
      policies: rows)
  }
}
