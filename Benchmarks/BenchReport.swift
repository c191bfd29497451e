import Allot

/// The document `allot bench --json FILE` writes. Key names are stable (scripts read them);
/// the schema is described in docs/bench.md.
public struct BenchReport: Codable, Sendable {
  /// The machine the run was made on.
  public var machine: MachineSummary
  /// The machine's limits the results are compared with.
  public var limits: Limits
  /// One entry per workload, shape and device.
  public var results: [WorkloadResult]
  /// The scheduler figures, when `dispatch` ran.
  public var dispatch: DispatchSummary?
  /// Remarks about the run: devices skipped, where the limits came from.
  public var notes: [String]
  /// Timed repeats per workload and device (after one warm-up iteration).
  public var repeats: Int

  /// A description of the machine.
  public struct MachineSummary: Codable, Sendable {
    /// The CPU model name.
    public var cpu: String
    /// Allowed cores.
    public var cores: Int
    /// The SIMD instruction set the CPU kernels use.
    public var simd: String
    /// The runtime devices, `cpu` and `opencl:N`, with their names.
    public var devices: [String: String]
  }

  /// The machine's compute and bandwidth ceilings.
  public struct Limits: Codable, Sendable {
    /// Float32 FMA peak in GFLOP/s (an FMA counts as two operations), all allowed cores.
    public var gflops: Double
    /// Memory read bandwidth in GB/s, all allowed cores.
    public var readGbytesPerSecond: Double
    /// "calibration" when read from `allot calibrate`'s file, "measured" when measured on the spot.
    public var source: String

    enum CodingKeys: String, CodingKey {
      case gflops
      case readGbytesPerSecond = "read_gbytes_per_second"
      case source
    }
  }

  /// The size of a benchmark problem.
  public struct Shape: Codable, Sendable {
    /// "A", "B", "C" (their `--quick` versions keep the name), "custom" or "data".
    public var name: String
    /// Rows.
    public var n: Int
    /// Columns.
    public var d: Int
    /// Clusters (0 for linear regression).
    public var k: Int
  }

  /// Median, minimum and maximum over the timed repeats, in seconds.
  public struct Timing: Codable, Sendable {
    /// Median seconds.
    public var median: Double
    /// Fastest repeat, seconds.
    public var min: Double
    /// Slowest repeat, seconds.
    public var max: Double
  }

  /// One workload on one device.
  public struct WorkloadResult: Codable, Sendable {
    /// "kmeans" or "linreg".
    public var workload: String
    /// The problem size.
    public var shape: Shape
    /// `cpu`, `opencl:N`, or `split` for a job split across devices.
    public var device: String
    /// Seconds per k-means iteration or per gradient step.
    public var secondsPerIteration: Timing
    /// Counted FLOPs per iteration divided by the median seconds, in GFLOP/s.
    public var gflops: Double
    /// Bytes of data read per iteration divided by the median seconds, in GB/s.
    public var gbytesPerSecond: Double
    /// The larger of gflops / peak and GB/s / bandwidth: how close the run came to the
    /// limit that binds it.
    public var fractionOfLimit: Double
    /// "ok" or "FAIL", the comparison with a Float64 reference on a sample of rows.
    public var check: String
    /// What the check compared, and for a failure the first value out of tolerance.
    public var checkDetail: String
    /// Counted floating-point operations per iteration (2nkd or 4nd).
    public var flopsPerIteration: Double
    /// Bytes of data read per iteration.
    public var bytesPerIteration: Double
    /// "f32" or "f64".
    public var precision: String
    /// For `split`: the row range of each device, e.g. `cpu 0..<600000, opencl:1 ...`.
    public var shards: String?

    enum CodingKeys: String, CodingKey {
      case workload, shape, device, gflops, check, precision, shards
      case secondsPerIteration = "seconds_per_iteration"
      case gbytesPerSecond = "gbytes_per_second"
      case fractionOfLimit = "fraction_of_limit"
      case checkDetail = "check_detail"
      case flopsPerIteration = "flops_per_iteration"
      case bytesPerIteration = "bytes_per_iteration"
    }
  }

  /// Scheduler overhead and policy comparison.
  public struct DispatchSummary: Codable, Sendable {
    /// Median microseconds from submit to completion per independent empty task.
    public var independentUsPerTask: Double
    /// Median microseconds per empty task in a chain of dependent tasks.
    public var chainUsPerTask: Double
    /// The mixed workload under each placement policy and ordering.
    public var policies: [PolicyResult]
    /// Empty tasks per overhead measurement.
    public var tasks: Int
    /// The simulated machine the policies ran on.
    public var simulatedMachine: String
    /// Tasks in the mixed workload.
    public var mixedTasks: Int

    enum CodingKeys: String, CodingKey {
      case independentUsPerTask = "independent_us_per_task"
      case chainUsPerTask = "chain_us_per_task"
      case policies, tasks
      case simulatedMachine = "simulated_machine"
      case mixedTasks = "mixed_tasks"
    }
  }

  /// One placement policy and ordering on the mixed workload (the scheduler's own record).
  public typealias PolicyResult = DispatchBenchmarkResult.PolicyResult
}
