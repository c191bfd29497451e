// Linear-regression kernels of Allot.
//
// Build options (set by the host): -D REAL=float|double, -D ACC=float|double, -D ALLOT_FP64.
// Layout: the samples of a chunk are column-major on the device (`xt[j * n + i]`).

#ifdef ALLOT_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

// Fused gradient partials over rows [start, end) of a chunk. Work-group g owns the block
// [start + g * rows_per_group, ...) and walks it in tiles of one row per work-item:
//   1. each work-item computes the residual r = x.w + b - y of its row (x read once, coalesced);
//   2. work-item `col` adds, in row order, r * x[col] (col < d), r (col == d) or r^2
//      (col == d + 1) for the tile into the group's partial (the tile of x is still in cache).
// Partial layout: partials[g * (d + 2) + col]. The host reduces the groups in order.
__kernel void gradient_partial(__global const REAL *xt, int n, int d, int start, int end,
                               int rows_per_group, __global const REAL *y,
                               __global const REAL *weights, REAL bias,
                               __local REAL *residuals, __global ACC *partials) {
  int g = get_group_id(0);
  int lid = get_local_id(0);
  int lsize = get_local_size(0);
  int block_start = start + g * rows_per_group;
  int block_end = min(end, block_start + rows_per_group);
  __global ACC *group_partials = partials + (size_t)g * (d + 2);
  for (int col = lid; col < d + 2; col += lsize) group_partials[col] = 0;
  for (int tile = block_start; tile < block_end; tile += lsize) {
    int i = tile + lid;
    REAL r = 0;
    if (i < block_end) {
      REAL dot = bias - y[i];
      for (int j = 0; j < d; ++j) dot = fma(xt[(size_t)j * n + i], weights[j], dot);
      r = dot;
    }
    residuals[lid] = r;
    barrier(CLK_LOCAL_MEM_FENCE);
    int count = min(lsize, block_end - tile);
    for (int col = lid; col < d + 2; col += lsize) {
      ACC acc = 0;
      if (col < d) {
        __global const REAL *column = xt + (size_t)col * n + tile;
        for (int t = 0; t < count; ++t) acc += (ACC)residuals[t] * (ACC)column[t];
      } else if (col == d) {
        for (int t = 0; t < count; ++t) acc += (ACC)residuals[t];
      } else {
        for (int t = 0; t < count; ++t) acc += (ACC)residuals[t] * (ACC)residuals[t];
      }
      group_partials[col] += acc;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
}

// Adds the per-group partials in group order: one work-item per element.
__kernel void reduce_partials(__global const ACC *partials, int groups, int width,
                              __global ACC *result) {
  int e = get_global_id(0);
  if (e >= width) return;
  ACC total = 0;
  for (int g = 0; g < groups; ++g) total += partials[(size_t)g * width + e];
  result[e] = total;
}
