/// `DeviceID` is written to JSON as its text form, `cpu` or `opencl:N`.
extension DeviceID: Codable {
  /// Reads `cpu` or `opencl:N`.
  /// - Throws: `DecodingError.dataCorrupted` for any other string.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.singleValueContainer()
    let text = try container.decode(String.self)
    guard let id = DeviceID(text) else {
      throw DecodingError.dataCorruptedError(
        in: container, debugDescription: "not a device id: \(text)")
    }
    self = id
  }

  /// Writes `cpu` or `opencl:N`.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
