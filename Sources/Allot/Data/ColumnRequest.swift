/// How a loader turns a file's header and column count into the file columns to keep.
struct ColumnRequest: Sendable {
  /// True when the request names columns, so a text file must have a header.
  var needsNames: Bool
  /// The file columns to keep, in order, given the header names (or `nil`) and the count.
  var resolve: @Sendable (_ names: [String]?, _ columnCount: Int, _ path: String) throws -> [Int]

  /// The request for a plain selection.
  init(_ selection: ColumnSelection) {
    needsNames = selection.mentionsNames
    resolve = { names, count, path in
      try selection.resolve(names: names, columnCount: count, path: path)
    }
  }

  /// A request from its parts.
  init(
    needsNames: Bool,
    resolve:
      @escaping @Sendable (_ names: [String]?, _ columnCount: Int, _ path: String) throws
      -> [Int]
  ) {
    self.needsNames = needsNames
    self.resolve = resolve
  }
}
