import Allot
import Testing

/// k-means steps on PoCL against the plain Float64 reference in `OpenCLReference`.
@Suite(.enabled(if: OpenCLTestDevice.pocl != nil, "needs the PoCL OpenCL device"))
struct OpenCLKMeansTests {
  /// Checks one device step against the Float64 reference on the same centers.
  private func expectStep(
    _ partial: KMeansPartial, labels: [Int32], points: [Double], centers: [Double], d: Int,
    tolerance: Double
  ) {
    let reference = OpenCLReference.kmeansStep(points: points, centers: centers, d: d)
    #expect(labels == reference.labels)
    #expect(partial.counts == reference.counts)
    let sumsClose = zip(partial.sums, reference.sums).allSatisfy {
      OpenCLReference.close($0, $1, tolerance)
    }
    #expect(sumsClose)
    #expect(OpenCLReference.close(partial.inertia, reference.inertia, tolerance))
  }

  /// n and d are not multiples of any work-group or vector size. The second shape has few
  /// clusters and coordinates (CPU drivers then keep every cluster's sums in vector lanes),
  /// the third also enough rows per work-group to fold those lanes into the totals repeatedly;
  /// the fourth more clusters than one block of centers, padded to a block size that is not a
  /// power of two on CPU drivers.
  @Test(
    arguments: OpenCLKernelStyle.allCases,
    [(1003, 13, 7), (1003, 3, 5), (40_003, 2, 6), (2003, 19, 37)])
  func float32StepsMatchReferenceOnOddSizes(style: OpenCLKernelStyle, shape: (Int, Int, Int))
    throws
  {
    let device = try #require(OpenCLTestDevice.device(style))
    // The data sit far from the origin.
    let (n, d, k) = shape
    let blobs = OpenCLReference.blobs(n: n, d: d, k: k, offset: 500, seed: 11)
    let points = Matrix<Float>(rows: n, columns: d, elements: blobs.points.map { Float($0) })
    let session = try device.openKMeansSession(points: points)
    // The reference sees exactly the Float32 values the device sees.
    let exact = points.elements.map { Double($0) }
    // Initial centers: points 0..<k perturbed (one from each blob).
    let initial = (0..<(k * d)).map { Float(exact[$0] + 0.5) }
    let first = try session.step(centers: Matrix(rows: k, columns: d, elements: initial))
    let firstLabels = try session.labels()
    expectStep(
      first, labels: firstLabels, points: exact, centers: initial.map { Double($0) }, d: d,
      tolerance: 1e-4)
    #expect(first.changed == n)

    // Second step from the means of the first: a few labels may move; count them independently.
    let means = (0..<(k * d)).map { Float(first.sums[$0] / Double(max(first.counts[$0 / d], 1))) }
    let second = try session.step(centers: Matrix(rows: k, columns: d, elements: means))
    let secondLabels = try session.labels()
    expectStep(
      second, labels: secondLabels, points: exact, centers: means.map { Double($0) }, d: d,
      tolerance: 1e-4)
    #expect(second.changed == zip(firstLabels, secondLabels).filter { $0 != $1 }.count)

    let distances = try session.distances()
    #expect(distances.count == n)
    #expect(OpenCLReference.close(distances.reduce(0, +), second.inertia, 1e-4))
  }

  /// Clusters a million times tighter than their spread, far from the data's mean: the inertia
  /// from the sums would cancel, so CPU drivers measure it by direct differences; the
  /// distances asked for afterwards match the reference point by point either way.
  @Test(arguments: OpenCLKernelStyle.allCases)
  func tightClustersKeepTheirInertiaAndDistances(style: OpenCLKernelStyle) throws {
    let device = try #require(OpenCLTestDevice.device(style))
    let (n, d, k) = (3001, 5, 4)
    let blobs = OpenCLReference.blobs(n: n, d: d, k: k, offset: 300, seed: 17)
    // Each point pulled towards its blob's center: spread 1e-3 around centers 20 apart.
    let tight = (0..<(n * d)).map { index -> Float in
      let center = blobs.centers[(index / d % k) * d + index % d]
      return Float(center + (blobs.points[index] - center) * 1e-3)
    }
    let points = Matrix<Float>(rows: n, columns: d, elements: tight)
    let exact = tight.map { Double($0) }
    let initial = blobs.centers.map { Float($0 + 2e-3) }
    let session = try device.openKMeansSession(points: points)
    let partial = try session.step(centers: Matrix(rows: k, columns: d, elements: initial))
    let reference = OpenCLReference.kmeansStep(
      points: exact, centers: initial.map { Double($0) }, d: d)
    #expect(try session.labels() == reference.labels)
    #expect(OpenCLReference.close(partial.inertia, reference.inertia, 1e-3))
    let distances = try session.distances()
    let pointsClose = zip(distances, reference.distances).allSatisfy {
      OpenCLReference.close($0, $1, 1e-2, scale: 1e-6)
    }
    #expect(pointsClose)
  }

  @Test(arguments: OpenCLKernelStyle.allCases)
  func float64StepMatchesReference(style: OpenCLKernelStyle) throws {
    let device = try #require(OpenCLTestDevice.device(style))
    try #require(device.limits.supportsFloat64)
    let (n, d, k) = (517, 9, 5)
    let blobs = OpenCLReference.blobs(n: n, d: d, k: k, offset: -3, seed: 5)
    let session = try device.openKMeansSession(
      points: Matrix<Double>(rows: n, columns: d, elements: blobs.points))
    let initial = (0..<(k * d)).map { blobs.points[$0] - 0.25 }
    let partial = try session.step(centers: Matrix(rows: k, columns: d, elements: initial))
    expectStep(
      partial, labels: try session.labels(), points: blobs.points, centers: initial, d: d,
      tolerance: 1e-9)
  }

  @Test(arguments: OpenCLKernelStyle.allCases)
  func centersLargerThanLocalMemoryUseTheGlobalKernel(style: OpenCLKernelStyle) throws {
    let device = try #require(OpenCLTestDevice.device(style))
    try #require(device.limits.supportsFloat64)
    // k x d Float64 centers just above the local memory size: the global-memory kernel runs.
    let d = 97
    let k = device.limits.localMemoryBytes / (8 * d) + 3
    let n = 2 * k + 1
    var generator = OpenCLReference.Generator(state: 3)
    let values = (0..<(n * d)).map { _ in generator.normal() }
    let centers = Array(values[0..<(k * d)])
    let session = try device.openKMeansSession(
      points: Matrix<Double>(rows: n, columns: d, elements: values))
    let partial = try session.step(centers: Matrix(rows: k, columns: d, elements: centers))
    expectStep(
      partial, labels: try session.labels(), points: values, centers: centers, d: d,
      tolerance: 1e-9)
  }

  @Test(arguments: OpenCLKernelStyle.allCases)
  func twoRunsAreBitIdentical(style: OpenCLKernelStyle) throws {
    let device = try #require(OpenCLTestDevice.device(style))
    let (n, d, k) = (4099, 6, 11)
    let blobs = OpenCLReference.blobs(n: n, d: d, k: k, offset: 0, seed: 21)
    let points = Matrix<Float>(rows: n, columns: d, elements: blobs.points.map { Float($0) })
    let centers = Matrix<Float>(
      rows: k, columns: d, elements: blobs.centers.map { Float($0 + 0.3) })
    var runs: [(KMeansPartial, [Int32], [Double])] = []
    for _ in 0..<2 {
      let session = try device.openKMeansSession(points: points)
      let partial = try session.step(centers: centers)
      runs.append((partial, try session.labels(), try session.distances()))
    }
    #expect(runs[0].0 == runs[1].0)
    #expect(runs[0].1 == runs[1].1)
    #expect(runs[0].2 == runs[1].2)
  }

  @Test func kernelsRunOnPoCLWithProfiledTime() throws {
    let device = try #require(OpenCLTestDevice.pocl)
    #expect(device.platformName.contains("Portable Computing Language"))
    #expect(device.kernelStyle == .vectorPerWorkItem)
    let points = Matrix<Float>(
      rows: 300, columns: 4, elements: (0..<1200).map { Float($0 % 37) })
    let session = try device.openKMeansSession(points: points)
    #expect(session.deviceName == device.name)
    _ = try session.step(centers: Matrix(rows: 3, columns: 4, elements: (0..<12).map { Float($0) }))
    #expect(session.lastKernelSeconds > 0)
  }

  @Test func dataLargerThanOneBufferAreSplitIntoChunks() throws {
    let pocl = try #require(OpenCLTestDevice.poclIndex)
    // At most 4 KiB per buffer: 700 points of 5 Float32 (14000 bytes) need 4 chunks.
    let device = try OpenCLDevice(index: pocl, maxBufferBytes: 4096)
    let (n, d, k) = (700, 5, 4)
    let blobs = OpenCLReference.blobs(n: n, d: d, k: k, offset: 10, seed: 8)
    let points = Matrix<Float>(rows: n, columns: d, elements: blobs.points.map { Float($0) })
    let session = try device.openKMeansSession(points: points)
    #expect(session.chunkCount == 4)
    let initial = (0..<(k * d)).map { Float(blobs.points[$0]) }
    let partial = try session.step(centers: Matrix(rows: k, columns: d, elements: initial))
    expectStep(
      partial, labels: try session.labels(), points: points.elements.map { Double($0) },
      centers: initial.map { Double($0) }, d: d, tolerance: 1e-4)
  }
}
