/// Features and target of a regression problem in one precision.
public struct RegressionData<Scalar: MatrixScalar>: Sendable, Equatable {
  /// The features, one row per sample.
  public var features: Matrix<Scalar>
  /// The target, one value per row of `features`.
  public var target: [Scalar]

  /// Data from its parts; `target.count` must equal `features.rows`.
  public init(features: Matrix<Scalar>, target: [Scalar]) {
    precondition(target.count == features.rows, "one target value per row")
    self.features = features
    self.target = target
  }

  /// Splits `matrix` into its first `columns - 1` columns (features) and its last column
  /// (target). O(rows x columns).
  public init(splittingLastColumnOf matrix: Matrix<Scalar>) {
    precondition(matrix.columns >= 1, "need a target column")
    let width = matrix.columns - 1
    var features = Matrix<Scalar>(rows: matrix.rows, columns: width)
    var target = [Scalar](repeating: 0, count: matrix.rows)
    matrix.withUnsafeBufferPointer { source in
      features.withUnsafeMutableBufferPointer { destination in
        for row in 0..<matrix.rows {
          for column in 0..<width {
            destination[row * width + column] = source[row * matrix.columns + column]
          }
          target[row] = source[row * matrix.columns + width]
        }
      }
    }
    self.init(features: features, target: target)
  }
}

/// Regression data in whichever precision the loader chose.
public enum AnyRegressionData: Sendable, Equatable {
  /// Float32 data.
  case f32(RegressionData<Float>)
  /// Float64 data.
  case f64(RegressionData<Double>)

  /// The precision of the data.
  public var precision: Precision {
    switch self {
    case .f32: return .f32
    case .f64: return .f64
    }
  }
}

/// Regression data loaded from a file, with what is known about its columns.
public struct LoadedRegressionData: Sendable {
  /// Features and target.
  public var data: AnyRegressionData
  /// Header names of the feature columns, in order; `nil` without a header.
  public var featureNames: [String]?
  /// Header name of the target column; `nil` without a header.
  public var targetName: String?
  /// 0-based file column index of each feature.
  public var featureColumns: [Int]
  /// 0-based file column index of the target.
  public var targetColumn: Int
  /// Rows dropped because of missing values.
  public var droppedRows: Int
  /// The path, as given.
  public var path: String

  /// Loaded data from their parts.
  public init(
    data: AnyRegressionData, featureNames: [String]?, targetName: String?,
    featureColumns: [Int], targetColumn: Int, droppedRows: Int, path: String
  ) {
    self.data = data
    self.featureNames = featureNames
    self.targetName = targetName
    self.featureColumns = featureColumns
    self.targetColumn = targetColumn
    self.droppedRows = droppedRows
    self.path = path
  }
}
