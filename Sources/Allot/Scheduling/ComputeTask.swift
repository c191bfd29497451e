/// The body of a task on one device. It receives where it runs and throws to fail: a
/// `DeviceError` makes the scheduler retry the task on another device, an `AllotError` of
/// category `.data` or `.input` (or any other error) fails it without a retry.
public typealias TaskBody = @Sendable (TaskContext) throws -> Void

/// One unit of work for the scheduler: a kernel, its size (from which its FLOPs and bytes
/// follow), the data it reads and writes, a priority, the tasks it depends on, and the work
/// itself as a CPU body and optionally an OpenCL body. A task with neither body is empty: it
/// runs on any device and does nothing, which measures the scheduler's own overhead.
public struct ComputeTask: Sendable {
  /// The kernel it runs; run times are learned per kernel and device.
  public var kernel: KernelName
  /// Its problem size.
  public var size: ProblemSize
  /// Floating-point operations (defaults to `kernel.flops(size)`).
  public var flops: Double
  /// Bytes read (defaults to `kernel.bytes(size)`).
  public var bytes: Double
  /// Data it reads: it waits for earlier tasks that write them.
  public var reads: [DataBuffer]
  /// Data it writes: it waits for earlier tasks that read or write them.
  public var writes: [DataBuffer]
  /// Priority: higher runs earlier under the dynamic-priority ordering. 0 by default.
  public var priority: Int
  /// Tasks that must complete before this one starts.
  public var dependencies: [TaskHandle]
  /// True for the `empty` kernel (cached: checked on every dispatch).
  let isEmptyKernel: Bool
  /// The work on a CPU device (`RuntimeDevice.Kind.cpu`), or nil.
  public var cpu: TaskBody?
  /// The work on an OpenCL device (any other kind), or nil.
  public var openCL: TaskBody?

  /// A task running `kernel` at `size`; FLOPs and bytes follow from the kernel unless given.
  public init(
    kernel: KernelName, size: ProblemSize = .zero, flops: Double? = nil, bytes: Double? = nil,
    reads: [DataBuffer] = [], writes: [DataBuffer] = [], priority: Int = 0,
    dependencies: [TaskHandle] = [], cpu: TaskBody? = nil, openCL: TaskBody? = nil
  ) {
    self.kernel = kernel
    self.size = size
    self.isEmptyKernel = kernel == .empty
    self.flops = flops ?? (isEmptyKernel ? 0 : kernel.flops(size))
    self.bytes = bytes ?? (isEmptyKernel ? 0 : kernel.bytes(size))
    self.reads = reads
    self.writes = writes
    self.priority = priority
    self.dependencies = dependencies
    self.cpu = cpu
    self.openCL = openCL
  }

  /// An empty task: no data, no work, runs on any device.
  public static func empty(priority: Int = 0, dependencies: [TaskHandle] = []) -> ComputeTask {
    ComputeTask(
      kernel: .empty, flops: 0, bytes: 0, priority: priority, dependencies: dependencies)
  }

  /// Bytes a device must hold for this task: every distinct buffer it reads or writes.
  public var memoryBytes: Int {
    if reads.isEmpty && writes.isEmpty { return 0 }
    var seen = Set<Int>()
    var total = 0
    for buffer in reads + writes where seen.insert(buffer.id).inserted { total += buffer.bytes }
    return total
  }

  /// True when the task can run on a device of this kind: a CPU body for `.cpu`, an OpenCL
  /// body for the others, and any device for an empty task.
  public func canRun(on kind: RuntimeDevice.Kind) -> Bool {
    if cpu == nil && openCL == nil { return true }
    return kind == .cpu ? cpu != nil : openCL != nil
  }

  /// The profile strategies and policies see, with submission number `sequence`.
  public func profile(sequence: Int) -> TaskProfile {
    TaskProfile(
      kernel: kernel, size: size, flops: flops, bytes: bytes, memoryBytes: memoryBytes,
      priority: priority, sequence: sequence)
  }
}
