/// Why a topology could not be built.
public enum TopologyError: AllotError, Equatable {
  /// The XML file does not exist or cannot be read.
  case unreadableFile(path: String)
  /// hwloc rejected the XML file (not XML, or not an hwloc topology).
  case malformedXML(path: String, detail: String)
  /// hwloc failed to discover the running machine.
  case discoveryFailed(detail: String)

  /// `.input` for an unreadable file, `.data` for malformed XML, `.internal` otherwise.
  public var category: ErrorCategory {
    switch self {
    case .unreadableFile: return .input
    case .malformedXML: return .data
    case .discoveryFailed: return .internal
    }
  }

  /// One line naming the file and the problem.
  public var description: String {
    switch self {
    case .unreadableFile(let path): return "\(path): cannot read the topology file"
    case .malformedXML(let path, let detail):
      return "\(path): not an hwloc XML topology (\(detail))"
    case .discoveryFailed(let detail): return "hwloc could not discover the machine: \(detail)"
    }
  }
}
