import AllotKernelSources

/// k-means steps on an OpenCL device. The points are uploaded once, column-major and centered
/// on their mean (so that the fast |c|^2 - 2 x.c distance does not cancel in Float32), into
/// one or more chunks of device buffers; labels stay on the device between steps, so that
/// changed labels are counted there.
///
/// Each step runs, per chunk: on GPUs, the assignment kernel (one work-item per point, centers
/// in local memory when they fit, each point's squared distance measured directly) and then
/// the partial-sum kernel; on CPU drivers, one kernel that assigns a vector of rows at a time
/// and adds them to the partial sums while they are in cache. Either way there is one partial
/// per work-group, rows in order, and a reduction over the work-groups in group order; chunks
/// are combined in order. The result is therefore the same on every run on the same device.
///
/// On CPU drivers the inertia follows from the sums, in Float64: with x' and c' the shifted
/// points and centers, sum_i |x'_i|^2 (measured at upload) plus, per cluster c with n_c rows
/// and sum S'_c, n_c |c'|^2 - 2 c'.S'_c. The per-point distances are then measured only when
/// asked for, and by the `row_distances` kernel when the identity would lose more than 3 of
/// the sums' digits (far outliers, or clusters far tighter than the data's spread) or the
/// device accumulates in Float32.
public final class OpenCLKMeansSession<Scalar: MatrixScalar>: KMeansSession {
  /// Number of points.
  public let rows: Int
  /// Number of coordinates per point.
  public let dimensions: Int
  /// The OpenCL device name the kernels run on.
  public var deviceName: String { device.name }
  /// Device time, in seconds, of the kernels of the last `step` (from profiling events).
  public private(set) var lastKernelSeconds: Double = 0
  /// Device time, in seconds, of each kernel launch of the last call, in launch order.
  public private(set) var lastKernelProfile: [(kernel: String, seconds: Double)] = []
  /// Number of device buffers the points were split into.
  public var chunkCount: Int { chunks.count }

  private struct Chunk {
    let rows: Range<Int>
    let points: OpenCLBuffer
    /// sum_i |x'_i|^2 over the chunk's shifted points, in Float64 (CPU drivers; 0 on GPUs,
    /// which measure the inertia directly).
    let squares: Double
    let distances: OpenCLBuffer
    var labels: OpenCLBuffer
    var previousLabels: OpenCLBuffer
    let groups: Int
  }

  /// The kernels of the program built for the current number of clusters.
  private struct Kernels {
    let centersPerBlock: Int
    let assignLocal: OpenCLKernel
    let assignGlobal: OpenCLKernel
    let update: OpenCLKernel
    let step: OpenCLKernel
    let stepSmall: OpenCLKernel
    let rowDistances: OpenCLKernel
    let reduceSums: OpenCLKernel
    let reduceCounts: OpenCLKernel
  }

  private let device: OpenCLDevice
  private let queue: OpenCLQueue
  private let mean: [Double]
  private var chunks: [Chunk] = []
  private let vectorWidth: Int
  private var kernels: Kernels?
  private var clusters = 0
  private var centers: OpenCLBuffer?
  private var norms: OpenCLBuffer?
  private var partialSums: OpenCLBuffer?
  private var partialCounts: OpenCLBuffer?
  private var totalSums: OpenCLBuffer?
  private var totalCounts: OpenCLBuffer?
  /// Whether each chunk's `distances` buffer holds the distances of the last step.
  private var distancesMeasured = false

  init(device: OpenCLDevice, points: Matrix<Scalar>) throws {
    self.device = device
    rows = points.rows
    dimensions = points.columns
    vectorWidth = device.vectorWidth(for: Scalar.self)
    queue = try OpenCLQueue(
      context: device.context, deviceID: device.deviceID, device: device.label)

    // Column means in Float64, subtracted on upload and added back to the sums.
    let mean = OpenCLRowChunks.columnMeans(points)
    self.mean = mean

    let scalarBytes = MemoryLayout<Scalar>.stride
    let ranges = try OpenCLRowChunks.plan(
      rows: rows, largestBufferBytesPerRow: dimensions * scalarBytes,
      totalBytesPerRow: dimensions * scalarBytes + scalarBytes + 8, fixedBytes: 0,
      blockRows: device.blockRows(for: Scalar.self), limits: device.limits, device: device.label)
    let allowed = device.limits.maxAllocationBytes
    for range in ranges {
      let count = range.count
      let blockRows = device.blockRows(for: Scalar.self)
      let padded = OpenCLRowChunks.paddedRows(rows: count, blockRows: blockRows)
      let buffer = try OpenCLBuffer(
        context: device.context, byteCount: padded * dimensions * scalarBytes,
        allowedBytes: allowed, device: device.label)
      let shifted = OpenCLRowChunks.blocked(points, rows: range, blockRows: blockRows, minus: mean)
      try queue.write(shifted, to: buffer)
      let labels = try OpenCLBuffer(
        context: device.context, byteCount: count * 4, allowedBytes: allowed, device: device.label)
      let previous = try OpenCLBuffer(
        context: device.context, byteCount: count * 4, allowedBytes: allowed, device: device.label)
      let distances = try OpenCLBuffer(
        context: device.context, byteCount: count * scalarBytes, allowedBytes: allowed,
        device: device.label)
      // No label before the first step: every label counts as changed.
      for target in [labels, previous] { try queue.fill(target, with: Int32(-1), count: count) }
      // Enough work-groups to occupy every compute unit a few times over.
      let groups = max(1, min(device.limits.computeUnits * 4, (count + 255) / 256))
      chunks.append(
        Chunk(
          rows: range, points: buffer,
          squares: device.usesRowPerWorkItem ? 0 : OpenCLRowChunks.sumOfSquares(shifted),
          distances: distances, labels: labels,
          previousLabels: previous, groups: groups))
    }
  }

  /// The k-means program for `Scalar`, built with `options` besides the device's own.
  private static func program(device: OpenCLDevice, options: String) throws -> OpenCLProgram {
    try device.program(
      source: KernelSource.kmeans.text,
      options: device.buildOptions(for: Scalar.self, extra: options))
  }

  /// Builds the kernels for `k` clusters (specialised to the shape: the loops over coordinates
  /// and centers then have constant trip counts) and allocates the center and partial buffers.
  private func prepare(clusters k: Int) throws {
    if k == clusters { return }
    let centersPerBlock = device.centersPerBlock(clusters: k)
    let program = try Self.program(
      device: device, options: "-D CB=\(centersPerBlock) -D DIMS=\(dimensions) -D CLUSTERS=\(k)")
    kernels = Kernels(
      centersPerBlock: centersPerBlock,
      assignLocal: try program.kernel("assign_local"),
      assignGlobal: try program.kernel("assign_global"),
      update: try program.kernel("update_partial"),
      step: try program.kernel("step_rows"),
      stepSmall: try program.kernel("step_rows_small"),
      rowDistances: try program.kernel("row_distances"),
      reduceSums: try program.kernel("reduce_sums"),
      reduceCounts: try program.kernel("reduce_counts"))
    let scalarBytes = MemoryLayout<Scalar>.stride
    let accumulator = device.accumulatorBytes
    let padded = (k + centersPerBlock - 1) / centersPerBlock * centersPerBlock
    let maxGroups = chunks.map(\.groups).max() ?? 1
    let allowed = device.limits.maxAllocationBytes
    let partialBytes = maxGroups * (k * dimensions + 1) * accumulator
    if partialBytes > allowed {
      throw DeviceError.outOfMemory(
        device: device.label, requestedBytes: partialBytes, availableBytes: allowed)
    }
    centers = try OpenCLBuffer(
      context: device.context, byteCount: padded * dimensions * scalarBytes, allowedBytes: allowed,
      device: device.label)
    norms = try OpenCLBuffer(
      context: device.context, byteCount: padded * scalarBytes, allowedBytes: allowed,
      device: device.label)
    partialSums = try OpenCLBuffer(
      context: device.context, byteCount: partialBytes, allowedBytes: allowed, device: device.label)
    partialCounts = try OpenCLBuffer(
      context: device.context, byteCount: maxGroups * (k + 1) * 4, allowedBytes: allowed,
      device: device.label)
    totalSums = try OpenCLBuffer(
      context: device.context, byteCount: (k * dimensions + 1) * accumulator,
      allowedBytes: allowed, device: device.label)
    totalCounts = try OpenCLBuffer(
      context: device.context, byteCount: (k + 1) * 4, allowedBytes: allowed, device: device.label)
    clusters = k
  }

  /// Assigns every point to its nearest center and returns the sums, counts, inertia and
  /// changed labels (see `KMeansSession.step`).
  /// - Throws: `DeviceError` when an OpenCL call fails.
  public func step(centers given: Matrix<Scalar>) throws -> KMeansPartial {
    precondition(given.columns == dimensions, "centers must have as many columns as the points")
    let k = given.rows
    precondition(k > 0, "k-means needs at least one center")
    try prepare(clusters: k)
    guard let kernels, let centers, let norms, let partialSums, let partialCounts, let totalSums,
      let totalCounts
    else { preconditionFailure("buffers prepared above") }
    let d = dimensions
    let block = kernels.centersPerBlock
    let padded = (k + block - 1) / block * block

    // Centers shifted by the data mean, in blocks of `block` centers stored coordinate-major
    // (CT_INDEX in kmeans.cl), padded with centers that never win.
    var shifted = [Scalar](repeating: 0, count: padded * d)
    var centerNorms = [Scalar](repeating: .infinity, count: padded)
    // The shifted centers as the device sees them, in Float64 (k x d), and their squared norms.
    var exactCenters = [Double](repeating: 0, count: k * d)
    var exactNorms = [Double](repeating: 0, count: k)
    given.withUnsafeBufferPointer { values in
      for c in 0..<k {
        var norm: Double = 0
        for j in 0..<d {
          let value = Scalar(Double(values[c * d + j]) - mean[j])
          shifted[((c / block) * d + j) * block + c % block] = value
          exactCenters[c * d + j] = Double(value)
          norm += Double(value) * Double(value)
        }
        centerNorms[c] = Scalar(norm)
        exactNorms[c] = norm
      }
    }
    try queue.write(shifted, to: centers)
    try queue.write(centerNorms, to: norms)

    let limits = device.limits
    let reduceSize = kernels.reduceSums.workGroupSize(
      deviceMaximum: limits.maxWorkGroupSize, cap: 256)
    let countSize = kernels.reduceCounts.workGroupSize(
      deviceMaximum: limits.maxWorkGroupSize, cap: 256)

    var result = KMeansPartial(clusters: k, dimensions: d)
    var squares = 0.0
    for index in chunks.indices {
      let previous = chunks[index].labels
      chunks[index].labels = chunks[index].previousLabels
      chunks[index].previousLabels = previous
      let chunk = chunks[index]
      let n = Int32(chunk.rows.count)
      guard n > 0 else { continue }
      if device.usesRowPerWorkItem {
        try launchAssignAndUpdate(
          kernels, chunk: chunk, clusters: k, padded: padded, centers: centers, norms: norms,
          partialSums: partialSums, partialCounts: partialCounts)
      } else {
        try launchStep(
          kernels, chunk: chunk, clusters: k, padded: padded, centers: centers, norms: norms,
          partialSums: partialSums, partialCounts: partialCounts)
      }

      let sumWidth = k * d + 1
      try kernels.reduceSums.set(0, partialSums)
      try kernels.reduceSums.set(1, Int32(chunk.groups))
      try kernels.reduceSums.set(2, Int32(sumWidth))
      try kernels.reduceSums.set(3, totalSums)
      try queue.launch(kernels.reduceSums, global: sumWidth, local: reduceSize)
      try kernels.reduceCounts.set(0, partialCounts)
      try kernels.reduceCounts.set(1, Int32(chunk.groups))
      try kernels.reduceCounts.set(2, Int32(k + 1))
      try kernels.reduceCounts.set(3, totalCounts)
      try queue.launch(kernels.reduceCounts, global: k + 1, local: countSize)

      let sums = try readAccumulators(totalSums, count: sumWidth)
      let counts = try queue.read(Int32.self, count: k + 1, from: totalCounts)
      for c in 0..<k {
        for j in 0..<d { result.sums[c * d + j] += sums[c * d + j] + Double(counts[c]) * mean[j] }
        result.counts[c] += Int(counts[c])
      }
      if device.usesRowPerWorkItem {
        result.inertia += sums[k * d]
      } else {
        // n_c |c'|^2 - 2 c'.S'_c per cluster (see the type's comment).
        for c in 0..<k where counts[c] > 0 {
          var dot = 0.0
          for j in 0..<d { dot += exactCenters[c * d + j] * sums[c * d + j] }
          result.inertia += Double(counts[c]) * exactNorms[c] - 2 * dot
        }
        squares += chunk.squares
      }
      result.changed += Int(counts[k])
    }
    distancesMeasured = device.usesRowPerWorkItem
    if !device.usesRowPerWorkItem {
      result.inertia += squares
      if result.inertia * cancellationLimit <= squares { result.inertia = try measureDistances() }
    }
    lastKernelProfile = try queue.drainKernelTimes()
    lastKernelSeconds = lastKernelProfile.reduce(0) { $0 + $1.seconds }
    return result
  }

  /// GPU style: the assignment kernel (one row per work-item, centers in local memory when
  /// they fit), then the partial sums with one work-item per column.
  private func launchAssignAndUpdate(
    _ kernels: Kernels, chunk: Chunk, clusters k: Int, padded: Int, centers: OpenCLBuffer,
    norms: OpenCLBuffer, partialSums: OpenCLBuffer, partialCounts: OpenCLBuffer
  ) throws {
    let limits = device.limits
    let d = dimensions
    let n = Int32(chunk.rows.count)
    let centerBytes = (padded * d + padded) * MemoryLayout<Scalar>.stride
    let useLocal =
      centerBytes + kernels.assignLocal.staticLocalBytes <= limits.localMemoryBytes
    let assign = useLocal ? kernels.assignLocal : kernels.assignGlobal
    try assign.set(0, chunk.points)
    try assign.set(1, n)
    try assign.set(2, Int32(d))
    try assign.set(3, centers)
    try assign.set(4, norms)
    try assign.set(5, Int32(padded))
    var next = 6
    if useLocal {
      try assign.setLocal(6, bytes: padded * d * MemoryLayout<Scalar>.stride)
      try assign.setLocal(7, bytes: padded * MemoryLayout<Scalar>.stride)
      next = 8
    }
    try assign.set(next, chunk.labels)
    try assign.set(next + 1, chunk.distances)
    let items = (Int(n) + vectorWidth - 1) / vectorWidth
    let assignSize = assign.workGroupSize(deviceMaximum: limits.maxWorkGroupSize, cap: 256)
    try queue.launch(assign, global: items, local: min(assignSize, items))

    let update = kernels.update
    let updateSize = update.workGroupSize(
      deviceMaximum: limits.maxWorkGroupSize,
      cap: (d + 1 + update.preferredMultiple - 1) / update.preferredMultiple
        * update.preferredMultiple)
    try update.set(0, chunk.points)
    try update.set(1, n)
    try update.set(2, Int32(d))
    try update.set(3, Int32(k))
    try update.set(4, Int32((Int(n) + chunk.groups - 1) / chunk.groups))
    try update.set(5, chunk.labels)
    try update.set(6, chunk.previousLabels)
    try update.set(7, chunk.distances)
    try update.set(8, partialSums)
    try update.set(9, partialCounts)
    try queue.launch(update, global: chunk.groups * updateSize, local: updateSize)
  }

  /// CPU-driver style: one kernel assigns each group's rows a vector at a time and adds them
  /// to the group's partial sums (one work-item per group; groups start on a vector boundary).
  private func launchStep(
    _ kernels: Kernels, chunk: Chunk, clusters k: Int, padded: Int, centers: OpenCLBuffer,
    norms: OpenCLBuffer, partialSums: OpenCLBuffer, partialCounts: OpenCLBuffer
  ) throws {
    let n = chunk.rows.count
    // SMALL_SUMS in kmeans.cl: the vector accumulators of the small kernel.
    let step = k * (dimensions + 1) <= 64 ? kernels.stepSmall : kernels.step
    try step.set(0, chunk.points)
    try step.set(1, Int32(n))
    try step.set(2, Int32(dimensions))
    try step.set(3, centers)
    try step.set(4, norms)
    try step.set(5, Int32(padded))
    try step.set(6, Int32(k))
    try step.set(7, Int32(rowsPerGroup(chunk)))
    try step.set(8, chunk.labels)
    try step.set(9, chunk.previousLabels)
    try step.set(10, partialSums)
    try step.set(11, partialCounts)
    try queue.launch(step, global: chunk.groups, local: 1)
  }

  /// The rows of each work-group of the CPU-driver kernels: a multiple of the vector width,
  /// so that every group starts on a vector boundary.
  private func rowsPerGroup(_ chunk: Chunk) -> Int {
    let perGroup = (chunk.rows.count + chunk.groups - 1) / chunk.groups
    return (perGroup + vectorWidth - 1) / vectorWidth * vectorWidth
  }

  /// sum_i |x'_i|^2 over the inertia above which the inertia from the sums may have lost more
  /// than 3 digits to cancellation. The CPU-driver sums gather up to `FLUSH_BLOCKS` rows per
  /// lane in Float32 before Float64, so they carry about 7 digits; Float32 accumulators
  /// (devices without Float64) are never trusted with the identity.
  private var cancellationLimit: Double { device.accumulatorBytes == 8 ? 1e3 : 0 }

  /// Measures every point's squared distance to its center under the last step's labels and
  /// centers by direct differences (`row_distances`, CPU drivers), into the chunks' distance
  /// buffers; returns their sum, chunk by chunk in order. O(rows x d) on the device.
  /// - Throws: `DeviceError.openCL` when a launch or read fails.
  private func measureDistances() throws -> Double {
    guard let kernels, let centers, let partialSums else { return 0 }
    var inertia = 0.0
    let kernel = kernels.rowDistances
    for chunk in chunks where !chunk.rows.isEmpty {
      try kernel.set(0, chunk.points)
      try kernel.set(1, Int32(chunk.rows.count))
      try kernel.set(2, Int32(dimensions))
      try kernel.set(3, centers)
      try kernel.set(4, Int32(rowsPerGroup(chunk)))
      try kernel.set(5, chunk.labels)
      try kernel.set(6, chunk.distances)
      try kernel.set(7, partialSums)
      try queue.launch(kernel, global: chunk.groups, local: 1)
      inertia += try readAccumulators(partialSums, count: chunk.groups).reduce(0, +)
    }
    distancesMeasured = true
    return inertia
  }

  /// The labels of the last step, one per point.
  /// - Throws: `DeviceError.openCL` when reading them back fails.
  public func labels() throws -> [Int32] {
    var labels: [Int32] = []
    labels.reserveCapacity(rows)
    for chunk in chunks where !chunk.rows.isEmpty {
      labels += try queue.read(Int32.self, count: chunk.rows.count, from: chunk.labels)
    }
    return labels
  }

  /// The squared distance of every point to its center after the last step.
  /// - Throws: `DeviceError.openCL` when reading them back fails.
  public func distances() throws -> [Double] {
    if !distancesMeasured, clusters > 0 { _ = try measureDistances() }
    var distances: [Double] = []
    distances.reserveCapacity(rows)
    for chunk in chunks where !chunk.rows.isEmpty {
      distances += OpenCLRowChunks.widened(
        try queue.read(Scalar.self, count: chunk.rows.count, from: chunk.distances))
    }
    return distances
  }

  private func readAccumulators(_ buffer: OpenCLBuffer, count: Int) throws -> [Double] {
    if device.accumulatorBytes == 8 {
      return try queue.read(Double.self, count: count, from: buffer)
    }
    return try queue.read(Float.self, count: count, from: buffer).map { Double($0) }
  }
}
