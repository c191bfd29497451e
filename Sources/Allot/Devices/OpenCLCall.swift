import COpenCL

/// Throws `DeviceError.openCL` unless `code` is `CL_SUCCESS`; `operation` names the OpenCL
/// call (and what it was for) in the error.
@inline(__always)
func checkCL(_ code: cl_int, _ operation: @autoclosure () -> String, device: String) throws {
  if code != CL_SUCCESS {
    throw DeviceError.openCL(device: device, operation: operation(), code: code)
  }
}
