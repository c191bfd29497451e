/// A matrix in whichever precision the loader chose.
public enum AnyMatrix: Sendable, Equatable {
  /// Float32 data.
  case f32(Matrix<Float>)
  /// Float64 data.
  case f64(Matrix<Double>)

  /// The precision of the data.
  public var precision: Precision {
    switch self {
    case .f32: return .f32
    case .f64: return .f64
    }
  }

  /// Number of rows.
  public var rows: Int {
    switch self {
    case .f32(let matrix): return matrix.rows
    case .f64(let matrix): return matrix.rows
    }
  }

  /// Number of columns.
  public var columns: Int {
    switch self {
    case .f32(let matrix): return matrix.columns
    case .f64(let matrix): return matrix.columns
    }
  }

  /// The data as Float64 (a copy when it is Float32). O(rows x columns).
  public var asDouble: Matrix<Double> {
    switch self {
    case .f32(let matrix): return matrix.converted(to: Double.self)
    case .f64(let matrix): return matrix
    }
  }
}
