import CAllotKernels

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The SIMD CPU path: a pool of worker threads, one pinned per allowed processing unit,
/// running C micro-kernels compiled for several instruction sets and chosen at run time.
///
/// Work is split into fixed row blocks whose partial sums are combined in block order, so
/// results are bit-identical from run to run and for any number of threads.
public final class CPUDevice: ComputeDevice {
  /// Always `.cpu`.
  public let id: DeviceID = .cpu
  /// The CPU model name (from /proc/cpuinfo), or "CPU" when unknown.
  public let name: String
  /// The processing units (OS indices) the worker threads run on, one thread each.
  public let processingUnits: [Int]
  /// The instruction set the kernels use.
  public let instructionSet: InstructionSet
  let pool: WorkerPool

  /// Starts one worker thread per processing unit in `processingUnits` (default: the units
  /// this process may run on, from `sched_getaffinity`), each pinned to its unit with hwloc
  /// when possible. `instructionSet` is capped to what the CPU supports.
  public init(
    processingUnits: [Int] = CPUDevice.allowedProcessingUnits(),
    instructionSet: InstructionSet = .detected
  ) {
    let units = processingUnits.isEmpty ? [-1] : processingUnits
    self.processingUnits = processingUnits
    self.instructionSet = instructionSet.usable
    self.name = CPUDevice.modelName() ?? "CPU"
    self.pool = WorkerPool(processingUnits: units)
  }

  /// A device on all allowed units, for host-side passes of the workloads (statistics,
  /// k-means++), created on first use.
  static let host = CPUDevice()

  /// Number of worker threads.
  public var threadCount: Int { pool.workerCount }

  /// The processing units (OS indices) the calling thread may run on, ascending.
  public static func allowedProcessingUnits() -> [Int] {
    var units = [Int32](repeating: 0, count: 1024)
    let count = Int(allot_allowed_cpus(&units, Int32(units.count)))
    guard count > 0 else { return [] }
    return units.prefix(min(count, units.count)).map { Int($0) }
  }

  /// Runs `body(task)` for `count` tasks on the worker threads; returns when all are done.
  func parallel(_ count: Int, _ body: (Int) -> Void) { pool.run(count, body) }

  /// A session over a view of `points` (no copy).
  public func makeKMeansSession<Scalar: MatrixScalar>(points: Matrix<Scalar>) throws
    -> any KMeansSession<Scalar>
  {
    CPUKMeansSession(device: self, points: points)
  }

  /// A session over a view of `features` and `targets` (no copy of the features).
  public func makeGradientSession<Scalar: MatrixScalar>(
    features: Matrix<Scalar>, targets: [Scalar]
  ) throws -> any GradientSession<Scalar> {
    precondition(targets.count == features.rows, "one target per row")
    return CPUGradientSession(device: self, features: features, targets: targets)
  }

  private static func modelName() -> String? {
    guard let file = fopen("/proc/cpuinfo", "r") else { return nil }
    defer { fclose(file) }
    var line: UnsafeMutablePointer<CChar>?
    var capacity = 0
    defer { free(line) }
    while getline(&line, &capacity, file) > 0, let line {
      let text = String(cString: line)
      if text.hasPrefix("model name"), let colon = text.firstIndex(of: ":") {
        return text[text.index(after: colon)...].trimmingCharacters()
      }
    }
    return nil
  }
}

extension StringProtocol {
  fileprivate func trimmingCharacters() -> String {
    String(
      self.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: \.isWhitespace)
        .reversed())
  }
}
