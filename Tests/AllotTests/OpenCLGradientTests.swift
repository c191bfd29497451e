import Allot
import Testing

/// Fused gradient partials on PoCL against the plain Float64 reference.
@Suite(.enabled(if: OpenCLTestDevice.pocl != nil, "needs the PoCL OpenCL device"))
struct OpenCLGradientTests {
  /// A seeded linear problem: n x d features, targets from known weights plus noise.
  private func problem(n: Int, d: Int, seed: UInt64) -> (features: [Double], targets: [Double]) {
    var generator = OpenCLReference.Generator(state: seed)
    let features = (0..<(n * d)).map { _ in generator.normal() * 2 + 1 }
    let truth = (0..<d).map { _ in generator.normal() }
    let targets = (0..<n).map { i in
      (0..<d).reduce(0.5) { $0 + features[i * d + $1] * truth[$1] } + 0.1 * generator.normal()
    }
    return (features, targets)
  }

  private func expectGradient(
    _ partial: GradientPartial, features: [Double], targets: [Double], weights: [Double],
    bias: Double, rows: Range<Int>, tolerance: Double
  ) {
    let reference = OpenCLReference.gradient(
      features: features, targets: targets, weights: weights, bias: bias, rows: rows)
    // Relative to the size of the terms summed, so that a sum near zero is not over-demanded.
    let scale = reference.squaredResidualSum.squareRoot() * Double(rows.count).squareRoot()
    #expect(partial.rows == rows.count)
    let close = zip(partial.weightSums, reference.weightSums).allSatisfy {
      OpenCLReference.close($0, $1, tolerance, scale: scale)
    }
    #expect(close)
    #expect(
      OpenCLReference.close(partial.residualSum, reference.residualSum, tolerance, scale: scale))
    #expect(
      OpenCLReference.close(partial.squaredResidualSum, reference.squaredResidualSum, tolerance))
  }

  /// Odd sizes, and a mini-batch range that starts and ends inside work-groups; the second
  /// shape gives each work-group enough rows that CPU drivers fold their vector lanes into the
  /// totals several times.
  @Test(arguments: OpenCLKernelStyle.allCases, [(2051, 19, 37..<1290), (40_007, 3, 1001..<33_333)])
  func float32GradientMatchesReferenceOnOddSizes(
    style: OpenCLKernelStyle, shape: (Int, Int, Range<Int>)
  ) throws {
    let device = try #require(OpenCLTestDevice.device(style))
    let (n, d, range) = shape
    let data = problem(n: n, d: d, seed: 4)
    let features = Matrix<Float>(rows: n, columns: d, elements: data.features.map { Float($0) })
    let targets = data.targets.map { Float($0) }
    let session = try device.openGradientSession(features: features, targets: targets)
    let weights = (0..<d).map { Float($0 % 3) * 0.1 }
    let exactWeights = weights.map { Double($0) }
    let exactFeatures = features.elements.map { Double($0) }
    let exactTargets = targets.map { Double($0) }
    let all = try session.gradient(weights: weights, bias: 0.25, range: nil)
    expectGradient(
      all, features: exactFeatures, targets: exactTargets, weights: exactWeights, bias: 0.25,
      rows: 0..<n, tolerance: 1e-4)
    #expect(session.lastKernelSeconds > 0)
    #expect(session.deviceName == device.name)
    let batch = try session.gradient(weights: weights, bias: 0.25, range: range)
    expectGradient(
      batch, features: exactFeatures, targets: exactTargets, weights: exactWeights, bias: 0.25,
      rows: range, tolerance: 1e-4)
  }

  @Test(arguments: OpenCLKernelStyle.allCases)
  func float64GradientMatchesReference(style: OpenCLKernelStyle) throws {
    let device = try #require(OpenCLTestDevice.device(style))
    try #require(device.limits.supportsFloat64)
    let (n, d) = (1029, 7)
    let data = problem(n: n, d: d, seed: 9)
    let session = try device.openGradientSession(
      features: Matrix(rows: n, columns: d, elements: data.features), targets: data.targets)
    let weights = (0..<d).map { Double($0) * 0.05 - 0.1 }
    let partial = try session.gradient(weights: weights, bias: -1, range: nil)
    expectGradient(
      partial, features: data.features, targets: data.targets, weights: weights, bias: -1,
      rows: 0..<n, tolerance: 1e-10)
  }

  @Test func gradientIsBitIdenticalAcrossRunsAndChunks() throws {
    let pocl = try #require(OpenCLTestDevice.poclIndex)
    let device = try #require(OpenCLTestDevice.pocl)
    let (n, d) = (3001, 10)
    let data = problem(n: n, d: d, seed: 13)
    let features = Matrix<Float>(rows: n, columns: d, elements: data.features.map { Float($0) })
    let targets = data.targets.map { Float($0) }
    let weights = [Float](repeating: 0.2, count: d)
    let first = try device.openGradientSession(features: features, targets: targets)
      .gradient(weights: weights, bias: 0, range: nil)
    let second = try device.openGradientSession(features: features, targets: targets)
      .gradient(weights: weights, bias: 0, range: nil)
    #expect(first == second)
    // Split into 8 KiB buffers: still within the tolerance of the reference.
    let chunked = try OpenCLDevice(index: pocl, maxBufferBytes: 8192)
      .openGradientSession(features: features, targets: targets)
    #expect(chunked.chunkCount > 1)
    expectGradient(
      try chunked.gradient(weights: weights, bias: 0, range: 100..<2900),
      features: features.elements.map { Double($0) }, targets: targets.map { Double($0) },
      weights: weights.map { Double($0) }, bias: 0, rows: 100..<2900, tolerance: 1e-4)
  }
}
