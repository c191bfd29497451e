import Allot
import AllotBenchmarks
import Testing

/// The benchmark's correctness checks, fed partials and labels computed here by hand (plain
/// Float64 loops) and deliberately wrong ones.
@Suite struct BenchCheckTests {
  /// Six 2-D points around two centers, (0, 0) and (10, 0).
  let points = Matrix<Float>(
    rows: 6, columns: 2, elements: [0, 1, 1, 0, -1, -1, 10, 1, 11, 0, 9, -1])
  let centers = Matrix<Float>(rows: 2, columns: 2, elements: [0, 0, 10, 0])
  let labels: [Int32] = [0, 0, 0, 1, 1, 1]

  /// The partial of `labels` written out by hand: cluster 0 sums (0, 0), cluster 1 sums
  /// (30, 0); three rows each; squared distances 1 + 1 + 2 + 1 + 1 + 2 = 8.
  var rightPartial: KMeansPartial {
    var partial = KMeansPartial(clusters: 2, dimensions: 2)
    partial.sums = [0, 0, 30, 0]
    partial.counts = [3, 3]
    partial.inertia = 8
    return partial
  }

  @Test func rightLabelsPass() {
    let outcome = BenchCheck.kmeansLabels(
      points: points, centers: centers, labels: labels, sample: Array(0..<6))
    #expect(outcome.passed, "\(outcome)")
    #expect(outcome.label == "ok")
  }

  @Test func aWrongLabelFails() {
    var wrong = labels
    wrong[4] = 0
    let outcome = BenchCheck.kmeansLabels(
      points: points, centers: centers, labels: wrong, sample: Array(0..<6))
    #expect(!outcome.passed)
    #expect(outcome.label == "FAIL")
    #expect(outcome.detail.contains("row 4"))
  }

  @Test func aLabelOutOfRangeFails() {
    var wrong = labels
    wrong[0] = 7
    #expect(
      !BenchCheck.kmeansLabels(
        points: points, centers: centers, labels: wrong, sample: [0]
      ).passed)
  }

  /// (5, 0) is exactly halfway between the centers: either label is right.
  @Test func anExactTieAcceptsEitherLabel() {
    let tie = Matrix<Float>(rows: 1, columns: 2, elements: [5, 0])
    for label: Int32 in [0, 1] {
      #expect(
        BenchCheck.kmeansLabels(points: tie, centers: centers, labels: [label], sample: [0])
          .passed)
    }
  }

  @Test func theHandMadePartialPasses() {
    let outcome = BenchCheck.kmeansPartial(
      points: points, centers: centers, labels: labels, partial: rightPartial)
    #expect(outcome.passed, "\(outcome)")
  }

  @Test func aWrongClusterSumFails() {
    var wrong = rightPartial
    wrong.sums[2] = 30.5
    let outcome = BenchCheck.kmeansPartial(
      points: points, centers: centers, labels: labels, partial: wrong)
    #expect(!outcome.passed)
    #expect(outcome.detail.contains("cluster 1 column 0"))
  }

  @Test func aWrongCountFails() {
    var wrong = rightPartial
    wrong.counts = [4, 2]
    #expect(
      !BenchCheck.kmeansPartial(points: points, centers: centers, labels: labels, partial: wrong)
        .passed)
  }

  @Test func aWrongInertiaFails() {
    var wrong = rightPartial
    wrong.inertia = 8.01
    let outcome = BenchCheck.kmeansPartial(
      points: points, centers: centers, labels: labels, partial: wrong)
    #expect(!outcome.passed)
    #expect(outcome.detail.contains("inertia"))
  }

  /// Features [[1, 2], [3, 4], [5, 6]], targets [1, 2, 3], w = (0.5, -1), b = 2:
  /// residuals 0.5 - 2 + 2 - 1 = -0.5, 1.5 - 4 + 2 - 2 = -2.5, 2.5 - 6 + 2 - 3 = -4.5.
  /// Over rows 1..<3: sum r x = (-2.5*3 - 4.5*5, -2.5*4 - 4.5*6) = (-30, -37);
  /// sum r = -7; sum r^2 = 6.25 + 20.25 = 26.5.
  @Test func gradientAgainstAHandComputedPartial() {
    let features = Matrix<Float>(rows: 3, columns: 2, elements: [1, 2, 3, 4, 5, 6])
    var partial = GradientPartial(features: 2)
    partial.weightSums = [-30, -37]
    partial.residualSum = -7
    partial.squaredResidualSum = 26.5
    partial.rows = 2
    let check = { (partial: GradientPartial) in
      BenchCheck.gradient(
        features: features, targets: [1, 2, 3], weights: [0.5, -1], bias: 2, range: 1..<3,
        partial: partial)
    }
    #expect(check(partial).passed, "\(check(partial))")
    var wrongSum = partial
    wrongSum.weightSums[1] = -36.9
    #expect(!check(wrongSum).passed)
    var wrongSquares = partial
    wrongSquares.squaredResidualSum = 26.6
    #expect(!check(wrongSquares).passed)
    var wrongRows = partial
    wrongRows.rows = 3
    #expect(!check(wrongRows).passed)
  }

  /// The CPU device's own step passes the check on blobs (real kernels, real threads).
  @Test func theCPUDevicePassesOnBlobs() throws {
    let blobs = GaussianBlobs<Float>(rows: 5_000, columns: 8, clusters: 5, seed: 3)
    let centers = blobs.centers
    let session = try CPUDevice().makeKMeansSession(points: blobs.points)
    let partial = try session.step(centers: centers)
    let labels = try session.labels()
    let outcome = BenchCheck.kmeansLabels(
      points: blobs.points, centers: centers, labels: labels, sample: Array(0..<5_000)
    ).and(
      BenchCheck.kmeansPartial(
        points: blobs.points, centers: centers, labels: labels, partial: partial))
    #expect(outcome.passed, "\(outcome)")
  }

  @Test func timingMedianMinMax() {
    let odd = BenchReport.Timing(samples: [3, 1, 2])
    #expect(odd.median == 2 && odd.min == 1 && odd.max == 3)
    let even = BenchReport.Timing(samples: [4, 1, 3, 2])
    #expect(even.median == 2.5 && even.min == 1 && even.max == 4)
  }
}
