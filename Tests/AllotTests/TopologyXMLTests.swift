import Allot
import Testing

/// Topologies read from the hand-written hwloc XML files in Fixtures/ (see make_fixtures.py
/// there for what each one describes); the expected values are written down from that
/// description and from `lstopo-no-graphics --input FILE --disallowed`.
@Suite struct TopologyXMLTests {
  static let gibibyte = 1 << 30

  /// Facts for a machine at 2000 MHz with AVX2 and FMA.
  static func avx2Facts(quota: CPUQuota? = nil) -> HostFacts {
    HostFacts(
      clockMHz: 2000,
      simd: .from(cpuFlags: ["sse2", "avx", "avx2", "fma"], kernelInstructionSet: "avx2_fma"),
      cpuQuota: quota)
  }

  @Test func twoPackagesWithSMT() throws {
    let topology = try Topology.load(xmlFile: TopologyTestSupport.fixture("two-packages-smt.xml"))
    #expect(topology.packages.count == 2)
    #expect(topology.numaNodes.map(\.osIndex) == [0, 1])
    #expect(topology.numaNodes.map(\.localMemoryBytes) == [8 * Self.gibibyte, 8 * Self.gibibyte])
    #expect(topology.cores.map(\.processingUnits) == [[0, 4], [1, 5], [2, 6], [3, 7]])
    #expect(topology.processingUnits.map(\.osIndex) == [0, 4, 1, 5, 2, 6, 3, 7])
    #expect(topology.completeProcessingUnits == Array(0...7))
    #expect(topology.allowedProcessingUnits == [0, 1, 2, 4, 5, 6])
    #expect(topology.allowedCores.map(\.logicalIndex) == [0, 1, 2])
    #expect(topology.cpuModel == "Test CPU 8C")
    let l3 = topology.caches.filter { $0.cache?.level == 3 }
    #expect(l3.map { $0.cache!.sharedByCores } == [[0, 1], [2, 3]])
    #expect(l3.map { $0.cache!.sizeBytes } == [16 << 20, 16 << 20])
    let l1 = topology.caches.filter { $0.cache?.level == 1 }
    #expect(l1.map { $0.cache!.type } == Array(repeating: .data, count: 4))
    #expect(l1.map { $0.cache!.lineSizeBytes } == [64, 64, 64, 64])
    #expect(topology.memory.numaTotalBytes == 16 * Self.gibibyte)
    #expect(topology.usableMemoryBytes == 16 * Self.gibibyte)
    #expect(topology.pciDevices.count == 1)
    #expect(topology.pciDevices.first?.busID == "0000:65:00.0")
    #expect(topology.pciDevices.first?.numaNodes == [1])
    #expect(topology.openCL.queried == false)
    #expect(topology.runtimeDevices.map(\.id) == [.cpu])
  }

  @Test func fourNUMANodesWithoutSMT() throws {
    let topology = try Topology.load(xmlFile: TopologyTestSupport.fixture("four-numa-no-smt.xml"))
    #expect(topology.packages.count == 2)
    #expect(topology.numaNodes.map(\.osIndex) == [0, 1, 2, 3])
    #expect(topology.numaNodes.map(\.processingUnits) == [[0, 1], [2, 3], [4, 5], [6, 7]])
    #expect(topology.cores.count == 8)
    #expect(topology.processingUnits.count == 8)
    #expect(topology.cores.map(\.processingUnits) == (0..<8).map { [$0] })
    #expect(topology.allowedCores.count == 8)
    #expect(topology.memory.numaTotalBytes == 16 * Self.gibibyte)
    let l3 = topology.caches.filter { $0.cache?.level == 3 }
    #expect(l3.map { $0.cache!.sharedByCores } == [[0, 1], [2, 3], [4, 5], [6, 7]])
    #expect(topology.caches.filter { $0.cache?.level == 2 }.count == 8)
  }

  /// The tree as `lstopo-no-graphics --input four-numa-no-smt.xml` prints it.
  @Test func fourNUMATreeMatchesLstopo() throws {
    let topology = try Topology.load(xmlFile: TopologyTestSupport.fixture("four-numa-no-smt.xml"))
    let expected = """
      Machine (16GB total)
        Package L#0
          L3 L#0 (8192KB)
            NUMANode L#0 (P#0 4096MB)
            L2 L#0 (512KB) + L1d L#0 (48KB) + Core L#0 + PU L#0 (P#0)
            L2 L#1 (512KB) + L1d L#1 (48KB) + Core L#1 + PU L#1 (P#1)
          L3 L#1 (8192KB)
            NUMANode L#1 (P#1 4096MB)
            L2 L#2 (512KB) + L1d L#2 (48KB) + Core L#2 + PU L#2 (P#2)
            L2 L#3 (512KB) + L1d L#3 (48KB) + Core L#3 + PU L#3 (P#3)
        Package L#1
          L3 L#2 (8192KB)
            NUMANode L#2 (P#2 4096MB)
            L2 L#4 (512KB) + L1d L#4 (48KB) + Core L#4 + PU L#4 (P#4)
            L2 L#5 (512KB) + L1d L#5 (48KB) + Core L#5 + PU L#5 (P#5)
          L3 L#3 (8192KB)
            NUMANode L#3 (P#3 4096MB)
            L2 L#6 (512KB) + L1d L#6 (48KB) + Core L#6 + PU L#6 (P#6)
            L2 L#7 (512KB) + L1d L#7 (48KB) + Core L#7 + PU L#7 (P#7)

      """
    #expect(topology.textReport().hasPrefix(expected))
  }

  /// SMT cores list their PUs on separate lines, as `lstopo --disallowed` does.
  @Test func smtTreeMatchesLstopo() throws {
    let topology = try Topology.load(xmlFile: TopologyTestSupport.fixture("two-packages-smt.xml"))
    let expected = """
      Machine (16GB total)
        Package L#0
          NUMANode L#0 (P#0 8192MB)
          L3 L#0 (16MB)
            L2 L#0 (1024KB) + L1d L#0 (32KB) + Core L#0
              PU L#0 (P#0)
              PU L#1 (P#4)
            L2 L#1 (1024KB) + L1d L#1 (32KB) + Core L#1
              PU L#2 (P#1)
              PU L#3 (P#5)
        Package L#1
          NUMANode L#1 (P#1 8192MB)
          L3 L#1 (16MB)
            L2 L#2 (1024KB) + L1d L#2 (32KB) + Core L#2
              PU L#4 (P#2)
              PU L#5 (P#6)
            L2 L#3 (1024KB) + L1d L#3 (32KB) + Core L#3
              PU L#6 (P#3)
              PU L#7 (P#7)

      """
    #expect(topology.textReport().hasPrefix(expected))
  }

  /// cpu peak = allowed cores x clock x float lanes x 2 (FMA) x FMA units:
  /// 3 x 2.0 GHz x 8 x 2 x 2 = 192 GFLOP/s; a quota of 1.5 CPUs gives 1.5 x 64 = 96.
  @Test func cpuPeakFromCoresClockLanesAndQuota() throws {
    let path = TopologyTestSupport.fixture("two-packages-smt.xml")
    let free = try Topology.load(xmlFile: path, hostFacts: Self.avx2Facts())
    let cpu = try #require(free.runtimeDevice(.cpu))
    #expect(abs(cpu.peakGFLOPS - 192) < 1e-9)
    #expect(cpu.processingUnits == [0, 1, 2, 4, 5, 6])
    #expect(cpu.capacityIsEstimate)
    let quota = CPUQuota(quotaMicroseconds: 150_000, periodMicroseconds: 100_000, source: "test")
    let limited = try Topology.load(xmlFile: path, hostFacts: Self.avx2Facts(quota: quota))
    #expect(abs(try #require(limited.runtimeDevice(.cpu)).peakGFLOPS - 96) < 1e-9)
  }

  /// Usable memory = min(MemAvailable, cgroup limit - usage) = min(10, 6 - 1) GiB = 5 GiB.
  @Test func usableMemoryIsTheTightestLimit() throws {
    var facts = Self.avx2Facts()
    facts.memTotalBytes = 24 * Self.gibibyte
    facts.memAvailableBytes = 10 * Self.gibibyte
    facts.cgroupMemoryLimitBytes = 6 * Self.gibibyte
    facts.cgroupMemoryUsageBytes = 1 * Self.gibibyte
    let topology = try Topology.load(
      xmlFile: TopologyTestSupport.fixture("two-packages-smt.xml"), hostFacts: facts)
    #expect(topology.memory.numaTotalBytes == 16 * Self.gibibyte)
    #expect(topology.usableMemoryBytes == 5 * Self.gibibyte)
    #expect(topology.runtimeDevice(.cpu)?.memoryBytes == 5 * Self.gibibyte)
  }

  static func device(
    _ index: Int, type: OpenCLDeviceInfo.DeviceType, units: Int, clock: Int, lanes: Int,
    memory: Int, bus: String?
  ) -> OpenCLDeviceInfo {
    OpenCLDeviceInfo(
      globalIndex: index, platformIndex: index, indexInPlatform: 0, type: type,
      name: "device \(index)", vendor: "vendor", vendorID: 0, driverVersion: "1",
      deviceVersion: "OpenCL 3.0", openCLCVersion: "OpenCL C 1.2", computeUnits: units,
      maxClockMHz: clock, globalMemoryBytes: memory, localMemoryBytes: 49152,
      maxAllocationBytes: memory / 4, maxWorkGroupSize: 1024, preferredFloatVectorWidth: 1,
      nativeFloatVectorWidth: 1, supportsFP64: true, unifiedMemory: false, extensions: [],
      pciBusID: bus, lanesPerComputeUnit: lanes, numaNode: nil, sharesHostCores: false)
  }

  /// A GPU on bus 0000:65:00.0 hangs off package 1, whose NUMA node is P#1; a CPU OpenCL
  /// device shares the cores of `cpu`. GPU peak = 132 x 1980 MHz x 128 x 2 = 66908.16
  /// GFLOP/s; its bandwidth estimate is 132 x 1.98 GHz x 16 B = 4181.76 GB/s.
  @Test func openCLDevicesAreLinkedToTheTree() throws {
    let gpu = Self.device(
      0, type: .gpu, units: 132, clock: 1980, lanes: 128, memory: 141 * Self.gibibyte,
      bus: "0000:65:00.0")
    let pocl = Self.device(
      1, type: .cpu, units: 6, clock: 2000, lanes: 8, memory: 4 * Self.gibibyte, bus: nil)
    let inventory = OpenCLInventory(
      platforms: [
        OpenCLPlatformInfo(
          index: 0, name: "GPU platform", vendor: "v", version: "OpenCL 3.0", devices: [gpu],
          error: nil),
        OpenCLPlatformInfo(
          index: 1, name: "CPU platform", vendor: "v", version: "OpenCL 3.0", devices: [pocl],
          error: nil),
      ], diagnostic: nil, queried: true)
    let topology = try Topology.load(
      xmlFile: TopologyTestSupport.fixture("two-packages-smt.xml"), hostFacts: Self.avx2Facts(),
      openCL: inventory)
    #expect(topology.openCL.devices.map(\.numaNode) == [1, nil])
    #expect(topology.openCL.devices.map(\.sharesHostCores) == [false, true])
    #expect(topology.runtimeDevices.map(\.id) == [.cpu, .opencl(0), .opencl(1)])
    let gpuDevice = try #require(topology.runtimeDevice(.opencl(0)))
    #expect(gpuDevice.kind == .gpu)
    #expect(abs(gpuDevice.peakGFLOPS - 66908.16) < 1e-6)
    #expect(abs(gpuDevice.bandwidthGBPerSecond - 4181.76) < 1e-6)
    #expect(gpuDevice.sharesCoresWith.isEmpty)
    #expect(gpuDevice.memoryBytes == 141 * Self.gibibyte)
    let poclDevice = try #require(topology.runtimeDevice(.opencl(1)))
    #expect(poclDevice.kind == .openCLCPU)
    #expect(poclDevice.sharesCoresWith == [.cpu])
    #expect(topology.runtimeDevice(.cpu)?.sharesCoresWith == [.opencl(1)])
    // The shared cores are counted once: the host's capacity is the cpu device's only.
    let hostPeak = topology.runtimeDevices.filter {
      $0.id == .cpu || !$0.sharesCoresWith.contains(.cpu) && $0.kind != .gpu
    }
    #expect(hostPeak.map(\.id) == [.cpu])
  }

  @Test func missingFileIsAnInputError() {
    #expect(throws: TopologyError.unreadableFile(path: "/nonexistent/topology.xml")) {
      try Topology.load(xmlFile: "/nonexistent/topology.xml")
    }
  }

  @Test func malformedFileIsADataError() {
    let path = TopologyTestSupport.fixture("truncated.xml")
    do {
      _ = try Topology.load(xmlFile: path)
      Issue.record("a truncated file loaded")
    } catch let error as TopologyError {
      #expect(error.category == .data)
      #expect(error.description.contains(path))
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }
}
