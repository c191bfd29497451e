/// The closed-form least-squares solution with an intercept and a ridge penalty, in
/// Float64, minimising J = 1/(2n) sum (x_i.w + b - y_i)^2 + (l2/2) |w|^2. With sample
/// weights v_i every sum (and every mean) is weighted and n becomes sum v_i.
///
/// The intercept is eliminated by centring: with column means m and target mean ybar the
/// weights solve (C^T C / n + l2 I) w = C^T (y - ybar) / n, where C = X - 1 m^T, and
/// b = ybar - m.w. The d x d system is then equilibrated (each row and column divided by the
/// square root of its diagonal entry, so the diagonal is 1) before the Cholesky
/// factorisation. Scales and offsets of the features therefore do not affect which data are
/// accepted: only features that are constant (with l2 = 0) or linear combinations of the
/// others are refused. Means are taken of values shifted by the first row (of positive
/// weight), so a constant column centres to exactly 0.
enum NormalEquations {
  /// A pivot of the equilibrated Cholesky factorisation (whose diagonal is 1) at or below
  /// `d * relativePivotTolerance` means the feature is a linear combination of the features
  /// before it (up to rounding).
  static var relativePivotTolerance: Double { 4 * Double.ulpOfOne }

  /// Weights and bias minimising J (weighted by `sampleWeights` when given, one per row,
  /// non-negative with a positive sum). O(rows x columns^2 + columns^3).
  /// - Throws: `WorkloadError.collinearFeatures` (0-based column) when a feature is
  ///   constant (and l2 = 0) or its equilibrated pivot is at most
  ///   d x `relativePivotTolerance`.
  static func solve<Scalar: MatrixScalar>(
    features: Matrix<Scalar>, targets: [Scalar], l2: Double, sampleWeights: [Double]? = nil
  ) throws -> (weights: [Double], bias: Double) {
    let n = features.rows
    let d = features.columns
    let first = sampleWeights?.firstIndex(where: { $0 > 0 }) ?? 0
    // Shifted means (shift: the first row of positive weight), so constant columns centre
    // to exactly 0.
    var shift = [Double](repeating: 0, count: d)
    var mean = [Double](repeating: 0, count: d)
    let targetShift = Double(targets[first])
    var targetMean = 0.0
    features.withUnsafeBufferPointer { x in
      for j in 0..<d { shift[j] = Double(x[first * d + j]) }
      for i in 0..<n {
        let v = sampleWeights?[i] ?? 1
        if v == 0 { continue }
        for j in 0..<d { mean[j] += v * (Double(x[i * d + j]) - shift[j]) }
        targetMean += v * (Double(targets[i]) - targetShift)
      }
    }
    let count = sampleWeights?.reduce(0, +) ?? Double(n)
    for j in 0..<d { mean[j] /= count }
    targetMean /= count
    // Centred Gram matrix (lower triangle) and right-hand side.
    var gram = [Double](repeating: 0, count: d * d)
    var rhs = [Double](repeating: 0, count: d)
    var row = [Double](repeating: 0, count: d)
    features.withUnsafeBufferPointer { x in
      for i in 0..<n {
        let v = sampleWeights?[i] ?? 1
        if v == 0 { continue }
        for j in 0..<d { row[j] = Double(x[i * d + j]) - shift[j] - mean[j] }
        let y = Double(targets[i]) - targetShift - targetMean
        for a in 0..<d {
          let va = row[a] * v
          rhs[a] += va * y
          for b in 0...a { gram[a * d + b] += va * row[b] }
        }
      }
    }
    for a in 0..<d {
      rhs[a] /= count
      for b in 0...a { gram[a * d + b] /= count }
      gram[a * d + a] += l2
    }
    // Equilibration: A' = S^-1 A S^-1 with S = sqrt(diag A), so diag A' = 1.
    var scale = [Double](repeating: 1, count: d)
    for j in 0..<d {
      let diagonal = gram[j * d + j]
      guard diagonal > 0, diagonal.isFinite else {
        throw WorkloadError.collinearFeatures(column: j, columns: d)
      }
      scale[j] = diagonal.squareRoot()
    }
    for a in 0..<d {
      rhs[a] /= scale[a]
      for b in 0...a { gram[a * d + b] /= scale[a] * scale[b] }
    }
    // Cholesky: A' = L L^T, lower triangle in place; relative pivot threshold.
    let threshold = Double(max(d, 1)) * relativePivotTolerance
    for j in 0..<d {
      var pivot = gram[j * d + j]
      for p in 0..<j { pivot -= gram[j * d + p] * gram[j * d + p] }
      if !(pivot > threshold) {
        throw WorkloadError.collinearFeatures(column: j, columns: d)
      }
      let root = pivot.squareRoot()
      gram[j * d + j] = root
      for i in (j + 1)..<d {
        var value = gram[i * d + j]
        for p in 0..<j { value -= gram[i * d + p] * gram[j * d + p] }
        gram[i * d + j] = value / root
      }
    }
    var z = rhs
    for i in 0..<d {
      for p in 0..<i { z[i] -= gram[i * d + p] * z[p] }
      z[i] /= gram[i * d + i]
    }
    for i in stride(from: d - 1, through: 0, by: -1) {
      for p in (i + 1)..<d { z[i] -= gram[p * d + i] * z[p] }
      z[i] /= gram[i * d + i]
    }
    // Back to the original units: w = S^-1 z, b = ybar - m.w.
    var weights = [Double](repeating: 0, count: d)
    var bias = targetShift + targetMean
    for j in 0..<d {
      weights[j] = z[j] / scale[j]
      bias -= weights[j] * (shift[j] + mean[j])
    }
    return (weights, bias)
  }
}
