/// A loaded data set: the matrix and what is known about where it came from.
public struct LoadedData: Sendable {
  /// The values, one row per record, one column per chosen column in the requested order.
  public var matrix: AnyMatrix
  /// The header names of the chosen columns, in matrix column order; `nil` when the file has
  /// no header (headerless text, `.npy`).
  public var columnNames: [String]?
  /// The 0-based file column index of each matrix column.
  public var sourceColumns: [Int]
  /// Rows dropped because of missing values (`MissingPolicy.drop`); 0 otherwise.
  public var droppedRows: Int
  /// The 0-based data-row indices of the dropped rows in the file, ascending (a text file's
  /// header and blank lines are not rows); `droppedRows` of them. Matrix row `i` is the
  /// `i`-th file data row not in this list, so the file had `matrix.rows + droppedRows` data
  /// rows.
  public var droppedRowIndices: [Int]
  /// The path the data were loaded from, as given.
  public var path: String

  /// A loaded data set from its parts.
  public init(
    matrix: AnyMatrix, columnNames: [String]?, sourceColumns: [Int], droppedRows: Int,
    path: String, droppedRowIndices: [Int] = []
  ) {
    self.matrix = matrix
    self.columnNames = columnNames
    self.sourceColumns = sourceColumns
    self.droppedRows = droppedRows
    self.droppedRowIndices = droppedRowIndices
    self.path = path
  }

  /// `values` (one per matrix row) spread over the file's data rows: `filler` at each
  /// dropped row. O(rows).
  public func perSourceRow<Value>(_ values: [Value], filler: Value) -> [Value] {
    guard !droppedRowIndices.isEmpty else { return values }
    var result: [Value] = []
    result.reserveCapacity(values.count + droppedRowIndices.count)
    var next = 0
    for dropped in droppedRowIndices {
      while result.count < dropped, next < values.count {
        result.append(values[next])
        next += 1
      }
      result.append(filler)
    }
    result.append(contentsOf: values[next...])
    return result
  }
}
