/// Each point's squared distance to the nearest of the centers chosen so far (Float64, direct
/// differences), for k-means++ seeding: updated as centers are added, summed per fixed block
/// of rows, and searched by cumulative weight.
///
/// Every pass runs in parallel over the same blocks, whatever the number of threads, and
/// block sums are added in block order, so the results are bit-identical from run to run.
final class NearestDistances<Scalar: MatrixScalar> {
  private let points: Matrix<Scalar>
  private let device: CPUDevice
  private let blocks: RowBlocks
  /// Per row: the squared distance to the nearest chosen center (+infinity before the first).
  private let closest: UnsafeMutablePointer<Double>
  /// Per block: the sum of `closest` over its rows, in row order.
  private let blockTotals: UnsafeMutablePointer<Double>
  /// The sum of `closest` over all rows (block totals in block order).
  private(set) var total: Double = 0

  /// Distances for `points` (no copy); none chosen yet, so every distance is +infinity.
  init(_ points: Matrix<Scalar>, on device: CPUDevice) {
    self.points = points
    self.device = device
    blocks = RowBlocks(rows: points.rows, minimumRows: 4096, maximumBlocks: 64, granularity: 64)
    closest = .allocate(capacity: max(points.rows, 1))
    closest.initialize(repeating: .infinity, count: max(points.rows, 1))
    blockTotals = .allocate(capacity: max(blocks.count, 1))
    blockTotals.initialize(repeating: .infinity, count: max(blocks.count, 1))
    total = points.rows > 0 ? .infinity : 0
  }

  deinit {
    closest.deallocate()
    blockTotals.deallocate()
  }

  /// The squared distance of `row` to its nearest chosen center.
  func distance(_ row: Int) -> Double { closest[row] }

  /// Takes `center` (d values) as chosen: every row's distance becomes the smaller of its
  /// own and its distance to `center`. O(rows x d).
  func update(with center: [Double]) {
    let d = points.columns
    let base = points.baseAddress
    let isa = device.instructionSet
    let (closest, blockTotals, blocks) = (self.closest, self.blockTotals, self.blocks)
    center.withUnsafeBufferPointer { center in
      device.parallel(blocks.count) { block in
        let range = blocks.range(block)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: range.count)
        defer { scratch.deallocate() }
        CPUKernels.squaredDistances(
          isa, x: base + range.lowerBound * d, rows: range.count, d: d,
          centers: center.baseAddress!, m: 1, out: scratch)
        var sum = 0.0
        for (offset, row) in range.enumerated() {
          let value = min(closest[row], scratch[offset])
          closest[row] = value
          sum += value
        }
        blockTotals[block] = sum
      }
    }
    total = (0..<blocks.count).reduce(0) { $0 + blockTotals[$1] }
  }

  /// For each of `count` candidate centers (`rows`, count x d), the total the distances
  /// would have if that candidate alone were added. O(count x rows x d).
  func totals(ifAdding rows: [Double], count: Int) -> [Double] {
    let d = points.columns
    let base = points.baseAddress
    let isa = device.instructionSet
    let (closest, blocks) = (self.closest, self.blocks)
    let sums = UnsafeMutablePointer<Double>.allocate(capacity: max(blocks.count * count, 1))
    defer { sums.deallocate() }
    rows.withUnsafeBufferPointer { rows in
      device.parallel(blocks.count) { block in
        let range = blocks.range(block)
        let scratch = UnsafeMutablePointer<Double>.allocate(capacity: range.count * count)
        defer { scratch.deallocate() }
        CPUKernels.squaredDistances(
          isa, x: base + range.lowerBound * d, rows: range.count, d: d,
          centers: rows.baseAddress!, m: count, out: scratch)
        for t in 0..<count {
          var sum = 0.0
          for (offset, row) in range.enumerated() {
            sum += min(closest[row], scratch[offset * count + t])
          }
          sums[block * count + t] = sum
        }
      }
    }
    return (0..<count).map { t in (0..<blocks.count).reduce(0) { $0 + sums[$1 * count + t] } }
  }

  /// The first row at which the running sum of the distances, in row order, reaches
  /// `target` (0 <= target < total); the last row when rounding leaves it short. The running
  /// sum restarts at each block and is added to the totals of the blocks before it, as
  /// `total` is formed. O(blocks + rows per block).
  func row(atCumulative target: Double) -> Int {
    var before = 0.0
    for block in 0..<blocks.count {
      let blockTotal = blockTotals[block]
      if before + blockTotal >= target {
        var running = 0.0
        for row in blocks.range(block) {
          running += closest[row]
          if before + running >= target { return row }
        }
      }
      before += blockTotal
    }
    return max(points.rows - 1, 0)
  }
}
