/// Settings of a k-means fit. Defaults follow scikit-learn's `KMeans`.
public struct KMeansOptions: Sendable {
  /// How the first centers are chosen.
  public enum Initialization: Sendable {
    /// Greedy k-means++: each new center is the best of 2 + ln k candidates drawn with
    /// probability proportional to the squared distance to the nearest chosen center.
    case kMeansPlusPlus
    /// k distinct rows drawn uniformly.
    case random
    /// These centers (k x columns of the data).
    case given(Matrix<Double>)
  }

  /// Number of clusters, at least 1 and at most the number of rows.
  public var clusters: Int
  /// How the first centers are chosen.
  public var initialization: Initialization
  /// Most Lloyd iterations per run.
  public var maxIterations: Int
  /// Convergence: stop when the sum of squared center shifts is at most `tolerance` times
  /// the mean per-column variance of the data (scikit-learn's rule).
  public var tolerance: Double
  /// Runs with different seeds (ignored with given centers); the lowest inertia wins.
  public var restarts: Int
  /// Seed of the random choices.
  public var seed: UInt64

  /// Options for `clusters` clusters; see the properties for the meaning of the others.
  public init(
    clusters: Int, initialization: Initialization = .kMeansPlusPlus, maxIterations: Int = 300,
    tolerance: Double = 1e-4, restarts: Int = 1, seed: UInt64 = 0
  ) {
    self.clusters = clusters
    self.initialization = initialization
    self.maxIterations = maxIterations
    self.tolerance = tolerance
    self.restarts = restarts
    self.seed = seed
  }
}
