/// A set of named tasks with dependencies between them by name, in any order; checked for
/// cycles and unknown names before anything runs, then submitted in dependency order.
/// (Tasks submitted directly to a `Scheduler` can only depend on handles that exist, so
/// they cannot form a cycle; a graph is where cycles are caught.)
public struct TaskGraph: Sendable {
  private var names: [String] = []
  private var tasks: [String: ComputeTask] = [:]
  private var edges: [String: [String]] = [:]

  /// An empty graph.
  public init() {}

  /// The task names in the order they were added.
  public var taskNames: [String] { names }

  /// Adds `task` under `name`, to run after the tasks named in `dependencies` (which may be
  /// added later). Its data dependencies still apply when it is submitted.
  /// - Throws: `SchedulingError.duplicateTask` when `name` is already in the graph.
  public mutating func add(_ name: String, _ task: ComputeTask, after dependencies: [String] = [])
    throws
  {
    guard tasks[name] == nil else { throw SchedulingError.duplicateTask(name) }
    names.append(name)
    tasks[name] = task
    edges[name] = dependencies
  }

  /// The names in an order where every task comes after its dependencies (Kahn's algorithm,
  /// ties in insertion order). O(tasks + edges).
  /// - Throws: `SchedulingError.unknownDependency`, or `SchedulingError.cycle` naming the
  ///   tasks of one cycle.
  public func topologicalOrder() throws -> [String] {
    var remaining: [String: Int] = [:]
    var dependents: [String: [String]] = [:]
    for name in names {
      for dependency in edges[name]! {
        guard tasks[dependency] != nil else {
          throw SchedulingError.unknownDependency(task: name, dependency: dependency)
        }
        dependents[dependency, default: []].append(name)
      }
      remaining[name] = edges[name]!.count
    }
    var order: [String] = []
    var ready = names.filter { remaining[$0] == 0 }
    var cursor = 0
    while cursor < ready.count {
      let name = ready[cursor]
      cursor += 1
      order.append(name)
      for dependent in dependents[name] ?? [] {
        remaining[dependent]! -= 1
        if remaining[dependent] == 0 { ready.append(dependent) }
      }
    }
    if order.count < names.count { throw SchedulingError.cycle(tasks: findCycle(remaining)) }
    return order
  }

  /// Walks dependencies among the unfinished tasks until one repeats: that loop is a cycle.
  private func findCycle(_ remaining: [String: Int]) -> [String] {
    guard var current = names.first(where: { remaining[$0]! > 0 }) else { return [] }
    var path: [String] = []
    var position: [String: Int] = [:]
    while position[current] == nil {
      position[current] = path.count
      path.append(current)
      current = edges[current]!.first { remaining[$0]! > 0 }!
    }
    return Array(path[position[current]!...]) + [current]
  }

  /// Checks the graph, then submits every task in dependency order with its named
  /// dependencies added; returns the handles by name.
  /// - Throws: what `topologicalOrder()` throws; nothing is submitted then.
  public func submit(to scheduler: Scheduler) throws -> [String: TaskHandle] {
    var handles: [String: TaskHandle] = [:]
    for name in try topologicalOrder() {
      var task = tasks[name]!
      task.dependencies += edges[name]!.map { handles[$0]! }
      handles[name] = scheduler.submit(task)
    }
    return handles
  }
}
