/// The closed-form least-squares solution with an intercept and a ridge penalty, in
/// Float64: (X^T X / n + l2 I) w + (X^T 1 / n) b = X^T y / n and mean residual 0, solved
/// by Cholesky factorisation of the (d + 1) x (d + 1) system. With sample weights v_i every
/// sum is weighted and n becomes sum v_i.
enum NormalEquations {
  /// Weights and bias minimising J (weighted by `sampleWeights` when given, one per row,
  /// non-negative with a positive sum). O(rows x columns^2 + columns^3).
  /// - Throws: `WorkloadError.collinearFeatures` when a pivot vanishes (relative 1e-10).
  static func solve<Scalar: MatrixScalar>(
    features: Matrix<Scalar>, targets: [Scalar], l2: Double, sampleWeights: [Double]? = nil
  ) throws -> (weights: [Double], bias: Double) {
    let n = features.rows
    let d = features.columns
    let size = d + 1
    var gram = [Double](repeating: 0, count: size * size)
    var rhs = [Double](repeating: 0, count: size)
    var row = [Double](repeating: 0, count: size)
    features.withUnsafeBufferPointer { x in
      for i in 0..<n {
        for j in 0..<d { row[j] = Double(x[i * d + j]) }
        row[d] = 1
        let y = Double(targets[i])
        let v = sampleWeights?[i] ?? 1
        if v == 0 { continue }
        for a in 0..<size {
          let va = row[a] * v
          rhs[a] += va * y
          for b in 0...a { gram[a * size + b] += va * row[b] }
        }
      }
    }
    let scale = 1 / (sampleWeights?.reduce(0, +) ?? Double(n))
    for a in 0..<size {
      rhs[a] *= scale
      for b in 0...a {
        gram[a * size + b] *= scale
        gram[b * size + a] = gram[a * size + b]
      }
    }
    for j in 0..<d { gram[j * size + j] += l2 }
    // Cholesky: gram = L L^T, lower triangle in place.
    let largest = (0..<size).map { gram[$0 * size + $0] }.max() ?? 1
    for j in 0..<size {
      var pivot = gram[j * size + j]
      for p in 0..<j { pivot -= gram[j * size + p] * gram[j * size + p] }
      if !(pivot > 1e-10 * max(largest, 1e-300)) {
        throw WorkloadError.collinearFeatures(column: j, columns: d)
      }
      let root = pivot.squareRoot()
      gram[j * size + j] = root
      for i in (j + 1)..<size {
        var value = gram[i * size + j]
        for p in 0..<j { value -= gram[i * size + p] * gram[j * size + p] }
        gram[i * size + j] = value / root
      }
    }
    var z = rhs
    for i in 0..<size {
      for p in 0..<i { z[i] -= gram[i * size + p] * z[p] }
      z[i] /= gram[i * size + i]
    }
    for i in stride(from: size - 1, through: 0, by: -1) {
      for p in (i + 1)..<size { z[i] -= gram[p * size + i] * z[p] }
      z[i] /= gram[i * size + i]
    }
    return (Array(z[0..<d]), z[d])
  }
}
