import Allot

#if canImport(Glibc)
  import Glibc
#endif

/// Checks, before any work is done, that the files and folders a command will write
/// (`--labels`, `--trace`, `--json FILE`, `--plot`, `--save-data`) can be created, so that a
/// typo fails at once instead of after a long run.
enum OutputPath {
  /// Opens `path` for writing without truncating it; a file that did not exist is removed
  /// again.
  /// - Throws: `DataError.unwritable` (exit 66) with the system's reason.
  static func checkFile(_ path: String) throws {
    var status = stat()
    let existed = stat(path, &status) == 0
    if existed, (status.st_mode & S_IFMT) == S_IFDIR {
      throw DataError.unwritable(path: path, reason: "is a directory")
    }
    let descriptor = open(path, O_WRONLY | O_CREAT, 0o644)
    guard descriptor >= 0 else {
      throw DataError.unwritable(path: path, reason: String(cString: strerror(errno)))
    }
    close(descriptor)
    if !existed { unlink(path) }
  }

  /// Checks a file that is replaced whole (written beside it and renamed over it, as the
  /// calibration file is): `target` (`path` with its symbolic links followed), when it
  /// exists, must be a regular file, and its folder must accept a new file, or be creatable
  /// (as `checkDirectory`). Errors name `path`.
  /// - Throws: `DataError.unwritable` (exit 66).
  static func checkReplaceableFile(_ path: String, target: String) throws {
    var status = stat()
    if stat(target, &status) == 0 {
      switch status.st_mode & S_IFMT {
      case S_IFDIR: throw DataError.unwritable(path: path, reason: "is a directory")
      case S_IFREG: break
      default: throw DataError.unwritable(path: path, reason: "is not a regular file")
      }
    }
    let folder = parent(of: target)
    var folderStatus = stat()
    guard stat(folder, &folderStatus) == 0, (folderStatus.st_mode & S_IFMT) == S_IFDIR else {
      try checkDirectory(folder)
      return
    }
    // A new file in the folder, as the rename needs; permissions alone do not tell (a
    // read-only file system, or /proc for the superuser).
    var probe = Array("\(folder)/.allot-probe-XXXXXX".utf8CString)
    let descriptor = probe.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      throw DataError.unwritable(path: path, reason: String(cString: strerror(errno)))
    }
    close(descriptor)
    probe.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
  }

  /// Checks that `path` is a writable folder, or that the nearest existing folder above it
  /// is writable, so the folder can be created.
  /// - Throws: `DataError.unwritable` (exit 66).
  static func checkDirectory(_ path: String) throws {
    var candidate = path
    while true {
      var status = stat()
      if stat(candidate, &status) == 0 {
        guard (status.st_mode & S_IFMT) == S_IFDIR else {
          let reason = candidate == path ? "is not a directory" : "\(candidate) is not a directory"
          throw DataError.unwritable(path: path, reason: reason)
        }
        guard access(candidate, W_OK) == 0 else {
          throw DataError.unwritable(path: path, reason: String(cString: strerror(errno)))
        }
        return
      }
      guard errno == ENOENT else {
        throw DataError.unwritable(path: path, reason: String(cString: strerror(errno)))
      }
      let parent = Self.parent(of: candidate)
      if parent == candidate { return }
      candidate = parent
    }
  }

  /// The folder above `path` (`.` for a bare name, `/` for `/`).
  private static func parent(of path: String) -> String {
    var trimmed = Substring(path)
    while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
    guard let slash = trimmed.lastIndex(of: "/") else { return "." }
    return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
  }
}
