import Synchronization

/// Opens the runtime devices of one machine on demand and keeps them open: asking twice for
/// the same device returns the same executor (one worker pool, one OpenCL context).
///
/// Thread-safe: `device(_:)` may be called from any thread.
public final class DeviceCatalog: Sendable {
  /// The machine the devices belong to.
  public let topology: Topology
  private let opened = Mutex<[DeviceID: any ComputeDevice]>([:])

  /// A catalog for `topology` (usually `Topology.discover()`); opens nothing yet.
  public init(topology: Topology) {
    self.topology = topology
  }

  /// The device `auto` stands for. For now this is always `cpu`: the SIMD path on the
  /// allowed cores is present on every machine. (The scheduler will make this choice from
  /// capacity and load; this function is the one place where it is made.)
  public func automaticDevice() -> DeviceID {
    .cpu
  }

  /// The concrete device a choice names: `automaticDevice()` for `.auto`.
  public func resolve(_ choice: DeviceChoice) -> DeviceID {
    switch choice {
    case .auto: return automaticDevice()
    case .device(let id): return id
    }
  }

  /// The open executor for `choice`, opened on first use. `cpu` is a `CPUDevice` with one
  /// worker thread per allowed processing unit of the topology.
  /// - Throws: `DeviceError.unknownDevice` for `opencl:N` when the machine has no such
  ///   device; `DeviceError.unavailable` for an OpenCL device this build cannot drive yet.
  public func device(_ choice: DeviceChoice) throws -> any ComputeDevice {
    let id = resolve(choice)
    return try opened.withLock { opened in
      if let device = opened[id] { return device }
      let device = try open(id)
      opened[id] = device
      return device
    }
  }

  private func open(_ id: DeviceID) throws -> any ComputeDevice {
    switch id {
    case .cpu:
      return CPUDevice(processingUnits: topology.allowedProcessingUnits)
    case .opencl:
      guard topology.runtimeDevice(id) != nil else {
        throw DeviceError.unknownDevice(id.description)
      }
      throw DeviceError.unavailable(
        device: id.description,
        detail: "this build of Allot cannot run work on OpenCL devices yet; use --device cpu")
    }
  }
}
