/// What a loader does with a missing value in a chosen column: an empty cell, `NA`, `NaN`,
/// `nan` in a text file, a NaN element in a `.npy` array. (An infinity is never missing.)
public enum MissingPolicy: String, Sendable, CaseIterable {
  /// Throw `DataError.missingValue` naming the first one.
  case error
  /// Drop every row that has one, and count them in `LoadedData.droppedRows` (their indices
  /// in `LoadedData.droppedRowIndices`).
  case drop
}
