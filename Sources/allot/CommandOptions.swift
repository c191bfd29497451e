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

  /// A recorder when `--trace FILE` was given.
  static func traceRecorder(_ parsed: Arguments) -> TraceRecorder? {
    parsed.value("--trace") == nil ? nil : TraceRecorder()
  }

  /// Writes the Chrome trace-event file of `--trace FILE`, if one was asked for.
  /// - Throws: `TraceError.cannotWrite`.
  static func writeTrace(_ recorder: TraceRecorder?, _ parsed: Arguments) throws {
    if let recorder, let path = parsed.value("--trace") { try recorder.write(to: path) }
  }

  /// Opens the device `choice` names on this machine.
  /// - Throws: `DeviceError` when it does not exist or cannot run work.
  static func open(_ choice: DeviceChoice) throws -> any ComputeDevice {
    try DeviceCatalog(topology: Topology.discover()).device(choice)
  }

  /// Says on stderr how many rows `--missing drop` dropped.
  static func reportDropped(_ rows: Int, path: String, policy: MissingPolicy) {
    guard policy == .drop else { return }
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
