import Allot
import Foundation
import Testing

/// `allot topology` run as a subprocess: exit codes, JSON output, and the no-OpenCL case.
@Suite struct TopologyCommandTests {
  static var allot: String { TopologyTestSupport.allotPath }
  static var built: Bool { FileManager.default.isExecutableFile(atPath: allot) }

  @Test(
    .enabled(if: built, "the allot binary is not built next to the tests (swift build -c release)"))
  func unknownFlagIsAUsageError() throws {
    let output = try TopologyTestSupport.run(Self.allot, ["topology", "--frobnicate"])
    #expect(output.status == 64)
    #expect(output.stderr.contains("--frobnicate"))
    #expect(output.stderr.contains("see `allot topology --help`"))
    #expect(output.stderr.split(separator: "\n").count == 1)
  }

  @Test(
    .enabled(if: built, "the allot binary is not built next to the tests (swift build -c release)"))
  func missingInputExits66() throws {
    let output = try TopologyTestSupport.run(
      Self.allot, ["topology", "--input", "/nonexistent/machine.xml"])
    #expect(output.status == 66)
    #expect(output.stderr.hasPrefix("allot: /nonexistent/machine.xml"))
  }

  @Test(
    .enabled(if: built, "the allot binary is not built next to the tests (swift build -c release)"))
  func malformedInputExits65() throws {
    let path = TopologyTestSupport.fixture("truncated.xml")
    let output = try TopologyTestSupport.run(Self.allot, ["topology", "--input", path])
    #expect(output.status == 65)
    #expect(output.stderr.contains("allot: \(path)"))
  }

  @Test(
    .enabled(if: built, "the allot binary is not built next to the tests (swift build -c release)"))
  func xmlInputAsJSON() throws {
    let path = TopologyTestSupport.fixture("four-numa-no-smt.xml")
    let output = try TopologyTestSupport.run(Self.allot, ["topology", "--input", path, "--json"])
    #expect(output.status == 0)
    let topology = try Topology(jsonData: Data(output.stdout.utf8))
    #expect(topology.numaNodes.count == 4)
    #expect(topology.cores.count == 8)
    #expect(topology.source == path)
  }

  /// With OCL_ICD_VENDORS pointing at an empty folder the loader finds no platform: the
  /// topology says which folder was searched and which package provides a driver, and the
  /// CPU device is still there.
  @Test(
    .enabled(if: built, "the allot binary is not built next to the tests (swift build -c release)"))
  func noOpenCLPlatform() throws {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("allot-empty-icd-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let environment = ["OCL_ICD_VENDORS": folder.path]
    let json = try TopologyTestSupport.run(
      Self.allot, ["topology", "--json"], environment: environment)
    #expect(json.status == 0)
    let topology = try Topology(jsonData: Data(json.stdout.utf8))
    #expect(topology.openCL.platforms.isEmpty)
    let diagnostic = try #require(topology.openCL.diagnostic)
    #expect(diagnostic.contains(folder.path))
    #expect(diagnostic.contains("pocl-opencl-icd"))
    #expect(topology.runtimeDevices.map(\.id) == [.cpu])
    #expect(topology.runtimeDevice(.cpu)?.sharesCoresWith == [])
    let text = try TopologyTestSupport.run(Self.allot, ["topology"], environment: environment)
    #expect(text.status == 0)
    #expect(text.stdout.contains("no OpenCL platform found"))
    #expect(text.stdout.contains("Runtime devices:"))
  }
}
