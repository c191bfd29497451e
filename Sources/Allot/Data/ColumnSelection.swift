/// Which columns of a file to keep, in which order.
///
/// Written as a comma-separated list (`--columns`) whose items are header names, 0-based
/// indices, or inclusive index ranges `a-b`: `0-63`, `dep_delay,air_time`, `1,3-5`. An item
/// made only of digits is an index, even when a header name is the same digits; an item made
/// only of digits and dashes must be an index or a range (`-3`, `0-`, `1-2-3` are malformed).
/// An empty selection keeps every column in file order. A column may not be chosen twice.
/// Quoting is not supported: a header name that contains a comma cannot be selected by name
/// (use its index).
public struct ColumnSelection: Sendable, Equatable, CustomStringConvertible {
  /// One item of the list.
  public enum Item: Sendable, Equatable {
    /// A header name.
    case name(String)
    /// A 0-based column index.
    case index(Int)
    /// An inclusive range of 0-based column indices, lower bound first.
    case range(ClosedRange<Int>)
  }

  /// The items in the requested order; empty means every column.
  public var items: [Item]

  /// Every column, in file order.
  public static var all: ColumnSelection { ColumnSelection([]) }

  /// A selection of `items`, in that order.
  public init(_ items: [Item]) { self.items = items }

  /// Parses a comma-separated list such as `1,3-5,price`. Spaces around items are ignored.
  /// - Throws: `DataError.badColumnSpec` (category `.usage`) for an empty list or item, an
  ///   item of digits and dashes that is not an index or a range `a-b`, a range whose end is
  ///   below its start, or an item given twice (the same name, or overlapping indices).
  public init(parsing spec: String) throws {
    let parts = spec.split(separator: ",", omittingEmptySubsequences: false)
    var items: [Item] = []
    for part in parts {
      let item = part.trimmingASCIISpaces()
      guard !item.isEmpty else {
        throw DataError.badColumnSpec(spec: spec, reason: "empty item")
      }
      if item.allSatisfy(\.isASCIIDigit) {
        guard let index = Int(item) else {
          throw DataError.badColumnSpec(spec: spec, reason: "index '\(item)' is too large")
        }
        items.append(.index(index))
        continue
      }
      let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
      if bounds.count == 2, !bounds[0].isEmpty, !bounds[1].isEmpty,
        bounds[0].allSatisfy(\.isASCIIDigit), bounds[1].allSatisfy(\.isASCIIDigit)
      {
        guard let low = Int(bounds[0]), let high = Int(bounds[1]) else {
          throw DataError.badColumnSpec(spec: spec, reason: "range '\(item)' is too large")
        }
        guard low <= high else {
          throw DataError.badColumnSpec(
            spec: spec, reason: "range '\(item)' ends before it starts")
        }
        items.append(.range(low...high))
        continue
      }
      if item.allSatisfy({ $0 == "-" || $0.isASCIIDigit }) {
        throw DataError.badColumnSpec(
          spec: spec, reason: "'\(item)' is neither an index nor a range a-b")
      }
      items.append(.name(String(item)))
    }
    self.items = items
    if let repeated = Self.firstRepeat(items) {
      throw DataError.badColumnSpec(spec: spec, reason: "\(repeated) is chosen twice")
    }
  }

  /// The first name or index that two items of `items` both choose, as the message shows it.
  private static func firstRepeat(_ items: [Item]) -> String? {
    var names = Set<String>()
    var indices = Set<Int>()
    for item in items {
      switch item {
      case .name(let name):
        if !names.insert(name).inserted { return "column '\(name)'" }
      case .index(let index):
        if !indices.insert(index).inserted { return "column \(index)" }
      case .range(let range):
        for index in range where !indices.insert(index).inserted { return "column \(index)" }
      }
    }
    return nil
  }

  /// True when the selection keeps every column.
  public var isAll: Bool { items.isEmpty }

  /// True when some item is a header name (so the file must have a header).
  public var mentionsNames: Bool {
    items.contains { if case .name = $0 { return true } else { return false } }
  }

  /// The 0-based file column indices the selection stands for, in order.
  /// - Parameters:
  ///   - names: the header names, or `nil` when the file has no header.
  ///   - columnCount: the number of columns of the file.
  ///   - path: the file, for error messages.
  /// - Throws: `DataError.unknownColumn` for a name not in `names`,
  ///   `DataError.columnOutOfRange` for an index not below `columnCount`,
  ///   `DataError.badColumnSpec` when a name and an index choose the same column.
  public func resolve(names: [String]?, columnCount: Int, path: String) throws -> [Int] {
    if items.isEmpty { return Array(0..<columnCount) }
    var result: [Int] = []
    for item in items {
      switch item {
      case .name(let name):
        guard let names, let index = names.firstIndex(of: name) else {
          throw DataError.unknownColumn(path: path, name: name, available: names ?? [])
        }
        result.append(index)
      case .index(let index):
        guard index < columnCount else {
          throw DataError.columnOutOfRange(path: path, index: index, columns: columnCount)
        }
        result.append(index)
      case .range(let range):
        guard range.upperBound < columnCount else {
          throw DataError.columnOutOfRange(
            path: path, index: range.upperBound, columns: columnCount)
        }
        result.append(contentsOf: range)
      }
    }
    var seen = Set<Int>()
    for index in result where !seen.insert(index).inserted {
      let name = names.flatMap { index < $0.count ? " ('\($0[index])')" : nil } ?? ""
      throw DataError.badColumnSpec(
        spec: description, reason: "column \(index)\(name) is chosen twice")
    }
    return result
  }

  /// The list written back in `--columns` syntax; empty for `.all`.
  public var description: String {
    items.map { item in
      switch item {
      case .name(let name): return name
      case .index(let index): return String(index)
      case .range(let range): return "\(range.lowerBound)-\(range.upperBound)"
      }
    }.joined(separator: ",")
  }
}

extension Substring {
  fileprivate func trimmingASCIISpaces() -> Substring {
    var result = self
    while let first = result.first, first == " " || first == "\t" { result = result.dropFirst() }
    while let last = result.last, last == " " || last == "\t" { result = result.dropLast() }
    return result
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
