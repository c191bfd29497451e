import Foundation

extension BenchReport {
  /// The report as pretty-printed JSON with sorted keys (the `--json` file).
  /// - Throws: `EncodingError` when a figure is not finite.
  public func jsonData() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(self)
  }
}
