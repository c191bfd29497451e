/// How Allot's kernels map rows onto work-items on an OpenCL device.
public enum OpenCLKernelStyle: String, Sendable, CaseIterable {
  /// GPU style on GPUs, CPU style on every other device.
  case automatic
  /// GPU style: one row per work-item (each work-item is a SIMD lane already), data in blocks
  /// of 32 rows for coalesced access, centers staged in local memory when they fit, one
  /// work-item per column in the partial sums.
  case rowPerWorkItem = "row"
  /// CPU-driver style: one native SIMD vector of rows per work-item (CPU drivers do not
  /// vectorise the loops over centers and coordinates across work-items), data in blocks of
  /// one vector, partial sums row by row.
  case vectorPerWorkItem = "vector"
}
