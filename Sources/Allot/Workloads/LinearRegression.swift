/// Linear regression by gradient descent, stochastic gradient descent or the normal
/// equations. Each gradient step reads the features once: every row's residual is used
/// at once (one pass), on every device's shard at the same time (one thread per device),
/// combined in device order.
public enum LinearRegression {
  /// Fits `targets` from `features` by weighted least squares: J = 1/(2V) sum v_i
  /// (x_i.w + b - y_i)^2 + (l2/2) |w|^2 with V = sum v_i, `sampleWeights` holding one
  /// weight v_i >= 0 per row (a row of weight 0 is ignored). Only the normal-equations
  /// solver takes weights; it runs on the host in Float64 and touches no device.
  ///
  /// Complexity: O(rows x columns^2 + columns^3).
  /// - Throws: `WorkloadError.targetCount`, `.emptyData`, `.invalidOption` (another solver,
  ///   a weight count that differs from the rows, a negative or non-finite weight, all
  ///   weights 0), `.collinearFeatures` when the weighted system is singular,
  ///   `.nonFiniteResult` when a result overflows Float64; `DataError.float32Overflow` /
  ///   `.float64Overflow` for values too large for the arithmetic.
  public static func fit<Scalar: MatrixScalar>(
    features: Matrix<Scalar>, targets: [Scalar], sampleWeights: [Double],
    options: LinearRegressionOptions
  ) throws -> LinearRegressionResult {
    try validateData(features, targets: targets, options: options)
    let n = features.rows
    let d = features.columns
    if options.solver != .normalEquations {
      throw WorkloadError.invalidOption(
        name: "solver", value: options.solver.rawValue,
        expected: "\"normal\" (only the normal equations take sample weights)")
    }
    if sampleWeights.count != n {
      throw WorkloadError.invalidOption(
        name: "sample weights", value: "\(sampleWeights.count) weights",
        expected: "one weight per row (\(n))")
    }
    if let bad = sampleWeights.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
      throw WorkloadError.invalidOption(
        name: "sample weight", value: "\(sampleWeights[bad]) at row \(bad)",
        expected: "a finite number >= 0")
    }
    let total = sampleWeights.reduce(0, +)
    if !(total > 0) {
      throw WorkloadError.invalidOption(
        name: "sample weights", value: "all 0", expected: "at least one weight > 0")
    }
    // The solver centres and equilibrates the features itself (weighted), which is what
    // standardizing would do, so `standardize` changes nothing here.
    let (weights, bias) = try NormalEquations.solve(
      features: features, targets: targets, l2: options.l2, sampleWeights: sampleWeights)
    var squared = 0.0
    features.withUnsafeBufferPointer { x in
      for i in 0..<n where sampleWeights[i] > 0 {
        var r = bias - Double(targets[i])
        for j in 0..<d { r += Double(x[i * d + j]) * weights[j] }
        squared += sampleWeights[i] * r * r
      }
    }
    let penalty = 0.5 * options.l2 * weights.reduce(0) { $0 + $1 * $1 }
    let loss = squared / (2 * total) + penalty
    try checkFinite(weights: weights, bias: bias, loss: loss)
    return LinearRegressionResult(
      weights: weights, bias: bias, loss: loss, steps: 0, lossHistory: [], device: "cpu")
  }

  /// Fits `targets` (one per row) from `features` on `devices` (default: the CPU path),
  /// `rowsPerDevice` rows on each for the gradient solvers (default: equal shares; see
  /// `WorkloadPlacement.rowsPerDevice`).
  ///
  /// Complexity: O(steps x rows x columns) for the gradient solvers, O(rows x columns^2)
  /// for the normal equations.
  /// - Throws: `WorkloadError.targetCount`, `.emptyData`, `.invalidOption` (also for row
  ///   counts that do not add up), `.sharedCores` when two devices that get rows run on the
  ///   same cores, and `.collinearFeatures` when the normal equations are singular (a constant feature
  ///   without l2, or a linear combination of others; scale and offset do not matter),
  ///   `.diverged` when a gradient solver diverges (non-finite loss, or gd's loss above its
  ///   start), `.nonFiniteResult` when a result overflows Float64;
  ///   `DataError.float32Overflow` when `Scalar` is `Float` and the features or targets are
  ///   too large for Float32 residuals (use Float64 data), `DataError.float64Overflow` when
  ///   they are too large even for Float64 (see `Float64Range`); `DeviceError` when a
  ///   device fails. A gradient solver that runs out of steps before the minimum is not an
  ///   error: the result says `converged == false`.
  public static func fit<Scalar: MatrixScalar>(
    features: Matrix<Scalar>, targets: [Scalar], options: LinearRegressionOptions,
    on devices: [any ComputeDevice]? = nil, rowsPerDevice: [Int]? = nil
  ) throws -> LinearRegressionResult {
    let devices = devices ?? [CPUDevice.host]
    try validate(features, targets: targets, options: options, devices: devices)
    let shards = try ShardPlan.ranges(
      rows: features.rows, devices: devices, rowsPerDevice: rowsPerDevice)
    let n = features.rows
    let d = features.columns
    // The devices that got rows, in shard order.
    let name = zip(devices, shards).filter { !$0.1.isEmpty }.map { $0.0.id.description }
      .joined(separator: ",")
    if options.solver == .normalEquations {
      // The solver centres and equilibrates the features itself, which is what
      // standardizing would do, so `standardize` changes nothing here.
      let (weights, bias) = try NormalEquations.solve(
        features: features, targets: targets, l2: options.l2)
      let finalLoss = try lossOver(
        features: features, targets: targets, weights: weights, bias: bias, l2: options.l2)
      try checkFinite(weights: weights, bias: bias, loss: finalLoss)
      return LinearRegressionResult(
        weights: weights, bias: bias, loss: finalLoss, steps: 0, lossHistory: [], device: name,
        converged: true, relativeGradientNorm: 0)
    }
    var means = [Double](repeating: 0, count: d)
    var scales = [Double](repeating: 1, count: d)
    var data = features
    if options.standardize {
      let statistics = CPUColumnStatistics.meansAndVariances(of: features, on: CPUDevice.host)
      means = statistics.means
      scales = statistics.variances.map { $0 > 0 ? $0.squareRoot() : 1 }
      data = standardized(features, means: means, scales: scales)
    }
    // J in original units: (l2/2) |w|^2 = (l2/2) sum (w'_j / s_j)^2 in standardized
    // coordinates w' = w s, so feature j's penalty there is l2 / s_j^2.
    let penalties = scales.map { options.l2 / ($0 * $0) }
    var targetStore = targets
    if options.solver == .stochastic {
      var random = SeededRandom(seed: options.seed)
      var order = Array(0..<n)
      order.shuffle(using: &random)
      data = permuted(data, order: order)
      targetStore = order.map { targets[$0] }
    }
    var sessions: [(any GradientSession<Scalar>, Range<Int>)] = []
    for (device, range) in zip(devices, shards) where !range.isEmpty {
      let session = try device.makeGradientSession(
        features: data.rows(range), targets: Array(targetStore[range]))
      sessions.append((session, range))
    }
    let runner = ShardRunner(shards: sessions.count)
    func divergedAt(_ step: Int) -> WorkloadError {
      .diverged(
        step: step, learningRate: options.learningRate, solver: options.solver,
        standardized: options.standardize)
    }
    var weights = [Double](repeating: 0, count: d)
    var bias = 0.0
    var history: [Double] = []
    var initialGradient = 0.0
    if options.solver == .gradientDescent {
      for step in 0..<options.steps {
        let partial = try gradient(
          sessions, runner: runner, weights: weights, bias: bias, rows: 0..<n)
        let current = loss(partial, weights: weights, penalties: penalties)
        if step == 0 {
          guard current.isFinite else { throw WorkloadError.nonFiniteResult(quantity: "loss") }
          initialGradient = gradientNorm(partial, weights: weights, penalties: penalties)
        }
        // Full-batch steps with a small enough rate never raise J; above its start the
        // iteration is diverging (the rate exceeds 2 / the largest curvature). J here is
        // the loss after `step` steps.
        guard current.isFinite, current <= (history.first ?? current) else {
          throw divergedAt(step)
        }
        history.append(current)
        update(&weights, &bias, partial, penalties: penalties, rate: options.learningRate)
      }
    } else {
      var random = SeededRandom(seed: options.seed &+ 1)
      let batch = options.batchSize
      var batches = stride(from: 0, to: n, by: batch).map { $0..<min(n, $0 + batch) }
      if options.steps > 0 {
        // |grad J| at the start, over all rows on the host (untraced, off the devices).
        let start = try hostPass(features, targets, weights: weights, bias: bias)
        initialGradient = solverGradientNorm(
          start, weights: weights, penalties: penalties, means: means, scales: scales)
      }
      for epoch in 0..<options.steps {
        batches.shuffle(using: &random)
        var squared = 0.0
        for rows in batches {
          let partial = try gradient(
            sessions, runner: runner, weights: weights, bias: bias, rows: rows)
          squared += partial.squaredResidualSum
          update(&weights, &bias, partial, penalties: penalties, rate: options.learningRate)
        }
        let current = squared / (2 * Double(n)) + penalty(weights, penalties)
        guard current.isFinite else { throw divergedAt(epoch + 1) }
        history.append(current)
      }
    }
    // Back to original units: w = w' / s, b = b' - sum w' m / s.
    var originalWeights = weights
    var originalBias = bias
    for j in 0..<d {
      originalWeights[j] = weights[j] / scales[j]
      originalBias -= weights[j] * means[j] / scales[j]
    }
    // J and |grad J| over all rows at the final weights: one pass on the host (untraced).
    let last = try hostPass(features, targets, weights: originalWeights, bias: originalBias)
    let finalLoss = loss(
      last, weights: originalWeights, penalties: [Double](repeating: options.l2, count: d))
    let finalGradient = solverGradientNorm(
      last, weights: weights, penalties: penalties, means: means, scales: scales)
    if options.steps == 0 { initialGradient = finalGradient }
    // The last step raising J above its start (beyond rounding) is divergence too.
    let start = history.first ?? finalLoss
    if !finalLoss.isFinite || !finalGradient.isFinite || !originalBias.isFinite
      || originalWeights.contains(where: { !$0.isFinite })
      || (options.solver == .gradientDescent && finalLoss > start + 1e-6 * abs(start))
    {
      throw divergedAt(options.steps)
    }
    let relative = finalGradient / max(1, initialGradient)
    return LinearRegressionResult(
      weights: originalWeights, bias: originalBias, loss: finalLoss, steps: options.steps,
      lossHistory: history, device: name,
      converged: relative <= gradientTolerance(solver: options.solver, precision: Scalar.precision),
      relativeGradientNorm: relative)
  }

  /// The largest relative gradient norm (see `LinearRegressionResult.relativeGradientNorm`)
  /// at which a gradient solver counts as converged: 1e-6 for gradient descent in Float64,
  /// 1e-4 in Float32 (whose residuals carry rounding noise of about 1e-7 relative), and
  /// 1e-2 for the stochastic solver, whose constant step leaves the weights moving in a
  /// small neighbourhood of the minimum. 0 for the normal equations (always converged).
  public static func gradientTolerance(
    solver: LinearRegressionOptions.Solver, precision: Precision
  ) -> Double {
    switch solver {
    case .normalEquations: return 0
    case .stochastic: return 1e-2
    case .gradientDescent: return precision == .f32 ? 1e-4 : 1e-6
    }
  }

  /// The same as `fit`, run on a dedicated thread so the calling task never blocks a
  /// thread of the cooperative pool.
  public static func fit<Scalar: MatrixScalar>(
    features: Matrix<Scalar>, targets: [Scalar], options: LinearRegressionOptions,
    on devices: [any ComputeDevice]? = nil, rowsPerDevice: [Int]? = nil
  ) async throws -> LinearRegressionResult {
    try await runOffCooperativePool {
      try fit(
        features: features, targets: targets, options: options, on: devices,
        rowsPerDevice: rowsPerDevice)
    }
  }

  private static func validate<Scalar: MatrixScalar>(
    _ features: Matrix<Scalar>, targets: [Scalar], options: LinearRegressionOptions,
    devices: [any ComputeDevice]
  ) throws {
    if devices.isEmpty { throw WorkloadError.noDevices }
    try validateData(features, targets: targets, options: options)
  }

  private static func validateData<Scalar: MatrixScalar>(
    _ features: Matrix<Scalar>, targets: [Scalar], options: LinearRegressionOptions
  ) throws {
    if features.rows == 0 || features.columns == 0 {
      throw WorkloadError.emptyData(rows: features.rows, columns: features.columns)
    }
    if targets.count != features.rows {
      throw WorkloadError.targetCount(targets: targets.count, rows: features.rows)
    }
    if options.steps < 0 {
      throw WorkloadError.invalidOption(
        name: "steps", value: "\(options.steps)", expected: "at least 0")
    }
    if !(options.learningRate > 0) || !options.learningRate.isFinite {
      throw WorkloadError.invalidOption(
        name: "learning rate", value: "\(options.learningRate)", expected: "a number > 0")
    }
    if options.batchSize < 1 {
      throw WorkloadError.invalidOption(
        name: "batch size", value: "\(options.batchSize)", expected: "at least 1")
    }
    if !(options.l2 >= 0) || !options.l2.isFinite {
      throw WorkloadError.invalidOption(
        name: "l2", value: "\(options.l2)", expected: "a number >= 0")
    }
    var largest = Float32Range.maxMagnitude(of: features)
    for value in targets where Double(value.magnitude) > largest {
      largest = Double(value.magnitude)
    }
    if Scalar.precision == .f32 {
      try Float32Range.check(maxMagnitude: largest, columns: features.columns + 1)
    } else {
      try Float64Range.check(maxMagnitude: largest, columns: features.columns + 1)
    }
  }

  /// One gradient pass over `rows` on every shard that holds some of them, at the same
  /// time; the partials are added in shard order.
  private static func gradient<Scalar: MatrixScalar>(
    _ sessions: [(any GradientSession<Scalar>, Range<Int>)], runner: ShardRunner,
    weights: [Double], bias: Double, rows: Range<Int>
  ) throws -> GradientPartial {
    let w = weights.map { Scalar($0) }
    var work: [(any GradientSession<Scalar>, Range<Int>)] = []
    for (session, range) in sessions {
      let lower = max(rows.lowerBound, range.lowerBound)
      let upper = min(rows.upperBound, range.upperBound)
      if lower < upper {
        work.append((session, (lower - range.lowerBound)..<(upper - range.lowerBound)))
      }
    }
    let partials = try runner.run(work.count) {
      try work[$0].0.gradient(weights: w, bias: Scalar(bias), range: work[$0].1)
    }
    var total = GradientPartial(features: weights.count)
    for partial in partials { total.add(partial) }
    return total
  }

  private static func penalty(_ weights: [Double], _ penalties: [Double]) -> Double {
    var total = 0.0
    for j in weights.indices { total += penalties[j] * weights[j] * weights[j] }
    return 0.5 * total
  }

  /// J of a pass: its squared residuals over its rows plus the per-feature penalty.
  private static func loss(_ partial: GradientPartial, weights: [Double], penalties: [Double])
    -> Double
  {
    partial.squaredResidualSum / (2 * Double(max(partial.rows, 1))) + penalty(weights, penalties)
  }

  /// |grad J| with respect to (w, b) from a pass over its rows.
  private static func gradientNorm(
    _ partial: GradientPartial, weights: [Double], penalties: [Double]
  ) -> Double {
    let m = Double(max(partial.rows, 1))
    let b = partial.residualSum / m
    var squared = b * b
    for j in weights.indices {
      let g = partial.weightSums[j] / m + penalties[j] * weights[j]
      squared += g * g
    }
    return squared.squareRoot()
  }

  private static func update(
    _ weights: inout [Double], _ bias: inout Double, _ partial: GradientPartial,
    penalties: [Double], rate: Double
  ) {
    let m = Double(max(partial.rows, 1))
    for j in weights.indices {
      weights[j] -= rate * (partial.weightSums[j] / m + penalties[j] * weights[j])
    }
    bias -= rate * partial.residualSum / m
  }

  /// One gradient pass over all rows on the host at weights in original units (untraced;
  /// the normal equations and the final checks use it).
  private static func hostPass<Scalar: MatrixScalar>(
    _ features: Matrix<Scalar>, _ targets: [Scalar], weights: [Double], bias: Double
  ) throws -> GradientPartial {
    let session = try CPUDevice.host.makeGradientSession(features: features, targets: targets)
    return try session.gradient(weights: weights.map { Scalar($0) }, bias: Scalar(bias), range: nil)
  }

  /// J over all rows at the given weights, in original units (penalty (l2/2)|w|^2).
  private static func lossOver<Scalar: MatrixScalar>(
    features: Matrix<Scalar>, targets: [Scalar], weights: [Double], bias: Double, l2: Double
  ) throws -> Double {
    let partial = try hostPass(features, targets, weights: weights, bias: bias)
    return loss(
      partial, weights: weights, penalties: [Double](repeating: l2, count: weights.count))
  }

  /// |grad J| with respect to the solver's coordinates (w', b') = (w s, b + sum w m) from a
  /// pass in original units, where feature j was standardized as (x_j - m_j) / s_j: the
  /// residuals are the same, so dJ/db' = mean(r) and dJ/dw'_j = (mean(r x_j) - m_j mean(r))
  /// / s_j + penalty_j w'_j.
  private static func solverGradientNorm(
    _ partial: GradientPartial, weights: [Double], penalties: [Double], means: [Double],
    scales: [Double]
  ) -> Double {
    let m = Double(max(partial.rows, 1))
    let b = partial.residualSum / m
    var squared = b * b
    for j in weights.indices {
      let g = (partial.weightSums[j] / m - means[j] * b) / scales[j] + penalties[j] * weights[j]
      squared += g * g
    }
    return squared.squareRoot()
  }

  /// Throws unless the weights, the bias and the loss are all finite.
  private static func checkFinite(weights: [Double], bias: Double, loss: Double) throws {
    if weights.contains(where: { !$0.isFinite }) {
      throw WorkloadError.nonFiniteResult(quantity: "regression weight")
    }
    if !bias.isFinite { throw WorkloadError.nonFiniteResult(quantity: "regression bias") }
    if !loss.isFinite { throw WorkloadError.nonFiniteResult(quantity: "regression loss") }
  }

  private static func standardized<Scalar: MatrixScalar>(
    _ features: Matrix<Scalar>, means: [Double], scales: [Double]
  ) -> Matrix<Scalar> {
    let d = features.columns
    var copy = Matrix<Scalar>(rows: features.rows, columns: d)
    copy.withUnsafeMutableBufferPointer { target in
      features.withUnsafeBufferPointer { source in
        for index in 0..<source.count {
          let j = index % d
          target[index] = Scalar((Double(source[index]) - means[j]) / scales[j])
        }
      }
    }
    return copy
  }

  private static func permuted<Scalar: MatrixScalar>(_ features: Matrix<Scalar>, order: [Int])
    -> Matrix<Scalar>
  {
    let d = features.columns
    var copy = Matrix<Scalar>(rows: features.rows, columns: d)
    copy.withUnsafeMutableBufferPointer { target in
      features.withUnsafeBufferPointer { source in
        for (row, from) in order.enumerated() {
          for j in 0..<d { target[row * d + j] = source[from * d + j] }
        }
      }
    }
    return copy
  }
}
