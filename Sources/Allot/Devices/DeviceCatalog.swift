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

  /// The open executor for `id`, opened on first use. `cpu` is a `CPUDevice` with one
  /// worker thread per allowed processing unit of the topology.
  /// - Throws: `DeviceError.unknownDevice` for `opencl:N` when the machine has no such
  ///   device; `DeviceError.unavailable` when no OpenCL platform is installed.
  public func device(_ id: DeviceID) throws -> any ComputeDevice {
    try opened.withLock { opened in
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
    case .opencl(let index):
      return try OpenCLDevice(index: index)
    }
  }
}
