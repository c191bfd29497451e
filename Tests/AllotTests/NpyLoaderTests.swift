import Allot
import Foundation
import Testing

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

/// The logical 3 x 2 matrix every variant stores: [[1, -2], [3, 4], [-5, 6]].
private let logical: [Double] = [1, -2, 3, 4, -5, 6]
private let columnMajor: [Double] = [1, 3, -5, -2, 4, 6]

@Suite struct NpyLoaderTests {
  @Test(arguments: [
    "<f4", "<f8", "<i4", "<i8", ">f4", ">f8", ">i4", ">i8", "=f8", "|f4", "=i4",
  ])
  func everyDTypeInBothOrders(descr: String) throws {
    for fortran in [false, true] {
      var writer = NpyTestWriter()
      writer.descr = descr
      writer.fortranOrder = fortran
      let payload = NpyTestWriter.payload(fortran ? columnMajor : logical, descr: descr)
      let path = DataTestFiles.write(writer.bytes(payload: payload), named: "v.npy")
      let data = try DataLoader.load(path: path)
      #expect(data.matrix.rows == 3)
      #expect(data.matrix.columns == 2)
      #expect(data.matrix.asDouble.elements == logical, "\(descr) fortran \(fortran)")
      #expect(data.matrix.precision == (descr.hasSuffix("f4") ? .f32 : .f64))
      #expect(data.columnNames == nil)
    }
  }

  /// `--missing drop` on arrays: rows with a NaN in a chosen column are left out and listed;
  /// the kept rows are the input rows in order (written down by hand). Covers the borrowed
  /// mapping (native float, C order, every column), converted types, big-endian, Fortran order
  /// and a column choice that skips the NaN.
  @Test(arguments: ["<f4", "<f8", ">f8", "<f8 fortran", "<f4 columns"])
  func missingDropLeavesOutNaNRows(variant: String) throws {
    let nan = Double.nan
    let rows: [[Double]] = [[0, 0], [nan, 1], [10, 10], [0, 1], [10, nan], [10, 11]]
    var writer = NpyTestWriter()
    writer.descr = String(variant.prefix(3))
    writer.fortranOrder = variant.hasSuffix("fortran")
    writer.shapeText = "(6, 2)"
    let values =
      writer.fortranOrder ? (0..<2).flatMap { c in rows.map { $0[c] } } : rows.flatMap { $0 }
    let path = DataTestFiles.write(
      writer.bytes(payload: NpyTestWriter.payload(values, descr: writer.descr)), named: "n.npy")
    if variant.hasSuffix("columns") {
      // Column 0 alone: only row 1 has a NaN there.
      let data = try DataLoader.load(
        path: path, options: LoadOptions(columns: "0", missing: .drop))
      #expect(data.droppedRowIndices == [1])
      #expect(data.matrix.asDouble.elements == [0, 10, 0, 10, 10])
      return
    }
    let data = try DataLoader.load(path: path, options: LoadOptions(missing: .drop))
    #expect(data.droppedRows == 2)
    #expect(data.droppedRowIndices == [1, 4])
    #expect(data.matrix.rows == 4)
    #expect(data.matrix.asDouble.elements == [0, 0, 10, 10, 0, 1, 10, 11])
    // Without drop the first NaN is a missing value naming row 1, and the message says how
    // to drop such rows.
    let error = dataError { _ = try DataLoader.load(path: path) }
    #expect(error?.description.contains("row 1 (0-based)") == true, "\(String(describing: error))")
    #expect(error?.description.hasSuffix("use --missing drop to drop such rows") == true)
  }

  @Test func missingDropKeepsInfinityAnError() {
    var writer = NpyTestWriter()
    writer.shapeText = "(3, 2)"
    let values = [0, .nan, 1, 2, .infinity, 3]
    let path = DataTestFiles.write(
      writer.bytes(payload: NpyTestWriter.payload(values, descr: "<f8")), named: "i.npy")
    let error = dataError {
      _ = try DataLoader.load(path: path, options: LoadOptions(missing: .drop))
    }
    guard case .nonFinite(_, let location, let value) = error else {
      Issue.record("expected nonFinite, got \(String(describing: error))")
      return
    }
    #expect(value == "inf")
    #expect(location.row == .index(2))
  }

  @Test func missingDropOfEveryRowSaysSo() {
    var writer = NpyTestWriter()
    writer.shapeText = "(3,)"
    let path = DataTestFiles.write(
      writer.bytes(payload: NpyTestWriter.payload([.nan, .nan, .nan], descr: "<f8")),
      named: "a.npy")
    let error = dataError {
      _ = try DataLoader.load(path: path, options: LoadOptions(missing: .drop))
    }
    #expect(error == .allRowsDropped(path: path, rows: 3))
  }

  @Test(arguments: [UInt8(1), 2, 3])
  func everyFormatVersion(major: UInt8) throws {
    var writer = NpyTestWriter()
    writer.major = major
    writer.alignment = 16
    let path = DataTestFiles.write(
      writer.bytes(payload: NpyTestWriter.payload(logical, descr: "<f8")), named: "v.npy")
    #expect(try DataLoader.load(path: path).matrix.asDouble.elements == logical)
  }

  @Test func oneDimensionalArrayIsOneColumn() throws {
    var writer = NpyTestWriter()
    writer.shapeText = "(4,)"
    writer.descr = "<i8"
    let path = DataTestFiles.write(
      writer.bytes(payload: NpyTestWriter.payload([7, 8, 9, 10], descr: "<i8")), named: "c.npy")
    let data = try DataLoader.load(path: path)
    #expect(data.matrix.rows == 4)
    #expect(data.matrix.columns == 1)
    #expect(data.matrix.asDouble.elements == [7, 8, 9, 10])
  }

  @Test func columnSelectionAndPrecisionOverride() throws {
    var writer = NpyTestWriter()
    writer.descr = "<f4"
    writer.fortranOrder = true
    let path = DataTestFiles.write(
      writer.bytes(payload: NpyTestWriter.payload(columnMajor, descr: "<f4")), named: "s.npy")
    let data = try DataLoader.load(
      path: path, options: LoadOptions(columns: "1,0", precision: .f64))
    guard case .f64(let matrix) = data.matrix else {
      Issue.record("expected Float64")
      return
    }
    #expect(matrix.elements == [-2, 1, 4, 3, 6, -5])
    #expect(data.sourceColumns == [1, 0])
    let byName = dataError {
      _ = try DataLoader.load(path: path, options: LoadOptions(columns: "x"))
    }
    #expect(byName == .unknownColumn(path: path, name: "x", available: []))
  }

  @Test func mappedDataStaySafeToMutate() throws {
    // An aligned little-endian float64 C-order file is mapped without a copy; writing to the
    // matrix must neither crash nor change the file.
    let matrix = Matrix<Double>(rows: 3, columns: 2, elements: logical)
    let path = DataTestFiles.scratchDirectory().appendingPathComponent("m.npy").path
    try NpyWriter.write(matrix, to: path)
    guard case .f64(var loaded) = try DataLoader.load(path: path).matrix else {
      Issue.record("expected Float64")
      return
    }
    #expect(loaded.elements == logical)
    loaded[0, 0] = 99
    #expect(loaded[0, 0] == 99)
    #expect(try DataLoader.load(path: path).matrix.asDouble.elements == logical)
  }

  @Test func fortranOrderAcceptanceFile() throws {
    // Oracle: numpy.load(colmajor.npy), values printed with float.hex().
    let data = try DataLoader.load(
      path: DataTestFiles.shared("acceptance/13-npy-fortran-order/colmajor.npy"))
    let matrix = data.matrix.asDouble
    #expect(matrix.rows == 30)
    #expect(matrix.row(0) == [0x1.4a57b50c8272cp+3, 0x1.8fd4eb123ef53p+7, 0x1.37844e9ebaab7p+2])
    #expect(matrix.row(29) == [0x1.3dc3562dcc0c9p+0, 0x1.90ffe6d613102p+6, -0x1.53a134c8777edp+2])
  }

  @Test func truncatedAcceptanceFile() {
    let path = DataTestFiles.shared("acceptance/18-npy-truncated/batch.npy")
    let error = dataError { _ = try DataLoader.load(path: path) }
    #expect(error == .npySizeMismatch(path: path, expectedBytes: 1200, actualBytes: 1100))
    #expect(error?.category == .data)
    #expect(error?.description.contains("batch.npy: truncated") == true)
  }

  @Test func headerThatPromisesLessThanTheFileHolds() {
    let writer = NpyTestWriter()
    let payload = NpyTestWriter.payload(logical + [7, 8], descr: "<f8")
    let path = DataTestFiles.write(writer.bytes(payload: payload), named: "long.npy")
    let error = dataError { _ = try DataLoader.load(path: path) }
    #expect(error == .npySizeMismatch(path: path, expectedBytes: 48, actualBytes: 64))
  }

  @Test func malformedFiles() {
    let good = NpyTestWriter().bytes(payload: NpyTestWriter.payload(logical, descr: "<f8"))
    func load(_ bytes: [UInt8]) -> DataError? {
      let path = DataTestFiles.write(bytes, named: "bad.npy")
      return dataError { _ = try DataLoader.load(path: path) }
    }
    func isCase(_ error: DataError?, _ kind: String) -> Bool {
      guard let error else { return false }
      return String(describing: error).isEmpty == false
        && "\(Mirror(reflecting: error).children.first?.label ?? "")" == kind
    }
    #expect(isCase(load(Array(good.prefix(5))), "npyBadMagic"))
    #expect(isCase(load([0x93] + Array("NUMPX".utf8) + [1, 0, 0, 0]), "npyBadMagic"))
    #expect(isCase(load(Array(good.prefix(8))), "npyBadHeader"))
    #expect(isCase(load(Array(good.prefix(40))), "npyBadHeader"))
    var version = good
    version[6] = 4
    #expect(isCase(load(version), "npyUnsupportedVersion"))
    version[6] = 2
    version[7] = 1
    #expect(isCase(load(version), "npyUnsupportedVersion"))
    var writer = NpyTestWriter()
    for dictionary in [
      "[1, 2]", "{'descr': '<f8', 'shape': (3, 2), }", "{'descr': '<f8', 'fortran_order': 1,",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (3, -2), }",
      "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), 'extra': 1}",
      "{'descr': '<f8', 'fortran_order': False, 'shape': [3, 2], }",
    ] {
      writer.dictionary = dictionary
      let error = load(writer.bytes(payload: NpyTestWriter.payload(logical, descr: "<f8")))
      #expect(isCase(error, "npyBadHeader"), "\(dictionary)")
      #expect(error?.category == .data)
    }
    for descr in ["<c16", "<u4", "<f2", "|b1", "[('a', '<f8')]"] {
      writer.dictionary =
        "{'descr': \(descr.hasPrefix("[") ? descr : "'\(descr)'"), 'fortran_order': False, 'shape': (3, 2), }"
      let error = load(writer.bytes(payload: NpyTestWriter.payload(logical, descr: "<f8")))
      #expect(isCase(error, "npyUnsupportedDType"), "\(descr)")
    }
    writer.dictionary = nil
    writer.shapeText = "(3, 2, 1)"
    #expect(
      isCase(
        load(writer.bytes(payload: NpyTestWriter.payload(logical, descr: "<f8"))),
        "npyUnsupportedShape"))
    writer.shapeText = "(0, 2)"
    #expect(isCase(load(writer.bytes(payload: [])), "noRows"))
    writer.shapeText = "(5, 0)"
    #expect(isCase(load(writer.bytes(payload: [])), "noColumns"))
    let empty = DataTestFiles.write([UInt8](), named: "empty.npy")
    #expect(dataError { _ = try DataLoader.load(path: empty) } == .emptyFile(path: empty))
    let missing = "/nonexistent/allot/none.npy"
    #expect(dataError { _ = try DataLoader.load(path: missing) }?.category == .input)
  }

  @Test func nonFiniteValuesNameTheFirstCell() {
    for (descr, fortran) in [("<f8", false), ("<f4", false), ("<f8", true)] {
      var writer = NpyTestWriter()
      writer.descr = descr
      writer.fortranOrder = fortran
      // Logical matrix with inf at (2, 0) and NaN at (1, 1): the first in row order is NaN.
      let rowMajor = [1, 2, 3, Double.nan, -Double.infinity, 6]
      let stored = fortran ? [1, 3, -Double.infinity, 2, Double.nan, 6] : rowMajor
      let path = DataTestFiles.write(
        writer.bytes(payload: NpyTestWriter.payload(stored, descr: descr)), named: "nf.npy")
      let error = dataError { _ = try DataLoader.load(path: path) }
      #expect(
        error
          == .missingValue(
            path: path, location: CellLocation(row: .index(1), column: 1), value: "nan"),
        "\(descr) fortran \(fortran)")
      #expect(error?.description.contains("row 1 (0-based), column 1") == true)
      #expect(error?.category == .data)
    }
  }

  @Test func float32OverflowIsRefusedWithAdvice() throws {
    var writer = NpyTestWriter()
    writer.shapeText = "(2, 1)"
    let path = DataTestFiles.write(
      writer.bytes(payload: NpyTestWriter.payload([1, -3e19], descr: "<f8")), named: "o.npy")
    let error = dataError {
      _ = try DataLoader.load(path: path, options: LoadOptions(precision: .f32))
    }
    #expect(error == .float32Overflow(path: path, maxMagnitude: 3e19, columns: 1))
    #expect(error?.description.contains("--precision f64") == true)
    #expect(try DataLoader.load(path: path).matrix.precision == .f64)
    #expect(Float32Range.isSafe(maxMagnitude: 1e18, columns: 1))
    #expect(!Float32Range.isSafe(maxMagnitude: 1e19, columns: 1))
    // Closed form: d (2m)^2 <= Float.greatestFiniteMagnitude / 16.
    let limit = Float32Range.maxSafeMagnitude(columns: 32)
    let bound = 32 * (2 * limit) * (2 * limit)
    #expect(abs(bound - Double(Float.greatestFiniteMagnitude) / 16) / bound < 1e-12)
  }

  @Test func writerOutputIsReadBack() throws {
    // The writer's header is checked byte for byte against the format (64-byte aligned
    // data, version 1.0), and the payload through the independent test encoder.
    let directory = DataTestFiles.scratchDirectory()
    let labels = directory.appendingPathComponent("labels.npy").path
    try NpyWriter.write([Int32(3), -1, 7], to: labels)
    let loaded = try DataLoader.load(path: labels)
    #expect(loaded.matrix.asDouble.elements == [3, -1, 7])
    var expected = NpyTestWriter()
    expected.dictionary = "{'descr': '<i4', 'fortran_order': False, 'shape': (3,), }"
    let bytes = try readBytes(labels)
    #expect(bytes == expected.bytes(payload: NpyTestWriter.payload([3, -1, 7], descr: "<i4")))
    let floats = directory.appendingPathComponent("f.npy").path
    try NpyWriter.write(
      Matrix<Float>(rows: 3, columns: 2, elements: logical.map(Float.init)), to: floats)
    #expect(try readBytes(floats) == NpyTestWriter().bytesWith(descr: "<f4", values: logical))
    let wide = directory.appendingPathComponent("i8.npy").path
    try NpyWriter.write([Int64(5), 6], to: wide)
    #expect(try DataLoader.load(path: wide).matrix.asDouble.elements == [5, 6])
    let unwritable = dataError { try NpyWriter.write([Int32(1)], to: "/nonexistent/dir/x.npy") }
    #expect(unwritable?.category == .input)
  }

  @Test func float32FileWithHugeValuesIsRefusedEvenOnAuto() {
    var writer = NpyTestWriter()
    writer.descr = "<f4"
    writer.shapeText = "(2,)"
    let path = DataTestFiles.write(
      writer.bytes(payload: NpyTestWriter.payload([1, 1e19], descr: "<f4")), named: "h.npy")
    let error = dataError { _ = try DataLoader.load(path: path) }
    guard case .float32Overflow(_, _, let columns) = error else {
      Issue.record("expected float32Overflow, got \(String(describing: error))")
      return
    }
    #expect(columns == 1)
  }
}

extension NpyTestWriter {
  fileprivate func bytesWith(descr: String, values: [Double]) -> [UInt8] {
    var writer = self
    writer.descr = descr
    return writer.bytes(payload: NpyTestWriter.payload(values, descr: descr))
  }
}

private func readBytes(_ path: String) throws -> [UInt8] {
  guard let file = fopen(path, "rb") else { return [] }
  defer { fclose(file) }
  var result: [UInt8] = []
  var buffer = [UInt8](repeating: 0, count: 4096)
  while true {
    let count = fread(&buffer, 1, buffer.count, file)
    if count == 0 { break }
    result += buffer[0..<count]
  }
  return result
}
