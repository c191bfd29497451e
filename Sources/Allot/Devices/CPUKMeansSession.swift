/// k-means steps on the CPU path over a view of the caller's points (no copy).
///
/// Rows are shifted by their column means before the fast expanded-form distances, which
/// keeps Float32 labels right for data with a large offset and a small spread; cluster
/// sums are accumulated in Float64 from the unshifted rows. Each row block runs one fused
/// kernel (assignment, label changes, sums, counts). The inertia follows from the sums in
/// Float64, about the shift s: sum_i |x_i - s|^2 (measured once per session) plus, for
/// each cluster c with n_c rows, sum S_c and center m_c, n_c |m_c - s|^2 -
/// 2 (m_c - s).(S_c - n_c s). About the mean the terms rarely cancel; when they would lose
/// more than 4 digits (far outliers), the inertia is measured by direct differences instead.
/// Per-point distances are computed only when asked for, from the labels and the centers of
/// the last step.
final class CPUKMeansSession<Scalar: MatrixScalar>: KMeansSession {
  let device: CPUDevice
  let points: Matrix<Scalar>
  let rows: Int
  let dimensions: Int
  private let shift: [Scalar]
  /// sum_i |x_i - shift|^2 in Float64.
  private let centredSquares: Double
  private let blocks: RowBlocks
  private let labelStore: UnsafeMutablePointer<Int32>
  /// The unshifted centers (Float64, k x d) of the last step; empty before the first.
  private var lastCenters: [Double] = []
  /// Per-block partial sums, kept between steps (reallocated when k changes).
  private var partialSums: UnsafeMutablePointer<Double>?
  private var partialCounts: UnsafeMutablePointer<Int64>?
  private var partialClusters = 0

  init(device: CPUDevice, points: Matrix<Scalar>) {
    self.device = device
    self.points = points
    self.rows = points.rows
    self.dimensions = points.columns
    self.blocks = RowBlocks(
      rows: points.rows, minimumRows: 4096, maximumBlocks: 32,
      granularity: CPUKernels.assignBatchRows)
    labelStore = .allocate(capacity: max(rows, 1))
    labelStore.initialize(repeating: -1, count: max(rows, 1))
    let means = CPUColumnStatistics.means(of: points, on: device)
    shift = means.map { Scalar($0) }
    centredSquares = CPUColumnStatistics.squaredDeviations(
      of: points, from: shift.map { Double($0) }, on: device)
  }

  deinit {
    labelStore.deallocate()
    partialSums?.deallocate()
    partialCounts?.deallocate()
  }

  /// Per-block sums and counts for `k` clusters (contents undefined; each block zeroes its own).
  private func partials(clusters k: Int) -> (
    UnsafeMutablePointer<Double>, UnsafeMutablePointer<Int64>
  ) {
    if let partialSums, let partialCounts, partialClusters == k {
      return (partialSums, partialCounts)
    }
    partialSums?.deallocate()
    partialCounts?.deallocate()
    let sums = UnsafeMutablePointer<Double>.allocate(
      capacity: max(blocks.count * k * dimensions, 1))
    let counts = UnsafeMutablePointer<Int64>.allocate(capacity: max(blocks.count * k, 1))
    partialSums = sums
    partialCounts = counts
    partialClusters = k
    return (sums, counts)
  }

  func step(centers: Matrix<Scalar>) throws -> KMeansPartial {
    let k = centers.rows
    let d = dimensions
    precondition(centers.columns == d, "centers must have as many columns as the points")
    precondition(k >= 1, "at least one center")
    var raw = [Double](repeating: 0, count: k * d)
    var shifted = [Scalar](repeating: 0, count: k * d)
    var norms = [Scalar](repeating: 0, count: k)
    centers.withUnsafeBufferPointer { source in
      for c in 0..<k {
        var norm = 0.0
        for j in 0..<d {
          let value = Double(source[c * d + j])
          raw[c * d + j] = value
          let moved = Scalar(value - Double(shift[j]))
          shifted[c * d + j] = moved
          norm += Double(moved) * Double(moved)
        }
        norms[c] = Scalar(norm)
      }
    }
    let blockCount = blocks.count
    let (sums, counts) = partials(clusters: k)
    let changes = UnsafeMutablePointer<Int64>.allocate(capacity: max(blockCount, 1))
    changes.initialize(repeating: 0, count: max(blockCount, 1))
    defer { changes.deallocate() }
    let isa = device.instructionSet
    let base = points.baseAddress
    let labels = labelStore
    let scratchCount = CPUKernels.stepScratchCount(d: d, k: k)
    let blocks = self.blocks
    shifted.withUnsafeBufferPointer { shifted in
      norms.withUnsafeBufferPointer { norms in
        shift.withUnsafeBufferPointer { shift in
          device.parallel(blockCount) { block in
            let scratch = UnsafeMutablePointer<Scalar>.allocate(capacity: scratchCount)
            defer { scratch.deallocate() }
            let blockSums = sums + block * k * d
            let blockCounts = counts + block * k
            blockSums.update(repeating: 0, count: k * d)
            blockCounts.update(repeating: 0, count: k)
            let range = blocks.range(block)
            CPUKernels.step(
              isa, x: base + range.lowerBound * d, rows: range.count, d: d,
              shift: shift.baseAddress, centers: shifted.baseAddress!,
              norms: norms.baseAddress!, k: k, labels: labels + range.lowerBound,
              sums: blockSums, counts: blockCounts, changed: &changes[block], scratch: scratch)
          }
        }
      }
    }
    lastCenters = raw
    var partial = KMeansPartial(clusters: k, dimensions: d)
    // Block sums are added in block order; slices of the k x d entries run in parallel.
    let sliceLength = 4096
    let total = k * d
    partial.sums.withUnsafeMutableBufferPointer { out in
      let out = out.baseAddress!
      device.parallel((total + sliceLength - 1) / sliceLength) { slice in
        let lower = slice * sliceLength
        let upper = min(total, lower + sliceLength)
        for block in 0..<blockCount {
          let source = sums + block * total
          for index in lower..<upper { out[index] += source[index] }
        }
      }
    }
    for block in 0..<blockCount {
      for c in 0..<k { partial.counts[c] += Int(counts[block * k + c]) }
      partial.changed += Int(changes[block])
    }
    partial.inertia = inertia(sums: partial.sums, counts: partial.counts, centers: raw)
    return partial
  }

  /// `sum_i |x_i - shift|^2` over `inertia` above which the sums-based inertia may have
  /// lost more than 4 of Float64's 16 digits to cancellation (far outliers, or clusters far
  /// tighter than the data's spread); the inertia is then measured directly instead.
  private static var cancellationLimit: Double { 1e4 }

  /// The inertia of the rows about `centers` (k x d, Float64) from the clusters' sums and
  /// counts (see the type's comment), or by direct differences when that would cancel
  /// (`cancellationLimit`). O(k d), or O(rows x d) for the direct measure.
  private func inertia(sums: [Double], counts: [Int], centers: [Double]) -> Double {
    let d = dimensions
    var total = centredSquares
    for c in counts.indices where counts[c] > 0 {
      let n = Double(counts[c])
      var cluster = 0.0
      for j in 0..<d {
        let s = Double(shift[j])
        let m = centers[c * d + j] - s
        cluster += m * (n * m - 2 * (sums[c * d + j] - n * s))
      }
      total += cluster
    }
    if total * Self.cancellationLimit > centredSquares { return total }
    return directInertia(centers: centers, distances: nil)
  }

  func labels() throws -> [Int32] { Array(UnsafeBufferPointer(start: labelStore, count: rows)) }

  func distances() throws -> [Double] {
    var result = [Double](repeating: 0, count: rows)
    guard !lastCenters.isEmpty, rows > 0 else { return result }
    result.withUnsafeMutableBufferPointer { out in
      _ = directInertia(centers: lastCenters, distances: out.baseAddress!)
    }
    return result
  }

  /// The inertia of the rows about `centers` (k x d, Float64) under the current labels, by
  /// direct differences in Float64, block by block in block order; each row's squared
  /// distance goes to `distances` when given. O(rows x d).
  private func directInertia(centers: [Double], distances: UnsafeMutablePointer<Double>?)
    -> Double
  {
    let d = dimensions
    let k = centers.count / max(d, 1)
    guard k > 0, rows > 0 else { return 0 }
    let isa = device.instructionSet
    let base = points.baseAddress
    let labels = labelStore
    let blocks = self.blocks
    let inertias = UnsafeMutablePointer<Double>.allocate(capacity: blocks.count)
    inertias.initialize(repeating: 0, count: blocks.count)
    defer { inertias.deallocate() }
    centers.withUnsafeBufferPointer { centers in
      device.parallel(blocks.count) { block in
        let range = blocks.range(block)
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: k * d)
        sums.initialize(repeating: 0, count: k * d)
        let counts = UnsafeMutablePointer<Int64>.allocate(capacity: k)
        counts.initialize(repeating: 0, count: k)
        defer {
          sums.deallocate()
          counts.deallocate()
        }
        CPUKernels.accumulate(
          isa, x: base + range.lowerBound * d, rows: range.count, d: d,
          labels: labels + range.lowerBound, centers: centers.baseAddress!, sums: sums,
          counts: counts, distances: distances.map { $0 + range.lowerBound },
          inertia: &inertias[block])
      }
    }
    return (0..<blocks.count).reduce(0) { $0 + inertias[$1] }
  }

}
