/// A task in a simulation: its cost, data, priority, the earlier tasks it waits for, and
/// when it arrives.
public struct SimulatedTask: Sendable, Equatable, Codable {
  /// The kernel it runs.
  public var kernel: KernelName
  /// Floating-point operations.
  public var flops: Double
  /// Bytes read.
  public var bytes: Double
  /// Data it reads (moved to a device over its link when not there yet).
  public var reads: [DataBuffer]
  /// Data it writes (afterwards only on the device that wrote it).
  public var writes: [DataBuffer]
  /// Priority for the dynamic-priority ordering.
  public var priority: Int
  /// Indices of earlier tasks it waits for.
  public var dependencies: [Int]
  /// Virtual time at which it is submitted, in seconds.
  public var releaseSeconds: Double
  /// Device kinds it can run on; empty means every kind.
  public var kinds: [String]

  /// A task with the given fields.
  public init(
    kernel: KernelName = "work", flops: Double, bytes: Double = 0, reads: [DataBuffer] = [],
    writes: [DataBuffer] = [], priority: Int = 0, dependencies: [Int] = [],
    releaseSeconds: Double = 0, kinds: [String] = []
  ) {
    self.kernel = kernel
    self.flops = flops
    self.bytes = bytes
    self.reads = reads
    self.writes = writes
    self.priority = priority
    self.dependencies = dependencies
    self.releaseSeconds = releaseSeconds
    self.kinds = kinds
  }
}
