/// How a `Scheduler` orders, places, retries and records tasks.
public struct SchedulerConfiguration: Sendable {
  /// Which device a ready task goes to. Minimum completion time by default.
  public var placement: any PlacementPolicy
  /// Which queued task a device runs next. FIFO by default.
  public var ordering: any OrderingStrategy
  /// How many times a task that failed with a device error is tried again on another
  /// device (2 by default).
  public var maxRetries: Int
  /// Consecutive device failures after which a device is taken out of service (3 by
  /// default). The last device in service is never taken out.
  public var failuresBeforeOutOfService: Int
  /// Host-to-device bandwidth in GB/s per device; devices on host memory (`cpu`,
  /// `opencl_cpu`) need none, others default to `defaultLinkGBPerSecond`.
  public var linkGBPerSecond: [DeviceID: Double]
  /// The link bandwidth assumed for a device that is not in `linkGBPerSecond`.
  public var defaultLinkGBPerSecond: Double
  /// The learned run-time model (shared, so a saved model can be loaded into it).
  public var performanceModel: PerformanceModel
  /// Where task runs and failures are recorded, or nil.
  public var trace: TraceRecorder?
  /// Checks load accounting after every change (never negative) and traps on violation.
  public var debugChecks: Bool
  /// Most tasks a worker takes from its queue at once (FIFO ordering only).
  public var batchSize: Int

  /// A configuration; every parameter has the default documented on its property.
  public init(
    placement: any PlacementPolicy = MinimumCompletionTimePlacement(),
    ordering: any OrderingStrategy = FIFOOrdering(), maxRetries: Int = 2,
    failuresBeforeOutOfService: Int = 3, linkGBPerSecond: [DeviceID: Double] = [:],
    defaultLinkGBPerSecond: Double = 8, performanceModel: PerformanceModel = PerformanceModel(),
    trace: TraceRecorder? = nil, debugChecks: Bool = false, batchSize: Int = 64
  ) {
    self.placement = placement
    self.ordering = ordering
    self.maxRetries = maxRetries
    self.failuresBeforeOutOfService = failuresBeforeOutOfService
    self.linkGBPerSecond = linkGBPerSecond
    self.defaultLinkGBPerSecond = defaultLinkGBPerSecond
    self.performanceModel = performanceModel
    self.trace = trace
    self.debugChecks = debugChecks
    self.batchSize = batchSize
  }
}
