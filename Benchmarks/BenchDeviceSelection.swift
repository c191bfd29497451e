import Allot

/// Which devices `allot bench --device` measures.
public enum BenchDeviceSelection: Sendable, Equatable, CustomStringConvertible {
  /// Each runtime device separately (the default).
  case every
  /// One job split by rows across the devices that do not share cores (`RowSplitter`).
  case split
  /// One device, as `allot kmeans --device` names it (`auto`, `cpu`, `opencl:N`).
  case single(DeviceChoice)

  /// Parses `every`, `split`, or anything `DeviceChoice` parses; nil for anything else.
  public init?(_ text: String) {
    switch text {
    case "every": self = .every
    case "split": self = .split
    default:
      guard let choice = DeviceChoice(text) else { return nil }
      self = .single(choice)
    }
  }

  /// The text `init?(_:)` parses.
  public var description: String {
    switch self {
    case .every: return "every"
    case .split: return "split"
    case .single(let choice): return choice.description
    }
  }
}
