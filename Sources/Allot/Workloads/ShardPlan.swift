/// How the rows of a data-parallel workload are divided among its devices.
enum ShardPlan {
  /// One contiguous row range per device, in device order: `rowsPerDevice` rows each when
  /// given (see `WorkloadPlacement.rowsPerDevice`), otherwise sizes differing by at most
  /// one. Devices that get rows must not share processing units.
  /// - Throws: `WorkloadError.invalidOption` when `rowsPerDevice` does not have one
  ///   non-negative count per device summing to `rows`; `WorkloadError.sharedCores` when two
  ///   devices with rows run on the same cores.
  static func ranges(rows: Int, devices: [any ComputeDevice], rowsPerDevice: [Int]?) throws
    -> [Range<Int>]
  {
    let counts: [Int]
    if let rowsPerDevice {
      if rowsPerDevice.count != devices.count || rowsPerDevice.contains(where: { $0 < 0 })
        || rowsPerDevice.reduce(0, +) != rows
      {
        throw WorkloadError.invalidOption(
          name: "rows per device", value: "\(rowsPerDevice)",
          expected: "\(devices.count) counts >= 0 summing to the \(rows) rows")
      }
      counts = rowsPerDevice
    } else {
      counts = (0..<devices.count).map { part in
        rows * (part + 1) / devices.count - rows * part / devices.count
      }
    }
    let used = devices.indices.filter { counts[$0] > 0 }
    if let (a, b) = CoreSharing.firstConflict(used.map { devices[$0] }) {
      let first = devices[used[a]]
      let second = devices[used[b]]
      throw WorkloadError.sharedCores(
        first: first.id.description, second: second.id.description,
        units: CoreSharing.commonUnits(first, second))
    }
    var ranges: [Range<Int>] = []
    var start = 0
    for count in counts {
      ranges.append(start..<(start + count))
      start += count
    }
    return ranges
  }
}
