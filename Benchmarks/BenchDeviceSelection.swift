import Allot

/// Which devices `allot bench --device` measures.
public enum BenchDeviceSelection: Sendable, Equatable, CustomStringConvertible {
  /// Each runtime device separately (the default).
  case every
  /// The device Allot would pick by itself.
  case auto
  /// One named device.
  case device(DeviceID)
  /// One job split by rows across the devices that do not share cores (`RowSplitter`).
  case split

  /// Parses `every`, `auto`, `split`, `cpu`, `opencl` (= `opencl:0`) or `opencl:N`; nil
  /// for anything else.
  public init?(_ text: String) {
    switch text {
    case "every": self = .every
    case "auto": self = .auto
    case "split": self = .split
    case "opencl": self = .device(.opencl(0))
    default:
      guard let id = DeviceID(text) else { return nil }
      self = .device(id)
    }
  }

  /// The text `init?(_:)` parses.
  public var description: String {
    switch self {
    case .every: return "every"
    case .auto: return "auto"
    case .split: return "split"
    case .device(let id): return id.description
    }
  }
}
