import Allot
import Testing

/// k-means and linear regression refuse Float32 data whose squared distances or residuals
/// would overflow (never a silent infinity), and accept the same values in Float64.
@Suite struct WorkloadFloat32RangeTests {
  /// 1e20 squared is 1e40, beyond Float32's 3.4e38.
  static let huge: [Double] = [1e20, 0, 1, 1, 2, 2]

  @Test func kMeansRefusesFloat32Overflow() throws {
    let points = Matrix<Float>(rows: 3, columns: 2, elements: Self.huge.map { Float($0) })
    #expect {
      try KMeans.fit(points, options: KMeansOptions(clusters: 2))
    } throws: { error in
      guard case DataError.float32Overflow(_, let largest, let columns) = error else {
        return false
      }
      return largest == Double(Float(1e20)) && columns == 2
        && (error as? DataError)?.description.contains("--precision f64") == true
    }
  }

  @Test func kMeansRefusesHugeGivenCenters() throws {
    let points = Matrix<Float>(rows: 2, columns: 1, elements: [0, 1])
    let centers = Matrix<Double>(rows: 1, columns: 1, elements: [1e25])
    #expect(throws: DataError.self) {
      try KMeans.fit(points, options: KMeansOptions(clusters: 1, initialization: .given(centers)))
    }
  }

  /// In Float64 the far point is its own cluster; the other two share the center (1.5, 1.5)
  /// with inertia 2 x 0.5^2 x 2 = 1.
  @Test func kMeansAcceptsTheSameValuesInFloat64() throws {
    let points = Matrix<Double>(rows: 3, columns: 2, elements: Self.huge)
    let result = try KMeans.fit(points, options: KMeansOptions(clusters: 2))
    #expect(result.sizes.sorted() == [1, 2])
    #expect(abs(result.inertia - 1) < 1e-12)
  }

  @Test func linearRegressionRefusesFloat32Overflow() throws {
    let features = Matrix<Float>(rows: 3, columns: 1, elements: [0, 1, 2])
    #expect(throws: DataError.self) {
      try LinearRegression.fit(
        features: features, targets: [0, 1, 3e19], options: LinearRegressionOptions())
    }
    let wide = Matrix<Float>(rows: 3, columns: 1, elements: [0, 1e20, 2])
    #expect(throws: DataError.self) {
      try LinearRegression.fit(
        features: wide, targets: [0, 1, 2],
        options: LinearRegressionOptions(solver: .normalEquations))
    }
  }

  /// A rate above 2 / the largest curvature: the loss grows, and the fit says so rather
  /// than returning huge weights. (x = 0..3, y = x: curvature of J in w is mean x^2 = 3.5.)
  @Test func divergingGradientDescentThrows() throws {
    let features = Matrix<Double>(rows: 4, columns: 1, elements: [0, 1, 2, 3])
    #expect {
      try LinearRegression.fit(
        features: features, targets: [0, 1, 2, 3],
        options: LinearRegressionOptions(steps: 200, learningRate: 1))
    } throws: { error in
      if case WorkloadError.diverged = error { return true }
      return false
    }
  }
}
