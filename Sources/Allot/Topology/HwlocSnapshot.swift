import CHwloc

#if canImport(Glibc)
  import Glibc
#endif

/// What Allot keeps of an hwloc topology: the CPU and memory tree, the PCI devices with their
/// locality, and the PU sets. The hwloc topology itself is destroyed once this is built.
struct HwlocSnapshot {
  var root: TopologyObject
  var pciDevices: [PCIDeviceInfo]
  var completePUs: [Int]
  var allowedPUs: [Int]
  var cpuModel: String?
  var architecture: String?
  var hostName: String?

  /// Loads the running machine (`xmlPath == nil`) or an hwloc XML export, keeping I/O devices
  /// hwloc deems important (GPUs and other PCI devices) and disallowed PUs (so both the full
  /// and the allowed cpuset are known). When `bindToProcess`, the allowed set is also
  /// restricted to the process's CPU binding (taskset, sched_setaffinity).
  /// - Throws: `TopologyError`.
  static func load(xmlPath: String?, bindToProcess: Bool) throws -> HwlocSnapshot {
    var topologyHandle: hwloc_topology_t?
    guard hwloc_topology_init(&topologyHandle) == 0, let topology = topologyHandle else {
      throw TopologyError.discoveryFailed(detail: "hwloc_topology_init failed")
    }
    defer { hwloc_topology_destroy(topology) }
    _ = hwloc_topology_set_io_types_filter(topology, HWLOC_TYPE_FILTER_KEEP_IMPORTANT)
    // Instruction caches are hidden by default in the library (lstopo shows them).
    _ = hwloc_topology_set_icache_types_filter(topology, HWLOC_TYPE_FILTER_KEEP_ALL)
    _ = hwloc_topology_set_flags(
      topology, UInt(HWLOC_TOPOLOGY_FLAG_INCLUDE_DISALLOWED.rawValue))
    if let xmlPath {
      guard access(xmlPath, R_OK) == 0, !SystemFile.isDirectory(xmlPath) else {
        throw TopologyError.unreadableFile(path: xmlPath)
      }
      guard hwloc_topology_set_xml(topology, xmlPath) == 0 else {
        throw TopologyError.malformedXML(
          path: xmlPath, detail: "hwloc could not parse it: " + String(cString: strerror(errno)))
      }
    }
    guard hwloc_topology_load(topology) == 0 else {
      if let xmlPath {
        throw TopologyError.malformedXML(path: xmlPath, detail: "hwloc_topology_load failed")
      }
      throw TopologyError.discoveryFailed(detail: String(cString: strerror(errno)))
    }
    guard let rootObject = hwloc_get_obj_by_depth(topology, 0, 0) else {
      throw TopologyError.discoveryFailed(detail: "no root object")
    }
    let root = convert(rootObject)
    var allowed = Self.indices(of: hwloc_topology_get_allowed_cpuset(topology))
    if bindToProcess, let binding = hwloc_bitmap_alloc() {
      defer { hwloc_bitmap_free(binding) }
      if hwloc_get_cpubind(topology, binding, Int32(HWLOC_CPUBIND_PROCESS.rawValue)) == 0 {
        let bound = Set(Self.indices(of: binding))
        let restricted = allowed.filter { bound.contains($0) }
        if !restricted.isEmpty { allowed = restricted }
      }
    }
    var pciDevices: [PCIDeviceInfo] = []
    var pci = hwloc_get_next_pcidev(topology, nil)
    while let device = pci {
      let attributes = device.pointee.attr.pointee.pcidev
      var numaNodes: [Int] = []
      if let ancestor = hwloc_get_non_io_ancestor_obj(topology, device) {
        numaNodes = Self.indices(of: ancestor.pointee.nodeset)
      }
      let busID =
        fourHexDigits(Int(attributes.domain)) + ":" + Self.hex2(Int(attributes.bus)) + ":"
        + Self.hex2(Int(attributes.dev)) + "." + String(attributes.func, radix: 16)
      pciDevices.append(
        PCIDeviceInfo(
          busID: busID, classID: Int(attributes.class_id), vendorID: Int(attributes.vendor_id),
          deviceID: Int(attributes.device_id), numaNodes: numaNodes))
      pci = hwloc_get_next_pcidev(topology, device)
    }
    var cpuModel: String?
    var package = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_PACKAGE, nil)
    while let object = package, cpuModel == nil {
      cpuModel = Self.info(object, "CPUModel")
      package = hwloc_get_next_obj_by_type(topology, HWLOC_OBJ_PACKAGE, object)
    }
    return HwlocSnapshot(
      root: root, pciDevices: pciDevices,
      completePUs: Self.indices(of: hwloc_topology_get_complete_cpuset(topology)),
      allowedPUs: allowed, cpuModel: cpuModel ?? Self.info(rootObject, "CPUModel"),
      architecture: Self.info(rootObject, "Architecture"),
      hostName: Self.info(rootObject, "HostName"))
  }

  private static func hex2(_ value: Int) -> String {
    let digits = String(value, radix: 16)
    return digits.count < 2 ? "0" + digits : digits
  }

  /// The value of an hwloc info attribute, nil when absent or empty.
  private static func info(_ object: hwloc_obj_t, _ name: String) -> String? {
    guard let value = hwloc_obj_get_info_by_name(object, name) else { return nil }
    let text = String(cString: value)
    return text.isEmpty ? nil : text
  }

  /// The indices set in a finite bitmap, ascending.
  static func indices(of bitmap: hwloc_const_bitmap_t?) -> [Int] {
    guard let bitmap, hwloc_bitmap_weight(bitmap) >= 0 else { return [] }
    var result: [Int] = []
    var index = hwloc_bitmap_first(bitmap)
    while index >= 0 {
      result.append(Int(index))
      index = hwloc_bitmap_next(bitmap, index)
    }
    return result
  }

  /// Converts an object and its CPU and memory children (not I/O or Misc children).
  private static func convert(_ object: hwloc_obj_t) -> TopologyObject {
    let raw = object.pointee
    var kind: TopologyObjectKind
    var cache: CacheAttributes?
    var localMemory: Int?
    switch raw.type {
    case HWLOC_OBJ_MACHINE: kind = .machine
    case HWLOC_OBJ_PACKAGE: kind = .package
    case HWLOC_OBJ_DIE: kind = .die
    case HWLOC_OBJ_GROUP: kind = .group
    case HWLOC_OBJ_NUMANODE:
      kind = .numaNode
      localMemory = Int(raw.attr.pointee.numanode.local_memory)
    case HWLOC_OBJ_MEMCACHE: kind = .memoryCache
    case HWLOC_OBJ_CORE: kind = .core
    case HWLOC_OBJ_PU: kind = .processingUnit
    default: kind = .other
    }
    if hwloc_obj_type_is_cache(raw.type) != 0 {
      kind = .cache
      let attributes = raw.attr.pointee.cache
      let type: CacheAttributes.CacheType
      switch attributes.type {
      case HWLOC_OBJ_CACHE_DATA: type = .data
      case HWLOC_OBJ_CACHE_INSTRUCTION: type = .instruction
      default: type = .unified
      }
      cache = CacheAttributes(
        level: Int(attributes.depth), sizeBytes: Int(attributes.size),
        lineSizeBytes: Int(attributes.linesize), type: type, sharedByCores: [])
    }
    var children: [TopologyObject] = []
    for index in 0..<Int(raw.arity) {
      if let child = raw.children[index] { children.append(convert(child)) }
    }
    var memoryChildren: [TopologyObject] = []
    var memoryChild = raw.memory_first_child
    while let child = memoryChild {
      memoryChildren.append(convert(child))
      memoryChild = child.pointee.next_sibling
    }
    var converted = TopologyObject(
      kind: kind, logicalIndex: Int(raw.logical_index),
      osIndex: raw.os_index == UInt32.max ? nil : Int(raw.os_index),
      processingUnits: indices(of: raw.cpuset), localMemoryBytes: localMemory, cache: cache,
      subtype: raw.subtype.map { String(cString: $0) }, children: children,
      memoryChildren: memoryChildren)
    if converted.cache != nil {
      let cores = converted.objects(ofKind: .core).map(\.logicalIndex).sorted()
      converted.cache?.sharedByCores = cores
    }
    return converted
  }
}
