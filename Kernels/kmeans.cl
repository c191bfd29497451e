// k-means kernels of Allot.
//
// Built with the definitions of layout.cl in front (build options, data layout, vector types);
// in addition, -D CB=n sets the centers one work-item scores together (kept in registers).
//
// Centers: shifted by the data mean on the host, padded to kp (a multiple of CB) with centers
// whose squared norm is +infinity (they never win), and stored in blocks of CB centers: inside
// a block, coordinate-major (`centers[CT_INDEX(c, j)]` is coordinate j of center c), so the CB
// values a work-item needs for one coordinate are neighbouring addresses.
#ifndef CB
#define CB 8
#endif
// -D CLUSTERS=k (optional), like DIMS in layout.cl, builds the kernels for one number of
// clusters (then the arguments `clusters` and `padded_clusters` are ignored).
#ifdef CLUSTERS
#define SHAPE_K(clusters) CLUSTERS
#define SHAPE_KP(padded) ((CLUSTERS + CB - 1) / CB * CB)
#else
#define SHAPE_K(clusters) (clusters)
#define SHAPE_KP(padded) (padded)
#endif

#define CT_INDEX(c, j) (((size_t)((c) / CB) * d + (j)) * CB + ((c) % CB))

// Rows i0 .. i0 + VW - 1 against all centers. Declares `best_center` (realv, the index of
// each row's nearest center by |c|^2 - 2 x.c; ties go to the lower index). CENTERS and NORMS
// are expressions naming the (local or global) centers and squared norms.
#define ALLOT_NEAREST_CENTER(CENTERS, NORMS)                                                  \
  realv best = (realv)(INFINITY);                                                            \
  realv best_center = (realv)(0);                                                            \
  for (int c0 = 0; c0 < kp; c0 += CB) {                                                      \
    realv acc[CB];                                                                           \
    _Pragma("unroll") for (int u = 0; u < CB; ++u) acc[u] = (realv)(0);                      \
    for (int j = 0; j < d; ++j) {                                                            \
      realv x = LOADV(xt + XT_INDEX(i0, j));                                                 \
      _Pragma("unroll") for (int u = 0; u < CB; ++u)                                         \
        acc[u] = fma(x, (realv)(CENTERS[(size_t)c0 * d + j * CB + u]), acc[u]);              \
    }                                                                                        \
    _Pragma("unroll") for (int u = 0; u < CB; ++u) {                                         \
      realv score = (realv)(NORMS[c0 + u]) - 2 * acc[u];                                     \
      ALLOT_KEEP_BEST(score, c0 + u)                                                         \
    }                                                                                        \
  }

// ALLOT_NEAREST_CENTER, then `nearest`: the same indices as int[VW].
#define ALLOT_NEAREST(CENTERS, NORMS)                                                         \
  ALLOT_NEAREST_CENTER(CENTERS, NORMS)                                                       \
  int nearest[VW];                                                                           \
  {                                                                                          \
    REAL lanes[VW];                                                                          \
    STOREV(best_center, lanes);                                                              \
    _Pragma("unroll") for (int l = 0; l < VW; ++l) nearest[l] = (int)lanes[l];               \
  }

// After ALLOT_NEAREST: declares `distance` (realv), the squared distance of each row to its
// nearest center from direct differences (so that it does not cancel), each lane reading the
// coordinates of its own center.
#define ALLOT_DISTANCE(CENTERS)                                                               \
  realv distance = (realv)(0);                                                               \
  {                                                                                          \
    size_t first[VW];                                                                        \
    _Pragma("unroll") for (int l = 0; l < VW; ++l) first[l] = CT_INDEX(nearest[l], 0);       \
    for (int j = 0; j < d; ++j) {                                                            \
      REAL center[VW];                                                                       \
      _Pragma("unroll") for (int l = 0; l < VW; ++l) center[l] = CENTERS[first[l] + j * CB]; \
      realv diff = LOADV(xt + XT_INDEX(i0, j)) - LOADV(center);                              \
      distance = fma(diff, diff, distance);                                                  \
    }                                                                                        \
  }

// `b` where `mask` holds, else `a` (lane by lane for vectors).
#if VW == 1
#define WHERE(mask, b, a) ((mask) ? (b) : (a))
#else
#define WHERE(mask, b, a) select(a, b, mask)
#endif

// Integer vectors of VW lanes (labels).
#if VW == 1
typedef int intv;
#define TO_INTV(v) ((int)(v))
#define LOAD_INTV(p) (*(p))
#define STORE_INTV(v, p) (*(p) = (v))
#else
typedef ALLOT_CAT(int, VW) intv;
#define TO_INTV(v) ALLOT_CAT(convert_int, VW)(v)
#define LOAD_INTV(p) ALLOT_CAT(vload, VW)(0, p)
#define STORE_INTV(v, p) ALLOT_CAT(vstore, VW)(v, 0, p)
#endif

#if VW == 1
#define ALLOT_KEEP_BEST(score, center) \
  if (score < best) {                  \
    best = score;                      \
    best_center = (REAL)(center);      \
  }
#else
#define ALLOT_KEEP_BEST(score, center)                                    \
  best_center = WHERE(isless(score, best), (realv)(center), best_center); \
  best = WHERE(isless(score, best), score, best);
#endif

// Writes the labels and distances of the rows i0 .. min(n, i0 + VW) - 1.
#define ALLOT_STORE_NEAREST                                 \
  {                                                         \
    REAL lanes[VW];                                         \
    STOREV(distance, lanes);                                \
    for (int l = 0; l < VW && i0 + l < n; ++l) {            \
      labels[i0 + l] = nearest[l];                          \
      distances[i0 + l] = lanes[l];                         \
    }                                                       \
  }

// VW points per work-item; the centers and their norms are copied into local memory first.
__kernel void assign_local(__global const REAL *xt, int n, int columns,
                           __global const REAL *centers, __global const REAL *norms, int padded_clusters,
                           __local REAL *local_centers, __local REAL *local_norms,
                           __global int *labels, __global REAL *distances) {
  const int d = SHAPE_D(columns);
  const int kp = SHAPE_KP(padded_clusters);
  int lid = get_local_id(0);
  int lsize = get_local_size(0);
  for (int e = lid; e < kp * d; e += lsize) local_centers[e] = centers[e];
  for (int e = lid; e < kp; e += lsize) local_norms[e] = norms[e];
  barrier(CLK_LOCAL_MEM_FENCE);
  int i0 = get_global_id(0) * VW;
  if (i0 >= n) return;
  ALLOT_NEAREST(local_centers, local_norms)
  ALLOT_DISTANCE(local_centers)
  ALLOT_STORE_NEAREST
}

// The same, reading the centers from global memory (when they do not fit in local memory).
__kernel void assign_global(__global const REAL *xt, int n, int columns,
                            __global const REAL *centers, __global const REAL *norms, int padded_clusters,
                            __global int *labels, __global REAL *distances) {
  const int d = SHAPE_D(columns);
  const int kp = SHAPE_KP(padded_clusters);
  int i0 = get_global_id(0) * VW;
  if (i0 >= n) return;
  ALLOT_NEAREST(centers, norms)
  ALLOT_DISTANCE(centers)
  ALLOT_STORE_NEAREST
}

// Partial layout per work-group g (shared by the partial-sum kernels and the reductions):
//   sums[g * (k * d + 1) + c * d + j], with sums[g * (k * d + 1) + k * d] = inertia
//   counts[g * (k + 1) + c],           with counts[g * (k + 1) + k]      = changed labels

// Per-work-group partial sums over a contiguous block of `rows_per_group` points, in row order
// (GPUs, after an assignment kernel). Work-item `col` (strided by the local size) owns column
// `col` of the group's partial: columns 0..d-1 are the coordinate sums of each cluster, column
// d the counts, the inertia and the number of changed labels.
__kernel void update_partial(__global const REAL *xt, int n, int columns, int clusters, int rows_per_group,
                             __global const int *labels,
                             __global const int *previous_labels,
                             __global const REAL *distances, __global ACC *sums,
                             __global int *counts) {
  const int d = SHAPE_D(columns);
  const int k = SHAPE_K(clusters);
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
      for (int i = start; i < end; ++i) group_sums[labels[i] * d + col] += (ACC)xt[XT_INDEX(i, col)];
    } else {
      for (int c = 0; c <= k; ++c) group_counts[c] = 0;
      ACC inertia = 0;
      int changed = 0;
      for (int i = start; i < end; ++i) {
        int label = labels[i];
        group_counts[label] += 1;
        inertia += (ACC)distances[i];
        changed += (label != previous_labels[i]) ? 1 : 0;
      }
      group_sums[k * d] = inertia;
      group_counts[k] = changed;
    }
  }
}

// A whole step for CPU drivers: one work-item per group walks its `rows_per_group` rows (a
// multiple of VW) VW at a time, assigns them, and adds each row to its cluster's partial sums
// while the row's block is in cache: the points are read once per step. The inertia slot of
// the partial is left 0: the host derives the inertia from the sums (or runs `row_distances`).
__kernel void step_rows(__global const REAL *xt, int n, int columns, __global const REAL *centers,
                        __global const REAL *norms, int padded_clusters, int clusters, int rows_per_group,
                        __global int *labels, __global const int *previous_labels,
                        __global ACC *sums, __global int *counts) {
  const int d = SHAPE_D(columns);
  const int kp = SHAPE_KP(padded_clusters);
  const int k = SHAPE_K(clusters);
  int g = get_global_id(0);
  int start = g * rows_per_group;
  int end = min(n, start + rows_per_group);
  __global ACC *group_sums = sums + (size_t)g * (k * d + 1);
  __global int *group_counts = counts + (size_t)g * (k + 1);
  for (int e = 0; e <= k * d; ++e) group_sums[e] = 0;
  for (int c = 0; c <= k; ++c) group_counts[c] = 0;
  int changed = 0;
  for (int i0 = start; i0 < end; i0 += VW) {
    ALLOT_NEAREST(centers, norms)
    for (int l = 0; l < VW && i0 + l < end; ++l) {
      int i = i0 + l;
      int label = nearest[l];
      __global ACC *row_sums = group_sums + label * d;
      __global const REAL *row = xt + XT_INDEX(i, 0);
      for (int j = 0; j < d; ++j) row_sums[j] += (ACC)row[j * BW];
      group_counts[label] += 1;
      changed += (label != previous_labels[i]) ? 1 : 0;
      labels[i] = label;
    }
  }
  group_counts[k] = changed;
}

// Vector accumulators of `step_rows_small`: k * (d + 1) is at most this.
#define SMALL_SUMS 64
// Row vectors `step_rows_small` sums in REAL lanes before adding the lanes into ACC totals
// (the lanes then hold few values each; counts in them stay exact).
#define FLUSH_BLOCKS 128

// `step_rows` for few clusters and coordinates (k * (d + 1) <= SMALL_SUMS): the sums and
// counts of every cluster are vectors of VW lanes, and each row vector is added into each
// cluster's lanes under the mask of the rows nearest to it, so nothing is scattered row by
// row. The lanes are added in a fixed order, so the result is deterministic. As in
// `step_rows`, the inertia slot is left 0.
__kernel void step_rows_small(__global const REAL *xt, int n, int columns,
                              __global const REAL *centers, __global const REAL *norms, int padded_clusters,
                              int clusters, int rows_per_group, __global int *labels,
                              __global const int *previous_labels, __global ACC *sums,
                              __global int *counts) {
#if defined(CLUSTERS) && defined(DIMS) && CLUSTERS * (DIMS + 1) > SMALL_SUMS
  // A program built for a larger shape never launches this kernel: no body, so that its
  // unrolled loops are not compiled for that shape.
#else
  const int d = SHAPE_D(columns);
  const int kp = SHAPE_KP(padded_clusters);
  const int k = SHAPE_K(clusters);
  int g = get_global_id(0);
  int start = g * rows_per_group;
  int end = min(n, start + rows_per_group);
  int width = d + 1;
  realv part[SMALL_SUMS];
  ACC total[SMALL_SUMS];
  int total_counts[SMALL_SUMS];
  _Pragma("unroll") for (int e = 0; e < k * width; ++e) {
    part[e] = (realv)(0);
    total[e] = 0;
  }
  for (int c = 0; c < k; ++c) total_counts[c] = 0;
  intv changed_part = (intv)(0);
  int changed = 0;
  int blocks = 0;
  for (int i0 = start; i0 < end; i0 += VW) {
    ALLOT_NEAREST_CENTER(centers, norms)
    int rows = min(VW, end - i0);
    realv in_range = (realv)(1);
    if (rows < VW) {
      REAL flags[VW];
      for (int l = 0; l < VW; ++l) flags[l] = l < rows ? 1 : 0;
      in_range = LOADV(flags);
    }
    // Each cluster in turn: its rows' sums and count (unrolled: the accumulators can then
    // stay in registers).
    realv x[SMALL_SUMS];
    _Pragma("unroll") for (int j = 0; j < d; ++j) x[j] = LOADV(xt + XT_INDEX(i0, j));
    _Pragma("unroll") for (int c = 0; c < k; ++c) {
      realv weight = WHERE(best_center == (realv)(c), in_range, (realv)(0));
      part[c * width + d] += weight;
      _Pragma("unroll") for (int j = 0; j < d; ++j)
        part[c * width + j] = fma(weight, x[j], part[c * width + j]);
    }
    if (rows == VW) {
      intv label = TO_INTV(best_center);
      changed_part += WHERE(label != LOAD_INTV(previous_labels + i0), (intv)(1), (intv)(0));
      STORE_INTV(label, labels + i0);
    } else {
      REAL lanes[VW];
      STOREV(best_center, lanes);
      for (int l = 0; l < rows; ++l) {
        int label = (int)lanes[l];
        changed += (label != previous_labels[i0 + l]) ? 1 : 0;
        labels[i0 + l] = label;
      }
    }
    if (++blocks == FLUSH_BLOCKS || i0 + VW >= end) {
      _Pragma("unroll") for (int e = 0; e < k * width; ++e) {
        REAL values[VW];
        STOREV(part[e], values);
        ACC lane_sum = 0;
        for (int l = 0; l < VW; ++l) lane_sum += (ACC)values[l];
        if (e % width == d) {
          total_counts[e / width] += (int)lane_sum;
        } else {
          total[e] += lane_sum;
        }
      }
      int changed_lanes[VW];
      STORE_INTV(changed_part, changed_lanes);
      for (int l = 0; l < VW; ++l) changed += changed_lanes[l];
      _Pragma("unroll") for (int e = 0; e < k * width; ++e) part[e] = (realv)(0);
      changed_part = (intv)(0);
      blocks = 0;
    }
  }
  __global ACC *group_sums = sums + (size_t)g * (k * d + 1);
  __global int *group_counts = counts + (size_t)g * (k + 1);
  for (int c = 0; c < k; ++c) {
    for (int j = 0; j < d; ++j) group_sums[c * d + j] = total[c * width + j];
    group_counts[c] = total_counts[c];
  }
  group_sums[k * d] = 0;
  group_counts[k] = changed;
#endif
}

// The squared distance of each of a group's `rows_per_group` rows (a multiple of VW) to the
// center its label names, by direct differences: into `distances`, and their sum, in row
// order, into `inertia[g]`. One work-item per group (CPU drivers, after a step kernel).
__kernel void row_distances(__global const REAL *xt, int n, int columns,
                            __global const REAL *centers, int rows_per_group,
                            __global const int *labels, __global REAL *distances,
                            __global ACC *inertia) {
  const int d = SHAPE_D(columns);
  int g = get_global_id(0);
  int start = g * rows_per_group;
  int end = min(n, start + rows_per_group);
  ACC total = 0;
  for (int i0 = start; i0 < end; i0 += VW) {
    int nearest[VW];
    for (int l = 0; l < VW; ++l) nearest[l] = i0 + l < end ? labels[i0 + l] : 0;
    ALLOT_DISTANCE(centers)
    REAL lanes[VW];
    STOREV(distance, lanes);
    for (int l = 0; l < VW && i0 + l < end; ++l) {
      distances[i0 + l] = lanes[l];
      total += (ACC)lanes[l];
    }
  }
  inertia[g] = total;
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
