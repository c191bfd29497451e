// allot-gpu-check: runs Allot's OpenCL kernels on an OpenCL device, checks them against a
// Float64 reference computed here, and prints the time per k-means step and per gradient step
// with the memory bandwidth they reach. Used by Benchmarks/gpu-check.sh.
//
//   allot-gpu-check [--device opencl:N] [--all-types] [--steps S] [--peak-gbps G] [--small]
//                   [--only kmeans|gradient] [--style automatic|row|vector]
//
// Without --device it runs on every GPU OpenCL device (every device with --all-types) and
// exits 0 with a message when there is none. Exit 1 when a check disagrees, 70 on a device error.

import Allot

#if canImport(Glibc)
  import Glibc
#endif

/// Seconds on the monotonic clock.
func now() -> Double {
  var spec = timespec()
  clock_gettime(CLOCK_MONOTONIC, &spec)
  return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
}

/// SplitMix64 with a Box-Muller normal, for seeded synthetic data.
struct Generator {
  var state: UInt64
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) }
  mutating func normal() -> Double {
    (-2 * log(max(uniform(), 1e-300))).squareRoot() * cos(2 * Double.pi * uniform())
  }
}

/// Peak memory bandwidth (GB/s) of a few GPUs by OpenCL device name; nil when unknown.
func knownPeakGBPerSecond(_ name: String) -> Double? {
  let table: [(String, Double)] = [
    ("H200", 4800), ("H100 NVL", 3900), ("H100 PCIe", 2000), ("H100", 3350),
    ("A100-SXM4-80GB", 2039), ("A100 80GB", 1935), ("A100", 1555), ("L40S", 864), ("L40", 864),
    ("L4", 300), ("A10", 600), ("T4", 320), ("V100", 900), ("RTX 4090", 1008),
    ("RTX 3090", 936), ("MI300X", 5300), ("MI250X", 3277),
  ]
  return table.first { name.contains($0.0) }?.1
}

struct Options {
  var device: Int?
  var allTypes = false
  var steps = 10
  var peak: Double?
  var small = false
  var only: String?
  var style = OpenCLKernelStyle.automatic
}

func parse() -> Options {
  var options = Options()
  var arguments = CommandLine.arguments.dropFirst().makeIterator()
  while let argument = arguments.next() {
    switch argument {
    case "--device":
      guard let text = arguments.next(), case .opencl(let index)? = DeviceID(text) else {
        print("allot-gpu-check: --device needs opencl:N")
        exit(64)
      }
      options.device = index
    case "--all-types": options.allTypes = true
    case "--steps": options.steps = Int(arguments.next() ?? "") ?? options.steps
    case "--peak-gbps": options.peak = Double(arguments.next() ?? "")
    case "--small": options.small = true
    case "--only": options.only = arguments.next()
    case "--style":
      guard let style = OpenCLKernelStyle(rawValue: arguments.next() ?? "") else {
        print("allot-gpu-check: --style needs automatic, row or vector")
        exit(64)
      }
      options.style = style
    default:
      print("allot-gpu-check: unknown argument \(argument)")
      exit(64)
    }
  }
  return options
}

/// Formats `value` with `digits` decimals.
func fixed(_ value: Double, _ digits: Int = 3) -> String {
  var scale = 1.0
  for _ in 0..<digits { scale *= 10 }
  let rounded = (value * scale).rounded() / scale
  return "\(rounded)"
}

nonisolated(unsafe) var failures = 0
func check(_ condition: Bool, _ what: String) {
  print("  check \(condition ? "ok  " : "FAIL") \(what)")
  if !condition { failures += 1 }
}

/// k-means: one step checked against Float64, then `steps` timed steps.
func kmeans(_ device: OpenCLDevice, n: Int, d: Int, k: Int, steps: Int, peak: Double?) throws {
  print("k-means n=\(n) d=\(d) k=\(k) Float32 on \(device.id) (\(device.name))")
  var generator = Generator(state: 42)
  let truth = (0..<(k * d)).map { _ in generator.uniform() * 20 - 10 }
  var values = [Float](repeating: 0, count: n * d)
  for i in 0..<n {
    for j in 0..<d { values[i * d + j] = Float(truth[(i % k) * d + j] + generator.normal()) }
  }
  let points = Matrix<Float>(rows: n, columns: d, elements: values)
  let initial = Matrix<Float>(rows: k, columns: d, elements: Array(values[0..<(k * d)]))
  let uploadStart = now()
  let session = try device.openKMeansSession(points: points)
  print("  upload and session: \(fixed(now() - uploadStart)) s, \(session.chunkCount) buffer(s)")
  let partial = try session.step(centers: initial)
  let labels = try session.labels()

  // Labels of a sample of points against a Float64 nearest-center search.
  let c64 = initial.elements.map { Double($0) }
  var mismatches = 0
  let sample = Array(stride(from: 0, to: n, by: max(1, n / 20_000)))
  for i in sample {
    var best = Double.infinity
    var label = 0
    for c in 0..<k {
      var distance = 0.0
      for j in 0..<d {
        let diff = Double(values[i * d + j]) - c64[c * d + j]
        distance += diff * diff
      }
      if distance < best { (best, label) = (distance, c) }
    }
    if Int32(label) != labels[i] { mismatches += 1 }
  }
  check(mismatches == 0, "labels of \(sample.count) sampled points equal Float64 nearest centers")
  // Sums, counts and inertia from the device's labels, in Float64.
  var sums = [Double](repeating: 0, count: k * d)
  var counts = [Int](repeating: 0, count: k)
  var inertia = 0.0
  for i in 0..<n {
    let c = Int(labels[i])
    counts[c] += 1
    for j in 0..<d {
      let x = Double(values[i * d + j])
      sums[c * d + j] += x
      inertia += (x - c64[c * d + j]) * (x - c64[c * d + j])
    }
  }
  let sumError = zip(partial.sums, sums).map { abs($0 - $1) / max(abs($1), 1) }.max() ?? 0
  check(counts == partial.counts, "cluster counts equal")
  check(sumError <= 1e-4, "cluster sums within 1e-4 relative (max \(sumError))")
  let inertiaError = abs(partial.inertia - inertia) / inertia
  check(inertiaError <= 1e-4, "inertia within 1e-4 relative (\(inertiaError))")
  let again = try device.openKMeansSession(points: points).step(centers: initial)
  check(again == partial, "a second run is bit-identical")

  var wall = 0.0
  var kernel = 0.0
  var perKernel: [String: Double] = [:]
  for _ in 0..<steps {
    let start = now()
    _ = try session.step(centers: initial)
    wall += now() - start
    kernel += session.lastKernelSeconds
    for (name, seconds) in session.lastKernelProfile { perKernel[name, default: 0] += seconds }
  }
  print(
    "  per kernel: "
      + perKernel.sorted { $0.value > $1.value }.map {
        "\($0.key) \(fixed($0.value / Double(steps) * 1e3)) ms"
      }.joined(separator: ", "))
  wall /= Double(steps)
  kernel /= Double(steps)
  let flops = 2.0 * Double(n) * Double(d) * Double(k)
  // Bytes the step must move at least: the points twice (assignment, sums), labels and
  // distances written and read back.
  let bytes = Double(n) * (2 * Double(d) * 4 + 16)
  report(wall: wall, kernel: kernel, bytes: bytes, flops: flops, peak: peak, device: device)
}

/// Gradient: one call checked against Float64, then `steps` timed calls.
func gradient(_ device: OpenCLDevice, n: Int, d: Int, steps: Int, peak: Double?) throws {
  print("gradient n=\(n) d=\(d) Float32 on \(device.id) (\(device.name))")
  var generator = Generator(state: 7)
  let weights = (0..<d).map { _ in Float(generator.normal()) }
  var values = [Float](repeating: 0, count: n * d)
  var targets = [Float](repeating: 0, count: n)
  for i in 0..<n {
    var y = 0.5
    for j in 0..<d {
      let x = Float(generator.normal())
      values[i * d + j] = x
      y += Double(x) * Double(weights[j]) * 1.1
    }
    targets[i] = Float(y + 0.1 * generator.normal())
  }
  let features = Matrix<Float>(rows: n, columns: d, elements: values)
  let session = try device.openGradientSession(features: features, targets: targets)
  let partial = try session.gradient(weights: weights, bias: 0.25, range: nil)
  var sums = [Double](repeating: 0, count: d)
  var residuals = 0.0
  var squares = 0.0
  for i in 0..<n {
    var r = 0.25 - Double(targets[i])
    for j in 0..<d { r += Double(values[i * d + j]) * Double(weights[j]) }
    for j in 0..<d { sums[j] += r * Double(values[i * d + j]) }
    residuals += r
    squares += r * r
  }
  let scale = (squares * Double(n)).squareRoot()
  let error = zip(partial.weightSums, sums).map { abs($0 - $1) / max(abs($1), scale) }.max() ?? 0
  check(error <= 1e-4, "sum r x within 1e-4 relative (max \(error))")
  check(abs(partial.squaredResidualSum - squares) / squares <= 1e-4, "sum r^2 within 1e-4 relative")
  let again = try session.gradient(weights: weights, bias: 0.25, range: nil)
  check(again == partial, "a second run is bit-identical")
  var wall = 0.0
  var kernel = 0.0
  for _ in 0..<steps {
    let start = now()
    _ = try session.gradient(weights: weights, bias: 0.25, range: nil)
    wall += now() - start
    kernel += session.lastKernelSeconds
  }
  wall /= Double(steps)
  kernel /= Double(steps)
  let bytes = Double(n) * (Double(d) + 1) * 4
  report(
    wall: wall, kernel: kernel, bytes: bytes, flops: 4 * Double(n) * Double(d), peak: peak,
    device: device)
}

func report(
  wall: Double, kernel: Double, bytes: Double, flops: Double, peak: Double?, device: OpenCLDevice
) {
  let bandwidth = bytes / kernel / 1e9
  var line =
    "  time per step: \(fixed(wall * 1e3)) ms wall, \(fixed(kernel * 1e3)) ms in kernels; "
    + "\(fixed(flops / kernel / 1e9, 1)) GFLOP/s; \(fixed(bandwidth, 1)) GB/s"
  if let peak = peak ?? knownPeakGBPerSecond(device.name) {
    line += " = \(fixed(100 * bandwidth / peak, 1))% of \(fixed(peak, 0)) GB/s peak"
  } else {
    line += " (peak bandwidth unknown for this device: pass --peak-gbps)"
  }
  print(line)
}

let options = parse()
var indices: [Int] = []
if let index = options.device {
  indices = [index]
} else {
  for index in 0..<OpenCLDevice.deviceCount() {
    if let device = try? OpenCLDevice(index: index), options.allTypes || device.limits.isGPU {
      indices.append(index)
    }
  }
}
if indices.isEmpty {
  print(
    "allot-gpu-check: no GPU OpenCL device here (\(OpenCLDevice.deviceCount()) OpenCL device(s) in all); skipped"
  )
  exit(0)
}
do {
  for index in indices {
    let device = try OpenCLDevice(index: index, kernelStyle: options.style)
    print(
      "== \(device.id): \(device.name) [\(device.platformName)], \(device.kernelStyle) kernels, \(device.limits.computeUnits) compute units, \(device.limits.globalMemoryBytes >> 20) MiB"
    )
    let scale = options.small ? 10 : 1
    if options.only != "gradient" {
      try kmeans(
        device, n: 1_000_000 / scale, d: 32, k: 64, steps: options.steps, peak: options.peak)
      try kmeans(
        device, n: 1_000_000 / scale, d: 4, k: 8, steps: options.steps, peak: options.peak)
      try kmeans(
        device, n: 200_000 / scale, d: 128, k: 256, steps: options.steps, peak: options.peak)
    }
    if options.only != "kmeans" {
      try gradient(device, n: 4_000_000 / scale, d: 32, steps: options.steps, peak: options.peak)
    }
  }
} catch let error as DeviceError {
  print("allot-gpu-check: \(error)")
  exit(error.category.exitCode)
}
if failures > 0 {
  print("allot-gpu-check: \(failures) check(s) failed")
  exit(1)
}
print("allot-gpu-check: all checks passed")
