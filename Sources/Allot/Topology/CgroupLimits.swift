/// The CPU quota and memory limit of this process's cgroup, read from cgroup v2
/// (`cpu.max`, `memory.max`, `memory.current`) or, failing that, cgroup v1
/// (`cpu.cfs_quota_us`/`cpu.cfs_period_us`, `memory.limit_in_bytes`/`memory.usage_in_bytes`).
/// The tightest limit on the path from the process's cgroup up to the root applies.
struct CgroupLimits {
  var cpuQuota: CPUQuota?
  var memoryLimitBytes: Int?
  var memoryUsageBytes: Int?

  /// Limits at or above this are "no limit" (v1 writes 2^63 rounded down to a page).
  static let unlimitedThreshold = 1 << 62

  /// Reads the limits of the calling process. Never throws; unknown limits stay nil.
  static func read(root: String = "/sys/fs/cgroup") -> CgroupLimits {
    var limits = CgroupLimits()
    let membership = SystemFile.read("/proc/self/cgroup") ?? ""
    var v2Path: String?
    var v1Paths: [String: String] = [:]
    for line in membership.split(separator: "\n") {
      let fields = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
      guard fields.count == 3 else { continue }
      if fields[0] == "0" && fields[1].isEmpty {
        v2Path = String(fields[2])
      } else {
        for controller in fields[1].split(separator: ",") {
          v1Paths[String(controller)] = String(fields[2])
        }
      }
    }
    // cgroup v2: the unified hierarchy at the root, or at root/unified in hybrid mode.
    if let v2Path {
      for mount in [root, root + "/unified"]
      where SystemFile.read(mount + "/cgroup.controllers") != nil {
        for directory in Self.directories(mount: mount, path: v2Path) {
          if let text = SystemFile.read(directory + "/cpu.max") {
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" })
            if words.count == 2, let quota = Int(words[0]), let period = Int(words[1]) {
              let candidate = CPUQuota(
                quotaMicroseconds: quota, periodMicroseconds: period,
                source: directory + "/cpu.max")
              if limits.cpuQuota.map({ candidate.cores < $0.cores }) ?? true {
                limits.cpuQuota = candidate
              }
            }
          }
          if let limit = SystemFile.readInteger(directory + "/memory.max"),
            limit < unlimitedThreshold, limit < (limits.memoryLimitBytes ?? Int.max)
          {
            limits.memoryLimitBytes = limit
            limits.memoryUsageBytes = SystemFile.readInteger(directory + "/memory.current")
          }
        }
      }
    }
    // cgroup v1.
    if limits.cpuQuota == nil {
      let path = v1Paths["cpu"] ?? "/"
      for mount in [root + "/cpu", root + "/cpu,cpuacct", root + "/cpuacct,cpu"] {
        for directory in Self.directories(mount: mount, path: path) {
          guard let quota = SystemFile.readInteger(directory + "/cpu.cfs_quota_us"), quota > 0,
            let period = SystemFile.readInteger(directory + "/cpu.cfs_period_us")
          else { continue }
          let candidate = CPUQuota(
            quotaMicroseconds: quota, periodMicroseconds: period,
            source: directory + "/cpu.cfs_quota_us")
          if limits.cpuQuota.map({ candidate.cores < $0.cores }) ?? true {
            limits.cpuQuota = candidate
          }
        }
      }
    }
    if limits.memoryLimitBytes == nil {
      let mount = root + "/memory"
      for directory in Self.directories(mount: mount, path: v1Paths["memory"] ?? "/") {
        if let limit = SystemFile.readInteger(directory + "/memory.limit_in_bytes"),
          limit < unlimitedThreshold, limit < (limits.memoryLimitBytes ?? Int.max)
        {
          limits.memoryLimitBytes = limit
          limits.memoryUsageBytes = SystemFile.readInteger(directory + "/memory.usage_in_bytes")
        }
      }
    }
    return limits
  }

  /// The existing directories from `mount + path` up to `mount`, innermost first. When the
  /// process's path is not visible (a cgroup namespace), only `mount` itself.
  private static func directories(mount: String, path: String) -> [String] {
    var result: [String] = []
    var components = path.split(separator: "/").map(String.init)
    while true {
      let directory = components.isEmpty ? mount : mount + "/" + components.joined(separator: "/")
      if SystemFile.isDirectory(directory) { result.append(directory) }
      if components.isEmpty { break }
      components.removeLast()
    }
    return result
  }
}
