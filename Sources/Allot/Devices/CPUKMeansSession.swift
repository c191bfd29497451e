/// k-means steps on the CPU path over a view of the caller's points (no copy).
///
/// Rows are shifted by their column means before the fast expanded-form distances, which
/// keeps Float32 labels right for data with a large offset and a small spread; cluster
/// sums and inertia are accumulated in Float64 from the unshifted rows. Each row block runs
/// one fused kernel (assignment, label changes, sums, counts, inertia); per-point distances
/// are computed only when asked for, from the labels and the centers of the last step.
final class CPUKMeansSession<Scalar: MatrixScalar>: KMeansSession {
  let device: CPUDevice
  let points: Matrix<Scalar>
  let rows: Int
  let dimensions: Int
  private let shift: [Scalar]
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
    let inertias = UnsafeMutablePointer<Double>.allocate(capacity: max(blockCount, 1))
    inertias.initialize(repeating: 0, count: max(blockCount, 1))
    let changes = UnsafeMutablePointer<Int64>.allocate(capacity: max(blockCount, 1))
    changes.initialize(repeating: 0, count: max(blockCount, 1))
    defer {
      inertias.deallocate()
      changes.deallocate()
    }
    let isa = device.instructionSet
    let base = points.baseAddress
    let labels = labelStore
    let scratchCount = CPUKernels.stepScratchCount(d: d, k: k)
    let blocks = self.blocks
    raw.withUnsafeBufferPointer { raw in
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
                norms: norms.baseAddress!, k: k, rawCenters: raw.baseAddress!,
                labels: labels + range.lowerBound, sums: blockSums, counts: blockCounts,
                inertia: &inertias[block], changed: &changes[block], scratch: scratch)
            }
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
      partial.inertia += inertias[block]
      partial.changed += Int(changes[block])
    }
    return partial
  }

  func labels() throws -> [Int32] { Array(UnsafeBufferPointer(start: labelStore, count: rows)) }

  func distances() throws -> [Double] {
    var result = [Double](repeating: 0, count: rows)
    let d = dimensions
    let k = lastCenters.count / max(d, 1)
    guard k > 0, rows > 0 else { return result }
    let isa = device.instructionSet
    let base = points.baseAddress
    let labels = labelStore
    let blocks = self.blocks
    result.withUnsafeMutableBufferPointer { out in
      let out = out.baseAddress!
      lastCenters.withUnsafeBufferPointer { centers in
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
          var inertia = 0.0
          CPUKernels.accumulate(
            isa, x: base + range.lowerBound * d, rows: range.count, d: d,
            labels: labels + range.lowerBound, centers: centers.baseAddress!, sums: sums,
            counts: counts, distances: out + range.lowerBound, inertia: &inertia)
        }
      }
    }
    return result
  }
}
