import Allot
import Foundation

/// `allot calibrate`: measures each device's achievable FLOP/s and read bandwidth (and the
/// link of OpenCL devices, measured through the device), stores
/// them with the learned models in the calibration file, and prints the figures.
enum CalibrateCommand {
  static let usage = """
    usage: allot calibrate [--seconds S] [--file PATH] [--trace FILE]

    Measures achievable FLOP/s (FMA), memory read bandwidth and (OpenCL devices) host to
    device bandwidth of every runtime device and stores them in
    $XDG_CACHE_HOME/allot/calibration.json (or ~/.cache/allot/calibration.json).

      --seconds S   time per microbenchmark, from 0.01 to 60 (default 0.3)
      --file PATH   store here instead of the default file (missing folders are created)
      --trace FILE  write a Chrome trace-event JSON with one slice per device measured
    """

  static func run(_ arguments: [String]) throws -> Int32 {
    if arguments.contains("--help") || arguments.contains("-h") {
      print(usage)
      return 0
    }
    let parsed: Arguments
    let seconds: Double
    do {
      parsed = try Arguments(arguments, options: ["--seconds", "--file", "--trace"], flags: [])
      guard parsed.positionals.isEmpty else {
        throw UsageError(message: "calibrate takes no arguments")
      }
      seconds = try parsed.value("--seconds", default: 0.3) { Double($0) }
      // Shorter passes measure the timer and thread start-up, not the machine.
      guard seconds >= 0.01, seconds <= 60 else {
        throw UsageError(
          message: "--seconds must be from 0.01 to 60, got '\(parsed.value("--seconds") ?? "")'")
      }
    } catch let error as UsageError {
      throw UsageError(message: "\(error.message) (see `allot calibrate --help`)")
    }
    let store = parsed.value("--file").map(CalibrationStore.init(path:)) ?? .defaultStore()
    if let file = parsed.value("--file") {
      try OutputPath.checkReplaceableFile(file, target: store.targetPath)
    }
    let tracePath = parsed.value("--trace")
    if let tracePath { try OutputPath.checkFile(tracePath) }
    let trace = tracePath == nil ? nil : TraceRecorder()
    let devices = try Topology.discover().runtimeDevices
    var calibration = Calibration.measureAll(devices: devices, seconds: seconds, trace: trace) {
      CommandLineTool.printError("allot: \($0)")
    }
    if let trace, let tracePath { try trace.write(to: tracePath) }
    let previous = store.load(for: calibration.machine)
    if let warning = previous.warning { CommandLineTool.printError("allot: \(warning)") }
    calibration.samples = previous.calibration?.samples ?? []
    try store.save(calibration)
    print("machine  \(calibration.machine.hostname), \(calibration.machine.cpuModel)")
    print("device      GFLOP/s   read GB/s   host->device GB/s")
    for record in calibration.devices {
      let link = record.hostToDeviceGBPerSecond.map { String(format: "%.1f", $0) } ?? "-"
      print(
        record.device.padding(toLength: 10, withPad: " ", startingAt: 0)
          + String(format: "%9.1f   %9.1f   %@", record.gflops, record.readGBPerSecond, link))
    }
    print("stored in \(store.path)")
    return 0
  }
}
