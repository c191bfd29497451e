/// Checks that data hold no NaN or infinity.
public enum FiniteValues {
  /// Throws unless every value of `matrix` is finite. O(rows x columns).
  /// - Parameters:
  ///   - matrix: the data.
  ///   - path: the file the data came from, for the message (may be empty).
  ///   - columnNames: header names, to name the column in the message.
  /// - Throws: `DataError.nonFinite` naming the first such cell in row-major order, with a
  ///   0-based row index.
  public static func check<Scalar: MatrixScalar>(
    _ matrix: Matrix<Scalar>, path: String = "", columnNames: [String]? = nil
  ) throws {
    let columns = matrix.columns
    let first: Int? = matrix.withUnsafeBufferPointer { values in
      for index in values.indices where !values[index].isFinite { return index }
      return nil
    }
    guard let first, columns > 0 else { return }
    let column = first % columns
    let name = columnNames.flatMap { column < $0.count ? $0[column] : nil }
    throw DataError.nonFinite(
      path: path,
      location: CellLocation(row: .index(first / columns), column: column, columnName: name),
      value: describe(Double(matrix.baseAddress[first])))
  }

  /// `nan`, `inf` or `-inf`, as numpy prints them.
  static func describe(_ value: Double) -> String {
    if value.isNaN { return "nan" }
    return value < 0 ? "-inf" : "inf"
  }
}
