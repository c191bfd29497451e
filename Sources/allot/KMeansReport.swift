import Allot

/// What `allot kmeans` prints: the `--json` object (`centers`, `inertia`, `iterations`,
/// `converged`, `sizes`, `device`) or a short summary.
struct KMeansReport: Encodable {
  var centers: [[Double]]
  var inertia: Double
  var iterations: Int
  var converged: Bool
  var sizes: [Int]
  var device: String
  /// Not in the JSON: rows, columns and precision for the text summary.
  var rows: Int
  var precision: Precision

  init<Scalar: MatrixScalar>(_ result: KMeansResult<Scalar>, rows: Int) {
    centers = (0..<result.centers.rows).map { row in
      (0..<result.centers.columns).map { CommandOptions.decimal(result.centers[row, $0]) }
    }
    inertia = result.inertia
    iterations = result.iterations
    converged = result.converged
    sizes = result.sizes
    device = result.device
    self.rows = rows
    precision = Scalar.precision
  }

  enum CodingKeys: String, CodingKey {
    case centers, inertia, iterations, converged, sizes, device
  }

  /// A few lines: the fit, then one line per cluster with its size and first coordinates.
  var text: String {
    let columns = centers.first?.count ?? 0
    var lines = [
      "k-means: \(rows) rows x \(columns) columns, k = \(centers.count), \(precision), on \(device)",
      "\(converged ? "converged" : "stopped (not converged)") after \(iterations) \(iterations == 1 ? "iteration" : "iterations"); inertia \(inertia)",
      "cluster  size  center",
    ]
    for (index, center) in centers.enumerated() {
      let shown = center.prefix(6).map { String($0) }.joined(separator: ", ")
      let more = center.count > 6 ? ", ... (\(center.count) values)" : ""
      lines.append(
        String(index).padded(to: 7) + "  " + String(sizes[index]).padded(to: 4) + "  ["
          + shown + more + "]")
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  /// The string followed by spaces up to `width` characters.
  func padded(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
