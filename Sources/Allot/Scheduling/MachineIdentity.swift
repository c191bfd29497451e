import CHwloc
import Foundation

/// What makes calibration figures belong to one machine: its host name, its CPU model and a
/// digest of its hwloc topology (object counts per level and cache sizes). A file written
/// on another machine, or after the hardware changed, has a different identity.
public struct MachineIdentity: Sendable, Equatable, Codable {
  /// The host name.
  public var hostname: String
  /// The CPU model from /proc/cpuinfo ("unknown" where there is none).
  public var cpuModel: String
  /// 16 hex digits: FNV-1a of the topology summary.
  public var topologyDigest: String

  enum CodingKeys: String, CodingKey {
    case hostname
    case cpuModel = "cpu_model"
    case topologyDigest = "topology_digest"
  }

  /// An identity with the given fields.
  public init(hostname: String, cpuModel: String, topologyDigest: String) {
    self.hostname = hostname
    self.cpuModel = cpuModel
    self.topologyDigest = topologyDigest
  }

  /// The identity of the machine this runs on.
  public static func current() -> MachineIdentity {
    let model =
      (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
      .split(separator: "\n").first { $0.hasPrefix("model name") }
      .flatMap { $0.split(separator: ":", maxSplits: 1).last }
      .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
    return MachineIdentity(
      hostname: ProcessInfo.processInfo.hostName, cpuModel: model,
      topologyDigest: topologyDigest())
  }

  /// FNV-1a (64-bit) of "type:count" per topology level plus cache sizes, as hex.
  static func topologyDigest() -> String {
    var topology: hwloc_topology_t?
    guard hwloc_topology_init(&topology) == 0, let topology else { return "none" }
    defer { hwloc_topology_destroy(topology) }
    guard hwloc_topology_load(topology) == 0 else { return "none" }
    var summary = ""
    let depth = hwloc_topology_get_depth(topology)
    for level in 0..<depth {
      let count = hwloc_get_nbobjs_by_depth(topology, level)
      let type = hwloc_get_depth_type(topology, level)
      summary += "\(type.rawValue):\(count);"
      if count > 0, let object = hwloc_get_obj_by_depth(topology, level, 0),
        hwloc_obj_type_is_cache(type) != 0, let attributes = object.pointee.attr
      {
        summary += "size=\(attributes.pointee.cache.size);"
      }
    }
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in summary.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    let hex = String(hash, radix: 16)
    return String(repeating: "0", count: 16 - hex.count) + hex
  }
}
