/// A PCI device hwloc found, with the NUMA nodes it is close to.
public struct PCIDeviceInfo: Sendable, Equatable, Codable {
  /// The bus id as `dddd:bb:dd.f` (hexadecimal, lower case).
  public var busID: String
  /// The PCI class (for example 0x0302 for a 3D controller).
  public var classID: Int
  /// The PCI vendor id (0x10de NVIDIA, 0x1002 AMD, 0x8086 Intel).
  public var vendorID: Int
  /// The PCI device id.
  public var deviceID: Int
  /// OS indices of the NUMA nodes local to the device (hwloc's PCI locality); empty when
  /// unknown.
  public var numaNodes: [Int]

  /// A PCI device; see the properties for the meaning of each value.
  public init(busID: String, classID: Int, vendorID: Int, deviceID: Int, numaNodes: [Int]) {
    self.busID = busID
    self.classID = classID
    self.vendorID = vendorID
    self.deviceID = deviceID
    self.numaNodes = numaNodes
  }

  /// A short class name in the manner of lstopo (`3D`, `VGA`, `Ethernet`, `Storage`).
  public var className: String {
    switch classID {
    case 0x0300: return "VGA"
    case 0x0302: return "3D"
    case 0x0380: return "Display"
    case 0x1200: return "Accelerator"
    case 0x0200: return "Ethernet"
    case 0x0207: return "InfiniBand"
    case 0x0100..<0x0200: return "Storage"
    case 0x0200..<0x0300: return "Network"
    case 0x0300..<0x0400: return "Display"
    default: return fourHexDigits(classID)
    }
  }

  enum CodingKeys: String, CodingKey {
    case busID = "bus_id"
    case classID = "class_id"
    case vendorID = "vendor_id"
    case deviceID = "device_id"
    case numaNodes = "numa_nodes"
  }
}

/// `value` as four lower-case hexadecimal digits.
func fourHexDigits(_ value: Int) -> String {
  let digits = String(value, radix: 16)
  return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
}
