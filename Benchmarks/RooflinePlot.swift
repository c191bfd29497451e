import Foundation

/// A roofline chart as a standalone SVG document: arithmetic intensity (FLOP per byte read)
/// on the x axis, GFLOP/s on the y axis, both logarithmic, with the machine's compute and
/// bandwidth ceilings and one labelled point per workload and device.
public struct RooflinePlot: Sendable {
  /// One measured point.
  public struct Point: Sendable {
    /// The label shown beside the point, e.g. "kmeans A cpu".
    public var label: String
    /// FLOP per byte of data read.
    public var intensity: Double
    /// Achieved GFLOP/s.
    public var gflops: Double

    /// A point; see the properties for units.
    public init(label: String, intensity: Double, gflops: Double) {
      self.label = label
      self.intensity = intensity
      self.gflops = gflops
    }
  }

  /// The compute ceiling, GFLOP/s.
  public var peakGFLOPS: Double
  /// The bandwidth ceiling, GB/s.
  public var bandwidthGBPerSecond: Double
  /// The measured points.
  public var points: [Point]

  /// A chart of `points` under the given ceilings.
  public init(peakGFLOPS: Double, bandwidthGBPerSecond: Double, points: [Point]) {
    self.peakGFLOPS = peakGFLOPS
    self.bandwidthGBPerSecond = bandwidthGBPerSecond
    self.points = points
  }

  /// The SVG text: a standalone UTF-8 document with one `polyline` for the ceilings and one
  /// `circle` (with a `title`) and legend `text` per point with positive intensity and rate.
  /// O(points).
  public func svg(title: String) -> String {
    let width = 980.0
    let height = 560.0
    let left = 80.0
    let right = 300.0
    let top = 50.0
    let bottom = 60.0
    let intensities = points.map(\.intensity).filter { $0 > 0 }
    let ridge = peakGFLOPS / max(bandwidthGBPerSecond, 1e-9)
    let xMin = pow(2, floor(log2(min((intensities.min() ?? 0.125) / 1.5, ridge / 8, 0.125))))
    let xMax = pow(2, ceil(log2(max((intensities.max() ?? 64) * 1.5, ridge * 8))))
    let rates = points.map(\.gflops).filter { $0 > 0 }
    let yMax = pow(10, ceil(log10(max(peakGFLOPS, rates.max() ?? 1) * 1.5)))
    let yMin = pow(10, floor(log10(min((rates.min() ?? 1) * 0.8, bandwidthGBPerSecond * xMin))))
    func x(_ value: Double) -> Double {
      left + (log10(value) - log10(xMin)) / (log10(xMax) - log10(xMin)) * (width - left - right)
    }
    func y(_ value: Double) -> Double {
      height - bottom - (log10(value) - log10(yMin)) / (log10(yMax) - log10(yMin))
        * (height - top - bottom)
    }
    func format(_ value: Double) -> String { String(format: "%.1f", value) }
    var svg = """
      <?xml version="1.0" encoding="UTF-8"?>
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
      font-family="sans-serif" font-size="12">
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(format(width / 2 - 100))" y="24" font-size="16">\(escape(title))</text>

      """
    // Grid lines and tick labels, one per power of two (x) and of ten (y).
    var tick = xMin
    while tick <= xMax * 1.0001 {
      svg += """
        <line x1="\(format(x(tick)))" y1="\(format(top))" x2="\(format(x(tick)))" \
        y2="\(format(height - bottom))" stroke="#eee"/>
        <text x="\(format(x(tick)))" y="\(format(height - bottom + 16))" text-anchor="middle">\
        \(tick < 1 ? String(format: "%.3g", tick) : String(Int(tick)))</text>

        """
      tick *= 2
    }
    tick = yMin
    while tick <= yMax * 1.0001 {
      svg += """
        <line x1="\(format(left))" y1="\(format(y(tick)))" x2="\(format(width - right))" \
        y2="\(format(y(tick)))" stroke="#eee"/>
        <text x="\(format(left - 6))" y="\(format(y(tick) + 4))" text-anchor="end">\
        \(String(format: "%g", tick))</text>

        """
      tick *= 10
    }
    let ridgeX = min(max(ridge, xMin), xMax)
    svg += """
      <polyline fill="none" stroke="#c0392b" stroke-width="2" points="\
      \(format(x(xMin))),\(format(y(bandwidthGBPerSecond * xMin))) \
      \(format(x(ridgeX))),\(format(y(min(peakGFLOPS, bandwidthGBPerSecond * ridgeX)))) \
      \(format(x(xMax))),\(format(y(peakGFLOPS)))"/>
      <text x="\(format(x(xMax) - 4))" y="\(format(y(peakGFLOPS) - 6))" text-anchor="end" \
      fill="#c0392b">peak \(format(peakGFLOPS)) GFLOP/s</text>
      <text x="\(format(x(xMin) + 4))" y="\(format(y(bandwidthGBPerSecond * xMin) - 6))" \
      fill="#c0392b">read \(format(bandwidthGBPerSecond)) GB/s</text>
      <text x="\(format((left + width - right) / 2))" y="\(format(height - 20))" \
      text-anchor="middle">arithmetic intensity (FLOP per byte read)</text>
      <text x="20" y="\(format((top + height - bottom) / 2))" text-anchor="middle" \
      transform="rotate(-90 20 \(format((top + height - bottom) / 2)))">GFLOP/s</text>

      """
    let colors = ["#2471a3", "#28b463", "#af7ac5", "#d68910", "#17a589", "#566573"]
    let shown = points.filter { $0.intensity > 0 && $0.gflops > 0 }
    for (index, point) in shown.enumerated() {
      let color = colors[index % colors.count]
      svg += """
        <circle cx="\(format(x(point.intensity)))" cy="\(format(y(point.gflops)))" r="5" \
        fill="\(color)"><title>\(escape(point.label))</title></circle>
        <text x="\(format(width - right + 12))" y="\(format(top + 16 * Double(index)))" \
        fill="\(color)">● \(escape(point.label)): \(format(point.gflops)) GFLOP/s</text>

        """
    }
    svg += "</svg>\n"
    return svg
  }

  private func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}
