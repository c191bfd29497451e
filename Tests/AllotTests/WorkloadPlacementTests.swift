import Allot
import Testing

@Suite struct WorkloadPlacementTests {
  let cpu = RuntimeDevice(
    id: .cpu, kind: .cpu, name: "cpu", peakGFLOPS: 100, bandwidthGBPerSecond: 10,
    capacityIsEstimate: true, memoryBytes: 1 << 34, maxAllocationBytes: 1 << 34,
    sharesCoresWith: [.opencl(1)], processingUnits: [0, 1])
  let gpu = RuntimeDevice(
    id: .opencl(0), kind: .gpu, name: "gpu", peakGFLOPS: 1000, bandwidthGBPerSecond: 100,
    capacityIsEstimate: true, memoryBytes: 1 << 34, maxAllocationBytes: 1 << 30,
    sharesCoresWith: [], processingUnits: [])
  /// A CPU OpenCL driver on the same cores, claiming far more than the CPU path.
  let pocl = RuntimeDevice(
    id: .opencl(1), kind: .openCLCPU, name: "pocl", peakGFLOPS: 10_000,
    bandwidthGBPerSecond: 1000, capacityIsEstimate: true, memoryBytes: 1 << 34,
    maxAllocationBytes: 1 << 34, sharesCoresWith: [.cpu], processingUnits: [0, 1])

  // k-means step, n = 1e6, d = 10, k = 10, Float32: flops = 2nkd + nd = 2.1e8, bytes read
  // (nd + kd) * 4 = 40_000_400, data moved nd * 4 = 4e7.
  // cpu: max(2.1e8 / 1e11, 40_000_400 / 1e10) = 4.00004e-3 s a step, no transfer.
  // gpu: max(2.1e8 / 1e12, 40_000_400 / 1e11) = 4.00004e-4 s a step + 4e7 / 8e9 = 5e-3 s.
  let size = ProblemSize(rows: 1_000_000, columns: 10, clusters: 10)

  @Test func oneStepStaysOnTheCPUAndManyStepsGoToTheGPU() {
    let model = PerformanceModel()
    let devices = [cpu, gpu, pocl]
    let one = WorkloadPlacement.estimates(
      kernel: .kmeansStep, size: size, steps: 1, devices: devices, model: model)
    #expect(one.map(\.device) == [.cpu, .opencl(0)])
    #expect(abs(one[0].totalSeconds - 4.00004e-3) < 1e-15)
    #expect(abs(one[1].transferSeconds - 5e-3) < 1e-15)
    #expect(abs(one[1].totalSeconds - (5e-3 + 4.00004e-4)) < 1e-15)
    #expect(
      WorkloadPlacement.choose(
        kernel: .kmeansStep, size: size, steps: 1, devices: devices, model: model) == .cpu)
    // Ten steps: cpu 0.0400004 s, gpu 0.005 + 0.00400004 s.
    #expect(
      WorkloadPlacement.choose(
        kernel: .kmeansStep, size: size, steps: 10, devices: devices, model: model) == .opencl(0))
  }

  @Test func aCalibratedLinkAndMemoryLimitsChangeTheChoice() {
    let model = PerformanceModel()
    // An 80 GB/s link: transfer 5e-4 s, so one step on the gpu takes 9.00004e-4 s < 4e-3 s.
    let calibration = Calibration(
      machine: MachineIdentity(hostname: "h", cpuModel: "c", topologyDigest: "0"),
      devices: [
        DeviceCalibration(
          device: "opencl:0", gflops: 1000, readGBPerSecond: 100, hostToDeviceGBPerSecond: 80)
      ])
    #expect(
      WorkloadPlacement.choose(
        kernel: .kmeansStep, size: size, devices: [cpu, gpu], model: model,
        calibration: calibration) == .opencl(0))
    var small = gpu
    small.memoryBytes = 1_000_000
    #expect(
      WorkloadPlacement.choose(
        kernel: .kmeansStep, size: size, steps: 100, devices: [cpu, small], model: model) == .cpu)
  }

  @Test func aCPUDriverIsChosenOnlyOnItsOwnHistory() {
    let model = PerformanceModel()
    #expect(
      WorkloadPlacement.choose(kernel: .kmeansStep, size: size, devices: [cpu, pocl], model: model)
        == .cpu)
    // History: pocl runs the step at t = 1e-12 * work, far below the cpu's capacity figure.
    for work in [1e6, 1e6, 1e7, 1e8] {
      model.record(
        PerformanceSample(
          kernel: "kmeans.step", device: "opencl:1", flops: work, bytes: 0, seconds: work * 1e-12))
    }
    #expect(
      WorkloadPlacement.choose(kernel: .kmeansStep, size: size, devices: [cpu, pocl], model: model)
        == .opencl(1))
    // The history spans work 1e6 to 1e8 (the first run dropped as cold). n = 100, d = 2,
    // k = 2: work 2nkd + nd + (nd + kd) * 4 = 800 + 200 + 816 = 1816, far below 1e6 / 4:
    // the history says nothing about this size, so the CPU path runs it.
    let tiny = ProblemSize(rows: 100, columns: 2, clusters: 2)
    #expect(model.workRange(kernel: "kmeans.step", device: "opencl:1") == 1e6...1e8)
    #expect(
      WorkloadPlacement.choose(kernel: .kmeansStep, size: tiny, devices: [cpu, pocl], model: model)
        == .cpu)
  }

  @Test func rowsFollowThroughputAndNeverShareCores() {
    // n = 1000, d = 2, k = 100: flops 402_000, compute-bound on both; cpu 1 GFLOP/s, gpu
    // 3 GFLOP/s: rows 1 : 3. The CPU driver shares the cpu's cores and is slower: no rows.
    var slowCPU = cpu
    slowCPU.peakGFLOPS = 1
    var gpu3 = gpu
    gpu3.peakGFLOPS = 3
    var slowPOCL = pocl
    slowPOCL.peakGFLOPS = 0.5
    let rows = WorkloadPlacement.rowsPerDevice(
      kernel: .kmeansStep, size: ProblemSize(rows: 1000, columns: 2, clusters: 100),
      devices: [slowCPU, gpu3, slowPOCL], model: PerformanceModel())
    #expect(rows == [250, 750, 0])
  }
}
