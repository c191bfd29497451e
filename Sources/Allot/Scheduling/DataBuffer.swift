/// A piece of data a task reads or writes, named by an identifier the caller chooses. The
/// scheduler orders tasks that touch the same buffer (read after write, write after read,
/// write after write), tracks which device holds its latest copy, and counts `bytes` for
/// memory checks and transfer times.
public struct DataBuffer: Hashable, Sendable, Codable {
  /// The caller's identifier for the data; equal identifiers are the same data.
  public var id: Int
  /// Size of the data in bytes.
  public var bytes: Int

  /// The buffer `id` of `bytes` bytes.
  public init(id: Int, bytes: Int) {
    self.id = id
    self.bytes = bytes
  }
}
