/// A fixed partition of `rows` rows into contiguous blocks. The partition depends only on
/// the row count and the given limits, never on the number of threads, so per-block
/// partial sums combined in block order give the same bits however many threads run.
struct RowBlocks: Sendable, Equatable {
  /// Rows in total.
  let rows: Int
  /// Rows per block (the last block may be shorter).
  let blockRows: Int

  /// Blocks of at least `minimumRows` rows (a multiple of `granularity`), and at most
  /// `maximumBlocks` of them.
  init(rows: Int, minimumRows: Int, maximumBlocks: Int, granularity: Int) {
    self.rows = rows
    let perBlock = max(minimumRows, (rows + maximumBlocks - 1) / max(maximumBlocks, 1))
    self.blockRows = max(granularity, (perBlock + granularity - 1) / granularity * granularity)
  }

  /// Number of blocks (0 when there are no rows).
  var count: Int { (rows + blockRows - 1) / blockRows }

  /// The rows of block `index`.
  func range(_ index: Int) -> Range<Int> {
    let start = index * blockRows
    return start..<min(rows, start + blockRows)
  }
}
