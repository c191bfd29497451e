import Allot

/// The two workloads `allot bench` measures.
public enum BenchWorkload: String, Sendable, CaseIterable, Codable {
  /// One Lloyd iteration of k-means: assign every row to its nearest center, then move each
  /// center to the mean of its rows.
  case kmeans
  /// One full-batch gradient of linear regression's mean squared error.
  case linreg
}

/// One benchmark problem: a workload and its size.
public struct BenchShape: Sendable, Equatable {
  /// The workload.
  public var workload: BenchWorkload
  /// "A", "B", "C", "quick", "custom" or "data".
  public var name: String
  /// Rows.
  public var n: Int
  /// Columns (features).
  public var d: Int
  /// Clusters (0 for linear regression).
  public var k: Int

  /// A shape; `k` is ignored (stored as 0) for linear regression.
  public init(workload: BenchWorkload, name: String, n: Int, d: Int, k: Int) {
    self.workload = workload
    self.name = name
    self.n = n
    self.d = d
    self.k = workload == .kmeans ? k : 0
  }

  /// The kernel one iteration runs (the name the performance model and traces use).
  public var kernel: KernelName { workload == .kmeans ? .kmeansStep : .gradient }

  /// The shape as the performance model sizes it, at `elementBytes` per value.
  public func problemSize(elementBytes: Int) -> ProblemSize {
    ProblemSize(rows: n, columns: d, clusters: max(k, 1), elementBytes: elementBytes)
  }

  /// Bytes of the generated data at `elementBytes` per value (points and centers, or
  /// features and targets); nil when that overflows Int.
  public func dataBytes(elementBytes: Int) -> Int? {
    let (values, overflow) = n.multipliedReportingOverflow(by: d + (workload == .linreg ? 1 : 0))
    let (bytes, overflowBytes) = values.multipliedReportingOverflow(by: elementBytes)
    return overflow || overflowBytes ? nil : bytes
  }

  /// Counted floating-point operations per iteration: 2nkd for the k-means distances (the
  /// center update's nd is not counted) and 4nd for a gradient step (x.w and r x_i).
  public var flopsPerIteration: Double {
    let (n, d, k) = (Double(n), Double(d), Double(k))
    switch workload {
    case .kmeans: return 2 * n * k * d
    case .linreg: return 4 * n * d
    }
  }

  /// Bytes of data read per iteration at `elementBytes` per value: the n x d rows (plus the
  /// k x d centers for k-means, the n targets for a gradient step).
  public func bytesPerIteration(elementBytes: Int) -> Double {
    let (n, d, k) = (Double(n), Double(d), Double(k))
    switch workload {
    case .kmeans: return (n * d + k * d) * Double(elementBytes)
    case .linreg: return (n * d + n) * Double(elementBytes)
    }
  }

  /// The default shapes: k-means A (1,000,000 x 32, k 64), B (1,000,000 x 4, k 8),
  /// C (200,000 x 128, k 256); gradient A (4,000,000 x 32), B (1,000,000 x 256),
  /// C (8,000,000 x 4).
  public static let standard: [BenchShape] = [
    BenchShape(workload: .kmeans, name: "A", n: 1_000_000, d: 32, k: 64),
    BenchShape(workload: .kmeans, name: "B", n: 1_000_000, d: 4, k: 8),
    BenchShape(workload: .kmeans, name: "C", n: 200_000, d: 128, k: 256),
    BenchShape(workload: .linreg, name: "A", n: 4_000_000, d: 32, k: 0),
    BenchShape(workload: .linreg, name: "B", n: 1_000_000, d: 256, k: 0),
    BenchShape(workload: .linreg, name: "C", n: 8_000_000, d: 4, k: 0),
  ]

  /// The `--quick` shapes: the standard ones with the rows divided by 20 (at least 2,000).
  public static var quick: [BenchShape] {
    standard.map { shape in
      var small = shape
      small.n = max(2_000, shape.n / 20)
      return small
    }
  }
}
