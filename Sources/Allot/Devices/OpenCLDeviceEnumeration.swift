import COpenCL

/// The OpenCL devices of this machine, numbered as Allot numbers them everywhere: devices
/// across platforms in `clGetPlatformIDs` order and, within a platform, in
/// `clGetDeviceIDs(CL_DEVICE_TYPE_ALL)` order; platforms whose device query fails are skipped.
enum OpenCLDeviceEnumeration {
  /// Every OpenCL device with its platform, in global index order.
  /// - Throws: `DeviceError.unavailable` when no OpenCL platform exists (no ICD file, or the
  ///   loader finds none), `DeviceError.openCL` when the platform query itself fails.
  static func devices(for requested: String) throws -> [(
    platform: cl_platform_id, device: cl_device_id
  )] {
    var platformCount: cl_uint = 0
    let status = clGetPlatformIDs(0, nil, &platformCount)
    if status == CL_PLATFORM_NOT_FOUND_KHR || (status == CL_SUCCESS && platformCount == 0) {
      throw DeviceError.unavailable(
        device: requested,
        detail:
          "no OpenCL platform found (CL_PLATFORM_NOT_FOUND_KHR): install an OpenCL driver "
          + "(for example pocl-opencl-icd, or the GPU vendor's OpenCL ICD) and check that an "
          + ".icd file names it in /etc/OpenCL/vendors or in OCL_ICD_VENDORS")
    }
    try checkCL(status, "clGetPlatformIDs", device: requested)
    var platforms = [cl_platform_id?](repeating: nil, count: Int(platformCount))
    try checkCL(
      clGetPlatformIDs(platformCount, &platforms, nil), "clGetPlatformIDs", device: requested)
    var result: [(platform: cl_platform_id, device: cl_device_id)] = []
    for case let platform? in platforms {
      var deviceCount: cl_uint = 0
      let allTypes = cl_device_type(CL_DEVICE_TYPE_ALL)
      guard clGetDeviceIDs(platform, allTypes, 0, nil, &deviceCount) == CL_SUCCESS,
        deviceCount > 0
      else { continue }
      var devices = [cl_device_id?](repeating: nil, count: Int(deviceCount))
      guard clGetDeviceIDs(platform, allTypes, deviceCount, &devices, nil) == CL_SUCCESS else {
        continue
      }
      for case let device? in devices { result.append((platform, device)) }
    }
    return result
  }
}
