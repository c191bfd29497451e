/// A small deterministic random generator (SplitMix64) for the workloads: the same seed
/// gives the same sequence on every platform.
struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// A generator started from `seed`.
  init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform value in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}
