/// What a simulated run did.
public struct SimulationResult: Sendable, Equatable, Codable {
  /// The placement policy's name.
  public var policy: String
  /// The ordering strategy's name.
  public var ordering: String
  /// Virtual seconds from time 0 to the last finish.
  public var makespanSeconds: Double
  /// A bound no schedule can beat: the largest of total FLOPs over total FLOP/s and total
  /// bytes over total bandwidth (each core group counted once, by its fastest device); the
  /// sum of each task's shortest run (on a device it may use) over the number of core
  /// groups; and the longest chain of dependencies, each task starting no earlier than its
  /// release and taking its shortest run. Transfers are not counted.
  public var lowerBoundSeconds: Double
  /// Busy time over makespan, per device id.
  public var utilisation: [String: Double]
  /// The device id each task ran on, by task index.
  public var devices: [String]
  /// Start time of each task (virtual seconds).
  public var startSeconds: [Double]
  /// Finish time of each task (virtual seconds).
  public var finishSeconds: [Double]

  enum CodingKeys: String, CodingKey {
    case policy, ordering, utilisation, devices
    case makespanSeconds = "makespan_seconds"
    case lowerBoundSeconds = "lower_bound_seconds"
    case startSeconds = "start_seconds"
    case finishSeconds = "finish_seconds"
  }
}

/// Runs tasks on a simulated machine with a virtual clock, using the same placement
/// policies and ordering strategies as the real scheduler, so results are exact and
/// repeatable. A device runs one task at a time; devices that share cores are one resource
/// (one task at a time between them). A task takes transfer + max(flops / FLOP/s,
/// bytes / (bytes/s)), the transfer being the data it reads that is not on the device when
/// it starts; policies are told exactly that as the prediction, with data that tasks already
/// placed on a device will bring there counted as present. Tasks released
/// at the same instant are placed in index order; completions at an instant are handled
/// before releases, and then each idle core group starts the queued task with the smallest
/// ordering key.
public struct Simulator: Sendable {
  /// The machine.
  public let machine: SimulatedMachine
  private let devices: [RuntimeDevice]
  private let groups: [Int]

  /// A simulator of `machine`.
  /// - Throws: `SchedulingError.invalidMachine` for an invalid description.
  public init(machine: SimulatedMachine) throws {
    self.machine = machine
    self.devices = try machine.runtimeDevices()
    self.groups = coreGroups(devices)
  }

  private func runSeconds(_ task: SimulatedTask, _ index: Int) -> Double {
    PerformanceModel.capacityEstimate(flops: task.flops, bytes: task.bytes, device: devices[index])
  }

  private func locationBit(_ index: Int) -> UInt64 {
    machine.devices[index].linkGBPerSecond == nil ? 1 : UInt64(1) << UInt64(index + 1)
  }

  /// Seconds to move the buffers of `reads` that `locations` (bit 0: host memory, the
  /// default) does not have on device `index` over its link; each buffer counted once.
  private func transferSeconds(_ reads: [DataBuffer], to index: Int, locations: [Int: UInt64])
    -> Double
  {
    var seen = Set<Int>()
    var missing = 0
    for buffer in reads
    where (locations[buffer.id] ?? 1) & locationBit(index) == 0 && seen.insert(buffer.id).inserted {
      missing += buffer.bytes
    }
    return Double(missing) / ((machine.devices[index].linkGBPerSecond ?? 8) * 1e9)
  }

  /// Runs `tasks` under `policy` and `ordering`, recording slices in `trace` when given
  /// (virtual microseconds).
  /// - Throws: `SchedulingError.unknownDependency` when a task depends on itself or a later
  ///   task, `.invalidMachine` when no device of the machine can take a task.
  public func run(
    _ tasks: [SimulatedTask], policy: any PlacementPolicy,
    ordering: any OrderingStrategy = FIFOOrdering(), trace: TraceRecorder? = nil
  ) throws -> SimulationResult {
    var policy = policy
    let count = tasks.count
    var dependents = [[Int]](repeating: [], count: count)
    var waitingOn = [Int](repeating: 0, count: count)
    for (index, task) in tasks.enumerated() {
      for dependency in task.dependencies {
        guard dependency >= 0 && dependency < index else {
          throw SchedulingError.unknownDependency(task: "\(index)", dependency: "\(dependency)")
        }
        dependents[dependency].append(index)
      }
      waitingOn[index] = task.dependencies.count
    }
    let groupCount = (groups.max() ?? 0) + 1
    var busyUntil = [Double](repeating: 0, count: groupCount)
    var running = [Int?](repeating: nil, count: groupCount)
    var inFlight = [Int](repeating: 0, count: groupCount)
    var queuedSeconds = [Double](repeating: 0, count: groupCount)
    var queues = [[(task: Int, device: Int, key: Double)]](repeating: [], count: groupCount)
    var deviceOf = [Int](repeating: -1, count: count)
    var predicted = [Double](repeating: 0, count: count)
    var transfer = [Double](repeating: 0, count: count)
    var plannedTransfer = [Double](repeating: 0, count: count)
    var start = [Double](repeating: 0, count: count)
    var finish = [Double](repeating: 0, count: count)
    var busy = [Double](repeating: 0, count: devices.count)
    // Where each buffer is (bit 0: host memory), and where it will be once the tasks placed
    // so far have run: policies see transfers against the plan, so a buffer already on its
    // way to a device is not paid for twice; a task pays at its start for what is missing.
    var residence: [Int: UInt64] = [:]
    var planned: [Int: UInt64] = [:]
    var placed = [Bool](repeating: false, count: count)
    var readyAt = tasks.map(\.releaseSeconds)
    var done = 0
    var now = 0.0

    func profile(_ index: Int) -> TaskProfile {
      let task = tasks[index]
      var seen = Set<Int>()
      var memory = 0
      for buffer in task.reads + task.writes where seen.insert(buffer.id).inserted {
        memory += buffer.bytes
      }
      return TaskProfile(
        kernel: task.kernel, size: .zero, flops: task.flops, bytes: task.bytes,
        memoryBytes: memory, priority: task.priority, sequence: index)
    }

    while done < count {
      // Place every task that is ready now, in index order.
      for index in 0..<count where !placed[index] && waitingOn[index] == 0 && readyAt[index] <= now
      {
        placed[index] = true
        let task = tasks[index]
        let info = profile(index)
        var candidates: [PlacementCandidate] = []
        for (d, device) in devices.enumerated() {
          guard task.kinds.isEmpty || task.kinds.contains(device.kind.rawValue),
            info.memoryBytes <= device.memoryBytes
          else { continue }
          let group = groups[d]
          candidates.append(
            PlacementCandidate(
              index: d, id: device.id, kind: device.kind, peakGFLOPS: device.peakGFLOPS,
              bandwidthGBPerSecond: device.bandwidthGBPerSecond, tasksInFlight: inFlight[group],
              availableSeconds: max(0, busyUntil[group] - now) + queuedSeconds[group],
              transferSeconds: transferSeconds(task.reads, to: d, locations: planned),
              predictedSeconds: runSeconds(task, d)))
        }
        guard !candidates.isEmpty else {
          throw SchedulingError.invalidMachine(
            file: machine.name,
            detail:
              "no device of the kinds task \(index) (\(task.kernel.rawValue)) may use has memory_bytes for its \(info.memoryBytes) bytes of data"
          )
        }
        let position = candidates.count == 1 ? 0 : policy.choose(for: info, among: candidates)
        let chosen = candidates[min(max(position, 0), candidates.count - 1)]
        let group = groups[chosen.index]
        deviceOf[index] = chosen.index
        predicted[index] = chosen.predictedSeconds
        plannedTransfer[index] = chosen.transferSeconds
        for buffer in task.reads {
          planned[buffer.id] = (planned[buffer.id] ?? 1) | locationBit(chosen.index)
        }
        for buffer in task.writes { planned[buffer.id] = locationBit(chosen.index) }
        inFlight[group] += 1
        queuedSeconds[group] += chosen.predictedSeconds + chosen.transferSeconds
        let key = ordering.key(
          for: info, predictedSeconds: chosen.predictedSeconds,
          transferSeconds: chosen.transferSeconds, enqueuedAt: now)
        queues[group].append((index, chosen.index, ordering.isFIFO ? 0 : key))
      }
      // Start work on every idle group.
      for group in 0..<groupCount where running[group] == nil && !queues[group].isEmpty {
        var best = 0
        for position in queues[group].indices {
          let a = queues[group][position]
          let b = queues[group][best]
          if a.key < b.key || (a.key == b.key && a.task < b.task) { best = position }
        }
        let item = queues[group].remove(at: best)
        let reads = tasks[item.task].reads
        transfer[item.task] = transferSeconds(reads, to: item.device, locations: residence)
        for buffer in reads {
          residence[buffer.id] = (residence[buffer.id] ?? 1) | locationBit(item.device)
        }
        let duration = transfer[item.task] + predicted[item.task]
        queuedSeconds[group] = max(
          0, queuedSeconds[group] - plannedTransfer[item.task] - predicted[item.task])
        start[item.task] = now
        finish[item.task] = now + duration
        busyUntil[group] = now + duration
        running[group] = item.task
        busy[item.device] += duration
      }
      // Advance to the next completion or release.
      var next = Double.infinity
      for group in 0..<groupCount where running[group] != nil { next = min(next, busyUntil[group]) }
      for index in 0..<count where !placed[index] && waitingOn[index] == 0 && readyAt[index] > now {
        next = min(next, readyAt[index])
      }
      guard next.isFinite else { break }
      now = next
      for group in 0..<groupCount {
        guard let index = running[group], busyUntil[group] <= now else { continue }
        running[group] = nil
        inFlight[group] -= 1
        if inFlight[group] == 0 { queuedSeconds[group] = 0 }
        done += 1
        let d = deviceOf[index]
        for buffer in tasks[index].writes { residence[buffer.id] = locationBit(d) }
        policy.observe(task: profile(index), device: d, seconds: finish[index] - start[index])
        trace?.append(
          TraceRecorder.Event(
            name: tasks[index].kernel.rawValue, device: devices[d].id.description,
            startMicroseconds: start[index] * 1e6,
            durationMicroseconds: (finish[index] - start[index]) * 1e6,
            predictedMicroseconds: (predicted[index] + transfer[index]) * 1e6,
            size: .zero, isFailure: false))
        for dependent in dependents[index] {
          waitingOn[dependent] -= 1
          readyAt[dependent] = max(readyAt[dependent], now)
        }
      }
    }
    let makespan = finish.max() ?? 0
    return SimulationResult(
      policy: policy.name, ordering: ordering.name, makespanSeconds: makespan,
      lowerBoundSeconds: lowerBound(tasks),
      utilisation: Dictionary(
        uniqueKeysWithValues: devices.indices.map {
          (devices[$0].id.description, makespan > 0 ? busy[$0] / makespan : 0)
        }),
      devices: deviceOf.map { devices[$0].id.description }, startSeconds: start,
      finishSeconds: finish)
  }

  /// See `SimulationResult.lowerBoundSeconds`. O(tasks x devices + dependencies).
  public func lowerBound(_ tasks: [SimulatedTask]) -> Double {
    var groupFlops: [Int: Double] = [:]
    var groupBytes: [Int: Double] = [:]
    for (d, device) in devices.enumerated() {
      groupFlops[groups[d]] = max(groupFlops[groups[d]] ?? 0, device.peakGFLOPS * 1e9)
      groupBytes[groups[d]] = max(groupBytes[groups[d]] ?? 0, device.bandwidthGBPerSecond * 1e9)
    }
    let flops = tasks.reduce(0) { $0 + $1.flops }
    let bytes = tasks.reduce(0) { $0 + $1.bytes }
    var bound = max(
      flops / groupFlops.values.reduce(0, +), bytes / groupBytes.values.reduce(0, +))
    // Each task keeps one core group busy for at least its shortest run on a device it may
    // use; a task starts after its release and its dependencies' earliest finishes.
    var busy = 0.0
    var earliestFinish = [Double](repeating: 0, count: tasks.count)
    for (index, task) in tasks.enumerated() {
      let shortest =
        devices.indices.filter {
          task.kinds.isEmpty || task.kinds.contains(devices[$0].kind.rawValue)
        }
        .map { runSeconds(task, $0) }.min() ?? 0
      busy += shortest
      let ready = task.dependencies.filter { $0 >= 0 && $0 < index }
        .reduce(task.releaseSeconds) { max($0, earliestFinish[$1]) }
      earliestFinish[index] = ready + shortest
      bound = max(bound, earliestFinish[index])
    }
    return max(bound, busy / Double(groupFlops.count))
  }
}
