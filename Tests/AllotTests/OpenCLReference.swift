import Allot
import Foundation

/// Plain Float64 oracles and seeded data for the OpenCL tests, written independently of the
/// library's kernels.
enum OpenCLReference {
  /// SplitMix64: a small seeded generator, so the tests do not depend on library generators.
  struct Generator {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// Standard normal (Box-Muller).
    mutating func normal() -> Double {
      let u = max(uniform(), 1e-300)
      let v = uniform()
      return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
  }

  /// `n` points in `d` dimensions around `k` well-separated centers (spread 1, centers 20
  /// apart on average), shifted by `offset`; row-major, with the true centers.
  static func blobs(n: Int, d: Int, k: Int, offset: Double, seed: UInt64) -> (
    points: [Double], centers: [Double]
  ) {
    var generator = Generator(state: seed)
    let centers = (0..<(k * d)).map { _ in generator.uniform() * 40 - 20 + offset }
    var points = [Double](repeating: 0, count: n * d)
    for i in 0..<n {
      let c = i % k
      for j in 0..<d { points[i * d + j] = centers[c * d + j] + generator.normal() }
    }
    return (points, centers)
  }

  /// One Lloyd assignment in Float64 with direct differences: labels, sums, counts, inertia
  /// and each point's squared distance to its center.
  static func kmeansStep(points: [Double], centers: [Double], d: Int) -> (
    labels: [Int32], sums: [Double], counts: [Int], inertia: Double, distances: [Double]
  ) {
    let n = points.count / d
    let k = centers.count / d
    var labels = [Int32](repeating: 0, count: n)
    var sums = [Double](repeating: 0, count: k * d)
    var counts = [Int](repeating: 0, count: k)
    var inertia = 0.0
    var distances = [Double](repeating: 0, count: n)
    for i in 0..<n {
      var best = Double.infinity
      var label = 0
      for c in 0..<k {
        var distance = 0.0
        for j in 0..<d {
          let diff = points[i * d + j] - centers[c * d + j]
          distance += diff * diff
        }
        if distance < best {
          best = distance
          label = c
        }
      }
      labels[i] = Int32(label)
      counts[label] += 1
      inertia += best
      distances[i] = best
      for j in 0..<d { sums[label * d + j] += points[i * d + j] }
    }
    return (labels, sums, counts, inertia, distances)
  }

  /// `sum r_i x_i`, `sum r_i`, `sum r_i^2` over `rows` in Float64, r_i = x_i.w + b - y_i.
  static func gradient(
    features: [Double], targets: [Double], weights: [Double], bias: Double, rows: Range<Int>
  ) -> (weightSums: [Double], residualSum: Double, squaredResidualSum: Double) {
    let d = weights.count
    var weightSums = [Double](repeating: 0, count: d)
    var residualSum = 0.0
    var squared = 0.0
    for i in rows {
      var r = bias - targets[i]
      for j in 0..<d { r += features[i * d + j] * weights[j] }
      for j in 0..<d { weightSums[j] += r * features[i * d + j] }
      residualSum += r
      squared += r * r
    }
    return (weightSums, residualSum, squared)
  }

  /// True when `actual` is within `tolerance` of `expected`, relative to max(|expected|, scale).
  static func close(_ actual: Double, _ expected: Double, _ tolerance: Double, scale: Double = 1)
    -> Bool
  {
    abs(actual - expected) <= tolerance * max(abs(expected), scale)
  }
}
