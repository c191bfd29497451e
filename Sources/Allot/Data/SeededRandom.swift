#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// A small, fast, seeded random number generator: xoshiro256** (Blackman and Vigna), its
/// state filled from the seed by SplitMix64.
///
/// Stability promise: for a given seed the sequences of `next()`, `nextDouble()`,
/// `nextInt(below:)` and `nextNormal()` are part of Allot's interface and do not change
/// between versions (benchmarks and other tools reproduce data from seeds). Normals use
/// libm's `log`, whose last bit may differ between C libraries.
public struct SeededRandom: RandomNumberGenerator, Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)
  private var spareNormal: Double?

  /// A generator seeded with `seed` (every seed, 0 included, is valid).
  public init(seed: UInt64) {
    var mixer = seed
    state = (
      Self.splitMix(&mixer), Self.splitMix(&mixer), Self.splitMix(&mixer), Self.splitMix(&mixer)
    )
  }

  /// A generator for stream `stream` of `seed`: independent streams for chunks of work,
  /// seeded with SplitMix64 of `seed` mixed with the stream number.
  public init(seed: UInt64, stream: UInt64) {
    var mixer = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
    self.init(seed: Self.splitMix(&mixer))
  }

  /// One step of SplitMix64.
  static func splitMix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = rotate(state.1 &* 5, 7) &* 9
    let shifted = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= shifted
    state.3 = rotate(state.3, 45)
    return result
  }

  /// A uniform double in [0, 1): the top 53 bits of `next()` times 2^-53.
  public mutating func nextDouble() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A uniform integer in 0..<bound (`next() % bound`; the bias is below 2^-40 for bounds
  /// under 2^24).
  public mutating func nextInt(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive")
    return Int(next() % UInt64(bound))
  }

  /// A standard normal value by the Marsaglia polar form of the Box-Muller transform:
  /// repeat `u = 2 nextDouble() - 1`, `v = 2 nextDouble() - 1`, `s = u^2 + v^2` until
  /// `0 < s < 1`; with `f = sqrt(-2 log(s) / s)` returns `u f` and keeps `v f` for the next
  /// call.
  public mutating func nextNormal() -> Double {
    if let spare = spareNormal {
      spareNormal = nil
      return spare
    }
    var u: Double
    var v: Double
    var s: Double
    repeat {
      u = 2 * nextDouble() - 1
      v = 2 * nextDouble() - 1
      s = u * u + v * v
    } while s >= 1 || s == 0
    let factor = (-2 * log(s) / s).squareRoot()
    spareNormal = v * factor
    return u * factor
  }

  private func rotate(_ value: UInt64, _ count: UInt64) -> UInt64 {
    (value << count) | (value >> (64 - count))
  }
}
