/// A device's load and record as the scheduler sees it at one moment.
public struct DeviceLoad: Sendable, Equatable, Codable {
  /// The device (`cpu`, `opencl:N`).
  public var device: String
  /// Tasks placed on the device's core group and not finished (never negative).
  public var tasksInFlight: Int
  /// Predicted seconds of work placed on its core group and not finished (never negative).
  public var queuedSeconds: Double
  /// False once the device was taken out of service after repeated failures.
  public var inService: Bool
  /// Tasks that completed on it.
  public var completed: Int
  /// Device failures it had.
  public var failures: Int
  /// Measured seconds it spent running tasks (empty tasks are not timed).
  public var busySeconds: Double
}

/// Groups devices that share cores (through `RuntimeDevice.sharesCoresWith`, in either
/// direction, transitively): returns the group number of each device, numbered from 0 in
/// order of first appearance.
func coreGroups(_ devices: [RuntimeDevice]) -> [Int] {
  var parent = Array(devices.indices)
  func root(_ i: Int) -> Int {
    var i = i
    while parent[i] != i { i = parent[i] }
    return i
  }
  for (i, device) in devices.enumerated() {
    for other in device.sharesCoresWith {
      if let j = devices.firstIndex(where: { $0.id == other }) {
        let a = root(i)
        let b = root(j)
        if a != b { parent[max(a, b)] = min(a, b) }
      }
    }
  }
  var numbers: [Int: Int] = [:]
  return devices.indices.map { i in
    let r = root(i)
    if let n = numbers[r] { return n }
    numbers[r] = numbers.count
    return numbers[r]!
  }
}
