/// One object of the hardware tree (machine, package, NUMA node, cache, core, PU), with its
/// children, in the order hwloc gives them.
public struct TopologyObject: Sendable, Equatable, Codable {
  /// What the object is.
  public var kind: TopologyObjectKind
  /// hwloc's logical index among the objects of the same kind (and cache level), from 0.
  public var logicalIndex: Int
  /// The operating system's index (PU and NUMA node numbers), nil when hwloc has none.
  public var osIndex: Int?
  /// OS indices of the processing units below this object, ascending.
  public var processingUnits: [Int]
  /// Local memory in bytes, for NUMA nodes; nil otherwise.
  public var localMemoryBytes: Int?
  /// Cache level, size and sharing, for caches; nil otherwise.
  public var cache: CacheAttributes?
  /// A subtype or name hwloc attached (for example `Cluster` for a group), if any.
  public var subtype: String?
  /// Children in the CPU hierarchy.
  public var children: [TopologyObject]
  /// Memory children (NUMA nodes and memory-side caches) attached at this level.
  public var memoryChildren: [TopologyObject]

  /// An object; see the properties for the meaning of each value.
  public init(
    kind: TopologyObjectKind, logicalIndex: Int, osIndex: Int?, processingUnits: [Int],
    localMemoryBytes: Int? = nil, cache: CacheAttributes? = nil, subtype: String? = nil,
    children: [TopologyObject] = [], memoryChildren: [TopologyObject] = []
  ) {
    self.kind = kind
    self.logicalIndex = logicalIndex
    self.osIndex = osIndex
    self.processingUnits = processingUnits
    self.localMemoryBytes = localMemoryBytes
    self.cache = cache
    self.subtype = subtype
    self.children = children
    self.memoryChildren = memoryChildren
  }

  /// Every object of this subtree in depth-first order (self first, memory children before
  /// CPU children, as lstopo prints them). O(n).
  public var allObjects: [TopologyObject] {
    var result: [TopologyObject] = []
    collect(into: &result)
    return result
  }

  private func collect(into result: inout [TopologyObject]) {
    result.append(self)
    for child in memoryChildren { child.collect(into: &result) }
    for child in children { child.collect(into: &result) }
  }

  /// The objects of `kind` in this subtree, in depth-first order. O(n).
  public func objects(ofKind kind: TopologyObjectKind) -> [TopologyObject] {
    allObjects.filter { $0.kind == kind }
  }

  enum CodingKeys: String, CodingKey {
    case kind
    case logicalIndex = "logical_index"
    case osIndex = "os_index"
    case processingUnits = "pus"
    case localMemoryBytes = "local_memory_bytes"
    case cache
    case subtype
    case children
    case memoryChildren = "memory_children"
  }
}
