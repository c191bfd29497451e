import Allot

/// Gradient sums over one data set split by rows across several devices' sessions: each
/// shard sums its part of the requested range at the same time as the others, and the
/// partials are added in shard order.
final class SplitGradientSession<Scalar: MatrixScalar>: GradientSession {
  /// The shards, contiguous and in row order.
  let shards: [(rows: Range<Int>, session: any GradientSession<Scalar>)]
  let rows: Int
  private let features: Int
  private let runner: ShardRunner

  init(shards: [(rows: Range<Int>, session: any GradientSession<Scalar>)], features: Int) {
    self.shards = shards
    self.rows = shards.last?.rows.upperBound ?? 0
    self.features = features
    self.runner = ShardRunner(shards: shards.count)
  }

  func gradient(weights: [Scalar], bias: Scalar, range: Range<Int>?) throws -> GradientPartial {
    let wanted = range ?? 0..<rows
    let partials = try runner.run(shards.count) { index -> GradientPartial? in
      let shard = shards[index]
      let overlap = wanted.clamped(to: shard.rows)
      guard !overlap.isEmpty else { return nil }
      let base = shard.rows.lowerBound
      let local = Range(uncheckedBounds: (overlap.lowerBound - base, overlap.upperBound - base))
      return try shard.session.gradient(
        weights: weights, bias: bias, range: local.count == shard.rows.count ? nil : local)
    }
    var total = GradientPartial(features: features)
    for case let partial? in partials { total.add(partial) }
    return total
  }
}
