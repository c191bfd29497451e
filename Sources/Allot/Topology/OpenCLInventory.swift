/// Every OpenCL platform and device the ICD loader offers, or why there are none.
///
/// Numbering rule: `opencl:N` counts devices across platforms in clGetPlatformIDs order, and
/// within a platform in clGetDeviceIDs(CL_DEVICE_TYPE_ALL) order, skipping platforms whose
/// device query fails.
public struct OpenCLInventory: Sendable, Equatable, Codable {
  /// The platforms, in clGetPlatformIDs order (including those whose device query failed).
  public var platforms: [OpenCLPlatformInfo]
  /// A sentence a user can act on when there is no usable OpenCL device or a platform failed
  /// (which folder the ICD loader searched, which Debian package provides a driver); nil when
  /// every platform worked.
  public var diagnostic: String?
  /// False when OpenCL was not queried (a topology read from a file).
  public var queried: Bool

  /// An inventory; see the properties for meanings.
  public init(platforms: [OpenCLPlatformInfo], diagnostic: String?, queried: Bool) {
    self.platforms = platforms
    self.diagnostic = diagnostic
    self.queried = queried
  }

  /// No query made (a topology read from a file describes another machine's hwloc tree only).
  public static let notQueried = OpenCLInventory(
    platforms: [], diagnostic: "OpenCL was not queried: the topology was read from a file",
    queried: false)

  /// All devices, ordered by global index.
  public var devices: [OpenCLDeviceInfo] { platforms.flatMap(\.devices) }

  /// The device `opencl:index`, nil when there is none.
  public func device(globalIndex index: Int) -> OpenCLDeviceInfo? {
    devices.first { $0.globalIndex == index }
  }

  /// Queries the ICD loader. Never throws: a failing platform is recorded with its error and
  /// the others are kept; no platform at all yields an empty list and a diagnostic.
  public static func discover() -> OpenCLInventory {
    OpenCLQuery.inventory()
  }

  /// The folder (or file) the ICD loader reads vendor .icd files from: `$OCL_ICD_VENDORS`
  /// when set, else /etc/OpenCL/vendors.
  public static var vendorsPath: String {
    if let value = OpenCLQuery.environment("OCL_ICD_VENDORS"), !value.isEmpty { return value }
    return "/etc/OpenCL/vendors"
  }

  enum CodingKeys: String, CodingKey {
    case platforms
    case diagnostic
    case queried
  }
}
