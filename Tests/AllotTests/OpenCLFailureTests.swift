import Allot
import Foundation
import Testing

/// Failures of the OpenCL backend are typed errors, never crashes.
@Suite struct OpenCLFailureTests {
  @Test(.enabled(if: OpenCLTestDevice.pocl != nil))
  func indexOutOfRangeIsUnknownDevice() throws {
    let count = OpenCLDevice.deviceCount()
    #expect {
      try OpenCLDevice(index: count)
    } throws: { error in
      guard case DeviceError.unknownDevice(let message)? = error as? DeviceError else {
        return false
      }
      return message.contains("opencl:\(count)")
    }
  }

  @Test(.enabled(if: OpenCLTestDevice.pocl != nil))
  func brokenSourceReportsDeviceAndBuildLog() throws {
    let device = try #require(OpenCLTestDevice.pocl)
    let source = "__kernel void broken(__global float *x) { x[0] = undeclared_name; }"
    #expect {
      try device.compile(source: source)
    } throws: { error in
      guard case DeviceError.buildFailed(let name, let log)? = error as? DeviceError else {
        return false
      }
      return name.contains(device.name) && log.contains("undeclared_name")
    }
  }

  @Test(.enabled(if: OpenCLTestDevice.pocl != nil))
  func dataLargerThanDeviceMemoryAreRefused() throws {
    let pocl = try #require(OpenCLTestDevice.poclIndex)
    let device = try OpenCLDevice(index: pocl, maxMemoryBytes: 64 * 1024)
    let points = Matrix<Float>(rows: 10_000, columns: 8)
    #expect {
      try device.openKMeansSession(points: points)
    } throws: { error in
      guard case DeviceError.outOfMemory(_, let requested, let available)? = error as? DeviceError
      else { return false }
      return requested >= 10_000 * 8 * 4 && available == 64 * 1024
        && (error as? DeviceError)?.description.contains("\(requested) bytes") == true
    }
    #expect(throws: DeviceError.self) {
      try device.openGradientSession(
        features: points, targets: [Float](repeating: 0, count: 10_000))
    }
  }

  /// With OCL_ICD_VENDORS pointing at an empty folder the ICD loader finds no platform. The
  /// loader reads that variable once per process, so the check runs in a child process: this
  /// test binary again, filtered to `noPlatformChild`.
  @Test func noPlatformIsUnavailableWithAdvice() throws {
    let empty = FileManager.default.temporaryDirectory
      .appendingPathComponent("allot-no-icd-\(getpid())")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: empty) }
    let marker = empty.appendingPathComponent("passed")
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    child.arguments = ["--testing-library", "swift-testing", "--filter", "noPlatformChild"]
    var environment = ProcessInfo.processInfo.environment
    environment["OCL_ICD_VENDORS"] = empty.path
    environment["ALLOT_NO_PLATFORM_MARKER"] = marker.path
    child.environment = environment
    child.standardOutput = FileHandle.nullDevice
    child.standardError = FileHandle.nullDevice
    try child.run()
    child.waitUntilExit()
    #expect(child.terminationStatus == 0)
    #expect(FileManager.default.fileExists(atPath: marker.path))
  }

  /// The child half of `noPlatformIsUnavailableWithAdvice`; runs only in that child process.
  @Test(.enabled(if: ProcessInfo.processInfo.environment["ALLOT_NO_PLATFORM_MARKER"] != nil))
  func noPlatformChild() throws {
    #expect(OpenCLDevice.deviceCount() == 0)
    var message = ""
    do {
      _ = try OpenCLDevice(index: 0)
    } catch let error as DeviceError {
      guard case .unavailable(let device, _) = error else {
        Issue.record("expected unavailable, got \(error)")
        return
      }
      #expect(device == "opencl:0")
      message = error.description
    }
    #expect(message.contains("no OpenCL platform"))
    #expect(message.contains("OCL_ICD_VENDORS"))
    if !message.isEmpty, let path = ProcessInfo.processInfo.environment["ALLOT_NO_PLATFORM_MARKER"]
    {
      _ = FileManager.default.createFile(atPath: path, contents: Data())
    }
  }
}
