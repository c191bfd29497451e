/// The range of values that Float64 arithmetic in k-means and linear regression can take
/// without overflowing: the Float64 counterpart of `Float32Range`.
///
/// A squared distance between two points of `d` columns whose values are at most `m` in
/// magnitude is at most `d * (2m)^2`; a residual and its square behave alike. Allot refuses
/// Float64 work unless that bound stays below `Double.greatestFiniteMagnitude / 16`
/// (`limit`, about 1.1e307). For one column that means values below about 1.7e153.
public enum Float64Range {
  /// The margin factor below `Double.greatestFiniteMagnitude`.
  public static var margin: Double { 16 }

  /// The bound d * (2m)^2 must stay below: `Double.greatestFiniteMagnitude / margin`.
  public static var limit: Double { Double.greatestFiniteMagnitude / margin }

  /// The largest magnitude of a value that is safe in Float64 with `columns` columns.
  public static func maxSafeMagnitude(columns: Int) -> Double {
    (limit / Double(max(columns, 1))).squareRoot() / 2
  }

  /// True when values of magnitude up to `maxMagnitude` in `columns` columns are safe.
  public static func isSafe(maxMagnitude: Double, columns: Int) -> Bool {
    maxMagnitude.isFinite && maxMagnitude <= maxSafeMagnitude(columns: columns)
  }

  /// Throws unless values up to `maxMagnitude` in `columns` columns are safe in Float64.
  /// - Throws: `DataError.float64Overflow`, whose message suggests rescaling the data.
  public static func check(maxMagnitude: Double, columns: Int, path: String = "") throws {
    guard isSafe(maxMagnitude: maxMagnitude, columns: columns) else {
      throw DataError.float64Overflow(path: path, maxMagnitude: maxMagnitude, columns: columns)
    }
  }
}
