/// `MemTotal` and `MemAvailable` from /proc/meminfo.
struct MemInfo {
  var totalBytes: Int?
  var availableBytes: Int?

  /// Reads /proc/meminfo; missing fields stay nil.
  static func read() -> MemInfo {
    var info = MemInfo()
    guard let text = SystemFile.read("/proc/meminfo") else { return info }
    for line in text.split(separator: "\n") {
      let words = line.split(separator: " ")
      guard words.count >= 2, let kibibytes = Int(words[1]) else { continue }
      switch words[0] {
      case "MemTotal:": info.totalBytes = kibibytes * 1024
      case "MemAvailable:": info.availableBytes = kibibytes * 1024
      default: break
      }
    }
    return info
  }
}
