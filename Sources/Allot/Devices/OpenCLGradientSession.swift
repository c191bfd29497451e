import AllotKernelSources

/// Gradient steps of linear regression on an OpenCL device. The samples are uploaded once,
/// column-major, into one or more chunks of device buffers. Each call runs the fused kernel
/// (residual and its contribution to `sum_i r_i x_i` in one pass over the rows, one partial
/// per work-group: on GPUs a tile of rows per work-group, on CPU drivers one work-item per
/// group walking its rows a vector at a time) and a reduction over the work-groups in group
/// order; chunks are combined in order, so the result is the same on every run on the same
/// device. The program is built for the number of features.
public final class OpenCLGradientSession<Scalar: MatrixScalar>: GradientSession {
  /// Number of samples.
  public let rows: Int
  /// Number of features.
  public let features: Int
  /// The OpenCL device name the kernels run on.
  public var deviceName: String { device.name }
  /// Device time, in seconds, of the kernels of the last `gradient` call.
  public private(set) var lastKernelSeconds: Double = 0
  /// Device time, in seconds, of each kernel launch of the last call, in launch order.
  public private(set) var lastKernelProfile: [(kernel: String, seconds: Double)] = []
  /// Number of device buffers the samples were split into.
  public var chunkCount: Int { chunks.count }

  private struct Chunk {
    let rows: Range<Int>
    let samples: OpenCLBuffer
    let targets: OpenCLBuffer
  }

  private let device: OpenCLDevice
  private let queue: OpenCLQueue
  private var chunks: [Chunk] = []
  private let partialKernel: OpenCLKernel
  private let reduceKernel: OpenCLKernel
  private let weights: OpenCLBuffer
  private let partials: OpenCLBuffer
  private let totals: OpenCLBuffer
  private let maxGroups: Int
  private let vectorWidth: Int

  init(device: OpenCLDevice, features matrix: Matrix<Scalar>, targets: [Scalar]) throws {
    precondition(targets.count == matrix.rows, "one target per row")
    self.device = device
    rows = matrix.rows
    features = matrix.columns
    vectorWidth = device.vectorWidth(for: Scalar.self)
    let program = try device.program(
      source: KernelSource.linreg.text,
      options: device.buildOptions(for: Scalar.self, extra: "-D DIMS=\(matrix.columns)"))
    partialKernel = try program.kernel(
      device.usesRowPerWorkItem ? "gradient_partial" : "gradient_rows")
    reduceKernel = try program.kernel("reduce_partials")
    queue = try OpenCLQueue(
      context: device.context, deviceID: device.deviceID, device: device.label)

    let scalarBytes = MemoryLayout<Scalar>.stride
    let allowed = device.limits.maxAllocationBytes
    maxGroups = device.limits.computeUnits * 4
    let width = features + 2
    let ranges = try OpenCLRowChunks.plan(
      rows: rows, largestBufferBytesPerRow: features * scalarBytes,
      totalBytesPerRow: (features + 1) * scalarBytes,
      fixedBytes: (maxGroups + 1) * width * device.accumulatorBytes,
      blockRows: device.blockRows(for: Scalar.self), limits: device.limits, device: device.label)
    for range in ranges {
      let blockRows = device.blockRows(for: Scalar.self)
      let padded = OpenCLRowChunks.paddedRows(rows: range.count, blockRows: blockRows)
      let samples = try OpenCLBuffer(
        context: device.context, byteCount: padded * features * scalarBytes,
        allowedBytes: allowed, device: device.label)
      try queue.write(
        OpenCLRowChunks.blocked(matrix, rows: range, blockRows: blockRows), to: samples)
      let y = try OpenCLBuffer(
        context: device.context, byteCount: padded * scalarBytes, allowedBytes: allowed,
        device: device.label)
      var paddedTargets = Array(targets[range])
      paddedTargets += [Scalar](repeating: 0, count: padded - range.count)
      try queue.write(paddedTargets, to: y)
      chunks.append(Chunk(rows: range, samples: samples, targets: y))
    }
    weights = try OpenCLBuffer(
      context: device.context, byteCount: features * scalarBytes, allowedBytes: allowed,
      device: device.label)
    partials = try OpenCLBuffer(
      context: device.context, byteCount: maxGroups * width * device.accumulatorBytes,
      allowedBytes: allowed, device: device.label)
    totals = try OpenCLBuffer(
      context: device.context, byteCount: width * device.accumulatorBytes, allowedBytes: allowed,
      device: device.label)
  }

  /// `sum_i r_i x_i`, `sum_i r_i` and `sum_i r_i^2` over the samples in `range` (all when nil),
  /// with r_i = x_i . w + b - y_i (see `GradientSession.gradient`).
  /// - Throws: `DeviceError` when an OpenCL call fails.
  public func gradient(weights given: [Scalar], bias: Scalar, range: Range<Int>?) throws
    -> GradientPartial
  {
    precondition(given.count == features, "one weight per feature")
    let wanted = range ?? 0..<rows
    precondition(wanted.lowerBound >= 0 && wanted.upperBound <= rows, "range out of bounds")
    var result = GradientPartial(features: features)
    try queue.write(given, to: weights)
    let limits = device.limits
    // GPUs: tiles of rows per work-group; CPU drivers: one work-item per group.
    let local =
      device.usesRowPerWorkItem
      ? partialKernel.workGroupSize(deviceMaximum: limits.maxWorkGroupSize, cap: 256) : 1
    let reduceSize = reduceKernel.workGroupSize(deviceMaximum: limits.maxWorkGroupSize, cap: 256)
    let width = features + 2
    for chunk in chunks {
      let lower = max(wanted.lowerBound, chunk.rows.lowerBound) - chunk.rows.lowerBound
      let upper = min(wanted.upperBound, chunk.rows.upperBound) - chunk.rows.lowerBound
      guard upper > lower else { continue }
      let count = upper - lower
      // Work-groups start on a multiple of the vector width (rows before `lower` count as 0).
      let aligned = upper - (lower - lower % vectorWidth)
      let tileRows = local * vectorWidth
      let groups = max(1, min(maxGroups, (aligned + tileRows - 1) / tileRows))
      let rowsPerGroup =
        ((aligned + groups - 1) / groups + vectorWidth - 1) / vectorWidth * vectorWidth
      try partialKernel.set(0, chunk.samples)
      try partialKernel.set(1, Int32(features))
      try partialKernel.set(2, Int32(lower))
      try partialKernel.set(3, Int32(upper))
      try partialKernel.set(4, Int32(rowsPerGroup))
      try partialKernel.set(5, chunk.targets)
      try partialKernel.set(6, weights)
      try partialKernel.set(7, bias)
      if device.usesRowPerWorkItem {
        try partialKernel.setLocal(8, bytes: tileRows * MemoryLayout<Scalar>.stride)
        try partialKernel.set(9, partials)
      } else {
        try partialKernel.set(8, partials)
      }
      try queue.launch(partialKernel, global: groups * local, local: local)
      try reduceKernel.set(0, partials)
      try reduceKernel.set(1, Int32(groups))
      try reduceKernel.set(2, Int32(width))
      try reduceKernel.set(3, totals)
      try queue.launch(reduceKernel, global: width, local: reduceSize)
      let sums: [Double] =
        device.accumulatorBytes == 8
        ? try queue.read(Double.self, count: width, from: totals)
        : try queue.read(Float.self, count: width, from: totals).map { Double($0) }
      for j in 0..<features { result.weightSums[j] += sums[j] }
      result.residualSum += sums[features]
      result.squaredResidualSum += sums[features + 1]
      result.rows += count
    }
    lastKernelProfile = try queue.drainKernelTimes()
    lastKernelSeconds = lastKernelProfile.reduce(0) { $0 + $1.seconds }
    return result
  }
}
