import Foundation

/// The readable text of a `BenchReport`: a header with the machine and its limits, one row
/// per workload, shape and device, and the scheduler figures.
public enum BenchTable {
  /// The whole text, ending with a newline.
  public static func render(_ report: BenchReport) -> String {
    var lines: [String] = []
    let machine = report.machine
    lines.append(
      "machine: \(machine.cpu), \(machine.cores) cores, \(machine.simd); devices: "
        + machine.devices.keys.sorted().map { "\($0) (\(machine.devices[$0]!))" }
        .joined(separator: ", "))
    lines.append(
      String(
        format: "limits: %.1f GFLOP/s FMA peak, %.1f GB/s read", report.limits.gflops,
        report.limits.readGbytesPerSecond) + " (\(report.limits.source))")
    for note in report.notes { lines.append("note: \(note)") }
    if !report.results.isEmpty {
      lines.append("")
      lines.append(
        "median, min and max of \(report.repeats) timed iterations after a warm-up; "
          + "FLOPs counted: 2nkd per k-means iteration, 4nd per gradient step")
      let header = [
        pad("workload", 8), pad("shape", 6), left("n", 9), left("d", 4), left("k", 4), " ",
        pad("device", 9), left("median ms", 10), left("min ms", 9), left("max ms", 9),
        left("GFLOP/s", 8), left("GB/s", 7), left("of limit", 9), "  check",
      ].joined(separator: " ")
      lines.append(header)
      lines.append(String(repeating: "-", count: header.count))
      for result in report.results {
        let time = result.secondsPerIteration
        lines.append(
          [
            pad(result.workload, 8), pad(result.shape.name, 6), left("\(result.shape.n)", 9),
            left("\(result.shape.d)", 4), left(result.shape.k > 0 ? "\(result.shape.k)" : "-", 4),
            " ", pad(result.device, 9), left(milliseconds(time.median), 10),
            left(milliseconds(time.min), 9), left(milliseconds(time.max), 9),
            left(String(format: "%.1f", result.gflops), 8),
            left(String(format: "%.2f", result.gbytesPerSecond), 7),
            left(String(format: "%.0f%%", result.fractionOfLimit * 100), 9),
            "  " + result.check,
          ].joined(separator: " "))
      }
      for result in report.results where result.check != "ok" {
        lines.append(
          "FAIL \(result.workload) \(result.shape.name) on \(result.device): \(result.checkDetail)")
      }
      for result in report.results {
        if let shards = result.shards {
          lines.append("split \(result.workload) \(result.shape.name): \(shards)")
        }
      }
    }
    if let dispatch = report.dispatch {
      lines.append("")
      lines.append(
        String(
          format:
            "scheduler overhead: %.2f us per independent empty task, %.2f us per task in a chain "
            + "(median of repeats over %d tasks)", dispatch.independentUsPerTask,
          dispatch.chainUsPerTask, dispatch.tasks))
      lines.append(
        "mixed workload of \(dispatch.mixedTasks) tasks on the simulated machine "
          + "\(dispatch.simulatedMachine):")
      let header = [
        pad("policy", 24), pad("ordering", 24), left("makespan s", 11), left("lower bound s", 14),
        left("x bound", 8), "  utilisation",
      ].joined(separator: " ")
      lines.append(header)
      lines.append(String(repeating: "-", count: header.count))
      for policy in dispatch.policies {
        let utilisation = policy.utilisation.keys.sorted().map {
          "\($0) " + String(format: "%.0f%%", policy.utilisation[$0]! * 100)
        }.joined(separator: ", ")
        lines.append(
          [
            pad(policy.policy, 24), pad(policy.ordering, 24),
            left(String(format: "%.4f", policy.makespanSeconds), 11),
            left(String(format: "%.4f", policy.lowerBoundSeconds), 14),
            left(
              String(
                format: "%.2f",
                policy.lowerBoundSeconds > 0 ? policy.makespanSeconds / policy.lowerBoundSeconds : 0
              ),
              8),
            "  " + utilisation,
          ].joined(separator: " "))
      }
    }
    return lines.joined(separator: "\n") + "\n"
  }

  private static func milliseconds(_ seconds: Double) -> String {
    let ms = seconds * 1e3
    return String(format: ms < 10 ? "%.3f" : "%.2f", ms)
  }

  private static func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
  }

  private static func left(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }
}
