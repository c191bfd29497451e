import Allot
import Foundation
import Testing

@Suite struct SavedModelTests {
  let machine = MachineIdentity(
    hostname: "host", cpuModel: "cpu", topologyDigest: "0123456789abcdef")

  func store(_ name: String) throws -> CalibrationStore {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "allot-saved-model-\(getpid())-\(name)")
    try? FileManager.default.removeItem(at: directory)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return CalibrationStore(path: directory.appendingPathComponent("calibration.json").path)
  }

  /// A model that has learned t = 1e-9 * work on `cpu` for kernel `k` (after a cold run).
  func trainedModel() -> PerformanceModel {
    let model = PerformanceModel()
    model.record(PerformanceSample(kernel: "k", device: "cpu", flops: 1e6, bytes: 0, seconds: 1))
    for flops in [1e6, 1e7, 1e8, 1e9] {
      model.record(
        PerformanceSample(kernel: "k", device: "cpu", flops: flops, bytes: 0, seconds: flops * 1e-9)
      )
    }
    return model
  }

  @Test func aSavedModelPredictsTheSameAfterLoading() throws {
    let store = try store("roundtrip")
    try store.save(model: trainedModel(), machine: machine)
    let saved = store.loadSaved(machine: machine)
    #expect(saved.warning == nil)
    // The cold first run was dropped before saving: four samples, on the line t = 1e-9 w.
    #expect(saved.performanceModel.samples().count == 4)
    let predicted = try #require(
      saved.performanceModel.predictFromHistory(kernel: "k", flops: 4e8, bytes: 0, device: "cpu"))
    #expect(abs(predicted - 0.4) / 0.4 < 1e-9)
    #expect(
      saved.performanceModel.predictFromHistory(
        kernel: "k", flops: 4e8, bytes: 0, device: "opencl:0")
        == nil)
  }

  @Test func savingTheModelKeepsTheCalibratedFigures() throws {
    let store = try store("keep")
    let figures = [DeviceCalibration(device: "cpu", gflops: 150, readGBPerSecond: 17)]
    try store.save(Calibration(machine: machine, devices: figures))
    try store.save(model: trainedModel(), machine: machine)
    let saved = store.loadSaved(machine: machine)
    #expect(saved.calibration?.devices == figures)
    #expect(saved.calibration?.samples.count == 4)
    let device = RuntimeDevice(
      id: .cpu, kind: .cpu, name: "cpu", peakGFLOPS: 1, bandwidthGBPerSecond: 1,
      capacityIsEstimate: true, memoryBytes: 1, maxAllocationBytes: 1, sharesCoresWith: [],
      processingUnits: [])
    #expect(saved.apply(to: [device])[0].peakGFLOPS == 150)
  }

  @Test func badFilesGiveAnEmptyModelAndAWarning() throws {
    let store = try store("bad")
    let header =
      #""machine": {"hostname": "host", "cpu_model": "cpu", "topology_digest": "0123456789abcdef"}, "devices": []"#
    let cases: [(String, String)] = [
      ("{\"format_version\": 1, ", "corrupt"),
      ("{\"format_version\": 2, \(header), \"samples\": []}", "format version 2"),
      (
        "{\"format_version\": 1, \(header), \"samples\": [{\"kernel\": \"k\", \"device\": \"cpu\", \"flops\": 1, \"bytes\": 0, \"seconds\": -1}]}",
        "invalid figures"
      ),
      (
        "{\"format_version\": 1, \(header), \"samples\": [{\"kernel\": \"k\", \"device\": \"gpu7\", \"flops\": 1, \"bytes\": 0, \"seconds\": 1}]}",
        "invalid figures"
      ),
    ]
    for (text, fragment) in cases {
      try text.write(toFile: store.path, atomically: true, encoding: .utf8)
      let saved = store.loadSaved(machine: machine)
      #expect(saved.calibration == nil)
      #expect(saved.performanceModel.samples().isEmpty)
      #expect(saved.warning?.contains(fragment) == true, "\(saved.warning ?? "no warning")")
    }
    // Saving over a bad file replaces it with a good one.
    try store.save(model: trainedModel(), machine: machine)
    #expect(store.loadSaved(machine: machine).warning == nil)
  }

  @Test func aMissingFileIsAnEmptyModelWithoutWarning() throws {
    let saved = try store("missing").loadSaved(machine: machine)
    #expect(saved.warning == nil)
    #expect(saved.calibration == nil)
    #expect(saved.performanceModel.samples().isEmpty)
  }
}
