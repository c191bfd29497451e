import Foundation

/// The JSON form of a topology (schema in docs/topology.md): one document, snake_case keys,
/// sorted, so the output is stable from run to run on the same machine.
extension Topology {
  /// The topology as pretty-printed JSON with sorted keys.
  /// - Throws: `EncodingError` (not expected: every value is finite and encodable).
  public func jsonData() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self)
  }

  /// Reads a topology written by `jsonData()`.
  /// - Throws: `DecodingError` when the document does not follow the schema.
  public init(jsonData: Data) throws {
    self = try JSONDecoder().decode(Topology.self, from: jsonData)
  }
}
