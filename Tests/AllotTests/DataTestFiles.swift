import Foundation

/// Files for data tests: the shared data sets and acceptance cases, and scratch files.
enum DataTestFiles {
  /// The package root (three levels above this file).
  static var packageRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
  }

  /// A path under the shared folder next to the package (`../shared`).
  static func shared(_ relative: String) -> String {
    packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
      .appendingPathComponent(relative).path
  }

  /// A fresh scratch directory.
  static func scratchDirectory() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "allot-data-tests-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Writes `bytes` to a new scratch file named `name` and returns its path.
  static func write(_ bytes: [UInt8], named name: String) -> String {
    let url = scratchDirectory().appendingPathComponent(name)
    _ = FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
    return url.path
  }

  /// Writes `text` (UTF-8) to a new scratch file named `name` and returns its path.
  static func write(_ text: String, named name: String) -> String {
    write(Array(text.utf8), named: name)
  }
}
