import Allot
import Foundation
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// `allot bench` run as a subprocess on tiny shapes: the JSON keys scripts read, agreement
/// between the JSON, the table and closed-form FLOP and byte counts, the roofline SVG, the
/// saved data, and usage errors. No timing assertions.
@Suite(.serialized) struct BenchCommandTests {
  static var allot: String { TopologyTestSupport.allotPath }
  static var built: Bool { FileManager.default.isExecutableFile(atPath: allot) }

  /// A fresh folder holding a calibration file for this machine with 100 GFLOP/s and
  /// 10 GB/s, so the limits are known and nothing is measured.
  static func workspace(_ name: String) throws -> (folder: String, environment: [String: String]) {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("allot-bench-\(getpid())-\(name)").path
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let environment = ["XDG_CACHE_HOME": folder]
    try CalibrationStore.defaultStore(environment: environment).save(
      Calibration(
        machine: .current(),
        devices: [DeviceCalibration(device: "cpu", gflops: 100, readGBPerSecond: 10)]))
    return (folder, environment)
  }

  static func object(_ value: Any?) throws -> [String: Any] {
    try #require(value as? [String: Any])
  }

  @Test(.enabled(if: built, "the allot binary is not built (swift build -c release)"))
  func jsonKeysAndTableAgreeOnATinyShape() throws {
    let (folder, environment) = try Self.workspace("json")
    let json = folder + "/bench.json"
    let plot = folder + "/roofline.svg"
    let trace = folder + "/trace.json"
    let output = try TopologyTestSupport.run(
      Self.allot,
      [
        "bench", "all", "--quick", "--n", "2000", "--d", "8", "--k", "4", "--device", "cpu",
        "--json", json, "--plot", plot, "--trace", trace,
      ], environment: environment)
    #expect(output.status == 0, "\(output.stderr)")
    #expect(output.stderr.isEmpty, "no progress line when stderr is not a terminal")

    let root = try Self.object(
      JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))))
    let machine = try Self.object(root["machine"])
    #expect(machine["cpu"] is String)
    let limits = try Self.object(root["limits"])
    #expect(limits["gflops"] as? Double == 100)
    #expect(limits["read_gbytes_per_second"] as? Double == 10)
    #expect(limits["source"] as? String == "calibration")

    let results = try #require(root["results"] as? [[String: Any]])
    #expect(results.count == 2)
    let tableRows = output.stdout.split(separator: "\n").map(String.init)
    for (result, workload) in zip(results, ["kmeans", "linreg"]) {
      #expect(result["workload"] as? String == workload)
      #expect(result["device"] as? String == "cpu")
      #expect(result["check"] as? String == "ok", "\(result["check_detail"] ?? "")")
      let shape = try Self.object(result["shape"])
      #expect(shape["name"] as? String == "custom")
      #expect(shape["n"] as? Int == 2000)
      #expect(shape["d"] as? Int == 8)
      #expect(shape["k"] as? Int == (workload == "kmeans" ? 4 : 0))
      let time = try Self.object(result["seconds_per_iteration"])
      let median = try #require(time["median"] as? Double)
      let low = try #require(time["min"] as? Double)
      let high = try #require(time["max"] as? Double)
      #expect(low <= median && median <= high && low > 0)
      // Closed forms: 2nkd FLOPs and (nd + kd) * 4 bytes per k-means iteration, 4nd FLOPs
      // and (nd + n) * 4 bytes per gradient step.
      let n = 2000.0
      let d = 8.0
      let k = 4.0
      let flops: Double = workload == "kmeans" ? 2 * n * k * d : 4 * n * d
      let bytes: Double = workload == "kmeans" ? (n * d + k * d) * 4 : (n * d + n) * 4
      let gflops = try #require(result["gflops"] as? Double)
      let gbytes = try #require(result["gbytes_per_second"] as? Double)
      #expect(abs(gflops - flops / median / 1e9) <= 1e-9 * gflops)
      #expect(abs(gbytes - bytes / median / 1e9) <= 1e-9 * gbytes)
      let fraction = try #require(result["fraction_of_limit"] as? Double)
      #expect(abs(fraction - max(gflops / 100, gbytes / 10)) <= 1e-9 * fraction)
      // The table row shows the same figures.
      let row = try #require(
        tableRows.first { $0.hasPrefix(workload) && $0.contains(" cpu ") }, "\(output.stdout)")
      let cells = row.split(separator: " ").map(String.init)
      #expect(cells[1] == "custom" && cells[2] == "2000" && cells[3] == "8")
      let shownMedian = try #require(Double(cells[6]))
      #expect(abs(shownMedian - median * 1e3) <= 0.0051 * max(1, median * 1e3))
      #expect(abs(try #require(Double(cells[9])) - gflops) <= 0.051 + 0.001 * gflops)
      #expect(cells.last == "ok")
    }

    let dispatch = try Self.object(root["dispatch"])
    #expect((dispatch["independent_us_per_task"] as? Double ?? 0) > 0)
    #expect((dispatch["chain_us_per_task"] as? Double ?? 0) > 0)
    let policies = try #require(dispatch["policies"] as? [[String: Any]])
    #expect(!policies.isEmpty)
    for policy in policies {
      #expect(policy["policy"] is String)
      let makespan = try #require(policy["makespan_seconds"] as? Double)
      let bound = try #require(policy["lower_bound_seconds"] as? Double)
      #expect(makespan >= bound * (1 - 1e-9))
    }
    #expect(output.stdout.contains("scheduler overhead"))

    // The roofline is well-formed XML with one circle per result and the ceilings.
    let svg = try SVGElements(path: plot)
    #expect(svg.root == "svg")
    #expect(svg.counts["circle"] == 2)
    #expect(svg.counts["polyline"] == 1)
    #expect((svg.counts["text"] ?? 0) >= 4)

    // The trace has a slice per iteration: (warm-up + 2 repeats) per workload.
    let traceRoot = try Self.object(
      JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: trace))))
    let events = try #require(traceRoot["traceEvents"] as? [[String: Any]])
    #expect(events.filter { $0["ph"] as? String == "X" }.count == 6)
  }

  @Test(.enabled(if: built, "the allot binary is not built (swift build -c release)"))
  func savedDataHoldsThePointsAndInitialCentersTheRunUsed() throws {
    let (folder, environment) = try Self.workspace("save")
    let data = folder + "/data"
    let output = try TopologyTestSupport.run(
      Self.allot,
      [
        "bench", "kmeans", "linreg", "--n", "3000", "--d", "5", "--k", "3", "--repeat", "1",
        "--device", "cpu", "--save-data", data,
      ], environment: environment)
    #expect(output.status == 0, "\(output.stderr)")
    let manifest = try Self.object(
      JSONSerialization.jsonObject(
        with: Data(contentsOf: URL(fileURLWithPath: data + "/manifest.json"))))
    let shapes = try #require(manifest["shapes"] as? [[String: Any]])
    #expect(shapes.count == 2)
    let kmeans = try #require(shapes.first { $0["workload"] as? String == "kmeans" })
    #expect(kmeans["iterations"] as? Int == 2)
    let points = try NpyLoader.load(path: data + "/" + (kmeans["points"] as! String))
      .matrix.asDouble
    let initial = try NpyLoader.load(path: data + "/" + (kmeans["init"] as! String)).matrix
      .asDouble
    #expect(points.rows == 3000 && points.columns == 5)
    #expect(initial.rows == 3 && initial.columns == 5)
    // Every initial center is one of the rows.
    for c in 0..<3 {
      #expect((0..<3000).contains { row in initial.row(c) == points.row(row) })
    }
    let linreg = try #require(shapes.first { $0["workload"] as? String == "linreg" })
    let targets = try NpyLoader.load(path: data + "/" + (linreg["targets"] as! String)).matrix
    #expect(targets.rows == 3000)
    #expect(linreg["bias"] is Double)
  }

  @Test(.enabled(if: built, "the allot binary is not built (swift build -c release)"))
  func aUsersCSVFile() throws {
    let (folder, environment) = try Self.workspace("data")
    let path = folder + "/points.csv"
    var text = "a,b,c\n"
    for row in 0..<400 { text += "\(row % 7),\(Double(row) * 0.5),\(row % 3)\n" }
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    let json = folder + "/bench.json"
    let output = try TopologyTestSupport.run(
      Self.allot,
      [
        "bench", "kmeans", "--data", path, "--columns", "a,b", "--k", "3", "--repeat", "1",
        "--device", "cpu", "--json", json,
      ], environment: environment)
    #expect(output.status == 0, "\(output.stderr)")
    let root = try Self.object(
      JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))))
    let result = try #require((root["results"] as? [[String: Any]])?.first)
    let shape = try Self.object(result["shape"])
    #expect(shape["name"] as? String == "data")
    #expect(shape["n"] as? Int == 400 && shape["d"] as? Int == 2 && shape["k"] as? Int == 3)
    #expect(root["dispatch"] == nil)
  }

  @Test(
    .enabled(if: built, "the allot binary is not built (swift build -c release)"),
    arguments: [
      ["bench", "--frobnicate"],
      ["bench", "--repeat", "0"],
      ["bench", "--repeat", "many"],
      ["bench", "--device", "gpu"],
      ["bench", "--shape", "Z"],
      ["bench", "svm"],
      ["bench", "--n", "-5"],
      ["bench", "--columns", "0,1"],
      ["bench", "--data", "x.csv", "--n", "10"],
      ["bench", "--n", "10", "--k", "20"],
      ["bench", "--json"],
      ["bench", "--n", "0"],
      ["bench", "--repeat", "0"],
      ["bench", "foo"],
      ["bench", "--missing", "drop"],
      ["bench", "--no-header"],
      ["bench", "--data", "x.csv", "--missing", "sometimes"],
      ["bench", "kmeans", "--shape", ""],
      ["bench", "--shape", "A,,B"],
    ])
  func badFlagsExit64(_ arguments: [String]) throws {
    let output = try TopologyTestSupport.run(Self.allot, arguments)
    #expect(output.status == 64, "\(arguments): \(output.stderr)")
    #expect(output.stderr.hasPrefix("allot: "))
    // One line that points at the help, not the whole usage text.
    #expect(output.stderr.hasSuffix("(see `allot bench --help`)\n"), "\(output.stderr)")
    #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
  }

  /// A shape whose data cannot fit in memory is refused before anything runs; k is checked
  /// against n only when k-means runs.
  @Test(.enabled(if: built, "the allot binary is not built (swift build -c release)"))
  func shapesAreCheckedAgainstMemoryAndOnlyForTheirWorkload() throws {
    let (_, environment) = try Self.workspace("sizes")
    for n in ["99999999999999", "999999999999999999"] {
      let output = try TopologyTestSupport.run(
        Self.allot, ["bench", "kmeans", "--n", n, "--d", "400", "--device", "cpu"],
        environment: environment)
      #expect(output.status == 64, "\(output.stderr)")
      #expect(output.stderr.contains("usable memory") || output.stderr.contains("can address"))
      #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
    }
    let linreg = try TopologyTestSupport.run(
      Self.allot, ["bench", "linreg", "--n", "5", "--d", "1", "--repeat", "1", "--device", "cpu"],
      environment: environment)
    #expect(linreg.status == 0, "\(linreg.stderr)")
    #expect(linreg.stdout.contains(" ok"))
  }

  @Test(.enabled(if: built, "the allot binary is not built (swift build -c release)"))
  func aMissingDataFileExits66() throws {
    let (_, environment) = try Self.workspace("missing")
    let output = try TopologyTestSupport.run(
      Self.allot, ["bench", "kmeans", "--data", "/nonexistent/points.csv", "--device", "cpu"],
      environment: environment)
    #expect(output.status == 66, "\(output.stderr)")
    #expect(output.stderr.contains("/nonexistent/points.csv"))
  }

  /// `--device auto` chooses per problem from the saved run times: a history in which the
  /// PoCL device runs k-means steps a thousand times faster than the CPU path's capacity
  /// sends k-means there, while the gradient (no history; a CPU driver is never chosen
  /// without one) stays on the CPU path.
  @Test(.enabled(if: built && OpenCLTestDevice.poclIndex != nil, "needs the binary and PoCL"))
  func autoChoosesPerProblemFromTheSavedRunTimes() throws {
    let (folder, environment) = try Self.workspace("auto")
    let pocl = "opencl:\(try #require(OpenCLTestDevice.poclIndex))"
    let samples = [1e6, 1e7, 1e8, 1e9].map {
      PerformanceSample(
        kernel: "kmeans.step", device: pocl, flops: $0, bytes: 0, seconds: $0 * 1e-15)
    }
    try CalibrationStore.defaultStore(environment: environment).save(
      Calibration(
        machine: .current(),
        devices: [DeviceCalibration(device: "cpu", gflops: 100, readGBPerSecond: 10)],
        samples: samples))
    let json = folder + "/bench.json"
    let output = try TopologyTestSupport.run(
      Self.allot, ["bench", "kmeans", "linreg", "--quick", "--device", "auto", "--json", json],
      environment: environment)
    #expect(output.status == 0, "\(output.stderr)")
    let root = try Self.object(
      JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))))
    let results = try #require(root["results"] as? [[String: Any]])
    let devices = Dictionary(
      results.map { ($0["workload"] as? String ?? "", $0["device"] as? String ?? "") },
      uniquingKeysWith: { first, _ in first })
    #expect(devices == ["kmeans": pocl, "linreg": "cpu"])
  }
}

/// The element names of an XML file, counted with Foundation's XMLParser (which fails on
/// anything that is not well-formed).
struct SVGElements {
  var root: String?
  var counts: [String: Int] = [:]

  init(path: String) throws {
    let parser = try #require(XMLParser(contentsOf: URL(fileURLWithPath: path)))
    let delegate = Collector()
    parser.delegate = delegate
    #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
    root = delegate.names.first
    for name in delegate.names { counts[name, default: 0] += 1 }
  }

  final class Collector: NSObject, XMLParserDelegate {
    var names: [String] = []
    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
      qualifiedName: String?, attributes: [String: String] = [:]
    ) {
      names.append(elementName)
    }
  }

}
