import Foundation

/// A plain Float64 k-means (Lloyd, scikit-learn's stopping rules), written independently
/// of the library as the oracle of the k-means tests.
struct KMeansReference {
  var centers: [[Double]]
  var labels: [Int]
  var inertia: Double
  var iterations: Int

  init(points: [[Double]], initial: [[Double]], maxIterations: Int = 300, tol: Double = 1e-4) {
    let n = points.count
    let d = points[0].count
    let k = initial.count
    var variance = 0.0
    for j in 0..<d {
      let mean = points.reduce(0) { $0 + $1[j] } / Double(n)
      variance += points.reduce(0) { $0 + ($1[j] - mean) * ($1[j] - mean) } / Double(n)
    }
    let tolerance = tol * variance / Double(d)
    func nearest(_ x: [Double], _ centers: [[Double]]) -> (Int, Double) {
      var best = 0
      var bestDistance = Double.infinity
      for (c, center) in centers.enumerated() {
        var s = 0.0
        for j in 0..<d { s += (x[j] - center[j]) * (x[j] - center[j]) }
        if s < bestDistance {
          bestDistance = s
          best = c
        }
      }
      return (best, bestDistance)
    }
    var centers = initial
    var labels = [Int](repeating: -1, count: n)
    var iterations = 0
    var strict = false
    for iteration in 0..<maxIterations {
      iterations = iteration + 1
      let newLabels = points.map { nearest($0, centers).0 }
      var sums = [[Double]](repeating: [Double](repeating: 0, count: d), count: k)
      var counts = [Int](repeating: 0, count: k)
      for (i, label) in newLabels.enumerated() {
        counts[label] += 1
        for j in 0..<d { sums[label][j] += points[i][j] }
      }
      var shift = 0.0
      for c in 0..<k where counts[c] > 0 {
        for j in 0..<d {
          let value = sums[c][j] / Double(counts[c])
          shift += (value - centers[c][j]) * (value - centers[c][j])
          centers[c][j] = value
        }
      }
      if newLabels == labels {
        strict = true
        break
      }
      labels = newLabels
      if shift <= tolerance { break }
    }
    if !strict { labels = points.map { nearest($0, centers).0 } }
    self.centers = centers
    self.labels = labels
    var inertia = 0.0
    for i in 0..<n {
      for j in 0..<d {
        let delta: Double = points[i][j] - centers[labels[i]][j]
        inertia += delta * delta
      }
    }
    self.inertia = inertia
    self.iterations = iterations
  }
}

/// Test data: seeded Gaussian blobs and the shared CSV data sets, read with a tiny parser.
enum TestData {
  static let dataFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("../shared/data").standardizedFileURL

  /// Rows of numbers of a CSV file (skipping `header` lines).
  static func csv(_ name: String, header: Bool) throws -> [[Double]] {
    let text = try String(contentsOf: dataFolder.appendingPathComponent(name), encoding: .utf8)
    var lines = text.split(whereSeparator: \.isNewline).map(String.init)
    if header { lines.removeFirst() }
    return lines.map { $0.split(separator: ",").map { Double($0)! } }
  }

  /// `count` points around `centers` with Gaussian noise of `spread`, seeded.
  static func blobs(centers: [[Double]], count: Int, spread: Double, seed: UInt64) -> [[Double]] {
    var state = seed
    func uniform() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return (Double(state >> 11) + 0.5) * 0x1.0p-53
    }
    return (0..<count).map { i in
      centers[i % centers.count].map { c in
        c + spread * (-2 * log(uniform())).squareRoot() * cos(2 * .pi * uniform())
      }
    }
  }
}
