/// The few Python literal values a `.npy` header uses.
enum PythonLiteral: Equatable, CustomStringConvertible {
  case string(String)
  case integer(Int)
  case bool(Bool)
  case none
  case tuple([PythonLiteral])
  case list([PythonLiteral])
  case dictionary([(String, PythonLiteral)])

  static func == (lhs: PythonLiteral, rhs: PythonLiteral) -> Bool {
    lhs.description == rhs.description
  }

  var description: String {
    switch self {
    case .string(let text): return "'\(text)'"
    case .integer(let value): return String(value)
    case .bool(let flag): return flag ? "True" : "False"
    case .none: return "None"
    case .tuple(let items): return "(" + items.map(\.description).joined(separator: ", ") + ")"
    case .list(let items): return "[" + items.map(\.description).joined(separator: ", ") + "]"
    case .dictionary(let entries):
      return "{" + entries.map { "'\($0.0)': \($0.1.description)" }.joined(separator: ", ") + "}"
    }
  }
}

/// A parser for the subset of Python literals found in `.npy` headers: dictionaries with
/// string keys, strings, integers, `True`/`False`/`None`, tuples and lists.
struct PythonLiteralParser {
  /// Why the text is not a valid literal.
  struct Failure: Error {
    var reason: String
  }

  private let characters: [UInt8]
  private var position = 0
  private var depth = 0

  init(text: String) { characters = Array(text.utf8) }

  /// Parses one value followed only by whitespace.
  mutating func parseDocument() throws -> PythonLiteral {
    let value = try parseValue()
    skipSpace()
    guard position == characters.count else {
      throw Failure(reason: "unexpected text after the dictionary at offset \(position)")
    }
    return value
  }

  private mutating func skipSpace() {
    while position < characters.count,
      [0x20, 0x0A, 0x0D, 0x09].contains(characters[position])
    {
      position += 1
    }
  }

  private mutating func parseValue() throws -> PythonLiteral {
    skipSpace()
    guard position < characters.count else { throw Failure(reason: "header ends early") }
    depth += 1
    defer { depth -= 1 }
    guard depth < 32 else { throw Failure(reason: "header nests too deeply") }
    let character = characters[position]
    switch character {
    case UInt8(ascii: "{"):
      position += 1
      var entries: [(String, PythonLiteral)] = []
      while true {
        skipSpace()
        if peek(UInt8(ascii: "}")) { break }
        guard case .string(let key) = try parseValue() else {
          throw Failure(reason: "dictionary key is not a string")
        }
        skipSpace()
        guard peek(UInt8(ascii: ":")) else { throw Failure(reason: "missing ':' after '\(key)'") }
        let value = try parseValue()
        entries.append((key, value))
        skipSpace()
        if peek(UInt8(ascii: ",")) { continue }
        guard peek(UInt8(ascii: "}")) else { throw Failure(reason: "missing '}'") }
        break
      }
      return .dictionary(entries)
    case UInt8(ascii: "("), UInt8(ascii: "["):
      let close = character == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
      position += 1
      var items: [PythonLiteral] = []
      while true {
        skipSpace()
        if peek(close) { break }
        items.append(try parseValue())
        skipSpace()
        if peek(UInt8(ascii: ",")) { continue }
        guard peek(close) else { throw Failure(reason: "unclosed tuple or list") }
        break
      }
      return character == UInt8(ascii: "(") ? .tuple(items) : .list(items)
    case UInt8(ascii: "'"), UInt8(ascii: "\""):
      position += 1
      let start = position
      while position < characters.count, characters[position] != character {
        if characters[position] == UInt8(ascii: "\\") { position += 1 }
        position += 1
      }
      guard position < characters.count else { throw Failure(reason: "unterminated string") }
      let text = String(decoding: characters[start..<position], as: UTF8.self)
      position += 1
      return .string(text)
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
      let start = position
      position += 1
      while position < characters.count,
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(characters[position])
      {
        position += 1
      }
      // Python 2 era headers wrote long integers with an `L` suffix.
      let digits = String(decoding: characters[start..<position], as: UTF8.self)
      if position < characters.count, characters[position] == UInt8(ascii: "L") { position += 1 }
      guard let value = Int(digits) else { throw Failure(reason: "bad integer '\(digits)'") }
      return .integer(value)
    default:
      for (word, value) in [
        ("True", PythonLiteral.bool(true)), ("False", .bool(false)), ("None", .none),
      ] where matches(word) {
        position += word.utf8.count
        return value
      }
      throw Failure(reason: "unexpected character at offset \(position)")
    }
  }

  private func matches(_ word: String) -> Bool {
    let bytes = Array(word.utf8)
    guard position + bytes.count <= characters.count else { return false }
    return Array(characters[position..<position + bytes.count]) == bytes
  }

  private mutating func peek(_ character: UInt8) -> Bool {
    guard position < characters.count, characters[position] == character else { return false }
    position += 1
    return true
  }
}
