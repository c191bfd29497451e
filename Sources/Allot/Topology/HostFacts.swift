import CAllotKernels

#if canImport(Glibc)
  import Glibc
#endif

/// What the operating system says about the host that hwloc does not: CPU clock, SIMD flags,
/// cgroup limits and available memory. `HostFacts.live()` reads them from /proc and /sys; a
/// topology read from an XML file uses `HostFacts.unknown` or facts the caller supplies.
public struct HostFacts: Sendable, Equatable {
  /// The CPU clock in MHz (cpufreq's maximum, else the largest `cpu MHz` in /proc/cpuinfo);
  /// nil when unknown.
  public var clockMHz: Double?
  /// Where `clockMHz` came from, for the report.
  public var clockSource: String?
  /// The CPU model name from /proc/cpuinfo, used when hwloc has none.
  public var modelName: String?
  /// The SIMD instruction sets.
  public var simd: SIMDCapability
  /// The cgroup CPU quota, nil when unlimited or unknown.
  public var cpuQuota: CPUQuota?
  /// `MemTotal` in bytes.
  public var memTotalBytes: Int?
  /// `MemAvailable` in bytes.
  public var memAvailableBytes: Int?
  /// The cgroup memory limit in bytes, nil when unlimited or unknown.
  public var cgroupMemoryLimitBytes: Int?
  /// The memory charged to the cgroup in bytes, nil when unknown.
  public var cgroupMemoryUsageBytes: Int?

  /// Facts as given; see the properties for units.
  public init(
    clockMHz: Double?, clockSource: String? = nil, modelName: String? = nil,
    simd: SIMDCapability, cpuQuota: CPUQuota? = nil, memTotalBytes: Int? = nil,
    memAvailableBytes: Int? = nil, cgroupMemoryLimitBytes: Int? = nil,
    cgroupMemoryUsageBytes: Int? = nil
  ) {
    self.clockMHz = clockMHz
    self.clockSource = clockSource
    self.modelName = modelName
    self.simd = simd
    self.cpuQuota = cpuQuota
    self.memTotalBytes = memTotalBytes
    self.memAvailableBytes = memAvailableBytes
    self.cgroupMemoryLimitBytes = cgroupMemoryLimitBytes
    self.cgroupMemoryUsageBytes = cgroupMemoryUsageBytes
  }

  /// Nothing known: no clock, scalar SIMD, no limits.
  public static let unknown = HostFacts(clockMHz: nil, simd: .unknown)

  /// Reads the facts of the running machine. Never throws: a file that cannot be read leaves
  /// its fact nil. Cost: a few small file reads.
  public static func live() -> HostFacts {
    let cpuinfo = SystemFile.read("/proc/cpuinfo") ?? ""
    var modelName: String?
    var flags: Set<String> = []
    var largestMHz: Double?
    for line in cpuinfo.split(separator: "\n") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let key = line[..<colon].topologyTrimmed()
      let value = line[line.index(after: colon)...].topologyTrimmed()
      switch key {
      case "model name", "Model", "cpu model":
        if modelName == nil, !value.isEmpty { modelName = value }
      case "flags", "Features":
        if flags.isEmpty { flags = Set(value.split(separator: " ").map(String.init)) }
      case "cpu MHz":
        if let mhz = Double(value) { largestMHz = max(largestMHz ?? 0, mhz) }
      default: break
      }
    }
    var clockMHz: Double?
    var clockSource: String?
    let maxFrequencyPath = "/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq"
    if let kHz = SystemFile.readInteger(maxFrequencyPath), kHz > 0 {
      clockMHz = Double(kHz) / 1000
      clockSource = maxFrequencyPath
    } else if let largestMHz {
      clockMHz = largestMHz
      clockSource = "/proc/cpuinfo cpu MHz"
    }
    let kernelISA: String
    switch allot_detect_isa() {
    case ALLOT_ISA_AVX512: kernelISA = "avx512"
    case ALLOT_ISA_AVX2_FMA: kernelISA = "avx2_fma"
    case ALLOT_ISA_NEON: kernelISA = "neon"
    default: kernelISA = "scalar"
    }
    let meminfo = MemInfo.read()
    let cgroup = CgroupLimits.read()
    return HostFacts(
      clockMHz: clockMHz, clockSource: clockSource, modelName: modelName,
      simd: .from(cpuFlags: flags, kernelInstructionSet: kernelISA),
      cpuQuota: cgroup.cpuQuota, memTotalBytes: meminfo.totalBytes,
      memAvailableBytes: meminfo.availableBytes, cgroupMemoryLimitBytes: cgroup.memoryLimitBytes,
      cgroupMemoryUsageBytes: cgroup.memoryUsageBytes)
  }
}

extension Substring {
  /// The text without leading and trailing spaces and tabs.
  func topologyTrimmed() -> String {
    var view = self[...]
    while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
    while let last = view.last, last == " " || last == "\t" || last == "\r" {
      view = view.dropLast()
    }
    return String(view)
  }
}
