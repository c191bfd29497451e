import Allot
import Foundation
import Testing

/// The JSON document of `allot topology --json`: it round-trips, uses snake_case keys and
/// says what the text says.
@Suite struct TopologyJSONTests {
  static func topologies() throws -> [Topology] {
    [
      try Topology.discover(),
      try Topology.load(xmlFile: TopologyTestSupport.fixture("two-packages-smt.xml")),
      try Topology.load(xmlFile: TopologyTestSupport.fixture("four-numa-no-smt.xml")),
    ]
  }

  @Test func roundTrips() throws {
    for topology in try Self.topologies() {
      let decoded = try Topology(jsonData: try topology.jsonData())
      #expect(decoded == topology)
    }
  }

  static func keys(_ value: Any, into keys: inout Set<String>) {
    if let dictionary = value as? [String: Any] {
      for (key, child) in dictionary {
        keys.insert(key)
        Self.keys(child, into: &keys)
      }
    } else if let array = value as? [Any] {
      for child in array { Self.keys(child, into: &keys) }
    }
  }

  @Test func keysAreSnakeCase() throws {
    let topology = try Topology.discover()
    let object = try JSONSerialization.jsonObject(with: try topology.jsonData())
    var keys: Set<String> = []
    Self.keys(object, into: &keys)
    for key in keys {
      #expect(key.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "key \(key)")
    }
    for required in ["machine", "runtime_devices", "opencl", "memory", "allowed_pus", "simd"] {
      #expect(keys.contains(required))
    }
  }

  /// Every PU, NUMA node and runtime device in the JSON appears in the text report.
  @Test func jsonMatchesText() throws {
    for topology in try Self.topologies() {
      let text = topology.textReport()
      let json = try #require(
        try JSONSerialization.jsonObject(with: try topology.jsonData()) as? [String: Any])
      var pus: [Int] = []
      var stack = [try #require(json["machine"] as? [String: Any])]
      while let object = stack.popLast() {
        if object["kind"] as? String == "pu", let os = object["os_index"] as? Int,
          let logical = object["logical_index"] as? Int
        {
          pus.append(os)
          #expect(text.contains("PU L#\(logical) (P#\(os))"))
        }
        stack += (object["children"] as? [[String: Any]]) ?? []
        stack += (object["memory_children"] as? [[String: Any]]) ?? []
      }
      #expect(pus.sorted() == (json["complete_pus"] as? [Int]))
      let devices = try #require(json["runtime_devices"] as? [[String: Any]])
      for device in devices {
        let id = try #require(device["id"] as? String)
        #expect(text.contains("  \(id) "))
        #expect(device["load"] as? Int == 0)
        #expect(device["capacity_is_estimate"] as? Bool == true)
      }
      let memory = try #require(json["memory"] as? [String: Any])
      #expect(memory["usable_bytes"] as? Int == topology.usableMemoryBytes)
    }
  }
}
