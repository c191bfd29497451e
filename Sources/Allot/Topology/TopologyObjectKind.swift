/// The kind of an object in the hardware tree, as hwloc classifies it.
public enum TopologyObjectKind: String, Sendable, Codable, CaseIterable {
  /// The whole machine (the root of the tree).
  case machine
  /// A physical processor package (socket).
  case package
  /// A die inside a package.
  case die
  /// A group of objects hwloc found related (for example a cluster of cores).
  case group
  /// A NUMA node: a bank of memory with its local cores.
  case numaNode = "numa_node"
  /// A memory-side cache in front of a NUMA node.
  case memoryCache = "memory_cache"
  /// A CPU cache (data, instruction or unified), any level.
  case cache
  /// A physical core.
  case core
  /// A processing unit (hardware thread), the unit the operating system schedules.
  case processingUnit = "pu"
  /// Anything else hwloc reports in the CPU tree.
  case other

  /// The name lstopo prints for this kind (caches are named by level instead).
  public var lstopoName: String {
    switch self {
    case .machine: return "Machine"
    case .package: return "Package"
    case .die: return "Die"
    case .group: return "Group0"
    case .numaNode: return "NUMANode"
    case .memoryCache: return "MemCache"
    case .cache: return "Cache"
    case .core: return "Core"
    case .processingUnit: return "PU"
    case .other: return "Misc"
    }
  }
}
