import Allot
import Foundation
import Testing

/// `allot linreg` convergence warnings and `converged`, the normal solver on badly scaled
/// data, and results too large for Float64 (never an encoder error), run as a subprocess.
@Suite(.enabled(if: CommandLineTestSupport.built, "build first: swift build -c release"))
struct CommandLineConvergenceTests {
  typealias Tool = CommandLineTestSupport

  @Test func normalSolverHandlesWeather() throws {
    // numpy lstsq on the 23386 complete rows (see LinearRegressionAccuracyTests):
    // weights [1.064578879, -0.4877318117, -0.02182052579], bias 63.61941051.
    let run = try Tool.run([
      "linreg", Tool.data("weather.csv"), "--target", "temp", "--features", "dewp,humid,pressure",
      "--missing", "drop", "--solver", "normal", "--json",
    ])
    #expect(run.status == 0, "\(run.stderr)")
    let json = try run.json()
    let weights = try Tool.doubles(json["weights"])
    for (w, r) in zip(weights, [1.064578879, -0.4877318117, -0.02182052579]) {
      #expect(Tool.close(w, r, 1e-8))
    }
    #expect(Tool.close(try Tool.double(json["bias"]), 63.61941051, 1e-9))
    #expect(json["converged"] as? Bool == true)
    #expect(!run.stderr.contains("warning"))
  }

  @Test func unconvergedGradientDescentWarns() throws {
    let path = Tool.data("diabetes.csv")
    let run = try Tool.run([
      "linreg", path, "--target", "progression", "--standardize", "--steps", "50", "--json",
    ])
    #expect(run.status == 0)
    #expect(run.stderr.contains("warning: gradient descent did not converge in 50 steps"))
    #expect(run.stderr.contains("relative gradient norm"))
    #expect(run.stderr.contains("--solver normal"))
    let json = try run.json()
    #expect(json["converged"] as? Bool == false)
    #expect(try Tool.doubles(json["loss_history"]).count == 50)
    // 20000 steps at 0.45 converge (relative gradient norm <= 1e-6): no warning.
    let done = try Tool.run([
      "linreg", path, "--target", "progression", "--standardize", "--steps", "20000",
      "--learning-rate", "0.45", "--json",
    ])
    #expect(done.status == 0)
    #expect(done.stderr.isEmpty, "\(done.stderr)")
    #expect(try done.json()["converged"] as? Bool == true)
    let sgd = try Tool.run([
      "linreg", path, "--target", "progression", "--standardize", "--solver", "sgd", "--steps",
      "2", "--learning-rate", "0.001",
    ])
    #expect(sgd.stderr.contains("stochastic gradient descent did not converge in 2 epochs"))
  }

  @Test func divergenceWithStandardizeDoesNotSuggestIt() throws {
    let path = Tool.file("steep-std.csv", "x,y\n100,1\n200,2\n300,2\n400,5\n")
    let run = try Tool.run([
      "linreg", path, "--target", "y", "--standardize", "--learning-rate", "5", "--steps", "10",
    ])
    #expect(run.status == 65)
    #expect(run.stderr.contains("diverged at step 1"), "\(run.stderr)")
    #expect(!run.stderr.contains("--standardize"))
  }

  @Test func float64OverflowIsADataErrorEvenWithJSON() throws {
    let path = Tool.file("huge64.csv", "x\n1e160\n-1e160\n1\n2\n")
    for extra in [[], ["--json"]] {
      let run = try Tool.run(["kmeans", path, "-k", "2"] + extra)
      #expect(run.status == 65)
      #expect(run.stderr.contains(path) && run.stderr.contains("Float64"), "\(run.stderr)")
      #expect(!run.stderr.contains("EncodingError"))
      #expect(run.stdout.isEmpty)
    }
    let pairs = Tool.file("huge64-xy.csv", "x,y\n1e160,1\n2,2\n3,3\n")
    let regression = try Tool.run(["linreg", pairs, "--target", "y", "--json"])
    #expect(regression.status == 65)
    #expect(regression.stderr.contains("Float64"), "\(regression.stderr)")
  }

  @Test func overflowingInertiaIsADataError() throws {
    // 200 rows of +-1.5e153, k = 1: inertia 4.5e308 is beyond Float64.
    let rows = (0..<200).map { $0 % 2 == 0 ? "1.5e153" : "-1.5e153" }
    let path = Tool.file("inertia.csv", "x\n" + rows.joined(separator: "\n") + "\n")
    let run = try Tool.run(["kmeans", path, "-k", "1", "--json"])
    #expect(run.status == 65)
    #expect(run.stderr.contains("inertia is not finite"), "\(run.stderr)")
    #expect(run.stdout.isEmpty)
  }

  @Test func randomInitWarnsAboutDuplicatePoints() throws {
    let path = Tool.file("dupes.csv", "x,y\n0,0\n5,5\n0,0\n5,5\n0,0\n5,5\n")
    let run = try Tool.run(["kmeans", path, "-k", "3", "--init", "random"])
    #expect(run.status == 0)
    #expect(run.stderr.contains("warning: the data have 2 distinct points, fewer than k = 3"))
  }
}
