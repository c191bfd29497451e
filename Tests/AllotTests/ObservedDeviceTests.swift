import Allot
import Foundation
import Testing

@Suite struct ObservedDeviceTests {
  let device = CPUDevice(processingUnits: Array(CPUDevice.allowedProcessingUnits().prefix(1)))

  /// 60 points in three tight groups around (0, 0), (10, 0) and (0, 10).
  func points() -> Matrix<Double> {
    var values: [Double] = []
    for i in 0..<60 {
      let group = i % 3
      let jitter = Double(i / 3) * 0.01
      values += [group == 1 ? 10 + jitter : jitter, group == 2 ? 10 - jitter : -jitter]
    }
    return Matrix(rows: 60, columns: 2, elements: values)
  }

  @Test func everyKMeansStepIsRecordedAndTraced() throws {
    let model = PerformanceModel()
    let trace = TraceRecorder()
    let observed = ObservedDevice(device, model: model, trace: trace)
    let options = KMeansOptions(clusters: 3, seed: 7)
    let plain = try KMeans.fit(points(), options: options, on: [device])
    let timed = try KMeans.fit(points(), options: options, on: [observed])
    #expect(timed.labels == plain.labels)
    #expect(timed.centers.elements == plain.centers.elements)
    let slices = trace.recorded
    #expect(!slices.isEmpty)
    #expect(slices.allSatisfy { $0.name == "kmeans.step" && $0.device == "cpu" })
    #expect(
      slices.allSatisfy {
        $0.size == ProblemSize(rows: 60, columns: 2, clusters: 3, elementBytes: 8)
      })
    // Every step but the first (a cold start) is kept: 2nkd + nd = 720 + 120 FLOPs,
    // (nd + kd) * 8 = 1008 bytes.
    let samples = model.samples()
    #expect(samples.count == slices.count - 1)
    #expect(
      samples.allSatisfy { $0.flops == 840 && $0.bytes == 1008 && $0.kernel == "kmeans.step" })
    let json = String(decoding: try trace.chromeTraceJSON(), as: UTF8.self)
    #expect(json.contains("\"predicted_us\""))
    #expect(json.contains("\"clusters\":3"))
  }

  @Test func everyGradientStepIsRecordedWithItsPrediction() throws {
    let model = PerformanceModel()
    let trace = TraceRecorder()
    let runtime = RuntimeDevice(
      id: .cpu, kind: .cpu, name: "cpu", peakGFLOPS: 1, bandwidthGBPerSecond: 1,
      capacityIsEstimate: true, memoryBytes: 1 << 30, maxAllocationBytes: 1 << 30,
      sharesCoresWith: [], processingUnits: [])
    let observed = ObservedDevice(device, model: model, trace: trace, runtimeDevice: runtime)
    let x = Matrix<Double>(rows: 4, columns: 1, elements: [0, 1, 2, 3])
    _ = try LinearRegression.fit(
      features: x, targets: [1, 3, 5, 7],
      options: LinearRegressionOptions(steps: 5, learningRate: 0.1), on: [observed])
    let slices = trace.recorded
    #expect(slices.count == 5)
    // The first step is predicted from capacity: max(4nd / 1e9, (nd + n) * 8 / 1e9) =
    // max(16, 64) ns = 0.064 us.
    #expect(abs(slices[0].predictedMicroseconds - 0.064) < 1e-12)
    #expect(model.samples().count == 4)
    #expect(model.samples().allSatisfy { $0.flops == 16 && $0.bytes == 64 })
  }
}

@Suite struct ObservedTraceTests {
  @Test func everyGradientPassOfAFitIsOneTraceSlice() throws {
    let trace = TraceRecorder()
    let device = ObservedDevice(
      CPUDevice(processingUnits: Array(CPUDevice.allowedProcessingUnits().prefix(1))),
      model: PerformanceModel(), trace: trace)
    let x = Matrix<Double>(rows: 4, columns: 1, elements: [0, 1, 2, 3])
    _ = try LinearRegression.fit(
      features: x, targets: [1, 3, 5, 7],
      options: LinearRegressionOptions(steps: 3, learningRate: 0.1), on: [device])
    #expect(trace.recorded.count == 3)
  }
}
