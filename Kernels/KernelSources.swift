/// The OpenCL C sources that ship with Allot, embedded in the binary at build time.
public enum KernelSource: String, CaseIterable, Sendable {
  /// k-means assignment, partial sums and inertia.
  case kmeans
  /// Fused linear-regression gradient.
  case linreg

  /// The OpenCL C text of this program.
  public var text: String {
    switch self {
    case .kmeans: return String(decoding: PackageResources.kmeans_cl, as: UTF8.self)
    case .linreg: return String(decoding: PackageResources.linreg_cl, as: UTF8.self)
    }
  }
}
