/// The one entry point for loading data files.
///
/// ```swift
/// let data = try DataLoader.load(path: "flights.csv",
///     options: LoadOptions(columns: "dep_delay,air_time", missing: .drop))
/// switch data.matrix { case .f32(let m): ...; case .f64(let m): ... }
/// ```
public enum DataLoader {
  /// The kind of file a path names, by its extension.
  public enum Format: Sendable, Equatable {
    /// A NumPy `.npy` array.
    case npy
    /// Delimited text (`.csv`, `.tsv`, `.txt` and anything else).
    case delimitedText
  }

  /// `.npy` for paths ending in `.npy` (any case), `.delimitedText` otherwise.
  public static func format(of path: String) -> Format {
    path.lowercased().hasSuffix(".npy") ? .npy : .delimitedText
  }

  /// Loads `path`: a `.npy` array through `NpyLoader`, anything else as CSV/TSV through
  /// `CSVLoader`. Every value of the result is finite.
  /// - Throws: `DataError` (see `NpyLoader.load` and `CSVLoader.load`).
  public static func load(path: String, options: LoadOptions = LoadOptions()) throws
    -> LoadedData
  {
    switch format(of: path) {
    case .npy: return try NpyLoader.load(path: path, options: options)
    case .delimitedText: return try CSVLoader.load(path: path, options: options)
    }
  }

  /// Loads a target column and feature columns for regression (`--target COL --features
  /// LIST`).
  /// - Parameters:
  ///   - target: one column, by header name or 0-based index.
  ///   - features: the feature columns; `nil` takes every column except the target, in file
  ///     order.
  ///   - options: `columns` is ignored (the target and features replace it).
  /// - Throws: `DataError.badColumnSpec` when `target` is not exactly one column or when the
  ///   features include the target; `DataError.noFeatureColumns` when the file has no column
  ///   but the target; otherwise as `load(path:options:)`. Rows with a missing
  ///   value in the target or a feature are dropped or reported as `options.missing` says.
  public static func loadRegression(
    path: String, target: String, features: ColumnSelection?,
    options: LoadOptions = LoadOptions()
  ) throws -> LoadedRegressionData {
    let targetSelection = try ColumnSelection(parsing: target)
    let single: Bool
    switch targetSelection.items.first {
    case .name, .index: single = targetSelection.items.count == 1
    case .range(let range): single = targetSelection.items.count == 1 && range.count == 1
    case nil: single = false
    }
    guard single else {
      throw DataError.badColumnSpec(spec: target, reason: "the target must be one column")
    }
    let request = ColumnRequest(
      needsNames: targetSelection.mentionsNames || (features?.mentionsNames ?? false),
      resolve: { names, count, path in
        let targetColumn = try targetSelection.resolve(
          names: names, columnCount: count, path: path)[0]
        let featureColumns =
          try features?.resolve(names: names, columnCount: count, path: path)
          ?? (0..<count).filter { $0 != targetColumn }
        if featureColumns.isEmpty {
          throw DataError.noFeatureColumns(path: path, target: target)
        }
        if featureColumns.contains(targetColumn) {
          throw DataError.badColumnSpec(
            spec: features?.description ?? "", reason: "the features include the target column")
        }
        return featureColumns + [targetColumn]
      })
    let loaded: LoadedData
    switch format(of: path) {
    case .npy: loaded = try NpyLoader.load(path: path, options: options, request: request)
    case .delimitedText: loaded = try CSVLoader.load(path: path, options: options, request: request)
    }
    let data: AnyRegressionData
    switch loaded.matrix {
    case .f32(let matrix): data = .f32(RegressionData(splittingLastColumnOf: matrix))
    case .f64(let matrix): data = .f64(RegressionData(splittingLastColumnOf: matrix))
    }
    return LoadedRegressionData(
      data: data, featureNames: loaded.columnNames.map { Array($0.dropLast()) },
      targetName: loaded.columnNames?.last, featureColumns: Array(loaded.sourceColumns.dropLast()),
      targetColumn: loaded.sourceColumns[loaded.sourceColumns.count - 1],
      droppedRows: loaded.droppedRows, path: path)
  }
}
