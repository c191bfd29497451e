/// Choosing the first k-means centers on the host CPU path.
enum KMeansInitialization {
  /// Greedy k-means++ as scikit-learn does it: the first center uniformly, then for each
  /// new center 2 + floor(ln k) candidates drawn with probability proportional to the
  /// squared distance to the nearest chosen center, keeping the one that lowers the total
  /// the most. Returns the centers (k x d, Float64) and how many distinct points were found
  /// (less than k when the data have fewer distinct points).
  static func kMeansPlusPlus<Scalar: MatrixScalar>(
    _ points: Matrix<Scalar>, k: Int, random: inout SeededRandom
  ) -> (centers: [Double], distinct: Int) {
    let n = points.rows
    let d = points.columns
    let device = CPUDevice.host
    let trials = 2 + Int(log(Double(k)))
    var centers = [Double](repeating: 0, count: k * d)
    let first = Int(random.next() % UInt64(n))
    for j in 0..<d { centers[j] = Double(points[first, j]) }
    var closest = distances(points, to: Array(centers[0..<d]), count: 1, on: device)[0]
    var potential = closest.reduce(0, +)
    var distinct = 1
    var cumulative = [Double](repeating: 0, count: n)
    for c in 1..<max(k, 1) {
      var running = 0.0
      for i in 0..<n {
        running += closest[i]
        cumulative[i] = running
      }
      var candidates: [Int] = []
      for _ in 0..<trials {
        let target = random.nextDouble() * potential
        var low = 0
        var high = n
        while low < high {
          let mid = (low + high) / 2
          if cumulative[mid] < target { low = mid + 1 } else { high = mid }
        }
        candidates.append(min(low, n - 1))
      }
      var rows = [Double](repeating: 0, count: trials * d)
      for (t, index) in candidates.enumerated() {
        for j in 0..<d { rows[t * d + j] = Double(points[index, j]) }
      }
      let candidateDistances = distances(points, to: rows, count: trials, on: device)
      var best = 0
      var bestPotential = Double.infinity
      var bestClosest: [Double] = []
      for t in 0..<trials {
        var updated = closest
        var total = 0.0
        for i in 0..<n {
          updated[i] = min(updated[i], candidateDistances[t][i])
          total += updated[i]
        }
        if total < bestPotential {
          bestPotential = total
          best = t
          bestClosest = updated
        }
      }
      if closest[candidates[best]] > 0 {
        distinct += 1
      }
      potential = bestPotential
      closest = bestClosest
      for j in 0..<d { centers[c * d + j] = rows[best * d + j] }
    }
    return (centers, min(distinct, k))
  }

  /// k distinct rows drawn uniformly (Floyd's algorithm), in draw order.
  static func random<Scalar: MatrixScalar>(
    _ points: Matrix<Scalar>, k: Int, random: inout SeededRandom
  ) -> [Double] {
    let n = points.rows
    let d = points.columns
    var chosen: [Int] = []
    var seen = Set<Int>()
    for j in (n - k)..<n {
      let t = Int(random.next() % UInt64(j + 1))
      let pick = seen.contains(t) ? j : t
      seen.insert(pick)
      chosen.append(pick)
    }
    var centers = [Double](repeating: 0, count: k * d)
    for (c, index) in chosen.enumerated() {
      for j in 0..<d { centers[c * d + j] = Double(points[index, j]) }
    }
    return centers
  }

  /// How many distinct rows `points` has, counting no further than `limit` (values compared
  /// exactly, with -0 equal to 0). O(rows x columns) at most.
  static func distinctRows<Scalar: MatrixScalar>(_ points: Matrix<Scalar>, upTo limit: Int)
    -> Int
  {
    let d = points.columns
    var seen = Set<[Double]>()
    var row = [Double](repeating: 0, count: d)
    points.withUnsafeBufferPointer { x in
      for i in 0..<points.rows {
        for j in 0..<d { row[j] = Double(x[i * d + j]) + 0 }
        seen.insert(row)
        if seen.count >= limit { return }
      }
    }
    return seen.count
  }

  /// Squared distances (direct differences, Float64) of every row to each of `count`
  /// centers: result[c][row].
  private static func distances<Scalar: MatrixScalar>(
    _ points: Matrix<Scalar>, to centers: [Double], count: Int, on device: CPUDevice
  ) -> [[Double]] {
    let n = points.rows
    let d = points.columns
    let out = UnsafeMutablePointer<Double>.allocate(capacity: max(n * count, 1))
    defer { out.deallocate() }
    let blocks = RowBlocks(rows: n, minimumRows: 4096, maximumBlocks: 64, granularity: 64)
    let base = points.baseAddress
    let isa = device.instructionSet
    centers.withUnsafeBufferPointer { centers in
      device.parallel(blocks.count) { block in
        let range = blocks.range(block)
        CPUKernels.squaredDistances(
          isa, x: base + range.lowerBound * d, rows: range.count, d: d,
          centers: centers.baseAddress!, m: count, out: out + range.lowerBound * count)
      }
    }
    var result = [[Double]](repeating: [], count: count)
    for c in 0..<count {
      result[c] = (0..<n).map { out[$0 * count + c] }
    }
    return result
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
