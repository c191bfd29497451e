/// `RuntimeDevice` in JSON, with snake_case keys. The current load is runtime state, not part
/// of the topology: it is written as 0 and ignored on reading.
extension RuntimeDevice: Codable {
  enum CodingKeys: String, CodingKey {
    case id
    case kind
    case name
    case peakGFLOPS = "peak_gflops"
    case bandwidthGBPerSecond = "bandwidth_gb_per_second"
    case capacityIsEstimate = "capacity_is_estimate"
    case memoryBytes = "memory_bytes"
    case maxAllocationBytes = "max_allocation_bytes"
    case sharesCoresWith = "shares_cores_with"
    case processingUnits = "pus"
    case load
  }

  /// Reads a device written by `encode(to:)`.
  /// - Throws: `DecodingError` when a key is missing or has the wrong type.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      id: try container.decode(DeviceID.self, forKey: .id),
      kind: try container.decode(Kind.self, forKey: .kind),
      name: try container.decode(String.self, forKey: .name),
      peakGFLOPS: try container.decode(Double.self, forKey: .peakGFLOPS),
      bandwidthGBPerSecond: try container.decode(Double.self, forKey: .bandwidthGBPerSecond),
      capacityIsEstimate: try container.decode(Bool.self, forKey: .capacityIsEstimate),
      memoryBytes: try container.decode(Int.self, forKey: .memoryBytes),
      maxAllocationBytes: try container.decode(Int.self, forKey: .maxAllocationBytes),
      sharesCoresWith: try container.decode([DeviceID].self, forKey: .sharesCoresWith),
      processingUnits: try container.decode([Int].self, forKey: .processingUnits))
  }

  /// Writes the device with snake_case keys and `load: 0`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(kind, forKey: .kind)
    try container.encode(name, forKey: .name)
    try container.encode(peakGFLOPS, forKey: .peakGFLOPS)
    try container.encode(bandwidthGBPerSecond, forKey: .bandwidthGBPerSecond)
    try container.encode(capacityIsEstimate, forKey: .capacityIsEstimate)
    try container.encode(memoryBytes, forKey: .memoryBytes)
    try container.encode(maxAllocationBytes, forKey: .maxAllocationBytes)
    try container.encode(sharesCoresWith, forKey: .sharesCoresWith)
    try container.encode(processingUnits, forKey: .processingUnits)
    try container.encode(0, forKey: .load)
  }
}

/// A device kind is written as its raw value (`cpu`, `opencl_cpu`, `gpu`, `accelerator`).
extension RuntimeDevice.Kind: Codable {}
