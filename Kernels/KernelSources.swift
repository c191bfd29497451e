/// The OpenCL C sources that ship with Allot, embedded in the binary at build time.
public enum KernelSource: String, CaseIterable, Sendable {
  /// k-means assignment, partial sums and inertia.
  case kmeans
  /// Fused linear-regression gradient.
  case linreg

  /// The OpenCL C text of this program: the shared definitions of `layout.cl` (build
  /// options, data layout, vector types), then the program's own kernels.
  public var text: String {
    let kernels: [UInt8]
    switch self {
    case .kmeans: kernels = PackageResources.kmeans_cl
    case .linreg: kernels = PackageResources.linreg_cl
    }
    return String(decoding: PackageResources.layout_cl + kernels, as: UTF8.self)
  }
}
