/// Joins the hwloc snapshot, the host facts and the OpenCL inventory into a `Topology`:
/// links OpenCL devices to cores and NUMA nodes and estimates each runtime device's capacity.
enum TopologyAssembler {
  /// Memory bandwidth assumed per allowed core when nothing better is known, in GB/s.
  static let bandwidthPerCoreGBPerSecond = 10.0
  /// Memory bandwidth assumed at most per NUMA node, in GB/s (a few DDR4/DDR5 channels).
  static let bandwidthPerNUMANodeGBPerSecond = 80.0
  /// Bytes a GPU compute unit is assumed to move per clock, for the bandwidth estimate.
  static let gpuBytesPerUnitPerClock = 16.0

  static func assemble(
    snapshot: HwlocSnapshot, facts: HostFacts, openCL: OpenCLInventory, source: String
  ) -> Topology {
    let numaTotal = snapshot.root.objects(ofKind: .numaNode).reduce(0) {
      $0 + ($1.localMemoryBytes ?? 0)
    }
    let memory = MemoryReport(
      numaTotalBytes: numaTotal, memTotalBytes: facts.memTotalBytes,
      memAvailableBytes: facts.memAvailableBytes, cgroupLimitBytes: facts.cgroupMemoryLimitBytes,
      cgroupUsageBytes: facts.cgroupMemoryUsageBytes)
    var topology = Topology(
      source: source, machine: snapshot.root, pciDevices: snapshot.pciDevices,
      cpuModel: snapshot.cpuModel ?? facts.modelName, architecture: snapshot.architecture,
      clockMHz: facts.clockMHz, clockSource: facts.clockSource, simd: facts.simd,
      completeProcessingUnits: snapshot.completePUs, allowedProcessingUnits: snapshot.allowedPUs,
      cpuQuota: facts.cpuQuota, memory: memory, openCL: openCL, runtimeDevices: [])
    link(&topology)
    topology.runtimeDevices = runtimeDevices(of: topology)
    return topology
  }

  /// Marks OpenCL CPU devices as sharing the host cores and attaches PCI devices to the NUMA
  /// node hwloc's PCI locality gives (only when exactly one node is local).
  static func link(_ topology: inout Topology) {
    let pciByBus = Dictionary(
      topology.pciDevices.map { ($0.busID, $0) }, uniquingKeysWith: { first, _ in first })
    for platform in topology.openCL.platforms.indices {
      for index in topology.openCL.platforms[platform].devices.indices {
        var device = topology.openCL.platforms[platform].devices[index]
        device.sharesHostCores = device.type == .cpu
        if let bus = device.pciBusID, let pci = pciByBus[bus], pci.numaNodes.count == 1 {
          device.numaNode = pci.numaNodes[0]
        }
        topology.openCL.platforms[platform].devices[index] = device
      }
    }
  }

  /// How many cores' worth of threads can run: allowed cores, bounded by the cgroup quota.
  static func effectiveCores(_ topology: Topology) -> Double {
    let allowed = Double(topology.allowedCores.count)
    guard let quota = topology.cpuQuota, quota.cores > 0 else { return allowed }
    return min(allowed, quota.cores)
  }

  static func hostBandwidth(_ topology: Topology) -> Double {
    let nodes = max(1, topology.numaNodes.count)
    return min(
      effectiveCores(topology) * bandwidthPerCoreGBPerSecond,
      Double(nodes) * bandwidthPerNUMANodeGBPerSecond)
  }

  static func runtimeDevices(of topology: Topology) -> [RuntimeDevice] {
    let usable = topology.usableMemoryBytes
    let openCLDevices = topology.openCL.devices
    let hostSharers = openCLDevices.filter(\.sharesHostCores).map(\.deviceID)
    // Peak of the SIMD path: cores x clock x Float32 lanes x 2 (an FMA is two operations)
    // x FMA units per core (an assumption; see SIMDCapability.assumedFMAUnits).
    let cpuPeak =
      effectiveCores(topology) * (topology.clockMHz ?? 0) / 1000
      * Double(topology.simd.kernelFloatLanes) * 2 * Double(topology.simd.fmaUnitsPerCore)
    var devices = [
      RuntimeDevice(
        id: .cpu, kind: .cpu,
        name: "SIMD \(topology.simd.kernelInstructionSet) on \(topology.cpuModel ?? "CPU")",
        peakGFLOPS: cpuPeak, bandwidthGBPerSecond: hostBandwidth(topology),
        capacityIsEstimate: true, memoryBytes: usable, maxAllocationBytes: usable,
        sharesCoresWith: hostSharers, processingUnits: topology.allowedProcessingUnits)
    ]
    for device in openCLDevices {
      let kind: RuntimeDevice.Kind
      switch device.type {
      case .cpu: kind = .openCLCPU
      case .gpu: kind = .gpu
      default: kind = .accelerator
      }
      let bandwidth: Double
      if device.sharesHostCores || device.unifiedMemory {
        bandwidth = hostBandwidth(topology)
      } else {
        bandwidth =
          Double(device.computeUnits) * Double(device.maxClockMHz) / 1000
          * gpuBytesPerUnitPerClock
      }
      let memoryBytes =
        device.sharesHostCores
        ? min(device.globalMemoryBytes, usable) : device.globalMemoryBytes
      let sharers: [DeviceID] =
        device.sharesHostCores
        ? [.cpu] + hostSharers.filter { $0 != device.deviceID } : []
      devices.append(
        RuntimeDevice(
          id: device.deviceID, kind: kind, name: device.name, peakGFLOPS: device.peakGFLOPS,
          bandwidthGBPerSecond: bandwidth, capacityIsEstimate: true, memoryBytes: memoryBytes,
          maxAllocationBytes: min(device.maxAllocationBytes, memoryBytes),
          sharesCoresWith: sharers,
          processingUnits: device.sharesHostCores ? topology.allowedProcessingUnits : []))
    }
    return devices
  }
}
