import Allot

/// An error the command-line layer words itself: a one-line message and a category.
struct MessageError: AllotError {
  var message: String
  var category: ErrorCategory
  var description: String { message }
}
