import COpenCL

#if canImport(Glibc)
  import Glibc
#endif

/// The OpenCL calls behind `OpenCLInventory`: platform and device enumeration and typed
/// property queries that tolerate unsupported parameters.
enum OpenCLQuery {
  // Vendor queries not in every header version.
  static let pciBusIDNV: cl_device_info = 0x4008
  static let pciSlotIDNV: cl_device_info = 0x4009
  static let pciDomainIDNV: cl_device_info = 0x400A

  static func environment(_ name: String) -> String? {
    guard let value = getenv(name) else { return nil }
    return String(cString: value)
  }

  /// Settings for CPU OpenCL drivers, made once before the first OpenCL call: PoCL's worker
  /// threads are pinned one per core (`POCL_AFFINITY=1`) unless the environment says
  /// otherwise. Unpinned, the kernel often finds both of its threads on one core of a
  /// 2-core machine and a k-means step takes twice as long.
  private static let cpuDriverSettings: Void = {
    setenv("POCL_AFFINITY", "1", 0)
  }()

  /// The platform handles in clGetPlatformIDs order, or the error code.
  static func platformIDs() -> Result<[cl_platform_id?], OpenCLStatusCode> {
    _ = cpuDriverSettings
    var count: cl_uint = 0
    let status = clGetPlatformIDs(0, nil, &count)
    if status != CL_SUCCESS { return .failure(OpenCLStatusCode(status)) }
    if count == 0 { return .success([]) }
    var ids = [cl_platform_id?](repeating: nil, count: Int(count))
    let second = clGetPlatformIDs(count, &ids, nil)
    if second != CL_SUCCESS { return .failure(OpenCLStatusCode(second)) }
    return .success(ids)
  }

  /// The device handles of a platform in clGetDeviceIDs(CL_DEVICE_TYPE_ALL) order.
  static func deviceIDs(_ platform: cl_platform_id?) -> Result<[cl_device_id?], OpenCLStatusCode> {
    var count: cl_uint = 0
    let all = cl_device_type(CL_DEVICE_TYPE_ALL)
    let status = clGetDeviceIDs(platform, all, 0, nil, &count)
    if status != CL_SUCCESS { return .failure(OpenCLStatusCode(status)) }
    if count == 0 { return .success([]) }
    var ids = [cl_device_id?](repeating: nil, count: Int(count))
    let second = clGetDeviceIDs(platform, all, count, &ids, nil)
    if second != CL_SUCCESS { return .failure(OpenCLStatusCode(second)) }
    return .success(ids)
  }

  static func platformString(_ platform: cl_platform_id?, _ parameter: Int32) -> String {
    var size = 0
    let name = cl_platform_info(parameter)
    guard clGetPlatformInfo(platform, name, 0, nil, &size) == CL_SUCCESS, size > 0 else {
      return ""
    }
    var buffer = [CChar](repeating: 0, count: size + 1)
    guard clGetPlatformInfo(platform, name, size, &buffer, nil) == CL_SUCCESS else { return "" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      .topologyTrimmed()
  }

  static func deviceString(_ device: cl_device_id?, _ parameter: cl_device_info) -> String {
    var size = 0
    guard clGetDeviceInfo(device, parameter, 0, nil, &size) == CL_SUCCESS, size > 0 else {
      return ""
    }
    var buffer = [CChar](repeating: 0, count: size + 1)
    guard clGetDeviceInfo(device, parameter, size, &buffer, nil) == CL_SUCCESS else { return "" }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      .topologyTrimmed()
  }

  /// A fixed-size property, nil when the driver does not support the parameter.
  static func deviceValue<T>(_ device: cl_device_id?, _ parameter: cl_device_info, as: T.Type)
    -> T?
  {
    let pointer = UnsafeMutableRawPointer.allocate(
      byteCount: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment)
    defer { pointer.deallocate() }
    guard clGetDeviceInfo(device, parameter, MemoryLayout<T>.size, pointer, nil) == CL_SUCCESS
    else { return nil }
    return pointer.load(as: T.self)
  }

  static func uint(_ device: cl_device_id?, _ parameter: Int32) -> Int {
    Int(deviceValue(device, cl_device_info(parameter), as: cl_uint.self) ?? 0)
  }

  static func ulong(_ device: cl_device_id?, _ parameter: Int32) -> Int {
    Int(clamping: deviceValue(device, cl_device_info(parameter), as: cl_ulong.self) ?? 0)
  }

  /// Queries every platform and device; see `OpenCLInventory.discover()`.
  static func inventory() -> OpenCLInventory {
    let platformHandles: [cl_platform_id?]
    switch platformIDs() {
    case .failure(let status):
      return OpenCLInventory(
        platforms: [], diagnostic: noPlatformDiagnostic(status: status), queried: true)
    case .success(let handles):
      platformHandles = handles
    }
    if platformHandles.isEmpty {
      return OpenCLInventory(
        platforms: [], diagnostic: noPlatformDiagnostic(status: nil), queried: true)
    }
    var platforms: [OpenCLPlatformInfo] = []
    var failures: [String] = []
    var globalIndex = 0
    for (platformIndex, platform) in platformHandles.enumerated() {
      var info = OpenCLPlatformInfo(
        index: platformIndex, name: platformString(platform, CL_PLATFORM_NAME),
        vendor: platformString(platform, CL_PLATFORM_VENDOR),
        version: platformString(platform, CL_PLATFORM_VERSION), devices: [], error: nil)
      switch deviceIDs(platform) {
      case .failure(let status):
        info.error = status.description
        failures.append("platform \(platformIndex) (\(info.name)): \(status)")
      case .success(let devices):
        for (indexInPlatform, device) in devices.enumerated() {
          info.devices.append(
            describe(
              device, globalIndex: globalIndex, platformIndex: platformIndex,
              indexInPlatform: indexInPlatform))
          globalIndex += 1
        }
      }
      platforms.append(info)
    }
    var diagnostic: String?
    if !failures.isEmpty {
      diagnostic =
        "some OpenCL platforms could not list their devices and were skipped: "
        + failures.joined(separator: "; ")
      if globalIndex == 0 { diagnostic! += ". " + installAdvice }
    }
    return OpenCLInventory(platforms: platforms, diagnostic: diagnostic, queried: true)
  }

  static let installAdvice =
    "Install an OpenCL driver (ICD), for example the Debian package pocl-opencl-icd for the "
    + "CPU, nvidia-opencl-icd for NVIDIA GPUs, mesa-opencl-icd for AMD GPUs through Mesa or "
    + "intel-opencl-icd for Intel GPUs; the CPU path works without OpenCL"

  /// Why there is no platform, naming the folder searched and what it holds.
  static func noPlatformDiagnostic(status: OpenCLStatusCode?) -> String {
    let path = OpenCLInventory.vendorsPath
    let fromEnvironment = environment("OCL_ICD_VENDORS").map { !$0.isEmpty } ?? false
    let origin = fromEnvironment ? " (set by OCL_ICD_VENDORS)" : ""
    var found = ""
    if SystemFile.isDirectory(path) {
      let icdFiles = icdFileNames(in: path)
      found =
        icdFiles.isEmpty
        ? "it holds no .icd file"
        : "it lists \(icdFiles.joined(separator: ", ")) but no driver loaded"
    } else if access(path, R_OK) == 0 {
      found = "the driver it names did not load"
    } else {
      found = "it does not exist"
    }
    let code = status.map { " (clGetPlatformIDs: \($0))" } ?? ""
    return
      "no OpenCL platform found\(code): the ICD loader searched \(path)\(origin) and \(found). "
      + installAdvice + "."
  }

  static func icdFileNames(in directory: String) -> [String] {
    guard let handle = opendir(directory) else { return [] }
    defer { closedir(handle) }
    var names: [String] = []
    while let entry = readdir(handle) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
      }
      if name.hasSuffix(".icd") { names.append(name) }
    }
    return names.sorted()
  }

  static func describe(
    _ device: cl_device_id?, globalIndex: Int, platformIndex: Int, indexInPlatform: Int
  ) -> OpenCLDeviceInfo {
    let rawType = deviceValue(device, cl_device_info(CL_DEVICE_TYPE), as: cl_device_type.self) ?? 0
    let type: OpenCLDeviceInfo.DeviceType
    if rawType & cl_device_type(CL_DEVICE_TYPE_GPU) != 0 {
      type = .gpu
    } else if rawType & cl_device_type(CL_DEVICE_TYPE_CPU) != 0 {
      type = .cpu
    } else if rawType & cl_device_type(CL_DEVICE_TYPE_ACCELERATOR) != 0 {
      type = .accelerator
    } else if rawType & cl_device_type(CL_DEVICE_TYPE_CUSTOM) != 0 {
      type = .custom
    } else {
      type = .other
    }
    let extensions = deviceString(device, cl_device_info(CL_DEVICE_EXTENSIONS))
      .split(separator: " ").map(String.init)
    let vendorID = uint(device, CL_DEVICE_VENDOR_ID)
    let preferred = uint(device, CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT)
    let native = uint(device, CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT)
    let fp64 = ulong(device, CL_DEVICE_DOUBLE_FP_CONFIG)
    let unified = deviceValue(
      device, cl_device_info(CL_DEVICE_HOST_UNIFIED_MEMORY), as: cl_bool.self)
    return OpenCLDeviceInfo(
      globalIndex: globalIndex, platformIndex: platformIndex, indexInPlatform: indexInPlatform,
      type: type, name: deviceString(device, cl_device_info(CL_DEVICE_NAME)),
      vendor: deviceString(device, cl_device_info(CL_DEVICE_VENDOR)), vendorID: vendorID,
      driverVersion: deviceString(device, cl_device_info(CL_DRIVER_VERSION)),
      deviceVersion: deviceString(device, cl_device_info(CL_DEVICE_VERSION)),
      openCLCVersion: deviceString(device, cl_device_info(CL_DEVICE_OPENCL_C_VERSION)),
      computeUnits: uint(device, CL_DEVICE_MAX_COMPUTE_UNITS),
      maxClockMHz: uint(device, CL_DEVICE_MAX_CLOCK_FREQUENCY),
      globalMemoryBytes: ulong(device, CL_DEVICE_GLOBAL_MEM_SIZE),
      localMemoryBytes: ulong(device, CL_DEVICE_LOCAL_MEM_SIZE),
      maxAllocationBytes: ulong(device, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
      maxWorkGroupSize: Int(
        deviceValue(device, cl_device_info(CL_DEVICE_MAX_WORK_GROUP_SIZE), as: Int.self) ?? 0),
      preferredFloatVectorWidth: preferred, nativeFloatVectorWidth: native,
      supportsFP64: fp64 != 0 || extensions.contains("cl_khr_fp64"),
      unifiedMemory: (unified ?? 0) != 0, extensions: extensions,
      pciBusID: pciBusID(device, extensions: extensions),
      lanesPerComputeUnit: lanesPerComputeUnit(
        device, type: type, vendorID: vendorID, extensions: extensions, preferred: preferred,
        native: native),
      numaNode: nil, sharesHostCores: false)
  }

  /// The PCI bus id through cl_khr_pci_bus_info, cl_nv_device_attribute_query or
  /// cl_amd_device_attribute_query, in that order of preference.
  static func pciBusID(_ device: cl_device_id?, extensions: [String]) -> String? {
    func format(domain: Int, bus: Int, device: Int, function: Int) -> String {
      let bus2 = String(bus, radix: 16)
      let device2 = String(device, radix: 16)
      return fourHexDigits(domain) + ":" + (bus2.count < 2 ? "0" : "") + bus2 + ":"
        + (device2.count < 2 ? "0" : "") + device2 + "." + String(function, radix: 16)
    }
    if extensions.contains("cl_khr_pci_bus_info"),
      let info = deviceValue(
        device, cl_device_info(CL_DEVICE_PCI_BUS_INFO_KHR), as: cl_device_pci_bus_info_khr.self)
    {
      return format(
        domain: Int(info.pci_domain), bus: Int(info.pci_bus), device: Int(info.pci_device),
        function: Int(info.pci_function))
    }
    if extensions.contains("cl_nv_device_attribute_query"),
      let bus = deviceValue(device, pciBusIDNV, as: cl_uint.self),
      let slot = deviceValue(device, pciSlotIDNV, as: cl_uint.self)
    {
      let domain = deviceValue(device, pciDomainIDNV, as: cl_uint.self) ?? 0
      return format(
        domain: Int(domain), bus: Int(bus), device: Int(slot >> 3), function: Int(slot & 7))
    }
    if extensions.contains("cl_amd_device_attribute_query"),
      let topology = deviceValue(
        device, cl_device_info(CL_DEVICE_TOPOLOGY_AMD), as: cl_device_topology_amd.self),
      topology.raw.type == cl_uint(CL_DEVICE_TOPOLOGY_TYPE_PCIE_AMD)
    {
      return format(
        domain: 0, bus: Int(UInt8(bitPattern: topology.pcie.bus)),
        device: Int(UInt8(bitPattern: topology.pcie.device)),
        function: Int(UInt8(bitPattern: topology.pcie.function)))
    }
    return nil
  }

  /// Float32 lanes per compute unit per clock; see `OpenCLDeviceInfo.lanesPerComputeUnit`.
  static func lanesPerComputeUnit(
    _ device: cl_device_id?, type: OpenCLDeviceInfo.DeviceType, vendorID: Int,
    extensions: [String], preferred: Int, native: Int
  ) -> Int {
    if type == .gpu, extensions.contains("cl_nv_device_attribute_query") {
      let major = uint(device, CL_DEVICE_COMPUTE_CAPABILITY_MAJOR_NV)
      let minor = uint(device, CL_DEVICE_COMPUTE_CAPABILITY_MINOR_NV)
      // CUDA cores per streaming multiprocessor, by compute capability.
      switch (major, minor) {
      case (2, 0): return 32
      case (2, _): return 48
      case (3, _): return 192
      case (6, 0), (7, _), (8, 0): return 64
      default: return 128
      }
    }
    if type == .gpu, extensions.contains("cl_amd_device_attribute_query") {
      let simds = uint(device, CL_DEVICE_SIMD_PER_COMPUTE_UNIT_AMD)
      let width = uint(device, CL_DEVICE_SIMD_WIDTH_AMD)
      return simds > 0 && width > 0 ? simds * width : 64
    }
    if type == .gpu, vendorID == 0x8086 {
      return 8  // Intel GPU execution units retire 8 Float32 FMAs per clock.
    }
    return max(1, preferred, native)
  }
}

/// A failed OpenCL call's status code (a negative `CL_*` value).
public struct OpenCLStatusCode: Error, CustomStringConvertible, Equatable {
  /// The status the call returned.
  public var code: Int32
  /// Wraps `code`.
  public init(_ code: Int32) { self.code = code }

  /// The `CL_*` name and the number, e.g. `CL_PLATFORM_NOT_FOUND_KHR (-1001)`.
  public var description: String { "\(OpenCLStatus.name(code)) (\(code))" }
}

extension String {
  /// The text without leading and trailing whitespace.
  func topologyTrimmed() -> String {
    Substring(self).topologyTrimmed()
  }
}
