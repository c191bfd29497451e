import Foundation

/// The calibration file: JSON at $XDG_CACHE_HOME/allot/calibration.json (or
/// ~/.cache/allot/calibration.json), holding one machine's device figures and its learned
/// run times (samples keyed by kernel and device). Loading never fails: a missing, corrupt,
/// other-version or other-machine file, or one with invalid figures, yields no calibration
/// and, except when missing, a warning.
public struct CalibrationStore: Sendable {
  /// The file's path.
  public let path: String

  /// A store at `path`.
  public init(path: String) { self.path = path }

  /// The default store for `environment` (the process environment by default).
  public static func defaultStore(
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) -> CalibrationStore {
    let base: String
    if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") {
      base = cache
    } else {
      base = (environment["HOME"] ?? NSHomeDirectory()) + "/.cache"
    }
    return CalibrationStore(path: base + "/allot/calibration.json")
  }

  /// The stored calibration for `machine`, or nil with a one-line warning saying why it was
  /// ignored (nil warning when there is simply no file).
  public func load(for machine: MachineIdentity) -> (calibration: Calibration?, warning: String?) {
    guard let data = FileManager.default.contents(atPath: path) else { return (nil, nil) }
    struct Version: Decodable {
      var formatVersion: Int?
      enum CodingKeys: String, CodingKey { case formatVersion = "format_version" }
    }
    guard let version = try? JSONDecoder().decode(Version.self, from: data) else {
      return (nil, "ignoring \(path): not a calibration file (corrupt JSON)")
    }
    guard version.formatVersion == Calibration.currentFormatVersion else {
      return (
        nil,
        "ignoring \(path): format version \(version.formatVersion.map(String.init) ?? "missing"), this allot reads \(Calibration.currentFormatVersion); run `allot calibrate`"
      )
    }
    let calibration: Calibration
    do {
      calibration = try JSONDecoder().decode(Calibration.self, from: data)
    } catch {
      return (nil, "ignoring \(path): not a calibration file (\(ErrorText.describe(error)))")
    }
    guard calibration.machine == machine else {
      return (
        nil,
        "ignoring \(path): it was measured on another machine or hardware; run `allot calibrate`"
      )
    }
    let bad = calibration.devices.first { !($0.gflops > 0 && $0.readGBPerSecond > 0) }
    if let bad {
      return (nil, "ignoring \(path): device \(bad.device) has non-positive figures")
    }
    let badSample = calibration.samples.first { sample in
      DeviceID(sample.device) == nil
        || ![sample.seconds, sample.flops, sample.bytes].allSatisfy { $0 >= 0 && $0.isFinite }
    }
    if let badSample {
      return (
        nil,
        "ignoring \(path): a saved run of \(badSample.kernel) on \(badSample.device) has invalid figures"
      )
    }
    return (calibration, nil)
  }

  /// Where `save` writes: `path` with symbolic links followed, also a link whose target
  /// does not exist yet (at most 40 links, as the system allows).
  public var targetPath: String {
    var current = path
    for _ in 0..<40 {
      guard let destination = try? FileManager.default.destinationOfSymbolicLink(atPath: current)
      else { break }
      current =
        destination.hasPrefix("/")
        ? destination
        : ((current as NSString).deletingLastPathComponent as NSString)
          .appendingPathComponent(destination)
    }
    return current
  }

  /// Writes `calibration` as pretty JSON, creating the folder. The file is replaced whole
  /// (written beside it, then renamed over it), so a reader never sees half of it; a
  /// symbolic link is followed and kept.
  /// - Throws: `CalibrationError.cannotWrite` naming the path, also when the path names
  ///   something other than a regular file (a device, a pipe, a folder), which a rename
  ///   would replace.
  public func save(_ calibration: Calibration) throws {
    let target = URL(fileURLWithPath: targetPath)
    // The item itself, links not followed: after `targetPath`, a link is one left from a loop.
    if let type = try? FileManager.default.attributesOfItem(atPath: target.path)[.type]
      as? FileAttributeType, type != .typeRegular
    {
      throw CalibrationError.cannotWrite(
        path: path, detail: type == .typeDirectory ? "is a directory" : "is not a regular file")
    }
    do {
      let folder = target.deletingLastPathComponent().path
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      try encoder.encode(calibration).write(to: target, options: .atomic)
    } catch {
      throw CalibrationError.cannotWrite(path: path, detail: ErrorText.describe(error))
    }
  }
}

/// Failures storing a calibration.
public enum CalibrationError: AllotError, Equatable {
  /// The file could not be written.
  case cannotWrite(path: String, detail: String)
  /// `.input`.
  public var category: ErrorCategory { .input }
  /// One line naming the file.
  public var description: String {
    switch self {
    case .cannotWrite(let path, let detail): return "cannot write calibration \(path): \(detail)"
    }
  }
}
