/// Settings of a linear-regression fit of y = X w + b minimising
/// J = 1/(2n) sum (x_i.w + b - y_i)^2 + (l2/2) |w|^2.
public struct LinearRegressionOptions: Sendable {
  /// How J is minimised.
  public enum Solver: String, Sendable, CaseIterable {
    /// Full-batch gradient descent: `steps` steps over all rows.
    case gradientDescent = "gd"
    /// Mini-batch stochastic gradient descent: `steps` epochs of shuffled batches.
    case stochastic = "sgd"
    /// The closed form: normal equations solved by Cholesky in Float64.
    case normalEquations = "normal"
  }

  /// The solver.
  public var solver: Solver
  /// Gradient steps (gradient descent) or epochs (stochastic); at least 0.
  public var steps: Int
  /// Step size of the gradient solvers; greater than 0.
  public var learningRate: Double
  /// Rows per batch of the stochastic solver (default 256); at least 1.
  public var batchSize: Int
  /// Ridge penalty l2 >= 0 on the weights (not on the bias).
  public var l2: Double
  /// Scale every feature to mean 0 and standard deviation 1 inside the gradient solvers;
  /// weights are still reported in the original units and J is unchanged (the penalty
  /// stays (l2/2)|w|^2 on the original-unit weights), so only the conditioning changes. The
  /// normal equations centre and scale by themselves and ignore it.
  public var standardize: Bool
  /// Seed of the stochastic solver's shuffles.
  public var seed: UInt64

  /// Options; see the properties for the meaning of each.
  public init(
    solver: Solver = .gradientDescent, steps: Int = 1000, learningRate: Double = 0.01,
    batchSize: Int = 256, l2: Double = 0, standardize: Bool = false, seed: UInt64 = 0
  ) {
    self.solver = solver
    self.steps = steps
    self.learningRate = learningRate
    self.batchSize = batchSize
    self.l2 = l2
    self.standardize = standardize
    self.seed = seed
  }
}
