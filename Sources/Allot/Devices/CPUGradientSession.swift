/// Gradient steps of linear regression on the CPU path over a view of the caller's
/// features (no copy). One pass over the rows per call.
final class CPUGradientSession<Scalar: MatrixScalar>: GradientSession {
  let device: CPUDevice
  let features: Matrix<Scalar>
  let targets: [Scalar]
  let rows: Int

  init(device: CPUDevice, features: Matrix<Scalar>, targets: [Scalar]) {
    self.device = device
    self.features = features
    self.targets = targets
    self.rows = features.rows
  }

  func gradient(weights: [Scalar], bias: Scalar, range: Range<Int>?) throws -> GradientPartial {
    let d = features.columns
    precondition(weights.count == d, "one weight per feature")
    let range = range ?? 0..<rows
    precondition(range.lowerBound >= 0 && range.upperBound <= rows, "range out of bounds")
    let blocks = RowBlocks(rows: range.count, minimumRows: 8192, maximumBlocks: 64, granularity: 64)
    let count = blocks.count
    let stride = d + 2
    let partial = UnsafeMutablePointer<Double>.allocate(capacity: max(count * stride, 1))
    partial.initialize(repeating: 0, count: max(count * stride, 1))
    defer { partial.deallocate() }
    let base = features.baseAddress + range.lowerBound * d
    let isa = device.instructionSet
    targets.withUnsafeBufferPointer { targets in
      weights.withUnsafeBufferPointer { weights in
        let y = targets.baseAddress! + range.lowerBound
        device.parallel(count) { block in
          let rows = blocks.range(block)
          let out = partial + block * stride
          CPUKernels.gradient(
            isa, x: base + rows.lowerBound * d, y: y + rows.lowerBound, rows: rows.count, d: d,
            weights: weights.baseAddress!, bias: bias, gradient: out,
            residualSum: &out[d], squaredResidualSum: &out[d + 1])
        }
      }
    }
    var result = GradientPartial(features: d)
    for block in 0..<count {
      let source = partial + block * stride
      for j in 0..<d { result.weightSums[j] += source[j] }
      result.residualSum += source[d]
      result.squaredResidualSum += source[d + 1]
    }
    result.rows = range.count
    return result
  }
}
