import Allot
import Foundation
import Testing

/// Every kind of bad input to `allot kmeans` and `allot linreg`, run as a subprocess: the
/// exit code (64 usage, 65 data, 66 input, 70 device) and the one-line message naming the
/// file and, for data errors, the row and column.
@Suite(.enabled(if: CommandLineTestSupport.built, "build first: swift build -c release"))
struct CommandLineErrorTests {
  typealias Tool = CommandLineTestSupport

  static let points = "x,y\n0,0\n0,1\n10,10\n10,11\n"

  /// Exit status, one line on stderr starting with `allot: `, nothing on stdout.
  func expectFailure(
    _ arguments: [String], status: Int32, containing parts: [String],
    sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let run = try Tool.run(arguments)
    #expect(run.status == status, "\(run.stderr)", sourceLocation: sourceLocation)
    #expect(run.errorLine.hasPrefix("allot: "), "\(run.stderr)", sourceLocation: sourceLocation)
    #expect(!run.errorLine.contains("\n"), "\(run.stderr)", sourceLocation: sourceLocation)
    #expect(run.stdout.isEmpty, sourceLocation: sourceLocation)
    for part in parts {
      #expect(run.stderr.contains(part), "\(run.stderr)", sourceLocation: sourceLocation)
    }
  }

  @Test func missingFileExits66() throws {
    let path = Tool.scratchPath("absent.csv")
    try expectFailure(["kmeans", path, "-k", "2"], status: 66, containing: [path, "no such file"])
    try expectFailure(
      ["linreg", path, "--target", "y"], status: 66, containing: [path, "no such file"])
  }

  /// The tests run as root, for whom permission bits do not stop a read: a directory is the
  /// unreadable input that works for every user.
  @Test func unreadableInputExits66() throws {
    let folder = DataTestFiles.scratchDirectory().path
    try expectFailure(
      ["kmeans", folder, "-k", "2"], status: 66, containing: [folder, "cannot read"])
  }

  @Test func raggedRowNamesTheLine() throws {
    let path = Tool.file("ragged.csv", "x,y\n1,2\n3,4,5\n6,7\n")
    try expectFailure(
      ["kmeans", path, "-k", "1"], status: 65, containing: ["\(path):3", "ragged", "3 fields"])
  }

  @Test func nonNumericCellNamesRowAndColumn() throws {
    let path = Tool.file("text.csv", "x,y\n1,2\n3,abc\n")
    try expectFailure(
      ["kmeans", path, "-k", "1"], status: 65,
      containing: ["\(path):3", "\"y\"", "index 1", "non-numeric", "abc"])
  }

  @Test func missingValueIsAnErrorUnlessDropped() throws {
    let path = Tool.file("gaps.csv", "x,y\n1,2\n3,\n5,NA\n7,8\n")
    try expectFailure(
      ["kmeans", path, "-k", "1"], status: 65,
      containing: ["\(path):3", "\"y\"", "missing value", "--missing drop"])
    // Dropped: two rows left, (1,2) and (7,8); one cluster's center is their mean (4, 5).
    let run = try Tool.run(["kmeans", path, "-k", "1", "--missing", "drop", "--json"])
    #expect(run.status == 0)
    #expect(run.stderr.contains("dropped 2 rows"))
    let json = try run.json()
    let center = try Tool.doubles((json["centers"] as? [Any])?.first)
    #expect(center == [4, 5])
    #expect(try Tool.doubles(json["sizes"]) == [2])
    // Inertia: 3^2 + 3^2 per point.
    #expect(try Tool.double(json["inertia"]) == 36)
  }

  @Test func missingValueInLinRegTargetIsDroppedToo() throws {
    let path = Tool.file("gaps-reg.csv", "x,y\n0,1\n1,NA\n2,5\n3,7\n")
    try expectFailure(
      ["linreg", path, "--target", "y", "--solver", "normal"], status: 65,
      containing: ["\(path):3", "\"y\"", "missing value"])
    // Left: (0,1), (2,5), (3,7): exactly y = 2x + 1.
    let run = try Tool.run([
      "linreg", path, "--target", "y", "--solver", "normal", "--missing", "drop", "--json",
    ])
    #expect(run.status == 0)
    #expect(run.stderr.contains("dropped 1 row "))
    let json = try run.json()
    #expect(Tool.close(try Tool.doubles(json["weights"])[0], 2, 1e-12))
    #expect(Tool.close(try Tool.double(json["bias"]), 1, 1e-12))
  }

  @Test func infiniteCellIsADataError() throws {
    let path = Tool.file("inf.csv", "x,y\n1,2\n3,inf\n")
    try expectFailure(
      ["kmeans", path, "-k", "1"], status: 65, containing: ["\(path):3", "\"y\"", "not finite"])
  }

  @Test func nanInNpyIsADataError() throws {
    let path = Tool.scratchPath("nan.npy")
    try NpyWriter.write(Matrix<Double>(rows: 2, columns: 2, elements: [1, 2, .nan, 4]), to: path)
    try expectFailure(
      ["kmeans", path, "-k", "1"], status: 65, containing: [path, "row 1", "column 0", "nan"])
  }

  @Test func unknownColumnIsADataError() throws {
    let path = Tool.file("cols.csv", Self.points)
    try expectFailure(
      ["kmeans", path, "-k", "2", "--columns", "x,zz"], status: 65,
      containing: [path, "no column named \"zz\""])
    try expectFailure(
      ["linreg", path, "--target", "zz"], status: 65, containing: [path, "\"zz\""])
    try expectFailure(
      ["kmeans", path, "-k", "2", "--columns", "0-5"], status: 65,
      containing: [path, "column index 5 out of range"])
  }

  @Test func badColumnSpecIsAUsageError() throws {
    let path = Tool.file("spec.csv", Self.points)
    try expectFailure(
      ["kmeans", path, "-k", "2", "--columns", "3-1"], status: 64, containing: ["3-1"])
    try expectFailure(
      ["linreg", path, "--target", "y", "--features", "x,"], status: 64, containing: ["x,"])
  }

  @Test func moreClustersThanRowsExits65() throws {
    let path = Tool.file("four.csv", Self.points)
    try expectFailure(
      ["kmeans", path, "-k", "6"], status: 65, containing: [path, "k = 6", "4 rows"])
  }

  @Test func badInitPathExits66() throws {
    let data = Tool.file("init-data.csv", Self.points)
    let absent = Tool.scratchPath("no-centers.csv")
    try expectFailure(
      ["kmeans", data, "-k", "2", "--init", absent], status: 66, containing: [absent])
  }

  @Test func wrongInitShapeNamesTheInitFile() throws {
    let data = Tool.file("shape-data.csv", Self.points)
    let centers = Tool.file("three.csv", "0,0\n1,1\n2,2\n")
    try expectFailure(
      ["kmeans", data, "-k", "2", "--init", centers], status: 65,
      containing: [centers, "3 x 2", "2 x 2"])
    let wide = Tool.file("wide.csv", "0\n1\n")
    try expectFailure(
      ["kmeans", data, "-k", "2", "--init", wide], status: 65, containing: [wide, "2 x 1"])
  }

  @Test func usageErrorsExit64() throws {
    let path = Tool.file("usage.csv", Self.points)
    try expectFailure(
      ["kmeans", path, "-k", "2", "--frobnicate"], status: 64, containing: ["--frobnicate"])
    try expectFailure(
      ["linreg", path, "--target", "y", "--nope"], status: 64, containing: ["--nope"])
    try expectFailure(["kmeans", path], status: 64, containing: ["-k"])
    try expectFailure(["linreg", path], status: 64, containing: ["--target"])
    try expectFailure(["kmeans", "-k", "2"], status: 64, containing: ["input file"])
    try expectFailure(["kmeans", path, "-k", "two"], status: 64, containing: ["two", "-k"])
    try expectFailure(["kmeans", path, "-k", "0"], status: 64, containing: ["k"])
    try expectFailure(
      ["kmeans", path, "-k", "2", "--tol", "1e-4x"], status: 64, containing: ["--tol"])
    try expectFailure(
      ["kmeans", path, "-k", "2", "--tol", "-1"], status: 64, containing: ["tolerance"])
    try expectFailure(
      ["kmeans", path, "-k", "2", "--max-iter", "0"], status: 64, containing: ["iterations"])
    try expectFailure(
      ["kmeans", path, "-k", "2", "--missing", "skip"], status: 64, containing: ["--missing"])
    try expectFailure(
      ["kmeans", path, "-k", "2", "--precision", "f16"], status: 64, containing: ["--precision"])
    try expectFailure(
      ["kmeans", path, "-k", "2", "--device", "gpu"], status: 64, containing: ["--device"])
    try expectFailure(
      ["linreg", path, "--target", "y", "--solver", "adam"], status: 64, containing: ["--solver"])
    try expectFailure(
      ["linreg", path, "--target", "y", "--learning-rate", "0"], status: 64,
      containing: ["learning rate"])
    try expectFailure(
      ["linreg", path, "--target", "y", "--steps", "ten"], status: 64, containing: ["--steps"])
  }

  @Test func truncatedNpyExits65() throws {
    let path = Tool.scratchPath("short.npy")
    try NpyWriter.write(
      Matrix<Double>(rows: 4, columns: 2, elements: [0, 0, 0, 1, 9, 9, 9, 8]), to: path)
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    try bytes.dropLast(12).write(to: URL(fileURLWithPath: path))
    try expectFailure(["kmeans", path, "-k", "2"], status: 65, containing: [path, "truncated"])
  }

  @Test func float32OverflowSuggestsFloat64() throws {
    let path = Tool.file("huge.csv", "x,y\n1e30,1\n2,3\n4,5\n")
    try expectFailure(
      ["kmeans", path, "-k", "2", "--precision", "f32"], status: 65,
      containing: [path, "Float32", "--precision f64"])
    try expectFailure(
      ["linreg", path, "--target", "y", "--precision", "f32"], status: 65,
      containing: [path, "--precision f64"])
    // The same data in Float64: fine, and the far point is a cluster of its own.
    let run = try Tool.run(["kmeans", path, "-k", "2", "--json"])
    #expect(run.status == 0)
    #expect(try Tool.doubles(try run.json()["sizes"]).sorted() == [1, 2])
  }

  @Test func float32NpyWithHugeValuesIsRefused() throws {
    let path = Tool.scratchPath("huge32.npy")
    try NpyWriter.write(Matrix<Float>(rows: 2, columns: 1, elements: [1e20, 1]), to: path)
    try expectFailure(
      ["kmeans", path, "-k", "1"], status: 65, containing: [path, "--precision f64"])
    #expect(try Tool.run(["kmeans", path, "-k", "1", "--precision", "f64"]).status == 0)
  }

  @Test func collinearFeaturesWithTheNormalSolverExit65() throws {
    // b = 2a exactly.
    let path = Tool.file("collinear.csv", "a,b,y\n1,2,2\n2,4,3\n3,6,1\n4,8,5\n")
    try expectFailure(
      ["linreg", path, "--target", "y", "--solver", "normal"], status: 65,
      containing: [path, "collinear", "b"])
  }

  @Test func divergingGradientDescentExits65() throws {
    let path = Tool.file("steep.csv", "x,y\n100,1\n200,2\n300,2\n400,5\n")
    try expectFailure(
      ["linreg", path, "--target", "y", "--learning-rate", "0.5", "--steps", "100"], status: 65,
      containing: [path, "diverged", "--learning-rate"])
  }

  @Test func unknownDeviceExits70() throws {
    let path = Tool.file("device.csv", Self.points)
    try expectFailure(
      ["kmeans", path, "-k", "2", "--device", "opencl:99"], status: 70, containing: ["opencl:99"])
    try expectFailure(
      ["linreg", path, "--target", "y", "--device", "opencl:99"], status: 70,
      containing: ["opencl:99"])
  }

  @Test func unwritableLabelsPathExits66() throws {
    let data = Tool.file("labels-data.csv", Self.points)
    let target = DataTestFiles.scratchDirectory().appendingPathComponent("no/such/dir/l.txt").path
    try expectFailure(
      ["kmeans", data, "-k", "2", "--labels", target], status: 66, containing: [target])
  }
}
