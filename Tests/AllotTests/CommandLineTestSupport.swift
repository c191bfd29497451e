import Foundation
import Testing

/// Runs the built `allot` binary (`.build/release/allot`, next to the test executable) on
/// files written for the test, and reads its output.
enum CommandLineTestSupport {
  /// The `allot` executable next to the running tests.
  static var allot: String { TopologyTestSupport.allotPath }
  /// True when the binary has been built (`swift build -c release`).
  static var built: Bool { FileManager.default.isExecutableFile(atPath: allot) }

  /// Output of one run of `allot arguments...`.
  typealias Run = TopologyTestSupport.Output

  /// Runs `allot` with `arguments` and an empty cache folder of its own (no calibration,
  /// no saved run times), so that `--device auto` and the results do not depend on what
  /// ran before or on the user's cache.
  static func run(_ arguments: [String]) throws -> Run {
    try TopologyTestSupport.run(
      allot, arguments, environment: ["XDG_CACHE_HOME": DataTestFiles.scratchDirectory().path])
  }

  /// Writes `text` to a fresh scratch file named `name`; returns its path.
  static func file(_ name: String, _ text: String) -> String {
    DataTestFiles.write(text, named: name)
  }

  /// A path in a fresh scratch directory (nothing written).
  static func scratchPath(_ name: String) -> String {
    DataTestFiles.scratchDirectory().appendingPathComponent(name).path
  }

  /// A shared data set (`../shared/data/NAME`).
  static func data(_ name: String) -> String { DataTestFiles.shared("data/\(name)") }

  /// `value` as an array of doubles (JSON numbers).
  static func doubles(_ value: Any?) throws -> [Double] {
    let array = try #require(value as? [Any])
    return try array.map { try #require(($0 as? NSNumber)?.doubleValue) }
  }

  /// `value` as a number.
  static func double(_ value: Any?) throws -> Double {
    try #require((value as? NSNumber)?.doubleValue)
  }

  /// True when |a - b| <= tolerance * max(1, |b|).
  static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(b))
  }
}

extension TopologyTestSupport.Output {
  /// Standard error without its final newline.
  var errorLine: String {
    stderr.hasSuffix("\n") ? String(stderr.dropLast()) : stderr
  }

  /// Standard output parsed as one JSON object.
  func json() throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(stdout.utf8))
    return try #require(object as? [String: Any])
  }
}
