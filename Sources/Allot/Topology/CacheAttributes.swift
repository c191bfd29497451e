/// What hwloc says about a CPU cache.
public struct CacheAttributes: Sendable, Equatable, Codable {
  /// Which accesses a cache serves.
  public enum CacheType: String, Sendable, Codable {
    /// Data and instructions.
    case unified
    /// Data only (L1d).
    case data
    /// Instructions only (L1i).
    case instruction
  }

  /// The cache level, 1 for L1.
  public var level: Int
  /// The capacity in bytes.
  public var sizeBytes: Int
  /// The line size in bytes (0 when unknown).
  public var lineSizeBytes: Int
  /// Data, instruction or unified.
  public var type: CacheType
  /// Logical indices of the cores that share this cache, in ascending order.
  public var sharedByCores: [Int]

  /// A cache description; see the properties for units.
  public init(level: Int, sizeBytes: Int, lineSizeBytes: Int, type: CacheType, sharedByCores: [Int])
  {
    self.level = level
    self.sizeBytes = sizeBytes
    self.lineSizeBytes = lineSizeBytes
    self.type = type
    self.sharedByCores = sharedByCores
  }

  /// The short name lstopo uses: `L2`, `L1d`, `L1i`.
  public var lstopoName: String {
    switch type {
    case .unified: return "L\(level)"
    case .data: return "L\(level)d"
    case .instruction: return "L\(level)i"
    }
  }

  enum CodingKeys: String, CodingKey {
    case level
    case sizeBytes = "size_bytes"
    case lineSizeBytes = "line_size_bytes"
    case type
    case sharedByCores = "shared_by_cores"
  }
}
