/// What the calibration file holds for this machine, ready to use: the calibration (if
/// any), a performance model filled with the saved run times, and a warning when the file
/// was ignored. Load it at start (`CalibrationStore.loadSaved`), give `performanceModel` to
/// the scheduler or to `ObservedDevice`, and save the model back when done
/// (`CalibrationStore.save(model:machine:)`).
public struct SavedCalibration: Sendable {
  /// The machine the figures belong to.
  public var machine: MachineIdentity
  /// The stored calibration of this machine, or nil when there is none (or it was ignored).
  public var calibration: Calibration?
  /// A model holding the saved run times (empty when there are none).
  public var performanceModel: PerformanceModel
  /// One line saying why the file was ignored, or nil.
  public var warning: String?

  /// A record with the given parts.
  public init(
    machine: MachineIdentity, calibration: Calibration?, performanceModel: PerformanceModel,
    warning: String?
  ) {
    self.machine = machine
    self.calibration = calibration
    self.performanceModel = performanceModel
    self.warning = warning
  }

  /// `devices` with calibrated figures in place of estimates where they exist.
  public func apply(to devices: [RuntimeDevice]) -> [RuntimeDevice] {
    calibration?.apply(to: devices) ?? devices
  }
}

extension CalibrationStore {
  /// Loads the calibration and the saved performance models of `machine` (this machine by
  /// default) into a new `PerformanceModel` keeping `capacity` samples per kernel and device.
  /// Never fails: a missing file gives an empty model and no warning; a corrupt,
  /// other-version or other-machine file gives an empty model and a warning.
  public func loadSaved(machine: MachineIdentity = .current(), capacity: Int = 128)
    -> SavedCalibration
  {
    let (calibration, warning) = load(for: machine)
    let model = PerformanceModel(capacity: capacity)
    if let calibration { model.load(calibration.samples) }
    return SavedCalibration(
      machine: machine, calibration: calibration, performanceModel: model, warning: warning)
  }

  /// Stores the run times `model` has kept (`PerformanceModel.samples()`) in the file, with
  /// the calibrated device figures already there for `machine` (none when the file is
  /// missing, belongs to another machine or cannot be read, in which case it is replaced).
  /// Samples are keyed by kernel and device inside the machine's record.
  /// - Throws: `CalibrationError.cannotWrite` naming the path.
  public func save(model: PerformanceModel, machine: MachineIdentity = .current()) throws {
    var calibration = load(for: machine).calibration ?? Calibration(machine: machine, devices: [])
    calibration.samples = model.samples()
    try save(calibration)
  }
}
