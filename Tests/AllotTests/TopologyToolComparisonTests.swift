import Allot
import Foundation
import Testing

/// What `Topology` reports compared with `lstopo-no-graphics` (Debian package hwloc) and
/// `clinfo` (Debian package clinfo) on the same machine. Skipped when the tools are absent.
@Suite struct TopologyToolComparisonTests {
  static let lstopo = TopologyTestSupport.tool("lstopo-no-graphics")
  static let clinfo = TopologyTestSupport.tool("clinfo")

  /// Labels that do not change while the machine runs (NUMA memory can, on virtual machines
  /// with ballooning, so only the node's OS index is compared).
  static let structure =
    #"PU L#\d+ \(P#\d+\)|Core L#\d+|Package L#\d+|L\d[di]? L#\d+ \(\d+[KMG]B\)|NUMANode L#\d+ \(P#\d+"#

  @Test(.enabled(if: lstopo != nil, "lstopo-no-graphics is not installed (Debian package hwloc)"))
  func treeMatchesLstopo() throws {
    let topology = try Topology.discover()
    let output = try TopologyTestSupport.run(try #require(Self.lstopo), ["--disallowed"])
    #expect(output.status == 0)
    let theirs = TopologyTestSupport.matches(Self.structure, in: output.stdout)
    let ours = TopologyTestSupport.matches(Self.structure, in: topology.textReport())
    #expect(!theirs.isEmpty)
    #expect(ours == theirs)
  }

  @Test(.enabled(if: lstopo != nil, "lstopo-no-graphics is not installed (Debian package hwloc)"))
  func xmlExportReadsBackTheSame() throws {
    let lstopo = try #require(Self.lstopo)
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("allot-live-\(getpid()).xml").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    let export = try TopologyTestSupport.run(lstopo, ["--of", "xml", "--force", path])
    #expect(export.status == 0)
    let live = try Topology.discover()
    let loaded = try Topology.load(xmlFile: path)
    #expect(loaded.cores.map(\.processingUnits) == live.cores.map(\.processingUnits))
    #expect(loaded.caches.map(\.cache) == live.caches.map(\.cache))
    #expect(loaded.numaNodes.map(\.osIndex) == live.numaNodes.map(\.osIndex))
  }

  /// `clinfo -l` lists `Platform #i: NAME` and `Device #j: NAME` lines.
  @Test(.enabled(if: clinfo != nil, "clinfo is not installed (Debian package clinfo)"))
  func openCLMatchesClinfo() throws {
    let topology = try Topology.discover()
    let output = try TopologyTestSupport.run(try #require(Self.clinfo), ["-l"])
    var platforms: [String] = []
    var devices: [String] = []
    for line in output.stdout.split(separator: "\n") {
      if let range = line.range(of: "Platform #") {
        let rest = line[range.upperBound...]
        if let colon = rest.range(of: ": ") { platforms.append(String(rest[colon.upperBound...])) }
      } else if let range = line.range(of: "Device #") {
        let rest = line[range.upperBound...]
        if let colon = rest.range(of: ": ") { devices.append(String(rest[colon.upperBound...])) }
      }
    }
    let workingPlatforms = topology.openCL.platforms.filter { $0.error == nil }
    #expect(workingPlatforms.map(\.name) == platforms)
    #expect(topology.openCL.devices.map(\.name) == devices)
  }
}
