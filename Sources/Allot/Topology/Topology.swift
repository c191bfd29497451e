/// A read-only snapshot of the machine, built once at start-up: the hwloc tree (machine,
/// packages, NUMA nodes, caches, cores, PUs), the CPU's model, clock and SIMD width, the
/// cpuset and cgroup limits of this process, the OpenCL platforms and devices, the links
/// between them, and the runtime devices work can be sent to.
public struct Topology: Sendable, Equatable, Codable {
  /// `live` for the running machine, else the path of the hwloc XML file it was read from.
  public var source: String
  /// The root of the hardware tree (a `.machine` object).
  public var machine: TopologyObject
  /// PCI devices hwloc found (empty when hwloc was built without PCI support), with locality.
  public var pciDevices: [PCIDeviceInfo]
  /// The CPU model name (hwloc's `CPUModel`, else /proc/cpuinfo); nil when unknown.
  public var cpuModel: String?
  /// The CPU architecture hwloc reports (`x86_64`, `aarch64`); nil when unknown.
  public var architecture: String?
  /// The CPU clock in MHz used for the peak estimate; nil when unknown (hwloc does not
  /// report it; it comes from cpufreq or /proc/cpuinfo).
  public var clockMHz: Double?
  /// Where `clockMHz` came from.
  public var clockSource: String?
  /// The SIMD instruction sets the CPU supports and the kernels use.
  public var simd: SIMDCapability
  /// OS indices of every PU of the machine, allowed or not, ascending.
  public var completeProcessingUnits: [Int]
  /// OS indices of the PUs this process may run on (cgroup cpuset and CPU binding), ascending.
  /// Worker threads are pinned to these.
  public var allowedProcessingUnits: [Int]
  /// The cgroup CPU quota; nil when unlimited or unknown.
  public var cpuQuota: CPUQuota?
  /// NUMA memory as hwloc reports it and memory the process can really use.
  public var memory: MemoryReport
  /// The OpenCL platforms and devices, linked to this tree.
  public var openCL: OpenCLInventory
  /// The runtime devices: `cpu` first, then `opencl:N` in index order.
  public var runtimeDevices: [RuntimeDevice]

  /// Bytes the process can use; the figure admission decisions use.
  public var usableMemoryBytes: Int { memory.usableBytes }

  /// Discovers the running machine: hwloc (with PCI devices), /proc and /sys facts and the
  /// OpenCL platforms. Cost: one hwloc load and one OpenCL enumeration (tens of milliseconds).
  /// - Throws: `TopologyError.discoveryFailed` when hwloc fails; OpenCL problems never throw
  ///   (they are reported in `openCL.diagnostic`).
  public static func discover() throws -> Topology {
    let snapshot = try HwlocSnapshot.load(xmlPath: nil, bindToProcess: true)
    return TopologyAssembler.assemble(
      snapshot: snapshot, facts: .live(), openCL: .discover(), source: "live")
  }

  /// Reads a topology hwloc exported (`lstopo-no-graphics --of xml`). The facts hwloc does
  /// not record (clock, SIMD, cgroup limits) come from `hostFacts`, and the OpenCL devices
  /// from `openCL`, since the file describes another machine.
  /// - Throws: `TopologyError.unreadableFile` when the file is missing or unreadable,
  ///   `TopologyError.malformedXML` when hwloc rejects it.
  public static func load(
    xmlFile path: String, hostFacts: HostFacts = .unknown,
    openCL: OpenCLInventory = .notQueried
  ) throws -> Topology {
    let snapshot = try HwlocSnapshot.load(xmlPath: path, bindToProcess: false)
    return TopologyAssembler.assemble(
      snapshot: snapshot, facts: hostFacts, openCL: openCL, source: path)
  }

  /// Every package, in tree order.
  public var packages: [TopologyObject] { machine.objects(ofKind: .package) }
  /// Every NUMA node, in tree order.
  public var numaNodes: [TopologyObject] { machine.objects(ofKind: .numaNode) }
  /// Every CPU cache, in tree order.
  public var caches: [TopologyObject] { machine.objects(ofKind: .cache) }
  /// Every core, in tree order.
  public var cores: [TopologyObject] { machine.objects(ofKind: .core) }
  /// Every processing unit, in tree order.
  public var processingUnits: [TopologyObject] { machine.objects(ofKind: .processingUnit) }

  /// The cores with at least one allowed PU.
  public var allowedCores: [TopologyObject] {
    let allowed = Set(allowedProcessingUnits)
    return cores.filter { $0.processingUnits.contains(where: allowed.contains) }
  }

  /// The runtime device with this id, nil when absent.
  public func runtimeDevice(_ id: DeviceID) -> RuntimeDevice? {
    runtimeDevices.first { $0.id == id }
  }

  enum CodingKeys: String, CodingKey {
    case source
    case machine
    case pciDevices = "pci_devices"
    case cpuModel = "cpu_model"
    case architecture
    case clockMHz = "clock_mhz"
    case clockSource = "clock_source"
    case simd
    case completeProcessingUnits = "complete_pus"
    case allowedProcessingUnits = "allowed_pus"
    case cpuQuota = "cpu_quota"
    case memory
    case openCL = "opencl"
    case runtimeDevices = "runtime_devices"
  }
}
