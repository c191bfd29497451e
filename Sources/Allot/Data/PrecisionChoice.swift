/// The precision a loader produces: follow the input, or force one.
public enum PrecisionChoice: String, Sendable, CaseIterable {
  /// Follow the input: a float32 `.npy` loads as Float32; a float64 or integer `.npy` and
  /// CSV text load as Float64.
  case auto
  /// Always Float32 (refused when the values would overflow Float32 arithmetic).
  case f32
  /// Always Float64.
  case f64

  /// The precision to use for input whose natural precision is `natural`.
  public func resolved(natural: Precision) -> Precision {
    switch self {
    case .auto: return natural
    case .f32: return .f32
    case .f64: return .f64
    }
  }
}
