import Allot
import Testing

@Suite struct LinearRegressionTests {
  let device = CPUDevice()

  /// diabetes.csv: ten features, target `progression` (last column).
  func diabetes() throws -> (Matrix<Double>, [Double]) {
    let rows = try TestData.csv("diabetes.csv", header: true)
    let features = Matrix<Double>(
      rows: rows.count, columns: 10, elements: rows.flatMap { $0[0..<10] })
    return (features, rows.map { $0[10] })
  }

  // numpy: np.linalg.lstsq(np.c_[X, ones], y) on diabetes.csv gives bias -334.567139,
  // weights below, and loss sum(r^2) / (2n) = 1429.84817.
  let referenceWeights = [
    -0.0363612242, -22.8596481, 5.60296209, 1.11680799, -1.08999633, 0.746450456, 0.372004715,
    6.53383194, 68.4831250, 0.280116989,
  ]

  @Test func normalEquationsMatchNumpy() throws {
    let (x, y) = try diabetes()
    for standardize in [false, true] {
      let result = try LinearRegression.fit(
        features: x, targets: y,
        options: LinearRegressionOptions(solver: .normalEquations, standardize: standardize),
        on: [device])
      #expect(abs(result.bias - -334.567139) < 1e-4)
      for (w, r) in zip(result.weights, referenceWeights) {
        #expect(abs(w - r) < 1e-6 * max(1, abs(r)))
      }
      #expect(abs(result.loss - 1429.8482) < 1e-3)
    }
  }

  @Test func gradientDescentWithStandardizeReachesTheClosedForm() throws {
    let (x, y) = try diabetes()
    for precision in ["f64", "f32"] {
      let options = LinearRegressionOptions(
        solver: .gradientDescent, steps: 20000, learningRate: 0.45, standardize: true)
      let result =
        precision == "f64"
        ? try LinearRegression.fit(features: x, targets: y, options: options, on: [device])
        : try LinearRegression.fit(
          features: x.converted(to: Float.self), targets: y.map(Float.init), options: options,
          on: [device])
      let tolerance = precision == "f64" ? 1e-3 : 2e-2
      for (w, r) in zip(result.weights, referenceWeights) { #expect(abs(w - r) < tolerance) }
      #expect(abs(result.bias - -334.567139) < (precision == "f64" ? 1e-3 : 0.5))
      #expect(result.lossHistory.count == 20000)
      #expect(abs(result.loss - 1429.8482) < 1e-2)
      #expect(result.lossHistory.first! > result.lossHistory.last!)
    }
  }

  @Test func stochasticGradientDescentGetsClose() throws {
    let (x, y) = try diabetes()
    let result = try LinearRegression.fit(
      features: x, targets: y,
      options: LinearRegressionOptions(
        solver: .stochastic, steps: 300, learningRate: 0.02, batchSize: 32, standardize: true,
        seed: 4), on: [device])
    #expect(result.lossHistory.count == 300)
    #expect(result.loss < 1429.8482 * 1.01)
    let again = try LinearRegression.fit(
      features: x, targets: y,
      options: LinearRegressionOptions(
        solver: .stochastic, steps: 300, learningRate: 0.02, batchSize: 32, standardize: true,
        seed: 4), on: [device])
    #expect(again == result)
  }

  @Test func ridgePenaltyMatchesTheClosedForm() throws {
    // Closed form for one standardized feature: w = cov / (var + l2), J from that w.
    let x: [Double] = [1, 2, 3, 4, 5, 6]
    let y: [Double] = [2, 3, 5, 4, 6, 8]
    let mx = 3.5
    let my = 14.0 / 3
    let cov = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) } / 6
    let variance = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) } / 6
    let l2 = 0.5
    let w = cov / (variance + l2)
    let result = try LinearRegression.fit(
      features: Matrix(rows: 6, columns: 1, elements: x), targets: y,
      options: LinearRegressionOptions(solver: .normalEquations, l2: l2), on: [device])
    #expect(abs(result.weights[0] - w) < 1e-12)
    #expect(abs(result.bias - (my - w * mx)) < 1e-12)
  }

  @Test func collinearFeaturesAreADataError() throws {
    let x = Matrix<Double>(rows: 4, columns: 2, elements: [1, 2, 2, 4, 3, 6, 4, 8])
    #expect(throws: WorkloadError.collinearFeatures(column: 1, columns: 2)) {
      try LinearRegression.fit(
        features: x, targets: [1, 2, 3, 4],
        options: LinearRegressionOptions(solver: .normalEquations), on: [device])
    }
    #expect(WorkloadError.collinearFeatures(column: 1, columns: 2).category == .data)
  }

  @Test func badInputsAreRejected() throws {
    let x = Matrix<Double>(rows: 3, columns: 1, elements: [1, 2, 3])
    #expect(throws: WorkloadError.targetCount(targets: 2, rows: 3)) {
      try LinearRegression.fit(features: x, targets: [1, 2], options: .init(), on: [device])
    }
    #expect(throws: WorkloadError.self) {
      try LinearRegression.fit(
        features: x, targets: [1, 2, 3], options: .init(learningRate: -1), on: [device])
    }
    #expect(throws: WorkloadError.emptyData(rows: 0, columns: 1)) {
      try LinearRegression.fit(
        features: Matrix<Double>(rows: 0, columns: 1), targets: [], options: .init(),
        on: [device])
    }
  }

  @Test func asyncFitMatchesTheSynchronousOne() async throws {
    let (x, y) = try diabetes()
    let options = LinearRegressionOptions(solver: .gradientDescent, steps: 50, standardize: true)
    let a = try await LinearRegression.fit(features: x, targets: y, options: options, on: [device])
    let synchronous: () throws -> LinearRegressionResult = {
      try LinearRegression.fit(features: x, targets: y, options: options, on: [device])
    }
    #expect(a == (try synchronous()))
  }
}
