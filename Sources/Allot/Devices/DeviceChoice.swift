/// What the user asked to run on: `auto` (let Allot choose), `cpu` (the SIMD path) or
/// `opencl:N` (one OpenCL device; a bare `opencl` means `opencl:0`).
public enum DeviceChoice: Hashable, Sendable, CustomStringConvertible {
  /// Let Allot choose the device for the work at hand
  /// (`DeviceCatalog.automaticDevice(kernel:size:steps:saved:)`).
  case auto
  /// A specific runtime device.
  case device(DeviceID)

  /// Parses `auto`, `cpu`, `opencl` (= `opencl:0`) or `opencl:N` with N >= 0; nil for
  /// anything else.
  public init?(_ text: String) {
    switch text {
    case "auto": self = .auto
    case "opencl": self = .device(.opencl(0))
    default:
      guard let id = DeviceID(text) else { return nil }
      self = .device(id)
    }
  }

  /// `auto`, `cpu` or `opencl:N`.
  public var description: String {
    switch self {
    case .auto: return "auto"
    case .device(let id): return id.description
    }
  }
}
