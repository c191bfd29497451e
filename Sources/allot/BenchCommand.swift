import Allot
import AllotBenchmarks
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// `allot bench`: every workload on every device against the machine's limits, and the
/// scheduler's overhead. Parses the flags into a `BenchConfiguration`, runs `BenchRunner`,
/// prints the table and writes the files asked for.
enum BenchCommand {
  static let usage = """
    usage: allot bench [kmeans|linreg|dispatch|all ...] [--device cpu|opencl|opencl:N|auto|split|every]
                       [--shape A|B|C] [--n N --d D --k K] [--data FILE --columns LIST]
                       [--missing error|drop] [--no-header] [--repeat R] [--quick]
                       [--json FILE] [--plot FILE.svg] [--trace FILE] [--save-data DIR]
                       [--simulate MACHINE.json]

    Times k-means iterations and gradient steps on each device (median, min and max of R
    repeats after a warm-up), compares them with the machine's FMA peak and read bandwidth,
    checks each result against a Float64 reference, and measures the scheduler. A failed
    check exits with 70.

      kmeans|linreg|dispatch|all   what to run (default all; several may be given)
      --device SEL     every (default: each device on its own), auto, split (one job split
                       across devices that do not share cores), cpu, opencl, opencl:N
      --shape NAMES    only these built-in shapes (comma-separated A, B, C)
      --n/--d/--k      a custom shape (with --shape: override those shapes' sizes)
      --data FILE      a CSV or .npy file instead of synthetic data (linreg: last column is
                       the target); --k sets the clusters (default 8)
      --columns LIST   the columns of --data to use (names, indices, ranges)
      --missing        for --data: error (default) or drop rows with missing values
      --no-header      for --data: the first line of the file is data
      --repeat R       timed repeats (default 5, 2 with --quick)
      --quick          small shapes and fewer dispatch tasks (finishes within seconds)
      --json FILE      write the results as JSON (schema in docs/bench.md)
      --plot FILE.svg  write a roofline chart
      --trace FILE     write a Chrome trace of the timed iterations
      --save-data DIR  write the inputs as .npy for Benchmarks/peers.py (DIR and missing
                       folders above it are created)
      --simulate FILE  simulate the dispatch policies on this machine (docs/simulate.md)
    """

  static func run(_ arguments: [String]) throws -> Int32 {
    if arguments.contains("--help") || arguments.contains("-h") {
      print(usage)
      return 0
    }
    let configuration: BenchConfiguration
    let parsed: Arguments
    do {
      parsed = try Arguments(
        arguments,
        options: [
          "--device", "--shape", "--n", "--d", "--k", "--data", "--columns", "--missing",
          "--repeat", "--json", "--plot", "--trace", "--save-data", "--simulate",
        ], flags: ["--quick", "--no-header"])
      configuration = try makeConfiguration(parsed)
    } catch let error as UsageError {
      throw UsageError(message: "\(error.message) (see `allot bench --help`)")
    }
    for option in ["--json", "--plot", "--trace"] {
      if let path = parsed.value(option) { try OutputPath.checkFile(path) }
    }
    if let directory = parsed.value("--save-data") { try OutputPath.checkDirectory(directory) }
    let interactive = isatty(2) == 1
    let trace = parsed.value("--trace") != nil ? TraceRecorder() : nil
    let runner = BenchRunner(
      configuration: configuration,
      progress: { line in
        guard interactive else { return }
        CommandLineTool.printError("\r\u{1B}[K[bench] \(line)", newline: false)
      }, trace: trace)
    let report: BenchReport
    do {
      report = try runner.run()
    } catch {
      if interactive { CommandLineTool.printError("\r\u{1B}[K", newline: false) }
      throw error
    }
    if interactive { CommandLineTool.printError("\r\u{1B}[K", newline: false) }
    print(BenchTable.render(report), terminator: "")
    if let path = parsed.value("--json") {
      try write(try report.jsonData(), to: path)
    }
    if let path = parsed.value("--plot") {
      let svg = report.roofline.svg(title: "Allot roofline: \(report.machine.cpu)")
      try write(Data(svg.utf8), to: path)
    }
    if let path = parsed.value("--trace"), let trace {
      try trace.write(to: path)
    }
    return report.results.allSatisfy { $0.check == "ok" } ? 0 : ErrorCategory.internal.exitCode
  }

  private static func write(_ data: Data, to path: String) throws {
    do {
      try data.write(to: URL(fileURLWithPath: path))
    } catch {
      throw BenchError.cannotWrite(path: path, reason: ErrorText.describe(error))
    }
  }

  /// The configuration the flags describe.
  /// - Throws: `UsageError` for a bad combination or value.
  static func makeConfiguration(_ parsed: Arguments) throws -> BenchConfiguration {
    let quick = parsed.has("--quick")
    var configuration = BenchConfiguration(quick: quick)
    var workloads: [BenchWorkload] = []
    var dispatch = false
    let words = parsed.positionals.flatMap { $0.split(separator: "+").map(String.init) }
    for word in words.isEmpty ? ["all"] : words {
      switch word {
      case "all":
        workloads += BenchWorkload.allCases
        dispatch = true
      case "dispatch": dispatch = true
      default:
        guard let workload = BenchWorkload(rawValue: word) else {
          throw UsageError(message: "unknown benchmark '\(word)' (kmeans, linreg, dispatch, all)")
        }
        workloads.append(workload)
      }
    }
    configuration.workloads = BenchWorkload.allCases.filter { workloads.contains($0) }
    configuration.dispatch = dispatch
    if let text = parsed.value("--device") {
      guard let devices = BenchDeviceSelection(text) else {
        throw UsageError(
          message:
            "invalid value '\(text)' for --device (expected every, auto, split, cpu, opencl or opencl:N)"
        )
      }
      configuration.devices = devices
    }
    configuration.repeats = try parsed.value("--repeat", default: configuration.repeats) {
      Int($0).flatMap { $0 >= 1 ? $0 : nil }
    }
    let positive: (String) -> Int? = { Int($0).flatMap { $0 >= 1 ? $0 : nil } }
    let n = try parsed.value("--n", default: nil as Int?) { positive($0) }
    let d = try parsed.value("--d", default: nil as Int?) { positive($0) }
    let k = try parsed.value("--k", default: nil as Int?) { positive($0) }
    if let data = parsed.value("--data") {
      guard parsed.value("--shape") == nil, n == nil, d == nil else {
        throw UsageError(message: "--data takes its shape from the file: drop --shape, --n and --d")
      }
      configuration.dataFile = data
      configuration.columns = parsed.value("--columns")
      configuration.missing = try parsed.value("--missing", default: .error) {
        MissingPolicy(rawValue: $0)
      }
      configuration.dataHasHeader = parsed.has("--no-header") ? false : nil
      configuration.dataClusters = k ?? 8
    } else {
      for option in ["--columns", "--missing"] where parsed.value(option) != nil {
        throw UsageError(message: "\(option) needs --data")
      }
      guard !parsed.has("--no-header") else {
        throw UsageError(message: "--no-header needs --data")
      }
      var shapes = configuration.shapes
      if let names = parsed.value("--shape") {
        let wanted = names.split(separator: ",", omittingEmptySubsequences: false).map {
          $0.uppercased()
        }
        if wanted.contains("") {
          throw UsageError(message: "bad shape list '\(names)': empty item")
        }
        for name in wanted where !["A", "B", "C"].contains(name) {
          throw UsageError(message: "unknown shape '\(name)' (A, B or C)")
        }
        shapes = shapes.filter { wanted.contains($0.name) }
      } else if n != nil || d != nil || k != nil {
        shapes = BenchWorkload.allCases.map {
          BenchShape(workload: $0, name: "custom", n: 100_000, d: 16, k: 8)
        }
      }
      configuration.shapes = shapes.map { shape in
        var sized = shape
        sized.n = n ?? shape.n
        sized.d = d ?? shape.d
        if shape.workload == .kmeans { sized.k = k ?? shape.k }
        return sized
      }
      for shape in configuration.shapes
      where shape.workload == .kmeans && configuration.workloads.contains(.kmeans)
        && shape.k > shape.n
      {
        throw UsageError(message: "k=\(shape.k) is more than n=\(shape.n) rows")
      }
    }
    configuration.saveDataDirectory = parsed.value("--save-data")
    if let path = parsed.value("--simulate") {
      configuration.simulatedMachine = try SimulatedMachine.load(path: path)
      configuration.dispatch = true
    }
    return configuration
  }
}
