import Allot
import Testing

@Suite struct SampleWeightTests {
  /// The weighted least-squares line in closed form: slope = sum v (x - mx)(y - my) /
  /// sum v (x - mx)^2 with weighted means mx, my; intercept = my - slope * mx.
  func closedForm(_ x: [Double], _ y: [Double], _ v: [Double]) -> (slope: Double, bias: Double) {
    let total = v.reduce(0, +)
    let mx = zip(x, v).reduce(0) { $0 + $1.0 * $1.1 } / total
    let my = zip(y, v).reduce(0) { $0 + $1.0 * $1.1 } / total
    var sxy = 0.0
    var sxx = 0.0
    for i in x.indices {
      sxy += v[i] * (x[i] - mx) * (y[i] - my)
      sxx += v[i] * (x[i] - mx) * (x[i] - mx)
    }
    let slope = sxy / sxx
    return (slope, my - slope * mx)
  }

  @Test func weightedNormalEquationsMatchTheClosedForm() throws {
    let x: [Double] = [0, 1, 2, 3, 4, 7]
    let y: [Double] = [1, 3, 2, 5, 4, 11]
    let v: [Double] = [1, 2, 1, 3, 0.5, 0]
    let expected = closedForm(x, y, v)
    for standardize in [false, true] {
      let result = try LinearRegression.fit(
        features: Matrix(rows: 6, columns: 1, elements: x), targets: y, sampleWeights: v,
        options: LinearRegressionOptions(solver: .normalEquations, standardize: standardize))
      #expect(abs(result.weights[0] - expected.slope) < 1e-12)
      #expect(abs(result.bias - expected.bias) < 1e-12)
      // J = sum v r^2 / (2 sum v), from the closed-form line.
      var squared = 0.0
      for i in x.indices {
        let r = expected.bias + expected.slope * x[i] - y[i]
        squared += v[i] * r * r
      }
      #expect(abs(result.loss - squared / (2 * v.reduce(0, +))) < 1e-12)
    }
  }

  @Test func robustLineFitOfAnExactLineIsTheLine() {
    // y = 3 - 2x on spread-out log-work-like x values: every round is exact.
    let x: [Double] = [12, 13.5, 15, 16.25, 18, 21]
    let fit = RobustLineFit.fit(x: x, y: x.map { 3 - 2 * $0 })
    #expect(abs(fit.slope - -2) < 1e-9)
    #expect(abs(fit.intercept - 3) < 1e-8)
  }

  @Test func robustLineFitFallsBackToTheDefaultSlopeForOneDistinctX() {
    // Median of y - 1 * x over y = [5, 6, 100] at x = 2: 4.
    let fit = RobustLineFit.fit(x: [2, 2, 2], y: [5, 6, 100])
    #expect(fit.slope == 1)
    #expect(fit.intercept == 4)
  }

  @Test func badSampleWeightsAreRejected() {
    let x = Matrix<Double>(rows: 3, columns: 1, elements: [0, 1, 2])
    let y: [Double] = [0, 1, 2]
    let normal = LinearRegressionOptions(solver: .normalEquations)
    let cases: [([Double], LinearRegressionOptions, String)] = [
      ([1, 1], normal, "one weight per row (3)"),
      ([1, -1, 1], normal, "a finite number >= 0"),
      ([1, .nan, 1], normal, "a finite number >= 0"),
      ([0, 0, 0], normal, "at least one weight > 0"),
      ([1, 1, 1], LinearRegressionOptions(solver: .gradientDescent), "only the normal equations"),
    ]
    for (weights, options, fragment) in cases {
      do {
        _ = try LinearRegression.fit(
          features: x, targets: y, sampleWeights: weights, options: options)
        Issue.record("weights \(weights) were accepted")
      } catch let error as WorkloadError {
        #expect(error.category == .usage)
        #expect(error.description.contains(fragment), "\(error)")
      } catch {
        Issue.record("unexpected \(error)")
      }
    }
  }
}
