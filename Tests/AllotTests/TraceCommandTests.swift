import Allot
import Foundation
import Testing

/// `--trace FILE` on the commands that run no workload: one slice per thing they do.
@Suite struct TraceCommandTests {
  static var allot: String { TopologyTestSupport.allotPath }
  static var built: Bool { FileManager.default.isExecutableFile(atPath: allot) }

  static func slices(_ path: String) throws -> [[String: Any]] {
    let object = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: path)))
    let events = try #require((object as? [String: Any])?["traceEvents"] as? [[String: Any]])
    return events.filter { $0["ph"] as? String == "X" }
  }

  static func scratch(_ name: String) -> String {
    NSTemporaryDirectory() + "allot-trace-\(getpid())-\(name)"
  }

  @Test(
    .enabled(if: built, "the allot binary is not built next to the tests (swift build -c release)"))
  func topologyTracesTheDiscovery() throws {
    let trace = Self.scratch("topology.json")
    let output = try TopologyTestSupport.run(Self.allot, ["topology", "--trace", trace])
    #expect(output.status == 0, "\(output.stderr)")
    let slices = try Self.slices(trace)
    #expect(slices.map { $0["name"] as? String } == ["topology.discover"])
  }

  @Test(
    .enabled(if: built, "the allot binary is not built next to the tests (swift build -c release)"))
  func calibrateTracesOneSlicePerDevice() throws {
    let trace = Self.scratch("calibrate.json")
    let file = Self.scratch("calibration.json")
    let output = try TopologyTestSupport.run(
      Self.allot, ["calibrate", "--seconds", "0.02", "--file", file, "--trace", trace])
    #expect(output.status == 0, "\(output.stderr)")
    let devices = try Topology.discover().runtimeDevices.count
    let slices = try Self.slices(trace)
    #expect(slices.count == devices)
    #expect(slices.allSatisfy { $0["name"] as? String == "calibrate" })
  }

  @Test(
    .enabled(if: built, "the allot binary is not built next to the tests (swift build -c release)"))
  func anUnwritableTraceFailsBeforeAnyWork() throws {
    let output = try TopologyTestSupport.run(
      Self.allot, ["topology", "--trace", "/nonexistent/dir/trace.json"])
    #expect(output.status == 66)
    #expect(output.stderr.split(separator: "\n").count == 1)
  }
}
