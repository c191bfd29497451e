#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The memory behind one or more `Matrix` values: a 64-byte aligned allocation owned by
/// Allot, or a region of a memory-mapped file. Views share it; it is freed with the last one.
public final class MatrixStorage<Scalar: MatrixScalar>: @unchecked Sendable {
  /// The alignment of every allocation, in bytes (one cache line, one AVX-512 register).
  public static var alignment: Int { 64 }

  /// The first element.
  public let base: UnsafeMutablePointer<Scalar>
  /// The number of elements.
  public let count: Int
  private let release: @Sendable () -> Void

  /// Allocates `count` zeroed elements aligned to `alignment` bytes.
  public init(zeroedCount count: Int) {
    let bytes = max(count, 1) * MemoryLayout<Scalar>.stride
    var raw: UnsafeMutableRawPointer?
    guard posix_memalign(&raw, Self.alignment, bytes) == 0, let raw else {
      fatalError("Allot: out of memory allocating \(bytes) bytes")
    }
    memset(raw, 0, bytes)
    let typed = raw.bindMemory(to: Scalar.self, capacity: max(count, 1))
    self.base = typed
    self.count = count
    let address = UInt(bitPattern: raw)
    self.release = { free(UnsafeMutableRawPointer(bitPattern: address)) }
  }

  /// Wraps memory that something else owns (a memory-mapped file); `release` runs once
  /// when the last view is gone.
  public init(
    borrowing base: UnsafeMutablePointer<Scalar>, count: Int,
    release: @escaping @Sendable () -> Void
  ) {
    self.base = base
    self.count = count
    self.release = release
  }

  deinit { release() }
}
