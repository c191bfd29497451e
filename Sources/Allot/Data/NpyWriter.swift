#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Writes NumPy `.npy` files, format version 1.0, C order, little-endian (`<f4`, `<f8`,
/// `<i4`, `<i8`), with the header padded so that the data start on a 64-byte boundary (which
/// lets `NpyLoader` map them without a copy). `numpy.load` reads them.
public enum NpyWriter {
  /// Writes `matrix` as a 2-D `rows x columns` array of `<f4` or `<f8`.
  /// - Throws: `DataError.unwritable`.
  public static func write<Scalar: MatrixScalar>(_ matrix: Matrix<Scalar>, to path: String) throws {
    let descr = Scalar.precision == .f32 ? "<f4" : "<f8"
    try matrix.withUnsafeBufferPointer { values in
      try write(
        descr: descr, shape: [matrix.rows, matrix.columns], data: UnsafeRawBufferPointer(values),
        to: path)
    }
  }

  /// Writes `values` as a 1-D `<i4` array (labels, for example), or with `shape` when given
  /// (its product must equal `values.count`).
  /// - Throws: `DataError.unwritable`.
  public static func write(_ values: [Int32], shape: [Int]? = nil, to path: String) throws {
    try values.withUnsafeBytes { bytes in
      try write(descr: "<i4", shape: shape ?? [values.count], data: bytes, to: path)
    }
  }

  /// Writes `values` as a 1-D `<i8` array, or with `shape` when given.
  /// - Throws: `DataError.unwritable`.
  public static func write(_ values: [Int64], shape: [Int]? = nil, to path: String) throws {
    try values.withUnsafeBytes { bytes in
      try write(descr: "<i8", shape: shape ?? [values.count], data: bytes, to: path)
    }
  }

  /// Writes `values` as a 1-D `<f8` array, or with `shape` when given.
  /// - Throws: `DataError.unwritable`.
  public static func write(_ values: [Double], shape: [Int]? = nil, to path: String) throws {
    try values.withUnsafeBytes { bytes in
      try write(descr: "<f8", shape: shape ?? [values.count], data: bytes, to: path)
    }
  }

  /// The header bytes (magic, version 1.0, length, dictionary, padding, newline).
  static func header(descr: String, shape: [Int]) -> [UInt8] {
    let dimensions =
      shape.count == 1
      ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
    var dictionary = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(dimensions), }"
    let unpadded = 10 + dictionary.utf8.count + 1
    dictionary += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    let length = dictionary.utf8.count
    return [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(length & 0xFF), UInt8(length >> 8)]
      + Array(dictionary.utf8)
  }

  private static func write(
    descr: String, shape: [Int], data: UnsafeRawBufferPointer, to path: String
  )
    throws
  {
    precondition(
      shape.reduce(1, *) * Int(descr.dropFirst(2))! == data.count, "shape does not match the data")
    guard let file = fopen(path, "wb") else {
      throw DataError.unwritable(path: path, reason: String(cString: strerror(errno)))
    }
    let bytes = header(descr: descr, shape: shape)
    var ok = fwrite(bytes, 1, bytes.count, file) == bytes.count
    if ok, let base = data.baseAddress { ok = fwrite(base, 1, data.count, file) == data.count }
    let reason = ok ? "" : String(cString: strerror(errno))
    let closed = fclose(file) == 0
    guard ok, closed else {
      throw DataError.unwritable(path: path, reason: ok ? String(cString: strerror(errno)) : reason)
    }
  }
}
