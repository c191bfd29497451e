/// The outcome of a linear-regression fit, in the original units of the features.
public struct LinearRegressionResult: Sendable, Equatable {
  /// One weight per feature.
  public var weights: [Double]
  /// The intercept b.
  public var bias: Double
  /// J at the returned weights, over all rows (Float64).
  public var loss: Double
  /// Gradient steps (or epochs) run; 0 for the normal equations.
  public var steps: Int
  /// Gradient descent: J at the weights before each step, so entry 0 is J at the start
  /// (w = 0, b = 0) and entry i is J after i steps; `steps` entries, and the final J (after
  /// the last step) is not among them but is `loss`. Stochastic: one entry per epoch, J
  /// averaged over the epoch's batches as each batch was seen (the squared residuals of each
  /// batch at the weights before its update, over all rows, plus the penalty at the end of
  /// the epoch). Empty for the normal equations.
  public var lossHistory: [Double]
  /// The devices that ran the gradient passes, e.g. "cpu".
  public var device: String
  /// True when the solver reached the minimum: always for the normal equations; for the
  /// gradient solvers when `relativeGradientNorm` is at most
  /// `LinearRegression.gradientTolerance(for:)`.
  public var converged: Bool = true
  /// |grad J| at the returned weights divided by max(1, |grad J| at the start), both over
  /// all rows and with respect to (w, b) in the solver's coordinates (standardized ones
  /// with `standardize`); 0 for the normal equations.
  public var relativeGradientNorm: Double = 0
}
