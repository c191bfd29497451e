#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#endif

/// Runs blocking `work` on a new dedicated thread and resumes the caller when it is done,
/// so async callers never block a thread of Swift's cooperative pool.
func runOffCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T)
  async throws -> T
{
  try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, Error>) in
    let job = DetachedJob {
      do { continuation.resume(returning: try work()) } catch {
        continuation.resume(throwing: error)
      }
    }
    var thread = pthread_t()
    let opaque = Unmanaged.passRetained(job).toOpaque()
    let status = pthread_create(
      &thread, nil,
      { raw in
        Unmanaged<DetachedJob>.fromOpaque(raw!).takeRetainedValue().body()
        return nil
      }, opaque)
    if status == 0 {
      pthread_detach(thread)
    } else {
      Unmanaged<DetachedJob>.fromOpaque(opaque).takeRetainedValue().body()
    }
  }
}

private final class DetachedJob: Sendable {
  let body: @Sendable () -> Void
  init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}
