import Allot
import Testing

@Suite struct KMeansTests {
  let device = CPUDevice()

  func matrix<S: MatrixScalar>(_ rows: [[Double]], as _: S.Type = S.self) -> Matrix<S> {
    Matrix(rows: rows.count, columns: rows[0].count, elements: rows.flatMap { $0.map { S($0) } })
  }

  @Test func blobsMatchTheFloat64Reference() throws {
    let truth = [[0.0, 0, 0], [5, 5, 0], [0, 6, 3], [-4, 1, 2]]
    let points = TestData.blobs(centers: truth, count: 3000, spread: 1.2, seed: 7)
    let initial = Array(points[0..<4])
    let reference = KMeansReference(points: points, initial: initial)
    let options = KMeansOptions(clusters: 4, initialization: .given(matrix(initial)))
    for result in [
      try KMeans.fit(matrix(points, as: Double.self), options: options, on: [device])
        .summary,
      try KMeans.fit(matrix(points, as: Float.self), options: options, on: [device]).summary,
    ] {
      #expect(result.labels == reference.labels)
      #expect(result.iterations == reference.iterations)
      for c in 0..<4 {
        for j in 0..<3 { #expect(abs(result.centers[c][j] - reference.centers[c][j]) <= 1e-4) }
      }
      #expect(abs(result.inertia - reference.inertia) <= 1e-6 * reference.inertia)
    }
  }

  @Test func digitsMatchScikitLearn() throws {
    let rows = try TestData.csv("digits.csv", header: false).map { Array($0[0..<64]) }
    let initial = Array(rows[0..<10])
    let reference = KMeansReference(points: rows, initial: initial)
    // scikit-learn 1.x: KMeans(10, init=X[:10], n_init=1, tol=1e-4, algorithm="lloyd")
    // gives inertia 1167859.38 after 14 iterations.
    #expect(abs(reference.inertia - 1167859.38) < 0.01)
    let result = try KMeans.fit(
      matrix(rows, as: Double.self),
      options: KMeansOptions(clusters: 10, initialization: .given(matrix(initial))), on: [device])
    #expect(result.iterations == 14)
    #expect(abs(result.inertia - 1167859.38) < 0.01)
    #expect(result.labels.map(Int.init) == reference.labels)
    #expect(result.converged)
    #expect(result.sizes.reduce(0, +) == rows.count)
  }

  @Test func float32WithLargeOffsetAndSmallSpreadKeepsTheLabels() throws {
    let truth = [[10000.0, 10000], [10000.05, 10000], [10000, 10000.05]]
    let points = TestData.blobs(centers: truth, count: 1500, spread: 0.01, seed: 3)
    let initial = Array(points[0..<3])
    let reference = KMeansReference(points: points, initial: initial, maxIterations: 1)
    let result = try KMeans.fit(
      matrix(points, as: Float.self),
      options: KMeansOptions(
        clusters: 3, initialization: .given(matrix(initial)), maxIterations: 1),
      on: [device])
    #expect(result.labels.map(Int.init) == reference.labels)
  }

  @Test func emptyClusterTakesTheFarthestPoint() throws {
    // The third center is far from every point: its cluster is empty after the first
    // assignment, and it must take the point farthest from its center (100).
    let points: [[Double]] = [[0], [1], [2], [10], [11], [100]]
    let initial: [[Double]] = [[1], [11], [1000]]
    let result = try KMeans.fit(
      matrix(points, as: Double.self),
      options: KMeansOptions(clusters: 3, initialization: .given(matrix(initial))), on: [device])
    #expect(result.centers[2, 0] == 100)
    #expect(result.labels == [0, 0, 0, 1, 1, 2])
    #expect(result.sizes == [3, 2, 1])
    #expect(abs(result.inertia - 2.5) < 1e-12)
  }

  @Test func moreClustersThanRowsIsADataError() throws {
    let points = Matrix<Double>(rows: 4, columns: 2, elements: [0, 0, 1, 1, 2, 2, 3, 3])
    #expect(throws: WorkloadError.tooManyClusters(k: 6, rows: 4)) {
      try KMeans.fit(points, options: KMeansOptions(clusters: 6), on: [device])
    }
    let error = WorkloadError.tooManyClusters(k: 6, rows: 4)
    #expect(error.category == .data)
    #expect(error.description == "k = 6 is larger than the 4 rows of the data")
  }

  @Test func givenCentersOfTheWrongShapeAreRejected() throws {
    let points = Matrix<Double>(rows: 4, columns: 2, elements: [0, 0, 1, 1, 2, 2, 3, 3])
    let wrong = Matrix<Double>(rows: 2, columns: 3)
    #expect(
      throws: WorkloadError.initialCentersShape(
        rows: 2, columns: 3, expectedRows: 2, expectedColumns: 2)
    ) {
      try KMeans.fit(
        points, options: KMeansOptions(clusters: 2, initialization: .given(wrong)), on: [device])
    }
  }

  @Test func kMeansPlusPlusFindsSeparatedBlobsAndWarnsOnDuplicates() throws {
    let truth = [[0.0, 0], [50, 0], [0, 50]]
    let points = TestData.blobs(centers: truth, count: 900, spread: 1, seed: 11)
    let result = try KMeans.fit(
      matrix(points, as: Float.self), options: KMeansOptions(clusters: 3, seed: 5), on: [device])
    #expect(result.sizes.sorted() == [300, 300, 300])
    #expect(result.warnings.isEmpty)
    let duplicates = Matrix<Double>(rows: 6, columns: 1, elements: [1, 1, 1, 2, 2, 2])
    let few = try KMeans.fit(duplicates, options: KMeansOptions(clusters: 3), on: [device])
    #expect(few.warnings.count == 1)
  }

  @Test func resultIsBitIdenticalForOneAndTwoThreadsAndAcrossRuns() throws {
    let truth = [[0.0, 0, 0, 0], [3, 3, 0, 1], [0, 4, 3, 0]]
    let points = matrix(
      TestData.blobs(centers: truth, count: 40000, spread: 1.5, seed: 9), as: Float.self)
    let options = KMeansOptions(clusters: 3, seed: 1)
    let one = CPUDevice(processingUnits: Array(CPUDevice.allowedProcessingUnits().prefix(1)))
    let a = try KMeans.fit(points, options: options, on: [one])
    let b = try KMeans.fit(points, options: options, on: [device])
    let c = try KMeans.fit(points, options: options, on: [device])
    #expect(a.centers == b.centers && b.centers == c.centers)
    #expect(a.labels == b.labels && a.inertia == b.inertia && b.inertia == c.inertia)
  }

  @Test func asyncFitGivesTheSameResult() async throws {
    let points = Matrix<Double>(rows: 6, columns: 1, elements: [0, 1, 2, 10, 11, 12])
    let options = KMeansOptions(
      clusters: 2, initialization: .given(Matrix(rows: 2, columns: 1, elements: [0, 12])))
    let result = try await KMeans.fit(points, options: options, on: [device])
    #expect(result.inertia == 4)
  }
}

extension KMeansResult {
  /// Centers as nested arrays and labels as Int, for comparison with the reference.
  var summary: (centers: [[Double]], labels: [Int], inertia: Double, iterations: Int) {
    (
      (0..<centers.rows).map { c in centers.row(c).map { Double($0) } }, labels.map(Int.init),
      inertia, iterations
    )
  }
}
