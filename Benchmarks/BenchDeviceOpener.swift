import Allot

/// Opens the devices a `BenchDeviceSelection` names on one machine, through the machine's
/// `DeviceCatalog`.
struct BenchDeviceOpener {
  let catalog: DeviceCatalog
  /// Runtime devices with calibrated capacities where a calibration exists.
  let runtimeDevices: [RuntimeDevice]

  init(topology: Topology, calibration: Calibration?) {
    catalog = DeviceCatalog(topology: topology)
    runtimeDevices = calibration?.apply(to: topology.runtimeDevices) ?? topology.runtimeDevices
  }

  /// The executor for `id`, opened on first use (the catalog keeps it open).
  /// - Throws: `DeviceError.unknownDevice` when the machine has no such device, or what
  ///   opening it throws.
  func open(_ id: DeviceID) throws -> any ComputeDevice {
    guard runtimeDevices.contains(where: { $0.id == id }) else {
      throw DeviceError.unknownDevice(id.description)
    }
    return try catalog.device(.device(id))
  }

  /// The targets `selection` stands for, and a note per device that could not be opened
  /// (only `every` and `split` skip devices; a named device that fails throws).
  /// - Throws: `DeviceError` for a named device that does not exist or cannot be opened.
  func targets(for selection: BenchDeviceSelection) throws -> (
    targets: [BenchTarget], skipped: [String]
  ) {
    switch selection {
    case .single(let choice):
      let id = catalog.resolve(choice)
      return ([BenchTarget(device: try open(id), runtime: runtime(id))], [])
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
