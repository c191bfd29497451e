/// k-means clustering by Lloyd iterations on one or more compute devices.
///
/// Rows are split into contiguous shards, one per device, in the order given; each device
/// keeps its shard resident in a session, every step runs on all shards at the same time
/// (one thread per device), and the per-shard sums are combined in device order, so the
/// result does not depend on timing.
public enum KMeans {
  /// Clusters the rows of `points` on `devices` (default: the CPU path), `rowsPerDevice`
  /// rows on each (default: equal shares; see `WorkloadPlacement.rowsPerDevice` for shares
  /// in proportion to predicted throughput).
  ///
  /// Complexity: O(iterations x rows x k x columns) on the devices.
  /// - Throws: `WorkloadError.tooManyClusters` when k > rows, `.invalidOption` for options
  ///   out of range or row counts that do not add up, `.initialCentersShape` for given
  ///   centers of the wrong shape, `.emptyData`, `.sharedCores` when two devices that get
  ///   rows run on the same cores; `DataError.float32Overflow` when `Scalar` is `Float` and
  ///   the values (points or given centers) are too large for Float32 squared distances (use
  ///   Float64 data), `DataError.float64Overflow` when they are too large even for Float64
  ///   (see `Float64Range`), `.nonFiniteResult` when the inertia (a sum over all rows) still
  ///   overflows; `DeviceError` when a device fails. With random initialization or
  ///   k-means++, data with fewer than k distinct points give a warning.
  public static func fit<Scalar: MatrixScalar>(
    _ points: Matrix<Scalar>, options: KMeansOptions, on devices: [any ComputeDevice]? = nil,
    rowsPerDevice: [Int]? = nil
  ) throws -> KMeansResult<Scalar> {
    let devices = devices ?? [CPUDevice.host]
    try validate(points, options: options, devices: devices)
    let n = points.rows
    let k = options.clusters
    let shards = try ShardPlan.ranges(rows: n, devices: devices, rowsPerDevice: rowsPerDevice)
    var sessions: [any KMeansSession<Scalar>] = []
    for (device, range) in zip(devices, shards) where !range.isEmpty {
      sessions.append(try device.makeKMeansSession(points: points.rows(range)))
    }
    let runner = ShardRunner(shards: sessions.count)
    let variances = CPUColumnStatistics.meansAndVariances(of: points, on: CPUDevice.host)
      .variances
    let meanVariance = variances.reduce(0, +) / Double(max(variances.count, 1))
    let tolerance = options.tolerance * meanVariance
    // The devices that got rows, in shard order.
    let deviceNames = zip(devices, shards).filter { !$0.1.isEmpty }.map { $0.0.id.description }
      .joined(separator: ",")

    var best: KMeansResult<Scalar>?
    var random = SeededRandom(seed: options.seed)
    let restarts: Int
    if case .given = options.initialization { restarts = 1 } else { restarts = options.restarts }
    for _ in 0..<restarts {
      var warnings: [String] = []
      let initial: [Double]
      switch options.initialization {
      case .given(let centers):
        initial = centers.elements
      case .random:
        initial = KMeansInitialization.random(points, k: k, random: &random)
        let distinct = KMeansInitialization.distinctRows(points, upTo: k)
        if distinct < k {
          warnings.append(
            "the data have \(distinct) distinct points, fewer than k = \(k): some clusters duplicate others"
          )
        }
      case .kMeansPlusPlus:
        let (centers, distinct) = KMeansInitialization.kMeansPlusPlus(
          points, k: k, random: &random)
        if distinct < k {
          warnings.append(
            "the data have \(distinct) distinct points, fewer than k = \(k): some clusters duplicate others"
          )
        }
        initial = centers
      }
      var run = try lloyd(
        points, sessions: sessions, runner: runner, initial: initial, k: k,
        maxIterations: options.maxIterations,
        tolerance: tolerance)
      run.device = deviceNames
      run.warnings = warnings
      if best == nil || run.inertia < best!.inertia { best = run }
    }
    let result = best!
    if !result.inertia.isFinite {
      throw WorkloadError.nonFiniteResult(quantity: "k-means inertia")
    }
    if result.centers.elements.contains(where: { !Double($0).isFinite }) {
      throw WorkloadError.nonFiniteResult(quantity: "k-means center")
    }
    return result
  }

  /// The same as `fit`, run on a dedicated thread so the calling task never blocks a
  /// thread of the cooperative pool.
  public static func fit<Scalar: MatrixScalar>(
    _ points: Matrix<Scalar>, options: KMeansOptions, on devices: [any ComputeDevice]? = nil,
    rowsPerDevice: [Int]? = nil
  ) async throws -> KMeansResult<Scalar> {
    try await runOffCooperativePool {
      try fit(points, options: options, on: devices, rowsPerDevice: rowsPerDevice)
    }
  }

  private static func validate<Scalar: MatrixScalar>(
    _ points: Matrix<Scalar>, options: KMeansOptions, devices: [any ComputeDevice]
  ) throws {
    if devices.isEmpty { throw WorkloadError.noDevices }
    if points.rows == 0 || points.columns == 0 {
      throw WorkloadError.emptyData(rows: points.rows, columns: points.columns)
    }
    if options.clusters < 1 {
      throw WorkloadError.invalidOption(
        name: "k", value: "\(options.clusters)", expected: "at least 1")
    }
    if options.clusters > points.rows {
      throw WorkloadError.tooManyClusters(k: options.clusters, rows: points.rows)
    }
    if options.maxIterations < 1 {
      throw WorkloadError.invalidOption(
        name: "maximum iterations", value: "\(options.maxIterations)", expected: "at least 1")
    }
    if !(options.tolerance >= 0) {
      throw WorkloadError.invalidOption(
        name: "tolerance", value: "\(options.tolerance)", expected: "a number >= 0")
    }
    if options.restarts < 1 {
      throw WorkloadError.invalidOption(
        name: "n-init", value: "\(options.restarts)", expected: "at least 1")
    }
    if case .given(let centers) = options.initialization,
      centers.rows != options.clusters || centers.columns != points.columns
    {
      throw WorkloadError.initialCentersShape(
        rows: centers.rows, columns: centers.columns, expectedRows: options.clusters,
        expectedColumns: points.columns)
    }
    var largest = Float32Range.maxMagnitude(of: points)
    if case .given(let centers) = options.initialization {
      largest = max(largest, Float32Range.maxMagnitude(of: centers))
    }
    if Scalar.precision == .f32 {
      try Float32Range.check(maxMagnitude: largest, columns: points.columns)
    } else {
      try Float64Range.check(maxMagnitude: largest, columns: points.columns)
    }
  }

  /// One step on every shard at once; the partials are added in shard order.
  private static func step<Scalar: MatrixScalar>(
    _ sessions: [any KMeansSession<Scalar>], runner: ShardRunner, centers: Matrix<Scalar>, k: Int,
    d: Int
  ) throws -> KMeansPartial {
    var total = KMeansPartial(clusters: k, dimensions: d)
    let partials = try runner.run(sessions.count) { try sessions[$0].step(centers: centers) }
    for partial in partials { total.add(partial) }
    return total
  }

  private static func lloyd<Scalar: MatrixScalar>(
    _ points: Matrix<Scalar>, sessions: [any KMeansSession<Scalar>], runner: ShardRunner,
    initial: [Double], k: Int,
    maxIterations: Int, tolerance: Double
  ) throws -> KMeansResult<Scalar> {
    let d = points.columns
    var centers = initial
    var strict = false
    var converged = false
    var iterations = 0
    var last = KMeansPartial(clusters: k, dimensions: d)
    for iteration in 0..<maxIterations {
      iterations = iteration + 1
      last = try step(sessions, runner: runner, centers: matrix(centers, k: k, d: d), k: k, d: d)
      var sums = last.sums
      var counts = last.counts
      if counts.contains(0) {
        try relocateEmptyClusters(points, sessions: sessions, sums: &sums, counts: &counts, d: d)
      }
      var shift = 0.0
      for c in 0..<k where counts[c] > 0 {
        for j in 0..<d {
          let value = sums[c * d + j] / Double(counts[c])
          let delta = value - centers[c * d + j]
          shift += delta * delta
          centers[c * d + j] = value
        }
      }
      if iteration > 0 && last.changed == 0 {
        strict = true
        converged = true
        break
      }
      if shift <= tolerance {
        converged = true
        break
      }
    }
    if !strict {
      last = try step(sessions, runner: runner, centers: matrix(centers, k: k, d: d), k: k, d: d)
    }
    var labels: [Int32] = []
    labels.reserveCapacity(points.rows)
    for session in sessions { labels.append(contentsOf: try session.labels()) }
    return KMeansResult(
      centers: matrix(centers, k: k, d: d), labels: labels, inertia: last.inertia,
      iterations: iterations, converged: converged, sizes: last.counts, device: "",
      warnings: [])
  }

  /// scikit-learn's rule: each empty cluster takes the point farthest from its assigned
  /// center (largest first), which leaves its old cluster.
  private static func relocateEmptyClusters<Scalar: MatrixScalar>(
    _ points: Matrix<Scalar>, sessions: [any KMeansSession<Scalar>], sums: inout [Double],
    counts: inout [Int], d: Int
  ) throws {
    var distances: [Double] = []
    var labels: [Int32] = []
    for session in sessions {
      distances.append(contentsOf: try session.distances())
      labels.append(contentsOf: try session.labels())
    }
    let empty = counts.indices.filter { counts[$0] == 0 }
    let order = distances.indices.sorted { a, b in
      distances[a] != distances[b] ? distances[a] > distances[b] : a < b
    }
    for (cluster, row) in zip(empty, order) {
      let old = Int(labels[row])
      for j in 0..<d {
        let value = Double(points[row, j])
        sums[old * d + j] -= value
        sums[cluster * d + j] = value
      }
      counts[old] -= 1
      counts[cluster] = 1
    }
  }

  private static func matrix<Scalar: MatrixScalar>(_ values: [Double], k: Int, d: Int)
    -> Matrix<Scalar>
  {
    Matrix(rows: k, columns: d, elements: values.map { Scalar($0) })
  }
}
