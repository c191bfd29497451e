import Allot
import Testing

/// Oracle numbers below come from an independent Python implementation of SplitMix64,
/// xoshiro256** and the polar Box-Muller method as documented on `SeededRandom`, run with
/// CPython's `math.log` (glibc) and printed with `float.hex()`.
@Suite struct GeneratorTests {
  @Test func xoshiroSequenceMatchesReference() {
    var random = SeededRandom(seed: 42)
    #expect(
      [random.next(), random.next(), random.next()] == [
        0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1,
      ])
  }

  @Test func normalsMatchReference() {
    var random = SeededRandom(seed: 7)
    let expected: [Double] = [0x1.edc0d635eea0cp-1, -0x1.1052212a30fdfp+0, -0x1.3739755916c21p-2]
    #expect((0..<3).map { _ in random.nextNormal() } == expected)
  }

  @Test func blobsMatchReference() {
    let blobs = GaussianBlobs<Double>(rows: 5, columns: 2, clusters: 3, spread: 0.5, seed: 11)
    let centers: [Double] = [
      -0x1.1e913a4ad5d08p+3, -0x1.2953ff9ad991ep+0, 0x1.0595dc21cc8cap+3,
      -0x1.1ca5a11a788fbp+3, 0x1.13bccc8e2fefap+0, 0x1.3d8af1fbd03f2p+2,
    ]
    #expect(blobs.centers.elements == centers)
    #expect(blobs.labels == [0, 2, 0, 2, 0])
    #expect(blobs.points.row(0) == [-0x1.0319f66418a76p+3, -0x1.544dcb8b0290fp+0])
    #expect(blobs.points.row(4) == [-0x1.265b0d4d67209p+3, -0x1.7f0a8631f694cp-1])
    let single = GaussianBlobs<Float>(rows: 5, columns: 2, clusters: 3, spread: 0.5, seed: 11)
    #expect(single.points.row(1) == [Float(0x1.bf83d0435904ep+0), Float(0x1.2805162d561fap+2)])
  }

  @Test func linearModelMatchesReference() {
    let sample = LinearModelSample<Double>(rows: 3, columns: 2, noise: 0.1, seed: 5)
    #expect(sample.weights == [0x1.1bcedb7f4a843p+0, 0x1.1ae4d2daecb0ap-1])
    #expect(sample.bias == -0x1.4651f24982511p-1)
    #expect(sample.features.row(1) == [-0x1.b20de626345e7p-3, -0x1.3ab65ecc260fep+1])
    #expect(sample.target == [0x1.a60c8d98447e0p-2, -0x1.0de1e26ff5033p+1, -0x1.04c46b224fa1bp-2])
  }

  @Test func blobsAcrossChunksAreDeterministicAndClusterAroundCenters() {
    // 40,000 rows span three chunks; per-cluster means must lie within 5 standard errors
    // of the true centers (closed form: the mean of m normals has deviation spread/sqrt(m)).
    let first = GaussianBlobs<Float>(rows: 40_000, columns: 3, clusters: 4, spread: 2, seed: 3)
    let second = GaussianBlobs<Float>(rows: 40_000, columns: 3, clusters: 4, spread: 2, seed: 3)
    #expect(first.points == second.points)
    #expect(first.labels == second.labels)
    let other = GaussianBlobs<Float>(rows: 40_000, columns: 3, clusters: 4, spread: 2, seed: 4)
    #expect(other.points != first.points)
    var sums = [Double](repeating: 0, count: 12)
    var counts = [Int](repeating: 0, count: 4)
    for row in 0..<first.points.rows {
      let label = Int(first.labels[row])
      counts[label] += 1
      for column in 0..<3 { sums[label * 3 + column] += Double(first.points[row, column]) }
    }
    for label in 0..<4 {
      #expect(counts[label] > 9_000)
      for column in 0..<3 {
        let mean = sums[label * 3 + column] / Double(counts[label])
        let center = Double(first.centers[label, column])
        #expect(abs(mean - center) < 5 * 2 / Double(counts[label]).squareRoot())
      }
    }
  }

  @Test func linearModelResidualsHaveTheNoiseLevel() {
    let sample = LinearModelSample<Double>(rows: 50_000, columns: 4, noise: 0.5, seed: 9)
    var sum = 0.0
    var squares = 0.0
    for row in 0..<sample.features.rows {
      var prediction = sample.bias
      for column in 0..<4 { prediction += sample.features[row, column] * sample.weights[column] }
      let residual = sample.target[row] - prediction
      sum += residual
      squares += residual * residual
    }
    let n = Double(sample.features.rows)
    #expect(abs(sum / n) < 5 * 0.5 / n.squareRoot())
    #expect(abs((squares / n).squareRoot() - 0.5) < 0.01)
  }
}
