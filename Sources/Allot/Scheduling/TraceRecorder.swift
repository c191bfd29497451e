import Foundation
import Synchronization

/// Collects what the scheduler did and writes it as Chrome trace-event JSON (open it in
/// Perfetto or chrome://tracing): one track per device, one slice per task run with its
/// kernel, size and predicted against actual time, and an instant event per failure.
/// Safe to use from any thread.
public final class TraceRecorder: Sendable {
  /// One slice or instant on a device's track. Times are microseconds since the recorder
  /// was created.
  public struct Event: Sendable, Equatable, Codable {
    /// The kernel, or a failure message for instants.
    public var name: String
    /// The device's track (`cpu`, `opencl:N`).
    public var device: String
    /// Start in microseconds.
    public var startMicroseconds: Double
    /// Duration in microseconds (0 for an instant).
    public var durationMicroseconds: Double
    /// Predicted duration in microseconds.
    public var predictedMicroseconds: Double
    /// The task's problem size.
    public var size: ProblemSize
    /// True for a failure instant.
    public var isFailure: Bool

    /// An event; see the properties for the meaning and units of each value.
    public init(
      name: String, device: String, startMicroseconds: Double, durationMicroseconds: Double,
      predictedMicroseconds: Double, size: ProblemSize, isFailure: Bool = false
    ) {
      self.name = name
      self.device = device
      self.startMicroseconds = startMicroseconds
      self.durationMicroseconds = durationMicroseconds
      self.predictedMicroseconds = predictedMicroseconds
      self.size = size
      self.isFailure = isFailure
    }
  }

  private let events = Mutex<[Event]>([])
  private let origin: Double

  /// An empty recorder whose time 0 is now.
  public init() { origin = monotonicSeconds() }

  /// Records a run of `kernel` on `device` from `start` to `end` (monotonic seconds).
  func recordRun(
    kernel: KernelName, device: DeviceID, size: ProblemSize, start: Double, end: Double,
    predicted: Double
  ) {
    let event = Event(
      name: kernel.rawValue, device: device.description,
      startMicroseconds: (start - origin) * 1e6, durationMicroseconds: (end - start) * 1e6,
      predictedMicroseconds: predicted * 1e6, size: size, isFailure: false)
    events.withLock { $0.append(event) }
  }

  /// Runs `body` and records it as one slice of `kernel` on `device`'s track.
  /// - Throws: whatever `body` throws (nothing is recorded then).
  public func timing<Result>(
    _ kernel: KernelName, on device: DeviceID, size: ProblemSize = ProblemSize(rows: 0),
    _ body: () throws -> Result
  ) rethrows -> Result {
    let start = monotonicSeconds()
    let result = try body()
    recordRun(
      kernel: kernel, device: device, size: size, start: start, end: monotonicSeconds(),
      predicted: 0)
    return result
  }

  /// Records a failure of `kernel` on `device` at monotonic time `time`.
  func recordFailure(kernel: KernelName, device: DeviceID, message: String, time: Double) {
    let event = Event(
      name: "\(kernel.rawValue) failed: \(message)", device: device.description,
      startMicroseconds: (time - origin) * 1e6, durationMicroseconds: 0, predictedMicroseconds: 0,
      size: .zero, isFailure: true)
    events.withLock { $0.append(event) }
  }

  /// Adds an event directly (for simulated runs, where times are virtual).
  public func append(_ event: Event) { events.withLock { $0.append(event) } }

  /// Everything recorded so far, in recording order.
  public var recorded: [Event] { events.withLock { $0 } }

  /// The Chrome trace-event JSON document: `{"traceEvents": [...]}` with a `thread_name`
  /// metadata event per device, `"ph": "X"` slices and `"ph": "i"` failure instants.
  public func chromeTraceJSON() throws -> Data {
    let all = recorded
    let tracks = Array(Set(all.map(\.device))).sorted()
    var list: [[String: Any]] = []
    for (tid, track) in tracks.enumerated() {
      list.append([
        "name": "thread_name", "ph": "M", "pid": 1, "tid": tid, "args": ["name": track],
      ])
    }
    for event in all {
      let tid = tracks.firstIndex(of: event.device) ?? 0
      var item: [String: Any] = [
        "name": event.name, "cat": event.isFailure ? "failure" : "task", "pid": 1, "tid": tid,
        "ts": event.startMicroseconds,
      ]
      if event.isFailure {
        item["ph"] = "i"
        item["s"] = "t"
      } else {
        item["ph"] = "X"
        item["dur"] = event.durationMicroseconds
        item["args"] = [
          "rows": event.size.rows, "columns": event.size.columns, "clusters": event.size.clusters,
          "predicted_us": event.predictedMicroseconds, "actual_us": event.durationMicroseconds,
        ]
      }
      list.append(item)
    }
    return try JSONSerialization.data(
      withJSONObject: ["traceEvents": list, "displayTimeUnit": "ms"], options: [.sortedKeys])
  }

  /// Writes `chromeTraceJSON()` to `path`.
  /// - Throws: `TraceError.cannotWrite` when the file cannot be written.
  public func write(to path: String) throws {
    do {
      try chromeTraceJSON().write(to: URL(fileURLWithPath: path))
    } catch {
      throw TraceError.cannotWrite(path: path, detail: ErrorText.describe(error))
    }
  }
}

/// Failures writing a trace.
public enum TraceError: AllotError, Equatable {
  /// The trace file could not be written.
  case cannotWrite(path: String, detail: String)
  /// `.input`: the path is not writable.
  public var category: ErrorCategory { .input }
  /// One line naming the file.
  public var description: String {
    switch self {
    case .cannotWrite(let path, let detail): return "cannot write trace \(path): \(detail)"
    }
  }
}
