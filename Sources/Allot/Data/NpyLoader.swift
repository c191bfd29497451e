/// Reads NumPy `.npy` files: format versions 1.0, 2.0 and 3.0; element types `f4`, `f8`,
/// `i4`, `i8` in either byte order; C or Fortran order; 1-D arrays as one column, 2-D arrays
/// as rows x columns.
///
/// The file is memory-mapped once. When the element type equals the working precision, the
/// bytes are little-endian in C order, every column is kept and the data start 64 bytes into
/// the file (numpy pads headers so that they do), the matrix borrows the mapping without a
/// copy; otherwise values are converted in one pass over the mapping.
public enum NpyLoader {
  /// Loads `path` with `options` (`hasHeader` does not apply to arrays). With
  /// `MissingPolicy.drop`, a row with a NaN in a chosen column is dropped and counted like a
  /// missing cell of a text file; an infinity is an error under either policy.
  /// - Throws: `DataError`: `.fileNotFound`/`.unreadable` (66); `.emptyFile`,
  ///   `.npyBadMagic`, `.npyUnsupportedVersion`, `.npyBadHeader`, `.npyUnsupportedDType`,
  ///   `.npyUnsupportedShape` (not 1-D or 2-D), `.npySizeMismatch` (truncated file or lying
  ///   header), `.noRows`, `.noColumns`, `.allRowsDropped`, `.unknownColumn` (arrays have no
  ///   names), `.columnOutOfRange`, `.nonFinite` (first NaN, with `MissingPolicy.error`, or
  ///   infinity in row-major order, 0-based row), `.float32Overflow` (65).
  public static func load(path: String, options: LoadOptions = LoadOptions()) throws
    -> LoadedData
  {
    try load(path: path, options: options, request: ColumnRequest(options.columns))
  }

  static func load(path: String, options: LoadOptions, request: ColumnRequest) throws
    -> LoadedData
  {
    let file = try MappedFile(path: path)
    guard file.size > 0 else { throw DataError.emptyFile(path: path) }
    let header = try NpyHeader(bytes: file.bytes, path: path)
    let rows: Int
    let columns: Int
    switch header.shape.count {
    case 1: (rows, columns) = (header.shape[0], 1)
    case 2: (rows, columns) = (header.shape[0], header.shape[1])
    default: throw DataError.npyUnsupportedShape(path: path, shape: header.shape)
    }
    let (elements, overflow1) = rows.multipliedReportingOverflow(by: columns)
    let (expectedBytes, overflow2) = elements.multipliedReportingOverflow(by: header.dtype.size)
    guard !overflow1, !overflow2 else {
      throw DataError.npyBadHeader(path: path, reason: "shape \(header.shape) is too large")
    }
    let actualBytes = file.size - header.dataOffset
    guard actualBytes == expectedBytes else {
      throw DataError.npySizeMismatch(
        path: path, expectedBytes: expectedBytes, actualBytes: actualBytes)
    }
    guard rows > 0 else { throw DataError.noRows(path: path) }
    guard columns > 0 else { throw DataError.noColumns(path: path) }
    let selected = try request.resolve(nil, columns, path)
    let layout = Layout(
      file: file, header: header, rows: rows, columns: columns, selected: selected, path: path,
      dropNaN: options.missing == .drop)
    let matrix: AnyMatrix
    let dropped: [Int]
    switch options.precision.resolved(natural: header.dtype.naturalPrecision) {
    case .f32:
      let (values, indices) = try layout.read(as: Float.self)
      (matrix, dropped) = (.f32(values), indices)
    case .f64:
      let (values, indices) = try layout.read(as: Double.self)
      (matrix, dropped) = (.f64(values), indices)
    }
    return LoadedData(
      matrix: matrix, columnNames: nil, sourceColumns: selected, droppedRows: dropped.count,
      path: path, droppedRowIndices: dropped)
  }

  /// The data part of a mapped file and how to walk it.
  private struct Layout {
    var file: MappedFile
    var header: NpyHeader
    var rows: Int
    var columns: Int
    var selected: [Int]
    var path: String
    /// Drop rows with a NaN in a chosen column instead of failing (`MissingPolicy.drop`).
    var dropNaN: Bool

    /// The chosen columns of the kept rows, and the 0-based indices of the dropped rows.
    func read<Scalar: MatrixScalar>(as _: Scalar.Type) throws -> (Matrix<Scalar>, [Int]) {
      guard let fileBase = file.base else { throw DataError.emptyFile(path: path) }
      let data = UnsafeRawPointer(fileBase + header.dataOffset)
      let dtype = header.dtype
      let canBorrow =
        dtype.kind == .float && dtype.size == MemoryLayout<Scalar>.size && !dtype.bigEndian
        && (!header.fortranOrder || columns == 1 || rows == 1)
        && selected == Array(0..<columns) && header.dataOffset % 64 == 0
      var sawNaN = false
      if canBorrow {
        let typed = UnsafeMutableRawPointer(mutating: data).assumingMemoryBound(to: Scalar.self)
        let values = UnsafeBufferPointer(start: typed, count: rows * columns)
        var largest: Scalar = 0
        for index in values.indices {
          let magnitude = values[index].magnitude
          guard magnitude.isFinite else {
            if dropNaN, magnitude.isNaN {
              sawNaN = true
              break
            }
            throw nonFinite(index / columns, index % columns, Double(values[index]))
          }
          if magnitude > largest { largest = magnitude }
        }
        if !sawNaN {
          try checkRange(Double(largest), Scalar.self)
          let mapping = file
          let storage = MatrixStorage<Scalar>(
            borrowing: typed, count: rows * columns, release: { withExtendedLifetime(mapping) {} }
          )
          return (Matrix(storage: storage, rows: rows, columns: columns), [])
        }
      }
      var matrix = Matrix<Scalar>(rows: rows, columns: selected.count)
      if !sawNaN {
        let outcome = matrix.withUnsafeMutableBufferPointer { target in
          convertAll(data, target, dropping: false)
        }
        if let (row, column, value) = outcome.firstNonFinite {
          guard dropNaN, value.isNaN else { throw nonFinite(row, column, value) }
        } else {
          try checkRange(outcome.largest, Scalar.self)
          return (matrix, [])
        }
      }
      // A NaN with MissingPolicy.drop: convert again, row by row, leaving out such rows.
      var dropped: [Int] = []
      let outcome = matrix.withUnsafeMutableBufferPointer { target in
        convertAll(data, target, dropping: true, dropped: &dropped)
      }
      if let (row, column, value) = outcome.firstNonFinite { throw nonFinite(row, column, value) }
      let kept = rows - dropped.count
      guard kept > 0 else { throw DataError.allRowsDropped(path: path, rows: rows) }
      try checkRange(outcome.largest, Scalar.self)
      return (matrix.rows(0..<kept), dropped)
    }

    /// Converts every selected element with the decoder of the file's element type.
    private func convertAll<Scalar: MatrixScalar>(
      _ data: UnsafeRawPointer, _ target: UnsafeMutableBufferPointer<Scalar>, dropping: Bool
    ) -> Outcome {
      var unused: [Int] = []
      return convertAll(data, target, dropping: dropping, dropped: &unused)
    }

    private func convertAll<Scalar: MatrixScalar>(
      _ data: UnsafeRawPointer, _ target: UnsafeMutableBufferPointer<Scalar>, dropping: Bool,
      dropped: inout [Int]
    ) -> Outcome {
      let dtype = header.dtype
      let swap = dtype.bigEndian
      if dropping {
        switch (dtype.kind, dtype.size) {
        case (.float, 4):
          return convertDroppingNaN(data, target, swap, &dropped) { (bits: UInt32) in
            Double(Float(bitPattern: bits))
          }
        case (.float, _):
          return convertDroppingNaN(data, target, swap, &dropped) { (bits: UInt64) in
            Double(bitPattern: bits)
          }
        case (.signedInteger, 4):
          return convertDroppingNaN(data, target, swap, &dropped) { (bits: UInt32) in
            Double(Int32(bitPattern: bits))
          }
        case (.signedInteger, _):
          return convertDroppingNaN(data, target, swap, &dropped) { (bits: UInt64) in
            Double(Int64(bitPattern: bits))
          }
        }
      }
      switch (dtype.kind, dtype.size) {
      case (.float, 4):
        return convert(data, target, swap) { (bits: UInt32) in Double(Float(bitPattern: bits)) }
      case (.float, _):
        return convert(data, target, swap) { (bits: UInt64) in Double(bitPattern: bits) }
      case (.signedInteger, 4):
        return convert(data, target, swap) { (bits: UInt32) in Double(Int32(bitPattern: bits)) }
      case (.signedInteger, _):
        return convert(data, target, swap) { (bits: UInt64) in Double(Int64(bitPattern: bits)) }
      }
    }

    private struct Outcome {
      var largest: Double
      var firstNonFinite: (Int, Int, Double)?
    }

    /// Converts every selected element, row-major, stopping at the first non-finite value.
    @inline(__always)
    private func convert<Bits: FixedWidthInteger, Scalar: MatrixScalar>(
      _ data: UnsafeRawPointer, _ target: UnsafeMutableBufferPointer<Scalar>, _ swap: Bool,
      _ decode: (Bits) -> Double
    ) -> Outcome {
      let size = MemoryLayout<Bits>.size
      let rows = self.rows
      let columns = self.columns
      let fortran = header.fortranOrder
      var largest = 0.0
      if !fortran, selected == Array(0..<columns) {
        // Contiguous: one linear pass.
        for index in 0..<rows * columns {
          var bits = data.loadUnaligned(fromByteOffset: index * size, as: Bits.self)
          if swap { bits = bits.byteSwapped }
          let value = decode(bits)
          guard value.isFinite else {
            return Outcome(
              largest: largest, firstNonFinite: (index / columns, index % columns, value))
          }
          largest = max(largest, value.magnitude)
          target[index] = Scalar(value)
        }
        return Outcome(largest: largest, firstNonFinite: nil)
      }
      return selected.withUnsafeBufferPointer { chosen in
        let width = chosen.count
        for row in 0..<rows {
          for position in 0..<width {
            let column = chosen[position]
            let index = fortran ? column * rows + row : row * columns + column
            var bits = data.loadUnaligned(fromByteOffset: index * size, as: Bits.self)
            if swap { bits = bits.byteSwapped }
            let value = decode(bits)
            guard value.isFinite else {
              return Outcome(largest: largest, firstNonFinite: (row, column, value))
            }
            largest = max(largest, value.magnitude)
            target[row * width + position] = Scalar(value)
          }
        }
        return Outcome(largest: largest, firstNonFinite: nil)
      }
    }

    /// Converts every selected element row by row, leaving out (and listing in `dropped`)
    /// each row with a NaN in a chosen column; kept rows are packed at the front of `target`.
    /// Stops at the first infinity.
    private func convertDroppingNaN<Bits: FixedWidthInteger, Scalar: MatrixScalar>(
      _ data: UnsafeRawPointer, _ target: UnsafeMutableBufferPointer<Scalar>, _ swap: Bool,
      _ dropped: inout [Int], _ decode: (Bits) -> Double
    ) -> Outcome {
      let size = MemoryLayout<Bits>.size
      let fortran = header.fortranOrder
      let width = selected.count
      var largest = 0.0
      var kept = 0
      for row in 0..<rows {
        var rowLargest = 0.0
        var hasNaN = false
        for position in 0..<width {
          let column = selected[position]
          let index = fortran ? column * rows + row : row * columns + column
          var bits = data.loadUnaligned(fromByteOffset: index * size, as: Bits.self)
          if swap { bits = bits.byteSwapped }
          let value = decode(bits)
          if value.isNaN {
            hasNaN = true
            continue
          }
          guard value.isFinite else {
            return Outcome(largest: largest, firstNonFinite: (row, column, value))
          }
          rowLargest = max(rowLargest, value.magnitude)
          target[kept * width + position] = Scalar(value)
        }
        if hasNaN {
          dropped.append(row)
        } else {
          largest = max(largest, rowLargest)
          kept += 1
        }
      }
      return Outcome(largest: largest, firstNonFinite: nil)
    }

    /// The error for a non-finite element: a NaN is a missing value (which `--missing drop`
    /// would drop, and the message says so), an infinity is not finite.
    private func nonFinite(_ row: Int, _ column: Int, _ value: Double) -> DataError {
      let location = CellLocation(row: .index(row), column: column)
      if value.isNaN {
        return .missingValue(path: path, location: location, value: FiniteValues.describe(value))
      }
      return .nonFinite(path: path, location: location, value: FiniteValues.describe(value))
    }

    private func checkRange<Scalar: MatrixScalar>(_ largest: Double, _: Scalar.Type) throws {
      if Scalar.precision == .f32 {
        try Float32Range.check(maxMagnitude: largest, columns: selected.count, path: path)
      }
    }
  }
}
