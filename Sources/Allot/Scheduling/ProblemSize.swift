/// The size of the problem one task works on: rows, columns and clusters of its data.
public struct ProblemSize: Hashable, Sendable, Codable {
  /// Rows of the data (samples).
  public var rows: Int
  /// Columns of the data (features).
  public var columns: Int
  /// Clusters (k-means centers); 1 where the kernel has none.
  public var clusters: Int
  /// Bytes per element: 4 for Float32, 8 for Float64.
  public var elementBytes: Int

  /// A size of `rows` x `columns` with `clusters` centers and elements of `elementBytes`.
  public init(rows: Int, columns: Int = 1, clusters: Int = 1, elementBytes: Int = 4) {
    self.rows = rows
    self.columns = columns
    self.clusters = clusters
    self.elementBytes = elementBytes
  }

  /// The size of a task with no data.
  public static let zero = ProblemSize(rows: 0, columns: 0, clusters: 0)
}
