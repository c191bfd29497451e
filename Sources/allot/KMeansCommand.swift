import Allot

/// `allot kmeans INPUT -k K ...`: loads the data, fits k-means, prints the result.
enum KMeansCommand {
  static let usage = """
    usage: allot kmeans INPUT -k K [--columns LIST] [--init k-means++|random|PATH]
        [--max-iter 300] [--tol 1e-4] [--n-init 1] [--seed 0]
        [--device auto|cpu|opencl|opencl:N] [--labels PATH] [--missing error|drop]
        [--no-header] [--precision auto|f32|f64] [--trace FILE] [--json]

      INPUT            a CSV/TSV file (header detected) or a .npy array, one point per row
      -k K             number of clusters (1 to the number of rows)
      --columns LIST   columns to use: names, 0-based indices, ranges a-b, comma-separated
      --init           k-means++ (default), random, or a file of k initial centers (same
                       columns as the chosen data, or the same layout as INPUT)
      --max-iter N     most Lloyd iterations per run (default 300)
      --tol X          stop when the squared center shift is at most X times the mean
                       column variance (default 1e-4)
      --n-init N       runs with different seeds, the lowest inertia wins (default 1)
      --seed N         seed of the random choices (default 0)
      --device D       where to run (default auto)
      --labels PATH    write each input row's cluster: text, one per line, or .npy
                       (int32); -1 for a row dropped by --missing drop
      --missing        error (default) or drop rows with missing values (empty, NA, NaN)
      --no-header      the first line of INPUT is data
      --precision      auto (follow the input), f32 or f64
      --trace FILE     write a Chrome trace-event JSON of the steps run on each device
      --json           print one JSON object: centers, inertia, iterations, converged,
                       sizes, device
    """

  static func run(_ arguments: [String]) throws -> Int32 {
    if arguments.contains("--help") || arguments.contains("-h") {
      print(usage)
      return 0
    }
    let parsed = try CommandOptions.parse(
      arguments, command: "kmeans",
      options: ["-k", "--columns", "--init", "--max-iter", "--tol", "--n-init", "--labels"],
      flags: [])
    let input = try parsed.singlePositional("input file")
    guard parsed.value("-k") != nil else {
      throw UsageError(message: "missing -k K (the number of clusters)")
    }
    let clusters = try parsed.value("-k", default: 0) { Int($0) }
    let columns = parsed.value("--columns")
    let load = try CommandOptions.loadOptions(parsed, columns: columns)
    var options = KMeansOptions(
      clusters: clusters,
      maxIterations: try parsed.value("--max-iter", default: 300) { Int($0) },
      tolerance: try parsed.value("--tol", default: 1e-4) { Double($0) },
      restarts: try parsed.value("--n-init", default: 1) { Int($0) },
      seed: try CommandOptions.seed(parsed))
    let initPath: String?
    switch parsed.value("--init") ?? "k-means++" {
    case "k-means++": initPath = nil
    case "random":
      initPath = nil
      options.initialization = .random
    case let path: initPath = path
    }
    let choice = try CommandOptions.deviceChoice(parsed)
    let context = try CommandOptions.context(parsed, validating: choice)
    try CommandOptions.checkOutputs(parsed, files: ["--trace", "--labels"])

    let data = try DataLoader.load(path: input, options: load)
    CommandOptions.reportDropped(data.droppedRows, path: input, policy: load.missing)
    if let initPath {
      options.initialization = .given(
        try initialCenters(initPath, columns: columns, dataColumns: data.matrix.columns, load: load)
      )
    }
    let report: KMeansReport
    let labels: [Int32]
    do {
      switch data.matrix {
      case .f32(let points):
        let device = try CommandOptions.device(context, choice, kmeans: points, options: options)
        let result = try KMeans.fit(points, options: options, on: [device])
        (report, labels) = (KMeansReport(result, rows: points.rows), result.labels)
        CommandOptions.printWarnings(result.warnings)
      case .f64(let points):
        let device = try CommandOptions.device(context, choice, kmeans: points, options: options)
        let result = try KMeans.fit(points, options: options, on: [device])
        (report, labels) = (KMeansReport(result, rows: points.rows), result.labels)
        CommandOptions.printWarnings(result.warnings)
      }
    } catch WorkloadError.initialCentersShape(let rows, let columns, let k, let d) {
      throw InputFileError(
        path: initPath ?? input,
        error: WorkloadError.initialCentersShape(
          rows: rows, columns: columns, expectedRows: k, expectedColumns: d))
    } catch let error as WorkloadError where error.category == .data {
      throw InputFileError(path: input, error: error)
    } catch let error as DataError {
      // Float32 overflow found by the workload (the loader names the file itself).
      if case .float32Overflow(let path, let largest, let count) = error, path.isEmpty {
        throw DataError.float32Overflow(path: input, maxMagnitude: largest, columns: count)
      }
      if case .float64Overflow(let path, let largest, let count) = error, path.isEmpty {
        throw DataError.float64Overflow(path: input, maxMagnitude: largest, columns: count)
      }
      throw error
    }
    try CommandOptions.finish(context, parsed)
    if let path = parsed.value("--labels") {
      try LabelsFile.write(data.perSourceRow(labels, filler: -1), to: path)
    }
    print(parsed.has("--json") ? try CommandOptions.json(report) : report.text)
    return 0
  }

  /// The centers in `path`, as Float64. The file holds either exactly the chosen columns or
  /// the same layout as the input, in which case `--columns` picks from it as well.
  private static func initialCenters(
    _ path: String, columns: String?, dataColumns: Int, load: LoadOptions
  ) throws -> Matrix<Double> {
    do {
      let options = LoadOptions(hasHeader: load.hasHeader, precision: .f64)
      let centers = try DataLoader.load(path: path, options: options)
      if centers.matrix.columns > dataColumns, let columns {
        let selected = try LoadOptions(
          columns: columns, hasHeader: load.hasHeader, precision: .f64)
        return try DataLoader.load(path: path, options: selected).matrix.asDouble
      }
      return centers.matrix.asDouble
    } catch DataError.missingValue(let file, let location, let value) {
      // --missing drop does not apply to the centers: say so instead of suggesting it.
      let shown = value.isEmpty ? "empty cell" : "\"\(value)\""
      throw MessageError(
        message:
          "\(location.prefixed(by: file)): missing value (\(shown)) in the initial centers; every center needs every value",
        category: .data)
    }
  }
}
