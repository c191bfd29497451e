import Foundation

/// Where a value sits in an input file, for error messages.
///
/// Two row conventions exist and each file format uses one of them consistently:
/// - text files (CSV, TSV) name the 1-based **line** of the file on which the record starts,
///   counted as an editor counts lines (the header is line 1 when there is one);
/// - arrays (`.npy`, in-memory matrices) name the 0-based **row** index of the data.
///
/// Columns are always 0-based indices into the file's fields (not into the selection), with
/// the header name when the file has one.
public struct CellLocation: Sendable, Equatable, CustomStringConvertible {
  /// How the row is counted.
  public enum Row: Sendable, Equatable {
    /// A 1-based line number of a text file.
    case line(Int)
    /// A 0-based row index of an array.
    case index(Int)
  }

  /// The row.
  public var row: Row
  /// The 0-based column index in the file.
  public var column: Int
  /// The column's header name, when the file has a header.
  public var columnName: String?

  /// A location from its parts.
  public init(row: Row, column: Int, columnName: String? = nil) {
    self.row = row
    self.column = column
    self.columnName = columnName
  }

  /// The column in words: `column "x" (index 2)` or `column 2`.
  public var columnDescription: String {
    if let columnName { return "column \"\(columnName.escapedForOneLine)\" (index \(column))" }
    return "column \(column)"
  }

  /// `line 8, column "x" (index 2)` or `row 7 (0-based), column 2`.
  public var description: String {
    switch row {
    case .line(let line): return "line \(line), \(columnDescription)"
    case .index(let index): return "row \(index) (0-based), \(columnDescription)"
    }
  }

  /// The location prefixed with a file path: `data.csv:8: column "x" (index 2)` for text
  /// files, `data.npy: row 7 (0-based), column 2` for arrays; the path is left out when empty.
  public func prefixed(by path: String) -> String {
    switch row {
    case .line(let line):
      return path.isEmpty
        ? "line \(line): \(columnDescription)" : "\(path):\(line): \(columnDescription)"
    case .index:
      return path.isEmpty ? description : "\(path): \(description)"
    }
  }
}

extension String {
  /// The text with line breaks and tabs written as `\n`, `\r`, `\t` and other control
  /// characters as `\xNN`, so a message stays on one line and prints whole.
  var escapedForOneLine: String {
    var result = ""
    for character in unicodeScalars {
      switch character {
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where character.value < 0x20 || character.value == 0x7F:
        result += "\\x" + String(format: "%02X", character.value)
      default: result.unicodeScalars.append(character)
      }
    }
    return result
  }
}
