// k-means kernels of Allot.
//
// Built with the definitions of layout.cl in front (build options, data layout, vector types);
// in addition, -D CB=n sets the centers held in registers per work-item in the assignment
// kernels. The centers are row-major, k x d, padded to a multiple of CB with rows whose squared
// norm is +infinity (they never win).

#ifndef CB
#define CB 8
#endif

// Points i0 .. i0 + VW - 1 against all centers: the nearest center by |c|^2 - 2 x.c (the host
// centers the data on their mean, so the two terms do not cancel badly; ties go to the lower
// index), then the squared distance to it from direct differences. CENTERS and NORMS are
// expressions naming the (local or global) center rows and their squared norms.
#define ALLOT_ASSIGN(CENTERS, NORMS)                                                          \
  realv best = (realv)(INFINITY);                                                            \
  realv best_center = (realv)(0);                                                            \
  for (int c0 = 0; c0 < kp; c0 += CB) {                                                      \
    realv acc[CB];                                                                           \
    for (int u = 0; u < CB; ++u) acc[u] = (realv)(0);                                        \
    for (int j = 0; j < d; ++j) {                                                            \
      realv x = LOADV(xt + XT_INDEX(i0, j));                                                 \
      for (int u = 0; u < CB; ++u) acc[u] = fma(x, (realv)(CENTERS[(c0 + u) * d + j]), acc[u]); \
    }                                                                                        \
    for (int u = 0; u < CB; ++u) {                                                           \
      realv score = (realv)(NORMS[c0 + u]) - 2 * acc[u];                                     \
      ALLOT_KEEP_BEST(score, c0 + u)                                                         \
    }                                                                                        \
  }                                                                                          \
  REAL lanes[VW];                                                                            \
  STOREV(best_center, lanes);                                                                \
  for (int l = 0; l < VW && i0 + l < n; ++l) {                                               \
    int label = (int)lanes[l];                                                               \
    REAL distance = 0;                                                                       \
    for (int j = 0; j < d; ++j) {                                                            \
      REAL diff = xt[XT_INDEX(i0 + l, j)] - CENTERS[label * d + j];                           \
      distance = fma(diff, diff, distance);                                                  \
    }                                                                                        \
    labels[i0 + l] = label;                                                                  \
    distances[i0 + l] = distance;                                                            \
  }

#if VW == 1
#define ALLOT_KEEP_BEST(score, center) \
  if (score < best) {                  \
    best = score;                      \
    best_center = (REAL)(center);      \
  }
#else
#define ALLOT_KEEP_BEST(score, center)                                    \
  best_center = select(best_center, (realv)(center), isless(score, best)); \
  best = fmin(score, best);
#endif

// VW points per work-item; the centers and their norms are copied into local memory first.
__kernel void assign_local(__global const REAL *xt, int n, int d,
                           __global const REAL *centers, __global const REAL *norms, int kp,
                           __local REAL *local_centers, __local REAL *local_norms,
                           __global int *labels, __global REAL *distances) {
  int lid = get_local_id(0);
  int lsize = get_local_size(0);
  for (int e = lid; e < kp * d; e += lsize) local_centers[e] = centers[e];
  for (int e = lid; e < kp; e += lsize) local_norms[e] = norms[e];
  barrier(CLK_LOCAL_MEM_FENCE);
  int i0 = get_global_id(0) * VW;
  if (i0 >= n) return;
  ALLOT_ASSIGN(local_centers, local_norms)
}

// The same, reading the centers from global memory (when they do not fit in local memory).
__kernel void assign_global(__global const REAL *xt, int n, int d,
                            __global const REAL *centers, __global const REAL *norms, int kp,
                            __global int *labels, __global REAL *distances) {
  int i0 = get_global_id(0) * VW;
  if (i0 >= n) return;
  ALLOT_ASSIGN(centers, norms)
}

// Per-work-group partial sums over a contiguous block of `rows_per_group` points, in row order.
// Work-item `col` (strided by the local size) owns column `col` of the group's partial:
// columns 0..d-1 are the coordinate sums of each cluster, column d the counts, the inertia and
// the number of changed labels. The block is walked in tiles of `tile_rows` rows with a barrier
// between tiles, so that on a CPU driver (which runs the work-items of a group one after the
// other) every column of a tile is read while the tile is in cache. Partial layout per group g:
//   sums[g * (k * d + 1) + c * d + j], with sums[g * (k * d + 1) + k * d] = inertia
//   counts[g * (k + 1) + c],           with counts[g * (k + 1) + k]      = changed labels
__kernel void update_partial(__global const REAL *xt, int n, int d, int k, int rows_per_group,
                             int tile_rows, __global const int *labels,
                             __global const int *previous_labels,
                             __global const REAL *distances, __global ACC *sums,
                             __global int *counts) {
  int g = get_group_id(0);
  int lid = get_local_id(0);
  int lsize = get_local_size(0);
  int start = g * rows_per_group;
  int end = min(n, start + rows_per_group);
  __global ACC *group_sums = sums + (size_t)g * (k * d + 1);
  __global int *group_counts = counts + (size_t)g * (k + 1);
  for (int col = lid; col <= d; col += lsize) {
    if (col < d) {
      for (int c = 0; c < k; ++c) group_sums[c * d + col] = 0;
    } else {
      for (int c = 0; c <= k; ++c) group_counts[c] = 0;
      group_sums[k * d] = 0;
    }
  }
  for (int tile = start; tile < end; tile += tile_rows) {
    int tile_end = min(end, tile + tile_rows);
    for (int col = lid; col <= d; col += lsize) {
      if (col < d) {
        for (int i = tile; i < tile_end; ++i) {
          group_sums[labels[i] * d + col] += (ACC)xt[XT_INDEX(i, col)];
        }
      } else {
        ACC inertia = 0;
        int changed = 0;
        for (int i = tile; i < tile_end; ++i) {
          int label = labels[i];
          group_counts[label] += 1;
          inertia += (ACC)distances[i];
          changed += (label != previous_labels[i]) ? 1 : 0;
        }
        group_sums[k * d] += inertia;
        group_counts[k] += changed;
      }
    }
    barrier(CLK_GLOBAL_MEM_FENCE);
  }
}

// The same partials for CPU drivers: one work-item per group walks its rows in order and adds
// each whole row to its cluster's sums (the row's coordinates lie in one cached block).
__kernel void update_partial_rows(__global const REAL *xt, int n, int d, int k,
                                  int rows_per_group, int tile_rows, __global const int *labels,
                                  __global const int *previous_labels,
                                  __global const REAL *distances, __global ACC *sums,
                                  __global int *counts) {
  int g = get_global_id(0);
  int start = g * rows_per_group;
  int end = min(n, start + rows_per_group);
  __global ACC *group_sums = sums + (size_t)g * (k * d + 1);
  __global int *group_counts = counts + (size_t)g * (k + 1);
  for (int e = 0; e <= k * d; ++e) group_sums[e] = 0;
  for (int c = 0; c <= k; ++c) group_counts[c] = 0;
  ACC inertia = 0;
  int changed = 0;
  for (int i = start; i < end; ++i) {
    int label = labels[i];
    __global ACC *row_sums = group_sums + label * d;
    __global const REAL *row = xt + XT_INDEX(i, 0);
    for (int j = 0; j < d; ++j) row_sums[j] += (ACC)row[j * BW];
    group_counts[label] += 1;
    inertia += (ACC)distances[i];
    changed += (label != previous_labels[i]) ? 1 : 0;
  }
  group_sums[k * d] = inertia;
  group_counts[k] = changed;
}

// Adds the per-group partials in group order: one work-item per element.
__kernel void reduce_sums(__global const ACC *partials, int groups, int width,
                          __global ACC *result) {
  int e = get_global_id(0);
  if (e >= width) return;
  ACC total = 0;
  for (int g = 0; g < groups; ++g) total += partials[(size_t)g * width + e];
  result[e] = total;
}

__kernel void reduce_counts(__global const int *partials, int groups, int width,
                            __global int *result) {
  int e = get_global_id(0);
  if (e >= width) return;
  int total = 0;
  for (int g = 0; g < groups; ++g) total += partials[(size_t)g * width + e];
  result[e] = total;
}

// Fills `values` with `value` (used to mark the labels before the first step as "none").
__kernel void fill_int(__global int *values, int count, int value) {
  int i = get_global_id(0);
  if (i < count) values[i] = value;
}
