/// Everything that can be wrong with an input file or its data.
///
/// Every case carries the file path as the user gave it (empty for in-memory data) and, where
/// it applies, the row and column (see `CellLocation` for how rows are counted: 1-based file
/// lines in text files, 0-based row indices in arrays). `description` is one line that names
/// them, in the form `FILE:LINE: column "name" (index I): what` for text files and
/// `FILE: row R (0-based), column C: what` for arrays.
///
/// Categories: a missing or unreadable file is `.input` (exit 66); a malformed column list is
/// `.usage` (64); everything else is `.data` (65).
public enum DataError: AllotError, Equatable {
  /// The file does not exist.
  case fileNotFound(path: String)
  /// The file exists but cannot be opened, read or mapped; `reason` is the system's message.
  case unreadable(path: String, reason: String)
  /// The file cannot be created or written; `reason` is the system's message.
  case unwritable(path: String, reason: String)
  /// The file holds no bytes (or, for text, nothing but blank lines).
  case emptyFile(path: String)
  /// The file has a header or a shape but no data rows.
  case noRows(path: String)
  /// Every one of the file's `rows` data rows has a missing value (`MissingPolicy.drop`).
  case allRowsDropped(path: String, rows: Int)
  /// A `.npy` array has rows but 0 columns (shape `(n, 0)`).
  case noColumns(path: String)
  /// A regression has a target column but no feature column left (`target` as given).
  case noFeatureColumns(path: String, target: String)
  /// A record of a text file has `fields` fields where the first record has `expected`.
  case raggedRow(path: String, line: Int, fields: Int, expected: Int)
  /// A chosen cell is not a number.
  case nonNumeric(path: String, location: CellLocation, value: String)
  /// A chosen cell is empty or `NA`, `NaN`, `nan` (and the missing policy is `.error`).
  case missingValue(path: String, location: CellLocation, value: String)
  /// A value is NaN or infinite (in an array, or `inf` written in a text file).
  case nonFinite(path: String, location: CellLocation, value: String)
  /// A quoted field of a text file starting on `line` is never closed.
  case unterminatedQuote(path: String, line: Int)
  /// A column named in the selection is not in the header (or the file has no header).
  case unknownColumn(path: String, name: String, available: [String])
  /// A column index of the selection is not below the file's column count.
  case columnOutOfRange(path: String, index: Int, columns: Int)
  /// The column list itself is malformed (`3-1`, `a-`, an empty item). Category `.usage`.
  case badColumnSpec(spec: String, reason: String)
  /// The file does not start with the `.npy` magic bytes.
  case npyBadMagic(path: String)
  /// The `.npy` format version is not 1.0, 2.0 or 3.0.
  case npyUnsupportedVersion(path: String, major: Int, minor: Int)
  /// The `.npy` header is not a valid dictionary with `descr`, `fortran_order` and `shape`.
  case npyBadHeader(path: String, reason: String)
  /// The `.npy` element type is not one of `f4`, `f8`, `i4`, `i8` (any byte order).
  case npyUnsupportedDType(path: String, descr: String)
  /// The `.npy` array is not 1-D or 2-D.
  case npyUnsupportedShape(path: String, shape: [Int])
  /// The `.npy` payload is `actualBytes` long where the header promises `expectedBytes`:
  /// a truncated file (fewer) or a header that does not describe the file (more).
  case npySizeMismatch(path: String, expectedBytes: Int, actualBytes: Int)
  /// Values of magnitude up to `maxMagnitude` in `columns` columns would overflow Float32
  /// squared distances or residuals; the remedy is `--precision f64`.
  case float32Overflow(path: String, maxMagnitude: Double, columns: Int)
  /// Values of magnitude up to `maxMagnitude` in `columns` columns would overflow even
  /// Float64 squared distances or residuals (see `Float64Range`); the remedy is to rescale.
  case float64Overflow(path: String, maxMagnitude: Double, columns: Int)

  /// `.input` for missing, unreadable or unwritable files, `.usage` for a malformed column
  /// list, `.data` otherwise.
  public var category: ErrorCategory {
    switch self {
    case .fileNotFound, .unreadable, .unwritable: return .input
    case .badColumnSpec: return .usage
    default: return .data
    }
  }

  /// One line naming the file, the row and the column where they apply.
  public var description: String {
    switch self {
    case .fileNotFound(let path):
      return "\(path): no such file"
    case .unreadable(let path, let reason):
      return "\(path): cannot read: \(reason)"
    case .unwritable(let path, let reason):
      return "\(path): cannot write: \(reason)"
    case .emptyFile(let path):
      return "\(Self.name(path)): file is empty"
    case .noRows(let path):
      return "\(Self.name(path)): no data rows"
    case .allRowsDropped(let path, let rows):
      let all = rows == 1 ? "the only row has" : "all \(rows) rows have"
      return "\(Self.name(path)): \(all) missing values; nothing left to fit"
    case .noColumns(let path):
      return "\(Self.name(path)): the array has 0 columns"
    case .noFeatureColumns(let path, let target):
      return
        "\(Self.name(path)): no feature columns: the target '\(target.escapedForOneLine)' is the only column chosen"
    case .raggedRow(let path, let line, let fields, let expected):
      return
        "\(Self.name(path)):\(line): ragged row: line \(line) has \(fields) fields, expected \(expected)"
    case .nonNumeric(let path, let location, let value):
      return "\(location.prefixed(by: path)): non-numeric value \"\(value.escapedForOneLine)\""
    case .missingValue(let path, let location, let value):
      let shown = value.isEmpty ? "empty cell" : "\"\(value.escapedForOneLine)\""
      return
        "\(location.prefixed(by: path)): missing value (\(shown)); use --missing drop to drop such rows"
    case .nonFinite(let path, let location, let value):
      return "\(location.prefixed(by: path)): value \(value.escapedForOneLine) is not finite"
    case .unterminatedQuote(let path, let line):
      return "\(Self.name(path)):\(line): quoted field is never closed (end of file reached)"
    case .unknownColumn(let path, let name, let available):
      if available.isEmpty {
        return
          "\(Self.name(path)): no column named \"\(name.escapedForOneLine)\" (the file has no header row)"
      }
      let shown = available.prefix(20).map(\.escapedForOneLine).joined(separator: ", ")
      let more = available.count > 20 ? ", ..." : ""
      return
        "\(Self.name(path)): no column named \"\(name.escapedForOneLine)\" (columns: \(shown)\(more))"
    case .columnOutOfRange(let path, let index, let columns):
      return
        "\(Self.name(path)): column index \(index) out of range (the file has \(columns) columns, 0 to \(columns - 1))"
    case .badColumnSpec(let spec, let reason):
      return "bad column list '\(spec.escapedForOneLine)': \(reason)"
    case .npyBadMagic(let path):
      return "\(Self.name(path)): not a .npy file (bad magic bytes)"
    case .npyUnsupportedVersion(let path, let major, let minor):
      return "\(Self.name(path)): unsupported .npy format version \(major).\(minor)"
    case .npyBadHeader(let path, let reason):
      return "\(Self.name(path)): bad .npy header: \(reason.escapedForOneLine)"
    case .npyUnsupportedDType(let path, let descr):
      return
        "\(Self.name(path)): unsupported .npy dtype '\(descr.escapedForOneLine)' (supported: f4, f8, i4, i8, either byte order)"
    case .npyUnsupportedShape(let path, let shape):
      let shown = shape.map(String.init).joined(separator: ", ")
      return "\(Self.name(path)): unsupported .npy shape (\(shown)): only 1-D and 2-D arrays"
    case .npySizeMismatch(let path, let expected, let actual):
      if actual < expected {
        return
          "\(Self.name(path)): truncated: the header promises \(expected) bytes of data, the file has \(actual)"
      }
      return
        "\(Self.name(path)): size mismatch: the header promises \(expected) bytes of data, the file has \(actual)"
    case .float32Overflow(let path, let maxMagnitude, let columns):
      return
        "\(Self.name(path)): values up to \(maxMagnitude) in \(columns) columns would overflow Float32 squared distances; use --precision f64"
    case .float64Overflow(let path, let maxMagnitude, let columns):
      return
        "\(Self.name(path)): values up to \(maxMagnitude) in \(columns) columns would overflow Float64 squared distances (columns x (2 x largest value)^2 must stay below \(Float64Range.limit)); rescale the data"
    }
  }

  private static func name(_ path: String) -> String { path.isEmpty ? "data" : path }
}
