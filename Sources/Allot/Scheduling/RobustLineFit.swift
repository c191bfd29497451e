/// A straight line y = intercept + slope * x fitted by iteratively reweighted least squares
/// with Huber weights, so a few outliers barely move it.
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
  /// values the slope is `defaultSlope` and the intercept the median of y - slope * x.
  /// Otherwise: ordinary least squares, then up to 20 rounds of weighted least squares with
  /// Huber weights min(1, k / |r|), k = 1.345 * 1.4826 * median |r| (the residual scale).
  /// O(iterations * n).
  public static func fit(x: [Double], y: [Double], defaultSlope: Double = 1) -> RobustLineFit {
    precondition(x.count == y.count && !x.isEmpty, "fit needs matching, non-empty samples")
    let distinct = Set(x).count
    if distinct < 2 {
      let offsets = zip(x, y).map { $1 - defaultSlope * $0 }
      return RobustLineFit(intercept: median(offsets), slope: defaultSlope)
    }
    var weights = [Double](repeating: 1, count: x.count)
    var line = weightedLeastSquares(x: x, y: y, weights: weights)
    for _ in 0..<20 {
      let residuals = zip(x, y).map { $1 - line.intercept - line.slope * $0 }
      let scale = 1.4826 * median(residuals.map { abs($0) })
      if scale < 1e-12 { break }
      let threshold = 1.345 * scale
      weights = residuals.map { abs($0) <= threshold ? 1 : threshold / abs($0) }
      let next = weightedLeastSquares(x: x, y: y, weights: weights)
      let converged =
        abs(next.slope - line.slope) < 1e-10 && abs(next.intercept - line.intercept) < 1e-10
      line = next
      if converged { break }
    }
    return line
  }

  /// The value of the line at `x`.
  public func value(at x: Double) -> Double { intercept + slope * x }

  static func weightedLeastSquares(x: [Double], y: [Double], weights: [Double]) -> RobustLineFit {
    var sw = 0.0
    var sx = 0.0
    var sy = 0.0
    for i in x.indices {
      sw += weights[i]
      sx += weights[i] * x[i]
      sy += weights[i] * y[i]
    }
    let mx = sx / sw
    let my = sy / sw
    var sxx = 0.0
    var sxy = 0.0
    for i in x.indices {
      sxx += weights[i] * (x[i] - mx) * (x[i] - mx)
      sxy += weights[i] * (x[i] - mx) * (y[i] - my)
    }
    let slope = sxx > 0 ? sxy / sxx : 0
    return RobustLineFit(intercept: my - slope * mx, slope: slope)
  }

  static func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
}
