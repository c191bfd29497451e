/// Names a runtime device, the thing work is sent to: `cpu` (the SIMD path on the allowed
/// cores) or `opencl:N` (the N-th OpenCL device, counted across all platforms in order).
public enum DeviceID: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The SIMD CPU path.
  case cpu
  /// The OpenCL device with this global index.
  case opencl(Int)

  /// Parses `cpu` or `opencl:N`; nil for anything else.
  public init?(_ text: String) {
    if text == "cpu" {
      self = .cpu
      return
    }
    let prefix = "opencl:"
    guard text.hasPrefix(prefix), let index = Int(text.dropFirst(prefix.count)), index >= 0
    else { return nil }
    self = .opencl(index)
  }

  /// `cpu` or `opencl:N`.
  public var description: String {
    switch self {
    case .cpu: return "cpu"
    case .opencl(let index): return "opencl:\(index)"
    }
  }
}
