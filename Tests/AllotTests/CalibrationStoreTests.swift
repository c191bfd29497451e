import Allot
import Foundation
import Testing

@Suite struct CalibrationStoreTests {
  let machine = MachineIdentity(
    hostname: "host", cpuModel: "cpu", topologyDigest: "0123456789abcdef")

  func temporaryPath(_ name: String) throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "allot-calibration-\(getpid())-\(name)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent("calibration.json").path
  }

  @Test func aSavedCalibrationLoadsBackOnTheSameMachine() throws {
    let store = CalibrationStore(path: try temporaryPath("roundtrip"))
    let calibration = Calibration(
      machine: machine,
      devices: [DeviceCalibration(device: "cpu", gflops: 150, readGBPerSecond: 17)],
      samples: [PerformanceSample(kernel: "k", device: "cpu", flops: 1, bytes: 2, seconds: 3)])
    try store.save(calibration)
    let loaded = store.load(for: machine)
    #expect(loaded.calibration == calibration)
    #expect(loaded.warning == nil)
  }

  @Test func aMissingFileIsNoCalibrationAndNoWarning() throws {
    let loaded = CalibrationStore(path: try temporaryPath("missing")).load(for: machine)
    #expect(loaded.calibration == nil)
    #expect(loaded.warning == nil)
  }

  @Test func corruptOtherVersionAndOtherMachineFilesAreIgnoredWithAWarning() throws {
    let path = try temporaryPath("bad")
    let store = CalibrationStore(path: path)
    let cases: [(String, String)] = [
      ("{\"format_version\": 1, \"machine\": ", "corrupt"),
      ("[1, 2, 3]", "corrupt"),
      (
        #"{"format_version": 99, "machine": {}, "devices": [], "samples": []}"#, "format version 99"
      ),
      (#"{"format_version": 1, "devices": "cpu"}"#, "not a calibration file"),
      (
        #"{"format_version": 1, "machine": {"hostname": "other", "cpu_model": "cpu", "topology_digest": "0123456789abcdef"}, "devices": [], "samples": []}"#,
        "another machine"
      ),
      (
        #"{"format_version": 1, "machine": {"hostname": "host", "cpu_model": "cpu", "topology_digest": "0123456789abcdef"}, "devices": [{"device": "cpu", "gflops": -1, "read_gb_per_second": 1}], "samples": []}"#,
        "non-positive"
      ),
    ]
    for (text, fragment) in cases {
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      let loaded = store.load(for: machine)
      #expect(loaded.calibration == nil, "\(text)")
      #expect(loaded.warning?.contains(fragment) == true, "\(loaded.warning ?? "no warning")")
    }
  }

  @Test func theDefaultFileFollowsXDGCacheHome() {
    #expect(
      CalibrationStore.defaultStore(environment: ["XDG_CACHE_HOME": "/x/cache", "HOME": "/h"]).path
        == "/x/cache/allot/calibration.json")
    #expect(
      CalibrationStore.defaultStore(environment: ["HOME": "/h"]).path
        == "/h/.cache/allot/calibration.json")
  }

  @Test func calibratedFiguresReplaceEstimates() {
    let device = RuntimeDevice(
      id: .cpu, kind: .cpu, name: "cpu", peakGFLOPS: 1, bandwidthGBPerSecond: 1,
      capacityIsEstimate: true, memoryBytes: 1, maxAllocationBytes: 1, sharesCoresWith: [],
      processingUnits: [])
    let calibration = Calibration(
      machine: machine,
      devices: [DeviceCalibration(device: "cpu", gflops: 150, readGBPerSecond: 17)])
    let applied = calibration.apply(to: [device])[0]
    #expect(applied.peakGFLOPS == 150)
    #expect(applied.bandwidthGBPerSecond == 17)
    #expect(applied.capacityIsEstimate == false)
  }

  @Test func theMachineIdentityIsStableOnThisMachine() {
    let first = MachineIdentity.current()
    #expect(first == MachineIdentity.current())
    #expect(first.topologyDigest.count == 16)
  }
}
