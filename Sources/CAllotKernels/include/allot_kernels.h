#ifndef ALLOT_KERNELS_H
#define ALLOT_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction sets the micro-kernels can use on this CPU.
typedef enum {
  ALLOT_ISA_SCALAR = 0,
  ALLOT_ISA_AVX2_FMA = 1,
  ALLOT_ISA_AVX512 = 2,
  ALLOT_ISA_NEON = 3,
} allot_isa;

/// The best instruction set this CPU and OS support (detected once).
allot_isa allot_detect_isa(void);

/// `isa` if this CPU supports it, otherwise the best supported one that is not wider.
allot_isa allot_usable_isa(allot_isa isa);

/// The processing units (OS indices) the calling thread may run on, from
/// sched_getaffinity: writes up to `capacity` of them to `out` in ascending order and
/// returns how many there are (possibly more than `capacity`), or -1 when unknown.
int allot_allowed_cpus(int *out, int capacity);

/// Rows the k-means assignment kernel handles per internal batch.
#define ALLOT_ASSIGN_BATCH_ROWS 256

/// Elements of scratch memory `allot_kmeans_assign_*` needs for `d` columns
/// (ALLOT_ASSIGN_BATCH_ROWS * d).
size_t allot_assign_scratch_count(size_t d);

/// Assigns each of `rows` rows of `x` (row-major, `d` columns) to the nearest of `k`
/// centers (row-major k x d, already shifted by `shift`), using
/// |x - shift|^2 - 2 (x - shift).c + |c|^2 with `center_norms[c]` = |c|^2.
/// `shift` (d values, may be NULL) is subtracted from every row first, to avoid
/// cancellation. Ties go to the lowest center index. Writes `labels[rows]` and, when not
/// NULL, `min_distances[rows]` (the expanded-form squared distance). `scratch` holds
/// `allot_assign_scratch_count(d)` elements.
void allot_kmeans_assign_f32(allot_isa isa, const float *x, size_t rows, size_t d,
                             const float *shift, const float *centers,
                             const float *center_norms, size_t k, int32_t *labels,
                             float *min_distances, float *scratch);
/// Float64 variant of `allot_kmeans_assign_f32`.
void allot_kmeans_assign_f64(allot_isa isa, const double *x, size_t rows, size_t d,
                             const double *shift, const double *centers,
                             const double *center_norms, size_t k, int32_t *labels,
                             double *min_distances, double *scratch);

/// Adds each row of `x` into `sums[labels[r] * d ...]` (Float64), increments
/// `counts[labels[r]]`, and adds the direct-difference squared distance of the row to
/// `centers[labels[r]]` (Float64, k x d) to `*inertia`; when `distances` is not NULL it
/// also stores that distance per row. Rows are summed in order.
void allot_kmeans_accumulate_f32(allot_isa isa, const float *x, size_t rows, size_t d,
                                 const int32_t *labels, const double *centers, double *sums,
                                 int64_t *counts, double *distances, double *inertia);
/// Float64 variant of `allot_kmeans_accumulate_f32`.
void allot_kmeans_accumulate_f64(allot_isa isa, const double *x, size_t rows, size_t d,
                                 const int32_t *labels, const double *centers, double *sums,
                                 int64_t *counts, double *distances, double *inertia);

/// Elements of scratch memory `allot_kmeans_step_*` needs for `d` columns and `k` centers.
size_t allot_kmeans_step_scratch_count(size_t d, size_t k);

/// One k-means step over `rows` rows, fused: assigns every row as `allot_kmeans_assign_f32`
/// does (same arithmetic, ties to the lowest index), adds to `*changed` the number of rows
/// whose label differs from the one `labels` held (then overwrites it), and adds the rows
/// (unshifted, Float64) into `sums[k * d]` and one to `counts[label]`. The summation order
/// depends only on `rows`, `d` and `k`. `scratch` holds
/// `allot_kmeans_step_scratch_count(d, k)` elements.
void allot_kmeans_step_f32(allot_isa isa, const float *x, size_t rows, size_t d,
                           const float *shift, const float *centers, const float *center_norms,
                           size_t k, int32_t *labels, double *sums, int64_t *counts,
                           int64_t *changed, float *scratch);
/// Float64 variant of `allot_kmeans_step_f32`.
void allot_kmeans_step_f64(allot_isa isa, const double *x, size_t rows, size_t d,
                           const double *shift, const double *centers,
                           const double *center_norms, size_t k, int32_t *labels,
                           double *sums, int64_t *counts, int64_t *changed, double *scratch);

/// Squared Euclidean distances, by direct differences in Float64, of every row of `x` to
/// each of the `m` rows of `centers` (m x d, Float64): `out[r * m + c]`.
void allot_squared_distances_f32(allot_isa isa, const float *x, size_t rows, size_t d,
                                 const double *centers, size_t m, double *out);
/// Float64 variant of `allot_squared_distances_f32`.
void allot_squared_distances_f64(allot_isa isa, const double *x, size_t rows, size_t d,
                                 const double *centers, size_t m, double *out);

/// Adds, per column, the sum of (x - shift) and of (x - shift)^2 over `rows` rows into
/// `sums[d]` and `squares[d]` (Float64). `shift` may be NULL (zero).
void allot_column_moments_f32(allot_isa isa, const float *x, size_t rows, size_t d,
                              const double *shift, double *sums, double *squares);
/// Float64 variant of `allot_column_moments_f32`.
void allot_column_moments_f64(allot_isa isa, const double *x, size_t rows, size_t d,
                              const double *shift, double *sums, double *squares);

/// One pass over `rows` rows of `x` (row-major, `d` columns) and targets `y`: each row's
/// residual r = x.w + b - y is formed and r * x added at once. Adds sum r x to
/// `gradient[d]`, sum r to `*residual_sum` and sum r^2 to `*squared_residual_sum`
/// (Float64; rows are summed in the element type in blocks of at most 64 first). The summation order depends
/// only on `rows` and `d`.
void allot_linreg_gradient_f32(allot_isa isa, const float *x, const float *y, size_t rows,
                               size_t d, const float *w, float b, double *gradient,
                               double *residual_sum, double *squared_residual_sum);
/// Float64 variant of `allot_linreg_gradient_f32`.
void allot_linreg_gradient_f64(allot_isa isa, const double *x, const double *y, size_t rows,
                               size_t d, const double *w, double b, double *gradient,
                               double *residual_sum, double *squared_residual_sum);

#ifdef __cplusplus
}
#endif

#endif
