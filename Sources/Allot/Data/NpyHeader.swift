/// The parsed header of a NumPy `.npy` file (format versions 1.0, 2.0, 3.0).
///
/// Layout: the magic `\x93NUMPY`, one byte major and one byte minor version, the header
/// length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), then the header: a Python
/// dictionary literal with `descr`, `fortran_order` and `shape`, ASCII (UTF-8 in 3.0),
/// padded with spaces and ended by a newline. The data follow.
struct NpyHeader: Equatable {
  /// The element type.
  var dtype: NpyDType
  /// True when the data are stored column-major.
  var fortranOrder: Bool
  /// The array shape.
  var shape: [Int]
  /// The byte offset of the first data element.
  var dataOffset: Int

  /// Parses the header at the start of `bytes`.
  /// - Throws: `DataError.npyBadMagic`, `.npyUnsupportedVersion`, `.npyBadHeader`,
  ///   `.npyUnsupportedDType`, or `.npySizeMismatch` when the file ends inside the header.
  init(bytes: UnsafeRawBufferPointer, path: String) throws {
    let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    guard bytes.count >= 6, zip(bytes.prefix(6), magic).allSatisfy({ $0 == $1 }) else {
      throw DataError.npyBadMagic(path: path)
    }
    guard bytes.count >= 10 else {
      throw DataError.npyBadHeader(path: path, reason: "file ends inside the preamble (truncated)")
    }
    let major = Int(bytes[6])
    let minor = Int(bytes[7])
    let headerLength: Int
    let headerStart: Int
    switch (major, minor) {
    case (1, 0):
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      headerStart = 10
    case (2, 0), (3, 0):
      guard bytes.count >= 12 else {
        throw DataError.npyBadHeader(
          path: path, reason: "file ends inside the preamble (truncated)")
      }
      headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
      headerStart = 12
    default:
      throw DataError.npyUnsupportedVersion(path: path, major: major, minor: minor)
    }
    guard headerStart + headerLength <= bytes.count else {
      throw DataError.npyBadHeader(
        path: path,
        reason:
          "header length \(headerLength) runs past the end of the file (\(bytes.count) bytes; truncated)"
      )
    }
    let headerBytes = UnsafeRawBufferPointer(
      rebasing: bytes[headerStart..<headerStart + headerLength])
    guard let text = String(validating: headerBytes, as: UTF8.self) else {
      throw DataError.npyBadHeader(path: path, reason: "header is not valid text")
    }
    if major < 3, !headerBytes.allSatisfy({ $0 < 0x80 }) {
      throw DataError.npyBadHeader(path: path, reason: "header is not ASCII")
    }
    var parser = PythonLiteralParser(text: text)
    let value: PythonLiteral
    do {
      value = try parser.parseDocument()
    } catch {
      let reason = (error as? PythonLiteralParser.Failure)?.reason ?? "unreadable dictionary"
      throw DataError.npyBadHeader(path: path, reason: reason)
    }
    guard case .dictionary(let entries) = value else {
      throw DataError.npyBadHeader(path: path, reason: "header is not a dictionary")
    }
    var descr: String?
    var fortran: Bool?
    var shape: [Int]?
    for (key, entry) in entries {
      switch key {
      case "descr":
        guard case .string(let text) = entry else {
          throw DataError.npyUnsupportedDType(path: path, descr: entry.description)
        }
        descr = text
      case "fortran_order":
        guard case .bool(let flag) = entry else {
          throw DataError.npyBadHeader(path: path, reason: "fortran_order is not True or False")
        }
        fortran = flag
      case "shape":
        guard case .tuple(let items) = entry else {
          throw DataError.npyBadHeader(path: path, reason: "shape is not a tuple")
        }
        shape = try items.map { item in
          guard case .integer(let size) = item, size >= 0 else {
            throw DataError.npyBadHeader(
              path: path, reason: "shape holds \(item.description), not a size")
          }
          return size
        }
      default:
        throw DataError.npyBadHeader(path: path, reason: "unexpected key '\(key)'")
      }
    }
    guard let descr else { throw DataError.npyBadHeader(path: path, reason: "no 'descr' key") }
    guard let fortran else {
      throw DataError.npyBadHeader(path: path, reason: "no 'fortran_order' key")
    }
    guard let shape else { throw DataError.npyBadHeader(path: path, reason: "no 'shape' key") }
    guard let dtype = NpyDType(descr: descr) else {
      throw DataError.npyUnsupportedDType(path: path, descr: descr)
    }
    self.dtype = dtype
    self.fortranOrder = fortran
    self.shape = shape
    self.dataOffset = headerStart + headerLength
  }
}

/// A `.npy` element type Allot reads: a float or signed integer of 4 or 8 bytes, in either
/// byte order.
struct NpyDType: Equatable {
  /// The kind of number.
  enum Kind: Equatable {
    case float
    case signedInteger
  }
  var kind: Kind
  /// Bytes per element: 4 or 8.
  var size: Int
  /// True when the bytes are big-endian (`>`).
  var bigEndian: Bool

  /// Parses `<f8`, `>i4`, `=f4`, `|i8` and the like; `nil` for anything else. `=` and `|`
  /// mean the machine's order, which is little-endian on every platform Allot supports.
  init?(descr: String) {
    let characters = Array(descr.utf8)
    guard characters.count == 3 else { return nil }
    switch characters[0] {
    case UInt8(ascii: "<"), UInt8(ascii: "|"), UInt8(ascii: "="): bigEndian = false
    case UInt8(ascii: ">"): bigEndian = true
    default: return nil
    }
    switch characters[1] {
    case UInt8(ascii: "f"): kind = .float
    case UInt8(ascii: "i"): kind = .signedInteger
    default: return nil
    }
    switch characters[2] {
    case UInt8(ascii: "4"): size = 4
    case UInt8(ascii: "8"): size = 8
    default: return nil
    }
  }

  /// The precision `PrecisionChoice.auto` picks: Float32 for `f4`, Float64 otherwise.
  var naturalPrecision: Precision { kind == .float && size == 4 ? .f32 : .f64 }
}
