import Allot
import Foundation

/// The options `allot kmeans` and `allot linreg` share: how to load the input, which
/// device to run on, and how to print the result.
enum CommandOptions {
  /// Options that take a value in both commands.
  static let loadingOptions: Set<String> = [
    "--missing", "--precision", "--device", "--seed", "--trace",
  ]
  /// Flags both commands take.
  static let sharedFlags: Set<String> = ["--no-header", "--json"]

  /// Parses `arguments`, turning a usage error into one line that points at the help.
  static func parse(
    _ arguments: [String], command: String, options: Set<String>, flags: Set<String>
  ) throws -> Arguments {
    do {
      return try Arguments(
        arguments, options: options.union(loadingOptions), flags: flags.union(sharedFlags))
    } catch let error as UsageError {
      throw UsageError(message: "\(error.message) (see `allot \(command) --help`)")
    }
  }

  /// `--no-header`, `--missing`, `--precision` and the given column list as `LoadOptions`.
  /// - Throws: `UsageError` for a bad value, `DataError.badColumnSpec` for a bad list.
  static func loadOptions(_ parsed: Arguments, columns: String?) throws -> LoadOptions {
    try LoadOptions(
      columns: columns, hasHeader: parsed.has("--no-header") ? false : nil,
      missing: parsed.value("--missing", default: .error) { MissingPolicy(rawValue: $0) },
      precision: parsed.value("--precision", default: .auto) { PrecisionChoice(rawValue: $0) })
  }

  /// `--seed` (default 0).
  static func seed(_ parsed: Arguments) throws -> UInt64 {
    try parsed.value("--seed", default: 0) { UInt64($0) }
  }

  /// `--device` (default `auto`), parsed but not opened.
  static func deviceChoice(_ parsed: Arguments) throws -> DeviceChoice {
    guard let text = parsed.value("--device") else { return .auto }
    guard let choice = DeviceChoice(text) else {
      throw UsageError(
        message: "invalid value '\(text)' for --device (expected auto, cpu, opencl or opencl:N)")
    }
    return choice
  }

  /// The machine, its saved run times and, with `--trace FILE`, a trace; `choice` is opened
  /// at once so that a wrong `--device` fails before any data are read.
  /// - Throws: `DeviceError` when the chosen device does not exist or cannot run work.
  static func context(_ parsed: Arguments, validating choice: DeviceChoice) throws
    -> ExecutionContext
  {
    let context = ExecutionContext(
      topology: try Topology.discover(), tracing: parsed.value("--trace") != nil)
    if let warning = context.warning { printWarnings([warning]) }
    try context.validate(choice)
    return context
  }

  /// Checks that `--trace FILE` (and any other given output paths) can be written, before
  /// the work starts.
  /// - Throws: `DataError.unwritable` (66).
  static func checkOutputs(_ parsed: Arguments, files: [String] = ["--trace"]) throws {
    for option in files {
      if let path = parsed.value(option) { try OutputPath.checkFile(path) }
    }
  }

  /// The observed device a k-means fit of `points` runs on (`auto`: minimum predicted
  /// completion time).
  static func device<Scalar: MatrixScalar>(
    _ context: ExecutionContext, _ choice: DeviceChoice, kmeans points: Matrix<Scalar>,
    options: KMeansOptions
  ) throws -> any ComputeDevice {
    try context.device(
      choice, kernel: .kmeansStep,
      size: ProblemSize(
        rows: points.rows, columns: points.columns, clusters: options.clusters,
        elementBytes: MemoryLayout<Scalar>.size),
      steps: options.maxIterations * options.restarts)
  }

  /// The observed device gradient steps over `features` run on.
  static func device<Scalar: MatrixScalar>(
    _ context: ExecutionContext, _ choice: DeviceChoice, gradient features: Matrix<Scalar>,
    options: LinearRegressionOptions
  ) throws -> any ComputeDevice {
    try context.device(
      choice, kernel: .gradient,
      size: ProblemSize(
        rows: features.rows, columns: features.columns,
        elementBytes: MemoryLayout<Scalar>.size),
      steps: max(options.steps, 1))
  }

  /// Writes the trace of `--trace FILE`, if one was asked for, and saves the run times.
  /// - Throws: `TraceError.cannotWrite`.
  static func finish(_ context: ExecutionContext, _ parsed: Arguments) throws {
    if let warning = try context.finish(tracePath: parsed.value("--trace")) {
      printWarnings([warning])
    }
  }

  /// Says on stderr how many rows `--missing drop` dropped, when it dropped any.
  static func reportDropped(_ rows: Int, path: String, policy: MissingPolicy) {
    guard policy == .drop, rows > 0 else { return }
    let noun = rows == 1 ? "row" : "rows"
    CommandLineTool.printError(
      "allot: \(path): dropped \(rows) \(noun) with missing values (--missing drop)")
  }

  /// Prints warnings on stderr, one line each.
  static func printWarnings(_ warnings: [String]) {
    for warning in warnings { CommandLineTool.printError("allot: warning: \(warning)") }
  }

  /// `value` as one line of JSON (keys sorted).
  /// - Throws: `NonFiniteOutputError` when a number in `value` is infinite or NaN (JSON
  ///   has no such numbers), never the encoder's own error.
  static func json<Value: Encodable>(_ value: Value) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    do {
      return String(decoding: try encoder.encode(value), as: UTF8.self)
    } catch EncodingError.invalidValue(let value, let context) {
      let key = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
        .joined(separator: ".")
      throw NonFiniteOutputError(value: "\(value)", key: key)
    }
  }

  /// A Float32 value as the Float64 with the same shortest decimal form (0.1f prints as 0.1,
  /// not 0.10000000149011612); Float64 values unchanged.
  static func decimal<Scalar: MatrixScalar>(_ value: Scalar) -> Double {
    if let float = value as? Float { return Double(String(float)) ?? Double(float) }
    return Double(value)
  }
}
