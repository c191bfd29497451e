import Allot
import Testing

@Suite struct DataParallelTests {
  let units = CPUDevice.allowedProcessingUnits()

  func relativeDifference(_ a: Double, _ b: Double) -> Double {
    abs(a - b) / max(abs(a), abs(b), 1e-300)
  }

  @Test func kMeansSplitAcrossTwoCPUDevicesMatchesOneDevice() throws {
    guard units.count >= 2 else { return }
    let points = GaussianBlobs<Double>(
      rows: 20_000, columns: 4, clusters: 5, spread: 2, seed: 3
    ).points
    let options = KMeansOptions(clusters: 5, seed: 2)
    let one = try KMeans.fit(points, options: options, on: [CPUDevice(processingUnits: units)])
    let first = CPUDevice(processingUnits: [units[0]])
    let second = CPUDevice(processingUnits: [units[1]])
    for rows in [nil, [5_000, 15_000], [20_000, 0]] as [[Int]?] {
      let split = try KMeans.fit(
        points, options: options, on: [first, second], rowsPerDevice: rows)
      #expect(split.labels == one.labels)
      #expect(split.iterations == one.iterations)
      #expect(split.sizes == one.sizes)
      for (a, b) in zip(split.centers.elements, one.centers.elements) {
        #expect(relativeDifference(a, b) < 1e-9)
      }
      #expect(relativeDifference(split.inertia, one.inertia) < 1e-9)
    }
  }

  @Test func gradientDescentSplitAcrossTwoCPUDevicesMatchesOneDevice() throws {
    guard units.count >= 2 else { return }
    let features = GaussianBlobs<Double>(rows: 6_000, columns: 3, clusters: 4, seed: 5).points
    let targets = (0..<features.rows).map {
      1.5 * features[$0, 0] - 2 * features[$0, 1] + 0.25 * features[$0, 2] + 3
    }
    let options = LinearRegressionOptions(steps: 200, learningRate: 0.01)
    let one = try LinearRegression.fit(
      features: features, targets: targets, options: options,
      on: [CPUDevice(processingUnits: units)])
    let split = try LinearRegression.fit(
      features: features, targets: targets, options: options,
      on: [CPUDevice(processingUnits: [units[0]]), CPUDevice(processingUnits: [units[1]])],
      rowsPerDevice: [2_000, 4_000])
    #expect(split.device == "cpu,cpu")
    for (a, b) in zip(split.weights, one.weights) { #expect(relativeDifference(a, b) < 1e-9) }
    #expect(relativeDifference(split.bias, one.bias) < 1e-9)
    #expect(relativeDifference(split.loss, one.loss) < 1e-9)
  }

  @Test func devicesOnTheSameCoresAreRefused() throws {
    let points = Matrix<Double>(rows: 4, columns: 1, elements: [0, 1, 10, 11])
    let options = KMeansOptions(clusters: 2)
    let all = CPUDevice(processingUnits: units)
    let some = CPUDevice(processingUnits: Array(units.prefix(1)))
    // The same device twice shares all its units; two devices share their common ones.
    let cases: [([any ComputeDevice], [Int])] = [([all, some], [units[0]]), ([all, all], units)]
    for (devices, common) in cases {
      #expect(throws: WorkloadError.sharedCores(first: "cpu", second: "cpu", units: common)) {
        _ = try KMeans.fit(points, options: options, on: devices, rowsPerDevice: [2, 2])
      }
    }
    // Sharing devices may be listed when all but one get no rows.
    let alone = try KMeans.fit(points, options: options, on: [all, some], rowsPerDevice: [0, 4])
    #expect(alone.sizes.sorted() == [2, 2])
    #expect(alone.device == "cpu")
  }

  @Test func rowCountsThatDoNotAddUpAreRefused() {
    let points = Matrix<Double>(rows: 4, columns: 1, elements: [0, 1, 10, 11])
    let device = CPUDevice(processingUnits: Array(units.prefix(1)))
    // One device: one count, equal to the 4 rows.
    for rows in [[4, 0], [3], [5], [-1]] {
      do {
        _ = try KMeans.fit(
          points, options: KMeansOptions(clusters: 2), on: [device], rowsPerDevice: rows)
        Issue.record("\(rows) accepted")
      } catch let error as WorkloadError {
        #expect(error.category == .usage)
        #expect(error.description.contains("rows per device"), "\(error)")
      } catch {
        Issue.record("unexpected \(error)")
      }
    }
  }
}

@Suite struct OpenCLSharingTests {
  @Test(.enabled(if: OpenCLDevice.deviceCount() > 0, "no OpenCL device"))
  func aCPUDriverAndTheCPUPathAreNeverSplitAcross() throws {
    let pocl = try OpenCLDevice(index: 0)
    guard !pocl.limits.isGPU else { return }
    let points = Matrix<Double>(rows: 4, columns: 1, elements: [0, 1, 10, 11])
    do {
      _ = try KMeans.fit(
        points, options: KMeansOptions(clusters: 2), on: [CPUDevice(), pocl], rowsPerDevice: [2, 2])
      Issue.record("the CPU path and \(pocl.name) were used together")
    } catch let error as WorkloadError {
      guard case .sharedCores(let first, let second, _) = error else {
        Issue.record("unexpected \(error)")
        return
      }
      #expect(first == "cpu" && second == "opencl:0")
    }
  }
}
