/// A straight line y = intercept + slope * x fitted by iteratively reweighted least squares
/// with Huber weights, so a few outliers barely move it. Each round is a weighted
/// `LinearRegression` fit (normal equations) with the Huber weights as sample weights.
public struct RobustLineFit: Sendable, Equatable, Codable {
  /// The value at x = 0.
  public var intercept: Double
  /// The change in y per unit of x.
  public var slope: Double

  /// A line with the given coefficients.
  public init(intercept: Double, slope: Double) {
    self.intercept = intercept
    self.slope = slope
  }

  /// Fits `y` against `x` (same length, at least one point). With fewer than two distinct x
  /// values (or x values too close to separate) the slope is `defaultSlope` and the
  /// intercept the median of y - slope * x. Otherwise: ordinary least squares, then up to 20 rounds of weighted least squares with
  /// Huber weights min(1, k / |r|), k = 1.345 * 1.4826 * median |r| (the residual scale).
  /// O(iterations * n).
  public static func fit(x: [Double], y: [Double], defaultSlope: Double = 1) -> RobustLineFit {
    precondition(x.count == y.count && !x.isEmpty, "fit needs matching, non-empty samples")
    let fallback = {
      RobustLineFit(
        intercept: median(zip(x, y).map { $1 - defaultSlope * $0 }), slope: defaultSlope)
    }
    if Set(x).count < 2 { return fallback() }
    var weights = [Double](repeating: 1, count: x.count)
    guard var line = weightedLeastSquares(x: x, y: y, weights: weights) else { return fallback() }
    for _ in 0..<20 {
      let residuals = zip(x, y).map { $1 - line.intercept - line.slope * $0 }
      let scale = 1.4826 * median(residuals.map { abs($0) })
      if scale < 1e-12 { break }
      let threshold = 1.345 * scale
      weights = residuals.map { abs($0) <= threshold ? 1 : threshold / abs($0) }
      guard let next = weightedLeastSquares(x: x, y: y, weights: weights) else { break }
      let converged =
        abs(next.slope - line.slope) < 1e-10 && abs(next.intercept - line.intercept) < 1e-10
      line = next
      if converged { break }
    }
    return line
  }

  /// The value of the line at `x`.
  public func value(at x: Double) -> Double { intercept + slope * x }

  /// The weighted least-squares line through (x, y), solved by Allot's own linear
  /// regression (weighted normal equations in Float64) on x centred at its mean, which keeps
  /// the 2 x 2 system well conditioned; nil when it is singular.
  static func weightedLeastSquares(x: [Double], y: [Double], weights: [Double]) -> RobustLineFit? {
    let center = x.reduce(0, +) / Double(x.count)
    let features = Matrix<Double>(rows: x.count, columns: 1, elements: x.map { $0 - center })
    guard
      let result = try? LinearRegression.fit(
        features: features, targets: y, sampleWeights: weights,
        options: LinearRegressionOptions(solver: .normalEquations))
    else { return nil }
    let slope = result.weights[0]
    return RobustLineFit(intercept: result.bias - slope * center, slope: slope)
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}
