import Allot
import Foundation
import Testing

/// Conditioning, ridge with standardizing, convergence reporting and range checks of
/// `LinearRegression`, against numpy and closed forms.
@Suite struct LinearRegressionAccuracyTests {
  let device = CPUDevice()

  /// weather.csv, target temp, features dewp, humid, pressure, rows with a missing value
  /// dropped (23386 rows).
  func weather() throws -> (Matrix<Double>, [Double]) {
    let loaded = try DataLoader.loadRegression(
      path: DataTestFiles.shared("data/weather.csv"), target: "temp",
      features: try ColumnSelection(parsing: "dewp,humid,pressure"),
      options: LoadOptions(missing: .drop))
    guard case .f64(let data) = loaded.data else {
      Issue.record("weather.csv did not load as Float64")
      throw WorkloadError.noDevices
    }
    return (data.features, data.target)
  }

  @Test func normalEquationsSolveWeatherLikeNumpyLstsq() throws {
    // numpy: rows of weather.csv without an empty/NA cell in the four columns (23386),
    // np.linalg.lstsq(np.c_[X, ones], y, rcond=None) -> [1.064578879, -0.4877318117,
    // -0.02182052579, 63.61941051]; condition number of [X, 1] 1.47e5; loss
    // r.r / (2n) = 1.397463167.
    let (x, y) = try weather()
    #expect(x.rows == 23386)
    for standardize in [false, true] {
      let result = try LinearRegression.fit(
        features: x, targets: y,
        options: LinearRegressionOptions(solver: .normalEquations, standardize: standardize),
        on: [device])
      let expected = [1.064578879, -0.4877318117, -0.02182052579]
      for (w, r) in zip(result.weights, expected) { #expect(abs(w - r) < 1e-8 * max(1, abs(r))) }
      #expect(abs(result.bias - 63.61941051) < 1e-7)
      #expect(abs(result.loss - 1.397463167) < 1e-8)
      #expect(result.converged)
    }
  }

  @Test func normalEquationsIgnoreScaleAndOffset() throws {
    // i = 0..<50: x1 = 1e6 sin(i), x2 = 1e6 + cos(1.7 i), x3 = 1e6 (i mod 7) + 1e6,
    // y = 2e-6 x1 - 3 (x2 - 1e6) + 0.25e-6 x3 + 0.5 sin(3 i) + 7.
    // numpy lstsq of the centred problem (Xc = X - mean, y - mean(y)), bias from the means:
    // weights [1.99662905017e-06, -3.00582962293, 2.41569602106e-07], bias 3005836.65995
    // (lstsq on the raw [X, 1], condition number 6.4e12, agrees to 1e-10 relative).
    let n = 50
    var elements: [Double] = []
    var y: [Double] = []
    for i in 0..<n {
      let t = Double(i)
      let x1 = 1e6 * sin(t)
      let x2 = 1e6 + cos(1.7 * t)
      let x3 = 1e6 * Double(i % 7) + 1e6
      elements += [x1, x2, x3]
      y.append(2e-6 * x1 - 3 * (x2 - 1e6) + 0.25e-6 * x3 + 0.5 * sin(3 * t) + 7)
    }
    let result = try LinearRegression.fit(
      features: Matrix(rows: n, columns: 3, elements: elements), targets: y,
      options: LinearRegressionOptions(solver: .normalEquations), on: [device])
    let expected = [1.99662905017e-06, -3.00582962293, 2.41569602106e-07]
    for (w, r) in zip(result.weights, expected) { #expect(abs(w - r) <= 1e-8 * abs(r)) }
    #expect(abs(result.bias - 3005836.65995) <= 1e-8 * 3005836.65995)
  }

  @Test func weightedNormalEquationsIgnoreScaleAndOffset() throws {
    // x = 1e6 t + 1e6 for t = 0, 1, 2, 3, 4, 7; weights v. Reference: the weighted line in
    // closed form on t (slope_t = sum v (t - mt)(y - my) / sum v (t - mt)^2), so in x the
    // slope is slope_t / 1e6 and the intercept my - slope_t (mt + 1) (mt = 17/8, my = 28/8
    // with sum v = 8); computed below in Float64 on the small t values.
    let t: [Double] = [0, 1, 2, 3, 4, 7]
    let y: [Double] = [1, 3, 2, 5, 4, 11]
    let v: [Double] = [1, 2, 1, 3, 1, 0]
    let total = v.reduce(0, +)
    let mt = zip(t, v).reduce(0) { $0 + $1.0 * $1.1 } / total
    let my = zip(y, v).reduce(0) { $0 + $1.0 * $1.1 } / total
    var sty = 0.0
    var stt = 0.0
    for i in t.indices {
      sty += v[i] * (t[i] - mt) * (y[i] - my)
      stt += v[i] * (t[i] - mt) * (t[i] - mt)
    }
    let slope = sty / stt
    let result = try LinearRegression.fit(
      features: Matrix(rows: 6, columns: 1, elements: t.map { 1e6 * $0 + 1e6 }), targets: y,
      sampleWeights: v, options: LinearRegressionOptions(solver: .normalEquations))
    #expect(abs(result.weights[0] - slope / 1e6) <= 1e-10 * slope / 1e6)
    #expect(abs(result.bias - (my - slope * (mt + 1))) < 1e-8)
  }

  @Test func constantFeatureIsCollinearButRidgeSolvesIt() throws {
    // Column 1 is 0.1 everywhere (its mean is not exactly 0.1 in Float64).
    let x = Matrix<Double>(rows: 5, columns: 2, elements: [1, 0.1, 2, 0.1, 3, 0.1, 4, 0.1, 6, 0.1])
    let y: [Double] = [1, 3, 2, 5, 4]
    #expect(throws: WorkloadError.collinearFeatures(column: 1, columns: 2)) {
      try LinearRegression.fit(
        features: x, targets: y, options: LinearRegressionOptions(solver: .normalEquations),
        on: [device])
    }
    // With l2 the constant feature gets weight 0 and the other the one-feature ridge
    // closed form w = cov(x, y) / (var(x) + l2): mx = 3.2, my = 3, cov = 1.8, var = 2.96.
    let result = try LinearRegression.fit(
      features: x, targets: y, options: LinearRegressionOptions(solver: .normalEquations, l2: 1),
      on: [device])
    #expect(abs(result.weights[0] - 1.8 / 3.96) < 1e-12)
    #expect(abs(result.weights[1]) < 1e-12)
  }

  @Test func nearlyCollinearScaledCopyIsRefused() throws {
    // b = 0.1 a + 1e5 in decimal; in Float64 the copy differs from exact proportion only by
    // rounding, so the features are collinear.
    let a: [Double] = [1, 2, 3, 4, 5, 7, 11]
    var elements: [Double] = []
    for v in a { elements += [v, 0.1 * v + 1e5] }
    #expect(throws: WorkloadError.collinearFeatures(column: 1, columns: 2)) {
      try LinearRegression.fit(
        features: Matrix(rows: a.count, columns: 2, elements: elements),
        targets: [1, 2, 2, 3, 5, 4, 9], options: LinearRegressionOptions(solver: .normalEquations),
        on: [device])
    }
  }

  // numpy ridge closed form on diabetes.csv, l2 = 0.5: m = X.mean(0), Xc = X - m,
  // w = solve(Xc.T Xc / n + l2 I, Xc.T (y - y.mean()) / n), b = y.mean() - m.w,
  // J = r.r / (2n) + l2/2 w.w = 1539.429786.
  let ridgeWeights = [
    -0.04179528254, -6.478753279, 6.090370932, 1.058489495, 1.146958926, -1.282259667,
    -2.018920729, 0.9110929821, 3.677174712, 0.3487553296,
  ]

  @Test func standardizeDoesNotChangeTheRidgeAnswer() throws {
    let rows = try TestData.csv("diabetes.csv", header: true)
    let x = Matrix<Double>(rows: rows.count, columns: 10, elements: rows.flatMap { $0[0..<10] })
    let y = rows.map { $0[10] }
    var options: [LinearRegressionOptions] = []
    for standardize in [false, true] {
      options.append(
        LinearRegressionOptions(solver: .normalEquations, l2: 0.5, standardize: standardize))
    }
    options.append(
      LinearRegressionOptions(
        solver: .gradientDescent, steps: 5000, learningRate: 0.2, l2: 0.5, standardize: true))
    for option in options {
      let result = try LinearRegression.fit(features: x, targets: y, options: option, on: [device])
      for (w, r) in zip(result.weights, ridgeWeights) {
        #expect(abs(w - r) < 1e-8 * max(1, abs(r)), "\(option.solver) \(option.standardize)")
      }
      #expect(abs(result.bias - -118.1443337) < 1e-6)
      #expect(abs(result.loss - 1539.429786) < 1e-6)
      #expect(result.converged)
    }
  }

  @Test func gradientDescentReportsConvergence() throws {
    let rows = try TestData.csv("diabetes.csv", header: true)
    let x = Matrix<Double>(rows: rows.count, columns: 10, elements: rows.flatMap { $0[0..<10] })
    let y = rows.map { $0[10] }
    // 20000 standardized steps at 0.45 reach the lstsq answer (see LinearRegressionTests).
    let done = try LinearRegression.fit(
      features: x, targets: y,
      options: LinearRegressionOptions(steps: 20000, learningRate: 0.45, standardize: true),
      on: [device])
    #expect(done.converged)
    #expect(done.relativeGradientNorm <= 1e-6)
    // 50 steps at 0.01 are far from it: weights still near 0, the loss far above 1429.85.
    let short = try LinearRegression.fit(
      features: x, targets: y,
      options: LinearRegressionOptions(steps: 50, learningRate: 0.01, standardize: true),
      on: [device])
    #expect(!short.converged)
    #expect(short.relativeGradientNorm > 0.1)
    #expect(short.lossHistory.count == 50)
    // Entry 0 is J at w = 0, b = 0: sum y^2 / (2n).
    let start = y.reduce(0) { $0 + $1 * $1 } / (2 * Double(y.count))
    #expect(abs(short.lossHistory[0] - start) < 1e-9 * start)
    let sgd = try LinearRegression.fit(
      features: x, targets: y,
      options: LinearRegressionOptions(
        solver: .stochastic, steps: 3, learningRate: 0.002, batchSize: 32, standardize: true),
      on: [device])
    #expect(!sgd.converged)
    let normal = try LinearRegression.fit(
      features: x, targets: y, options: LinearRegressionOptions(solver: .normalEquations),
      on: [device])
    #expect(normal.converged && normal.relativeGradientNorm == 0)
  }

  @Test func divergenceNamesTheOneBasedStepAndTheRemedy() throws {
    // x = 100..400: the curvature of J in w is mean(x^2) = 75000, so rate 0.5 overshoots at
    // once and J after step 1 is far above J at the start.
    let x = Matrix<Double>(rows: 4, columns: 1, elements: [100, 200, 300, 400])
    let y: [Double] = [1, 2, 2, 5]
    #expect(throws: WorkloadError.diverged(step: 1, learningRate: 0.5)) {
      try LinearRegression.fit(
        features: x, targets: y, options: LinearRegressionOptions(steps: 100, learningRate: 0.5),
        on: [device])
    }
    // The stochastic solver stops when J is no longer finite (J grows about 1e9-fold per
    // epoch here, so within 100 epochs); its message counts epochs.
    do {
      _ = try LinearRegression.fit(
        features: x, targets: y,
        options: LinearRegressionOptions(solver: .stochastic, steps: 100, learningRate: 0.5),
        on: [device])
      Issue.record("sgd at rate 0.5 did not diverge")
    } catch WorkloadError.diverged(let epoch, _, let solver, _) {
      #expect(solver == .stochastic)
      #expect((2...100).contains(epoch))
      #expect(
        WorkloadError.diverged(step: epoch, learningRate: 0.5, solver: .stochastic).description
          .contains("epoch \(epoch)"))
    }
    // Standardized: curvature up to 2 (1 + the bias's 1), so rate 5 diverges at step 1.
    do {
      _ = try LinearRegression.fit(
        features: x, targets: y,
        options: LinearRegressionOptions(steps: 100, learningRate: 5, standardize: true),
        on: [device])
      Issue.record("rate 5 did not diverge")
    } catch let error as WorkloadError {
      #expect(error == .diverged(step: 1, learningRate: 5, standardized: true))
      #expect(!error.description.contains("--standardize"))
      #expect(error.description.contains("step 1"))
    }
  }

  @Test func valuesTooLargeForFloat64AreRefused() throws {
    // 2 columns (feature and target): limit sqrt(1.797e308 / 16 / 2) / 2 = 1.185e153.
    let x = Matrix<Double>(rows: 3, columns: 1, elements: [1e160, 2, 3])
    #expect(throws: DataError.float64Overflow(path: "", maxMagnitude: 1e160, columns: 2)) {
      try LinearRegression.fit(
        features: x, targets: [1, 2, 3], options: LinearRegressionOptions(solver: .normalEquations),
        on: [device])
    }
    #expect(Float64Range.isSafe(maxMagnitude: 1.18e153, columns: 2))
    #expect(!Float64Range.isSafe(maxMagnitude: 1.19e153, columns: 2))
    #expect(DataError.float64Overflow(path: "", maxMagnitude: 1, columns: 1).category == .data)
  }
}
