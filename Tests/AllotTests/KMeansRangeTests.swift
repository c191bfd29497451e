import Allot
import Testing

/// k-means on data at the edge of Float64, and the warning about fewer distinct points than k
/// for every initialization.
@Suite struct KMeansRangeTests {
  let device = CPUDevice()

  @Test func valuesTooLargeForFloat64AreRefused() throws {
    // One column: squared distances up to (2 x 1e160)^2 = 4e320 overflow Float64; the limit
    // is sqrt(1.797e308 / 16) / 2 = 1.676e153.
    let points = Matrix<Double>(rows: 4, columns: 1, elements: [1e160, -1e160, 1, 2])
    #expect(throws: DataError.float64Overflow(path: "", maxMagnitude: 1e160, columns: 1)) {
      try KMeans.fit(points, options: KMeansOptions(clusters: 2), on: [device])
    }
    #expect(Float64Range.isSafe(maxMagnitude: 1.67e153, columns: 1))
    #expect(!Float64Range.isSafe(maxMagnitude: 1.68e153, columns: 1))
  }

  @Test func inertiaThatOverflowsIsAnError() throws {
    // 200 rows of +-1.5e153 (safe one by one): with k = 1 the center is 0 and the inertia
    // 200 x 2.25e306 = 4.5e308 exceeds Double.greatestFiniteMagnitude (1.797e308).
    let points = Matrix<Double>(
      rows: 200, columns: 1, elements: (0..<200).map { $0 % 2 == 0 ? 1.5e153 : -1.5e153 })
    #expect(throws: WorkloadError.nonFiniteResult(quantity: "k-means inertia")) {
      try KMeans.fit(points, options: KMeansOptions(clusters: 1), on: [device])
    }
    #expect(WorkloadError.nonFiniteResult(quantity: "k-means inertia").category == .data)
  }

  @Test func randomInitializationWarnsAboutFewerDistinctPointsThanK() throws {
    // Two distinct points, written three times each.
    let points = Matrix<Double>(
      rows: 6, columns: 2, elements: [0, 0, 5, 5, 0, 0, 5, 5, -0.0, 0, 5, 5])
    for initialization in [KMeansOptions.Initialization.random, .kMeansPlusPlus] {
      let result = try KMeans.fit(
        points, options: KMeansOptions(clusters: 3, initialization: initialization),
        on: [device])
      #expect(result.warnings.count == 1)
      #expect(result.warnings.first?.contains("2 distinct points, fewer than k = 3") == true)
    }
    let enough = try KMeans.fit(
      points, options: KMeansOptions(clusters: 2, initialization: .random), on: [device])
    #expect(enough.warnings.isEmpty)
  }
}
