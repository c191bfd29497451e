import Allot

#if canImport(Glibc)
  import Glibc
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
    case "-h", "--help", "help":
      print(usage)
      return 0
    default:
      printError("allot: unknown command '\(command)'\n\(usage)")
      return ErrorCategory.usage.exitCode
    }
  }

  /// Writes `message` and a newline to standard error.
  static func printError(_ message: String) {
    let line = message + "\n"
    _ = line.withCString { write(2, $0, strlen($0)) }
  }
}
