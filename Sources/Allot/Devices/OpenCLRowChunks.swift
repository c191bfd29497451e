/// How the rows of a data set are split into device buffers: each chunk's largest buffer fits
/// the device's largest allocation, and all chunks together fit the device's memory.
enum OpenCLRowChunks {
  /// Row ranges covering `0..<rows`, in order.
  /// - Parameters:
  ///   - largestBufferBytesPerRow: bytes per row of the chunk's largest buffer (the data).
  ///   - totalBytesPerRow: bytes per row over all of a chunk's buffers.
  ///   - fixedBytes: bytes the session needs besides the per-row buffers.
  ///   - blockRows: chunks hold a multiple of this many rows (the device layout's block).
  /// - Throws: `DeviceError.outOfMemory` with the bytes needed and the bytes the device allows.
  static func plan(
    rows: Int, largestBufferBytesPerRow: Int, totalBytesPerRow: Int, fixedBytes: Int,
    blockRows: Int, limits: OpenCLDeviceLimits, device: String
  ) throws -> [Range<Int>] {
    let needed = rows * totalBytesPerRow + fixedBytes
    if needed > limits.globalMemoryBytes {
      throw DeviceError.outOfMemory(
        device: device, requestedBytes: needed, availableBytes: limits.globalMemoryBytes)
    }
    let rowsPerChunk = min(
      limits.maxAllocationBytes / max(largestBufferBytesPerRow, 1), Int(Int32.max))
    if rowsPerChunk < 1 {
      throw DeviceError.outOfMemory(
        device: device, requestedBytes: largestBufferBytesPerRow,
        availableBytes: limits.maxAllocationBytes)
    }
    guard rows > 0 else { return [0..<0] }
    return Swift.stride(from: 0, to: rows, by: rowsPerChunk).map {
      $0..<min(rows, $0 + rowsPerChunk)
    }
  }

  /// The rows a chunk of `rows` rows occupies on the device: a multiple of `blockRows`.
  static func paddedRows(rows: Int, blockRows: Int) -> Int {
    (rows + blockRows - 1) / blockRows * blockRows
  }

  /// The rows `range` of `matrix` in the kernels' blocked layout: blocks of `blockRows` rows,
  /// column-major inside a block (element (i, j) at `((i / B) * d + j) * B + i % B`), padded
  /// with zero rows to a multiple of `blockRows`; minus `offset[j]` from each column when given.
  /// O(rows x columns).
  static func blocked<Scalar: MatrixScalar>(
    _ matrix: Matrix<Scalar>, rows range: Range<Int>, blockRows: Int, minus offset: [Double]? = nil
  ) -> [Scalar] {
    // Dispatch to code specialised for the concrete type: the generic version converts every
    // element through protocol witnesses when called from another module.
    if Scalar.self == Float.self {
      let floats = transpose(
        unsafeBitCast(matrix, to: Matrix<Float>.self), rows: range, blockRows: blockRows,
        minus: offset)
      return unsafeBitCast(floats, to: [Scalar].self)
    }
    if Scalar.self == Double.self {
      let doubles = transpose(
        unsafeBitCast(matrix, to: Matrix<Double>.self), rows: range, blockRows: blockRows,
        minus: offset)
      return unsafeBitCast(doubles, to: [Scalar].self)
    }
    return transpose(matrix, rows: range, blockRows: blockRows, minus: offset)
  }

  /// The mean of every column of `matrix`, in Float64. O(rows x columns).
  static func columnMeans<Scalar: MatrixScalar>(_ matrix: Matrix<Scalar>) -> [Double] {
    if Scalar.self == Float.self { return means(unsafeBitCast(matrix, to: Matrix<Float>.self)) }
    if Scalar.self == Double.self { return means(unsafeBitCast(matrix, to: Matrix<Double>.self)) }
    return means(matrix)
  }

  /// `values` as Float64. O(count).
  static func widened<Scalar: MatrixScalar>(_ values: [Scalar]) -> [Double] {
    if Scalar.self == Float.self { return unsafeBitCast(values, to: [Float].self).map(Double.init) }
    if Scalar.self == Double.self { return unsafeBitCast(values, to: [Double].self) }
    return values.map { Double($0) }
  }

  /// The sum of the squares of `values`, in Float64, in index order. O(count).
  static func sumOfSquares<Scalar: MatrixScalar>(_ values: [Scalar]) -> Double {
    if Scalar.self == Float.self { return squares(unsafeBitCast(values, to: [Float].self)) }
    if Scalar.self == Double.self { return squares(unsafeBitCast(values, to: [Double].self)) }
    return squares(values)
  }

  private static func squares<T: MatrixScalar>(_ values: [T]) -> Double {
    values.reduce(0) { $0 + Double($1) * Double($1) }
  }

  private static func transpose<T: MatrixScalar>(
    _ matrix: Matrix<T>, rows range: Range<Int>, blockRows: Int, minus offset: [Double]?
  ) -> [T] {
    let d = matrix.columns
    let padded = paddedRows(rows: range.count, blockRows: blockRows)
    var result = [T](repeating: 0, count: padded * d)
    let shifts = offset ?? [Double](repeating: 0, count: d)
    result.withUnsafeMutableBufferPointer { target in
      matrix.withUnsafeBufferPointer { source in
        for i in 0..<range.count {
          let row = (range.lowerBound + i) * d
          let base = (i / blockRows) * d * blockRows + i % blockRows
          for j in 0..<d {
            let value = source[row + j]
            target[base + j * blockRows] = offset == nil ? value : T(Double(value) - shifts[j])
          }
        }
      }
    }
    return result
  }

  private static func means<T: MatrixScalar>(_ matrix: Matrix<T>) -> [Double] {
    let d = matrix.columns
    var sums = [Double](repeating: 0, count: d)
    matrix.withUnsafeBufferPointer { values in
      for row in 0..<matrix.rows {
        for column in 0..<d { sums[column] += Double(values[row * d + column]) }
      }
    }
    return matrix.rows > 0 ? sums.map { $0 / Double(matrix.rows) } : sums
  }
}
