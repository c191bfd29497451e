extension DeviceCatalog {
  /// The device `--device auto` runs a whole workload on: the runtime device of this
  /// machine with the smallest predicted completion time for `steps` steps of `kernel` at
  /// `size` (`WorkloadPlacement.choose`), from the saved run times and calibration in
  /// `saved`. The CPU path unless a device is predicted to finish sooner; a CPU OpenCL
  /// driver sharing its cores is never chosen without its own history.
  public func automaticDevice(
    kernel: KernelName, size: ProblemSize, steps: Int = 1, saved: SavedCalibration
  ) -> DeviceID {
    let devices = topology.runtimeDevices
    if devices.isEmpty { return .cpu }
    return WorkloadPlacement.choose(
      kernel: kernel, size: size, steps: steps, devices: devices,
      model: saved.performanceModel, calibration: saved.calibration)
  }
}
