/// Column means and variances of a matrix on the CPU path, in Float64, summed over fixed
/// row blocks combined in block order (two passes: means, then squared deviations).
enum CPUColumnStatistics {
  /// Per-column means. O(rows x columns).
  static func means<Scalar: MatrixScalar>(of matrix: Matrix<Scalar>, on device: CPUDevice)
    -> [Double]
  {
    let (sums, _) = moments(of: matrix, shift: nil, on: device)
    let n = Double(max(matrix.rows, 1))
    return sums.map { $0 / n }
  }

  /// Per-column means and population variances. O(rows x columns).
  static func meansAndVariances<Scalar: MatrixScalar>(
    of matrix: Matrix<Scalar>, on device: CPUDevice
  ) -> (means: [Double], variances: [Double]) {
    let means = means(of: matrix, on: device)
    let (sums, squares) = moments(of: matrix, shift: means, on: device)
    let n = Double(max(matrix.rows, 1))
    var variances = [Double](repeating: 0, count: matrix.columns)
    for j in 0..<matrix.columns {
      let mean = sums[j] / n
      variances[j] = max(0, squares[j] / n - mean * mean)
    }
    return (means, variances)
  }

  /// sum_i |x_i - shift|^2 over the rows, in Float64 (`shift` has one value per column).
  /// O(rows x columns).
  static func squaredDeviations<Scalar: MatrixScalar>(
    of matrix: Matrix<Scalar>, from shift: [Double], on device: CPUDevice
  ) -> Double {
    moments(of: matrix, shift: shift, on: device).1.reduce(0, +)
  }

  private static func moments<Scalar: MatrixScalar>(
    of matrix: Matrix<Scalar>, shift: [Double]?, on device: CPUDevice
  ) -> ([Double], [Double]) {
    let d = matrix.columns
    let blocks = RowBlocks(
      rows: matrix.rows, minimumRows: 16384, maximumBlocks: 32, granularity: 64)
    let count = blocks.count
    let partial = UnsafeMutablePointer<Double>.allocate(capacity: max(2 * count * d, 1))
    partial.initialize(repeating: 0, count: max(2 * count * d, 1))
    defer { partial.deallocate() }
    let base = matrix.baseAddress
    let isa = device.instructionSet
    let shiftStore = shift ?? []
    shiftStore.withUnsafeBufferPointer { shiftPointer in
      device.parallel(count) { block in
        let range = blocks.range(block)
        CPUKernels.columnMoments(
          isa, x: base + range.lowerBound * d, rows: range.count, d: d,
          shift: shift == nil ? nil : shiftPointer.baseAddress,
          sums: partial + 2 * block * d, squares: partial + (2 * block + 1) * d)
      }
    }
    var sums = [Double](repeating: 0, count: d)
    var squares = [Double](repeating: 0, count: d)
    for block in 0..<count {
      for j in 0..<d {
        sums[j] += partial[2 * block * d + j]
        squares[j] += partial[(2 * block + 1) * d + j]
      }
    }
    return (sums, squares)
  }
}
