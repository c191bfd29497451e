import Allot

/// `allot topology [--input FILE.xml] [--json]`: prints the machine's hardware tree, OpenCL
/// devices and runtime devices, as text or as one JSON document.
enum TopologyCommand {
  static let usage = """
    usage: allot topology [--input FILE.xml] [--json] [--trace FILE]

      --input FILE.xml  read a topology exported by `lstopo-no-graphics --of xml` instead of
                        discovering this machine (OpenCL is then not queried)
      --json            print one JSON document (schema in docs/topology.md)
      --trace FILE      write a Chrome trace-event JSON with the discovery as one slice

    Capacities of this machine's runtime devices come from the calibration file written by
    `allot calibrate` when it exists, and are marked (estimate) otherwise.
    """

  static func run(_ arguments: [String]) throws -> Int32 {
    if arguments.contains("--help") || arguments.contains("-h") {
      print(usage)
      return 0
    }
    let parsed: Arguments
    do {
      parsed = try Arguments(arguments, options: ["--input", "--trace"], flags: ["--json"])
      guard parsed.positionals.isEmpty else {
        throw UsageError(message: "unexpected argument '\(parsed.positionals[0])'")
      }
    } catch let error as UsageError {
      throw UsageError(message: "\(error.message) (see `allot topology --help`)")
    }
    let tracePath = parsed.value("--trace")
    if let tracePath { try OutputPath.checkFile(tracePath) }
    let trace = TraceRecorder()
    var topology: Topology
    if let input = parsed.value("--input") {
      topology = try trace.timing(.discover, on: .cpu) { try Topology.load(xmlFile: input) }
    } else {
      topology = try trace.timing(.discover, on: .cpu) { try Topology.discover() }
      // Calibrated figures from `allot calibrate` replace the estimates when they exist.
      let saved = CalibrationStore.defaultStore().loadSaved()
      if let warning = saved.warning { CommandLineTool.printError("allot: \(warning)") }
      topology.runtimeDevices = saved.apply(to: topology.runtimeDevices)
    }
    if parsed.has("--json") {
      let data = try topology.jsonData()
      print(String(decoding: data, as: UTF8.self))
    } else {
      print(topology.textReport(), terminator: "")
    }
    if let tracePath { try trace.write(to: tracePath) }
    return 0
  }
}
