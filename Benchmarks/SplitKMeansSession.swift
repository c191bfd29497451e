import Allot

/// k-means steps over one data set split by rows across several devices' sessions: the
/// shards step at the same time and their partials are added in shard order, so the result
/// does not depend on timing.
final class SplitKMeansSession<Scalar: MatrixScalar>: KMeansSession {
  /// The shards, contiguous and in row order.
  let shards: [(rows: Range<Int>, session: any KMeansSession<Scalar>)]
  let rows: Int
  private let runner: ShardRunner

  init(shards: [(rows: Range<Int>, session: any KMeansSession<Scalar>)]) {
    self.shards = shards
    self.rows = shards.last?.rows.upperBound ?? 0
    self.runner = ShardRunner(shards: shards.count)
  }

  func step(centers: Matrix<Scalar>) throws -> KMeansPartial {
    let partials = try runner.run(shards.count) { index in
      try shards[index].session.step(centers: centers)
    }
    var total = KMeansPartial(clusters: centers.rows, dimensions: centers.columns)
    for partial in partials { total.add(partial) }
    return total
  }

  func labels() throws -> [Int32] { try shards.flatMap { try $0.session.labels() } }

  func distances() throws -> [Double] { try shards.flatMap { try $0.session.distances() } }
}
