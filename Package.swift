// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "Allot",
  products: [
    .library(name: "Allot", targets: ["Allot"]),
    .executable(name: "allot", targets: ["allot"]),
  ],
  targets: [
    // System libraries, found through pkg-config.
    .systemLibrary(
      name: "CHwloc",
      path: "Sources/CHwloc",
      pkgConfig: "hwloc",
      providers: [.apt(["libhwloc-dev"])]
    ),
    .systemLibrary(
      name: "COpenCL",
      path: "Sources/COpenCL",
      pkgConfig: "OpenCL",
      providers: [.apt(["ocl-icd-opencl-dev", "opencl-headers"])]
    ),
    // SIMD micro-kernels in C, one variant per instruction set, chosen at run time.
    .target(name: "CAllotKernels", path: "Sources/CAllotKernels"),
    // OpenCL C sources, embedded in the binary.
    .target(
      name: "AllotKernelSources",
      path: "Kernels",
      exclude: ["README.md"],
      resources: [
        .embedInCode("layout.cl"),
        .embedInCode("kmeans.cl"),
        .embedInCode("linreg.cl"),
      ]
    ),
    .target(
      name: "Allot",
      dependencies: ["CHwloc", "COpenCL", "CAllotKernels", "AllotKernelSources"]
    ),
    // The `allot bench` harness; the peer comparison scripts live beside it.
    .target(
      name: "AllotBenchmarks",
      dependencies: ["Allot"],
      path: "Benchmarks",
      exclude: [
        "README.md", "peers.py", "requirements-peers.txt", "bench-peers.sh", "gpu-check.sh",
        "GPUCheck",
      ]
    ),
    .executableTarget(name: "allot", dependencies: ["Allot", "AllotBenchmarks"]),
    // OpenCL agreement and speed check on GPUs, run by Benchmarks/gpu-check.sh.
    .executableTarget(
      name: "allot-gpu-check", dependencies: ["Allot"], path: "Benchmarks/GPUCheck"),
    .testTarget(
      name: "AllotTests", dependencies: ["Allot", "AllotBenchmarks"],
      resources: [.copy("Fixtures")]),
  ],
  swiftLanguageModes: [.v6]
)
