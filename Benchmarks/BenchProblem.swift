import Allot

/// The inputs of one benchmark problem, generated or loaded once and reused on every device.
enum BenchProblem<Scalar: MatrixScalar> {
  /// k-means: the points and the initial centers (k distinct rows of the points).
  case kmeans(points: Matrix<Scalar>, initial: Matrix<Scalar>)
  /// Linear regression: features, targets, and the fixed weights and bias each gradient
  /// step is computed at.
  case linreg(features: Matrix<Scalar>, targets: [Scalar], weights: [Scalar], bias: Scalar)

  /// k distinct rows of `points`, chosen with `SeededRandom(seed: seed, stream: 7)`, in the
  /// order drawn. O(k d) expected for k much smaller than n.
  static func initialCenters(points: Matrix<Scalar>, k: Int, seed: UInt64) -> Matrix<Scalar> {
    var random = SeededRandom(seed: seed, stream: 7)
    var chosen: [Int] = []
    var seen = Set<Int>()
    while chosen.count < k {
      let row = random.nextInt(below: points.rows)
      if seen.insert(row).inserted { chosen.append(row) }
    }
    var centers = Matrix<Scalar>(rows: k, columns: points.columns)
    centers.withUnsafeMutableBufferPointer { target in
      for (index, row) in chosen.enumerated() {
        for j in 0..<points.columns { target[index * points.columns + j] = points[row, j] }
      }
    }
    return centers
  }

  /// The weights a gradient step is timed at: half the true weights (or 0.1 per feature on
  /// a user's file) and bias 0.1, so residuals are neither zero nor the raw targets.
  static func stepWeights(truth: [Double]?, features: Int) -> [Scalar] {
    (0..<features).map { j in Scalar(truth.map { 0.5 * $0[j] } ?? 0.1) }
  }
}
