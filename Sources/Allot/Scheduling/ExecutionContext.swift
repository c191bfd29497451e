/// Everything a program needs to run workloads the way `allot kmeans` and `allot linreg` do:
/// the machine's devices, the saved calibration and performance model, and an optional
/// trace. The devices it hands out are observed (`ObservedDevice`): every step is timed into
/// the performance model and, when tracing, into the trace, so measured run times improve
/// later `auto` choices.
public final class ExecutionContext: Sendable {
  /// The machine.
  public let catalog: DeviceCatalog
  /// The calibration and run-time history loaded at start.
  public let saved: SavedCalibration
  /// The trace being recorded, or nil.
  public let trace: TraceRecorder?
  private let store: CalibrationStore

  /// Uses `topology` (usually `Topology.discover()`) and loads the saved calibration and run times from `store`
  /// (a missing, corrupt or foreign file leaves them empty; see `warning`).
  public init(
    topology: Topology, store: CalibrationStore = .defaultStore(),
    tracing: Bool = false
  ) {
    self.catalog = DeviceCatalog(topology: topology)
    self.store = store
    self.saved = store.loadSaved()
    self.trace = tracing ? TraceRecorder() : nil
  }

  /// Why the saved calibration was ignored, if it was.
  public var warning: String? { saved.warning }

  /// Opens the device `choice` names without running anything, so that a wrong
  /// `--device` fails before any data are read. `auto` opens nothing.
  /// - Throws: `DeviceError` when the device does not exist or cannot be opened.
  public func validate(_ choice: DeviceChoice) throws {
    if case .device(let id) = choice { _ = try catalog.device(id) }
  }

  /// The observed device for `choice`; `auto` picks the device with the smallest predicted
  /// completion time for `steps` steps of `kernel` at `size` (`WorkloadPlacement`).
  /// - Throws: `DeviceError` when the device does not exist or cannot be opened.
  public func device(
    _ choice: DeviceChoice, kernel: KernelName, size: ProblemSize, steps: Int
  ) throws -> any ComputeDevice {
    let id: DeviceID
    switch choice {
    case .auto:
      id = catalog.automaticDevice(kernel: kernel, size: size, steps: steps, saved: saved)
    case .device(let chosen):
      id = chosen
    }
    let device = try catalog.device(id)
    return ObservedDevice(
      device, model: saved.performanceModel, trace: trace,
      runtimeDevice: catalog.topology.runtimeDevice(id))
  }

  /// Writes the trace to `tracePath` (when tracing) and saves the run times measured so far
  /// with the calibration. Returns a warning when the run times could not be saved (that is
  /// never fatal).
  /// - Throws: `TraceError.cannotWrite` when the trace cannot be written.
  @discardableResult
  public func finish(tracePath: String?) throws -> String? {
    if let trace, let tracePath { try trace.write(to: tracePath) }
    do {
      try store.save(model: saved.performanceModel, machine: saved.machine)
      return nil
    } catch {
      return "run times not saved: \(error)"
    }
  }
}
