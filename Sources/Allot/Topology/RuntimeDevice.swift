/// A device work can be sent to, as the topology describes it: what it is, what it can do,
/// and which cores it shares with other runtime devices.
public struct RuntimeDevice: Sendable, Equatable {
  /// What kind of hardware runs the work.
  public enum Kind: String, Sendable, CaseIterable {
    /// The SIMD CPU path on the allowed cores.
    case cpu
    /// An OpenCL driver running on the host CPU (PoCL, for example).
    case openCLCPU = "opencl_cpu"
    /// An OpenCL GPU.
    case gpu
    /// Any other OpenCL accelerator.
    case accelerator
  }

  /// `cpu` or `opencl:N`.
  public var id: DeviceID
  /// What kind of device this is.
  public var kind: Kind
  /// A human-readable name.
  public var name: String
  /// Peak floating-point rate in GFLOP/s (Float32, with FMA counted as two operations).
  public var peakGFLOPS: Double
  /// Memory read bandwidth in GB/s (10^9 bytes per second).
  public var bandwidthGBPerSecond: Double
  /// True while `peakGFLOPS` and `bandwidthGBPerSecond` are estimates from the hardware's
  /// specification rather than calibrated measurements.
  public var capacityIsEstimate: Bool
  /// Memory this device can use for data, in bytes (usable host memory for CPU devices).
  public var memoryBytes: Int
  /// The largest single allocation the device accepts, in bytes.
  public var maxAllocationBytes: Int
  /// Runtime devices that execute on the same cores as this one (PoCL and `cpu`): they are
  /// one resource for load purposes, never extra capacity.
  public var sharesCoresWith: [DeviceID]
  /// The processing units (OS indices) this device runs on, when it runs on the host.
  public var processingUnits: [Int]

  /// A device description; see the properties for the meaning and units of each value.
  public init(
    id: DeviceID, kind: Kind, name: String, peakGFLOPS: Double, bandwidthGBPerSecond: Double,
    capacityIsEstimate: Bool, memoryBytes: Int, maxAllocationBytes: Int,
    sharesCoresWith: [DeviceID], processingUnits: [Int]
  ) {
    self.id = id
    self.kind = kind
    self.name = name
    self.peakGFLOPS = peakGFLOPS
    self.bandwidthGBPerSecond = bandwidthGBPerSecond
    self.capacityIsEstimate = capacityIsEstimate
    self.memoryBytes = memoryBytes
    self.maxAllocationBytes = maxAllocationBytes
    self.sharesCoresWith = sharesCoresWith
    self.processingUnits = processingUnits
  }
}
