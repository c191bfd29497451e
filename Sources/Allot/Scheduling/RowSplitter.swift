/// A contiguous range of rows given to one device.
public struct RowShard: Sendable, Equatable {
  /// The device that processes the rows.
  public var device: DeviceID
  /// The rows, as a half-open range.
  public var rows: Range<Int>

  /// A shard of `rows` on `device`.
  public init(device: DeviceID, rows: Range<Int>) {
    self.device = device
    self.rows = rows
  }
}

/// Splits one data-parallel job by rows across devices so that they finish together.
public enum RowSplitter {
  /// Shards of `rows` rows in proportion to each device's throughput (1 / the predicted
  /// seconds for the whole job on it), rounded by the largest-remainder method (ties to the
  /// earlier device). Of devices that share cores only the one with the highest throughput
  /// is used, so the same cores are never counted twice. Shards are contiguous, in device
  /// order, cover every row exactly once, and omit devices that get no rows; reduce partial
  /// results in this order for a result that does not depend on timing.
  /// - Parameter predictedSeconds: seconds the whole job would take on a device (for
  ///   example `PerformanceModel.predict`); non-positive or non-finite values exclude it.
  public static func shards(
    rows: Int, devices: [RuntimeDevice], predictedSeconds: (RuntimeDevice) -> Double
  ) -> [RowShard] {
    guard rows > 0, !devices.isEmpty else { return [] }
    let throughput = devices.map { device -> Double in
      let seconds = predictedSeconds(device)
      return seconds > 0 && seconds.isFinite ? 1 / seconds : 0
    }
    let groups = coreGroups(devices)
    var chosen: [Int: Int] = [:]
    for index in devices.indices where throughput[index] > 0 {
      if let current = chosen[groups[index]], throughput[current] >= throughput[index] { continue }
      chosen[groups[index]] = index
    }
    let used = chosen.values.sorted()
    guard !used.isEmpty else { return [RowShard(device: devices[0].id, rows: 0..<rows)] }
    let total = used.reduce(0) { $0 + throughput[$1] }
    var counts = used.map { Int((Double(rows) * throughput[$0] / total).rounded(.down)) }
    let remainders = used.indices.map {
      Double(rows) * throughput[used[$0]] / total - Double(counts[$0])
    }
    var left = rows - counts.reduce(0, +)
    for position in used.indices.sorted(by: {
      remainders[$0] > remainders[$1] || (remainders[$0] == remainders[$1] && $0 < $1)
    }) where left > 0 {
      counts[position] += 1
      left -= 1
    }
    var shards: [RowShard] = []
    var start = 0
    for (position, index) in used.enumerated() where counts[position] > 0 {
      shards.append(RowShard(device: devices[index].id, rows: start..<(start + counts[position])))
      start += counts[position]
    }
    return shards
  }
}
