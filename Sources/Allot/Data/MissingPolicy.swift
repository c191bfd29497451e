/// What a loader does with a missing value (an empty cell, `NA`, `NaN`, `nan`) in a chosen
/// column of a text file.
public enum MissingPolicy: String, Sendable, CaseIterable {
  /// Throw `DataError.missingValue` naming the first one.
  case error
  /// Drop every row that has one, and count them in `LoadedData.droppedRows`.
  case drop
}
