import Allot

#if canImport(Glibc)
  // `stdout` is a C global; it is only flushed here, as the process exits.
  @preconcurrency import Glibc
#endif

/// Dispatches `allot SUBCOMMAND ...` to the subcommand and maps errors to exit codes.
enum CommandLineTool {
  static let usage = """
    usage: allot <command> [options]

    commands:
      topology   show the machine's cores, caches, OpenCL devices and runtime devices
      kmeans     cluster the rows of a CSV or .npy file
      linreg     fit a linear regression to a CSV or .npy file
      bench      measure every workload on every device
      calibrate  measure each device's achievable FLOP/s and bandwidth

    Run `allot <command> --help` for the options of a command.
    """

  static func run(_ arguments: [String]) -> Int32 {
    guard let command = arguments.first else {
      printError(usage)
      return ErrorCategory.usage.exitCode
    }
    switch command {
    case "help" where arguments.count == 2 && arguments[1] != "help":
      // `allot help kmeans` is `allot kmeans --help`.
      return run([arguments[1], "--help"])
    case "-h", "--help", "help":
      print(usage)
      return 0
    case "topology":
      return runReportingErrors { try TopologyCommand.run(Array(arguments.dropFirst())) }
    case "bench":
      return runReportingErrors { try BenchCommand.run(Array(arguments.dropFirst())) }
    case "kmeans":
      return runReportingErrors { try KMeansCommand.run(Array(arguments.dropFirst())) }
    case "linreg":
      return runReportingErrors { try LinRegCommand.run(Array(arguments.dropFirst())) }
    case "calibrate":
      return runReportingErrors { try CalibrateCommand.run(Array(arguments.dropFirst())) }
    default:
      printError("allot: unknown command '\(command)'\n\(usage)")
      return ErrorCategory.usage.exitCode
    }
  }

  /// Runs a subcommand; an error prints as `allot: <message>` on one line and exits with its
  /// category's code.
  static func runReportingErrors(_ body: () throws -> Int32) -> Int32 {
    do {
      return try body()
    } catch let error as any AllotError {
      printError("allot: \(error)")
      return error.category.exitCode
    } catch {
      printError("allot: internal error: \(ErrorText.describe(error))")
      return ErrorCategory.internal.exitCode
    }
  }

  /// Flushes standard output. When anything written to it was lost (a full disk,
  /// `> /dev/full`, a closed pipe), says so on standard error and returns 74 (EX_IOERR);
  /// otherwise returns `status`.
  static func finishOutput(status: Int32) -> Int32 {
    let output = stdout
    let flushFailed = fflush(output) != 0
    let reason = flushFailed ? String(cString: strerror(errno)) : "write error"
    guard flushFailed || ferror(output) != 0 else { return status }
    printError("allot: cannot write standard output: \(reason)")
    return ErrorCategory.io.exitCode
  }

  /// Writes `message` and, unless `newline` is false, a newline to standard error.
  static func printError(_ message: String, newline: Bool = true) {
    let line = newline ? message + "\n" : message
    _ = line.withCString { write(2, $0, strlen($0)) }
  }
}
