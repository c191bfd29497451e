import Allot

/// A result held an infinite or NaN number where JSON output was asked for. The library
/// refuses such results itself, so reaching this is an internal error (exit 70).
struct NonFiniteOutputError: AllotError {
  /// The value as Swift prints it (`inf`, `nan`).
  var value: String
  /// Where in the output it sits, e.g. `centers.0.1`.
  var key: String

  var category: ErrorCategory { .internal }
  var description: String {
    "cannot write JSON: the result holds a non-finite number (\(value) at \(key.isEmpty ? "top level" : key))"
  }
}
