import CAllotKernels

/// Typed entry points to the C micro-kernels for either element type. Pointers are raw
/// views of `Matrix` storage or scratch; every call is synchronous and single-threaded.
enum CPUKernels {
  private static func f32<S>(_ p: UnsafePointer<S>) -> UnsafePointer<Float> {
    UnsafeRawPointer(p).assumingMemoryBound(to: Float.self)
  }
  private static func f64<S>(_ p: UnsafePointer<S>) -> UnsafePointer<Double> {
    UnsafeRawPointer(p).assumingMemoryBound(to: Double.self)
  }
  private static func f32<S>(_ p: UnsafeMutablePointer<S>) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: Float.self)
  }
  private static func f64<S>(_ p: UnsafeMutablePointer<S>) -> UnsafeMutablePointer<Double> {
    UnsafeMutableRawPointer(p).assumingMemoryBound(to: Double.self)
  }

  /// Rows per internal batch of the assignment kernel.
  static var assignBatchRows: Int { Int(ALLOT_ASSIGN_BATCH_ROWS) }

  /// Nearest-center labels for `rows` rows; see `allot_kmeans_assign_f32`.
  static func assign<S: MatrixScalar>(
    _ isa: InstructionSet, x: UnsafePointer<S>, rows: Int, d: Int, shift: UnsafePointer<S>?,
    centers: UnsafePointer<S>, norms: UnsafePointer<S>, k: Int,
    labels: UnsafeMutablePointer<Int32>, scratch: UnsafeMutablePointer<S>
  ) {
    if S.self == Float.self {
      allot_kmeans_assign_f32(
        isa.cValue, f32(x), rows, d, shift.map { f32($0) }, f32(centers), f32(norms), k, labels,
        nil, f32(scratch))
    } else {
      allot_kmeans_assign_f64(
        isa.cValue, f64(x), rows, d, shift.map { f64($0) }, f64(centers), f64(norms), k, labels,
        nil, f64(scratch))
    }
  }

  /// Scratch elements `step` needs for `d` columns and `k` centers.
  static func stepScratchCount(d: Int, k: Int) -> Int { allot_kmeans_step_scratch_count(d, k) }

  /// One fused k-means step over a block of rows: labels, changes, cluster sums and counts;
  /// see `allot_kmeans_step_f32`.
  static func step<S: MatrixScalar>(
    _ isa: InstructionSet, x: UnsafePointer<S>, rows: Int, d: Int, shift: UnsafePointer<S>?,
    centers: UnsafePointer<S>, norms: UnsafePointer<S>, k: Int,
    labels: UnsafeMutablePointer<Int32>, sums: UnsafeMutablePointer<Double>,
    counts: UnsafeMutablePointer<Int64>, changed: inout Int64, scratch: UnsafeMutablePointer<S>
  ) {
    if S.self == Float.self {
      allot_kmeans_step_f32(
        isa.cValue, f32(x), rows, d, shift.map { f32($0) }, f32(centers), f32(norms), k,
        labels, sums, counts, &changed, f32(scratch))
    } else {
      allot_kmeans_step_f64(
        isa.cValue, f64(x), rows, d, shift.map { f64($0) }, f64(centers), f64(norms), k,
        labels, sums, counts, &changed, f64(scratch))
    }
  }

  /// Cluster sums, counts and direct-difference distances; see `allot_kmeans_accumulate_f32`.
  static func accumulate<S: MatrixScalar>(
    _ isa: InstructionSet, x: UnsafePointer<S>, rows: Int, d: Int, labels: UnsafePointer<Int32>,
    centers: UnsafePointer<Double>, sums: UnsafeMutablePointer<Double>,
    counts: UnsafeMutablePointer<Int64>, distances: UnsafeMutablePointer<Double>?,
    inertia: inout Double
  ) {
    if S.self == Float.self {
      allot_kmeans_accumulate_f32(
        isa.cValue, f32(x), rows, d, labels, centers, sums, counts, distances, &inertia)
    } else {
      allot_kmeans_accumulate_f64(
        isa.cValue, f64(x), rows, d, labels, centers, sums, counts, distances, &inertia)
    }
  }

  /// Direct-difference squared distances of rows to `m` centers: `out[r * m + c]`.
  static func squaredDistances<S: MatrixScalar>(
    _ isa: InstructionSet, x: UnsafePointer<S>, rows: Int, d: Int,
    centers: UnsafePointer<Double>, m: Int, out: UnsafeMutablePointer<Double>
  ) {
    if S.self == Float.self {
      allot_squared_distances_f32(isa.cValue, f32(x), rows, d, centers, m, out)
    } else {
      allot_squared_distances_f64(isa.cValue, f64(x), rows, d, centers, m, out)
    }
  }

  /// Per-column sums of (x - shift) and (x - shift)^2, added into `sums` and `squares`.
  static func columnMoments<S: MatrixScalar>(
    _ isa: InstructionSet, x: UnsafePointer<S>, rows: Int, d: Int, shift: UnsafePointer<Double>?,
    sums: UnsafeMutablePointer<Double>, squares: UnsafeMutablePointer<Double>
  ) {
    if S.self == Float.self {
      allot_column_moments_f32(isa.cValue, f32(x), rows, d, shift, sums, squares)
    } else {
      allot_column_moments_f64(isa.cValue, f64(x), rows, d, shift, sums, squares)
    }
  }

  /// The one-pass regression gradient sums; see `allot_linreg_gradient_f32`.
  static func gradient<S: MatrixScalar>(
    _ isa: InstructionSet, x: UnsafePointer<S>, y: UnsafePointer<S>, rows: Int, d: Int,
    weights: UnsafePointer<S>, bias: S, gradient: UnsafeMutablePointer<Double>,
    residualSum: inout Double, squaredResidualSum: inout Double
  ) {
    if S.self == Float.self {
      allot_linreg_gradient_f32(
        isa.cValue, f32(x), f32(y), rows, d, f32(weights), Float(bias), gradient, &residualSum,
        &squaredResidualSum)
    } else {
      allot_linreg_gradient_f64(
        isa.cValue, f64(x), f64(y), rows, d, f64(weights), Double(bias), gradient, &residualSum,
        &squaredResidualSum)
    }
  }
}
