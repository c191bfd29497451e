#include "allot_kernels.h"

allot_isa allot_detect_isa(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("fma"))
    return ALLOT_ISA_AVX512;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    return ALLOT_ISA_AVX2_FMA;
  return ALLOT_ISA_SCALAR;
#elif defined(__aarch64__)
  return ALLOT_ISA_NEON;
#else
  return ALLOT_ISA_SCALAR;
#endif
}

allot_isa allot_usable_isa(allot_isa isa) {
  allot_isa best = allot_detect_isa();
  switch (isa) {
  case ALLOT_ISA_SCALAR: return ALLOT_ISA_SCALAR;
  case ALLOT_ISA_NEON: return best == ALLOT_ISA_NEON ? ALLOT_ISA_NEON : ALLOT_ISA_SCALAR;
  case ALLOT_ISA_AVX2_FMA:
    return (best == ALLOT_ISA_AVX2_FMA || best == ALLOT_ISA_AVX512) ? ALLOT_ISA_AVX2_FMA
                                                                     : ALLOT_ISA_SCALAR;
  case ALLOT_ISA_AVX512: return best == ALLOT_ISA_AVX512 ? ALLOT_ISA_AVX512 : allot_usable_isa(ALLOT_ISA_AVX2_FMA);
  }
  return ALLOT_ISA_SCALAR;
}

size_t allot_assign_scratch_count(size_t d) { return (size_t)ALLOT_ASSIGN_BATCH_ROWS * d; }

size_t allot_kmeans_step_scratch_count(size_t d, size_t k) {
  // Shifted rows of one batch, then the centers transposed in blocks of up to 64 lanes and
  // their norms (rounded up to 64 centers).
  size_t padded = (k + 63) / 64 * 64;
  return (size_t)ALLOT_ASSIGN_BATCH_ROWS * d + padded * (d + 1);
}

// Declarations of one variant's functions.
#define DECLARE_VARIANT(isa, suffix, T)                                                        \
  void allot_##isa##_##suffix##_assign(const T *x, size_t rows, size_t d, const T *shift,    \
                                       const T *centers, const T *norms, size_t k,            \
                                       int32_t *labels, T *min_distances, T *scratch);        \
  void allot_##isa##_##suffix##_accumulate(const T *x, size_t rows, size_t d,                \
                                           const int32_t *labels, const double *centers,      \
                                           double *sums, int64_t *counts, double *distances,  \
                                           double *inertia);                                  \
  void allot_##isa##_##suffix##_squared_distances(const T *x, size_t rows, size_t d,         \
                                                  const double *centers, size_t m,            \
                                                  double *out);                               \
  void allot_##isa##_##suffix##_column_moments(const T *x, size_t rows, size_t d,            \
                                               const double *shift, double *sums,             \
                                               double *squares);                              \
  void allot_##isa##_##suffix##_gradient(const T *x, const T *y, size_t rows, size_t d,      \
                                         const T *w, T b, double *gradient,                   \
                                         double *residual_sum, double *squared_residual_sum); \
  void allot_##isa##_##suffix##_step(const T *x, size_t rows, size_t d, const T *shift,      \
                                     const T *centers, const T *norms, size_t k,              \
                                     int32_t *labels, double *sums, int64_t *counts,          \
                                     int64_t *changed, T *scratch);

DECLARE_VARIANT(scalar, f32, float)
DECLARE_VARIANT(scalar, f64, double)
#if defined(__x86_64__)
DECLARE_VARIANT(avx2, f32, float)
DECLARE_VARIANT(avx2, f64, double)
DECLARE_VARIANT(avx512, f32, float)
DECLARE_VARIANT(avx512, f64, double)
#define CALL_VARIANT(isa, suffix, name, ...)                                                   \
  do {                                                                                         \
    switch (allot_usable_isa(isa)) {                                                           \
    case ALLOT_ISA_AVX512: allot_avx512_##suffix##_##name(__VA_ARGS__); return;                \
    case ALLOT_ISA_AVX2_FMA: allot_avx2_##suffix##_##name(__VA_ARGS__); return;                \
    default: allot_scalar_##suffix##_##name(__VA_ARGS__); return;                              \
    }                                                                                          \
  } while (0)
#elif defined(__aarch64__)
DECLARE_VARIANT(neon, f32, float)
DECLARE_VARIANT(neon, f64, double)
#define CALL_VARIANT(isa, suffix, name, ...)                                                   \
  do {                                                                                         \
    if (allot_usable_isa(isa) == ALLOT_ISA_NEON) {                                             \
      allot_neon_##suffix##_##name(__VA_ARGS__);                                               \
      return;                                                                                  \
    }                                                                                          \
    allot_scalar_##suffix##_##name(__VA_ARGS__);                                               \
  } while (0)
#else
#define CALL_VARIANT(isa, suffix, name, ...)                                                   \
  do {                                                                                         \
    (void)(isa);                                                                               \
    allot_scalar_##suffix##_##name(__VA_ARGS__);                                               \
  } while (0)
#endif

#define DEFINE_PUBLIC(suffix, T)                                                               \
  void allot_kmeans_assign_##suffix(allot_isa isa, const T *x, size_t rows, size_t d,        \
                                    const T *shift, const T *centers, const T *norms,         \
                                    size_t k, int32_t *labels, T *min_distances,              \
                                    T *scratch) {                                             \
    CALL_VARIANT(isa, suffix, assign, x, rows, d, shift, centers, norms, k, labels,           \
                 min_distances, scratch);                                                     \
  }                                                                                           \
  void allot_kmeans_accumulate_##suffix(allot_isa isa, const T *x, size_t rows, size_t d,    \
                                        const int32_t *labels, const double *centers,         \
                                        double *sums, int64_t *counts, double *distances,     \
                                        double *inertia) {                                    \
    CALL_VARIANT(isa, suffix, accumulate, x, rows, d, labels, centers, sums, counts,          \
                 distances, inertia);                                                         \
  }                                                                                           \
  void allot_squared_distances_##suffix(allot_isa isa, const T *x, size_t rows, size_t d,    \
                                        const double *centers, size_t m, double *out) {       \
    CALL_VARIANT(isa, suffix, squared_distances, x, rows, d, centers, m, out);                \
  }                                                                                           \
  void allot_column_moments_##suffix(allot_isa isa, const T *x, size_t rows, size_t d,       \
                                     const double *shift, double *sums, double *squares) {    \
    CALL_VARIANT(isa, suffix, column_moments, x, rows, d, shift, sums, squares);              \
  }                                                                                           \
  void allot_linreg_gradient_##suffix(allot_isa isa, const T *x, const T *y, size_t rows,    \
                                      size_t d, const T *w, T b, double *gradient,            \
                                      double *residual_sum, double *squared_residual_sum) {   \
    CALL_VARIANT(isa, suffix, gradient, x, y, rows, d, w, b, gradient, residual_sum,          \
                 squared_residual_sum);                                                       \
  }                                                                                           \
  void allot_kmeans_step_##suffix(allot_isa isa, const T *x, size_t rows, size_t d,          \
                                  const T *shift, const T *centers, const T *norms, size_t k, \
                                  int32_t *labels, double *sums, int64_t *counts,             \
                                  int64_t *changed, T *scratch) {                             \
    CALL_VARIANT(isa, suffix, step, x, rows, d, shift, centers, norms, k, labels, sums,       \
                 counts, changed, scratch);                                                   \
  }

DEFINE_PUBLIC(f32, float)
DEFINE_PUBLIC(f64, double)
