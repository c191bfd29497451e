import Allot

/// Correctness checks of one benchmark run against plain Float64 references computed here,
/// row by row, from the same Float32 (or Float64) inputs the device read.
public enum BenchCheck {
  /// Relative tolerance of a label's distance against the nearest center's, as a fraction of
  /// the squared norms involved (measured from the centers' mean): Float32 expanded-form
  /// distances lose about 1e-7 of that, so a gap below this is a near-tie either label may win.
  public static let tieTolerance = 1e-5
  /// Relative tolerance of Float64-accumulated sums (cluster sums, gradient sums) against
  /// the reference, as a fraction of the sum of absolute terms.
  public static let sumTolerance = 2e-5
  /// Relative tolerance of the inertia and of the squared-residual sum.
  public static let squareTolerance = 1e-4

  /// Checks that the label of every row in `sample` names a center whose Float64 squared
  /// distance from the row is the smallest, or within the near-tie tolerance of it.
  /// O(|sample| k d).
  /// - Parameters:
  ///   - points: the n x d points the labels belong to.
  ///   - centers: the k x d centers the labels were computed against.
  ///   - labels: one label per point (at least as many as the largest sampled row).
  ///   - sample: row indices into `points`.
  public static func kmeansLabels<Scalar: MatrixScalar>(
    points: Matrix<Scalar>, centers: Matrix<Scalar>, labels: [Int32], sample: [Int]
  ) -> BenchCheckOutcome {
    let k = centers.rows
    let d = centers.columns
    guard points.columns == d else {
      return BenchCheckOutcome(
        passed: false, detail: "points have \(points.columns) columns, centers \(d)")
    }
    let center = (0..<k).map { c in (0..<d).map { Double(centers[c, $0]) } }
    let middle = (0..<d).map { j in center.reduce(0) { $0 + $1[j] } / Double(max(k, 1)) }
    var nearTies = 0
    for row in sample {
      guard row < labels.count else {
        return BenchCheckOutcome(
          passed: false, detail: "no label for row \(row) (\(labels.count) labels)")
      }
      let label = Int(labels[row])
      guard label >= 0 && label < k else {
        return BenchCheckOutcome(
          passed: false, detail: "row \(row) has label \(label), outside 0..<\(k)")
      }
      let x = (0..<d).map { Double(points[row, $0]) }
      var best = Double.infinity
      var bestIndex = 0
      var assigned = 0.0
      for c in 0..<k {
        var distance = 0.0
        for j in 0..<d {
          let difference = x[j] - center[c][j]
          distance += difference * difference
        }
        if distance < best {
          best = distance
          bestIndex = c
        }
        if c == label { assigned = distance }
      }
      if label == bestIndex { continue }
      var scale = 0.0
      for j in 0..<d {
        let a = x[j] - middle[j]
        let b = center[bestIndex][j] - middle[j]
        scale += a * a + b * b
      }
      if assigned - best <= tieTolerance * scale + 1e-4 * best {
        nearTies += 1
        continue
      }
      return BenchCheckOutcome(
        passed: false,
        detail:
          "row \(row): label \(label) at squared distance \(assigned), but center \(bestIndex) "
          + "is at \(best)")
    }
    return BenchCheckOutcome(
      passed: true,
      detail: "labels of \(sample.count) sampled rows match Float64 (\(nearTies) near-ties)")
  }

  /// Checks one k-means step's partial over `points` (a row range) against Float64 sums
  /// computed from `labels`: counts exactly, cluster sums within `sumTolerance` of the sum of
  /// absolute values, the inertia within `squareTolerance`. O(n d).
  /// - Parameters:
  ///   - points: the rows the partial covers.
  ///   - centers: the centers of the step.
  ///   - labels: the step's label of each of those rows.
  ///   - partial: what the device returned.
  public static func kmeansPartial<Scalar: MatrixScalar>(
    points: Matrix<Scalar>, centers: Matrix<Scalar>, labels: [Int32], partial: KMeansPartial
  ) -> BenchCheckOutcome {
    let k = centers.rows
    let d = centers.columns
    guard labels.count == points.rows else {
      return BenchCheckOutcome(
        passed: false, detail: "\(labels.count) labels for \(points.rows) rows")
    }
    guard partial.sums.count == k * d, partial.counts.count == k else {
      return BenchCheckOutcome(
        passed: false,
        detail: "partial has \(partial.sums.count) sums and \(partial.counts.count) counts "
          + "for k=\(k), d=\(d)")
    }
    var sums = [Double](repeating: 0, count: k * d)
    var magnitudes = [Double](repeating: 0, count: k * d)
    var counts = [Int](repeating: 0, count: k)
    var inertia = 0.0
    for row in 0..<points.rows {
      let label = Int(labels[row])
      guard label >= 0 && label < k else {
        return BenchCheckOutcome(
          passed: false, detail: "row \(row) has label \(label), outside 0..<\(k)")
      }
      counts[label] += 1
      for j in 0..<d {
        let value = Double(points[row, j])
        sums[label * d + j] += value
        magnitudes[label * d + j] += abs(value)
        let difference = value - Double(centers[label, j])
        inertia += difference * difference
      }
    }
    for c in 0..<k where counts[c] != partial.counts[c] {
      return BenchCheckOutcome(
        passed: false,
        detail: "cluster \(c) counts \(partial.counts[c]) rows, Float64 reference \(counts[c])")
    }
    for index in sums.indices
    where abs(partial.sums[index] - sums[index]) > sumTolerance * magnitudes[index] + 1e-9 {
      return BenchCheckOutcome(
        passed: false,
        detail:
          "sum of cluster \(index / d) column \(index % d) is \(partial.sums[index]), "
          + "Float64 reference \(sums[index])")
    }
    if abs(partial.inertia - inertia) > squareTolerance * inertia + 1e-9 {
      return BenchCheckOutcome(
        passed: false,
        detail: "inertia \(partial.inertia), Float64 reference \(inertia)")
    }
    return BenchCheckOutcome(
      passed: true, detail: "partial sums of \(points.rows) rows match Float64")
  }

  /// Checks a gradient partial over `range` against Float64 sums of r_i x_i, r_i and r_i^2
  /// with r_i = x_i . w + b - y_i computed in Float64 from the same inputs. O(|range| d).
  public static func gradient<Scalar: MatrixScalar>(
    features: Matrix<Scalar>, targets: [Scalar], weights: [Scalar], bias: Scalar,
    range: Range<Int>, partial: GradientPartial
  ) -> BenchCheckOutcome {
    let d = features.columns
    guard partial.weightSums.count == d else {
      return BenchCheckOutcome(
        passed: false, detail: "partial has \(partial.weightSums.count) sums for d=\(d)")
    }
    guard partial.rows == range.count else {
      return BenchCheckOutcome(
        passed: false, detail: "partial sums \(partial.rows) rows, expected \(range.count)")
    }
    let w = weights.map { Double($0) }
    let b = Double(bias)
    var sums = [Double](repeating: 0, count: d)
    var magnitudes = [Double](repeating: 0, count: d)
    var residualSum = 0.0
    var residualMagnitude = 0.0
    var squares = 0.0
    var squareMagnitude = 0.0
    for row in range {
      var r = b - Double(targets[row])
      var size = abs(b) + abs(Double(targets[row]))
      for j in 0..<d {
        let term = Double(features[row, j]) * w[j]
        r += term
        size += abs(term)
      }
      residualSum += r
      residualMagnitude += size
      squares += r * r
      squareMagnitude += abs(r) * size
      for j in 0..<d {
        let x = Double(features[row, j])
        sums[j] += r * x
        magnitudes[j] += size * abs(x)
      }
    }
    for j in 0..<d where abs(partial.weightSums[j] - sums[j]) > sumTolerance * magnitudes[j] + 1e-9
    {
      return BenchCheckOutcome(
        passed: false,
        detail: "gradient sum of feature \(j) is \(partial.weightSums[j]), "
          + "Float64 reference \(sums[j])")
    }
    if abs(partial.residualSum - residualSum) > sumTolerance * residualMagnitude + 1e-9 {
      return BenchCheckOutcome(
        passed: false,
        detail: "residual sum \(partial.residualSum), Float64 reference \(residualSum)")
    }
    if abs(partial.squaredResidualSum - squares)
      > squareTolerance * squares + 2 * sumTolerance * squareMagnitude + 1e-9
    {
      return BenchCheckOutcome(
        passed: false,
        detail: "squared residual sum \(partial.squaredResidualSum), Float64 reference \(squares)")
    }
    return BenchCheckOutcome(
      passed: true, detail: "gradient over \(range.count) rows matches Float64")
  }
}
