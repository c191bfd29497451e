import Allot

/// The PoCL device of this machine, opened once for all OpenCL tests so that each program is
/// built once per test run.
enum OpenCLTestDevice {
  /// The first OpenCL device whose platform is PoCL (Portable Computing Language), or nil.
  static let pocl: OpenCLDevice? = {
    for index in 0..<OpenCLDevice.deviceCount() {
      if let device = try? OpenCLDevice(index: index),
        device.platformName.contains("Portable Computing Language")
      {
        return device
      }
    }
    return nil
  }()

  /// The PoCL device opened with the GPU kernel style (one row per work-item, centers in local
  /// memory), so that the kernels a GPU runs are checked here too.
  static let poclRowStyle: OpenCLDevice? = poclIndex.flatMap {
    try? OpenCLDevice(index: $0, kernelStyle: .rowPerWorkItem)
  }

  /// The PoCL device with the kernels of `style` (`.automatic` is the CPU-driver style here).
  static func device(_ style: OpenCLKernelStyle) -> OpenCLDevice? {
    style == .rowPerWorkItem ? poclRowStyle : pocl
  }

  /// The global index of the PoCL device (for opening it again with other limits).
  static var poclIndex: Int? {
    guard case .opencl(let index)? = pocl?.id else { return nil }
    return index
  }
}
