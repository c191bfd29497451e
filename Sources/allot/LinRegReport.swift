import Allot

/// What `allot linreg` prints: the `--json` object (`weights`, `bias`, `loss`, `steps`,
/// `device`, `loss_history`, `converged`) or a short summary.
struct LinRegReport: Encodable {
  var weights: [Double]
  var bias: Double
  var loss: Double
  var steps: Int
  var device: String
  var lossHistory: [Double]
  var converged: Bool
  /// Not in the JSON: names, sizes and solver for the text summary.
  var featureNames: [String]
  var targetName: String
  var rows: Int
  var solver: LinearRegressionOptions.Solver

  init(
    _ result: LinearRegressionResult, loaded: LoadedRegressionData, rows: Int,
    solver: LinearRegressionOptions.Solver
  ) {
    weights = result.weights
    bias = result.bias
    loss = result.loss
    steps = result.steps
    device = result.device
    lossHistory = result.lossHistory
    converged = result.converged
    featureNames =
      loaded.featureNames ?? loaded.featureColumns.map { "column \($0)" }
    targetName = loaded.targetName ?? "column \(loaded.targetColumn)"
    self.rows = rows
    self.solver = solver
  }

  enum CodingKeys: String, CodingKey {
    case weights, bias, loss, steps, device, converged
    case lossHistory = "loss_history"
  }

  /// A few lines: the fit, one line per weight, the bias and the loss.
  var text: String {
    let how =
      solver == .normalEquations
      ? "normal equations"
      : "\(solver.rawValue), \(steps) \(solver == .stochastic ? "epochs" : "steps")"
        + (converged ? "" : ", not converged")
    var lines = [
      "linear regression of \(targetName) on \(weights.count) features, \(rows) rows (\(how)), on \(device)"
    ]
    let width = max(featureNames.map(\.count).max() ?? 0, 4)
    for (name, weight) in zip(featureNames, weights) {
      lines.append("  " + name.padded(to: width) + "  " + String(weight))
    }
    lines.append("  " + "bias".padded(to: width) + "  " + String(bias))
    lines.append("loss \(loss)")
    return lines.joined(separator: "\n")
  }
}
