/// A gradient session that records each pass on its device's track of a `TraceRecorder`
/// (kernel `linreg.gradient`, the rows summed, the measured time; no prediction).
final class TracedGradientSession<Scalar: MatrixScalar>: GradientSession {
  private let base: any GradientSession<Scalar>
  private let device: DeviceID
  private let trace: TraceRecorder

  init(_ base: any GradientSession<Scalar>, device: DeviceID, trace: TraceRecorder) {
    self.base = base
    self.device = device
    self.trace = trace
  }

  var rows: Int { base.rows }

  func gradient(weights: [Scalar], bias: Scalar, range: Range<Int>?) throws -> GradientPartial {
    let start = monotonicSeconds()
    let partial = try base.gradient(weights: weights, bias: bias, range: range)
    trace.recordRun(
      kernel: .gradient, device: device,
      size: ProblemSize(
        rows: range?.count ?? base.rows, columns: weights.count,
        elementBytes: Scalar.precision.byteCount),
      start: start, end: monotonicSeconds(), predicted: 0)
    return partial
  }
}
