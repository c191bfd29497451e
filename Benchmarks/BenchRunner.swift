import Allot

/// Runs `allot bench`: every selected workload on every selected device, each problem's data
/// generated (or loaded) once and reused across devices; then the scheduler's overhead and
/// the placement policies; and returns the report.
public struct BenchRunner {
  /// What to run.
  public var configuration: BenchConfiguration
  /// Called with a one-line description of what runs now (for a progress line).
  public var progress: (String) -> Void
  /// Receives one slice per timed iteration when set.
  public var trace: TraceRecorder?

  private let origin = BenchClock.now()

  /// A runner for `configuration`, silent, without trace.
  public init(
    configuration: BenchConfiguration, progress: @escaping (String) -> Void = { _ in },
    trace: TraceRecorder? = nil
  ) {
    self.configuration = configuration
    self.progress = progress
    self.trace = trace
  }

  /// Runs everything and returns the report; a failed check is reported in the result's
  /// `check`, not thrown.
  /// - Throws: `TopologyError` when the machine cannot be read, `DeviceError` when a named
  ///   device cannot be opened or fails, `BenchError.noDevice` when no device is left,
  ///   `DataError` or `BenchError.unsuitableData` for a bad `--data` file,
  ///   `BenchError.cannotWrite` for `--save-data`, `SchedulingError` for a bad simulated
  ///   machine.
  public func run() throws -> BenchReport {
    let topology = try Topology.discover()
    let opener = BenchDeviceOpener(
      topology: topology, saved: configuration.calibrationStore.loadSaved())
    var notes: [String] = []
    // Named devices are opened before any data is made, so that a wrong --device fails
    // first; `auto` is chosen for each problem (its size decides).
    var fixedTargets: [BenchTarget] = []
    if !configuration.workloads.isEmpty, configuration.devices != .single(.auto) {
      let opened = try opener.fixedTargets(for: configuration.devices)
      fixedTargets = opened.targets
      notes += opened.skipped.map { "skipped \($0)" }
      guard !fixedTargets.isEmpty else {
        throw BenchError.noDevice(
          selection: configuration.devices.description, skipped: opened.skipped)
      }
    }
    if configuration.dataFile == nil {
      for shape in configuration.shapes where configuration.workloads.contains(shape.workload) {
        let bytes = shape.dataBytes(elementBytes: MemoryLayout<Float>.size)
        if bytes.map({ $0 > topology.usableMemoryBytes }) ?? true {
          throw BenchError.shapeTooLarge(
            shape: describe(shape), bytes: bytes, usableBytes: topology.usableMemoryBytes)
        }
      }
    }
    let steps = configuration.repeats + 1
    let targets: (BenchShape, Int) throws -> [BenchTarget] = { shape, elementBytes in
      guard configuration.devices == .single(.auto) else { return fixedTargets }
      return [
        try opener.automaticTarget(
          kernel: shape.kernel, size: shape.problemSize(elementBytes: elementBytes), steps: steps)
      ]
    }
    progress("measuring the machine's limits")
    let limits = BenchLimits.resolve(
      store: configuration.calibrationStore,
      threads: max(1, topology.allowedProcessingUnits.count),
      seconds: configuration.limitSeconds)
    if let warning = limits.warning { notes.append(warning) }
    if limits.source == "measured" {
      notes.append(
        "limits measured on the spot (no calibration for this machine; run `allot calibrate`)")
    }
    let saver = try configuration.saveDataDirectory.map { try BenchDataSaver(directory: $0) }
    var results: [BenchReport.WorkloadResult] = []
    if let path = configuration.dataFile {
      results += try runDataFile(path, targets: targets, limits: limits, saver: saver)
    } else {
      for shape in configuration.shapes where configuration.workloads.contains(shape.workload) {
        progress("generating \(describe(shape))")
        let problem = generate(shape)
        try saver?.save(problem, shape: shape, iterations: configuration.repeats + 1)
        for target in try targets(shape, MemoryLayout<Float>.size) {
          results.append(try measure(problem, shape: shape, on: target, limits: limits))
        }
      }
    }
    var dispatch: BenchReport.DispatchSummary?
    if configuration.dispatch {
      progress("measuring the scheduler (\(configuration.dispatchTasks) empty tasks)")
      let machine = configuration.simulatedMachine ?? DispatchBenchmark.defaultMachine
      let measured = try DispatchBenchmark.run(
        machine: machine, tasks: configuration.dispatchTasks,
        repeats: configuration.dispatchRepeats, mixedTasks: configuration.mixedTasks)
      dispatch = BenchReport.DispatchSummary(
        independentUsPerTask: measured.independentMicrosecondsPerTask,
        chainUsPerTask: measured.chainMicrosecondsPerTask,
        policies: measured.policies, tasks: configuration.dispatchTasks,
        simulatedMachine: measured.machine,
        mixedTasks: configuration.mixedTasks)
    }
    return BenchReport(
      machine: BenchReport.MachineSummary(
        cpu: topology.cpuModel ?? "unknown", cores: topology.allowedCores.count,
        simd: InstructionSet.detected.usable.rawValue,
        devices: Dictionary(
          uniqueKeysWithValues: topology.runtimeDevices.map { ($0.id.description, $0.name) })),
      limits: BenchReport.Limits(
        gflops: limits.gflops, readGbytesPerSecond: limits.readGBPerSecond,
        source: limits.source),
      results: results, dispatch: dispatch, notes: notes, repeats: configuration.repeats)
  }

  private func describe(_ shape: BenchShape) -> String {
    "\(shape.workload.rawValue) \(shape.name) (n=\(shape.n) d=\(shape.d)"
      + (shape.workload == .kmeans ? " k=\(shape.k))" : ")")
  }

  /// Seeded synthetic data for `shape`, Float32.
  private func generate(_ shape: BenchShape) -> BenchProblem<Float> {
    let seed = configuration.seed &+ UInt64(shape.n &* 31 &+ shape.d &* 7 &+ shape.k)
    switch shape.workload {
    case .kmeans:
      let blobs = GaussianBlobs<Float>(
        rows: shape.n, columns: shape.d, clusters: shape.k, seed: seed)
      return .kmeans(
        points: blobs.points,
        initial: BenchProblem.initialCenters(points: blobs.points, k: shape.k, seed: seed))
    case .linreg:
      let sample = LinearModelSample<Float>(rows: shape.n, columns: shape.d, seed: seed)
      return .linreg(
        features: sample.features, targets: sample.target,
        weights: BenchProblem.stepWeights(truth: sample.weights, features: shape.d),
        bias: Float(0.5 * sample.bias))
    }
  }

  /// The workloads on a user's file: k-means on the selected columns (k from `--k`), linreg
  /// with the last selected column as the target.
  private func runDataFile(
    _ path: String, targets: (BenchShape, Int) throws -> [BenchTarget], limits: BenchLimits,
    saver: BenchDataSaver?
  ) throws -> [BenchReport.WorkloadResult] {
    progress("loading \(path)")
    let data = try DataLoader.load(
      path: path,
      options: try LoadOptions(
        columns: configuration.columns, hasHeader: configuration.dataHasHeader,
        missing: configuration.missing))
    if data.droppedRows > 0 {
      progress("\(path): dropped \(data.droppedRows) rows with missing values")
    }
    switch data.matrix {
    case .f32(let matrix):
      return try runData(matrix, path: path, targets: targets, limits: limits, saver: saver)
    case .f64(let matrix):
      return try runData(matrix, path: path, targets: targets, limits: limits, saver: saver)
    }
  }

  private func runData<Scalar: MatrixScalar>(
    _ matrix: Matrix<Scalar>, path: String, targets: (BenchShape, Int) throws -> [BenchTarget],
    limits: BenchLimits, saver: BenchDataSaver?
  ) throws -> [BenchReport.WorkloadResult] {
    var results: [BenchReport.WorkloadResult] = []
    for workload in configuration.workloads {
      let shape: BenchShape
      let problem: BenchProblem<Scalar>
      switch workload {
      case .kmeans:
        let k = configuration.dataClusters
        guard matrix.rows >= k else {
          throw BenchError.unsuitableData(
            path: path, reason: "\(matrix.rows) rows are fewer than k=\(k) clusters")
        }
        shape = BenchShape(workload: .kmeans, name: "data", n: matrix.rows, d: matrix.columns, k: k)
        problem = .kmeans(
          points: matrix,
          initial: BenchProblem.initialCenters(points: matrix, k: k, seed: configuration.seed))
      case .linreg:
        guard matrix.columns >= 2, matrix.rows >= 1 else {
          throw BenchError.unsuitableData(
            path: path,
            reason: "linreg needs at least one feature column and the target (the last column)")
        }
        let split = RegressionData(splittingLastColumnOf: matrix)
        shape = BenchShape(
          workload: .linreg, name: "data", n: matrix.rows, d: matrix.columns - 1, k: 0)
        problem = .linreg(
          features: split.features, targets: split.target,
          weights: BenchProblem.stepWeights(truth: nil, features: shape.d), bias: 0.1)
      }
      try saver?.save(problem, shape: shape, iterations: configuration.repeats + 1)
      for target in try targets(shape, Scalar.precision.byteCount) {
        results.append(try measure(problem, shape: shape, on: target, limits: limits))
      }
    }
    return results
  }

  /// Times warm-up plus `repeats` iterations of `problem` on `target` and checks the result.
  private func measure<Scalar: MatrixScalar>(
    _ problem: BenchProblem<Scalar>, shape: BenchShape, on target: BenchTarget,
    limits: BenchLimits
  ) throws -> BenchReport.WorkloadResult {
    let elementBytes = Scalar.precision.byteCount
    let flops = shape.flopsPerIteration
    let bytes = shape.bytesPerIteration(elementBytes: elementBytes)
    let shards = target.shards(rows: shape.n, shape: shape, elementBytes: elementBytes)
    let label = "\(describe(shape)) on \(target.label)"
    let kernel = shape.kernel
    let size = shape.problemSize(elementBytes: elementBytes)
    let predicted = limits.floorSeconds(flops: flops, bytes: bytes)
    var samples: [Double] = []
    func timed<T>(_ iteration: Int, _ body: () throws -> T) rethrows -> T {
      progress(
        iteration == 0
          ? "\(label): warm-up" : "\(label): repeat \(iteration)/\(configuration.repeats)")
      let start = BenchClock.now()
      let value = try body()
      let seconds = BenchClock.now() - start
      if iteration > 0 { samples.append(seconds) }
      trace?.append(
        TraceRecorder.Event(
          name: kernel.rawValue + (iteration == 0 ? " (warm-up)" : ""), device: target.label,
          startMicroseconds: (start - origin) * 1e6, durationMicroseconds: seconds * 1e6,
          predictedMicroseconds: predicted * 1e6, size: size))
      return value
    }
    let check: BenchCheckOutcome
    switch problem {
    case .kmeans(let points, let initial):
      progress("\(label): preparing")
      let session = try target.kmeansSession(points: points, shards: shards)
      var centers = initial
      var last = initial
      for iteration in 0...configuration.repeats {
        last = centers
        centers = try timed(iteration) {
          let partial = try session.step(centers: centers)
          return Self.updatedCenters(centers, partial)
        }
      }
      progress("\(label): checking")
      check = try checkKMeans(
        points: points, centers: last, labels: try session.labels(), target: target,
        shape: shape)
    case .linreg(let features, let targets, let weights, let bias):
      progress("\(label): preparing")
      let session = try target.gradientSession(
        features: features, targets: targets, shards: shards)
      for iteration in 0...configuration.repeats {
        _ = try timed(iteration) {
          try session.gradient(weights: weights, bias: bias, range: nil)
        }
      }
      progress("\(label): checking")
      let count = min(configuration.partialRangeRows, shape.n)
      let start = (shape.n - count) / 3
      let range = start..<(start + count)
      let partial = try session.gradient(weights: weights, bias: bias, range: range)
      check = BenchCheck.gradient(
        features: features, targets: targets, weights: weights, bias: bias, range: range,
        partial: partial)
    }
    let timing = BenchReport.Timing(samples: samples)
    let gflops = flops / timing.median / 1e9
    let gbytes = bytes / timing.median / 1e9
    return BenchReport.WorkloadResult(
      workload: shape.workload.rawValue,
      shape: BenchReport.Shape(name: shape.name, n: shape.n, d: shape.d, k: shape.k),
      device: target.label, secondsPerIteration: timing, gflops: gflops, gbytesPerSecond: gbytes,
      fractionOfLimit: max(gflops / limits.gflops, gbytes / limits.readGBPerSecond),
      check: check.label, checkDetail: check.detail, flopsPerIteration: flops,
      bytesPerIteration: bytes, precision: Scalar.precision.rawValue,
      shards: target.isSplit ? target.describe(shards) : nil)
  }

  /// Labels of sampled rows of the whole run, then the labels and partial sums of a fresh
  /// session over a row range.
  private func checkKMeans<Scalar: MatrixScalar>(
    points: Matrix<Scalar>, centers: Matrix<Scalar>, labels: [Int32], target: BenchTarget,
    shape: BenchShape
  ) throws -> BenchCheckOutcome {
    var random = SeededRandom(seed: configuration.seed, stream: 11)
    let sample = (0..<min(configuration.labelSampleRows, points.rows)).map { _ in
      random.nextInt(below: points.rows)
    }
    let sampled = BenchCheck.kmeansLabels(
      points: points, centers: centers, labels: labels, sample: sample)
    guard sampled.passed else { return sampled }
    let count = min(configuration.partialRangeRows, points.rows)
    let start = (points.rows - count) / 2
    let rows = points.rows(start..<(start + count))
    let shards = target.shards(
      rows: count, shape: shape, elementBytes: Scalar.precision.byteCount)
    let session = try target.kmeansSession(points: rows, shards: shards)
    let partial = try session.step(centers: centers)
    let rangeLabels = try session.labels()
    return sampled.and(
      BenchCheck.kmeansLabels(
        points: rows, centers: centers, labels: rangeLabels, sample: Array(0..<count))
    ).and(
      BenchCheck.kmeansPartial(
        points: rows, centers: centers, labels: rangeLabels, partial: partial))
  }

  /// Lloyd's update: each center moves to the mean of its rows; an empty cluster keeps its
  /// center.
  static func updatedCenters<Scalar: MatrixScalar>(
    _ centers: Matrix<Scalar>, _ partial: KMeansPartial
  ) -> Matrix<Scalar> {
    var next = centers
    let d = centers.columns
    next.withUnsafeMutableBufferPointer { values in
      for c in 0..<centers.rows where partial.counts[c] > 0 {
        let count = Double(partial.counts[c])
        for j in 0..<d { values[c * d + j] = Scalar(partial.sums[c * d + j] / count) }
      }
    }
    return next
  }
}
