#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Parses the text of one cell as a number, as C's `strtod` does in the C locale, except
/// that hexadecimal forms (`0x10`, `0x1p3`) are not numbers here (numpy and pandas refuse
/// them too).
enum NumberParser {
  /// What a cell holds.
  enum Outcome: Equatable {
    /// A number (possibly infinite, when the text says `inf`).
    case number(Double)
    /// A missing value: empty (or only spaces), `NA`, `NaN`, `nan`, `NAN`, `N/A`.
    case missing
    /// Text that is not a number.
    case invalid
  }

  /// Parses `text`; spaces and tabs around the number are ignored.
  static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Outcome {
    var start = 0
    var end = text.count
    while start < end, text[start] == 0x20 || text[start] == 0x09 { start += 1 }
    while end > start, text[end - 1] == 0x20 || text[end - 1] == 0x09 { end -= 1 }
    let length = end - start
    if length == 0 { return .missing }
    // Fast path, exact: an optional sign and up to 15 digits is an integer below 2^53.
    var index = start
    let negative = text[index] == UInt8(ascii: "-")
    if negative || text[index] == UInt8(ascii: "+") { index += 1 }
    if index < end, end - index <= 15 {
      var value = 0
      var digitsOnly = true
      while index < end {
        let digit = text[index] &- UInt8(ascii: "0")
        if digit > 9 {
          digitsOnly = false
          break
        }
        value = value * 10 + Int(digit)
        index += 1
      }
      if digitsOnly { return .number(negative ? -Double(value) : Double(value)) }
    }
    if length <= 4, isMissingMarker(text, start, end) { return .missing }
    for offset in start..<end where text[offset] | 0x20 == UInt8(ascii: "x") { return .invalid }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
      for offset in 0..<length { buffer[offset] = CChar(bitPattern: text[start + offset]) }
      buffer[length] = 0
      guard let base = buffer.baseAddress else { return .invalid }
      var stop: UnsafeMutablePointer<CChar>?
      let value = strtod(base, &stop)
      guard let stop, stop - base == length else { return .invalid }
      if value.isNaN { return .missing }
      return .number(value)
    }
  }

  private static func isMissingMarker(_ text: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int)
    -> Bool
  {
    let word = Array(text[start..<end])
    for marker in ["NA", "NaN", "nan", "NAN", "N/A"] where Array(marker.utf8) == word {
      return true
    }
    return false
  }
}
