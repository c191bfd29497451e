/// The human-readable report `allot topology` prints: the hardware tree in the manner of
/// `lstopo`, the OpenCL platforms and devices in the manner of `clinfo -l`, then the runtime
/// devices.
extension Topology {
  /// The report as lines ending in a newline. O(objects + devices).
  public func textReport() -> String {
    var lines: [String] = []
    lines.append(contentsOf: treeLines(machine, indent: 0))
    for pci in pciDevices {
      let near =
        pci.numaNodes.isEmpty
        ? "" : " near NUMANode " + pci.numaNodes.map { "P#\($0)" }.joined(separator: ",")
      lines.append(
        "PCI \(pci.busID) (\(pci.className)) [\(fourHexDigits(pci.vendorID)):\(fourHexDigits(pci.deviceID))]\(near)"
      )
    }
    lines.append("")
    lines.append("CPU: \(cpuModel ?? "unknown model")\(architecture.map { ", " + $0 } ?? "")")
    if let clockMHz {
      lines.append(
        "  clock \(Self.decimal(clockMHz, digits: 0)) MHz (\(clockSource ?? "unknown source"))")
    } else {
      lines.append("  clock unknown")
    }
    lines.append(
      "  SIMD: widest \(simd.widestInstructionSet) (\(simd.widestVectorBits)-bit), kernels use "
        + "\(simd.kernelInstructionSet) (\(simd.kernelVectorBits)-bit, \(simd.kernelFloatLanes) "
        + "float lanes), \(simd.fmaUnitsPerCore) FMA unit(s) per core assumed")
    lines.append(
      "  PUs: \(completeProcessingUnits.count) in total (\(Self.ranges(completeProcessingUnits))), "
        + "\(allowedProcessingUnits.count) allowed (\(Self.ranges(allowedProcessingUnits))); "
        + "\(allowedCores.count) of \(cores.count) cores allowed")
    if let cpuQuota {
      lines.append(
        "  cgroup CPU quota: \(Self.decimal(cpuQuota.cores, digits: 2)) CPUs "
          + "(\(cpuQuota.quotaMicroseconds) us per \(cpuQuota.periodMicroseconds) us, \(cpuQuota.source))"
      )
    } else {
      lines.append("  cgroup CPU quota: none")
    }
    lines.append("Memory:")
    lines.append("  NUMA total (hwloc): \(Self.bytes(memory.numaTotalBytes))")
    lines.append(
      "  MemTotal: \(memory.memTotalBytes.map(Self.bytes) ?? "unknown"), MemAvailable: \(memory.memAvailableBytes.map(Self.bytes) ?? "unknown")"
    )
    lines.append(
      "  cgroup limit: \(memory.cgroupLimitBytes.map(Self.bytes) ?? "none")\(memory.cgroupUsageBytes.map { ", used " + Self.bytes($0) } ?? "")"
    )
    lines.append("  usable: \(Self.bytes(memory.usableBytes))")
    lines.append("")
    lines.append("OpenCL:")
    if !openCL.queried {
      lines.append("  not queried (topology read from \(source))")
    }
    for platform in openCL.platforms {
      lines.append("Platform #\(platform.index): \(platform.name)")
      lines.append("     vendor \(platform.vendor), \(platform.version)")
      if let error = platform.error {
        lines.append(" `-- device query failed: \(error)")
      }
      for (position, device) in platform.devices.enumerated() {
        let branch = position == platform.devices.count - 1 ? " `--" : " +--"
        lines.append(
          "\(branch) Device #\(device.indexInPlatform): \(device.name)  [opencl:\(device.globalIndex)]"
        )
        let pad = "       "
        lines.append(
          "\(pad)type \(device.type.rawValue.uppercased()), vendor \(device.vendor), driver \(device.driverVersion)"
        )
        lines.append("\(pad)\(device.deviceVersion); \(device.openCLCVersion)")
        lines.append(
          "\(pad)\(device.computeUnits) compute units @ \(device.maxClockMHz) MHz, "
            + "\(device.lanesPerComputeUnit) float lanes per unit, float vector preferred "
            + "\(device.preferredFloatVectorWidth) native \(device.nativeFloatVectorWidth)")
        lines.append(
          "\(pad)global memory \(Self.bytes(device.globalMemoryBytes)), local "
            + "\(Self.bytes(device.localMemoryBytes)), max allocation "
            + "\(Self.bytes(device.maxAllocationBytes)), max work-group \(device.maxWorkGroupSize)")
        lines.append(
          "\(pad)fp64 \(device.supportsFP64 ? "yes" : "no"), unified memory "
            + "\(device.unifiedMemory ? "yes" : "no"), PCI \(device.pciBusID ?? "-"), NUMA node "
            + "\(device.numaNode.map { "P#\($0)" } ?? "-")"
            + (device.sharesHostCores ? ", runs on the host cores (shared with cpu)" : ""))
      }
    }
    if let diagnostic = openCL.diagnostic, openCL.queried {
      lines.append("  note: \(diagnostic)")
    }
    lines.append("")
    lines.append("Runtime devices:")
    for device in runtimeDevices {
      let shares =
        device.sharesCoresWith.isEmpty
        ? ""
        : ", shares cores with " + device.sharesCoresWith.map(\.description).joined(separator: ", ")
      let pus = device.processingUnits.isEmpty ? "" : ", PUs \(Self.ranges(device.processingUnits))"
      let estimate = device.capacityIsEstimate ? " (estimate)" : " (calibrated)"
      lines.append(
        "  \(device.id.description.topologyPadded(to: 10))\(device.kind.rawValue): \(device.name)")
      lines.append(
        "            peak \(Self.decimal(device.peakGFLOPS, digits: 1)) GFLOP/s\(estimate), bandwidth "
          + "\(Self.decimal(device.bandwidthGBPerSecond, digits: 1)) GB/s\(estimate), load 0")
      lines.append(
        "            memory \(Self.bytes(device.memoryBytes)), max allocation "
          + "\(Self.bytes(device.maxAllocationBytes))\(pus)\(shares)")
    }
    return lines.map { $0 + "\n" }.joined()
  }

  /// One object and its subtree; single-child chains are joined with ` + ` as lstopo does.
  private func treeLines(_ object: TopologyObject, indent: Int) -> [String] {
    var labels = [Self.label(object)]
    var current = object
    // The root is never joined: lstopo lists the machine's I/O bridges beside its child.
    while current.kind != .machine, current.memoryChildren.isEmpty, current.children.count == 1 {
      current = current.children[0]
      labels.append(Self.label(current))
    }
    var lines = [String(repeating: "  ", count: indent) + labels.joined(separator: " + ")]
    for child in current.memoryChildren { lines += treeLines(child, indent: indent + 1) }
    for child in current.children { lines += treeLines(child, indent: indent + 1) }
    return lines
  }

  /// The lstopo label of one object: `L2 L#0 (1024KB)`, `PU L#3 (P#3)`,
  /// `NUMANode L#0 (P#0 5082MB)`.
  static func label(_ object: TopologyObject) -> String {
    switch object.kind {
    case .machine:
      let total = object.objects(ofKind: .numaNode).reduce(0) { $0 + ($1.localMemoryBytes ?? 0) }
      return "Machine (\(lstopoSize(total)) total)"
    case .cache:
      let cache = object.cache
      return
        "\(cache?.lstopoName ?? "Cache") L#\(object.logicalIndex) (\(lstopoSize(cache?.sizeBytes ?? 0)))"
    case .numaNode:
      let os = object.osIndex.map { "P#\($0) " } ?? ""
      return "NUMANode L#\(object.logicalIndex) (\(os)\(lstopoSize(object.localMemoryBytes ?? 0)))"
    case .processingUnit:
      return "PU L#\(object.logicalIndex)" + (object.osIndex.map { " (P#\($0))" } ?? "")
    case .group:
      return "\(object.subtype ?? "Group0") L#\(object.logicalIndex)"
    default:
      return "\(object.kind.lstopoName) L#\(object.logicalIndex)"
    }
  }

  /// A size as lstopo prints it: KB below 10 MiB, MB below 10 GiB, GB above, rounded.
  static func lstopoSize(_ bytes: Int) -> String {
    if bytes < 10 << 20 { return "\((bytes + 512) >> 10)KB" }
    if bytes < 10 << 30 { return "\((bytes + (1 << 19)) >> 20)MB" }
    return "\((bytes + (1 << 29)) >> 30)GB"
  }

  /// Bytes with a binary unit: `3.72 GiB`, `1024 KiB`.
  static func bytes(_ value: Int) -> String {
    let units = ["B", "KiB", "MiB", "GiB", "TiB"]
    var scaled = Double(value)
    var unit = 0
    while scaled >= 1024, unit < units.count - 1 {
      scaled /= 1024
      unit += 1
    }
    return unit == 0
      ? "\(value) B"
      : "\(decimal(scaled, digits: scaled == scaled.rounded() ? 0 : 2)) \(units[unit])"
  }

  /// `value` with `digits` decimals.
  static func decimal(_ value: Double, digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    if digits == 0 { return String(Int(rounded)) }
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
      let decimals = text.distance(from: dot, to: text.endIndex) - 1
      if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
    }
    return text
  }

  /// `0-3,8,10-11`: ascending integers as ranges.
  static func ranges(_ values: [Int]) -> String {
    guard !values.isEmpty else { return "none" }
    var parts: [String] = []
    var start = values[0]
    var previous = values[0]
    for value in values.dropFirst() + [Int.min] {
      if value == previous + 1 {
        previous = value
        continue
      }
      parts.append(start == previous ? "\(start)" : "\(start)-\(previous)")
      start = value
      previous = value
    }
    return parts.joined(separator: ",")
  }
}

extension String {
  /// The string padded with spaces to at least `length` characters.
  func topologyPadded(to length: Int) -> String {
    count >= length ? self + " " : self + String(repeating: " ", count: length - count)
  }
}
