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
  /// calibration file is): `target` (`path` with its symbolic links followed) must not end
  /// in `/`; when it exists it must be a regular file (not a folder, pipe, device or a link
  /// left over from a loop); and the nearest existing folder above it must accept a new file
  /// (its missing folders are created later). Errors name `path`.
  /// - Throws: `DataError.unwritable` (exit 66).
  static func checkReplaceableFile(_ path: String, target: String) throws {
    if target.isEmpty { throw DataError.unwritable(path: path, reason: "the path is empty") }
    if target.hasSuffix("/") {
      throw DataError.unwritable(path: path, reason: "ends in /, which names a folder")
    }
    var status = stat()
    if lstat(target, &status) == 0 {
      switch status.st_mode & S_IFMT {
      case S_IFDIR: throw DataError.unwritable(path: path, reason: "is a directory")
      case S_IFREG: break
      case S_IFLNK:
        throw DataError.unwritable(path: path, reason: "too many levels of symbolic links")
      default: throw DataError.unwritable(path: path, reason: "is not a regular file")
      }
    } else if errno != ENOENT {
      throw DataError.unwritable(path: path, reason: String(cString: strerror(errno)))
    }
    let folder = parent(of: target)
    do {
      try checkDirectory(folder)
    } catch DataError.unwritable(_, let reason) {
      throw DataError.unwritable(path: path, reason: "its folder \(folder): \(reason)")
    }
    var existing = folder
    var folderStatus = stat()
    while stat(existing, &folderStatus) != 0, parent(of: existing) != existing {
      existing = parent(of: existing)
    }
    // A new file there, as the rename (or the folders to create) need; permissions alone do
    // not tell (a read-only file system, or /proc for the superuser).
    var probe = Array("\(existing)/.allot-probe-XXXXXX".utf8CString)
    let descriptor = probe.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
    guard descriptor >= 0 else {
      let reason = String(cString: strerror(errno))
      throw DataError.unwritable(
        path: path, reason: "no new file can be made in \(existing) (\(reason))")
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
