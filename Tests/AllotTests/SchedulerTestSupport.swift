import Allot
import Foundation
import Synchronization

/// Device descriptions for scheduler tests, written by hand.
enum TestDevices {
  static func cpu(gflops: Double = 100, memory: Int = 1 << 30) -> RuntimeDevice {
    RuntimeDevice(
      id: .cpu, kind: .cpu, name: "test cpu", peakGFLOPS: gflops, bandwidthGBPerSecond: 10,
      capacityIsEstimate: true, memoryBytes: memory, maxAllocationBytes: memory,
      sharesCoresWith: [], processingUnits: [0, 1])
  }

  static func gpu(_ index: Int, gflops: Double = 1000, memory: Int = 1 << 30) -> RuntimeDevice {
    RuntimeDevice(
      id: .opencl(index), kind: .gpu, name: "test gpu \(index)", peakGFLOPS: gflops,
      bandwidthGBPerSecond: 100, capacityIsEstimate: true, memoryBytes: memory,
      maxAllocationBytes: memory, sharesCoresWith: [], processingUnits: [])
  }
}

/// A thread-safe log of strings in the order they were appended.
/// (NSLock rather than Mutex: the thread sanitizer sees pthread locks, not raw futexes.)
final class EventLog: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [String] = []
  func append(_ entry: String) { lock.withLock { entries.append(entry) } }
  var all: [String] { lock.withLock { entries } }
}

/// Per-slot counters behind an NSLock (visible to the thread sanitizer).
final class SlotCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var counts: [Int]
  init(slots: Int) { counts = Array(repeating: 0, count: slots) }
  func increment(_ slot: Int) { lock.withLock { counts[slot] += 1 } }
  var all: [Int] { lock.withLock { counts } }
}

/// An error that is neither a device error nor an input error.
struct PlainTestError: Error, Equatable {}

/// An input error (category `.data`), which must not be retried.
struct BadInputTestError: AllotError {
  var category: ErrorCategory { .data }
  var description: String { "bad row 3" }
}

/// Task handles collected from several threads.
final class HandleList: @unchecked Sendable {
  private let lock = NSLock()
  private var handles: [TaskHandle] = []
  func append(_ more: [TaskHandle]) { lock.withLock { handles.append(contentsOf: more) } }
  var all: [TaskHandle] { lock.withLock { handles } }
}
