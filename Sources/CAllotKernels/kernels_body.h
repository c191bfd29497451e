// The micro-kernels, written once over clang vector types and compiled once per
// instruction set and element type. The including file defines:
//   KT    element type (float or double)       KW    lanes per vector
//   KV    KT vector of KW lanes                KI    integer vector of KW lanes, same lane width
//   KD    double vector of KW lanes            KNAME(x) the function name for this variant
//   TGT   the target attribute                 KFMA(a, b, c) a * b + c for vectors
// No include guard: this file is meant to be included several times.

#define KINLINE static inline TGT __attribute__((always_inline))
#define KTILE_ROWS (2 * KW)
#define KTILE_CENTERS 6

KINLINE KV KNAME(load)(const KT *p) {
  KV v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

KINLINE void KNAME(store)(KT *p, KV v) { __builtin_memcpy(p, &v, sizeof v); }

KINLINE KD KNAME(widen)(KV v) { return __builtin_convertvector(v, KD); }

KINLINE KD KNAME(loadd)(const double *p) {
  KD v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

KINLINE void KNAME(stored)(double *p, KD v) { __builtin_memcpy(p, &v, sizeof v); }

// Horizontal sums by halving, so the adds form a tree (fixed order, short latency).
KINLINE KT KNAME(hsum)(KV v) {
#if KW == 16
  __auto_type a8 = v.lo + v.hi;
  __auto_type a4 = a8.lo + a8.hi;
  __auto_type a2 = a4.lo + a4.hi;
  return a2.lo + a2.hi;
#elif KW == 8
  __auto_type a4 = v.lo + v.hi;
  __auto_type a2 = a4.lo + a4.hi;
  return a2.lo + a2.hi;
#elif KW == 4
  __auto_type a2 = v.lo + v.hi;
  return a2.lo + a2.hi;
#elif KW == 2
  return v.lo + v.hi;
#else
#error "unsupported vector width"
#endif
}

KINLINE double KNAME(hsumd)(KD v) {
#if KW == 16
  __auto_type a8 = v.lo + v.hi;
  __auto_type a4 = a8.lo + a8.hi;
  __auto_type a2 = a4.lo + a4.hi;
  return a2.lo + a2.hi;
#elif KW == 8
  __auto_type a4 = v.lo + v.hi;
  __auto_type a2 = a4.lo + a4.hi;
  return a2.lo + a2.hi;
#elif KW == 4
  __auto_type a2 = v.lo + v.hi;
  return a2.lo + a2.hi;
#elif KW == 2
  return v.lo + v.hi;
#endif
}

// One tile: KTILE_ROWS rows (two vectors, rows in lanes) against `nc` consecutive centers
// starting at `c0`. `xt` is the transposed batch (column j of the tile at xt + j * ld).
// Keeps the running minimum and its center index per row; strict < keeps the lowest index.
KINLINE void KNAME(tile)(const KT *xt, size_t ld, size_t d, const KT *centers,
                         const KT *norms, int c0, int nc, KV best[2], KI index[2]) {
  KV acc[KTILE_CENTERS][2];
  for (int i = 0; i < KTILE_CENTERS; i++) {
    acc[i][0] = (KV)0;
    acc[i][1] = (KV)0;
  }
  const KT *c = centers + (size_t)c0 * d;
  for (size_t j = 0; j < d; j++) {
    KV x0 = KNAME(load)(xt + j * ld);
    KV x1 = KNAME(load)(xt + j * ld + KW);
#pragma clang loop unroll(full)
    for (int i = 0; i < KTILE_CENTERS; i++) {
      if (i < nc) {
        KV ci = (KV)(c[(size_t)i * d + j]);
        acc[i][0] = KFMA(x0, ci, acc[i][0]);
        acc[i][1] = KFMA(x1, ci, acc[i][1]);
      }
    }
  }
#pragma clang loop unroll(full)
  for (int i = 0; i < KTILE_CENTERS; i++) {
    if (i < nc) {
      KV n = (KV)(norms[c0 + i]);
      KI id = (KI)(c0 + i);
      for (int h = 0; h < 2; h++) {
        KV value = KFMA(acc[i][h], (KV)(-2), n);
        KI closer = value < best[h];
        best[h] = closer ? value : best[h];
        index[h] = closer ? id : index[h];
      }
    }
  }
}

KINLINE void KNAME(tile_all)(const KT *xt, size_t ld, size_t d, const KT *centers,
                             const KT *norms, size_t k, KV best[2], KI index[2]) {
  int c0 = 0;
  int kk = (int)k;
  for (; c0 + KTILE_CENTERS <= kk; c0 += KTILE_CENTERS)
    KNAME(tile)(xt, ld, d, centers, norms, c0, KTILE_CENTERS, best, index);
  switch (kk - c0) {
  case 5: KNAME(tile)(xt, ld, d, centers, norms, c0, 5, best, index); break;
  case 4: KNAME(tile)(xt, ld, d, centers, norms, c0, 4, best, index); break;
  case 3: KNAME(tile)(xt, ld, d, centers, norms, c0, 3, best, index); break;
  case 2: KNAME(tile)(xt, ld, d, centers, norms, c0, 2, best, index); break;
  case 1: KNAME(tile)(xt, ld, d, centers, norms, c0, 1, best, index); break;
  default: break;
  }
}

TGT void KNAME(assign)(const KT *x, size_t rows, size_t d, const KT *shift, const KT *centers,
                       const KT *norms, size_t k, int32_t *labels, KT *min_distances,
                       KT *scratch) {
  for (size_t start = 0; start < rows; start += ALLOT_ASSIGN_BATCH_ROWS) {
    size_t count = rows - start < ALLOT_ASSIGN_BATCH_ROWS ? rows - start
                                                          : ALLOT_ASSIGN_BATCH_ROWS;
    size_t ld = (count + KTILE_ROWS - 1) / KTILE_ROWS * KTILE_ROWS;
    const KT *batch = x + start * d;
    // Transpose (and shift) the batch: column j holds the rows in consecutive lanes.
    for (size_t j = 0; j < d; j++) {
      KT s = shift ? shift[j] : (KT)0;
      KT *column = scratch + j * ld;
      for (size_t r = 0; r < count; r++) column[r] = batch[r * d + j] - s;
      for (size_t r = count; r < ld; r++) column[r] = 0;
    }
    for (size_t t = 0; t < ld; t += KTILE_ROWS) {
      KV best[2] = {(KV)(__builtin_inf()), (KV)(__builtin_inf())};
      KI index[2] = {(KI)0, (KI)0};
      KNAME(tile_all)(scratch + t, ld, d, centers, norms, k, best, index);
      size_t n = count - t < KTILE_ROWS ? count - t : KTILE_ROWS;
      for (size_t r = 0; r < n; r++) labels[start + t + r] = (int32_t)index[r / KW][r % KW];
      if (min_distances) {
        KV sq[2] = {(KV)0, (KV)0};
        for (size_t j = 0; j < d; j++) {
          KV x0 = KNAME(load)(scratch + j * ld + t);
          KV x1 = KNAME(load)(scratch + j * ld + t + KW);
          sq[0] = KFMA(x0, x0, sq[0]);
          sq[1] = KFMA(x1, x1, sq[1]);
        }
        for (size_t r = 0; r < n; r++) {
          KT v = best[r / KW][r % KW] + sq[r / KW][r % KW];
          min_distances[start + t + r] = v > 0 ? v : 0;
        }
      }
    }
  }
}

TGT void KNAME(accumulate)(const KT *x, size_t rows, size_t d, const int32_t *labels,
                           const double *centers, double *sums, int64_t *counts,
                           double *distances, double *inertia) {
  double total = 0;
  for (size_t r = 0; r < rows; r++) {
    size_t label = (size_t)labels[r];
    const KT *row = x + r * d;
    double *sum = sums + label * d;
    const double *center = centers + label * d;
    counts[label] += 1;
    KD part = (KD)0;
    size_t j = 0;
    for (; j + KW <= d; j += KW) {
      KD v = KNAME(widen)(KNAME(load)(row + j));
      KNAME(stored)(sum + j, KNAME(loadd)(sum + j) + v);
      KD diff = v - KNAME(loadd)(center + j);
      part += diff * diff;
    }
    double s = KNAME(hsumd)(part);
    for (; j < d; j++) {
      double v = (double)row[j];
      sum[j] += v;
      double diff = v - center[j];
      s += diff * diff;
    }
    if (distances) distances[r] = s;
    total += s;
  }
  *inertia += total;
}

TGT void KNAME(squared_distances)(const KT *x, size_t rows, size_t d, const double *centers,
                                  size_t m, double *out) {
  for (size_t r = 0; r < rows; r++) {
    const KT *row = x + r * d;
    for (size_t c = 0; c < m; c++) {
      const double *center = centers + c * d;
      KD part = (KD)0;
      size_t j = 0;
      for (; j + KW <= d; j += KW) {
        KD diff = KNAME(widen)(KNAME(load)(row + j)) - KNAME(loadd)(center + j);
        part += diff * diff;
      }
      double s = KNAME(hsumd)(part);
      for (; j < d; j++) {
        double diff = (double)row[j] - center[j];
        s += diff * diff;
      }
      out[r * m + c] = s;
    }
  }
}

TGT void KNAME(column_moments)(const KT *x, size_t rows, size_t d, const double *shift,
                               double *sums, double *squares) {
  for (size_t r = 0; r < rows; r++) {
    const KT *row = x + r * d;
    size_t j = 0;
    for (; j + KW <= d; j += KW) {
      KD v = KNAME(widen)(KNAME(load)(row + j));
      if (shift) v -= KNAME(loadd)(shift + j);
      KNAME(stored)(sums + j, KNAME(loadd)(sums + j) + v);
      KNAME(stored)(squares + j, KNAME(loadd)(squares + j) + v * v);
    }
    for (; j < d; j++) {
      double v = (double)row[j] - (shift ? shift[j] : 0.0);
      sums[j] += v;
      squares[j] += v * v;
    }
  }
}

// Rows per block whose r * x sums are kept in the element type before being added into
// the Float64 gradient.
#define KGRADIENT_BLOCK 64

TGT void KNAME(gradient)(const KT *x, const KT *y, size_t rows, size_t d, const KT *w, KT b,
                         double *gradient, double *residual_sum,
                         double *squared_residual_sum, KT *scratch) {
  double rs = 0, r2 = 0;
  for (size_t start = 0; start < rows; start += KGRADIENT_BLOCK) {
    size_t end = rows - start < KGRADIENT_BLOCK ? rows : start + KGRADIENT_BLOCK;
    for (size_t j = 0; j < d; j++) scratch[j] = 0;
    for (size_t r = start; r < end; r++) {
      const KT *row = x + r * d;
      KV part0 = (KV)0, part1 = (KV)0;
      size_t j = 0;
      for (; j + 2 * KW <= d; j += 2 * KW) {
        part0 = KFMA(KNAME(load)(row + j), KNAME(load)(w + j), part0);
        part1 = KFMA(KNAME(load)(row + j + KW), KNAME(load)(w + j + KW), part1);
      }
      for (; j + KW <= d; j += KW) part0 = KFMA(KNAME(load)(row + j), KNAME(load)(w + j), part0);
      KT dot = KNAME(hsum)(part0 + part1);
      for (; j < d; j++) dot += row[j] * w[j];
      KT residual = dot + b - y[r];
      rs += (double)residual;
      r2 += (double)residual * (double)residual;
      KV rv = (KV)(residual);
      j = 0;
      for (; j + KW <= d; j += KW)
        KNAME(store)(scratch + j, KFMA(rv, KNAME(load)(row + j), KNAME(load)(scratch + j)));
      for (; j < d; j++) scratch[j] += residual * row[j];
    }
    for (size_t j = 0; j < d; j++) gradient[j] += (double)scratch[j];
  }
  *residual_sum += rs;
  *squared_residual_sum += r2;
}

#undef KINLINE
#undef KTILE_ROWS
#undef KTILE_CENTERS
#undef KGRADIENT_BLOCK
