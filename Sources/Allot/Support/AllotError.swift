/// What kind of failure an error is, which decides the exit code of the command-line tool
/// (the BSD sysexits convention).
public enum ErrorCategory: Int32, Sendable, CaseIterable {
  /// The command was used wrongly: an unknown flag, a missing argument (EX_USAGE, 64).
  case usage = 64
  /// The input data are wrong: a ragged row, a non-numeric cell, k larger than the rows (EX_DATAERR, 65).
  case data = 65
  /// An input file is missing or cannot be read (EX_NOINPUT, 66).
  case input = 66
  /// A device or internal failure (EX_SOFTWARE, 70).
  case `internal` = 70
  /// Output could not be written: standard output is full or closed (EX_IOERR, 74).
  case io = 74

  /// The process exit code for this category.
  public var exitCode: Int32 { rawValue }
}

/// The protocol every error thrown by Allot conforms to: a category that maps to an exit
/// code, and a one-line message that names what was wrong and where.
public protocol AllotError: Error, CustomStringConvertible, Sendable {
  /// Which kind of failure this is.
  var category: ErrorCategory { get }
}
