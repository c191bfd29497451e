/// A k-means session that records each step on its device's track of a `TraceRecorder`
/// (kernel `kmeans.assign`, the shard's size, the measured time; no prediction).
final class TracedKMeansSession<Scalar: MatrixScalar>: KMeansSession {
  private let base: any KMeansSession<Scalar>
  private let device: DeviceID
  private let trace: TraceRecorder
  private let columns: Int

  init(_ base: any KMeansSession<Scalar>, device: DeviceID, columns: Int, trace: TraceRecorder) {
    self.base = base
    self.device = device
    self.columns = columns
    self.trace = trace
  }

  var rows: Int { base.rows }

  func step(centers: Matrix<Scalar>) throws -> KMeansPartial {
    let start = monotonicSeconds()
    let partial = try base.step(centers: centers)
    trace.recordRun(
      kernel: .kmeansAssign, device: device,
      size: ProblemSize(
        rows: base.rows, columns: columns, clusters: centers.rows,
        elementBytes: Scalar.precision.byteCount),
      start: start, end: monotonicSeconds(), predicted: 0)
    return partial
  }

  func labels() throws -> [Int32] { try base.labels() }

  func distances() throws -> [Double] { try base.distances() }
}
