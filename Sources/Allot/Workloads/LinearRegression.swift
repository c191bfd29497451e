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
  ///   weights 0), and `.collinearFeatures` when the weighted system is singular.
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
    var means = [Double](repeating: 0, count: d)
    var scales = [Double](repeating: 1, count: d)
    var data = features
    if options.standardize {
      features.withUnsafeBufferPointer { x in
        for index in 0..<(n * d) { means[index % d] += Double(x[index]) }
        for j in 0..<d { means[j] /= Double(n) }
        var variances = [Double](repeating: 0, count: d)
        for index in 0..<(n * d) {
          let delta = Double(x[index]) - means[index % d]
          variances[index % d] += delta * delta
        }
        scales = variances.map { $0 > 0 ? ($0 / Double(n)).squareRoot() : 1 }
      }
      data = standardized(features, means: means, scales: scales)
    }
    let (weights, bias) = try NormalEquations.solve(
      features: data, targets: targets, l2: options.l2, sampleWeights: sampleWeights)
    var originalWeights = weights
    var originalBias = bias
    for j in 0..<d {
      originalWeights[j] = weights[j] / scales[j]
      originalBias -= weights[j] * means[j] / scales[j]
    }
    var squared = 0.0
    features.withUnsafeBufferPointer { x in
      for i in 0..<n where sampleWeights[i] > 0 {
        var r = originalBias - Double(targets[i])
        for j in 0..<d { r += Double(x[i * d + j]) * originalWeights[j] }
        squared += sampleWeights[i] * r * r
      }
    }
    let penalty = 0.5 * options.l2 * weights.reduce(0) { $0 + $1 * $1 }
    return LinearRegressionResult(
      weights: originalWeights, bias: originalBias, loss: squared / (2 * total) + penalty,
      steps: 0, lossHistory: [], device: "cpu")
  }

  /// Fits `targets` (one per row) from `features` on `devices` (default: the CPU path),
  /// `rowsPerDevice` rows on each for the gradient solvers (default: equal shares; see
  /// `WorkloadPlacement.rowsPerDevice`).
  ///
  /// Complexity: O(steps x rows x columns) for the gradient solvers, O(rows x columns^2)
  /// for the normal equations.
  /// - Throws: `WorkloadError.targetCount`, `.emptyData`, `.invalidOption` (also for row
  ///   counts that do not add up), `.sharedCores` when two devices that get rows run on the
  ///   same cores, and `.collinearFeatures` when the normal equations are singular,
  ///   `.diverged` when a gradient solver diverges (non-finite loss, or gd's loss above its
  ///   start); `DataError.float32Overflow` when `Scalar` is `Float` and the features or
  ///   targets are too large for Float32 residuals (use Float64 data); `DeviceError` when a
  ///   device fails.
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
    var means = [Double](repeating: 0, count: d)
    var scales = [Double](repeating: 1, count: d)
    var data = features
    if options.standardize {
      let statistics = CPUColumnStatistics.meansAndVariances(of: features, on: CPUDevice.host)
      means = statistics.means
      scales = statistics.variances.map { $0 > 0 ? $0.squareRoot() : 1 }
      data = standardized(features, means: means, scales: scales)
    }
    var targetStore = targets
    if options.solver == .stochastic {
      var random = SeededRandom(seed: options.seed)
      var order = Array(0..<n)
      order.shuffle(using: &random)
      data = permuted(data, order: order)
      targetStore = order.map { targets[$0] }
    }
    // The devices that got rows, in shard order.
    let name = zip(devices, shards).filter { !$0.1.isEmpty }.map { $0.0.id.description }
      .joined(separator: ",")
    var weights: [Double]
    var bias: Double
    var history: [Double] = []
    var steps = 0
    switch options.solver {
    case .normalEquations:
      (weights, bias) = try NormalEquations.solve(
        features: data, targets: targetStore, l2: options.l2)
    case .gradientDescent, .stochastic:
      var sessions: [(any GradientSession<Scalar>, Range<Int>)] = []
      for (device, range) in zip(devices, shards) where !range.isEmpty {
        let session = try device.makeGradientSession(
          features: data.rows(range), targets: Array(targetStore[range]))
        sessions.append((session, range))
      }
      let runner = ShardRunner(shards: sessions.count)
      weights = [Double](repeating: 0, count: d)
      bias = 0
      steps = options.steps
      if options.solver == .gradientDescent {
        for _ in 0..<options.steps {
          let partial = try gradient(
            sessions, runner: runner, weights: weights, bias: bias, rows: 0..<n)
          let current = loss(partial, weights: weights, l2: options.l2)
          // Full-batch steps with a small enough rate never raise J; above its start the
          // iteration is diverging (the rate exceeds 2 / the largest curvature).
          guard current.isFinite, current <= (history.first ?? current) else {
            throw WorkloadError.diverged(step: history.count, learningRate: options.learningRate)
          }
          history.append(current)
          update(&weights, &bias, partial, options: options)
        }
      } else {
        var random = SeededRandom(seed: options.seed &+ 1)
        let batch = options.batchSize
        var batches = stride(from: 0, to: n, by: batch).map { $0..<min(n, $0 + batch) }
        for _ in 0..<options.steps {
          batches.shuffle(using: &random)
          var squared = 0.0
          for rows in batches {
            let partial = try gradient(
              sessions, runner: runner, weights: weights, bias: bias, rows: rows)
            squared += partial.squaredResidualSum
            update(&weights, &bias, partial, options: options)
          }
          let penalty = 0.5 * options.l2 * weights.reduce(0) { $0 + $1 * $1 }
          let current = squared / (2 * Double(n)) + penalty
          guard current.isFinite else {
            throw WorkloadError.diverged(step: history.count, learningRate: options.learningRate)
          }
          history.append(current)
        }
      }
    }
    // Back to original units: w = w' / s, b = b' - sum w' m / s.
    var originalWeights = weights
    var originalBias = bias
    for j in 0..<d {
      originalWeights[j] = weights[j] / scales[j]
      originalBias -= weights[j] * means[j] / scales[j]
    }
    let finalLoss = try lossOver(
      features: features, targets: targets, weights: originalWeights, bias: originalBias,
      l2Weights: weights, l2: options.l2, devices: devices)
    if !finalLoss.isFinite || !originalBias.isFinite
      || originalWeights.contains(where: { !$0.isFinite })
    {
      throw WorkloadError.diverged(step: steps, learningRate: options.learningRate)
    }
    return LinearRegressionResult(
      weights: originalWeights, bias: originalBias, loss: finalLoss, steps: steps,
      lossHistory: history, device: name)
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
    if Scalar.precision == .f32 {
      var largest = Float32Range.maxMagnitude(of: features)
      for value in targets where Double(value.magnitude) > largest {
        largest = Double(value.magnitude)
      }
      try Float32Range.check(maxMagnitude: largest, columns: features.columns + 1)
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

  private static func loss(_ partial: GradientPartial, weights: [Double], l2: Double) -> Double {
    let penalty = 0.5 * l2 * weights.reduce(0) { $0 + $1 * $1 }
    return partial.squaredResidualSum / (2 * Double(max(partial.rows, 1))) + penalty
  }

  private static func update(
    _ weights: inout [Double], _ bias: inout Double, _ partial: GradientPartial,
    options: LinearRegressionOptions
  ) {
    let m = Double(max(partial.rows, 1))
    for j in weights.indices {
      weights[j] -= options.learningRate * (partial.weightSums[j] / m + options.l2 * weights[j])
    }
    bias -= options.learningRate * partial.residualSum / m
  }

  /// J over all rows at the given weights (original units); the penalty uses the weights
  /// the solver penalised (the standardized ones when standardizing).
  private static func lossOver<Scalar: MatrixScalar>(
    features: Matrix<Scalar>, targets: [Scalar], weights: [Double], bias: Double,
    l2Weights: [Double], l2: Double, devices: [any ComputeDevice]
  ) throws -> Double {
    let session = try CPUDevice.host.makeGradientSession(features: features, targets: targets)
    let partial = try session.gradient(
      weights: weights.map { Scalar($0) }, bias: Scalar(bias), range: nil)
    return loss(partial, weights: l2Weights, l2: l2)
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
