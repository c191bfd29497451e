#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A whole file mapped into memory, private and writable (writes never reach the file), so
/// that a `MatrixStorage` can borrow it and copy-on-write mutation stays safe.
final class MappedFile: @unchecked Sendable {
  /// The first byte; `nil` for an empty file.
  let base: UnsafeMutableRawPointer?
  /// The file size in bytes.
  let size: Int
  /// The path, as given.
  let path: String

  /// Maps `path`.
  /// - Throws: `DataError.fileNotFound` or `DataError.unreadable`.
  init(path: String) throws {
    self.path = path
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else {
      let code = errno
      if code == ENOENT { throw DataError.fileNotFound(path: path) }
      throw DataError.unreadable(path: path, reason: String(cString: strerror(code)))
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw DataError.unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else {
      let kind = (info.st_mode & S_IFMT) == S_IFDIR ? "is a directory" : "not a regular file"
      throw DataError.unreadable(path: path, reason: kind)
    }
    size = Int(info.st_size)
    if size == 0 {
      base = nil
      return
    }
    let address = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, descriptor, 0)
    guard let address, address != MAP_FAILED else {
      throw DataError.unreadable(path: path, reason: String(cString: strerror(errno)))
    }
    _ = madvise(address, size, MADV_SEQUENTIAL)
    base = address
  }

  /// The bytes of the file.
  var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: size) }

  deinit {
    if let base { munmap(base, size) }
  }
}
