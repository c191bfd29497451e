/// Samples of a linear model with Gaussian noise, for regression:
/// `y = X w + b + noise * e` with `X` and `e` standard normal.
public struct LinearModelSample<Scalar: MatrixScalar>: Sendable {
  /// The features, `rows x columns`, standard normal.
  public var features: Matrix<Scalar>
  /// The targets, one per row.
  public var target: [Scalar]
  /// The true weights, one per column.
  public var weights: [Double]
  /// The true bias.
  public var bias: Double

  /// Generates samples deterministically from `seed`. O(rows x columns), parallel by chunks.
  ///
  /// Stable across versions: `SeededRandom(seed: seed, stream: 0)` draws the weights, then
  /// the bias, each `nextNormal()`; rows are filled in chunks of 16,384, chunk `c` from
  /// `SeededRandom(seed: seed, stream: c + 1)`: per row, each feature `nextNormal()` rounded
  /// to `Scalar`, then the target `sum(x_j w_j) + b + noise * nextNormal()` computed in
  /// Float64 from the rounded features, in column order, and rounded to `Scalar`.
  /// - Precondition: `rows >= 0`, `columns >= 1`, `noise >= 0`.
  public init(rows: Int, columns: Int, noise: Double = 0.1, seed: UInt64) {
    precondition(rows >= 0 && columns >= 1 && noise >= 0, "bad linear model dimensions")
    var parameters = SeededRandom(seed: seed, stream: 0)
    let weights = (0..<columns).map { _ in parameters.nextNormal() }
    let bias = parameters.nextNormal()
    var features = Matrix<Scalar>(rows: rows, columns: columns)
    var target = [Scalar](repeating: 0, count: rows)
    features.withUnsafeMutableBufferPointer { values in
      target.withUnsafeMutableBufferPointer { targetValues in
        guard let valueBase = values.baseAddress, let targetBase = targetValues.baseAddress else {
          return
        }
        let x = SharedPointer(base: valueBase)
        let y = SharedPointer(base: targetBase)
        ChunkedFill.run(rows: rows) { chunk, range in
          var random = SeededRandom(seed: seed, stream: UInt64(chunk) + 1)
          for row in range {
            var sum = 0.0
            for column in 0..<columns {
              let value = Scalar(random.nextNormal())
              x.base[row * columns + column] = value
              sum += Double(value) * weights[column]
            }
            y.base[row] = Scalar(sum + bias + noise * random.nextNormal())
          }
        }
      }
    }
    self.features = features
    self.target = target
    self.weights = weights
    self.bias = bias
  }
}
