import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Short one-line texts for errors that come from Foundation or `Codable`, so that a message
/// shown to a user never carries a Foundation error dump (`Error Domain=NSCocoaErrorDomain
/// Code=4 ...`) or a `DecodingError` with its debug description and coding path.
public enum ErrorText {
  /// One line saying what went wrong: the system's reason for a file error (`No such file or
  /// directory`), where and what for a decoding error (`not valid JSON`, `missing key "name"
  /// at devices[0]`), the description of an `AllotError`, else the localized description.
  /// Never contains a line break.
  public static func describe(_ error: any Error) -> String {
    oneLine(text(of: error))
  }

  private static func text(of error: any Error) -> String {
    if let error = error as? any AllotError { return error.description }
    if let error = error as? DecodingError { return decoding(error) }
    if let error = error as? EncodingError {
      if case .invalidValue(_, let context) = error {
        return "cannot encode the value at \(path(context.codingPath))"
      }
      return "cannot encode the value"
    }
    let ns = error as NSError
    if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
      underlying.domain == NSPOSIXErrorDomain
    {
      return String(cString: strerror(Int32(underlying.code)))
    }
    if ns.domain == NSCocoaErrorDomain {
      if let path = ns.userInfo[NSFilePathErrorKey] as? String
        ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
      {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory),
          isDirectory.boolValue
        {
          return "is a directory"
        }
      }
      switch CocoaError.Code(rawValue: ns.code) {
      case .fileNoSuchFile, .fileReadNoSuchFile: return "No such file or directory"
      case .fileReadNoPermission, .fileWriteNoPermission: return "Permission denied"
      case .fileWriteOutOfSpace: return "No space left on device"
      case .fileWriteVolumeReadOnly: return "Read-only file system"
      case .fileReadCorruptFile: return "the file is corrupt or not in the expected format"
      case .fileReadUnknown: return "cannot be read"
      case .fileWriteUnknown: return "cannot be written"
      default: break
      }
    }
    return ns.localizedDescription
  }

  private static func decoding(_ error: DecodingError) -> String {
    switch error {
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty {
        let detail = context.debugDescription
        return detail.hasPrefix("The given data was not valid JSON") ? "not valid JSON" : detail
      }
      return "invalid value at \(path(context.codingPath)): \(context.debugDescription)"
    case .keyNotFound(let key, let context):
      let place = context.codingPath.isEmpty ? "" : " at \(path(context.codingPath))"
      return "missing key \"\(key.stringValue)\"\(place)"
    case .typeMismatch(let type, let context):
      return "wrong type at \(path(context.codingPath)) (expected \(type))"
    case .valueNotFound(let type, let context):
      return "missing value at \(path(context.codingPath)) (expected \(type))"
    @unknown default:
      return "not in the expected format"
    }
  }

  /// `devices[0].kind`; `the top level` for an empty path.
  private static func path(_ keys: [any CodingKey]) -> String {
    guard !keys.isEmpty else { return "the top level" }
    var text = ""
    for key in keys {
      if let index = key.intValue {
        text += "[\(index)]"
      } else {
        text += (text.isEmpty ? "" : ".") + key.stringValue
      }
    }
    return text
  }

  private static func oneLine(_ text: String) -> String {
    let joined = text.split(whereSeparator: \.isNewline).map {
      $0.trimmingCharacters(in: .whitespaces)
    }.joined(separator: " ")
    return joined.count > 200 ? String(joined.prefix(197)) + "..." : joined
  }
}
