/// One device a task could go to, with the figures a placement policy decides on. Devices
/// that share cores report the load of their whole group.
public struct PlacementCandidate: Sendable, Equatable {
  /// Index of the device in the scheduler's (or simulation's) device list.
  public var index: Int
  /// The device's identifier.
  public var id: DeviceID
  /// What kind of device it is.
  public var kind: RuntimeDevice.Kind
  /// Its capacity in GFLOP/s (calibrated or estimated).
  public var peakGFLOPS: Double
  /// Its read bandwidth in GB/s.
  public var bandwidthGBPerSecond: Double
  /// Tasks placed on its core group and not yet finished.
  public var tasksInFlight: Int
  /// Seconds until its core group drains the work already placed on it (predicted).
  public var availableSeconds: Double
  /// Seconds to move the task's data that is not yet on the device.
  public var transferSeconds: Double
  /// Predicted run time of the task on the device.
  public var predictedSeconds: Double

  /// A candidate with the given figures.
  public init(
    index: Int, id: DeviceID, kind: RuntimeDevice.Kind, peakGFLOPS: Double,
    bandwidthGBPerSecond: Double, tasksInFlight: Int, availableSeconds: Double,
    transferSeconds: Double, predictedSeconds: Double
  ) {
    self.index = index
    self.id = id
    self.kind = kind
    self.peakGFLOPS = peakGFLOPS
    self.bandwidthGBPerSecond = bandwidthGBPerSecond
    self.tasksInFlight = tasksInFlight
    self.availableSeconds = availableSeconds
    self.transferSeconds = transferSeconds
    self.predictedSeconds = predictedSeconds
  }

  /// available + transfer + predicted: when the task would finish there.
  public var finishSeconds: Double { availableSeconds + transferSeconds + predictedSeconds }
}

/// Picks the device for a ready task. Users can implement it; the scheduler calls `choose`
/// under its lock, one task at a time, only with devices in service that can run the task
/// and have room for its data (at least one, never empty). `observe` reports each finished
/// task so that learning policies can use history.
public protocol PlacementPolicy: Sendable {
  /// A short name for reports.
  var name: String { get }
  /// The position in `candidates` of the device to use.
  mutating func choose(for task: TaskProfile, among candidates: [PlacementCandidate]) -> Int
  /// Called after `task` ran on device `index` for `seconds`. The default does nothing.
  mutating func observe(task: TaskProfile, device index: Int, seconds: Double)
}

extension PlacementPolicy {
  /// Does nothing.
  public mutating func observe(task: TaskProfile, device index: Int, seconds: Double) {}
}

/// The built-in placement policies by name, for command-line flags and benchmarks.
public enum PlacementPolicies {
  /// Names accepted by `make(_:seed:)`.
  public static let names = ["mct", "round-robin", "least-loaded", "weighted", "random", "kmeans"]

  /// The policy with this name, or nil for an unknown name.
  public static func make(_ name: String, seed: UInt64 = 1) -> (any PlacementPolicy)? {
    switch name {
    case "mct": return MinimumCompletionTimePlacement()
    case "round-robin": return RoundRobinPlacement()
    case "least-loaded": return LeastLoadedPlacement()
    case "weighted": return WeightedPlacement()
    case "random": return RandomPlacement(seed: seed)
    case "kmeans": return FeatureClusteringPlacement(seed: seed)
    default: return nil
    }
  }
}

/// Minimum completion time: the device with the smallest available + transfer + predicted;
/// ties go to the lower device index. The default policy.
public struct MinimumCompletionTimePlacement: PlacementPolicy {
  /// The policy.
  public init() {}
  /// `mct`.
  public var name: String { "mct" }
  /// The candidate with the smallest `finishSeconds`.
  public func choose(for task: TaskProfile, among candidates: [PlacementCandidate]) -> Int {
    var best = 0
    for position in 1..<candidates.count
    where candidates[position].finishSeconds < candidates[best].finishSeconds {
      best = position
    }
    return best
  }
}

/// Round robin over the devices, skipping those that cannot take the task.
public struct RoundRobinPlacement: PlacementPolicy {
  private var next = 0
  /// The policy, starting at device 0.
  public init() {}
  /// `round-robin`.
  public var name: String { "round-robin" }
  /// The first candidate whose device index is at or after the turn, wrapping around.
  public mutating func choose(for task: TaskProfile, among candidates: [PlacementCandidate])
    -> Int
  {
    let turn = next
    var chosen = 0
    var bestDistance = Int.max
    for (position, candidate) in candidates.enumerated() {
      let distance = candidate.index >= turn ? candidate.index - turn : candidate.index + 1 << 20
      if distance < bestDistance {
        bestDistance = distance
        chosen = position
      }
    }
    next = candidates[chosen].index + 1
    return chosen
  }
}

/// Fewest tasks in flight (least connections); ties go to the lower device index.
public struct LeastLoadedPlacement: PlacementPolicy {
  /// The policy.
  public init() {}
  /// `least-loaded`.
  public var name: String { "least-loaded" }
  /// The candidate with the fewest tasks in flight.
  public func choose(for task: TaskProfile, among candidates: [PlacementCandidate]) -> Int {
    var best = 0
    for position in 1..<candidates.count
    where candidates[position].tasksInFlight < candidates[best].tasksInFlight {
      best = position
    }
    return best
  }
}

/// Dynamic weights: smooth weighted round robin (as in nginx) where each device's weight is
/// its capacity divided by (1 + its tasks in flight). Each turn every candidate's running
/// score grows by its weight, the highest score wins and loses the sum of the weights, so
/// over time devices receive tasks in proportion to their weights.
public struct WeightedPlacement: PlacementPolicy {
  private var current: [Int: Double] = [:]
  /// The policy.
  public init() {}
  /// `weighted`.
  public var name: String { "weighted" }
  /// The candidate with the highest running score after adding the weights.
  public mutating func choose(for task: TaskProfile, among candidates: [PlacementCandidate])
    -> Int
  {
    var total = 0.0
    var best = 0
    var bestScore = -Double.infinity
    for (position, candidate) in candidates.enumerated() {
      let weight = max(candidate.peakGFLOPS, 1e-9) / Double(1 + candidate.tasksInFlight)
      total += weight
      let score = (current[candidate.index] ?? 0) + weight
      current[candidate.index] = score
      if score > bestScore {
        bestScore = score
        best = position
      }
    }
    current[candidates[best].index, default: 0] -= total
    return best
  }
}

/// A uniformly random device from a seeded generator (SplitMix64), so runs repeat.
public struct RandomPlacement: PlacementPolicy {
  private var state: UInt64
  /// The policy seeded with `seed`.
  public init(seed: UInt64 = 1) { state = seed }
  /// `random`.
  public var name: String { "random" }
  /// A random candidate.
  public mutating func choose(for task: TaskProfile, among candidates: [PlacementCandidate])
    -> Int
  {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    z ^= z >> 31
    return Int(z % UInt64(candidates.count))
  }
}
