import Allot
import Foundation
import Testing

/// Edge cases of `allot` a first-time user meets, run as a subprocess: NaN rows of arrays
/// under `--missing drop`, labels for dropped rows, output paths checked before the work,
/// one-line messages without Foundation or decoding dumps, and output that cannot be written.
@Suite(.enabled(if: CommandLineTestSupport.built, "build first: swift build -c release"))
struct CommandLineEdgeCaseTests {
  typealias Tool = CommandLineTestSupport

  /// A value given to a flag that takes none shows up as a second input, and the message
  /// names both.
  @Test func extraArgumentsAreNamed() throws {
    let run = try Tool.run(["kmeans", "a.csv", "-k", "2", "--json", "/x/y.json"])
    #expect(run.status == 64)
    #expect(
      run.errorLine.hasPrefix(
        "allot: expected one input file, got 2 arguments: 'a.csv', '/x/y.json'"))
  }

  /// `allot help COMMAND` shows that command's help, as `allot COMMAND --help` does.
  @Test func helpNamesACommand() throws {
    let help = try Tool.run(["help", "kmeans"])
    let direct = try Tool.run(["kmeans", "--help"])
    #expect(help.status == 0)
    #expect(help.stdout == direct.stdout)
    #expect(help.stdout.hasPrefix("usage: allot kmeans"))
    let unknown = try Tool.run(["help", "nope"])
    #expect(unknown.status == 64)
    #expect(unknown.stderr.hasPrefix("allot: unknown command 'nope'\n"))
  }

  /// Options the chosen solver does not use are named in a warning; the fit still runs.
  @Test func optionsTheSolverDoesNotUseAreWarnedAbout() throws {
    let normal = try Tool.run([
      "linreg", Tool.data("diabetes.csv"), "--target", "10", "--solver", "normal", "--steps", "5",
      "--batch-size", "3",
    ])
    #expect(normal.status == 0, "\(normal.stderr)")
    #expect(
      normal.stderr
        == "allot: warning: --steps has no effect with --solver normal\n"
        + "allot: warning: --batch-size has no effect with --solver normal\n")
    let sgd = try Tool.run([
      "linreg", Tool.data("diabetes.csv"), "--target", "10", "--solver", "sgd", "--standardize",
      "--batch-size", "32", "--steps", "3",
    ])
    #expect(!sgd.stderr.contains("has no effect"), "\(sgd.stderr)")
  }

  /// Six points; rows 1 and 4 hold a NaN. Kept: (0,0), (10,10), (0,1), (10,11).
  static func nanArray() -> String {
    var writer = NpyTestWriter()
    writer.shapeText = "(6, 2)"
    let values: [Double] = [0, 0, .nan, 1, 10, 10, 0, 1, 10, .nan, 10, 11]
    return DataTestFiles.write(
      writer.bytes(payload: NpyTestWriter.payload(values, descr: "<f8")), named: "nan.npy")
  }

  /// Exit status and one line on stderr starting with `allot: `.
  func expectOneLine(
    _ run: CommandLineTestSupport.Run, status: Int32, containing parts: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) {
    #expect(run.status == status, "\(run.stderr)", sourceLocation: sourceLocation)
    #expect(run.errorLine.hasPrefix("allot: "), "\(run.stderr)", sourceLocation: sourceLocation)
    #expect(!run.errorLine.contains("\n"), "\(run.stderr)", sourceLocation: sourceLocation)
    #expect(!run.stderr.contains("Error Domain"), sourceLocation: sourceLocation)
    #expect(!run.stderr.contains("DecodingError"), sourceLocation: sourceLocation)
    for part in parts {
      #expect(run.stderr.contains(part), "\(run.stderr)", sourceLocation: sourceLocation)
    }
  }

  @Test func npyNaNRowsAreDroppedAndLabelledMinusOne() throws {
    let path = Self.nanArray()
    let refused = try Tool.run(["kmeans", path, "-k", "2"])
    expectOneLine(refused, status: 65, containing: ["row 1 (0-based)", "nan"])

    let labels = Tool.scratchPath("labels.txt")
    let run = try Tool.run(
      ["kmeans", path, "-k", "2", "--missing", "drop", "--labels", labels, "--json"])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stderr.contains("dropped 2 rows"))
    // Two clusters {(0,0),(0,1)} and {(10,10),(10,11)}: inertia 4 x 0.5^2 = 1.
    #expect(try Tool.double(run.json()["inertia"]) == 1)
    let lines = try String(contentsOfFile: labels, encoding: .utf8).split(separator: "\n")
    #expect(lines.count == 6)
    #expect(lines[1] == "-1" && lines[4] == "-1")
    #expect(lines[0] == lines[3] && lines[2] == lines[5] && lines[0] != lines[2])
    #expect(Set(lines.filter { $0 != "-1" }) == ["0", "1"])

    // The same as an int32 .npy: 6 values, -1 at rows 1 and 4 (header is 128 bytes here
    // at most; read the last 24 bytes as little-endian int32).
    let npyLabels = Tool.scratchPath("labels.npy")
    let again = try Tool.run(
      ["kmeans", path, "-k", "2", "--missing", "drop", "--labels", npyLabels])
    #expect(again.status == 0, "\(again.stderr)")
    let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: npyLabels)))
    let tail = Array(bytes.suffix(24))
    let values = (0..<6).map { i in
      Int32(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(tail[i * 4 + $1]) << (8 * $1) })
    }
    #expect(values[1] == -1 && values[4] == -1)
    #expect(values[0] == values[3] && values[2] == values[5])
  }

  @Test func nothingDroppedSaysNothing() throws {
    let path = Tool.file("clean.csv", "x,y\n0,0\n1,1\n")
    let run = try Tool.run(["kmeans", path, "-k", "1", "--missing", "drop"])
    #expect(run.status == 0)
    #expect(run.stderr.isEmpty, "\(run.stderr)")
    let array = DataTestFiles.write(
      NpyTestWriter().bytes(payload: NpyTestWriter.payload([0, 0, 1, 1, 2, 2], descr: "<f8")),
      named: "clean.npy")
    let npy = try Tool.run(["kmeans", array, "-k", "1", "--missing", "drop"])
    #expect(npy.status == 0)
    #expect(npy.stderr.isEmpty, "\(npy.stderr)")
  }

  @Test func everyRowDroppedSaysSo() throws {
    let path = Tool.file("allgaps.csv", "x,y\n" + String(repeating: "1,NA\n", count: 12))
    let run = try Tool.run(["kmeans", path, "-k", "1", "--missing", "drop"])
    expectOneLine(
      run, status: 65, containing: ["all 12 rows have missing values; nothing left to fit"])
    #expect(!run.stderr.contains("dropped"))
  }

  @Test func missingValueInInitFileDoesNotSuggestDrop() throws {
    let data = Tool.file("pts.csv", "x,y\n0,0\n0,1\n10,10\n10,11\n")
    let centers = Tool.file("init.csv", "x,y\n0,0\n10,NaN\n")
    for missing in ["error", "drop"] {
      let run = try Tool.run(
        ["kmeans", data, "-k", "2", "--init", centers, "--missing", missing])
      expectOneLine(run, status: 65, containing: [centers, "initial centers"])
      #expect(!run.stderr.contains("--missing"), "\(run.stderr)")
    }
  }

  @Test func unwritableTraceIsOneCleanLine() throws {
    let data = Tool.file("pts2.csv", "x,y\n0,0\n0,1\n")
    let run = try Tool.run(["kmeans", data, "-k", "1", "--trace", "/nonexistent/x.json"])
    expectOneLine(run, status: 66, containing: ["/nonexistent/x.json", "No such file"])
    #expect(run.stdout.isEmpty)
    let labels = try Tool.run(["kmeans", data, "-k", "1", "--labels", "/nonexistent/l.txt"])
    expectOneLine(labels, status: 66, containing: ["/nonexistent/l.txt"])
    let linreg = try Tool.run(
      ["linreg", data, "--target", "y", "--trace", "/nonexistent/y.json"])
    expectOneLine(linreg, status: 66, containing: ["/nonexistent/y.json"])
  }

  @Test func simulateFileErrors() throws {
    let xml = Tool.file("t.xml", "<topology/>\n")
    expectOneLine(
      try Tool.run(["bench", "--simulate", xml]), status: 65, containing: [xml, "not valid JSON"])
    let absent = Tool.scratchPath("nofile.json")
    expectOneLine(
      try Tool.run(["bench", "--simulate", absent]), status: 66,
      containing: [absent, "No such file"])
    let keyless = Tool.file("m.json", #"{"name": "m", "devices": [{}]}"#)
    expectOneLine(
      try Tool.run(["bench", "--simulate", keyless]), status: 65,
      containing: [keyless, "missing key", "devices[0]"])
  }

  /// A bad output path fails before any benchmark runs: nothing on stdout (the table is
  /// printed only after the run).
  @Test(arguments: ["--json", "--plot", "--trace", "--save-data"])
  func benchChecksOutputPathsFirst(option: String) throws {
    let path = option == "--save-data" ? "/proc/version/data" : "/nonexistent/out.file"
    let run = try Tool.run(["bench", "kmeans", "--device", "cpu", option, path])
    expectOneLine(run, status: 66, containing: [path])
    #expect(run.stdout.isEmpty)
  }

  @Test func benchTakesMissingAndNoHeaderForData() throws {
    let (_, environment) = try BenchCommandTests.workspace("missing-drop")
    var text = ""
    for row in 0..<64 { text += row == 5 ? "1,,3\n" : "\(row % 7),\(row % 5),\(row % 3)\n" }
    let path = Tool.file("bench.csv", text)
    let json = Tool.scratchPath("bench.json")
    let output = try TopologyTestSupport.run(
      Tool.allot,
      [
        "bench", "kmeans", "--data", path, "--no-header", "--missing", "drop", "--k", "2",
        "--device", "cpu", "--repeat", "1", "--json", json,
      ], environment: environment)
    #expect(output.status == 0, "\(output.stderr)")
    let object = try JSONSerialization.jsonObject(
      with: Data(contentsOf: URL(fileURLWithPath: json)))
    let results = try #require((object as? [String: Any])?["results"] as? [[String: Any]])
    // 64 rows, one dropped.
    #expect(
      results.contains { (($0["shape"] as? [String: Any])?["n"] as? Int) == 63 }, "\(results)")
  }

  @Test(arguments: ["0,0", "x,x", "0-2,1", "-3", "0-", "1-2-3"])
  func badColumnListsAreUsageErrors(list: String) throws {
    let data = Tool.file("cols.csv", "x,y,z\n0,0,0\n1,1,1\n")
    let run = try Tool.run(["kmeans", data, "-k", "1", "--columns", list])
    expectOneLine(run, status: 64, containing: ["bad column list"])
    if list.contains(",") { #expect(run.stderr.contains("chosen twice")) }
  }

  @Test func nameAndIndexOfTheSameColumnAreAUsageError() throws {
    let data = Tool.file("cols2.csv", "x,y,z\n0,0,0\n1,1,1\n")
    let run = try Tool.run(["kmeans", data, "-k", "1", "--columns", "y,1"])
    expectOneLine(run, status: 64, containing: ["column 1 ('y') is chosen twice"])
  }

  @Test func linregWithOnlyTheTargetSaysNoFeatures() throws {
    let data = Tool.file("only-y.csv", "y\n1\n2\n3\n")
    let run = try Tool.run(["linreg", data, "--target", "y"])
    expectOneLine(run, status: 65, containing: [data, "no feature columns"])
  }

  @Test func npyWithZeroColumnsSaysSo() throws {
    var writer = NpyTestWriter()
    writer.shapeText = "(5, 0)"
    let path = DataTestFiles.write(writer.bytes(payload: []), named: "empty-cols.npy")
    let run = try Tool.run(["kmeans", path, "-k", "1"])
    expectOneLine(run, status: 65, containing: [path, "has 0 columns"])
    #expect(!run.stderr.contains("only 1-D"))
  }

  @Test func topologyFromXMLSaysSIMDIsUnknown() throws {
    let run = try Tool.run(
      ["topology", "--input", TopologyTestSupport.fixture("two-packages-smt.xml")])
    #expect(run.status == 0, "\(run.stderr)")
    #expect(run.stdout.contains("SIMD: unknown (not in the XML)"))
    #expect(!run.stdout.contains("float lanes), "))
  }

  /// `> /dev/full`: nothing can be written, so the exit code is 74 with one line on stderr.
  @Test(arguments: [["topology"], ["topology", "--json"], ["kmeans", "PTS", "-k", "1"]])
  func fullStandardOutputExits74(arguments: [String]) throws {
    let data = Tool.file("full.csv", "x,y\n0,0\n0,1\n")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Tool.allot)
    process.arguments = arguments.map { $0 == "PTS" ? data : $0 }
    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
    let errors = Pipe()
    process.standardError = errors
    try process.run()
    let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 74, "\(stderr)")
    #expect(stderr == "allot: cannot write standard output: No space left on device\n")
  }
}
