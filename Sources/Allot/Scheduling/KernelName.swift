/// The name of the kernel a task runs. Run times are learned per kernel name and device,
/// so tasks with the same name should do the same kind of work.
public struct KernelName: Hashable, Sendable, Codable, CustomStringConvertible,
  ExpressibleByStringLiteral
{
  /// The name as written in traces and model files.
  public var rawValue: String

  /// A kernel with this name.
  public init(_ rawValue: String) { self.rawValue = rawValue }

  /// A kernel with this name.
  public init(stringLiteral value: String) { self.rawValue = value }

  /// A task with no work (used to measure the scheduler's own overhead).
  public static let empty = KernelName("empty")
  /// The k-means assignment step: nearest center for each row.
  public static let kmeansAssign = KernelName("kmeans.assign")
  /// The k-means update step: per-cluster sums and counts.
  public static let kmeansUpdate = KernelName("kmeans.update")
  /// One whole k-means step on a shard (assignment and per-cluster sums), as a device's
  /// `KMeansSession.step` runs it.
  public static let kmeansStep = KernelName("kmeans.step")
  /// One batched gradient step of linear regression.
  public static let gradient = KernelName("linreg.gradient")
  /// The microbenchmarks of `allot calibrate` on one device.
  public static let calibrate = KernelName("calibrate")
  /// Discovering the machine (hwloc and OpenCL), as `allot topology` does.
  public static let discover = KernelName("topology.discover")

  /// The name.
  public var description: String { rawValue }

  /// Floating-point operations of this kernel at `size`: 2nkd for the k-means assignment,
  /// nd for the update, 2nkd + nd for a whole k-means step, 4nd for a gradient step, 0 for
  /// an empty task and nd for any other.
  public func flops(_ size: ProblemSize) -> Double {
    let n = Double(size.rows)
    let d = Double(size.columns)
    let k = Double(size.clusters)
    switch self {
    case .empty: return 0
    case .kmeansAssign: return 2 * n * k * d
    case .kmeansStep: return 2 * n * k * d + n * d
    case .kmeansUpdate: return n * d
    case .gradient: return 4 * n * d
    default: return n * d
    }
  }

  /// Bytes of data this kernel reads at `size`: the n x d matrix for every kernel, plus the
  /// centers (k x d) for the k-means assignment and step and the targets (n) for a gradient
  /// step.
  public func bytes(_ size: ProblemSize) -> Double {
    let n = Double(size.rows)
    let d = Double(size.columns)
    let k = Double(size.clusters)
    let element = Double(size.elementBytes)
    switch self {
    case .empty: return 0
    case .kmeansAssign, .kmeansStep: return (n * d + k * d) * element
    case .gradient: return (n * d + n) * element
    default: return n * d * element
    }
  }
}
