extension BenchReport {
  /// The roofline chart of this report: the limits as ceilings and one point per result at
  /// its arithmetic intensity (counted FLOPs over bytes read) and achieved GFLOP/s.
  public var roofline: RooflinePlot {
    RooflinePlot(
      peakGFLOPS: limits.gflops, bandwidthGBPerSecond: limits.readGbytesPerSecond,
      points: results.map { result in
        RooflinePlot.Point(
          label: "\(result.workload) \(result.shape.name) \(result.device)",
          intensity: result.bytesPerIteration > 0
            ? result.flopsPerIteration / result.bytesPerIteration : 0,
          gflops: result.gflops)
      })
  }
}
