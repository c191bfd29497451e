/// The outcome of a k-means fit.
public struct KMeansResult<Scalar: MatrixScalar>: Sendable {
  /// k x columns centers, in the data's precision.
  public var centers: Matrix<Scalar>
  /// The cluster of every row, in 0..<k, consistent with `centers`.
  public var labels: [Int32]
  /// Sum of squared distances of the rows to their centers (Float64, direct differences).
  public var inertia: Double
  /// Lloyd iterations run (of the best restart).
  public var iterations: Int
  /// True when the run stopped on the tolerance or on unchanged labels, false when it hit
  /// the iteration limit.
  public var converged: Bool
  /// Rows per cluster.
  public var sizes: [Int]
  /// The devices that ran the steps, e.g. "cpu".
  public var device: String
  /// Things the caller should know that are not failures (fewer distinct points than k).
  public var warnings: [String]
}
