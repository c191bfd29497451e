extension BenchReport.Timing {
  /// The median, minimum and maximum of `samples` (seconds); the median of an even count is
  /// the mean of the two middle values. O(s log s).
  /// - Precondition: `samples` is not empty.
  public init(samples: [Double]) {
    precondition(!samples.isEmpty, "at least one sample")
    let sorted = samples.sorted()
    let middle = sorted.count / 2
    self.init(
      median: sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2,
      min: sorted[0], max: sorted[sorted.count - 1])
  }
}
