#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The article's k-means allocator: tasks are described by features (log10 of their work,
/// log10 of 1 + arithmetic intensity, and their kernel), grouped into `clusters` groups by
/// Allot's `KMeans` over the tasks seen so far, and each group is sent to the device whose
/// measured seconds per unit of work in that group is smallest. A device with no history in
/// a group is tried first (once), and before any history the policy falls back to minimum
/// completion time. Deterministic: the initial centers are chosen by farthest-point seeding.
public struct FeatureClusteringPlacement: PlacementPolicy {
  private struct Observation {
    var features: [Double]
    var device: Int
    var logCostPerWork: Double
  }

  /// Number of groups.
  public let clusters: Int
  /// The groups are recomputed after this many new observations.
  public let refitEvery: Int
  private var history: [Observation] = []
  private var kernels: [KernelName: Int] = [:]
  private var centers: [[Double]] = []
  private var sinceFit = 0
  /// Kept for reproducible tie-breaking between identical devices.
  private let seed: UInt64

  /// The policy with `clusters` groups, refitted every `refitEvery` finished tasks.
  public init(clusters: Int = 4, refitEvery: Int = 16, seed: UInt64 = 1) {
    self.clusters = max(1, clusters)
    self.refitEvery = max(1, refitEvery)
    self.seed = seed
  }

  /// `kmeans`.
  public var name: String { "kmeans" }

  private mutating func features(_ task: TaskProfile) -> [Double] {
    let kind = kernels[task.kernel] ?? kernels.count
    if kernels[task.kernel] == nil { kernels[task.kernel] = kind }
    return [
      log10(max(task.flops + task.bytes, 1)), log10(1 + task.arithmeticIntensity),
      Double(kind) * 10,
    ]
  }

  /// The device history shows best for the task's group (see the type's description).
  public mutating func choose(for task: TaskProfile, among candidates: [PlacementCandidate])
    -> Int
  {
    let point = features(task)
    guard !centers.isEmpty else {
      return MinimumCompletionTimePlacement().choose(for: task, among: candidates)
    }
    let group = Self.nearest(point, centers)
    var total: [Int: Double] = [:]
    var count: [Int: Int] = [:]
    for observation in history where Self.nearest(observation.features, centers) == group {
      total[observation.device, default: 0] += observation.logCostPerWork
      count[observation.device, default: 0] += 1
    }
    if let unexplored = candidates.firstIndex(where: { count[$0.index] == nil }) {
      return unexplored
    }
    var best = 0
    var bestCost = Double.infinity
    for (position, candidate) in candidates.enumerated() {
      let cost = total[candidate.index]! / Double(count[candidate.index]!)
      if cost < bestCost {
        bestCost = cost
        best = position
      }
    }
    return best
  }

  /// Adds the run to the history and regroups every `refitEvery` runs.
  public mutating func observe(task: TaskProfile, device index: Int, seconds: Double) {
    let work = max(task.flops + task.bytes, 1)
    history.append(
      Observation(
        features: features(task), device: index, logCostPerWork: log(max(seconds, 1e-9) / work)))
    if history.count > 1024 { history.removeFirst(history.count - 1024) }
    sinceFit += 1
    if centers.isEmpty || sinceFit >= refitEvery {
      sinceFit = 0
      centers = Self.lloyd(history.map(\.features), clusters: clusters)
    }
  }

  static func nearest(_ point: [Double], _ centers: [[Double]]) -> Int {
    var best = 0
    var bestDistance = Double.infinity
    for (index, center) in centers.enumerated() {
      var distance = 0.0
      for j in point.indices { distance += (point[j] - center[j]) * (point[j] - center[j]) }
      if distance < bestDistance {
        bestDistance = distance
        best = index
      }
    }
    return best
  }

  /// Groups `points` with Allot's own `KMeans` (Lloyd iterations on the CPU path, at most 50),
  /// started from farthest-point seeds (the first point, then repeatedly the point farthest
  /// from the chosen seeds), so the grouping is deterministic.
  static func lloyd(_ points: [[Double]], clusters: Int) -> [[Double]] {
    guard let first = points.first else { return [] }
    var seeds = [first]
    while seeds.count < clusters {
      var farthest = -1
      var farthestDistance = 0.0
      for (index, point) in points.enumerated() {
        let center = seeds[nearest(point, seeds)]
        var distance = 0.0
        for j in point.indices { distance += (point[j] - center[j]) * (point[j] - center[j]) }
        if distance > farthestDistance {
          farthestDistance = distance
          farthest = index
        }
      }
      if farthest < 0 { break }
      seeds.append(points[farthest])
    }
    let columns = first.count
    let data = Matrix(rows: points.count, columns: columns, elements: points.flatMap { $0 })
    let initial = Matrix(rows: seeds.count, columns: columns, elements: seeds.flatMap { $0 })
    let options = KMeansOptions(
      clusters: seeds.count, initialization: .given(initial), maxIterations: 50, tolerance: 0)
    guard let result = try? KMeans.fit(data, options: options) else { return seeds }
    return (0..<result.centers.rows).map { result.centers.row($0) }
  }
}
