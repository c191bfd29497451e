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
  /// J before each gradient step (gradient descent), or the mean batch loss of each epoch
  /// (stochastic); empty for the normal equations.
  public var lossHistory: [Double]
  /// The devices that ran the gradient passes, e.g. "cpu".
  public var device: String
}
