#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// The monotonic clock the benchmark times with.
public enum BenchClock {
  /// Seconds on the monotonic clock (CLOCK_MONOTONIC), from an arbitrary origin.
  public static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }

  /// Runs `body` and returns its result and the seconds it took.
  public static func measure<T>(_ body: () throws -> T) rethrows -> (value: T, seconds: Double) {
    let start = now()
    let value = try body()
    return (value, now() - start)
  }
}
