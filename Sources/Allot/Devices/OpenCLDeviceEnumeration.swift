import COpenCL

/// The OpenCL devices of this machine, numbered as Allot numbers them everywhere (see
/// `OpenCLDeviceLocator`), with the failures turned into `DeviceError`s.
enum OpenCLDeviceEnumeration {
  /// Every OpenCL device with its platform, in global index order.
  /// - Throws: `DeviceError.unavailable` when no OpenCL platform exists (no ICD file, or the
  ///   loader finds none), `DeviceError.openCL` when the platform query itself fails.
  static func devices(for requested: String) throws -> [(
    platform: cl_platform_id, device: cl_device_id
  )] {
    switch OpenCLDeviceLocator.allHandles() {
    case .success(let devices):
      return devices
    case .failure(let status) where status.code == CL_PLATFORM_NOT_FOUND_KHR:
      throw DeviceError.unavailable(
        device: requested,
        detail:
          "no OpenCL platform found (CL_PLATFORM_NOT_FOUND_KHR): install an OpenCL driver "
          + "(for example pocl-opencl-icd, or the GPU vendor's OpenCL ICD) and check that an "
          + ".icd file names it in /etc/OpenCL/vendors or in OCL_ICD_VENDORS")
    case .failure(let status):
      throw DeviceError.openCL(device: requested, operation: "clGetPlatformIDs", code: status.code)
    }
  }
}
