/// One OpenCL device with the properties Allot uses, as its driver reports them, and its links
/// to the hwloc topology.
public struct OpenCLDeviceInfo: Sendable, Equatable, Codable {
  /// The OpenCL device type.
  public enum DeviceType: String, Sendable, Codable {
    /// Runs on the host CPU (PoCL, Intel CPU runtime).
    case cpu
    /// A GPU.
    case gpu
    /// A dedicated accelerator.
    case accelerator
    /// A custom device without OpenCL C support.
    case custom
    /// A type not listed above.
    case other
  }

  /// The global index N of `opencl:N` (see `OpenCLInventory` for the numbering rule).
  public var globalIndex: Int
  /// Index of the platform in clGetPlatformIDs order.
  public var platformIndex: Int
  /// Index within the platform's clGetDeviceIDs(CL_DEVICE_TYPE_ALL) list.
  public var indexInPlatform: Int
  /// CPU, GPU, accelerator, custom.
  public var type: DeviceType
  /// CL_DEVICE_NAME.
  public var name: String
  /// CL_DEVICE_VENDOR.
  public var vendor: String
  /// CL_DEVICE_VENDOR_ID (a PCI vendor id for most GPUs).
  public var vendorID: Int
  /// CL_DRIVER_VERSION.
  public var driverVersion: String
  /// CL_DEVICE_VERSION (`OpenCL 3.0 ...`).
  public var deviceVersion: String
  /// CL_DEVICE_OPENCL_C_VERSION (`OpenCL C 1.2 ...`).
  public var openCLCVersion: String
  /// CL_DEVICE_MAX_COMPUTE_UNITS.
  public var computeUnits: Int
  /// CL_DEVICE_MAX_CLOCK_FREQUENCY in MHz.
  public var maxClockMHz: Int
  /// CL_DEVICE_GLOBAL_MEM_SIZE in bytes.
  public var globalMemoryBytes: Int
  /// CL_DEVICE_LOCAL_MEM_SIZE in bytes.
  public var localMemoryBytes: Int
  /// CL_DEVICE_MAX_MEM_ALLOC_SIZE in bytes.
  public var maxAllocationBytes: Int
  /// CL_DEVICE_MAX_WORK_GROUP_SIZE in work-items.
  public var maxWorkGroupSize: Int
  /// CL_DEVICE_PREFERRED_VECTOR_WIDTH_FLOAT.
  public var preferredFloatVectorWidth: Int
  /// CL_DEVICE_NATIVE_VECTOR_WIDTH_FLOAT.
  public var nativeFloatVectorWidth: Int
  /// True when the device supports double precision (a non-zero CL_DEVICE_DOUBLE_FP_CONFIG).
  public var supportsFP64: Bool
  /// CL_DEVICE_HOST_UNIFIED_MEMORY: device and host share memory.
  public var unifiedMemory: Bool
  /// The device's extensions (CL_DEVICE_EXTENSIONS), split on spaces.
  public var extensions: [String]
  /// PCI bus id `dddd:bb:dd.f` from cl_khr_pci_bus_info or the NVIDIA/AMD attribute
  /// queries; nil when the driver exposes none.
  public var pciBusID: String?
  /// Float32 lanes one compute unit retires per clock, used for the peak estimate (CUDA cores
  /// per SM from the compute capability on NVIDIA, SIMDs x width on AMD, the preferred float
  /// vector width otherwise).
  public var lanesPerComputeUnit: Int
  /// OS index of the NUMA node the device is attached to (hwloc PCI locality); nil when
  /// unknown or not a PCI device.
  public var numaNode: Int?
  /// True when the device runs on the host cores that the `cpu` runtime device uses.
  public var sharesHostCores: Bool

  /// A device description; see the properties for the meaning and units of each value.
  public init(
    globalIndex: Int, platformIndex: Int, indexInPlatform: Int, type: DeviceType, name: String,
    vendor: String, vendorID: Int, driverVersion: String, deviceVersion: String,
    openCLCVersion: String, computeUnits: Int, maxClockMHz: Int, globalMemoryBytes: Int,
    localMemoryBytes: Int, maxAllocationBytes: Int, maxWorkGroupSize: Int,
    preferredFloatVectorWidth: Int, nativeFloatVectorWidth: Int, supportsFP64: Bool,
    unifiedMemory: Bool, extensions: [String], pciBusID: String?, lanesPerComputeUnit: Int,
    numaNode: Int?, sharesHostCores: Bool
  ) {
    self.globalIndex = globalIndex
    self.platformIndex = platformIndex
    self.indexInPlatform = indexInPlatform
    self.type = type
    self.name = name
    self.vendor = vendor
    self.vendorID = vendorID
    self.driverVersion = driverVersion
    self.deviceVersion = deviceVersion
    self.openCLCVersion = openCLCVersion
    self.computeUnits = computeUnits
    self.maxClockMHz = maxClockMHz
    self.globalMemoryBytes = globalMemoryBytes
    self.localMemoryBytes = localMemoryBytes
    self.maxAllocationBytes = maxAllocationBytes
    self.maxWorkGroupSize = maxWorkGroupSize
    self.preferredFloatVectorWidth = preferredFloatVectorWidth
    self.nativeFloatVectorWidth = nativeFloatVectorWidth
    self.supportsFP64 = supportsFP64
    self.unifiedMemory = unifiedMemory
    self.extensions = extensions
    self.pciBusID = pciBusID
    self.lanesPerComputeUnit = lanesPerComputeUnit
    self.numaNode = numaNode
    self.sharesHostCores = sharesHostCores
  }

  /// The theoretical Float32 peak in GFLOP/s: units x clock x lanes x 2 (FMA).
  public var peakGFLOPS: Double {
    Double(computeUnits) * Double(maxClockMHz) * Double(lanesPerComputeUnit) * 2 / 1000
  }

  /// The runtime device id of this device, `opencl:N`.
  public var deviceID: DeviceID { .opencl(globalIndex) }

  enum CodingKeys: String, CodingKey {
    case globalIndex = "global_index"
    case platformIndex = "platform_index"
    case indexInPlatform = "index_in_platform"
    case type
    case name
    case vendor
    case vendorID = "vendor_id"
    case driverVersion = "driver_version"
    case deviceVersion = "device_version"
    case openCLCVersion = "opencl_c_version"
    case computeUnits = "compute_units"
    case maxClockMHz = "max_clock_mhz"
    case globalMemoryBytes = "global_memory_bytes"
    case localMemoryBytes = "local_memory_bytes"
    case maxAllocationBytes = "max_allocation_bytes"
    case maxWorkGroupSize = "max_work_group_size"
    case preferredFloatVectorWidth = "preferred_float_vector_width"
    case nativeFloatVectorWidth = "native_float_vector_width"
    case supportsFP64 = "supports_fp64"
    case unifiedMemory = "unified_memory"
    case extensions
    case pciBusID = "pci_bus_id"
    case lanesPerComputeUnit = "lanes_per_compute_unit"
    case numaNode = "numa_node"
    case sharesHostCores = "shares_host_cores"
  }
}
