/// A device whose every k-means step and gradient step is timed: each run is recorded into
/// a `PerformanceModel` as (kernel, device, size, seconds) and, when a `TraceRecorder` is
/// given, as a slice on the device's track with its kernel, size and predicted against
/// actual time. The work itself is the wrapped device's, unchanged.
///
/// Kernels: `KernelName.kmeansStep` for `KMeansSession.step` (rows of the session, the
/// centers' columns and count) and `KernelName.gradient` for `GradientSession.gradient`
/// (rows summed, weights as columns). Thread safety: as the wrapped device; the model and
/// the recorder may be shared by devices running at the same time.
public final class ObservedDevice: ComputeDevice {
  /// The device that does the work.
  public let base: any ComputeDevice
  /// Where run times are recorded.
  public let model: PerformanceModel
  /// Where slices are recorded, or nil.
  public let trace: TraceRecorder?
  /// The device's description for predictions before any history exists (capacity); nil
  /// predicts from history only (0 until the model has a fit).
  public let runtimeDevice: RuntimeDevice?

  /// Wraps `base`. One line to use: `ObservedDevice(device, model: saved.performanceModel,
  /// trace: recorder, runtimeDevice: topology.runtimeDevice(device.id))`.
  public init(
    _ base: any ComputeDevice, model: PerformanceModel, trace: TraceRecorder? = nil,
    runtimeDevice: RuntimeDevice? = nil
  ) {
    self.base = base
    self.model = model
    self.trace = trace
    self.runtimeDevice = runtimeDevice
  }

  /// The wrapped device's identifier.
  public var id: DeviceID { base.id }
  /// The wrapped device's name.
  public var name: String { base.name }

  /// The wrapped device's session, timed step by step.
  /// - Throws: what the wrapped device throws.
  public func makeKMeansSession<Scalar: MatrixScalar>(points: Matrix<Scalar>) throws
    -> any KMeansSession<Scalar>
  {
    ObservedKMeansSession(base: try base.makeKMeansSession(points: points), observer: self)
  }

  /// The wrapped device's session, timed step by step.
  /// - Throws: what the wrapped device throws.
  public func makeGradientSession<Scalar: MatrixScalar>(
    features: Matrix<Scalar>, targets: [Scalar]
  ) throws -> any GradientSession<Scalar> {
    ObservedGradientSession(
      base: try base.makeGradientSession(features: features, targets: targets), observer: self)
  }

  /// Runs `body`, timing it as one run of `kernel` at `size`; a failure is traced, not
  /// recorded as a run time.
  func observe<T>(_ kernel: KernelName, _ size: ProblemSize, _ body: () throws -> T) throws -> T {
    let flops = kernel.flops(size)
    let bytes = kernel.bytes(size)
    let key = base.id.description
    let predicted: Double
    if let runtimeDevice {
      predicted = model.predict(kernel: kernel, flops: flops, bytes: bytes, on: runtimeDevice)
    } else {
      predicted =
        model.predictFromHistory(kernel: kernel, flops: flops, bytes: bytes, device: key) ?? 0
    }
    let start = monotonicSeconds()
    let result: T
    do {
      result = try body()
    } catch {
      trace?.recordFailure(
        kernel: kernel, device: base.id, message: "\(error)", time: monotonicSeconds())
      throw error
    }
    let end = monotonicSeconds()
    model.record(
      PerformanceSample(
        kernel: kernel.rawValue, device: key, flops: flops, bytes: bytes, seconds: end - start))
    trace?.recordRun(
      kernel: kernel, device: base.id, size: size, start: start, end: end, predicted: predicted)
    return result
  }
}

/// A k-means session whose steps are timed by an `ObservedDevice`.
final class ObservedKMeansSession<Scalar: MatrixScalar>: KMeansSession {
  let base: any KMeansSession<Scalar>
  let observer: ObservedDevice

  init(base: any KMeansSession<Scalar>, observer: ObservedDevice) {
    self.base = base
    self.observer = observer
  }

  var rows: Int { base.rows }

  func step(centers: Matrix<Scalar>) throws -> KMeansPartial {
    let size = ProblemSize(
      rows: base.rows, columns: centers.columns, clusters: centers.rows,
      elementBytes: MemoryLayout<Scalar>.size)
    return try observer.observe(.kmeansStep, size) { try base.step(centers: centers) }
  }

  func labels() throws -> [Int32] { try base.labels() }

  func distances() throws -> [Double] { try base.distances() }
}

/// A gradient session whose passes are timed by an `ObservedDevice`.
final class ObservedGradientSession<Scalar: MatrixScalar>: GradientSession {
  let base: any GradientSession<Scalar>
  let observer: ObservedDevice

  init(base: any GradientSession<Scalar>, observer: ObservedDevice) {
    self.base = base
    self.observer = observer
  }

  var rows: Int { base.rows }

  func gradient(weights: [Scalar], bias: Scalar, range: Range<Int>?) throws -> GradientPartial {
    let size = ProblemSize(
      rows: range?.count ?? base.rows, columns: weights.count,
      elementBytes: MemoryLayout<Scalar>.size)
    return try observer.observe(.gradient, size) {
      try base.gradient(weights: weights, bias: bias, range: range)
    }
  }
}
