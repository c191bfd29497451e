import COpenCL

/// Finds the OpenCL handles of `opencl:N` again, following the numbering rule of
/// `OpenCLInventory` (devices across platforms in `clGetPlatformIDs` order and, within a
/// platform, in `clGetDeviceIDs(CL_DEVICE_TYPE_ALL)` order; platforms whose device query
/// fails are skipped), so the Devices layer can open a device the topology listed.
public enum OpenCLDeviceLocator {
  /// The handles of every OpenCL device in global index order, or the status code of the
  /// failed platform query (`CL_PLATFORM_NOT_FOUND_KHR`, -1001, when no driver is
  /// installed). An empty list means no platform has a device. Cost: one enumeration.
  public static func allHandles() -> Result<
    [(platform: cl_platform_id, device: cl_device_id)], OpenCLStatusCode
  > {
    let platforms: [cl_platform_id?]
    switch OpenCLQuery.platformIDs() {
    case .success(let found): platforms = found
    case .failure(let status): return .failure(status)
    }
    var result: [(platform: cl_platform_id, device: cl_device_id)] = []
    for case let platform? in platforms {
      guard case .success(let devices) = OpenCLQuery.deviceIDs(platform) else { continue }
      for case let device? in devices { result.append((platform, device)) }
    }
    return .success(result)
  }

  /// The platform and device handles of the device with global index `index`; nil when
  /// there is no such device. Cost: one platform and device enumeration.
  public static func handles(globalIndex index: Int) -> (
    platform: cl_platform_id, device: cl_device_id
  )? {
    guard index >= 0, case .success(let all) = allHandles(), index < all.count else {
      return nil
    }
    return all[index]
  }
}
