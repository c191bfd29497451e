import Dispatch

/// Runs `body` once per chunk of `rows` rows, in parallel; chunk `c` covers rows
/// `c * chunkRows ..< min((c + 1) * chunkRows, rows)`. The chunking, not the thread count,
/// decides which random stream fills which rows, so the result is the same on any machine.
enum ChunkedFill {
  /// Rows per chunk; part of the generators' stability promise.
  static var chunkRows: Int { 16_384 }

  static func run(rows: Int, _ body: @Sendable (_ chunk: Int, _ range: Range<Int>) -> Void) {
    let chunks = (rows + chunkRows - 1) / chunkRows
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      let start = chunk * chunkRows
      body(chunk, start..<min(start + chunkRows, rows))
    }
  }
}

/// A pointer that parallel chunks write through, each to its own rows.
struct SharedPointer<Element>: @unchecked Sendable {
  let base: UnsafeMutablePointer<Element>
}
