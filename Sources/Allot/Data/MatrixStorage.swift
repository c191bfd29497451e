#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The memory behind one or more `Matrix` values: an aligned allocation owned by Allot, or a
/// region of a memory-mapped file. Views share it; it is freed with the last one.
///
/// Allocations of `hugePageThreshold` bytes or more are aligned to 2 MiB and advised to the
/// kernel as candidates for transparent huge pages (`MADV_HUGEPAGE`, as numpy does), which
/// saves TLB misses when a kernel streams through gigabytes of rows.
public final class MatrixStorage<Scalar: MatrixScalar>: @unchecked Sendable {
  /// The alignment of every allocation, in bytes (one cache line, one AVX-512 register).
  public static var alignment: Int { 64 }
  /// The size from which allocations are backed by transparent huge pages where the kernel
  /// allows it, in bytes (4 MiB).
  public static var hugePageThreshold: Int { 4 << 20 }
  private static var hugePageSize: Int { 2 << 20 }

  /// The first element.
  public let base: UnsafeMutablePointer<Scalar>
  /// The number of elements.
  public let count: Int
  private let release: @Sendable () -> Void

  /// Allocates `count` zeroed elements aligned to `alignment` bytes (2 MiB from
  /// `hugePageThreshold` bytes on). Stops the process if the memory cannot be had.
  public init(zeroedCount count: Int) {
    let bytes = max(count, 1) * MemoryLayout<Scalar>.stride
    let huge = bytes >= Self.hugePageThreshold
    var raw: UnsafeMutableRawPointer?
    guard posix_memalign(&raw, huge ? Self.hugePageSize : Self.alignment, bytes) == 0, let raw
    else {
      fatalError("Allot: out of memory allocating \(bytes) bytes")
    }
    if huge {
      // Advice only: where transparent huge pages are off, the pages stay 4 KiB.
      _ = madvise(raw, bytes, Int32(MADV_HUGEPAGE))
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
