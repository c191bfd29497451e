/// Which compute devices run on the same processor cores. A data-parallel step is never
/// split across such devices: they would only compete for the same cores.
enum CoreSharing {
  /// The host processing units `device` computes on, or nil when it is not known to run on
  /// the host (a GPU). The CPU path uses its worker threads' units (all allowed units when
  /// it lists none), an OpenCL CPU driver all allowed units; an observed device is its
  /// wrapped device.
  static func hostUnits(_ device: any ComputeDevice) -> Set<Int>? {
    if let observed = device as? ObservedDevice { return hostUnits(observed.base) }
    if let cpu = device as? CPUDevice {
      return Set(
        cpu.processingUnits.isEmpty ? CPUDevice.allowedProcessingUnits() : cpu.processingUnits)
    }
    if let openCL = device as? OpenCLDevice, !openCL.limits.isGPU {
      // A CPU driver (PoCL) runs its work-items on the host's allowed cores.
      return Set(CPUDevice.allowedProcessingUnits())
    }
    return nil
  }

  /// Processing units both devices run on (all of the first device's when they are the
  /// same device), ascending.
  static func commonUnits(_ a: any ComputeDevice, _ b: any ComputeDevice) -> [Int] {
    let first = hostUnits(a) ?? []
    if a === b || base(a) === base(b) { return first.sorted() }
    return first.intersection(hostUnits(b) ?? []).sorted()
  }

  /// The first pair of positions (i < j, in order) whose devices share cores: the same
  /// device twice, or two host devices with a processing unit in common; nil when none.
  static func firstConflict(_ devices: [any ComputeDevice]) -> (Int, Int)? {
    let units = devices.map(hostUnits)
    for j in devices.indices {
      for i in 0..<j {
        if base(devices[i]) === base(devices[j]) { return (i, j) }
        if let a = units[i], let b = units[j], !a.isDisjoint(with: b) { return (i, j) }
      }
    }
    return nil
  }

  private static func base(_ device: any ComputeDevice) -> any ComputeDevice {
    (device as? ObservedDevice).map { base($0.base) } ?? device
  }
}
