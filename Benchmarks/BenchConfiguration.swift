import Allot

/// Everything one `allot bench` run does: which workloads, shapes and devices, how many
/// repeats, and where to write what.
public struct BenchConfiguration: Sendable {
  /// The workloads to measure, in order.
  public var workloads: [BenchWorkload]
  /// Whether to measure the scheduler (`dispatch`).
  public var dispatch: Bool
  /// Which devices.
  public var devices: BenchDeviceSelection
  /// The problems, when synthetic (ignored when `dataFile` is set).
  public var shapes: [BenchShape]
  /// A CSV or .npy file to benchmark on instead of synthetic data; for linreg its last
  /// selected column is the target.
  public var dataFile: String?
  /// The columns of `dataFile` to use (`--columns`), nil for all.
  public var columns: String?
  /// What to do with rows of `dataFile` that have a missing value (`--missing`).
  public var missing: MissingPolicy
  /// Whether `dataFile`'s first line is a header: nil detects it, false is `--no-header`.
  public var dataHasHeader: Bool?
  /// Clusters for k-means on `dataFile`.
  public var dataClusters: Int
  /// Timed repeats per workload and device, after one warm-up iteration.
  public var repeats: Int
  /// Whether this is the `--quick` smoke run (smaller limits measurement and dispatch).
  public var quick: Bool
  /// Seed of the synthetic data and of the initial centers.
  public var seed: UInt64
  /// Where to write the inputs for `Benchmarks/peers.py`, nil for nowhere.
  public var saveDataDirectory: String?
  /// The machine the dispatch policies are simulated on (`DispatchBenchmark.defaultMachine`
  /// when nil).
  public var simulatedMachine: SimulatedMachine?
  /// Empty tasks per dispatch-overhead measurement.
  public var dispatchTasks: Int
  /// Dispatch-overhead measurements (the median is reported).
  public var dispatchRepeats: Int
  /// Tasks in the mixed dispatch workload.
  public var mixedTasks: Int
  /// Where to read the calibration from.
  public var calibrationStore: CalibrationStore

  /// The default run: every workload, every device, the standard shapes, 5 repeats; with
  /// `quick`, the quick shapes, 2 repeats and 10,000 tasks per dispatch measurement.
  public init(quick: Bool = false) {
    workloads = BenchWorkload.allCases
    dispatch = true
    devices = .every
    shapes = quick ? BenchShape.quick : BenchShape.standard
    dataFile = nil
    columns = nil
    missing = .error
    dataHasHeader = nil
    dataClusters = 8
    repeats = quick ? 2 : 5
    self.quick = quick
    seed = 20_240_601
    saveDataDirectory = nil
    simulatedMachine = nil
    dispatchTasks = quick ? 10_000 : 100_000
    dispatchRepeats = quick ? 2 : 5
    mixedTasks = quick ? 200 : 400
    calibrationStore = .defaultStore()
  }

  /// Rows sampled for the label check.
  var labelSampleRows: Int { quick ? 500 : 2_000 }
  /// Rows of the range whose partial sums are checked.
  var partialRangeRows: Int { quick ? 1_000 : 4_096 }
  /// Seconds per limits microbenchmark when no calibration exists.
  var limitSeconds: Double { quick ? 0.1 : 0.3 }
}
