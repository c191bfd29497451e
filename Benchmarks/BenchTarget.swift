import Allot

/// What one row of the benchmark runs on: a single device, or one job split by rows across
/// several devices that do not share cores.
public final class BenchTarget {
  /// `cpu`, `opencl:N` or `split`.
  public let label: String
  /// The devices, with their runtime descriptions (capacity used to split rows).
  let members: [(device: any ComputeDevice, runtime: RuntimeDevice)]
  /// True for a split target.
  public let isSplit: Bool

  /// A single-device target.
  init(device: any ComputeDevice, runtime: RuntimeDevice) {
    label = device.id.description
    members = [(device, runtime)]
    isSplit = false
  }

  /// A split target over `members`.
  init(splitting members: [(device: any ComputeDevice, runtime: RuntimeDevice)]) {
    label = "split"
    self.members = members
    isSplit = true
  }

  /// The row shards of a `shape` job over `rows` rows: everything on the one device, or
  /// `RowSplitter`'s shares in proportion to each device's roofline time for the job.
  func shards(rows: Int, shape: BenchShape, elementBytes: Int) -> [RowShard] {
    guard isSplit else { return [RowShard(device: members[0].device.id, rows: 0..<rows)] }
    let flops = shape.flopsPerIteration
    let bytes = shape.bytesPerIteration(elementBytes: elementBytes)
    return RowSplitter.shards(rows: rows, devices: members.map(\.runtime)) { device in
      max(flops / (device.peakGFLOPS * 1e9), bytes / (device.bandwidthGBPerSecond * 1e9))
    }
  }

  /// The shards as text, e.g. `cpu 0..<600000, opencl:1 600000..<1000000`.
  func describe(_ shards: [RowShard]) -> String {
    shards.map { "\($0.device) \($0.rows.lowerBound)..<\($0.rows.upperBound)" }
      .joined(separator: ", ")
  }

  private func device(_ id: DeviceID) -> any ComputeDevice {
    members.first { $0.device.id == id }!.device
  }

  /// A k-means session over `points` on this target.
  /// - Throws: what the device throws (`DeviceError`).
  func kmeansSession<Scalar: MatrixScalar>(
    points: Matrix<Scalar>, shards: [RowShard]
  ) throws -> any KMeansSession<Scalar> {
    if !isSplit { return try members[0].device.makeKMeansSession(points: points) }
    return SplitKMeansSession(
      shards: try shards.map { shard in
        (shard.rows, try device(shard.device).makeKMeansSession(points: points.rows(shard.rows)))
      })
  }

  /// A gradient session over `features` and `targets` on this target.
  /// - Throws: what the device throws (`DeviceError`).
  func gradientSession<Scalar: MatrixScalar>(
    features: Matrix<Scalar>, targets: [Scalar], shards: [RowShard]
  ) throws -> any GradientSession<Scalar> {
    if !isSplit {
      return try members[0].device.makeGradientSession(features: features, targets: targets)
    }
    return SplitGradientSession(
      shards: try shards.map { shard in
        (
          shard.rows,
          try device(shard.device).makeGradientSession(
            features: features.rows(shard.rows), targets: Array(targets[shard.rows]))
        )
      }, features: features.columns)
  }
}
