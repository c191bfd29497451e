import Foundation

/// One device of a simulated machine (see docs/simulate.md for the file format).
public struct SimulatedDevice: Sendable, Equatable, Codable {
  /// `cpu` or `opencl:N`.
  public var id: String
  /// `cpu`, `opencl_cpu`, `gpu` or `accelerator`.
  public var kind: String
  /// Sustained GFLOP/s.
  public var gflops: Double
  /// Sustained memory read bandwidth in GB/s.
  public var gbPerSecond: Double
  /// Memory for data in bytes.
  public var memoryBytes: Int
  /// Host-to-device link in GB/s; absent for devices on host memory.
  public var linkGBPerSecond: Double?
  /// Devices (ids) that run on the same cores.
  public var sharesCoresWith: [String]

  /// A device with the given figures.
  public init(
    id: String, kind: String, gflops: Double, gbPerSecond: Double, memoryBytes: Int,
    linkGBPerSecond: Double? = nil, sharesCoresWith: [String] = []
  ) {
    self.id = id
    self.kind = kind
    self.gflops = gflops
    self.gbPerSecond = gbPerSecond
    self.memoryBytes = memoryBytes
    self.linkGBPerSecond = linkGBPerSecond
    self.sharesCoresWith = sharesCoresWith
  }

  enum CodingKeys: String, CodingKey {
    case id, kind, gflops
    case gbPerSecond = "gb_per_second"
    case memoryBytes = "memory_bytes"
    case linkGBPerSecond = "link_gb_per_second"
    case sharesCoresWith = "shares_cores_with"
  }
}

/// A machine to simulate: a name and its devices.
public struct SimulatedMachine: Sendable, Equatable, Codable {
  /// A label for reports.
  public var name: String
  /// The devices, in order.
  public var devices: [SimulatedDevice]

  /// A machine with the given devices.
  public init(name: String, devices: [SimulatedDevice]) {
    self.name = name
    self.devices = devices
  }

  /// Reads and checks a machine file.
  /// - Throws: `SchedulingError.unreadableMachine` for a missing or unreadable file;
  ///   `SchedulingError.invalidMachine` naming the file and the problem (malformed JSON, an
  ///   unknown kind or id, a non-positive figure, no devices).
  public static func load(path: String) throws -> SimulatedMachine {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw SchedulingError.unreadableMachine(file: path, reason: ErrorText.describe(error))
    }
    let machine: SimulatedMachine
    do {
      machine = try JSONDecoder().decode(SimulatedMachine.self, from: data)
    } catch {
      throw SchedulingError.invalidMachine(
        file: path, detail: ErrorText.describe(error))
    }
    _ = try machine.runtimeDevices(file: path)
    return machine
  }

  /// The devices as `RuntimeDevice` values.
  /// - Throws: `SchedulingError.invalidMachine` for an invalid field.
  public func runtimeDevices(file: String = "machine") throws -> [RuntimeDevice] {
    guard !devices.isEmpty, devices.count <= 63 else {
      throw SchedulingError.invalidMachine(file: file, detail: "needs 1 to 63 devices")
    }
    let known = Set(devices.map(\.id))
    var seen = Set<DeviceID>()
    return try devices.enumerated().map { index, device in
      guard let id = DeviceID(device.id), seen.insert(id).inserted else {
        throw SchedulingError.invalidMachine(
          file: file, detail: "devices[\(index)].id '\(device.id)' is not a new cpu or opencl:N")
      }
      guard let kind = RuntimeDevice.Kind(rawValue: device.kind) else {
        throw SchedulingError.invalidMachine(
          file: file, detail: "devices[\(index)].kind '\(device.kind)' is unknown")
      }
      let rates = [device.gflops, device.gbPerSecond] + (device.linkGBPerSecond.map { [$0] } ?? [])
      guard rates.allSatisfy({ $0 >= 1e-3 && $0 <= 1e9 }), device.memoryBytes > 0 else {
        throw SchedulingError.invalidMachine(
          file: file,
          detail:
            "devices[\(index)] needs gflops, gb_per_second and link_gb_per_second from 0.001 to 1e9 and positive memory_bytes"
        )
      }
      let shares = try device.sharesCoresWith.map { text -> DeviceID in
        guard let other = DeviceID(text), known.contains(text), text != device.id else {
          throw SchedulingError.invalidMachine(
            file: file,
            detail:
              "devices[\(index)].shares_cores_with '\(text)' is not another device of the file")
        }
        return other
      }
      return RuntimeDevice(
        id: id, kind: kind, name: device.id, peakGFLOPS: device.gflops,
        bandwidthGBPerSecond: device.gbPerSecond, capacityIsEstimate: false,
        memoryBytes: device.memoryBytes, maxAllocationBytes: device.memoryBytes,
        sharesCoresWith: shares, processingUnits: [])
    }
  }
}
