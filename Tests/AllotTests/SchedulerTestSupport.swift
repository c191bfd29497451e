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
final class EventLog: Sendable {
  private let entries = Mutex<[String]>([])
  func append(_ entry: String) { entries.withLock { $0.append(entry) } }
  var all: [String] { entries.withLock { $0 } }
}

/// An error that is neither a device error nor an input error.
struct PlainTestError: Error, Equatable {}

/// An input error (category `.data`), which must not be retried.
struct BadInputTestError: AllotError {
  var category: ErrorCategory { .data }
  var description: String { "bad row 3" }
}
