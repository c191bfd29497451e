/// One OpenCL platform (an installed driver) and its devices.
public struct OpenCLPlatformInfo: Sendable, Equatable, Codable {
  /// Index in clGetPlatformIDs order.
  public var index: Int
  /// CL_PLATFORM_NAME.
  public var name: String
  /// CL_PLATFORM_VENDOR.
  public var vendor: String
  /// CL_PLATFORM_VERSION.
  public var version: String
  /// The devices, in clGetDeviceIDs(CL_DEVICE_TYPE_ALL) order; empty when the query failed.
  public var devices: [OpenCLDeviceInfo]
  /// Why the device query failed (`CL_DEVICE_NOT_FOUND (-1)`), nil when it worked. A platform
  /// whose query failed contributes no `opencl:N` indices.
  public var error: String?

  /// A platform; see the properties for meanings.
  public init(
    index: Int, name: String, vendor: String, version: String, devices: [OpenCLDeviceInfo],
    error: String?
  ) {
    self.index = index
    self.name = name
    self.vendor = vendor
    self.version = version
    self.devices = devices
    self.error = error
  }
}
