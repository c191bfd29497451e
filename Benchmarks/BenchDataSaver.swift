import Allot
import Foundation

/// Writes the inputs of each benchmark problem as .npy files plus `manifest.json`, for
/// `Benchmarks/peers.py` to run the peers on exactly the same data (`--save-data DIR`).
///
/// manifest.json: `{"shapes": [entry]}`, each entry with `workload`, `name`, `n`, `d`, `k`,
/// `iterations` (warm-up plus timed) and the file names: `points` and `init` (k x d initial
/// centers) for k-means; `features`, `targets` (n x 1), `weights` (d x 1) and the number
/// `bias` for linreg.
final class BenchDataSaver {
  struct Entry: Codable {
    var workload: String
    var name: String
    var n: Int
    var d: Int
    var k: Int
    var iterations: Int
    var points: String?
    var `init`: String?
    var features: String?
    var targets: String?
    var weights: String?
    var bias: Double?
  }

  let directory: String
  private var entries: [Entry] = []

  /// A saver into `directory`, created when missing.
  /// - Throws: `BenchError.cannotWrite` when the folder cannot be created.
  init(directory: String) throws {
    self.directory = directory
    do {
      try FileManager.default.createDirectory(
        atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw BenchError.cannotWrite(path: directory, reason: ErrorText.describe(error))
    }
  }

  /// Writes one problem's inputs and adds its manifest entry.
  /// - Throws: `DataError` or `BenchError.cannotWrite` when a file cannot be written.
  func save<Scalar: MatrixScalar>(
    _ problem: BenchProblem<Scalar>, shape: BenchShape, iterations: Int
  ) throws {
    let stem = "\(shape.workload.rawValue)_\(shape.name)"
    var entry = Entry(
      workload: shape.workload.rawValue, name: shape.name, n: shape.n, d: shape.d, k: shape.k,
      iterations: iterations)
    switch problem {
    case .kmeans(let points, let initial):
      entry.points = "\(stem)_points.npy"
      entry.`init` = "\(stem)_init.npy"
      try NpyWriter.write(points, to: path(entry.points!))
      try NpyWriter.write(initial, to: path(entry.`init`!))
    case .linreg(let features, let targets, let weights, let bias):
      entry.features = "\(stem)_features.npy"
      entry.targets = "\(stem)_targets.npy"
      entry.weights = "\(stem)_weights.npy"
      entry.bias = Double(bias)
      try NpyWriter.write(features, to: path(entry.features!))
      try NpyWriter.write(
        Matrix(rows: targets.count, columns: 1, elements: targets), to: path(entry.targets!))
      try NpyWriter.write(
        Matrix(rows: weights.count, columns: 1, elements: weights), to: path(entry.weights!))
    }
    entries.append(entry)
    try writeManifest()
  }

  private func path(_ name: String) -> String { "\(directory)/\(name)" }

  private func writeManifest() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let path = path("manifest.json")
    do {
      try encoder.encode(["shapes": entries]).write(to: URL(fileURLWithPath: path))
    } catch {
      throw BenchError.cannotWrite(path: path, reason: ErrorText.describe(error))
    }
  }
}
