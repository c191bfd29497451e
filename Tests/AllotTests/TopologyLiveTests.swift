import Allot
import Testing

/// Invariants every real machine satisfies, checked on the machine running the tests.
@Suite struct TopologyLiveTests {
  let topology: Topology

  init() throws {
    topology = try Topology.discover()
  }

  @Test func coresAndProcessingUnits() {
    #expect(topology.cores.count >= 1)
    #expect(topology.processingUnits.count >= topology.cores.count)
    let puIndices = topology.processingUnits.compactMap(\.osIndex)
    #expect(puIndices.sorted() == topology.completeProcessingUnits)
    #expect(Set(puIndices).count == puIndices.count)
    let allowed = Set(topology.allowedProcessingUnits)
    #expect(!allowed.isEmpty)
    #expect(allowed.isSubset(of: Set(topology.completeProcessingUnits)))
  }

  @Test func everyCoreInExactlyOnePackage() {
    let packages = topology.packages
    for core in topology.cores {
      let holders = packages.filter { Set(core.processingUnits).isSubset(of: $0.processingUnits) }
      #expect(holders.count == 1, "core L#\(core.logicalIndex) is in \(holders.count) packages")
    }
    // Packages do not overlap.
    let union = packages.flatMap(\.processingUnits)
    #expect(Set(union).count == union.count)
  }

  @Test func cachesNest() {
    let caches = topology.caches
    #expect(!caches.isEmpty)
    for a in caches {
      for b in caches where a.cache!.level < b.cache!.level {
        let small = Set(a.processingUnits)
        let large = Set(b.processingUnits)
        // A lower-level cache is inside a higher-level cache or disjoint from it.
        #expect(small.isSubset(of: large) || small.isDisjoint(with: large))
      }
      #expect(a.cache!.sizeBytes > 0)
      #expect(!a.cache!.sharedByCores.isEmpty)
    }
  }

  @Test func memoryFiguresAreReported() {
    #expect(topology.memory.numaTotalBytes > 0)
    #expect(topology.usableMemoryBytes > 0)
    if let total = topology.memory.memTotalBytes {
      #expect(topology.usableMemoryBytes <= total)
    }
  }

  @Test func cpuDeviceIsFirstAndNeverCountedTwice() throws {
    let devices = topology.runtimeDevices
    #expect(devices.first?.id == .cpu)
    #expect(Set(devices.map(\.id)).count == devices.count)
    let cpu = try #require(topology.runtimeDevice(.cpu))
    #expect(cpu.processingUnits == topology.allowedProcessingUnits)
    #expect(cpu.capacityIsEstimate)
    for device in topology.openCL.devices where device.type == .cpu {
      let runtime = try #require(topology.runtimeDevice(device.deviceID))
      #expect(runtime.kind == .openCLCPU)
      #expect(runtime.sharesCoresWith.contains(.cpu))
      #expect(cpu.sharesCoresWith.contains(device.deviceID))
    }
    // Sharing is symmetric.
    for device in devices {
      for other in device.sharesCoresWith {
        #expect(topology.runtimeDevice(other)?.sharesCoresWith.contains(device.id) == true)
      }
    }
  }

  @Test func openCLNumberingFollowsThePlatformOrder() {
    var expected = 0
    for platform in topology.openCL.platforms {
      for (position, device) in platform.devices.enumerated() {
        #expect(device.globalIndex == expected)
        #expect(device.indexInPlatform == position)
        #expect(device.platformIndex == platform.index)
        expected += 1
      }
    }
    for device in topology.openCL.devices {
      #expect(OpenCLDeviceLocator.handles(globalIndex: device.globalIndex) != nil)
    }
    #expect(OpenCLDeviceLocator.handles(globalIndex: expected) == nil)
  }
}
