/// The element types a `Matrix` can hold: `Float` (the fast path) and `Double`.
public protocol MatrixScalar:
  BinaryFloatingPoint, SIMDScalar, Sendable, LosslessStringConvertible, Codable
where Self.RawSignificand: FixedWidthInteger {
  /// The precision this type stands for.
  static var precision: Precision { get }
}

extension Float: MatrixScalar {
  /// `.f32`.
  public static var precision: Precision { .f32 }
}

extension Double: MatrixScalar {
  /// `.f64`.
  public static var precision: Precision { .f64 }
}

/// The working precision of a computation.
public enum Precision: String, Sendable, CaseIterable {
  /// 32-bit IEEE floats.
  case f32
  /// 64-bit IEEE floats.
  case f64

  /// Bytes per element.
  public var byteCount: Int { self == .f32 ? 4 : 8 }
}
