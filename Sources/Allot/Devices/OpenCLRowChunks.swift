/// How the rows of a data set are split into device buffers: each chunk's largest buffer fits
/// the device's largest allocation, and all chunks together fit the device's memory.
enum OpenCLRowChunks {
  /// Row ranges covering `0..<rows`, in order.
  /// - Parameters:
  ///   - largestBufferBytesPerRow: bytes per row of the chunk's largest buffer (the data).
  ///   - totalBytesPerRow: bytes per row over all of a chunk's buffers.
  ///   - fixedBytes: bytes the session needs besides the per-row buffers.
  /// - Throws: `DeviceError.outOfMemory` with the bytes needed and the bytes the device allows.
  static func plan(
    rows: Int, largestBufferBytesPerRow: Int, totalBytesPerRow: Int, fixedBytes: Int,
    limits: OpenCLDeviceLimits, device: String
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
    return stride(from: 0, to: rows, by: rowsPerChunk).map { $0..<min(rows, $0 + rowsPerChunk) }
  }

  /// The column stride of a chunk of `rows` rows for kernels that read `vectorWidth` rows at
  /// once: a multiple of the width, with at least one width of zero padding.
  static func columnStride(rows: Int, vectorWidth: Int) -> Int {
    (rows + vectorWidth - 1) / vectorWidth * vectorWidth + vectorWidth
  }

  /// The rows `range` of `matrix`, column-major with column stride `stride`
  /// (`result[j * stride + i]` is column j of row `range.lowerBound + i`; the padding rows are
  /// zero), minus `offset[j]` from each column when given.
  static func columnMajor<Scalar: MatrixScalar>(
    _ matrix: Matrix<Scalar>, rows range: Range<Int>, stride count: Int,
    minus offset: [Double]? = nil
  ) -> [Scalar] {
    let d = matrix.columns
    var result = [Scalar](repeating: 0, count: count * d)
    result.withUnsafeMutableBufferPointer { target in
      matrix.withUnsafeBufferPointer { source in
        let block = 64
        for rowBlock in Swift.stride(from: 0, to: range.count, by: block) {
          let blockEnd = min(range.count, rowBlock + block)
          for j in 0..<d {
            let shift = offset?[j] ?? 0
            for i in rowBlock..<blockEnd {
              let value = source[(range.lowerBound + i) * d + j]
              target[j * count + i] = offset == nil ? value : Scalar(Double(value) - shift)
            }
          }
        }
      }
    }
    return result
  }
}
