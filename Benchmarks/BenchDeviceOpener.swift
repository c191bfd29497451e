import Allot

/// Opens the devices a `BenchDeviceSelection` names on one machine, through the machine's
/// `DeviceCatalog`; `auto` is resolved for each problem from the saved calibration and run
/// times, as `allot kmeans --device auto` resolves it.
struct BenchDeviceOpener {
  let catalog: DeviceCatalog
  /// The calibration and run times `auto` chooses from.
  let saved: SavedCalibration
  /// Runtime devices with calibrated capacities where a calibration exists.
  let runtimeDevices: [RuntimeDevice]

  init(topology: Topology, saved: SavedCalibration) {
    catalog = DeviceCatalog(topology: topology)
    self.saved = saved
    runtimeDevices = saved.apply(to: topology.runtimeDevices)
  }

  /// The executor for `id`, opened on first use (the catalog keeps it open).
  /// - Throws: `DeviceError.unknownDevice` when the machine has no such device, or what
  ///   opening it throws.
  func open(_ id: DeviceID) throws -> any ComputeDevice {
    guard runtimeDevices.contains(where: { $0.id == id }) else {
      throw DeviceError.unknownDevice(id.description)
    }
    return try catalog.device(id)
  }

  /// The device `auto` chooses for `steps` steps of `kernel` at `size` (from the calibration
  /// and the saved run times), opened.
  /// - Throws: `DeviceError` when the chosen device cannot be opened.
  func automaticTarget(kernel: KernelName, size: ProblemSize, steps: Int) throws -> BenchTarget {
    let id = catalog.automaticDevice(kernel: kernel, size: size, steps: steps, saved: saved)
    return BenchTarget(device: try open(id), runtime: runtime(id))
  }

  /// The targets a selection other than `auto` stands for, whatever the problem, and a note
  /// per device that could not be opened (only `every` and `split` skip devices; a named
  /// device that fails throws).
  /// - Precondition: `selection` is not `.single(.auto)` (see `automaticTarget`).
  /// - Throws: `DeviceError` for a named device that does not exist or cannot be opened.
  func fixedTargets(for selection: BenchDeviceSelection) throws -> (
    targets: [BenchTarget], skipped: [String]
  ) {
    switch selection {
    case .single(.auto):
      preconditionFailure("auto is chosen per problem: use automaticTarget")
    case .single(.device(let id)):
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
