import Allot
import Foundation

/// `allot linreg INPUT --target COL ...`: loads the data, fits y = X w + b, prints the result.
enum LinRegCommand {
  static let usage = """
    usage: allot linreg INPUT --target COL [--features LIST] [--solver gd|sgd|normal]
        [--steps 1000] [--learning-rate 0.01] [--batch-size B] [--l2 0] [--standardize]
        [--seed 0] [--device auto|cpu|opencl|opencl:N] [--missing error|drop] [--no-header]
        [--precision auto|f32|f64] [--trace FILE] [--json]

      INPUT              a CSV/TSV file (header detected) or a .npy array, one sample per row
      --target COL       the column to predict (name or 0-based index)
      --features LIST    feature columns (names, indices, ranges a-b); default: all others
      --solver           gd (full-batch gradient descent, default), sgd (shuffled
                         mini-batches) or normal (closed form, Cholesky in Float64)
      --steps N          gradient steps, or epochs for sgd (default 1000)
      --learning-rate X  step size of gd and sgd (default 0.01)
      --batch-size B     rows per sgd batch (default 256)
      --l2 X             ridge penalty (l2/2)|w|^2 (default 0)
      --standardize      scale features to mean 0, deviation 1 inside the solver; weights
                         are reported in the original units and the answer (with --l2
                         too) does not change, only the conditioning
      --seed N           seed of the sgd shuffles (default 0)
      --device D         where to run (default auto)
      --missing          error (default) or drop rows with missing values (empty, NA, NaN)
      --no-header        the first line of INPUT is data
      --precision        auto (follow the input), f32 or f64
      --trace FILE       write a Chrome trace-event JSON of the passes run on each device
      --json             print one JSON object: weights, bias, loss, steps, device,
                         loss_history, converged

    A gradient solver that stops before the minimum (relative gradient norm above its
    tolerance) prints a warning on stderr and reports converged false.
    """

  static func run(_ arguments: [String]) throws -> Int32 {
    if arguments.contains("--help") || arguments.contains("-h") {
      print(usage)
      return 0
    }
    let parsed = try CommandOptions.parse(
      arguments, command: "linreg",
      options: [
        "--target", "--features", "--solver", "--steps", "--learning-rate", "--batch-size",
        "--l2",
      ],
      flags: ["--standardize"])
    let input = try parsed.singlePositional("input file")
    guard let target = parsed.value("--target") else {
      throw UsageError(message: "missing --target COL (the column to predict)")
    }
    let load = try CommandOptions.loadOptions(parsed, columns: nil)
    let features = try parsed.value("--features").map(ColumnSelection.init(parsing:))
    let options = LinearRegressionOptions(
      solver: try parsed.value("--solver", default: .gradientDescent) {
        LinearRegressionOptions.Solver(rawValue: $0)
      },
      steps: try parsed.value("--steps", default: 1000) { Int($0) },
      learningRate: try parsed.value("--learning-rate", default: 0.01) { Double($0) },
      batchSize: try parsed.value("--batch-size", default: 256) { Int($0) },
      l2: try parsed.value("--l2", default: 0) { Double($0) },
      standardize: parsed.has("--standardize"),
      seed: try CommandOptions.seed(parsed))
    CommandOptions.printWarnings(Self.ignoredOptions(parsed, solver: options.solver))
    let choice = try CommandOptions.deviceChoice(parsed)
    let context = try CommandOptions.context(parsed, validating: choice)
    try CommandOptions.checkOutputs(parsed)

    let loaded = try DataLoader.loadRegression(
      path: input, target: target, features: features, options: load)
    CommandOptions.reportDropped(loaded.droppedRows, path: input, policy: load.missing)
    let result: LinearRegressionResult
    let rows: Int
    do {
      switch loaded.data {
      case .f32(let data):
        rows = data.features.rows
        let device = try CommandOptions.device(
          context, choice, gradient: data.features, options: options)
        result = try LinearRegression.fit(
          features: data.features, targets: data.target, options: options, on: [device])
      case .f64(let data):
        rows = data.features.rows
        let device = try CommandOptions.device(
          context, choice, gradient: data.features, options: options)
        result = try LinearRegression.fit(
          features: data.features, targets: data.target, options: options, on: [device])
      }
    } catch let error as WorkloadError where error.category == .data {
      var note: String?
      if case .collinearFeatures(let column, let count) = error, column < count {
        let name = loaded.featureNames?[column] ?? "column \(loaded.featureColumns[column])"
        note = "feature \(column) is \(name), file column \(loaded.featureColumns[column])"
      }
      throw InputFileError(path: input, error: error, note: note)
    } catch let error as DataError {
      if case .float32Overflow(let path, let largest, let count) = error, path.isEmpty {
        throw DataError.float32Overflow(path: input, maxMagnitude: largest, columns: count)
      }
      if case .float64Overflow(let path, let largest, let count) = error, path.isEmpty {
        throw DataError.float64Overflow(path: input, maxMagnitude: largest, columns: count)
      }
      throw error
    }
    if let warning = convergenceWarning(result, solver: options.solver) {
      CommandOptions.printWarnings([warning])
    }
    try CommandOptions.finish(context, parsed)
    let report = LinRegReport(result, loaded: loaded, rows: rows, solver: options.solver)
    print(parsed.has("--json") ? try CommandOptions.json(report) : report.text)
    return 0
  }

  /// One warning per given option that `solver` does not use: the normal equations take no
  /// steps, learning rate or batch size; full-batch gradient descent has no batch size.
  static func ignoredOptions(_ parsed: Arguments, solver: LinearRegressionOptions.Solver)
    -> [String]
  {
    let unused: [String]
    switch solver {
    case .normalEquations: unused = ["--steps", "--learning-rate", "--batch-size"]
    case .gradientDescent: unused = ["--batch-size"]
    case .stochastic: unused = []
    }
    return unused.filter { parsed.value($0) != nil }.map {
      "\($0) has no effect with --solver \(solver.rawValue)"
    }
  }

  /// The one-line warning for a gradient solver that stopped before the minimum, or nil.
  static func convergenceWarning(
    _ result: LinearRegressionResult, solver: LinearRegressionOptions.Solver
  ) -> String? {
    guard !result.converged, solver != .normalEquations else { return nil }
    let norm = String(format: "%.1e", result.relativeGradientNorm)
    let what =
      solver == .stochastic
      ? "stochastic gradient descent did not converge in \(result.steps) epochs"
      : "gradient descent did not converge in \(result.steps) steps"
    return
      "\(what) (relative gradient norm \(norm)); raise --steps or --learning-rate, or use --solver normal"
  }
}
