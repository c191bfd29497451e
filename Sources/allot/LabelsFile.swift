import Allot

#if canImport(Glibc)
  import Glibc
#endif

/// Writes k-means labels for `--labels PATH`: a `.npy` array of `<i4` when the path ends in
/// `.npy`, else text with one integer per line, one line per input row.
enum LabelsFile {
  /// - Throws: `DataError.unwritable` when the file cannot be created or written.
  static func write(_ labels: [Int32], to path: String) throws {
    if DataLoader.format(of: path) == .npy {
      try NpyWriter.write(labels, to: path)
      return
    }
    var text = ""
    text.reserveCapacity(labels.count * 3)
    for label in labels {
      text += String(label)
      text += "\n"
    }
    guard let file = fopen(path, "w") else {
      throw DataError.unwritable(path: path, reason: String(cString: strerror(errno)))
    }
    let bytes = Array(text.utf8)
    let written = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    let failed = written != bytes.count
    let reason = String(cString: strerror(errno))
    if fclose(file) != 0 || failed {
      throw DataError.unwritable(
        path: path, reason: failed ? reason : String(cString: strerror(errno)))
    }
  }
}
