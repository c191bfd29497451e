/// One failed attempt of a task on a device.
public struct TaskFailure: Sendable, Equatable, Codable {
  /// The device it failed on (`cpu`, `opencl:N`).
  public var device: String
  /// 1 for the first attempt, and so on.
  public var attempt: Int
  /// The error's one-line message.
  public var message: String

  /// A failure record with the given fields.
  public init(device: String, attempt: Int, message: String) {
    self.device = device
    self.attempt = attempt
    self.message = message
  }
}
