/// One executor of numeric work: the SIMD CPU path (`CPUDevice`) or an OpenCL device
/// (`OpenCLDevice`). Workloads talk to every device through this protocol only.
///
/// A device prepares a *session* for a data set: the CPU path keeps a view of the rows, an
/// OpenCL device uploads them once and keeps the buffers resident until the session is
/// released. Each step of an iterative algorithm then runs on the session.
public protocol ComputeDevice: AnyObject, Sendable {
  /// Which device this is.
  var id: DeviceID { get }
  /// A human-readable name (the CPU model, or the OpenCL device name).
  var name: String { get }

  /// Prepares `points` (one point per row) for k-means steps on this device.
  /// - Throws: `DeviceError` when the device cannot hold or accept the data.
  func makeKMeansSession<Scalar: MatrixScalar>(points: Matrix<Scalar>) throws
    -> any KMeansSession<Scalar>

  /// Prepares `features` (one sample per row) and `targets` (one per row) for gradient
  /// steps on this device.
  /// - Throws: `DeviceError` when the device cannot hold or accept the data.
  func makeGradientSession<Scalar: MatrixScalar>(features: Matrix<Scalar>, targets: [Scalar])
    throws -> any GradientSession<Scalar>
}

/// k-means steps over one shard of points resident on a device.
public protocol KMeansSession<Scalar>: AnyObject {
  /// The element type of the points.
  associatedtype Scalar: MatrixScalar

  /// Number of points in this session.
  var rows: Int { get }

  /// Assigns every point to its nearest center (squared Euclidean distance), keeps the
  /// labels, and returns the per-cluster sums and counts, the inertia and the number of
  /// labels that changed since the previous step (all labels count as changed on the first).
  /// `centers` is k x d. Sums are combined in a fixed order: the result does not depend on
  /// thread timing.
  func step(centers: Matrix<Scalar>) throws -> KMeansPartial

  /// The labels of the last `step`, one per point, in 0..<k.
  func labels() throws -> [Int32]

  /// The squared distance of every point to its assigned center after the last `step`.
  func distances() throws -> [Double]
}

/// Gradient steps of linear regression over one shard of samples resident on a device.
public protocol GradientSession<Scalar>: AnyObject {
  /// The element type of the samples.
  associatedtype Scalar: MatrixScalar

  /// Number of samples in this session.
  var rows: Int { get }

  /// Sums over the samples in `range` (all samples when nil) of the residual
  /// r_i = x_i . w + b - y_i: `sum_i r_i x_i`, `sum_i r_i` and `sum_i r_i^2`, in one pass
  /// over the rows. Sums are combined in a fixed order.
  func gradient(weights: [Scalar], bias: Scalar, range: Range<Int>?) throws -> GradientPartial
}

/// Per-cluster sums over a shard, as produced by one k-means step.
public struct KMeansPartial: Sendable, Equatable {
  /// k x d coordinate sums of the points assigned to each cluster, row-major.
  public var sums: [Double]
  /// Points assigned to each cluster.
  public var counts: [Int]
  /// Sum of squared distances of each point to its assigned center, from direct differences.
  public var inertia: Double
  /// Labels that differ from the previous step.
  public var changed: Int

  /// An empty partial for `clusters` clusters of `dimensions` columns.
  public init(clusters: Int, dimensions: Int) {
    sums = Array(repeating: 0, count: clusters * dimensions)
    counts = Array(repeating: 0, count: clusters)
    inertia = 0
    changed = 0
  }

  /// Adds `other` into this partial (element-wise). Callers combine shards in a fixed order.
  public mutating func add(_ other: KMeansPartial) {
    precondition(sums.count == other.sums.count && counts.count == other.counts.count)
    for index in sums.indices { sums[index] += other.sums[index] }
    for index in counts.indices { counts[index] += other.counts[index] }
    inertia += other.inertia
    changed += other.changed
  }
}

/// Sums over a shard for one gradient step of linear regression.
public struct GradientPartial: Sendable, Equatable {
  /// `sum_i r_i x_i`, one entry per feature.
  public var weightSums: [Double]
  /// `sum_i r_i`.
  public var residualSum: Double
  /// `sum_i r_i^2`.
  public var squaredResidualSum: Double
  /// Samples summed.
  public var rows: Int

  /// An empty partial for `features` features.
  public init(features: Int) {
    weightSums = Array(repeating: 0, count: features)
    residualSum = 0
    squaredResidualSum = 0
    rows = 0
  }

  /// Adds `other` into this partial. Callers combine shards in a fixed order.
  public mutating func add(_ other: GradientPartial) {
    precondition(weightSums.count == other.weightSums.count)
    for index in weightSums.indices { weightSums[index] += other.weightSums[index] }
    residualSum += other.residualSum
    squaredResidualSum += other.squaredResidualSum
    rows += other.rows
  }
}
