import COpenCL

/// Typed reads of `clGetDeviceInfo` and `clGetPlatformInfo`, each checked.
enum OpenCLDeviceQuery {
  /// A string property of `device` (for example `CL_DEVICE_NAME`), without the trailing NUL.
  static func string(_ device: cl_device_id, _ parameter: Int32, label: String) throws -> String {
    var size = 0
    try checkCL(
      clGetDeviceInfo(device, cl_device_info(parameter), 0, nil, &size),
      "clGetDeviceInfo(\(OpenCLDeviceQuery.parameterName(parameter)))", device: label)
    var bytes = [UInt8](repeating: 0, count: max(size, 1))
    try checkCL(
      clGetDeviceInfo(device, cl_device_info(parameter), size, &bytes, nil),
      "clGetDeviceInfo(\(OpenCLDeviceQuery.parameterName(parameter)))", device: label)
    return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
  }

  /// A fixed-size property of `device` (`cl_uint`, `cl_ulong`, `size_t`, bit fields).
  static func value<T: FixedWidthInteger>(
    _ device: cl_device_id, _ parameter: Int32, as _: T.Type, label: String
  ) throws -> T {
    var value: T = 0
    try checkCL(
      clGetDeviceInfo(device, cl_device_info(parameter), MemoryLayout<T>.size, &value, nil),
      "clGetDeviceInfo(\(OpenCLDeviceQuery.parameterName(parameter)))", device: label)
    return value
  }

  /// A string property of `platform` (for example `CL_PLATFORM_NAME`).
  static func platformString(_ platform: cl_platform_id, _ parameter: Int32) throws -> String {
    var size = 0
    try checkCL(
      clGetPlatformInfo(platform, cl_platform_info(parameter), 0, nil, &size),
      "clGetPlatformInfo", device: "platform")
    var bytes = [UInt8](repeating: 0, count: max(size, 1))
    try checkCL(
      clGetPlatformInfo(platform, cl_platform_info(parameter), size, &bytes, nil),
      "clGetPlatformInfo", device: "platform")
    return String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
  }

  /// The hexadecimal parameter code, for error messages.
  static func parameterName(_ parameter: Int32) -> String {
    "0x" + String(parameter, radix: 16)
  }
}
