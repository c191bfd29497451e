/// The memory figures of the machine: what hwloc's NUMA nodes report and what the process can
/// really use. They differ on virtual machines and in containers; admission decisions use
/// `usableBytes`.
public struct MemoryReport: Sendable, Equatable, Codable {
  /// Sum of the NUMA nodes' local memory as hwloc reports it, in bytes.
  public var numaTotalBytes: Int
  /// `MemTotal` from /proc/meminfo in bytes; nil when not read.
  public var memTotalBytes: Int?
  /// `MemAvailable` from /proc/meminfo in bytes; nil when not read.
  public var memAvailableBytes: Int?
  /// The cgroup memory limit in bytes (`memory.max` or `memory.limit_in_bytes`); nil when
  /// unlimited or unknown.
  public var cgroupLimitBytes: Int?
  /// Memory current usage charged to the cgroup, in bytes; nil when unknown.
  public var cgroupUsageBytes: Int?

  /// A report; see the properties for meanings.
  public init(
    numaTotalBytes: Int, memTotalBytes: Int?, memAvailableBytes: Int?, cgroupLimitBytes: Int?,
    cgroupUsageBytes: Int?
  ) {
    self.numaTotalBytes = numaTotalBytes
    self.memTotalBytes = memTotalBytes
    self.memAvailableBytes = memAvailableBytes
    self.cgroupLimitBytes = cgroupLimitBytes
    self.cgroupUsageBytes = cgroupUsageBytes
  }

  /// The bytes the process can allocate without being killed or swapping: the smallest of
  /// MemAvailable and the room left under the cgroup limit; the NUMA total when neither is
  /// known (a topology read from a file).
  public var usableBytes: Int {
    var candidates: [Int] = []
    if let memAvailableBytes { candidates.append(memAvailableBytes) }
    if let cgroupLimitBytes {
      candidates.append(max(0, cgroupLimitBytes - (cgroupUsageBytes ?? 0)))
    }
    return candidates.min() ?? numaTotalBytes
  }

  enum CodingKeys: String, CodingKey {
    case numaTotalBytes = "numa_total_bytes"
    case memTotalBytes = "mem_total_bytes"
    case memAvailableBytes = "mem_available_bytes"
    case cgroupLimitBytes = "cgroup_limit_bytes"
    case cgroupUsageBytes = "cgroup_usage_bytes"
  }

  // usable_bytes is written to JSON too, for readers; it is derived on decoding.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: ExtendedKeys.self)
    try container.encode(numaTotalBytes, forKey: .numaTotalBytes)
    try container.encodeIfPresent(memTotalBytes, forKey: .memTotalBytes)
    try container.encodeIfPresent(memAvailableBytes, forKey: .memAvailableBytes)
    try container.encodeIfPresent(cgroupLimitBytes, forKey: .cgroupLimitBytes)
    try container.encodeIfPresent(cgroupUsageBytes, forKey: .cgroupUsageBytes)
    try container.encode(usableBytes, forKey: .usableBytes)
  }

  private enum ExtendedKeys: String, CodingKey {
    case numaTotalBytes = "numa_total_bytes"
    case memTotalBytes = "mem_total_bytes"
    case memAvailableBytes = "mem_available_bytes"
    case cgroupLimitBytes = "cgroup_limit_bytes"
    case cgroupUsageBytes = "cgroup_usage_bytes"
    case usableBytes = "usable_bytes"
  }
}
