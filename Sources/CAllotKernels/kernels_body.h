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

// Horizontal sums by halving, so the adds form a tree (fixed order, short latency); one
// definition for the element-type and the double vectors of KW lanes.
#if KW == 16
#define KHALVING_SUM(v)                                                                        \
  ({                                                                                           \
    __auto_type a8 = (v).lo + (v).hi;                                                          \
    __auto_type a4 = a8.lo + a8.hi;                                                            \
    __auto_type a2 = a4.lo + a4.hi;                                                            \
    a2.lo + a2.hi;                                                                             \
  })
#elif KW == 8
#define KHALVING_SUM(v)                                                                        \
  ({                                                                                           \
    __auto_type a4 = (v).lo + (v).hi;                                                          \
    __auto_type a2 = a4.lo + a4.hi;                                                            \
    a2.lo + a2.hi;                                                                             \
  })
#elif KW == 4
#define KHALVING_SUM(v)                                                                        \
  ({                                                                                           \
    __auto_type a2 = (v).lo + (v).hi;                                                          \
    a2.lo + a2.hi;                                                                             \
  })
#elif KW == 2
#define KHALVING_SUM(v) ((v).lo + (v).hi)
#else
#error "unsupported vector width"
#endif

KINLINE KT KNAME(hsum)(KV v) { return KHALVING_SUM(v); }

KINLINE double KNAME(hsumd)(KD v) { return KHALVING_SUM(v); }
#undef KHALVING_SUM

// Columns of KW consecutive rows of D values (D <= KSMALL_D, a constant once inlined):
// one vector load of the rows, then one constant shuffle per column.
#if KW == 16
#define KSTRIDE KS16
#elif KW == 8
#define KSTRIDE KS8
#elif KW == 4
#define KSTRIDE KS4
#else
#define KSTRIDE KS2
#endif
#define KSMALL_D 8
#define KCOLUMN(D, j)                                                                          \
  if ((j) < (D)) cols[j] = __builtin_shufflevector(b, b, KSTRIDE(D, ((j) < (D) ? (j) : 0)));
#define KCOLUMNS(D)                                                                            \
  KINLINE void KNAME(columns##D)(const KT *p, KV *cols) {                                      \
    typedef KT block __attribute__((ext_vector_type(KW * D)));                                 \
    block b;                                                                                   \
    __builtin_memcpy(&b, p, sizeof b);                                                         \
    KCOLUMN(D, 0) KCOLUMN(D, 1) KCOLUMN(D, 2) KCOLUMN(D, 3)                                    \
    KCOLUMN(D, 4) KCOLUMN(D, 5) KCOLUMN(D, 6) KCOLUMN(D, 7)                                    \
  }
KCOLUMNS(1)
KCOLUMNS(2)
KCOLUMNS(3)
KCOLUMNS(4)
KCOLUMNS(5)
KCOLUMNS(6)
KCOLUMNS(7)
KCOLUMNS(8)
#undef KCOLUMNS
#undef KCOLUMN

// Loads KW rows of D values starting at `p` as D column vectors; only the first `n` rows
// are read (the others are zero).
KINLINE void KNAME(columns)(const KT *p, size_t n, size_t D, KV *cols) {
  KT pad[KW * KSMALL_D];
  if (n < KW) {
    for (size_t i = 0; i < KW * D; i++) pad[i] = i < n * D ? p[i] : (KT)0;
    p = pad;
  }
  switch (D) {
  case 1: KNAME(columns1)(p, cols); break;
  case 2: KNAME(columns2)(p, cols); break;
  case 3: KNAME(columns3)(p, cols); break;
  case 4: KNAME(columns4)(p, cols); break;
  case 5: KNAME(columns5)(p, cols); break;
  case 6: KNAME(columns6)(p, cols); break;
  case 7: KNAME(columns7)(p, cols); break;
  default: KNAME(columns8)(p, cols); break;
  }
}

typedef int32_t KNAME(labelv) __attribute__((ext_vector_type(KW)));
typedef double KNAME(d8) __attribute__((ext_vector_type(8)));
typedef double KNAME(d4) __attribute__((ext_vector_type(4)));
typedef KT KNAME(t8) __attribute__((ext_vector_type(8)));
typedef KT KNAME(t4) __attribute__((ext_vector_type(4)));

// Horizontal sums of KW vectors at once: lane i of the result is the sum of p[i]'s lanes.
// Each level folds every vector's segments in half and packs two vectors into one (two
// constant shuffles and one add per pair), so KW vectors take KW - 1 adds and twice as many
// shuffles instead of KW horizontal sums. Fixed order, like hsum. KFOLD_TREE(LEVEL) applies
// LEVEL(level, pairs) to each level in turn; the argmin of argmin_rows folds the same way.
#if KW == 16
#define KFOLD_TREE(LEVEL) LEVEL(1, 8) LEVEL(2, 4) LEVEL(3, 2) LEVEL(4, 1)
#define KFOLD_LO_1 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23
#define KFOLD_HI_1 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31
#define KFOLD_LO_2 0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27
#define KFOLD_HI_2 4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31
#define KFOLD_LO_3 0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29
#define KFOLD_HI_3 2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23, 26, 27, 30, 31
#define KFOLD_LO_4 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30
#define KFOLD_HI_4 1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31
#elif KW == 8
#define KFOLD_TREE(LEVEL) LEVEL(1, 4) LEVEL(2, 2) LEVEL(3, 1)
#define KFOLD_LO_1 0, 1, 2, 3, 8, 9, 10, 11
#define KFOLD_HI_1 4, 5, 6, 7, 12, 13, 14, 15
#define KFOLD_LO_2 0, 1, 4, 5, 8, 9, 12, 13
#define KFOLD_HI_2 2, 3, 6, 7, 10, 11, 14, 15
#define KFOLD_LO_3 0, 2, 4, 6, 8, 10, 12, 14
#define KFOLD_HI_3 1, 3, 5, 7, 9, 11, 13, 15
#elif KW == 4
#define KFOLD_TREE(LEVEL) LEVEL(1, 2) LEVEL(2, 1)
#define KFOLD_LO_1 0, 1, 4, 5
#define KFOLD_HI_1 2, 3, 6, 7
#define KFOLD_LO_2 0, 2, 4, 6
#define KFOLD_HI_2 1, 3, 5, 7
#elif KW == 2
#define KFOLD_TREE(LEVEL) LEVEL(1, 1)
#define KFOLD_LO_1 0, 2
#define KFOLD_HI_1 1, 3
#endif
#define KFOLD(level, a, b)                                                                     \
  (__builtin_shufflevector(a, b, KFOLD_LO_##level) +                                           \
   __builtin_shufflevector(a, b, KFOLD_HI_##level))

KINLINE KV KNAME(row_sums)(KV *p) {
#define KSUM_LEVEL(level, pairs)                                                               \
  for (size_t q = 0; q < pairs; q++) p[q] = KFOLD(level, p[2 * q], p[2 * q + 1]);
  KFOLD_TREE(KSUM_LEVEL)
#undef KSUM_LEVEL
  return p[0];
}

KINLINE KI KNAME(lanes)(void) {
  KI lanes;
  for (int i = 0; i < KW; i++) lanes[i] = i;
  return lanes;
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



// Centers in lanes, for d > KSMALL_D: KLANE_ROWS shifted rows (row-major, broadcast one
// value at a time) against V vectors of KW centers each, from a block of the transposed
// centers (`block[j * KLANE_WIDTH + lane]`). Same products and sums as the tiles (the
// labels are identical); each lane keeps its running minimum and center index. The
// KLANE_ROWS * KLANE_VECS accumulators, KLANE_VECS center vectors and the broadcast row
// value stay in registers: 6 x 4 with 32 vector registers, 6 x 2 with 16.
#define KLANE_ROWS 6
#if VECTOR_REGISTERS >= 32
#define KLANE_VECS 4
#else
#define KLANE_VECS 2
#endif
#define KLANE_WIDTH (KLANE_VECS * KW)
KINLINE void KNAME(lane_tile)(const KT *xs, size_t d, const KT *block, const KT *norms,
                              int c0, int R, int V, KV *best, KI *index) {
  KV acc[KLANE_ROWS][KLANE_VECS];
#pragma clang loop unroll(full)
  for (int r = 0; r < KLANE_ROWS; r++)
#pragma clang loop unroll(full)
    for (int v = 0; v < KLANE_VECS; v++) acc[r][v] = (KV)0;
  for (size_t j = 0; j < d; j++) {
    KV cv[KLANE_VECS];
#pragma clang loop unroll(full)
    for (int v = 0; v < KLANE_VECS; v++)
      if (v < V) cv[v] = KNAME(load)(block + j * KLANE_WIDTH + v * KW);
#pragma clang loop unroll(full)
    for (int r = 0; r < KLANE_ROWS; r++) {
      if (r < R) {
        KV xr = (KV)(xs[(size_t)r * d + j]);
#pragma clang loop unroll(full)
        for (int v = 0; v < KLANE_VECS; v++)
          if (v < V) acc[r][v] = KFMA(xr, cv[v], acc[r][v]);
      }
    }
  }
  KI lanes = KNAME(lanes)();
#pragma clang loop unroll(full)
  for (int v = 0; v < KLANE_VECS; v++) {
    if (v < V) {
      KV n = KNAME(load)(norms + c0 + v * KW);
      KI id = lanes + (KI)(c0 + v * KW);
#pragma clang loop unroll(full)
      for (int r = 0; r < KLANE_ROWS; r++) {
        if (r < R) {
          KV value = KFMA(acc[r][v], (KV)(-2), n);
          KI closer = value < best[r];
          best[r] = closer ? value : best[r];
          index[r] = closer ? id : index[r];
        }
      }
    }
  }
}

// Scores R rows against every center; leaves each row's per-lane minimum and its center
// index in best[r] and index[r].
KINLINE void KNAME(lane_rows)(const KT *xs, size_t d, const KT *ct, const KT *norms,
                              size_t kp, int R, KV *best_out, KI *index_out) {
  KV best[KLANE_ROWS];
  KI index[KLANE_ROWS];
  for (int r = 0; r < R; r++) {
    best[r] = (KV)(__builtin_inf());
    index[r] = (KI)0;
  }
  for (size_t c0 = 0; c0 < kp; c0 += KLANE_WIDTH) {
    const KT *block = ct + c0 * d;
    size_t vecs = (kp - c0) / KW;
    switch (vecs < KLANE_VECS ? vecs : KLANE_VECS) {
    case 1: KNAME(lane_tile)(xs, d, block, norms, (int)c0, R, 1, best, index); break;
#if KLANE_VECS > 2
    case 2: KNAME(lane_tile)(xs, d, block, norms, (int)c0, R, 2, best, index); break;
    case 3: KNAME(lane_tile)(xs, d, block, norms, (int)c0, R, 3, best, index); break;
#endif
    default: KNAME(lane_tile)(xs, d, block, norms, (int)c0, R, KLANE_VECS, best, index); break;
    }
  }
  for (int r = 0; r < R; r++) {
    best_out[r] = best[r];
    index_out[r] = index[r];
  }
}

// One fold level of the argmin: the smaller value of each pair of lanes, the lower center
// index on a tie.
#define KARGMIN_FOLD(level, va, vb, ia, ib, v, i)                                             \
  do {                                                                                         \
    KV lo = __builtin_shufflevector(va, vb, KFOLD_LO_##level);                                 \
    KV hi = __builtin_shufflevector(va, vb, KFOLD_HI_##level);                                 \
    KI ilo = __builtin_shufflevector(ia, ib, KFOLD_LO_##level);                                \
    KI ihi = __builtin_shufflevector(ia, ib, KFOLD_HI_##level);                                \
    KI take = (hi < lo) | ((hi == lo) & (ihi < ilo));                                          \
    v = take ? hi : lo;                                                                        \
    i = take ? ihi : ilo;                                                                      \
  } while (0)

// Labels of `count` rows from their per-lane minima: KW rows at a time, the lanes folded
// like row_sums, so that lane r of the result is row r's nearest center (lowest index on a
// tie).
KINLINE void KNAME(argmin_rows)(KV *best, KI *index, size_t count, int32_t *labels) {
  for (size_t r = 0; r < count; r += KW) {
    size_t m = count - r < KW ? count - r : KW;
    KV v[KW];
    KI i[KW];
    for (size_t q = 0; q < KW; q++) {
      v[q] = best[r + (q < m ? q : 0)];
      i[q] = index[r + (q < m ? q : 0)];
    }
#define KARGMIN_LEVEL(level, pairs)                                                            \
  for (size_t q = 0; q < pairs; q++)                                                           \
    KARGMIN_FOLD(level, v[2 * q], v[2 * q + 1], i[2 * q], i[2 * q + 1], v[q], i[q]);
    KFOLD_TREE(KARGMIN_LEVEL)
#undef KARGMIN_LEVEL
    KNAME(labelv) out = __builtin_convertvector(i[0], KNAME(labelv));
    if (m == KW) {
      __builtin_memcpy(labels + r, &out, sizeof out);
    } else {
      for (size_t q = 0; q < m; q++) labels[r + q] = out[q];
    }
  }
}
#undef KARGMIN_FOLD

// Assigns `count` rows with centers in lanes. `ct` holds the centers transposed in blocks
// of KLANE_WIDTH (zero padded to kp, a multiple of KW), `norms` kp norms (+inf padded),
// `xs` room for count * d shifted values.
KINLINE void KNAME(assign_lanes)(const KT *x, size_t count, size_t d, const KT *shift,
                                 const KT *ct, const KT *norms, size_t kp, KT *xs,
                                 int32_t *labels) {
  size_t whole = d / KW * KW;
  for (size_t r = 0; r < count; r++) {
    const KT *row = x + r * d;
    KT *out = xs + r * d;
    size_t j = 0;
    for (; j < whole; j += KW)
      KNAME(store)(out + j, KNAME(load)(row + j) - (shift ? KNAME(load)(shift + j) : (KV)0));
    for (; j < d; j++) out[j] = row[j] - (shift ? shift[j] : (KT)0);
  }
  // While a tile's rows are scored, the same rows of the next batch are asked for, so
  // that the copy above finds them in cache.
  const char *next = (const char *)(x + count * d);
  size_t line = 64, rowBytes = KLANE_ROWS * d * sizeof(KT);
  size_t r0 = 0;
  KV best[ALLOT_ASSIGN_BATCH_ROWS];
  KI index[ALLOT_ASSIGN_BATCH_ROWS];
  for (; r0 + KLANE_ROWS <= count; r0 += KLANE_ROWS) {
    for (size_t b = 0; b < rowBytes; b += line) __builtin_prefetch(next + r0 * d * sizeof(KT) + b);
    KNAME(lane_rows)(xs + r0 * d, d, ct, norms, kp, KLANE_ROWS, best + r0, index + r0);
  }
  switch (count - r0) {
  case 5: KNAME(lane_rows)(xs + r0 * d, d, ct, norms, kp, 5, best + r0, index + r0); break;
  case 4: KNAME(lane_rows)(xs + r0 * d, d, ct, norms, kp, 4, best + r0, index + r0); break;
  case 3: KNAME(lane_rows)(xs + r0 * d, d, ct, norms, kp, 3, best + r0, index + r0); break;
  case 2: KNAME(lane_rows)(xs + r0 * d, d, ct, norms, kp, 2, best + r0, index + r0); break;
  case 1: KNAME(lane_rows)(xs + r0 * d, d, ct, norms, kp, 1, best + r0, index + r0); break;
  default: break;
  }
  KNAME(argmin_rows)(best, index, count, labels);
}

// Nearest centers for `rows` rows of D <= KSMALL_D columns, KW rows per vector and all
// centers in turn; same arithmetic and tie rule as the tiles. Writes `labels` and adds to
// `*changed` the number of labels that differ from what `labels` held.
KINLINE void KNAME(assign_small)(const KT *x, size_t rows, size_t D, const KT *shift,
                                 const KT *centers, const KT *norms, size_t k,
                                 int32_t *labels, int64_t *changed) {
  KV sh[KSMALL_D];
  for (size_t j = 0; j < D; j++) sh[j] = (KV)(shift ? shift[j] : (KT)0);
  int64_t count = 0;
  for (size_t r = 0; r < rows; r += KW) {
    size_t n = rows - r < KW ? rows - r : KW;
    KV cols[KSMALL_D];
    KNAME(columns)(x + r * D, n, D, cols);
    for (size_t j = 0; j < D; j++) cols[j] -= sh[j];
    KV best = (KV)(__builtin_inf());
    KI index = (KI)0;
    for (size_t c = 0; c < k; c++) {
      const KT *center = centers + c * D;
      KV acc = (KV)0;
      for (size_t j = 0; j < D; j++) acc = KFMA(cols[j], (KV)(center[j]), acc);
      KV value = KFMA(acc, (KV)(-2), (KV)(norms[c]));
      KI closer = value < best;
      best = closer ? value : best;
      index = closer ? (KI)((int)c) : index;
    }
    KNAME(labelv) fresh = __builtin_convertvector(index, KNAME(labelv));
    if (n == KW) {
      KNAME(labelv) old;
      __builtin_memcpy(&old, labels + r, sizeof old);
      count -= __builtin_reduce_add(old != fresh);
      __builtin_memcpy(labels + r, &fresh, sizeof fresh);
    } else {
      for (size_t i = 0; i < n; i++) {
        count += labels[r + i] != fresh[i];
        labels[r + i] = fresh[i];
      }
    }
  }
  *changed += count;
}

// One row into its cluster's Float64 sums and count.
KINLINE void KNAME(accumulate_row)(const KT *row, size_t D, size_t label, double *sums,
                                   int64_t *counts) {
  double *sum = sums + label * D;
  counts[label] += 1;
  size_t j = 0;
  for (; j + 8 <= D; j += 8) {
    KNAME(t8) t;
    __builtin_memcpy(&t, row + j, sizeof t);
    KNAME(d8) s;
    __builtin_memcpy(&s, sum + j, sizeof s);
    s += __builtin_convertvector(t, KNAME(d8));
    __builtin_memcpy(sum + j, &s, sizeof s);
  }
  for (; j + 4 <= D; j += 4) {
    KNAME(t4) t;
    __builtin_memcpy(&t, row + j, sizeof t);
    KNAME(d4) s;
    __builtin_memcpy(&s, sum + j, sizeof s);
    s += __builtin_convertvector(t, KNAME(d4));
    __builtin_memcpy(sum + j, &s, sizeof s);
  }
  for (; j < D; j++) sum[j] += (double)row[j];
}

// Cluster sums and counts of `rows` rows (D columns; a constant when inlined for small
// D). Row r goes to copy r % copies of the sums and counts (copies is 1 or 4, strides kd
// and k), which breaks the store-to-load chains between rows of the same cluster; the caller
// adds the copies in a fixed order.
KINLINE void KNAME(accumulate_rows)(const KT *x, size_t rows, size_t D,
                                    const int32_t *labels, double *sums, int64_t *counts,
                                    size_t k, int copies) {
  size_t kd = k * D;
  double *s[4];
  int64_t *c[4];
  for (int q = 0; q < 4; q++) {
    s[q] = sums + (copies == 4 ? (size_t)q * kd : 0);
    c[q] = counts + (copies == 4 ? (size_t)q * k : 0);
  }
  size_t r = 0;
  for (; r + 4 <= rows; r += 4) {
#pragma clang loop unroll(full)
    for (int q = 0; q < 4; q++)
      KNAME(accumulate_row)(x + (r + q) * D, D, (size_t)labels[r + q], s[q], c[q]);
  }
  for (; r < rows; r++) KNAME(accumulate_row)(x + r * D, D, (size_t)labels[r], s[r & 3], c[r & 3]);
}

// Copies of the sums the fused step keeps on the stack when k * d is at most this.
#define KSTEP_LOCAL 2048

KINLINE void KNAME(step_impl)(const KT *x, size_t rows, size_t D, const KT *shift,
                              const KT *centers, const KT *norms, size_t k, int32_t *labels,
                              double *sums, int64_t *counts, int64_t *changed, KT *scratch) {
  size_t kd = k * D;
  int copies = kd <= KSTEP_LOCAL && k <= KSTEP_LOCAL / 2 ? 4 : 1;
  double local_sums[copies == 4 ? 4 * kd : 1];
  int64_t local_counts[copies == 4 ? 4 * k : 1];
  double *s = sums;
  int64_t *c = counts;
  if (copies == 4) {
    for (size_t i = 0; i < 4 * kd; i++) local_sums[i] = 0;
    for (size_t i = 0; i < 4 * k; i++) local_counts[i] = 0;
    s = local_sums;
    c = local_counts;
  }
  int64_t changes = 0;
  int32_t fresh[ALLOT_ASSIGN_BATCH_ROWS];
  // Centers transposed into blocks of KLANE_WIDTH for the lane kernel (d > KSMALL_D).
  size_t kp = (k + KW - 1) / KW * KW;
  size_t kblocks = (kp + KLANE_WIDTH - 1) / KLANE_WIDTH * KLANE_WIDTH;
  KT *xs = scratch;
  KT *ct = scratch + ALLOT_ASSIGN_BATCH_ROWS * D;
  KT *cnorms = ct + kblocks * D;
  if (D > KSMALL_D) {
    for (size_t c = 0; c < kblocks; c++) {
      KT *block = ct + (c / KLANE_WIDTH) * KLANE_WIDTH * D + c % KLANE_WIDTH;
      for (size_t j = 0; j < D; j++) block[j * KLANE_WIDTH] = c < k ? centers[c * D + j] : (KT)0;
      cnorms[c] = c < k ? norms[c] : (KT)__builtin_inf();
    }
  }
  for (size_t start = 0; start < rows; start += ALLOT_ASSIGN_BATCH_ROWS) {
    size_t count = rows - start < ALLOT_ASSIGN_BATCH_ROWS ? rows - start
                                                          : ALLOT_ASSIGN_BATCH_ROWS;
    const KT *batch = x + start * D;
    if (D <= KSMALL_D) {
      KNAME(assign_small)(batch, count, D, shift, centers, norms, k, labels + start,
                          &changes);
    } else {
      KNAME(assign_lanes)(batch, count, D, shift, ct, cnorms, kp, xs, fresh);
      for (size_t r = 0; r < count; r++) {
        changes += labels[start + r] != fresh[r];
        labels[start + r] = fresh[r];
      }
    }
    KNAME(accumulate_rows)(batch, count, D, labels + start, s, c, k, copies);
  }
  if (copies == 4) {
    for (size_t i = 0; i < kd; i++)
      sums[i] += (local_sums[i] + local_sums[kd + i]) +
                 (local_sums[2 * kd + i] + local_sums[3 * kd + i]);
    for (size_t i = 0; i < k; i++)
      counts[i] += local_counts[i] + local_counts[k + i] + local_counts[2 * k + i] +
                   local_counts[3 * k + i];
  }
  *changed += changes;
}

TGT void KNAME(step)(const KT *x, size_t rows, size_t d, const KT *shift, const KT *centers,
                     const KT *norms, size_t k, int32_t *labels, double *sums, int64_t *counts,
                     int64_t *changed, KT *scratch) {
  switch (d) {
#define KSTEP_CASE(D)                                                                          \
  case D:                                                                                      \
    KNAME(step_impl)(x, rows, D, shift, centers, norms, k, labels, sums, counts, changed,      \
                     scratch);                                                                 \
    return;
    KSTEP_CASE(1)
    KSTEP_CASE(2)
    KSTEP_CASE(3)
    KSTEP_CASE(4)
    KSTEP_CASE(5)
    KSTEP_CASE(6)
    KSTEP_CASE(7)
    KSTEP_CASE(8)
#undef KSTEP_CASE
  default:
    KNAME(step_impl)(x, rows, d, shift, centers, norms, k, labels, sums, counts, changed,
                     scratch);
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


// The gradient for D <= KSMALL_D columns (a constant once inlined): KW rows per vector,
// their columns taken apart with shuffles; r * x summed in the element type over
// KGRADIENT_BLOCK rows, then in Float64 lanes, and the lanes added at the end.
KINLINE void KNAME(gradient_small)(const KT *x, const KT *y, size_t rows, size_t D,
                                   const KT *w, KT b, double *gradient, double *residual_sum,
                                   double *squared_residual_sum) {
  KV weights[KSMALL_D];
  KD total[KSMALL_D];
  for (size_t j = 0; j < D; j++) {
    weights[j] = (KV)(w[j]);
    total[j] = (KD)0;
  }
  KD rs = (KD)0, r2 = (KD)0;
  KI lanes = KNAME(lanes)();
  for (size_t start = 0; start < rows; start += KGRADIENT_BLOCK) {
    size_t end = rows - start < KGRADIENT_BLOCK ? rows : start + KGRADIENT_BLOCK;
    KV part[KSMALL_D];
    for (size_t j = 0; j < D; j++) part[j] = (KV)0;
    for (size_t r = start; r < end; r += KW) {
      size_t n = end - r < KW ? end - r : KW;
      KV cols[KSMALL_D];
      KNAME(columns)(x + r * D, n, D, cols);
      KV target;
      if (n == KW) {
        target = KNAME(load)(y + r);
      } else {
        target = (KV)0;
        for (size_t i = 0; i < n; i++) target[i] = y[r + i];
      }
      KV dot = (KV)0;
      for (size_t j = 0; j < D; j++) dot = KFMA(cols[j], weights[j], dot);
      KV residual = dot + b - target;
      if (n < KW) residual = lanes < (KI)((int)n) ? residual : (KV)0;
      KD wide = KNAME(widen)(residual);
      rs += wide;
      r2 += wide * wide;
      for (size_t j = 0; j < D; j++) part[j] = KFMA(residual, cols[j], part[j]);
    }
    for (size_t j = 0; j < D; j++) total[j] += KNAME(widen)(part[j]);
  }
  for (size_t j = 0; j < D; j++) gradient[j] += KNAME(hsumd)(total[j]);
  *residual_sum += KNAME(hsumd)(rs);
  *squared_residual_sum += KNAME(hsumd)(r2);
}

// Column vectors per panel of the gradient's second pass (their sums stay in registers,
// two copies of each for even and odd rows).
#define KGRADIENT_PANEL 4
// Bytes of rows per block of the general gradient (half of a 32 KiB L1 data cache).
#define KGRADIENT_BYTES 16384

// r * x over the `n` rows of one block (residuals `res`) for the columns [j0, j0 + V * KW):
// sums in the element type, then added into the Float64 `gradient`.
KINLINE void KNAME(gradient_panel)(const KT *x, size_t d, size_t n, const KT *res, size_t j0,
                                   int V, double *gradient) {
  KV even[KGRADIENT_PANEL], odd[KGRADIENT_PANEL];
#pragma clang loop unroll(full)
  for (int v = 0; v < KGRADIENT_PANEL; v++) even[v] = odd[v] = (KV)0;
  size_t r = 0;
  for (; r + 2 <= n; r += 2) {
    const KT *row = x + r * d + j0;
    KV r0 = (KV)(res[r]), r1 = (KV)(res[r + 1]);
#pragma clang loop unroll(full)
    for (int v = 0; v < KGRADIENT_PANEL; v++) {
      if (v < V) {
        even[v] = KFMA(r0, KNAME(load)(row + v * KW), even[v]);
        odd[v] = KFMA(r1, KNAME(load)(row + d + v * KW), odd[v]);
      }
    }
  }
  if (r < n) {
    KV r0 = (KV)(res[r]);
#pragma clang loop unroll(full)
    for (int v = 0; v < KGRADIENT_PANEL; v++)
      if (v < V) even[v] = KFMA(r0, KNAME(load)(x + r * d + j0 + v * KW), even[v]);
  }
#pragma clang loop unroll(full)
  for (int v = 0; v < KGRADIENT_PANEL; v++) {
    if (v < V) {
      double *out = gradient + j0 + (size_t)v * KW;
      KNAME(stored)(out, KNAME(loadd)(out) + KNAME(widen)(even[v] + odd[v]));
    }
  }
}

// The gradient for d > KSMALL_D, in blocks of at most KGRADIENT_BLOCK rows and
// KGRADIENT_BYTES bytes: first every row's residual (KW rows at a time), then r * x column
// panel by column panel while the block is in cache, the panel's sums in registers.
// `vectors` is d / KW, a constant when inlined for narrow rows.
KINLINE void KNAME(gradient_wide)(const KT *x, const KT *y, size_t rows, size_t d,
                                  size_t vectors, const KT *w, KT b, double *gradient,
                                  double *residual_sum, double *squared_residual_sum) {
  size_t tail = vectors * KW;
  KD rs = (KD)0, r2 = (KD)0;
  KT res[KGRADIENT_BLOCK];
  // Blocks of at most KGRADIENT_BYTES, so that the second pass reads them from L1.
  size_t per_block = KGRADIENT_BYTES / (d * sizeof(KT));
  per_block = per_block < 8 ? 8 : per_block > KGRADIENT_BLOCK ? KGRADIENT_BLOCK : per_block;
  for (size_t start = 0; start < rows; start += per_block) {
    size_t n = rows - start < per_block ? rows - start : per_block;
    const KT *block = x + start * d;
    // Residuals KW rows at a time: each row's dot product as a vector of partial sums
    // (four accumulators when the row has four vectors or more), their horizontal sums
    // together, then the residuals as one vector.
    for (size_t r = 0; r < n; r += KW) {
      size_t m = n - r < KW ? n - r : KW;
      KV p[KW];
      for (size_t i = 0; i < KW; i++) {
        const KT *row = block + (r + (i < m ? i : 0)) * d;
        KV a0 = vectors ? KNAME(load)(row) * KNAME(load)(w) : (KV)0;
        KV a1 = (KV)0, a2 = (KV)0, a3 = (KV)0;
        size_t v = 1;
        for (; v + 4 <= vectors; v += 4) {
          a1 = KFMA(KNAME(load)(row + v * KW), KNAME(load)(w + v * KW), a1);
          a2 = KFMA(KNAME(load)(row + (v + 1) * KW), KNAME(load)(w + (v + 1) * KW), a2);
          a3 = KFMA(KNAME(load)(row + (v + 2) * KW), KNAME(load)(w + (v + 2) * KW), a3);
          a0 = KFMA(KNAME(load)(row + (v + 3) * KW), KNAME(load)(w + (v + 3) * KW), a0);
        }
        for (; v < vectors; v++) a1 = KFMA(KNAME(load)(row + v * KW), KNAME(load)(w + v * KW), a1);
        p[i] = (a0 + a1) + (a2 + a3);
      }
      KV dots = KNAME(row_sums)(p);
      KV target = (KV)0;
      if (m == KW) {
        target = KNAME(load)(y + start + r);
      } else {
        for (size_t i = 0; i < m; i++) target[i] = y[start + r + i];
      }
      for (size_t i = 0; tail < d && i < m; i++) {
        const KT *row = block + (r + i) * d;
        for (size_t j = tail; j < d; j++) dots[i] += row[j] * w[j];
      }
      KV residual = dots + b - target;
      if (m < KW) residual = KNAME(lanes)() < (KI)((int)m) ? residual : (KV)0;
      KNAME(store)(res + r, residual);
      KD wide = KNAME(widen)(residual);
      rs += wide;
      r2 += wide * wide;
    }
    size_t j0 = 0;
    for (; j0 + KGRADIENT_PANEL * KW <= tail; j0 += KGRADIENT_PANEL * KW)
      KNAME(gradient_panel)(block, d, n, res, j0, KGRADIENT_PANEL, gradient);
    switch ((tail - j0) / KW) {
    case 3: KNAME(gradient_panel)(block, d, n, res, j0, 3, gradient); break;
    case 2: KNAME(gradient_panel)(block, d, n, res, j0, 2, gradient); break;
    case 1: KNAME(gradient_panel)(block, d, n, res, j0, 1, gradient); break;
    default: break;
    }
    for (size_t j = tail; j < d; j++) {
      KT sum = 0;
      for (size_t r = 0; r < n; r++) sum += res[r] * block[r * d + j];
      gradient[j] += (double)sum;
    }
  }
  *residual_sum += KNAME(hsumd)(rs);
  *squared_residual_sum += KNAME(hsumd)(r2);
}

// The gradient: D <= KSMALL_D and rows of one to four vectors get code specialised for
// their width.
TGT void KNAME(gradient)(const KT *x, const KT *y, size_t rows, size_t d, const KT *w, KT b,
                         double *gradient, double *residual_sum,
                         double *squared_residual_sum) {
  switch (d) {
#define KGRADIENT_CASE(D)                                                                      \
  case D:                                                                                      \
    KNAME(gradient_small)(x, y, rows, D, w, b, gradient, residual_sum, squared_residual_sum);  \
    return;
    KGRADIENT_CASE(1)
    KGRADIENT_CASE(2)
    KGRADIENT_CASE(3)
    KGRADIENT_CASE(4)
    KGRADIENT_CASE(5)
    KGRADIENT_CASE(6)
    KGRADIENT_CASE(7)
    KGRADIENT_CASE(8)
#undef KGRADIENT_CASE
  default: break;
  }
  switch (d / KW) {
#define KGRADIENT_WIDE(V)                                                                      \
  case V:                                                                                      \
    KNAME(gradient_wide)(x, y, rows, d, V, w, b, gradient, residual_sum,                        \
                         squared_residual_sum);                                                \
    return;
    KGRADIENT_WIDE(1)
    KGRADIENT_WIDE(2)
    KGRADIENT_WIDE(3)
    KGRADIENT_WIDE(4)
#undef KGRADIENT_WIDE
  default:
    KNAME(gradient_wide)(x, y, rows, d, d / KW, w, b, gradient, residual_sum,
                         squared_residual_sum);
  }
}

#undef KINLINE
#undef KTILE_ROWS
#undef KTILE_CENTERS
#undef KGRADIENT_BLOCK
#undef KGRADIENT_PANEL
#undef KGRADIENT_BYTES
#undef KFOLD
#undef KFOLD_TREE
#undef KFOLD_LO_1
#undef KFOLD_HI_1
#undef KFOLD_LO_2
#undef KFOLD_HI_2
#undef KFOLD_LO_3
#undef KFOLD_HI_3
#undef KFOLD_LO_4
#undef KFOLD_HI_4
#undef KSTRIDE
#undef KSMALL_D
#undef KSTEP_LOCAL
#undef KLANE_ROWS
#undef KLANE_VECS
#undef KLANE_WIDTH
