/// Errors of the k-means and linear-regression workloads: bad data or bad options.
public enum WorkloadError: AllotError, Equatable {
  /// k is larger than the number of rows.
  case tooManyClusters(k: Int, rows: Int)
  /// An option is out of its valid range (`name`, the value given, what is allowed).
  case invalidOption(name: String, value: String, expected: String)
  /// The data have no rows or no columns.
  case emptyData(rows: Int, columns: Int)
  /// Given initial centers do not have k rows of the data's column count.
  case initialCentersShape(rows: Int, columns: Int, expectedRows: Int, expectedColumns: Int)
  /// The number of targets differs from the number of rows.
  case targetCount(targets: Int, rows: Int)
  /// The normal equations are singular: feature `column` (0-based; `columns` means the
  /// intercept) is a linear combination of the others, or constant.
  case collinearFeatures(column: Int, columns: Int)
  /// No device to run on.
  case noDevices
  /// Two devices given rows of one data-parallel step run on the same cores
  /// (`units`: processing units both use); one of them must get no rows.
  case sharedCores(first: String, second: String, units: [Int])
  /// A gradient solver diverged: after `step` (1-based; an epoch for the stochastic solver)
  /// the loss became infinite or NaN, or (full-batch gradient descent) rose above its
  /// starting value. The learning rate is too large for the scale of the data.
  /// `standardized` says whether the features were already standardized (then the message
  /// does not suggest it).
  case diverged(
    step: Int, learningRate: Double,
    solver: LinearRegressionOptions.Solver = .gradientDescent, standardized: Bool = false)
  /// A result (`quantity`, e.g. "k-means inertia") is infinite or NaN in Float64: the
  /// values of the data are too large for the arithmetic. Never returned as a number.
  case nonFiniteResult(quantity: String)

  /// `.usage` for bad options, `.data` for everything about the data.
  public var category: ErrorCategory {
    switch self {
    case .invalidOption, .noDevices, .sharedCores: return .usage
    default: return .data
    }
  }

  /// One line naming the problem and the numbers involved.
  public var description: String {
    switch self {
    case .tooManyClusters(let k, let rows):
      return "k = \(k) is larger than the \(rows) \(rows == 1 ? "row" : "rows") of the data"
    case .invalidOption(let name, let value, let expected):
      return "invalid \(name) \(value): expected \(expected)"
    case .emptyData(let rows, let columns):
      return "the data are empty (\(rows) rows, \(columns) columns)"
    case .initialCentersShape(let rows, let columns, let expectedRows, let expectedColumns):
      return
        "initial centers are \(rows) x \(columns), expected \(expectedRows) x \(expectedColumns) (k x columns of the data)"
    case .targetCount(let targets, let rows):
      return "\(targets) targets for \(rows) rows"
    case .collinearFeatures(let column, let columns):
      if column >= columns {
        return
          "the normal equations are singular: the features are collinear with the intercept (a constant combination)"
      }
      return
        "the normal equations are singular: feature column \(column) is collinear with the other features (a linear combination of them, or constant)"
    case .noDevices:
      return "no device to run on"
    case .sharedCores(let first, let second, let units):
      let list = units.map(String.init).joined(separator: ", ")
      return
        "devices \(first) and \(second) run on the same cores (processing units \(list)): one step is never split across devices that share cores; give one of them no rows"
    case .diverged(let step, let learningRate, let solver, let standardized):
      let what =
        solver == .stochastic
        ? "stochastic gradient descent diverged in epoch \(step)"
        : "gradient descent diverged at step \(step)"
      let remedy =
        standardized ? "lower --learning-rate" : "lower --learning-rate or use --standardize"
      return
        "\(what) (the loss grows instead of falling): learning rate \(learningRate) is too large for this data; \(remedy)"
    case .nonFiniteResult(let quantity):
      return
        "the \(quantity) is not finite in Float64 (the data are too large for the arithmetic); rescale the data"
    }
  }
}
