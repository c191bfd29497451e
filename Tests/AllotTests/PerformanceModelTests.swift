import Allot
import Testing

@Suite struct PerformanceModelTests {
  @Test func robustFitRecoversALineDespiteAnOutlier() {
    // y = 2 + 0.5 x exactly on nine points, plus one wild point at x = 4 (y = 100).
    let x: [Double] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 4]
    let y = x.dropLast().map { 2 + 0.5 * $0 } + [100]
    let fit = RobustLineFit.fit(x: x, y: y)
    #expect(abs(fit.slope - 0.5) < 1e-3)
    #expect(abs(fit.intercept - 2) < 1e-2)
  }

  @Test func modelPredictsAPowerLawAndDropsTheColdFirstRun() {
    // t = 1e-9 * work exactly (work = flops + bytes, bytes 0), after a cold first run 1000x
    // slower. The fit of log t on log work has slope 1 and intercept log(1e-9), so a task of
    // 4e8 FLOPs is predicted at 0.4 s.
    let model = PerformanceModel()
    let device = RuntimeDevice(
      id: .cpu, kind: .cpu, name: "cpu", peakGFLOPS: 1, bandwidthGBPerSecond: 1,
      capacityIsEstimate: true, memoryBytes: 1, maxAllocationBytes: 1, sharesCoresWith: [],
      processingUnits: [])
    model.record(PerformanceSample(kernel: "k", device: "cpu", flops: 1e6, bytes: 0, seconds: 1))
    for flops in [1e6, 1e7, 1e8, 1e9] {
      model.record(
        PerformanceSample(kernel: "k", device: "cpu", flops: flops, bytes: 0, seconds: flops * 1e-9)
      )
    }
    let predicted = model.predict(kernel: "k", flops: 4e8, bytes: 0, on: device)
    #expect(abs(predicted - 0.4) / 0.4 < 1e-9)
  }

  /// Samples loaded from a file are kept, and the first run recorded afterwards (this
  /// process's cold start) is still dropped.
  @Test func theColdFirstRunIsDroppedAfterLoadingToo() {
    let model = PerformanceModel()
    let saved = (1...3).map {
      PerformanceSample(kernel: "k", device: "cpu", flops: 1e6 * Double($0), bytes: 0, seconds: 1)
    }
    model.load(saved)
    #expect(model.samples() == saved)
    let cold = PerformanceSample(kernel: "k", device: "cpu", flops: 1e6, bytes: 0, seconds: 50)
    let warm = PerformanceSample(kernel: "k", device: "cpu", flops: 1e6, bytes: 0, seconds: 1e-3)
    model.record(cold)
    model.record(warm)
    #expect(model.samples() == saved + [warm])
  }

  @Test func beforeHistoryThePredictionComesFromCapacity() {
    // 10 GFLOP/s and 2 GB/s: 1e10 FLOPs take 1 s, 1e9 bytes 0.5 s; the larger wins.
    let device = RuntimeDevice(
      id: .opencl(0), kind: .gpu, name: "gpu", peakGFLOPS: 10, bandwidthGBPerSecond: 2,
      capacityIsEstimate: false, memoryBytes: 1, maxAllocationBytes: 1, sharesCoresWith: [],
      processingUnits: [])
    let model = PerformanceModel()
    #expect(model.predict(kernel: "k", flops: 1e10, bytes: 1e9, on: device) == 1)
    #expect(model.predict(kernel: "k", flops: 1e9, bytes: 4e9, on: device) == 2)
    #expect(model.predict(kernel: .empty, flops: 1e10, bytes: 1e9, on: device) == 0)
  }
}
