/// Reads delimited text files: CSV and TSV.
///
/// - Delimiter: a tab for `.tsv` and `.tab` files, a comma for `.csv`; otherwise whichever
///   of the two appears more often in the first line (comma on a tie).
/// - Header: the first record is a header when `LoadOptions.hasHeader` says so; when it is
///   `nil`, when the column list names a column, or when the first record's chosen cells are
///   not all numbers or missing markers.
/// - Quoted fields (`"a, b"`, `"say ""hi"""`, line breaks inside quotes), CRLF line ends, a
///   UTF-8 byte-order mark and empty lines (anywhere, including at the end) are handled.
/// - Only chosen columns are parsed; other columns may hold any text.
/// - Rows are named by their 1-based file line in errors.
///
/// The file is memory-mapped and scanned once; numbers are parsed as `strtod` parses them.
public enum CSVLoader {
  /// Loads `path` with `options`; the result is Float64 unless `options.precision` is `.f32`.
  /// - Throws: `DataError`: `.fileNotFound`/`.unreadable` (66); `.emptyFile`, `.noRows`,
  ///   `.raggedRow`, `.nonNumeric`, `.missingValue` (with `MissingPolicy.error`),
  ///   `.nonFinite` (`inf` in a cell), `.unterminatedQuote`, `.unknownColumn`,
  ///   `.columnOutOfRange`, `.allRowsDropped` (every row had a missing value, with
  ///   `MissingPolicy.drop`), `.float32Overflow` (65); `.badColumnSpec` (64) when a name and
  ///   an index choose the same column.
  public static func load(path: String, options: LoadOptions = LoadOptions()) throws
    -> LoadedData
  {
    try load(path: path, options: options, request: ColumnRequest(options.columns))
  }

  static func load(path: String, options: LoadOptions, request: ColumnRequest) throws
    -> LoadedData
  {
    let file = try MappedFile(path: path)
    guard let base = file.base else { throw DataError.emptyFile(path: path) }
    let bytes = UnsafeBufferPointer(
      start: base.assumingMemoryBound(to: UInt8.self), count: file.size)
    let table = try withExtendedLifetime(file) {
      try parse(bytes: bytes, path: path, options: options, request: request)
    }
    let matrix: AnyMatrix
    switch options.precision.resolved(natural: .f64) {
    case .f64:
      matrix = .f64(
        Matrix(rows: table.rows, columns: table.selected.count, elements: table.values))
    case .f32:
      let largest = table.values.reduce(0.0) { max($0, $1.magnitude) }
      try Float32Range.check(maxMagnitude: largest, columns: table.selected.count, path: path)
      matrix = .f32(
        Matrix(
          rows: table.rows, columns: table.selected.count, elements: table.values.map(Float.init))
      )
    }
    return LoadedData(
      matrix: matrix, columnNames: table.names.map { names in table.selected.map { names[$0] } },
      sourceColumns: table.selected, droppedRows: table.dropped.count, path: path,
      droppedRowIndices: table.dropped)
  }

  private struct Table {
    var values: [Double]
    var rows: Int
    var selected: [Int]
    var names: [String]?
    /// 0-based data-row indices of the dropped rows.
    var dropped: [Int]
  }

  private static func parse(
    bytes: UnsafeBufferPointer<UInt8>, path: String, options: LoadOptions,
    request: ColumnRequest
  ) throws -> Table {
    var start = 0
    if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { start = 3 }
    let delimiter = chooseDelimiter(bytes: bytes, start: start, path: path)
    var scanner = CSVRecordScanner(bytes: bytes, start: start, delimiter: delimiter, path: path)
    var fields: [CSVRecordScanner.Field] = []
    guard let firstLine = try scanner.nextRecord(into: &fields) else {
      throw DataError.emptyFile(path: path)
    }
    let expected = fields.count
    let hasHeader: Bool
    if let forced = options.hasHeader {
      hasHeader = forced
    } else if request.needsNames {
      hasHeader = true
    } else {
      let chosen = try request.resolve(nil, expected, path)
      hasHeader = chosen.contains { column in
        if case .invalid = scanner.number(in: fields[column]) { return true }
        return false
      }
    }
    let names = hasHeader ? fields.map { scanner.text(of: $0) } : nil
    let selected = try request.resolve(names, expected, path)
    let width = selected.count
    var values: [Double] = []
    let firstRecordBytes = max(scanner.position - start, 1)
    // An estimate from the first record; every value takes at least two bytes, which caps it.
    values.reserveCapacity(min((bytes.count / firstRecordBytes + 16) * width, bytes.count / 2))
    var rows = 0
    var dropped: [Int] = []
    var line = firstLine
    var pending = !hasHeader
    /// What is wrong with a cell, or nil when it holds a finite number (or a missing value
    /// that is to be dropped).
    func problem(in field: CSVRecordScanner.Field, line: Int, column: Int) -> DataError? {
      switch scanner.number(in: field) {
      case .number(let value):
        guard !value.isFinite else { return nil }
        return DataError.nonFinite(
          path: path, location: location(line, column, names), value: scanner.text(of: field))
      case .missing:
        guard options.missing == .error else { return nil }
        return DataError.missingValue(
          path: path, location: location(line, column, names), value: scanner.text(of: field))
      case .invalid:
        return DataError.nonNumeric(
          path: path, location: location(line, column, names),
          value: String(scanner.text(of: field).prefix(60)))
      }
    }
    while true {
      if pending {
        pending = false
      } else {
        guard let next = try scanner.nextRecord(into: &fields) else { break }
        line = next
      }
      guard fields.count == expected else {
        throw DataError.raggedRow(path: path, line: line, fields: fields.count, expected: expected)
      }
      // A row with a missing cell is dropped, but its other cells are still checked: a bad
      // value is reported whether or not its row is kept.
      var keep = true
      for column in selected {
        switch scanner.number(in: fields[column]) {
        case .number(let value) where value.isFinite: if keep { values.append(value) }
        case .missing where options.missing == .drop: keep = false
        default:
          // The row's first bad cell in file order (the target may come last in `selected`).
          for earlier in selected.sorted() where earlier < column {
            if let error = problem(in: fields[earlier], line: line, column: earlier) { throw error }
          }
          throw problem(in: fields[column], line: line, column: column)
            ?? DataError.nonNumeric(
              path: path, location: location(line, column, names),
              value: String(scanner.text(of: fields[column]).prefix(60)))
        }
      }
      if keep {
        rows += 1
      } else {
        values.removeLast(values.count - rows * width)
        dropped.append(rows + dropped.count)
      }
    }
    guard rows > 0 else {
      if !dropped.isEmpty { throw DataError.allRowsDropped(path: path, rows: dropped.count) }
      throw DataError.noRows(path: path)
    }
    return Table(values: values, rows: rows, selected: selected, names: names, dropped: dropped)
  }

  private static func location(_ line: Int, _ column: Int, _ names: [String]?) -> CellLocation {
    CellLocation(row: .line(line), column: column, columnName: names?[column])
  }

  /// Tab for `.tsv`/`.tab`, comma for `.csv`, else the more frequent of the two in the first
  /// line.
  private static func chooseDelimiter(bytes: UnsafeBufferPointer<UInt8>, start: Int, path: String)
    -> UInt8
  {
    let comma = UInt8(ascii: ",")
    let tab = UInt8(ascii: "\t")
    let lowered = path.lowercased()
    if lowered.hasSuffix(".tsv") || lowered.hasSuffix(".tab") { return tab }
    if lowered.hasSuffix(".csv") { return comma }
    var commas = 0
    var tabs = 0
    var index = start
    while index < bytes.count, bytes[index] != UInt8(ascii: "\n") {
      if bytes[index] == comma { commas += 1 } else if bytes[index] == tab { tabs += 1 }
      index += 1
    }
    return tabs > commas ? tab : comma
  }
}
