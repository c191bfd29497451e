/// Splits the bytes of a delimited text file into records and fields without copying them.
///
/// Handles fields quoted with `"` (a doubled `""` inside stands for one quote; delimiters
/// and line breaks inside quotes belong to the field), LF and CRLF line ends, and counts
/// file lines (1-based) so that errors can name them. Lines that are empty are skipped.
struct CSVRecordScanner {
  /// One field of a record: byte offsets of its content (inside the quotes when quoted).
  struct Field {
    var start: Int
    var end: Int
    /// True when the content holds `""` pairs that stand for one quote each.
    var hasEscapedQuotes: Bool
  }

  private let bytes: UnsafeBufferPointer<UInt8>
  private let delimiter: UInt8
  private let path: String
  private(set) var position: Int
  /// The 1-based line the scanner is on.
  private(set) var line = 1

  init(bytes: UnsafeBufferPointer<UInt8>, start: Int, delimiter: UInt8, path: String) {
    self.bytes = bytes
    self.position = start
    self.delimiter = delimiter
    self.path = path
  }

  /// Reads the next non-empty record into `fields` and returns the line it starts on, or
  /// `nil` at the end of the file.
  /// - Throws: `DataError.unterminatedQuote` when a quoted field never closes.
  mutating func nextRecord(into fields: inout [Field]) throws -> Int? {
    let count = bytes.count
    let quote = UInt8(ascii: "\"")
    let newline = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    while true {
      fields.removeAll(keepingCapacity: true)
      guard position < count else { return nil }
      let startLine = line
      // Skip empty lines.
      if bytes[position] == newline {
        position += 1
        line += 1
        continue
      }
      if bytes[position] == carriageReturn {
        position += 1
        if position < count, bytes[position] == newline { position += 1 }
        line += 1
        continue
      }
      while true {
        if position < count, bytes[position] == quote {
          let quoteLine = line
          position += 1
          let start = position
          var escaped = false
          while true {
            guard position < count else {
              throw DataError.unterminatedQuote(path: path, line: quoteLine)
            }
            let byte = bytes[position]
            if byte == quote {
              if position + 1 < count, bytes[position + 1] == quote {
                escaped = true
                position += 2
                continue
              }
              break
            }
            if byte == newline { line += 1 }
            position += 1
          }
          var field = Field(start: start, end: position, hasEscapedQuotes: escaped)
          position += 1
          // Text after the closing quote (`"a"b`) is kept: the field becomes the raw bytes,
          // quotes included, so that it cannot pass for a number.
          var trailing = false
          while position < count {
            let byte = bytes[position]
            if byte == delimiter || byte == newline || byte == carriageReturn { break }
            if byte != UInt8(ascii: " ") { trailing = true }
            position += 1
          }
          if trailing { field = Field(start: start - 1, end: position, hasEscapedQuotes: false) }
          fields.append(field)
        } else {
          let start = position
          while position < count {
            let byte = bytes[position]
            if byte == delimiter || byte == newline || byte == carriageReturn { break }
            position += 1
          }
          fields.append(Field(start: start, end: position, hasEscapedQuotes: false))
        }
        guard position < count else { return startLine }
        let byte = bytes[position]
        position += 1
        if byte == delimiter { continue }
        if byte == carriageReturn, position < count, bytes[position] == newline { position += 1 }
        line += 1
        return startLine
      }
    }
  }

  /// The content of `field` as bytes, with `""` pairs turned into one quote.
  func content(of field: Field) -> [UInt8] {
    let raw = bytes[field.start..<field.end]
    guard field.hasEscapedQuotes else { return Array(raw) }
    var result: [UInt8] = []
    result.reserveCapacity(raw.count)
    var index = raw.startIndex
    while index < raw.endIndex {
      result.append(raw[index])
      if raw[index] == UInt8(ascii: "\""), index + 1 < raw.endIndex,
        raw[index + 1] == UInt8(ascii: "\"")
      {
        index += 1
      }
      index += 1
    }
    return result
  }

  /// The content of `field` as text (invalid UTF-8 is repaired).
  func text(of field: Field) -> String {
    String(decoding: content(of: field), as: UTF8.self)
  }

  /// Parses `field` as a number.
  func number(in field: Field) -> NumberParser.Outcome {
    if field.hasEscapedQuotes {
      return content(of: field).withUnsafeBufferPointer { NumberParser.parse($0) }
    }
    return NumberParser.parse(UnsafeBufferPointer(rebasing: bytes[field.start..<field.end]))
  }
}
