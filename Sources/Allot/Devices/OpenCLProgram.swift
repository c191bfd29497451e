import COpenCL

/// A program built for one device; kernels are created from it per session.
final class OpenCLProgram: @unchecked Sendable {
  /// The OpenCL program (immutable once built, so it may be shared across threads).
  let program: cl_program
  let deviceID: cl_device_id
  let device: String

  /// Compiles `source` with `options` for `deviceID`.
  /// - Throws: `DeviceError.buildFailed` with the build log when compilation fails.
  init(context: cl_context, deviceID: cl_device_id, source: String, options: String, device: String)
    throws
  {
    var status: cl_int = CL_SUCCESS
    var length = source.utf8.count
    let program: cl_program? = source.withCString { text in
      var pointer: UnsafePointer<CChar>? = text
      return clCreateProgramWithSource(context, 1, &pointer, &length, &status)
    }
    try checkCL(status, "clCreateProgramWithSource", device: device)
    guard let program else {
      throw DeviceError.openCL(
        device: device, operation: "clCreateProgramWithSource", code: CL_INVALID_PROGRAM)
    }
    var target: cl_device_id? = deviceID
    let built = clBuildProgram(program, 1, &target, options, nil, nil)
    if built != CL_SUCCESS {
      let log = Self.buildLog(program: program, deviceID: deviceID)
      clReleaseProgram(program)
      if built == CL_BUILD_PROGRAM_FAILURE || built == CL_INVALID_BUILD_OPTIONS
        || built == CL_COMPILE_PROGRAM_FAILURE
      {
        throw DeviceError.buildFailed(
          device: device,
          log: log.isEmpty ? OpenCLStatus.name(built) : "\(OpenCLStatus.name(built)): \(log)")
      }
      throw DeviceError.openCL(device: device, operation: "clBuildProgram", code: built)
    }
    self.program = program
    self.deviceID = deviceID
    self.device = device
  }

  deinit { clReleaseProgram(program) }

  /// A new kernel object for function `name`.
  func kernel(_ name: String) throws -> OpenCLKernel {
    try OpenCLKernel(program: program, name: name, deviceID: deviceID, device: device)
  }

  private static func buildLog(program: cl_program, deviceID: cl_device_id) -> String {
    var size = 0
    let info = cl_program_build_info(CL_PROGRAM_BUILD_LOG)
    guard clGetProgramBuildInfo(program, deviceID, info, 0, nil, &size) == CL_SUCCESS, size > 0
    else { return "" }
    var bytes = [UInt8](repeating: 0, count: size)
    guard clGetProgramBuildInfo(program, deviceID, info, size, &bytes, nil) == CL_SUCCESS else {
      return ""
    }
    // One line (errors print as one line): the log's non-empty lines joined by " | ".
    let text = String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
    return text.split(whereSeparator: \.isNewline)
      .map { String($0.drop { $0.isWhitespace }) }
      .filter { !$0.isEmpty }
      .joined(separator: " | ")
  }
}
