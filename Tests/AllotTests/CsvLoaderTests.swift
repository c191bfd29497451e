import Allot
import Foundation
import Testing

/// Row-major Float64 values of a loaded matrix.
private func values(_ data: LoadedData) -> [Double] { data.matrix.asDouble.elements }

/// The error `body` throws, as a `DataError`.
private func dataError(_ body: () throws -> Void) -> DataError? {
  do {
    try body()
  } catch let error as DataError {
    return error
  } catch {
    return nil
  }
  return nil
}

@Suite struct CsvLoaderTests {
  @Test func quotedFieldsAcceptanceCase() throws {
    let path = DataTestFiles.shared("acceptance/19-csv-quoted-fields/sites.csv")
    let data = try DataLoader.load(path: path, options: LoadOptions(columns: "x,y"))
    #expect(data.matrix.rows == 14)
    #expect(data.matrix.columns == 2)
    #expect(data.columnNames == ["x", "y"])
    let all = values(data)
    #expect(Array(all[0..<2]) == [-2.7862, 8.1101])
    #expect(Array(all[4..<6]) == [-3.4672, 8.1636])  // row of `the ""old"" mill`
    #expect(Array(all[26..<28]) == [-3.0182, 7.9714])
  }

  @Test func raggedRowAcceptanceCase() {
    let path = DataTestFiles.shared("acceptance/22-csv-ragged-row/uneven.csv")
    let error = dataError { _ = try DataLoader.load(path: path) }
    #expect(error == .raggedRow(path: path, line: 8, fields: 4, expected: 3))
    #expect(error?.category == .data)
    #expect(error?.description.contains("uneven.csv:8:") == true)
  }

  @Test func headerDetectedAndForcedOff() throws {
    let withHeader = DataTestFiles.write("a,b\n1,2\n3,4\n", named: "h.csv")
    let detected = try DataLoader.load(path: withHeader)
    #expect(detected.columnNames == ["a", "b"])
    #expect(values(detected) == [1, 2, 3, 4])
    let numeric = DataTestFiles.write("1,2\n3,4\n", named: "n.csv")
    let plain = try DataLoader.load(path: numeric)
    #expect(plain.columnNames == nil)
    #expect(values(plain) == [1, 2, 3, 4])
    // Forced off, a text first row is data and so a non-numeric value on line 1.
    let error = dataError {
      _ = try DataLoader.load(path: withHeader, options: LoadOptions(hasHeader: false))
    }
    #expect(
      error
        == .nonNumeric(
          path: withHeader, location: CellLocation(row: .line(1), column: 0), value: "a"))
  }

  @Test func headerDetectionLooksOnlyAtChosenColumns() throws {
    // Column 1 is text in every row; choosing column 0 only, the first row is data.
    let path = DataTestFiles.write("5,x\n6,y\n", named: "t.csv")
    let data = try DataLoader.load(path: path, options: LoadOptions(columns: "0"))
    #expect(data.columnNames == nil)
    #expect(values(data) == [5, 6])
  }

  @Test func crlfByteOrderMarkAndBlankLines() throws {
    let text = "\u{FEFF}p,q\r\n1.5,2\r\n\r\n-3,4e2\r\n\r\n\n"
    let path = DataTestFiles.write(text, named: "crlf.csv")
    let data = try DataLoader.load(path: path)
    #expect(data.columnNames == ["p", "q"])
    #expect(values(data) == [1.5, 2, -3, 400])
  }

  @Test func tabSeparatedByExtensionAndByContent() throws {
    let tsv = DataTestFiles.write("a\tb\n1\t2\n", named: "x.tsv")
    #expect(values(try DataLoader.load(path: tsv)) == [1, 2])
    let txt = DataTestFiles.write("a\tb\tc\n1\t2\t3\n", named: "x.txt")
    let data = try DataLoader.load(path: txt)
    #expect(data.columnNames == ["a", "b", "c"])
    #expect(values(data) == [1, 2, 3])
  }

  @Test func quotedDelimitersNewlinesAndEscapesInRequestedOrder() throws {
    let text = "id,\"note\",v\n1,\"a, \"\"b\"\"\nc\",\"2.5\"\n2,plain,3\n"
    let path = DataTestFiles.write(text, named: "q.csv")
    let data = try DataLoader.load(path: path, options: LoadOptions(columns: "v,id"))
    #expect(data.columnNames == ["v", "id"])
    #expect(data.sourceColumns == [2, 0])
    #expect(values(data) == [2.5, 1, 3, 2])
  }

  @Test func quotedNewlinesCountInLineNumbers() {
    // The record of id 1 spans lines 2 and 3, so the ragged record starts on line 5.
    let text = "id,note,v\n1,\"a, \"\"b\"\"\nc\",\"2.5\"\n2,plain,3\n3,x\n"
    let path = DataTestFiles.write(text, named: "q.csv")
    let error = dataError {
      _ = try DataLoader.load(path: path, options: LoadOptions(columns: "id,v"))
    }
    #expect(error == .raggedRow(path: path, line: 5, fields: 2, expected: 3))
  }

  @Test func columnSelectionByIndexRangeAndName() throws {
    let path = DataTestFiles.write("a,b,c,d,e\n0,1,2,3,4\n10,11,12,13,14\n", named: "s.csv")
    let mixed = try DataLoader.load(path: path, options: LoadOptions(columns: "1,3-4,a"))
    #expect(mixed.sourceColumns == [1, 3, 4, 0])
    #expect(mixed.columnNames == ["b", "d", "e", "a"])
    #expect(values(mixed) == [1, 3, 4, 0, 11, 13, 14, 10])
    let range = try DataLoader.load(path: path, options: LoadOptions(columns: "0-2"))
    #expect(values(range) == [0, 1, 2, 10, 11, 12])
  }

  @Test func columnSelectionErrors() throws {
    let path = DataTestFiles.write("a,b\n1,2\n", named: "e.csv")
    let unknown = dataError {
      _ = try DataLoader.load(path: path, options: LoadOptions(columns: "zz"))
    }
    #expect(unknown == .unknownColumn(path: path, name: "zz", available: ["a", "b"]))
    #expect(unknown?.category == .data)
    let outOfRange = dataError {
      _ = try DataLoader.load(path: path, options: LoadOptions(columns: "0-2"))
    }
    #expect(outOfRange == .columnOutOfRange(path: path, index: 2, columns: 2))
    for spec in ["3-1", "", "1,,2", "a,"] {
      let bad = dataError { _ = try ColumnSelection(parsing: spec) }
      #expect(bad?.category == .usage, "spec '\(spec)'")
    }
    let headerless = DataTestFiles.write("1,2\n", named: "nh.csv")
    let noNames = dataError {
      _ = try DataLoader.load(
        path: headerless, options: LoadOptions(columns: "a", hasHeader: false))
    }
    #expect(noNames == .unknownColumn(path: headerless, name: "a", available: []))
  }

  @Test func unchosenTextColumnsAreIgnored() throws {
    let path = DataTestFiles.write("name,v\n\"Smith, J\",1\nNA,2\n,3\n", named: "u.csv")
    let data = try DataLoader.load(path: path, options: LoadOptions(columns: "v"))
    #expect(values(data) == [1, 2, 3])
  }

  @Test func nonNumericValueNamesLineAndColumn() {
    let path = DataTestFiles.write("a,b\n1,2\n3,abc\n", named: "nn.csv")
    let error = dataError { _ = try DataLoader.load(path: path) }
    let location = CellLocation(row: .line(3), column: 1, columnName: "b")
    #expect(error == .nonNumeric(path: path, location: location, value: "abc"))
    #expect(error?.category == .data)
    #expect(error?.description == "\(path):3: column \"b\" (index 1): non-numeric value \"abc\"")
  }

  /// Hexadecimal numbers are text here (as in numpy and pandas), and control bytes in a
  /// bad cell are escaped so that the message stays one whole line.
  @Test func hexadecimalIsNotANumberAndControlBytesAreEscaped() {
    let hex = DataTestFiles.write("a,b\n1,2\n0x10,3\n", named: "hex.csv")
    #expect(
      dataError { _ = try DataLoader.load(path: hex) }?.description
        == "\(hex):3: column \"a\" (index 0): non-numeric value \"0x10\"")
    let binary = DataTestFiles.write(
      [UInt8]("a,b\n1,2\n".utf8) + [0, 0x41, 0x2C, 0x33, 0x0A], named: "bin.csv")
    #expect(
      dataError { _ = try DataLoader.load(path: binary) }?.description
        == "\(binary):3: column \"a\" (index 0): non-numeric value \"\\x00A\"")
  }

  /// A row's first bad cell in file order is the one reported, although the target is
  /// loaded after the features.
  @Test func theFirstBadCellInFileOrderIsReported() {
    let path = DataTestFiles.write("a,t,b\n1,2,3\n4,x,y\n", named: "order.csv")
    let error = dataError {
      _ = try DataLoader.loadRegression(
        path: path, target: "t", features: nil, options: LoadOptions(missing: .drop))
    }
    #expect(error?.description == "\(path):3: column \"t\" (index 1): non-numeric value \"x\"")
  }

  @Test func everyMissingMarkerIsAnErrorUnlessDropped() throws {
    for marker in ["", "NA", "NaN", "nan", "\"\""] {
      let path = DataTestFiles.write("a,b\n1,2\n3,\(marker)\n5,6\n", named: "m.csv")
      let error = dataError { _ = try DataLoader.load(path: path) }
      guard case .missingValue(_, let location, _) = error else {
        Issue.record("marker '\(marker)': \(String(describing: error))")
        continue
      }
      #expect(location == CellLocation(row: .line(3), column: 1, columnName: "b"))
      #expect(error?.category == .data)
      let dropped = try DataLoader.load(path: path, options: LoadOptions(missing: .drop))
      #expect(dropped.droppedRows == 1)
      #expect(values(dropped) == [1, 2, 5, 6])
    }
  }

  /// A dropped row's other cells are still checked: a bad value after (or before) a gap is
  /// reported, even when every row that holds one would be dropped.
  @Test func badCellsInDroppedRowsAreReported() {
    let after = DataTestFiles.write("a,b,c\n1,2,3\n4,,zz\n7,8,9\n", named: "dropbad.csv")
    let error = dataError {
      _ = try DataLoader.load(path: after, options: LoadOptions(missing: .drop))
    }
    #expect(error?.description == "\(after):3: column \"c\" (index 2): non-numeric value \"zz\"")
    let before = DataTestFiles.write("a,b\n1,2\ninf,NA\n", named: "dropinf.csv")
    let infinite = dataError {
      _ = try DataLoader.load(path: before, options: LoadOptions(missing: .drop))
    }
    guard case .nonFinite(_, let location, _) = infinite else {
      Issue.record("expected a non-finite value, got \(String(describing: infinite))")
      return
    }
    #expect(location == CellLocation(row: .line(3), column: 0, columnName: "a"))
  }

  @Test func everyRowDroppedSaysSo() {
    let path = DataTestFiles.write("a\nNA\n\n\n", named: "all.csv")
    let error = dataError {
      _ = try DataLoader.load(path: path, options: LoadOptions(missing: .drop))
    }
    #expect(error == .allRowsDropped(path: path, rows: 1))
    let two = DataTestFiles.write("a\nNA\nnan\n", named: "all2.csv")
    let both = dataError {
      _ = try DataLoader.load(path: two, options: LoadOptions(missing: .drop))
    }
    #expect(both == .allRowsDropped(path: two, rows: 2))
    #expect(both?.description == "\(two): all 2 rows have missing values; nothing left to fit")
  }

  /// Data rows 1 and 3 (0-based; the header and blank lines are not rows) have gaps.
  @Test func droppedRowIndicesCountDataRows() throws {
    let path = DataTestFiles.write("a,b\n1,2\n3,\n\n5,6\nNA,8\n9,10\n", named: "gaps.csv")
    let data = try DataLoader.load(path: path, options: LoadOptions(missing: .drop))
    #expect(data.droppedRows == 2)
    #expect(data.droppedRowIndices == [1, 3])
    #expect(data.perSourceRow([0, 1, 2] as [Int32], filler: -1) == [0, -1, 1, -1, 2])
  }

  @Test func infinityIsNonFinite() {
    let path = DataTestFiles.write("a,b\n1,2\n-inf,4\n", named: "inf.csv")
    let error = dataError {
      _ = try DataLoader.load(path: path, options: LoadOptions(missing: .drop))
    }
    let location = CellLocation(row: .line(3), column: 0, columnName: "a")
    #expect(error == .nonFinite(path: path, location: location, value: "-inf"))
    #expect(error?.category == .data)
  }

  @Test func unterminatedQuoteNamesItsLine() {
    let path = DataTestFiles.write("a\n1\n\"2\n3\n", named: "uq.csv")
    let error = dataError { _ = try DataLoader.load(path: path) }
    #expect(error == .unterminatedQuote(path: path, line: 3))
  }

  @Test func emptyFileHeaderOnlyMissingFileAndDirectory() {
    let empty = DataTestFiles.write("", named: "empty.csv")
    #expect(dataError { _ = try DataLoader.load(path: empty) } == .emptyFile(path: empty))
    let blank = DataTestFiles.write("\n\n", named: "blank.csv")
    #expect(dataError { _ = try DataLoader.load(path: blank) } == .emptyFile(path: blank))
    let headerOnly = DataTestFiles.write("a,b\n", named: "ho.csv")
    #expect(dataError { _ = try DataLoader.load(path: headerOnly) } == .noRows(path: headerOnly))
    let missing = "/nonexistent/allot/x.csv"
    let notFound = dataError { _ = try DataLoader.load(path: missing) }
    #expect(notFound == .fileNotFound(path: missing))
    #expect(notFound?.category == .input)
    let directory = DataTestFiles.scratchDirectory().path
    let unreadable = dataError { _ = try DataLoader.load(path: directory) }
    #expect(unreadable?.category == .input)
  }

  @Test func numbersEqualTheStandardLibraryParse() throws {
    let texts = [
      "0.1", "-3.25e10", "1e-5", "2.2250738585072014e-308", "+7", "123456789012345678",
      "0.30000000000000004", "1.7976931348623157e308", "4.9e-324", "  12.5 ", "-0", "1E3",
      "9007199254740993",
    ]
    let path = DataTestFiles.write(texts.joined(separator: "\n") + "\n", named: "num.csv")
    let data = try DataLoader.load(path: path, options: LoadOptions(hasHeader: false))
    let expected = texts.map { Double($0.trimmingCharacters(in: .whitespaces))! }
    #expect(values(data).map(\.bitPattern) == expected.map(\.bitPattern))
  }

  @Test func float32OnRequestAndOverflowRefused() throws {
    let path = DataTestFiles.write("a,b\n0.1,2\n", named: "f.csv")
    let data = try DataLoader.load(path: path, options: LoadOptions(precision: .f32))
    guard case .f32(let matrix) = data.matrix else {
      Issue.record("expected Float32")
      return
    }
    #expect(matrix.elements == [Float(0.1), 2])
    #expect(try DataLoader.load(path: path).matrix.precision == .f64)
    let huge = DataTestFiles.write("a\n1e20\n", named: "big.csv")
    let error = dataError {
      _ = try DataLoader.load(path: huge, options: LoadOptions(precision: .f32))
    }
    #expect(error == .float32Overflow(path: huge, maxMagnitude: 1e20, columns: 1))
    #expect(error?.description.contains("--precision f64") == true)
    #expect(try DataLoader.load(path: huge).matrix.rows == 1)
  }

  @Test func flightsWithDroppedMissingValues() throws {
    // Oracle: Python's csv module over flights.csv, keeping rows with no NA in the four
    // columns: 327,346 rows of 336,776; column sums 2257174, 4109880, 49326610, 343180156.
    let path = DataTestFiles.shared("data/flights.csv")
    let data = try DataLoader.load(
      path: path,
      options: LoadOptions(columns: "arr_delay,dep_delay,air_time,distance", missing: .drop))
    #expect(data.matrix.rows == 327_346)
    #expect(data.droppedRows == 9_430)
    let matrix = data.matrix.asDouble
    var sums = [Double](repeating: 0, count: 4)
    for row in 0..<matrix.rows { for column in 0..<4 { sums[column] += matrix[row, column] } }
    #expect(sums == [2_257_174, 4_109_880, 49_326_610, 343_180_156])
    #expect(matrix.row(0) == [11, 2, 227, 1400])
    #expect(matrix.row(matrix.rows - 1) == [-25, -10, 196, 1617])
    let error = dataError {
      _ = try DataLoader.load(path: path, options: LoadOptions(columns: "arr_delay"))
    }
    guard case .missingValue(_, let location, let value) = error else {
      Issue.record("expected a missing value, got \(String(describing: error))")
      return
    }
    #expect(location.columnName == "arr_delay")
    #expect(value == "NA")
  }

  @Test func digitsHasNoHeader() throws {
    // Oracle: numpy.loadtxt: shape (1797, 65), total 569788, last column total 8070.
    let data = try DataLoader.load(path: DataTestFiles.shared("data/digits.csv"))
    #expect(data.columnNames == nil)
    #expect(data.matrix.rows == 1797)
    #expect(data.matrix.columns == 65)
    let all = values(data)
    #expect(all.reduce(0, +) == 569_788)
    let labels: [Double] = stride(from: 64, to: all.count, by: 65).map { all[$0] }
    let labelTotal: Double = labels.reduce(0, +)
    #expect(labelTotal == 8070)
  }

  @Test func diabetesHeaderAndRegressionSplit() throws {
    // Oracle: numpy.loadtxt(skiprows=1): 442 x 11; column sums 21445, 649, 11658.1, 41833.98,
    // 83600, 51024.1, 22006.5, 1799.05, 2051.5036, 40337, 67243.
    let path = DataTestFiles.shared("data/diabetes.csv")
    let data = try DataLoader.load(path: path)
    #expect(
      data.columnNames == [
        "age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6", "progression",
      ])
    #expect(data.matrix.rows == 442)
    let regression = try DataLoader.loadRegression(path: path, target: "progression", features: nil)
    #expect(regression.featureNames?.count == 10)
    #expect(regression.targetName == "progression")
    #expect(regression.targetColumn == 10)
    guard case .f64(let set) = regression.data else {
      Issue.record("expected Float64")
      return
    }
    #expect(set.features.columns == 10)
    #expect(set.target.reduce(0, +) == 67_243)
    var bmi = 0.0
    for row in 0..<set.features.rows { bmi += set.features[row, 2] }
    #expect(abs(bmi - 11_658.1) < 1e-9)
  }

  @Test func regressionTargetAndFeatures() throws {
    let path = DataTestFiles.shared("data/flights.csv")
    let loaded = try DataLoader.loadRegression(
      path: path, target: "arr_delay",
      features: try ColumnSelection(parsing: "dep_delay,air_time,distance"),
      options: LoadOptions(missing: .drop))
    #expect(loaded.droppedRows == 9_430)
    #expect(loaded.featureNames == ["dep_delay", "air_time", "distance"])
    guard case .f64(let set) = loaded.data else {
      Issue.record("expected Float64")
      return
    }
    #expect(set.target.count == 327_346)
    #expect(set.target.reduce(0, +) == 2_257_174)
    #expect(set.features.row(0) == [2, 227, 1400])
    let small = DataTestFiles.write("a,b,c\n1,2,3\n", named: "r.csv")
    let overlap = dataError {
      _ = try DataLoader.loadRegression(
        path: small, target: "b", features: try ColumnSelection(parsing: "a,b"))
    }
    #expect(overlap?.category == .usage)
    let two = dataError {
      _ = try DataLoader.loadRegression(path: small, target: "0-1", features: nil)
    }
    #expect(two?.category == .usage)
    let byIndex = try DataLoader.loadRegression(path: small, target: "0", features: nil)
    #expect(byIndex.featureColumns == [1, 2])
  }

  @Test func headerForcedOnAndMessagesAreOneLine() throws {
    let path = DataTestFiles.write("1,2\n3,4\n", named: "forced.csv")
    let data = try DataLoader.load(path: path, options: LoadOptions(hasHeader: true))
    #expect(data.columnNames == ["1", "2"])
    #expect(values(data) == [3, 4])
    let location = CellLocation(row: .line(2), column: 0, columnName: "a\nb")
    let samples: [DataError] = [
      .fileNotFound(path: "x"), .unreadable(path: "x", reason: "r"), .emptyFile(path: "x"),
      .noRows(path: "x"), .raggedRow(path: "x", line: 2, fields: 1, expected: 2),
      .nonNumeric(path: "x", location: location, value: "v"),
      .missingValue(path: "x", location: location, value: ""),
      .nonFinite(path: "x", location: location, value: "inf\r"),
      .unterminatedQuote(path: "x", line: 3), .npyBadMagic(path: "x"),
      .npySizeMismatch(path: "x", expectedBytes: 2, actualBytes: 1),
      .float32Overflow(path: "x", maxMagnitude: 1e20, columns: 2),
    ]
    for error in samples {
      #expect(error.description.hasPrefix("x"), "\(error)")
      #expect(!error.description.contains("\n"), "\(error)")
    }
  }
}
