/// The result of comparing a device's output with a Float64 reference.
public struct BenchCheckOutcome: Sendable, Equatable, CustomStringConvertible {
  /// True when every compared value was within tolerance.
  public var passed: Bool
  /// What was compared, and for a failure the first value out of tolerance.
  public var detail: String

  /// An outcome; see the properties.
  public init(passed: Bool, detail: String) {
    self.passed = passed
    self.detail = detail
  }

  /// "ok" or "FAIL", as the table and the JSON report show it.
  public var label: String { passed ? "ok" : "FAIL" }

  /// `label` followed by the detail.
  public var description: String { "\(label): \(detail)" }

  /// Both outcomes together: passed when both passed; the detail of the first failure, or
  /// both details joined when both passed.
  public func and(_ other: BenchCheckOutcome) -> BenchCheckOutcome {
    if !passed { return self }
    if !other.passed { return other }
    return BenchCheckOutcome(passed: true, detail: "\(detail); \(other.detail)")
  }
}
