import AllotBenchmarks
import Foundation
import Testing

/// The roofline SVG for hand-made points.
@Suite struct BenchRooflineTests {
  @Test func wellFormedWithOneCirclePerPlottablePoint() throws {
    let plot = RooflinePlot(
      peakGFLOPS: 170, bandwidthGBPerSecond: 17,
      points: [
        .init(label: "kmeans A cpu", intensity: 15.9, gflops: 120),
        .init(label: "linreg <B> & cpu", intensity: 0.99, gflops: 14),
        .init(label: "nothing measured", intensity: 0, gflops: 0),
      ])
    let path = FileManager.default.temporaryDirectory
      .appendingPathComponent("allot-roofline-\(getpid()).svg").path
    try plot.svg(title: "roofline <test>").write(toFile: path, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(atPath: path) }
    let svg = try SVGElements(path: path)
    #expect(svg.root == "svg")
    #expect(svg.counts["circle"] == 2)
    #expect(svg.counts["polyline"] == 1)
    let text = try String(contentsOfFile: path, encoding: .utf8)
    #expect(text.contains("peak 170.0 GFLOP/s"))
    #expect(text.contains("read 17.0 GB/s"))
    #expect(text.contains("linreg &lt;B&gt; &amp; cpu"))
  }
}
