import Allot

/// Failures of a benchmark run that are not a device's or a data file's own errors.
public enum BenchError: AllotError, Equatable {
  /// No device of the selection could be opened.
  case noDevice(selection: String, skipped: [String])
  /// A file or folder for `--save-data`, `--json` or `--plot` could not be written.
  case cannotWrite(path: String, reason: String)
  /// The data file does not fit the workload (too few rows or columns).
  case unsuitableData(path: String, reason: String)
  /// A shape's data would not fit in the machine's usable memory (nil bytes: beyond Int).
  case shapeTooLarge(shape: String, bytes: Int?, usableBytes: Int)

  /// `.internal` for no device, `.input` for an unwritable path, `.data` for unsuitable data,
  /// `.usage` for a shape too large for memory.
  public var category: ErrorCategory {
    switch self {
    case .noDevice: return .internal
    case .cannotWrite: return .input
    case .unsuitableData: return .data
    case .shapeTooLarge: return .usage
    }
  }

  /// One line naming what failed.
  public var description: String {
    switch self {
    case .noDevice(let selection, let skipped):
      return "no device to benchmark for --device \(selection)"
        + (skipped.isEmpty ? "" : " (\(skipped.joined(separator: "; ")))")
    case .cannotWrite(let path, let reason):
      return "cannot write \(path): \(reason)"
    case .unsuitableData(let path, let reason):
      return "\(path): \(reason)"
    case .shapeTooLarge(let shape, let bytes, let usable):
      guard let bytes else { return "\(shape) needs more data than this machine can address" }
      return "\(shape) needs \(bytes) bytes of data, more than the \(usable) bytes of usable memory"
    }
  }
}
