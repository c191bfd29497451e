import Allot
import Foundation
import Testing

/// OpenCL calibration on PoCL, `allot calibrate` and the calibrated `allot topology`.
@Suite struct CalibrationCommandTests {
  static var allot: String { TopologyTestSupport.allotPath }
  static var built: Bool { FileManager.default.isExecutableFile(atPath: allot) }
  static var hasOpenCL: Bool { OpenCLDevice.deviceCount() > 0 }

  func cacheFolder(_ name: String) throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "allot-calibration-command-\(getpid())-\(name)"
    ).path
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test(.enabled(if: hasOpenCL, "no OpenCL device"))
  func anOpenCLDeviceIsMeasuredThroughTheDevice() throws {
    let record = try Calibration.measureOpenCL(OpenCLDevice(index: 0), seconds: 0.02)
    #expect(record.device == "opencl:0")
    #expect(record.gflops > 0 && record.gflops.isFinite)
    #expect(record.readGBPerSecond > 0 && record.readGBPerSecond.isFinite)
    #expect((record.hostToDeviceGBPerSecond ?? 0) > 0)
  }

  @Test(.enabled(if: built, "the allot binary is not built next to the tests"))
  func calibrateStoresEveryRuntimeDevice() throws {
    let folder = try cacheFolder("calibrate")
    let output = try TopologyTestSupport.run(
      Self.allot, ["calibrate", "--seconds", "0.02"], environment: ["XDG_CACHE_HOME": folder])
    #expect(output.status == 0, "\(output.stderr)")
    let saved = CalibrationStore(path: folder + "/allot/calibration.json").loadSaved()
    #expect(saved.warning == nil)
    let devices = saved.calibration?.devices.map(\.device) ?? []
    let expected = try Topology.discover().runtimeDevices.map(\.id.description)
    #expect(devices == expected)
  }

  @Test(.enabled(if: built, "the allot binary is not built next to the tests"))
  func topologyShowsCalibratedFigures() throws {
    let folder = try cacheFolder("topology")
    let store = CalibrationStore(path: folder + "/allot/calibration.json")
    try store.save(
      Calibration(
        machine: .current(),
        devices: [DeviceCalibration(device: "cpu", gflops: 123.4, readGBPerSecond: 5.6)]))
    let output = try TopologyTestSupport.run(
      Self.allot, ["topology"], environment: ["XDG_CACHE_HOME": folder])
    #expect(output.status == 0)
    #expect(
      output.stdout.contains("peak 123.4 GFLOP/s (calibrated), bandwidth 5.6 GB/s (calibrated)"))
    let json = try TopologyTestSupport.run(
      Self.allot, ["topology", "--json"], environment: ["XDG_CACHE_HOME": folder])
    let topology = try Topology(jsonData: Data(json.stdout.utf8))
    let cpu = try #require(topology.runtimeDevice(.cpu))
    #expect(cpu.peakGFLOPS == 123.4 && cpu.capacityIsEstimate == false)
  }

  @Test(.enabled(if: built, "the allot binary is not built next to the tests"))
  func aCorruptCalibrationIsAWarningNotAFailure() throws {
    let folder = try cacheFolder("corrupt")
    try FileManager.default.createDirectory(
      atPath: folder + "/allot", withIntermediateDirectories: true)
    try "{ not json".write(
      toFile: folder + "/allot/calibration.json", atomically: true, encoding: .utf8)
    let output = try TopologyTestSupport.run(
      Self.allot, ["topology"], environment: ["XDG_CACHE_HOME": folder])
    #expect(output.status == 0)
    #expect(output.stderr.contains("allot: ignoring"))
    #expect(output.stdout.contains("(estimate)"))
  }

  /// Bad --seconds values and a --file that is a folder are refused before any measurement.
  @Test(.enabled(if: built, "the allot binary is not built next to the tests"))
  func badSecondsAndAFolderAsFileAreRefusedAtOnce() throws {
    let folder = try cacheFolder("bad")
    for value in ["inf", "1e300", "0", "-1", "nan", "61", "1e-300", "0.001", "abc"] {
      let output = try TopologyTestSupport.run(
        Self.allot, ["calibrate", "--seconds", value], environment: ["XDG_CACHE_HOME": folder])
      #expect(output.status == 64, "\(value): \(output.stderr)")
      #expect(output.stderr.contains("--seconds"))
    }
    let output = try TopologyTestSupport.run(
      Self.allot, ["calibrate", "--seconds", "5", "--file", folder],
      environment: ["XDG_CACHE_HOME": folder])
    #expect(output.status == 66, "\(output.stderr)")
    #expect(output.stderr == "allot: \(folder): cannot write: is a directory\n")
    #expect(output.stdout.isEmpty, "nothing measured")
    let echoed = try TopologyTestSupport.run(
      Self.allot, ["calibrate", "--seconds", "1e-3"], environment: ["XDG_CACHE_HOME": folder])
    #expect(echoed.stderr.contains("got '1e-3'"), "the value as typed: \(echoed.stderr)")
  }

  /// The calibration file is replaced by a rename, which would replace a pipe or a device
  /// with a regular file: such a --file is refused before any measurement. A symbolic link
  /// is followed: its target gets the figures and the link stays.
  @Test(.enabled(if: built, "the allot binary is not built next to the tests"))
  func aPipeIsRefusedAndALinkIsFollowed() throws {
    let folder = try cacheFolder("special")
    let pipe = folder + "/pipe.json"
    #expect(mkfifo(pipe, 0o644) == 0)
    let refused = try TopologyTestSupport.run(
      Self.allot, ["calibrate", "--seconds", "0.02", "--file", pipe],
      environment: ["XDG_CACHE_HOME": folder])
    #expect(refused.status == 66, "\(refused.stderr)")
    #expect(refused.stderr == "allot: \(pipe): cannot write: is not a regular file\n")
    #expect(refused.stdout.isEmpty, "nothing measured")
    var status = stat()
    #expect(stat(pipe, &status) == 0 && (status.st_mode & S_IFMT) == S_IFIFO, "still a pipe")

    let target = folder + "/real.json"
    let link = folder + "/link.json"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    let stored = try TopologyTestSupport.run(
      Self.allot, ["calibrate", "--seconds", "0.02", "--file", link],
      environment: ["XDG_CACHE_HOME": folder])
    #expect(stored.status == 0, "\(stored.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
    #expect(CalibrationStore(path: target).loadSaved().calibration?.devices.isEmpty == false)
  }

  /// Paths that no rename can serve are refused before any measurement, each with its
  /// reason: a loop of links (which stays as it was), a path ending in /, an empty path, and
  /// a folder where no file can be made.
  @Test(.enabled(if: built, "the allot binary is not built next to the tests"))
  func unusableCalibrationPathsAreRefusedAtOnce() throws {
    let folder = try cacheFolder("unusable")
    let (first, second) = (folder + "/loop1", folder + "/loop2")
    try FileManager.default.createSymbolicLink(atPath: first, withDestinationPath: second)
    try FileManager.default.createSymbolicLink(atPath: second, withDestinationPath: first)
    let plain = folder + "/plain.txt"
    try "hello".write(toFile: plain, atomically: false, encoding: .utf8)
    let cases = [
      (first, "too many levels of symbolic links"),
      (plain + "/", "ends in /, which names a folder"),
      ("", "the path is empty"),
      // The reason depends on the user (no permission, or no file can be made there).
      ("/proc/allot-calibration.json", ""),
    ]
    for (path, reason) in cases {
      let output = try TopologyTestSupport.run(
        Self.allot, ["calibrate", "--seconds", "0.02", "--file", path],
        environment: ["XDG_CACHE_HOME": folder])
      #expect(output.status == 66, "\(path): \(output.stderr)")
      #expect(
        output.stderr.hasPrefix("allot: \(path): cannot write: \(reason)"), "\(output.stderr)")
      #expect(output.stdout.isEmpty, "nothing measured for \(path)")
    }
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: first) == second)
    #expect(try String(contentsOfFile: plain, encoding: .utf8) == "hello")
  }

}
