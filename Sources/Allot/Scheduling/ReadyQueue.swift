/// The tasks placed on one device and not yet started: a FIFO, or a binary min-heap on
/// (key, sequence) when the ordering strategy has keys. Guarded by the scheduler's lock.
struct ReadyQueue {
  private var items: [TaskHandle] = []
  private var head = 0
  let fifo: Bool

  init(fifo: Bool) {
    self.fifo = fifo
    items.reserveCapacity(256)
  }

  var isEmpty: Bool { items.count == head }

  mutating func push(_ node: TaskHandle) {
    items.append(node)
    guard !fifo else { return }
    var child = items.count - 1
    while child > 0 {
      let parent = (child - 1) / 2
      guard Self.precedes(items[child], items[parent]) else { break }
      items.swapAt(child, parent)
      child = parent
    }
  }

  mutating func pop() -> TaskHandle? {
    if fifo {
      guard head < items.count else { return nil }
      let node = items[head]
      head += 1
      if head == items.count {
        items.removeAll(keepingCapacity: true)
        head = 0
      } else if head >= 4096 && head * 2 >= items.count {
        items.removeFirst(head)
        head = 0
      }
      return node
    }
    guard !items.isEmpty else { return nil }
    let top = items[0]
    let last = items.removeLast()
    if !items.isEmpty {
      items[0] = last
      var parent = 0
      while true {
        let left = 2 * parent + 1
        guard left < items.count else { break }
        var best = left
        if left + 1 < items.count && Self.precedes(items[left + 1], items[left]) { best = left + 1 }
        guard Self.precedes(items[best], items[parent]) else { break }
        items.swapAt(best, parent)
        parent = best
      }
    }
    return top
  }

  /// Removes and returns every queued task.
  mutating func drain() -> [TaskHandle] {
    let rest = Array(items[head...])
    items.removeAll()
    head = 0
    return rest
  }

  @inline(__always) private static func precedes(_ a: TaskHandle, _ b: TaskHandle) -> Bool {
    a.orderKey < b.orderKey || (a.orderKey == b.orderKey && a.sequence < b.sequence)
  }
}
