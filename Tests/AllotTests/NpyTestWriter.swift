/// A small `.npy` writer independent of Allot's, able to produce every variant (and every
/// defect) the loader must handle. Follows the format description at
/// https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html.
struct NpyTestWriter {
  var major: UInt8 = 1
  var descr = "<f8"
  var fortranOrder = false
  /// The shape as Python writes it, e.g. `(3, 2)` or `(4,)`.
  var shapeText = "(3, 2)"
  /// Header dictionary override (used verbatim when set).
  var dictionary: String?
  /// Pad the preamble and header to a multiple of this many bytes.
  var alignment = 64

  /// The file bytes for `payload`.
  func bytes(payload: [UInt8]) -> [UInt8] {
    let fortran = fortranOrder ? "True" : "False"
    var header =
      dictionary ?? "{'descr': '\(descr)', 'fortran_order': \(fortran), 'shape': \(shapeText), }"
    let preamble = major == 1 ? 10 : 12
    let unpadded = preamble + header.utf8.count + 1
    header += String(repeating: " ", count: (alignment - unpadded % alignment) % alignment) + "\n"
    let length = header.utf8.count
    var result: [UInt8] = [0x93] + Array("NUMPY".utf8) + [major, 0]
    if major == 1 {
      result += [UInt8(length & 0xFF), UInt8(length >> 8)]
    } else {
      result += (0..<4).map { UInt8((length >> (8 * $0)) & 0xFF) }
    }
    return result + Array(header.utf8) + payload
  }

  /// Encodes `values` for a descr such as `>i4` (byte order, kind, size).
  static func payload(_ values: [Double], descr: String) -> [UInt8] {
    let characters = Array(descr)
    let bigEndian = characters[0] == ">"
    var result: [UInt8] = []
    for value in values {
      let bits: UInt64
      let size: Int
      switch (characters[1], characters[2]) {
      case ("f", "4"): (bits, size) = (UInt64(Float(value).bitPattern), 4)
      case ("f", "8"): (bits, size) = (value.bitPattern, 8)
      case ("i", "4"): (bits, size) = (UInt64(UInt32(bitPattern: Int32(value))), 4)
      default: (bits, size) = (UInt64(bitPattern: Int64(value)), 8)
      }
      var bytes = (0..<size).map { UInt8((bits >> (8 * UInt64($0))) & 0xFF) }
      if bigEndian { bytes.reverse() }
      result += bytes
    }
    return result
  }
}
