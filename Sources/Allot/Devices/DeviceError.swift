/// Failures of a device while preparing or running work.
public enum DeviceError: AllotError, Equatable {
  /// No device with this identifier exists on this machine.
  case unknownDevice(String)
  /// The device has no OpenCL support here (no platform, no ICD loader); `detail` says why.
  case unavailable(device: String, detail: String)
  /// The data do not fit: `requestedBytes` against what the device allows.
  case outOfMemory(device: String, requestedBytes: Int, availableBytes: Int)
  /// Building a program failed; `log` is the compiler's build log.
  case buildFailed(device: String, log: String)
  /// An OpenCL call failed with `code` (a CL_* error) during `operation`.
  case openCL(device: String, operation: String, code: Int32)
  /// The device failed on purpose (fault injection, for tests of recovery).
  case injectedFault(device: String)

  /// `.internal` for every device failure.
  public var category: ErrorCategory { .internal }

  /// One line naming the device and the failure.
  public var description: String {
    switch self {
    case .unknownDevice(let name):
      return "no device '\(name)' on this machine (see `allot topology`)"
    case .unavailable(let device, let detail):
      return "device \(device) is not available: \(detail)"
    case .outOfMemory(let device, let requested, let available):
      return
        "device \(device): the data need \(requested) bytes but the device allows \(available)"
    case .buildFailed(let device, let log):
      return "device \(device): kernel build failed: \(log)"
    case .openCL(let device, let operation, let code):
      return
        "device \(device): OpenCL error \(OpenCLStatus.name(code)) (\(code)) in \(operation)"
    case .injectedFault(let device):
      return "device \(device): injected fault"
    }
  }
}
