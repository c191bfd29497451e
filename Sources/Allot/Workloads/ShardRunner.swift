/// Runs one step of a data-parallel workload on every shard at the same time: one thread
/// per shard while the caller sleeps, results returned in shard order so that they are
/// reduced in a fixed order whatever the timing. With one shard the caller runs it itself.
/// Idle threads sleep between steps; they end when the runner is released.
public final class ShardRunner {
  private let pool: WorkerPool?

  /// A runner for up to `shards` shards at once (no threads for a single shard).
  public init(shards: Int) {
    pool = shards > 1 ? WorkerPool(processingUnits: Array(repeating: -1, count: shards)) : nil
  }

  /// `body(shard)` for every shard in `0..<count`, concurrently; the results in shard order.
  /// - Throws: the error of the lowest-numbered shard that failed, after all have finished.
  public func run<T>(_ count: Int, _ body: (Int) throws -> T) throws -> [T] {
    guard let pool, count > 1 else { return try (0..<count).map(body) }
    let results = UnsafeMutableBufferPointer<Result<T, any Error>?>.allocate(capacity: count)
    results.initialize(repeating: nil)
    defer {
      _ = results.deinitialize()
      results.deallocate()
    }
    pool.run(count) { shard in results[shard] = Result { try body(shard) } }
    return try results.map { try $0!.get() }
  }
}
