#if canImport(Glibc)
  import Glibc
#endif

/// Reads small text files under /proc and /sys (which report a size of zero, so they are read
/// until end of file).
enum SystemFile {
  /// The whole file as UTF-8, nil when it cannot be opened.
  static func read(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = fread(&buffer, 1, buffer.count, file)
      if count <= 0 { break }
      bytes.append(contentsOf: buffer[0..<count])
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The file's first word as an integer, nil when absent or not a number.
  static func readInteger(_ path: String) -> Int? {
    guard let text = read(path) else { return nil }
    guard let word = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).first else {
      return nil
    }
    return Int(word)
  }

  /// True when `path` names an existing directory.
  static func isDirectory(_ path: String) -> Bool {
    var status = stat()
    return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
  }
}
