import Testing

import Allot

@Suite struct MatrixTests {
  @Test func storageIsAlignedAndZeroed() {
    let matrix = Matrix<Float>(rows: 3, columns: 5)
    #expect(Int(bitPattern: matrix.baseAddress) % 64 == 0)
    #expect(matrix.elements == Array(repeating: 0, count: 15))
  }

  @Test func rowViewsShareStorageAndCopyOnWrite() {
    let elements = (0..<12).map(Double.init)
    let matrix = Matrix<Double>(rows: 4, columns: 3, elements: elements)
    var shard = matrix.rows(1..<3)
    #expect(shard.rows == 2)
    #expect(shard.row(0) == [3, 4, 5])
    #expect(shard[1, 2] == 8)
    shard[0, 0] = -1
    #expect(matrix[1, 0] == 3)
    #expect(shard[0, 0] == -1)
  }
}
