/// Reads NumPy `.npy` files: format versions 1.0, 2.0 and 3.0; element types `f4`, `f8`,
/// `i4`, `i8` in either byte order; C or Fortran order; 1-D arrays as one column, 2-D arrays
/// as rows x columns.
///
/// The file is memory-mapped once. When the element type equals the working precision, the
/// bytes are little-endian in C order, every column is kept and the data start 64 bytes into
/// the file (numpy pads headers so that they do), the matrix borrows the mapping without a
/// copy; otherwise values are converted in one pass over the mapping.
public enum NpyLoader {
  /// Loads `path` with `options` (`hasHeader` and `missing` do not apply to arrays).
  /// - Throws: `DataError`: `.fileNotFound`/`.unreadable` (66); `.emptyFile`,
  ///   `.npyBadMagic`, `.npyUnsupportedVersion`, `.npyBadHeader`, `.npyUnsupportedDType`,
  ///   `.npyUnsupportedShape`, `.npySizeMismatch` (truncated file or lying header), `.noRows`,
  ///   `.unknownColumn` (arrays have no names), `.columnOutOfRange`, `.nonFinite` (first NaN
  ///   or infinity in row-major order, 0-based row), `.float32Overflow` (65).
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
    guard columns > 0 else { throw DataError.npyUnsupportedShape(path: path, shape: header.shape) }
    let selected = try request.resolve(nil, columns, path)
    let layout = Layout(
      file: file, header: header, rows: rows, columns: columns, selected: selected, path: path)
    let matrix: AnyMatrix
    switch options.precision.resolved(natural: header.dtype.naturalPrecision) {
    case .f32: matrix = .f32(try layout.read(as: Float.self))
    case .f64: matrix = .f64(try layout.read(as: Double.self))
    }
    return LoadedData(
      matrix: matrix, columnNames: nil, sourceColumns: selected, droppedRows: 0, path: path)
  }

  /// The data part of a mapped file and how to walk it.
  private struct Layout {
    var file: MappedFile
    var header: NpyHeader
    var rows: Int
    var columns: Int
    var selected: [Int]
    var path: String

    func read<Scalar: MatrixScalar>(as _: Scalar.Type) throws -> Matrix<Scalar> {
      guard let fileBase = file.base else { throw DataError.emptyFile(path: path) }
      let data = UnsafeRawPointer(fileBase + header.dataOffset)
      let dtype = header.dtype
      let canBorrow =
        dtype.kind == .float && dtype.size == MemoryLayout<Scalar>.size && !dtype.bigEndian
        && (!header.fortranOrder || columns == 1 || rows == 1)
        && selected == Array(0..<columns) && header.dataOffset % 64 == 0
      if canBorrow {
        let typed = UnsafeMutableRawPointer(mutating: data).assumingMemoryBound(to: Scalar.self)
        let values = UnsafeBufferPointer(start: typed, count: rows * columns)
        var largest: Scalar = 0
        for index in values.indices {
          let magnitude = values[index].magnitude
          guard magnitude.isFinite else {
            throw nonFinite(index / columns, index % columns, Double(values[index]))
          }
          if magnitude > largest { largest = magnitude }
        }
        try checkRange(Double(largest), Scalar.self)
        let mapping = file
        let storage = MatrixStorage<Scalar>(
          borrowing: typed, count: rows * columns, release: { withExtendedLifetime(mapping) {} })
        return Matrix(storage: storage, rows: rows, columns: columns)
      }
      var matrix = Matrix<Scalar>(rows: rows, columns: selected.count)
      let swap = dtype.bigEndian
      let outcome: Outcome = matrix.withUnsafeMutableBufferPointer { target in
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
      if let (row, column, value) = outcome.firstNonFinite {
        throw nonFinite(row, column, value)
      }
      try checkRange(outcome.largest, Scalar.self)
      return matrix
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

    private func nonFinite(_ row: Int, _ column: Int, _ value: Double) -> DataError {
      .nonFinite(
        path: path, location: CellLocation(row: .index(row), column: column),
        value: FiniteValues.describe(value))
    }

    private func checkRange<Scalar: MatrixScalar>(_ largest: Double, _: Scalar.Type) throws {
      if Scalar.precision == .f32 {
        try Float32Range.check(maxMagnitude: largest, columns: selected.count, path: path)
      }
    }
  }
}
