/// Choosing the first k-means centers on the host CPU path.
enum KMeansInitialization {
  /// Greedy k-means++ as scikit-learn does it: the first center uniformly, then for each
  /// new center 2 + floor(ln k) candidates drawn with probability proportional to the
  /// squared distance to the nearest chosen center, keeping the one that lowers the total
  /// the most. Returns the centers (k x d, Float64) and how many distinct points were found
  /// (less than k when the data have fewer distinct points).
  ///
  /// O(k x trials x rows x d), in parallel over fixed blocks of rows whose sums are added in
  /// block order, so the centers do not depend on the number of threads.
  static func kMeansPlusPlus<Scalar: MatrixScalar>(
    _ points: Matrix<Scalar>, k: Int, random: inout SeededRandom
  ) -> (centers: [Double], distinct: Int) {
    let n = points.rows
    let d = points.columns
    let trials = 2 + Int(log(Double(k)))
    let nearest = NearestDistances(points, on: CPUDevice.host)
    var centers = [Double](repeating: 0, count: k * d)
    let first = Int(random.next() % UInt64(n))
    for j in 0..<d { centers[j] = Double(points[first, j]) }
    nearest.update(with: Array(centers[0..<d]))
    var distinct = 1
    for c in 1..<max(k, 1) {
      let candidates = (0..<trials).map { _ in
        nearest.row(atCumulative: random.nextDouble() * nearest.total)
      }
      var rows = [Double](repeating: 0, count: trials * d)
      for (t, index) in candidates.enumerated() {
        for j in 0..<d { rows[t * d + j] = Double(points[index, j]) }
      }
      let totals = nearest.totals(ifAdding: rows, count: trials)
      var best = 0
      for t in 1..<trials where totals[t] < totals[best] { best = t }
      if nearest.distance(candidates[best]) > 0 { distinct += 1 }
      let chosen = Array(rows[(best * d)..<((best + 1) * d)])
      nearest.update(with: chosen)
      for j in 0..<d { centers[c * d + j] = chosen[j] }
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
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif
