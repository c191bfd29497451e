import Allot
import Testing

@Suite struct CPUDeviceTests {
  func randomMatrix(rows: Int, columns: Int, seed: UInt64) -> [Double] {
    var state = seed
    return (0..<(rows * columns)).map { _ in
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) * 0x1.0p-53 * 4 - 2
    }
  }

  @Test func startsOneWorkerPerAllowedUnit() {
    let units = CPUDevice.allowedProcessingUnits()
    #expect(!units.isEmpty)
    let device = CPUDevice()
    #expect(device.threadCount == units.count)
    #expect(device.id == .cpu)
    #expect(device.instructionSet == InstructionSet.detected)
  }

  /// Widths that reach every path of the gradient kernel: the small-d shuffles (7), a
  /// scalar tail only (9), rows of one to four whole vectors for every vector width (13, 16,
  /// 32, 48), partial panels, panels plus a tail, and blocks of fewer rows than the default
  /// for wide rows (256, 300).
  @Test(arguments: [7, 9, 13, 16, 32, 37, 48, 70, 256, 300])
  func gradientMatchesAPlainFloat64Sum(d: Int) throws {
    let n = 20_011
    let x = randomMatrix(rows: n, columns: d, seed: 1)
    let y = randomMatrix(rows: n, columns: 1, seed: 2)
    let w = randomMatrix(rows: d, columns: 1, seed: 9).map { $0 / Double(d).squareRoot() }
    let b = 0.3
    var expected = [Double](repeating: 0, count: d)
    var magnitude = [Double](repeating: 0, count: d)
    var rs = 0.0
    var r2 = 0.0
    for i in 0..<n {
      var r = b - y[i]
      for j in 0..<d { r += x[i * d + j] * w[j] }
      rs += r
      r2 += r * r
      for j in 0..<d {
        expected[j] += r * x[i * d + j]
        magnitude[j] += abs(r * x[i * d + j])
      }
    }
    for isa in InstructionSet.allCases {
      let device = CPUDevice(instructionSet: isa)
      let f64 = try device.makeGradientSession(
        features: Matrix(rows: n, columns: d, elements: x), targets: y
      ).gradient(weights: w, bias: b, range: nil)
      let f32 = try device.makeGradientSession(
        features: Matrix(rows: n, columns: d, elements: x.map(Float.init)),
        targets: y.map(Float.init)
      ).gradient(weights: w.map(Float.init), bias: Float(b), range: nil)
      #expect(f64.rows == n && f32.rows == n)
      for j in 0..<d {
        #expect(abs(f64.weightSums[j] - expected[j]) <= 1e-12 * magnitude[j], "f64 column \(j)")
        #expect(abs(f32.weightSums[j] - expected[j]) <= 1e-5 * magnitude[j], "f32 column \(j)")
      }
      #expect(abs(f64.squaredResidualSum - r2) <= 1e-12 * r2)
      #expect(abs(f32.squaredResidualSum - r2) <= 1e-5 * r2)
      #expect(abs(f64.residualSum - rs) <= 1e-9 * Double(n))
      #expect(abs(f32.residualSum - rs) <= 1e-5 * r2.squareRoot() * Double(n).squareRoot())
    }
  }

  /// Shapes that reach the small-d step, one and several lane blocks of centers, rows with
  /// a scalar tail, and a last batch and tile of fewer rows than usual (n = 5000).
  @Test(arguments: [(13, 17), (4, 8), (32, 64), (37, 70), (130, 9)])
  func kMeansStepMatchesAPlainFloat64Assignment(d: Int, k: Int) throws {
    let n = 5000
    let x = randomMatrix(rows: n, columns: d, seed: 3)
    let centers = Array(x[0..<(k * d)])
    var labels = [Int32](repeating: 0, count: n)
    var inertia = 0.0
    var counts = [Int](repeating: 0, count: k)
    for i in 0..<n {
      var best = Double.infinity
      for c in 0..<k {
        var s = 0.0
        for j in 0..<d {
          s += (x[i * d + j] - centers[c * d + j]) * (x[i * d + j] - centers[c * d + j])
        }
        if s < best {
          best = s
          labels[i] = Int32(c)
        }
      }
      inertia += best
      counts[Int(labels[i])] += 1
    }
    for isa in InstructionSet.allCases {
      let device = CPUDevice(instructionSet: isa)
      let session = try device.makeKMeansSession(points: Matrix(rows: n, columns: d, elements: x))
      let partial = try session.step(centers: Matrix(rows: k, columns: d, elements: centers))
      #expect(try session.labels() == labels)
      #expect(partial.counts == counts)
      #expect(partial.changed == n)
      #expect(abs(partial.inertia - inertia) <= 1e-10 * inertia)
      let again = try session.step(centers: Matrix(rows: k, columns: d, elements: centers))
      #expect(again.changed == 0)
      // Float32: the same labels but for near ties, the inertia to Float32 accuracy.
      let single = try device.makeKMeansSession(
        points: Matrix(rows: n, columns: d, elements: x.map(Float.init)))
      let step32 = try single.step(
        centers: Matrix(rows: k, columns: d, elements: centers.map(Float.init)))
      let labels32 = try single.labels()
      #expect(zip(labels32, labels).filter { $0 != $1 }.count <= n / 1000)
      #expect(abs(step32.inertia - inertia) <= 1e-5 * inertia)
    }
  }

  @Test func partialSumsAreBitIdenticalForOneAndTwoThreads() throws {
    let n = 300_000
    let d = 5
    let x = Matrix(
      rows: n, columns: d, elements: randomMatrix(rows: n, columns: d, seed: 5).map(Float.init))
    let y = randomMatrix(rows: n, columns: 1, seed: 6).map(Float.init)
    let centers = x.rows(0..<9)
    let units = CPUDevice.allowedProcessingUnits()
    let one = CPUDevice(processingUnits: [units[0]])
    let all = CPUDevice(processingUnits: units + units)
    let w: [Float] = [1, -2, 0.5, 0.25, 3]
    let g1 = try one.makeGradientSession(features: x, targets: y).gradient(
      weights: w, bias: 1, range: nil)
    let g2 = try all.makeGradientSession(features: x, targets: y).gradient(
      weights: w, bias: 1, range: nil)
    #expect(g1 == g2)
    let k1 = try one.makeKMeansSession(points: x).step(centers: centers)
    let k2 = try all.makeKMeansSession(points: x).step(centers: centers)
    #expect(k1 == k2)
  }
}
