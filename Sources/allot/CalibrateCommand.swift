import Allot
import Foundation

/// `allot calibrate`: measures each device's achievable FLOP/s and read bandwidth (and the
/// link of OpenCL devices, measured through the device), stores
/// them with the learned models in the calibration file, and prints the figures.
enum CalibrateCommand {
  static let usage = """
    usage: allot calibrate [--seconds S] [--file PATH]

    Measures achievable FLOP/s (FMA), memory read bandwidth and (OpenCL devices) host to
    device bandwidth of every runtime device and stores them in $XDG_CACHE_HOME/allot/calibration.json (or ~/.cache/allot/calibration.json).

      --seconds S   time per microbenchmark (default 0.3)
      --file PATH   store here instead of the default file
    """

  static func run(_ arguments: [String]) throws -> Int32 {
    if arguments.contains("--help") || arguments.contains("-h") {
      print(usage)
      return 0
    }
    let parsed = try Arguments(arguments, options: ["--seconds", "--file"], flags: [])
    guard parsed.positionals.isEmpty else {
      throw UsageError(message: "calibrate takes no arguments\n\(usage)")
    }
    let seconds = try parsed.value("--seconds", default: 0.3) {
      Double($0).flatMap { $0 > 0 ? $0 : nil }
    }
    let store = parsed.value("--file").map(CalibrationStore.init(path:)) ?? .defaultStore()
    let devices = try Topology.discover().runtimeDevices
    var calibration = Calibration.measureAll(devices: devices, seconds: seconds) {
      CommandLineTool.printError("allot: \($0)")
    }
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
