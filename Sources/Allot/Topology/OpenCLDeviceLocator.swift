import COpenCL

/// Finds the OpenCL handles of `opencl:N` again, following the numbering rule of
/// `OpenCLInventory`, so the Devices layer can open a device the topology listed.
public enum OpenCLDeviceLocator {
  /// The platform and device handles of the device with global index `index`; nil when
  /// there is no such device. Cost: one platform and device enumeration.
  public static func handles(globalIndex index: Int) -> (
    platform: cl_platform_id, device: cl_device_id
  )? {
    guard index >= 0, case .success(let platforms) = OpenCLQuery.platformIDs() else {
      return nil
    }
    var remaining = index
    for platform in platforms {
      guard case .success(let devices) = OpenCLQuery.deviceIDs(platform) else { continue }
      if remaining < devices.count {
        guard let platform, let device = devices[remaining] else { return nil }
        return (platform, device)
      }
      remaining -= devices.count
    }
    return nil
  }
}
