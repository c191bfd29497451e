/// The range of values that Float32 arithmetic in k-means and linear regression can take
/// without overflowing.
///
/// A squared distance between two points of `d` columns whose values are at most `m` in
/// magnitude is at most `d * (2m)^2`; a residual and its square behave alike. Allot refuses
/// Float32 work unless that bound stays below `Float.greatestFiniteMagnitude / 16`, so
/// sums of a few such terms and the rounding of intermediate steps keep a margin. For one
/// column that means values below about 2.3e18.
public enum Float32Range {
  /// The margin factor below `Float.greatestFiniteMagnitude`.
  public static var margin: Double { 16 }

  /// The largest magnitude of a value that is safe in Float32 with `columns` columns.
  public static func maxSafeMagnitude(columns: Int) -> Double {
    let limit = Double(Float.greatestFiniteMagnitude) / margin / Double(max(columns, 1))
    return limit.squareRoot() / 2
  }

  /// True when values of magnitude up to `maxMagnitude` in `columns` columns are safe.
  public static func isSafe(maxMagnitude: Double, columns: Int) -> Bool {
    maxMagnitude.isFinite && maxMagnitude <= maxSafeMagnitude(columns: columns)
  }

  /// Throws unless values up to `maxMagnitude` in `columns` columns are safe in Float32.
  /// - Throws: `DataError.float32Overflow`, whose message suggests `--precision f64`.
  public static func check(maxMagnitude: Double, columns: Int, path: String = "") throws {
    guard isSafe(maxMagnitude: maxMagnitude, columns: columns) else {
      throw DataError.float32Overflow(path: path, maxMagnitude: maxMagnitude, columns: columns)
    }
  }

  /// Throws unless the values of `matrix` are safe in Float32. O(rows x columns).
  /// - Throws: `DataError.float32Overflow`.
  public static func check<Scalar: MatrixScalar>(_ matrix: Matrix<Scalar>, path: String = "")
    throws
  {
    try check(maxMagnitude: maxMagnitude(of: matrix), columns: matrix.columns, path: path)
  }

  /// The largest absolute value in `matrix` (0 when empty; NaN is ignored). O(rows x columns).
  public static func maxMagnitude<Scalar: MatrixScalar>(of matrix: Matrix<Scalar>) -> Double {
    matrix.withUnsafeBufferPointer { values in
      var largest: Scalar = 0
      for value in values where value.magnitude > largest { largest = value.magnitude }
      return Double(largest)
    }
  }
}
