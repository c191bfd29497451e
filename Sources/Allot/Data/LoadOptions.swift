/// How `DataLoader` reads a file.
public struct LoadOptions: Sendable {
  /// Which columns to keep, in which order; `.all` keeps every column.
  public var columns: ColumnSelection
  /// Whether a text file's first record is a header: `nil` detects it (a header is a first
  /// record whose chosen cells are not all numbers or missing markers), `false` forces it
  /// off (`--no-header`), `true` forces it on. Ignored for `.npy`.
  public var hasHeader: Bool?
  /// What to do with missing values in text files.
  public var missing: MissingPolicy
  /// The working precision of the result.
  public var precision: PrecisionChoice

  /// Options with every field given or defaulted: all columns, detected header, missing
  /// values are errors, precision follows the input.
  public init(
    columns: ColumnSelection = .all, hasHeader: Bool? = nil, missing: MissingPolicy = .error,
    precision: PrecisionChoice = .auto
  ) {
    self.columns = columns
    self.hasHeader = hasHeader
    self.missing = missing
    self.precision = precision
  }

  /// Options with the column list given as text (`"0-63"`, `"dep_delay,air_time"`); `nil`
  /// keeps every column.
  /// - Throws: `DataError.badColumnSpec` when `columns` is malformed.
  public init(
    columns spec: String?, hasHeader: Bool? = nil, missing: MissingPolicy = .error,
    precision: PrecisionChoice = .auto
  ) throws {
    self.init(
      columns: try spec.map(ColumnSelection.init(parsing:)) ?? .all, hasHeader: hasHeader,
      missing: missing, precision: precision)
  }
}
