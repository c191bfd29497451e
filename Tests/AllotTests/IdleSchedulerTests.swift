import Allot
import Foundation
import Testing

@Suite struct IdleSchedulerTests {
  /// User plus system CPU time of thread `tid` of this process, in clock ticks, from
  /// /proc/self/task/TID/stat (fields 14 and 15).
  func cpuTicks(_ tid: Int32) throws -> Int {
    let text = try String(contentsOfFile: "/proc/self/task/\(tid)/stat", encoding: .utf8)
    let afterName = text[text.index(after: try #require(text.lastIndex(of: ")")))...]
    let fields = afterName.split(separator: " ")
    // fields[0] is field 3 (state): utime is field 14, stime field 15.
    return try #require(Int(fields[11])) + #require(Int(fields[12]))
  }

  @Test func idleWorkersSleepInsteadOfSpinning() throws {
    let scheduler = Scheduler(devices: [TestDevices.cpu(), TestDevices.gpu(0)])
    let threads = EventLog()
    // /proc/thread-self links to PID/task/TID of the calling thread.
    let record: TaskBody = { _ in
      let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self"))
      threads.append(String(link?.split(separator: "/").last ?? ""))
    }
    scheduler.submit(ComputeTask(kernel: "probe", size: ProblemSize(rows: 1), cpu: record))
    scheduler.submit(ComputeTask(kernel: "probe", size: ProblemSize(rows: 1), openCL: record))
    scheduler.waitUntilIdle()
    let workers = threads.all.compactMap { Int32($0) }
    #expect(Set(workers).count == 2)
    // Let the bounded spin after the last task run out, then watch 300 ms of idleness.
    usleep(50_000)
    let before = try workers.map(cpuTicks)
    usleep(300_000)
    let after = try workers.map(cpuTicks)
    // A spinning worker would gain about 30 ticks (100 per second); a sleeping one none.
    let ticksPerSecond = sysconf(Int32(_SC_CLK_TCK))
    for (a, b) in zip(before, after) {
      #expect(b - a <= max(2, ticksPerSecond / 50), "an idle worker used \(b - a) ticks")
    }
    #expect(scheduler.outstandingTasks == 0)
    scheduler.shutdown()
  }
}
