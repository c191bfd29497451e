/// A dense row-major matrix of `Float` or `Double`, 64-byte aligned, with cheap row-range
/// views (shards) that share storage.
///
/// Rows are stored contiguously with a stride of `columns` elements. Mutation copies the
/// storage first when another view shares it (copy on write), so a shard handed to a
/// device never changes under it.
public struct Matrix<Scalar: MatrixScalar>: Sendable {
  /// Number of rows.
  public let rows: Int
  /// Number of columns.
  public let columns: Int
  /// The storage, shared by views.
  public private(set) var storage: MatrixStorage<Scalar>
  /// Element offset of row 0 of this view inside `storage`.
  public private(set) var offset: Int

  /// A zero-filled `rows` x `columns` matrix. O(rows x columns).
  public init(rows: Int, columns: Int) {
    precondition(rows >= 0 && columns >= 0, "Matrix dimensions must not be negative")
    self.rows = rows
    self.columns = columns
    self.storage = MatrixStorage(zeroedCount: rows * columns)
    self.offset = 0
  }

  /// A matrix holding `elements` in row-major order; `elements.count` must be
  /// `rows * columns`.
  public init(rows: Int, columns: Int, elements: [Scalar]) {
    precondition(elements.count == rows * columns, "element count does not match the shape")
    self.init(rows: rows, columns: columns)
    let base = storage.base
    elements.withUnsafeBufferPointer { source in
      if let address = source.baseAddress { base.update(from: address, count: source.count) }
    }
  }

  /// A matrix over existing storage, starting at element `offset`.
  public init(storage: MatrixStorage<Scalar>, offset: Int = 0, rows: Int, columns: Int) {
    precondition(offset >= 0 && offset + rows * columns <= storage.count, "view out of bounds")
    self.storage = storage
    self.offset = offset
    self.rows = rows
    self.columns = columns
  }

  /// The number of elements, `rows * columns`.
  public var count: Int { rows * columns }

  /// The first element of this view (read-only access).
  public var baseAddress: UnsafePointer<Scalar> { UnsafePointer(storage.base + offset) }

  /// The element at `row`, `column`.
  public subscript(row: Int, column: Int) -> Scalar {
    get {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
      return storage.base[offset + row * columns + column]
    }
    set {
      precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
      makeUnique()
      storage.base[offset + row * columns + column] = newValue
    }
  }

  /// A view of rows `range` sharing this matrix's storage. O(1).
  public func rows(_ range: Range<Int>) -> Matrix {
    precondition(range.lowerBound >= 0 && range.upperBound <= rows, "row range out of bounds")
    return Matrix(
      storage: storage, offset: offset + range.lowerBound * columns, rows: range.count,
      columns: columns)
  }

  /// Row `index` as an array. O(columns).
  public func row(_ index: Int) -> [Scalar] {
    precondition(index >= 0 && index < rows, "row out of range")
    return Array(UnsafeBufferPointer(start: baseAddress + index * columns, count: columns))
  }

  /// All elements in row-major order. O(rows x columns).
  public var elements: [Scalar] { Array(UnsafeBufferPointer(start: baseAddress, count: count)) }

  /// Calls `body` with the elements of this view, row-major.
  public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows
    -> R
  {
    try body(UnsafeBufferPointer(start: baseAddress, count: count))
  }

  /// Calls `body` with mutable access to the elements of this view, copying shared storage
  /// first.
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (UnsafeMutableBufferPointer<Scalar>) throws -> R
  ) rethrows -> R {
    makeUnique()
    return try body(UnsafeMutableBufferPointer(start: storage.base + offset, count: count))
  }

  /// The same values converted to another precision. O(rows x columns).
  public func converted<Other: MatrixScalar>(to _: Other.Type = Other.self) -> Matrix<Other> {
    var result = Matrix<Other>(rows: rows, columns: columns)
    result.withUnsafeMutableBufferPointer { target in
      withUnsafeBufferPointer { source in
        for index in 0..<source.count { target[index] = Other(source[index]) }
      }
    }
    return result
  }

  private mutating func makeUnique() {
    if isKnownUniquelyReferenced(&storage) { return }
    let copy = MatrixStorage<Scalar>(zeroedCount: count)
    copy.base.update(from: storage.base + offset, count: count)
    storage = copy
    offset = 0
  }
}

extension Matrix: Equatable {
  /// Equal when shapes and every element are equal.
  public static func == (lhs: Matrix, rhs: Matrix) -> Bool {
    guard lhs.rows == rhs.rows, lhs.columns == rhs.columns else { return false }
    return lhs.withUnsafeBufferPointer { a in rhs.withUnsafeBufferPointer { b in a.elementsEqual(b) } }
  }
}
