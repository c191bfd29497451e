/// Points drawn around random centers, for k-means: each row picks a cluster uniformly
/// and adds independent normal noise of standard deviation `spread` to its center.
public struct GaussianBlobs<Scalar: MatrixScalar>: Sendable {
  /// The points, `rows x columns`.
  public var points: Matrix<Scalar>
  /// The true centers, `clusters x columns`.
  public var centers: Matrix<Scalar>
  /// The cluster each point was drawn from.
  public var labels: [Int32]

  /// Generates blobs deterministically from `seed`. O(rows x columns), parallel by chunks.
  ///
  /// Stable across versions: centers are drawn row by row from `SeededRandom(seed: seed,
  /// stream: 0)` uniformly in `[-centerBox, centerBox)` as `centerBox * (2 u - 1)`; rows are
  /// filled in chunks of 16,384, chunk `c` from `SeededRandom(seed: seed, stream: c + 1)`:
  /// per row, the label `nextInt(below: clusters)`, then per column
  /// `center + spread * nextNormal()`, computed in Float64 and rounded to `Scalar`.
  /// - Precondition: `rows >= 0`, `columns >= 1`, `clusters >= 1`.
  public init(
    rows: Int, columns: Int, clusters: Int, spread: Double = 1, centerBox: Double = 10,
    seed: UInt64
  ) {
    precondition(rows >= 0 && columns >= 1 && clusters >= 1, "bad blob dimensions")
    var parameters = SeededRandom(seed: seed, stream: 0)
    var centerValues = [Double](repeating: 0, count: clusters * columns)
    for index in centerValues.indices {
      centerValues[index] = centerBox * (2 * parameters.nextDouble() - 1)
    }
    let centerTable = centerValues
    var points = Matrix<Scalar>(rows: rows, columns: columns)
    var labels = [Int32](repeating: 0, count: rows)
    points.withUnsafeMutableBufferPointer { values in
      labels.withUnsafeMutableBufferPointer { labelValues in
        guard let valueBase = values.baseAddress, let labelBase = labelValues.baseAddress else {
          return
        }
        let target = SharedPointer(base: valueBase)
        let labelTarget = SharedPointer(base: labelBase)
        ChunkedFill.run(rows: rows) { chunk, range in
          var random = SeededRandom(seed: seed, stream: UInt64(chunk) + 1)
          for row in range {
            let label = random.nextInt(below: clusters)
            labelTarget.base[row] = Int32(label)
            for column in 0..<columns {
              let value = centerTable[label * columns + column] + spread * random.nextNormal()
              target.base[row * columns + column] = Scalar(value)
            }
          }
        }
      }
    }
    self.points = points
    self.centers = Matrix(
      rows: clusters, columns: columns, elements: centerValues.map { Scalar($0) })
    self.labels = labels
  }
}
