import Allot

/// An error of the library about data that came from a file, prefixed with the file's path
/// so the one-line message says where: `digits.csv: k = 2000 is larger than the 1797 rows`.
/// Keeps the category (and so the exit code) of the error it wraps.
struct InputFileError: AllotError {
  /// The file, as the user gave it.
  var path: String
  /// What went wrong.
  var error: any AllotError
  /// Extra context appended in parentheses, if any.
  var note: String?

  var category: ErrorCategory { error.category }
  var description: String {
    "\(path): \(error)" + (note.map { " (\($0))" } ?? "")
  }
}
