import Allot
import Foundation
import Testing

/// Greedy k-means++ seeding against a plain serial Float64 version of the documented
/// algorithm, drawing from the same documented generator.
struct KMeansSeedingTests {
  /// The documented greedy k-means++: first center `next() % n`, then per center
  /// 2 + floor(ln k) candidates at `nextDouble() * potential` on the running sum of the
  /// squared distances (the first row whose running sum reaches the target), keeping the
  /// candidate that leaves the smallest total (the first on ties).
  static func referenceSeeds(_ points: [[Double]], k: Int, seed: UInt64) -> [[Double]] {
    var random = SeededRandom(seed: seed)
    let n = points.count
    func squared(_ a: [Double], _ b: [Double]) -> Double {
      zip(a, b).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }
    var centers = [points[Int(random.next() % UInt64(n))]]
    var closest = points.map { squared($0, centers[0]) }
    let trials = 2 + Int(log(Double(k)))
    while centers.count < k {
      let potential = closest.reduce(0, +)
      var candidates: [Int] = []
      for _ in 0..<trials {
        let target = random.nextDouble() * potential
        var running = 0.0
        var pick = n - 1
        for i in 0..<n {
          running += closest[i]
          if running >= target {
            pick = i
            break
          }
        }
        candidates.append(pick)
      }
      var best: (total: Double, closest: [Double], row: Int)?
      for candidate in candidates {
        let updated = zip(closest, points).map { min($0, squared($1, points[candidate])) }
        let total = updated.reduce(0, +)
        if best == nil || total < best!.total { best = (total, updated, candidate) }
      }
      centers.append(points[best!.row])
      closest = best!.closest
    }
    return centers
  }

  /// Enough rows for several blocks of the parallel passes; one Lloyd step from the seeds.
  @Test(arguments: [(UInt64(3), 5), (UInt64(8), 12)])
  func seedsMatchTheSerialReference(seed: UInt64, k: Int) throws {
    let truth: [[Double]] = (0..<k).map { c in
      let (x, y, z): (Double, Double, Double) = (
        Double(c % 4) * 9, Double(c / 4) * 7, Double(c % 3) * 5
      )
      return [x, y, z]
    }
    let points = TestData.blobs(centers: truth, count: 24_000, spread: 1.5, seed: 4)
    let matrix = Matrix<Double>(rows: points.count, columns: 3, elements: points.flatMap { $0 })
    let result = try KMeans.fit(
      matrix, options: KMeansOptions(clusters: k, maxIterations: 1, seed: seed),
      on: [CPUDevice()])
    let seeds = Self.referenceSeeds(points, k: k, seed: seed)
    let reference = KMeansReference(points: points, initial: seeds, maxIterations: 1)
    for c in 0..<k {
      for j in 0..<3 {
        let expected = reference.centers[c][j]
        #expect(abs(result.centers[c, j] - expected) <= 1e-9 * max(1, abs(expected)))
      }
    }
  }
}
