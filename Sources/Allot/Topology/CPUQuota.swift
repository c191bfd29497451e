/// The cgroup CPU bandwidth limit: at most `quotaMicroseconds` of CPU time every
/// `periodMicroseconds`, i.e. `cores` CPUs' worth of threads running at once.
public struct CPUQuota: Sendable, Equatable, Codable {
  /// CPU time allowed per period, in microseconds.
  public var quotaMicroseconds: Int
  /// The period, in microseconds.
  public var periodMicroseconds: Int
  /// Where the figures were read (`/sys/fs/cgroup/.../cpu.max`).
  public var source: String

  /// A quota; see the properties for units.
  public init(quotaMicroseconds: Int, periodMicroseconds: Int, source: String) {
    self.quotaMicroseconds = quotaMicroseconds
    self.periodMicroseconds = periodMicroseconds
    self.source = source
  }

  /// How many CPUs' worth of time the quota allows (may be fractional).
  public var cores: Double {
    periodMicroseconds > 0 ? Double(quotaMicroseconds) / Double(periodMicroseconds) : 0
  }

  enum CodingKeys: String, CodingKey {
    case quotaMicroseconds = "quota_us"
    case periodMicroseconds = "period_us"
    case source
  }
}
