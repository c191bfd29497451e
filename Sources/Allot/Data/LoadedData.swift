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
  /// The path the data were loaded from, as given.
  public var path: String

  /// A loaded data set from its parts.
  public init(
    matrix: AnyMatrix, columnNames: [String]?, sourceColumns: [Int], droppedRows: Int,
    path: String
  ) {
    self.matrix = matrix
    self.columnNames = columnNames
    self.sourceColumns = sourceColumns
    self.droppedRows = droppedRows
    self.path = path
  }
}
