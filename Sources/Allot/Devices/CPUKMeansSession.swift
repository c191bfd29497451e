/// k-means steps on the CPU path over a view of the caller's points (no copy).
///
/// Rows are shifted by their column means before the fast expanded-form distances, which
/// keeps Float32 labels right for data with a large offset and a small spread; cluster
/// sums and inertia are accumulated in Float64 from the unshifted rows.
final class CPUKMeansSession<Scalar: MatrixScalar>: KMeansSession {
  let device: CPUDevice
  let points: Matrix<Scalar>
  let rows: Int
  let dimensions: Int
  private let shift: [Scalar]
  private let blocks: RowBlocks
  private let labelStore: UnsafeMutablePointer<Int32>
  private let distanceStore: UnsafeMutablePointer<Double>

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
    distanceStore = .allocate(capacity: max(rows, 1))
    distanceStore.initialize(repeating: 0, count: max(rows, 1))
    let means = CPUColumnStatistics.means(of: points, on: device)
    shift = means.map { Scalar($0) }
  }

  deinit {
    labelStore.deallocate()
    distanceStore.deallocate()
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
    let sums = UnsafeMutablePointer<Double>.allocate(capacity: max(blockCount * k * d, 1))
    sums.initialize(repeating: 0, count: max(blockCount * k * d, 1))
    let counts = UnsafeMutablePointer<Int64>.allocate(capacity: max(blockCount * k, 1))
    counts.initialize(repeating: 0, count: max(blockCount * k, 1))
    let inertias = UnsafeMutablePointer<Double>.allocate(capacity: max(blockCount, 1))
    inertias.initialize(repeating: 0, count: max(blockCount, 1))
    let changes = UnsafeMutablePointer<Int>.allocate(capacity: max(blockCount, 1))
    changes.initialize(repeating: 0, count: max(blockCount, 1))
    defer {
      sums.deallocate()
      counts.deallocate()
      inertias.deallocate()
      changes.deallocate()
    }
    let isa = device.instructionSet
    let base = points.baseAddress
    let labels = labelStore
    let distances = distanceStore
    let batch = CPUKernels.assignBatchRows
    raw.withUnsafeBufferPointer { raw in
      shifted.withUnsafeBufferPointer { shifted in
        norms.withUnsafeBufferPointer { norms in
          shift.withUnsafeBufferPointer { shift in
            device.parallel(blockCount) { block in
              let scratch = UnsafeMutablePointer<Scalar>.allocate(capacity: batch * max(d, 1))
              let previous = UnsafeMutablePointer<Int32>.allocate(capacity: batch)
              defer {
                scratch.deallocate()
                previous.deallocate()
              }
              var inertia = 0.0
              var changed = 0
              let range = blocks.range(block)
              var start = range.lowerBound
              while start < range.upperBound {
                let count = min(batch, range.upperBound - start)
                previous.update(from: labels + start, count: count)
                CPUKernels.assign(
                  isa, x: base + start * d, rows: count, d: d, shift: shift.baseAddress,
                  centers: shifted.baseAddress!, norms: norms.baseAddress!, k: k,
                  labels: labels + start, scratch: scratch)
                for r in 0..<count where previous[r] != labels[start + r] { changed += 1 }
                CPUKernels.accumulate(
                  isa, x: base + start * d, rows: count, d: d, labels: labels + start,
                  centers: raw.baseAddress!, sums: sums + block * k * d,
                  counts: counts + block * k, distances: distances + start, inertia: &inertia)
                start += count
              }
              inertias[block] = inertia
              changes[block] = changed
            }
          }
        }
      }
    }
    var partial = KMeansPartial(clusters: k, dimensions: d)
    partial.sums.withUnsafeMutableBufferPointer { total in
      for block in 0..<blockCount {
        let source = sums + block * k * d
        for index in 0..<(k * d) { total[index] += source[index] }
      }
    }
    for block in 0..<blockCount {
      for c in 0..<k { partial.counts[c] += Int(counts[block * k + c]) }
      partial.inertia += inertias[block]
      partial.changed += changes[block]
    }
    return partial
  }

  func labels() throws -> [Int32] { Array(UnsafeBufferPointer(start: labelStore, count: rows)) }

  func distances() throws -> [Double] {
    Array(UnsafeBufferPointer(start: distanceStore, count: rows))
  }
}
