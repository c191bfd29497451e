/// What ordering strategies and placement policies know of a task: its kernel, its cost and
/// its needs. Shared by the real scheduler and the simulator.
public struct TaskProfile: Sendable, Hashable, Codable {
  /// The kernel it runs.
  public var kernel: KernelName
  /// Its problem size.
  public var size: ProblemSize
  /// Floating-point operations.
  public var flops: Double
  /// Bytes of data read.
  public var bytes: Double
  /// Bytes of memory the device must hold for its data.
  public var memoryBytes: Int
  /// Priority: higher runs earlier under the dynamic-priority ordering.
  public var priority: Int
  /// Submission order (0, 1, 2, ... per scheduler or simulation).
  public var sequence: Int

  /// A profile with the given fields.
  public init(
    kernel: KernelName, size: ProblemSize, flops: Double, bytes: Double, memoryBytes: Int,
    priority: Int, sequence: Int
  ) {
    self.kernel = kernel
    self.size = size
    self.flops = flops
    self.bytes = bytes
    self.memoryBytes = memoryBytes
    self.priority = priority
    self.sequence = sequence
  }

  /// FLOPs per byte read (0 for a task that reads nothing).
  public var arithmeticIntensity: Double { bytes > 0 ? flops / bytes : 0 }
}
