import Allot

/// Opens the devices a `BenchDeviceSelection` names on one machine.
struct BenchDeviceOpener {
  let topology: Topology
  /// Runtime devices with calibrated capacities where a calibration exists.
  let runtimeDevices: [RuntimeDevice]
  private var opened: [DeviceID: any ComputeDevice] = [:]

  init(topology: Topology, calibration: Calibration?) {
    self.topology = topology
    runtimeDevices = calibration?.apply(to: topology.runtimeDevices) ?? topology.runtimeDevices
  }

  /// The executor for `id`, opened on first use.
  /// - Throws: `DeviceError.unknownDevice` when the machine has no such device, or what
  ///   opening it throws.
  mutating func open(_ id: DeviceID) throws -> any ComputeDevice {
    if let device = opened[id] { return device }
    guard runtimeDevices.contains(where: { $0.id == id }) else {
      throw DeviceError.unknownDevice(id.description)
    }
    let device: any ComputeDevice
    switch id {
    case .cpu:
      device = CPUDevice(processingUnits: topology.allowedProcessingUnits)
    case .opencl:
      throw DeviceError.unavailable(
        device: id.description, detail: "this build of Allot cannot run work on OpenCL devices")
    }
    opened[id] = device
    return device
  }

  /// The targets `selection` stands for, and a note per device that could not be opened
  /// (only `every` and `split` skip devices; a named device that fails throws).
  /// - Throws: `DeviceError` for a named device that does not exist or cannot be opened.
  mutating func targets(for selection: BenchDeviceSelection) throws -> (
    targets: [BenchTarget], skipped: [String]
  ) {
    switch selection {
    case .device(let id):
      return ([BenchTarget(device: try open(id), runtime: runtime(id))], [])
    case .auto:
      return ([BenchTarget(device: try open(.cpu), runtime: runtime(.cpu))], [])
    case .every, .split:
      var members: [(device: any ComputeDevice, runtime: RuntimeDevice)] = []
      var skipped: [String] = []
      for runtime in runtimeDevices {
        do {
          members.append((try open(runtime.id), runtime))
        } catch {
          skipped.append("\(runtime.id): \(error)")
        }
      }
      if selection == .split {
        return (members.isEmpty ? [] : [BenchTarget(splitting: members)], skipped)
      }
      return (members.map { BenchTarget(device: $0.device, runtime: $0.runtime) }, skipped)
    }
  }

  private func runtime(_ id: DeviceID) -> RuntimeDevice {
    runtimeDevices.first { $0.id == id }!
  }
}
