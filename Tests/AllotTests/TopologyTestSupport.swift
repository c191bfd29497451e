import Foundation

/// Fixture files, the `allot` binary and external tools for the Topology tests.
enum TopologyTestSupport {
  /// The path of a file under Tests/AllotTests/Fixtures (copied into the test bundle).
  static func fixture(_ name: String) -> String {
    guard let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
      return "Fixtures/\(name)"
    }
    return folder.appendingPathComponent(name).path
  }

  /// The `allot` executable next to the running test executable (`.build/release/allot`).
  static var allotPath: String {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    return executable.deletingLastPathComponent().appendingPathComponent("allot").path
  }

  /// Standard output, standard error and exit status of a finished process.
  struct Output {
    var stdout: String
    var stderr: String
    var status: Int32
  }

  /// Runs `executable` with `arguments`, adding `environment` to the inherited one.
  static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:])
    throws -> Output
  {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Standard error is drained on another thread, so that a child filling one pipe while
    // the other is being read cannot block both.
    let errors = Drained()
    let drained = DispatchSemaphore(value: 0)
    let errHandle = err.fileHandleForReading
    DispatchQueue.global().async {
      errors.data = errHandle.readDataToEndOfFile()
      drained.signal()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    drained.wait()
    process.waitUntilExit()
    return Output(
      stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errors.data, as: UTF8.self), status: process.terminationStatus)
  }

  /// Bytes read on another thread; written once before the semaphore is signalled.
  private final class Drained: @unchecked Sendable {
    var data = Data()
  }

  /// The full path of a tool on PATH, nil when absent.
  static func tool(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for directory in path.split(separator: ":") {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Every match of `pattern` in `text`, in order.
  static func matches(_ pattern: String, in text: String) -> [String] {
    guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
    let range = NSRange(text.startIndex..., in: text)
    return regex.matches(in: text, range: range).compactMap {
      Range($0.range, in: text).map { String(text[$0]) }
    }
  }
}
