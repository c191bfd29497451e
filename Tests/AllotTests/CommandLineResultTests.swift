import Allot
import Foundation
import Testing

/// `allot kmeans` and `allot linreg` on real data against numbers computed independently
/// with numpy / scikit-learn in Float64 (written in ../shared/acceptance/README.md), and the
/// output formats: JSON keys, the text summary, `--labels` files, warnings.
@Suite(.enabled(if: CommandLineTestSupport.built, "build first: swift build -c release"))
struct CommandLineResultTests {
  typealias Tool = CommandLineTestSupport

  /// The first 10 rows of digits.csv (all 65 columns), as initial centers.
  static func digitsInit() throws -> String {
    let text = try String(contentsOfFile: Tool.data("digits.csv"), encoding: .utf8)
    let rows = text.split(separator: "\n", omittingEmptySubsequences: true).prefix(10)
    return Tool.file("digits-init.csv", rows.joined(separator: "\n") + "\n")
  }

  /// numpy reference: inertia 1167859.38 after 14 Lloyd iterations to tol 1e-4.
  @Test(arguments: ["f64", "f32"])
  func digitsWithTheFirstTenRowsAsCenters(precision: String) throws {
    let labels = Tool.scratchPath("digits-labels.txt")
    let run = try Tool.run([
      "kmeans", Tool.data("digits.csv"), "-k", "10", "--columns", "0-63", "--init",
      try Self.digitsInit(), "--precision", precision, "--labels", labels, "--json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let json = try run.json()
    #expect(Set(json.keys) == ["centers", "inertia", "iterations", "converged", "sizes", "device"])
    #expect(Tool.close(try Tool.double(json["inertia"]), 1167859.38, 1e-7))
    #expect(json["iterations"] as? Int == 14)
    #expect(json["converged"] as? Bool == true)
    #expect(json["device"] as? String == "cpu")
    let sizes = try Tool.doubles(json["sizes"])
    #expect(sizes.reduce(0, +) == 1797)
    let centers = try #require(json["centers"] as? [[Any]])
    #expect(centers.count == 10 && centers.allSatisfy { $0.count == 64 })
    // The labels file: one integer per input row, counts equal to the sizes.
    let lines = try String(contentsOfFile: labels, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 1797)
    var counts = [Double](repeating: 0, count: 10)
    for line in lines { counts[try #require(Int(line))] += 1 }
    #expect(counts == sizes)
  }

  /// Two far groups; the labels as .npy (int32) split them, and the text summary is short.
  @Test func labelsAsNpyAndTextSummary() throws {
    let path = Tool.file("groups.csv", "x,y\n0,0\n0,1\n10,10\n10,11\n0,2\n")
    let labels = Tool.scratchPath("labels.npy")
    let run = try Tool.run(["kmeans", path, "-k", "2", "--labels", labels])
    #expect(run.status == 0)
    #expect(run.stdout.contains("inertia"))
    #expect(run.stdout.split(separator: "\n").count <= 5)
    let loaded = try DataLoader.load(path: labels).matrix.asDouble
    #expect(loaded.rows == 5 && loaded.columns == 1)
    let values = (0..<5).map { loaded[$0, 0] }
    #expect(values[0] == values[1] && values[1] == values[4])
    #expect(values[2] == values[3] && values[2] != values[0])
  }

  /// Two distinct points and k = 3: a warning on stderr, not a failure.
  @Test func fewerDistinctPointsThanKWarns() throws {
    let path = Tool.file("dupes.csv", "x\n1\n1\n1\n5\n5\n")
    let run = try Tool.run(["kmeans", path, "-k", "3", "--json"])
    #expect(run.status == 0)
    #expect(run.stderr.contains("warning"))
    #expect(run.stderr.contains("2 distinct"))
    #expect(Tool.close(try Tool.double(try run.json()["inertia"]), 0, 1e-12))
  }

  static let flightsArguments = [
    "linreg", Tool.data("flights.csv"), "--target", "arr_delay", "--features",
    "dep_delay,air_time,distance", "--missing", "drop", "--standardize", "--json",
  ]
  static let flightsWeights = [1.019567, 0.686976, -0.089190]
  static let flightsBias = -15.919418
  static let flightsLoss = 122.18275

  /// numpy lstsq after dropping the 9,430 rows with NA: weights 1.019567, 0.686976,
  /// -0.089190, bias -15.919418, loss 122.18275 (values given to 6 decimals).
  @Test func flightsWithTheNormalEquations() throws {
    let run = try Tool.run(Self.flightsArguments + ["--solver", "normal"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("dropped 9430 rows"))
    let json = try run.json()
    #expect(
      Set(json.keys) == [
        "weights", "bias", "loss", "steps", "device", "loss_history", "converged",
      ])
    #expect(json["converged"] as? Bool == true)
    for (weight, expected) in zip(try Tool.doubles(json["weights"]), Self.flightsWeights) {
      #expect(abs(weight - expected) <= 1e-6, "\(weight) vs \(expected)")
    }
    #expect(abs(try Tool.double(json["bias"]) - Self.flightsBias) <= 1e-6)
    #expect(Tool.close(try Tool.double(json["loss"]), Self.flightsLoss, 1e-7))
    #expect(json["steps"] as? Int == 0)
  }

  /// Full-batch gradient descent on the standardized features. The features' correlation
  /// matrix has eigenvalues 0.00935, 0.999, 1.992 (numpy): with the default rate 0.01 the
  /// slow direction barely moves in 1000 steps, so the default run only lowers the loss;
  /// with rate 0.9 (below 2 / 1.992) and 2000 steps it reaches the closed form.
  @Test func flightsWithGradientDescent() throws {
    let defaults = try Tool.run(Self.flightsArguments)
    #expect(defaults.status == 0)
    let json = try defaults.json()
    let history = try Tool.doubles(json["loss_history"])
    #expect(history.count == 1000 && json["steps"] as? Int == 1000)
    #expect(zip(history, history.dropFirst()).allSatisfy { $1 <= $0 })
    let loss = try Tool.double(json["loss"])
    #expect(loss > Self.flightsLoss && loss < history[0])
    // The defaults stop far from the minimum (air_time 0.055 vs 0.687): not converged,
    // and said so on stderr.
    #expect(json["converged"] as? Bool == false)
    #expect(defaults.stderr.contains("gradient descent did not converge in 1000 steps"))

    let tuned = try Tool.run(
      Self.flightsArguments + ["--learning-rate", "0.9", "--steps", "2000"])
    #expect(tuned.status == 0)
    let fitted = try tuned.json()
    #expect(fitted["converged"] as? Bool == true, "\(tuned.stderr)")
    for (weight, expected) in zip(try Tool.doubles(fitted["weights"]), Self.flightsWeights) {
      #expect(abs(weight - expected) <= 2e-5, "\(weight) vs \(expected)")
    }
    #expect(abs(try Tool.double(fitted["bias"]) - Self.flightsBias) <= 2e-5)
    #expect(Tool.close(try Tool.double(fitted["loss"]), Self.flightsLoss, 1e-7))
  }

  /// numpy closed form on diabetes.csv: loss 1429.8482, bias -334.567; gradient descent on
  /// the standardized features (rate 0.4, below 2 / 4.024) gets within 1e-3 of it.
  @Test func diabetes() throws {
    let path = Tool.data("diabetes.csv")
    let normal = try Tool.run([
      "linreg", path, "--target", "progression", "--solver", "normal", "--json",
    ])
    #expect(normal.status == 0)
    let exact = try normal.json()
    #expect(Tool.close(try Tool.double(exact["loss"]), 1429.8482, 1e-7))
    #expect(abs(try Tool.double(exact["bias"]) - -334.567) <= 1e-3)
    let gd = try Tool.run([
      "linreg", path, "--target", "progression", "--standardize", "--learning-rate", "0.4",
      "--steps", "5000", "--json",
    ])
    #expect(gd.status == 0, "\(gd.stderr)")
    let fitted = try gd.json()
    for (weight, expected) in zip(
      try Tool.doubles(fitted["weights"]), try Tool.doubles(exact["weights"]))
    {
      #expect(abs(weight - expected) <= 1e-3 * max(1, abs(expected)), "\(weight) vs \(expected)")
    }
    let text = try Tool.run(["linreg", path, "--target", "progression", "--solver", "normal"])
    #expect(text.stdout.contains("bmi"))
    #expect(text.stdout.contains("bias"))
  }

  /// `--trace FILE`: Chrome trace-event JSON with one `kmeans.step` slice per Lloyd step
  /// on the `cpu` track (here the run ends when no label moves, so without a final step).
  @Test func traceFile() throws {
    let path = Tool.file("trace-data.csv", "x\n0\n1\n10\n11\n")
    let centers = Tool.file("trace-init.csv", "0\n1\n")
    let trace = Tool.scratchPath("trace.json")
    let run = try Tool.run([
      "kmeans", path, "-k", "2", "--init", centers, "--trace", trace, "--json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let object = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: trace)))
    let events = try #require((object as? [String: Any])?["traceEvents"] as? [[String: Any]])
    let slices = events.filter { $0["ph"] as? String == "X" }
    #expect(slices.count == (try run.json()["iterations"] as? Int))
    #expect(slices.allSatisfy { $0["name"] as? String == "kmeans.step" })
    #expect(events.contains { ($0["args"] as? [String: Any])?["name"] as? String == "cpu" })
  }
}
