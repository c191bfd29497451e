// Linear-regression kernels of Allot.
//
// Built with the definitions of layout.cl in front (build options, data layout, vector types);
// the targets are padded like the samples.

// Fused gradient partials over rows [start, end) of a chunk. With base = start rounded down to
// a multiple of VW and rows_per_group a multiple of VW, work-group g owns the rows
// [base + g * rows_per_group, ...) and walks them in tiles of VW rows per work-item (rows outside
// [start, end) count as zero):
//   1. each work-item computes the residuals r = x.w + b - y of its VW rows (x read once);
//   2. work-item `col` adds, in row order, r * x[col] (col < d), r (col == d) or r^2
//      (col == d + 1) over the tile into the group's partial (the tile of x is still in cache).
// Partial layout: partials[g * (d + 2) + col]. A second kernel reduces the groups in order.
__kernel void gradient_partial(__global const REAL *xt, int columns, int start, int end,
                               int rows_per_group, __global const REAL *y,
                               __global const REAL *weights, REAL bias,
                               __local REAL *residuals, __global ACC *partials) {
  const int d = SHAPE_D(columns);
  int g = get_group_id(0);
  int lid = get_local_id(0);
  int lsize = get_local_size(0);
  int tile_rows = lsize * VW;
  int block_start = start - start % VW + g * rows_per_group;
  int block_end = min(end, block_start + rows_per_group);
  __global ACC *group_partials = partials + (size_t)g * (d + 2);
  for (int col = lid; col < d + 2; col += lsize) group_partials[col] = 0;
  for (int tile = block_start; tile < block_end; tile += tile_rows) {
    int i0 = tile + lid * VW;
    REAL lanes[VW];
    for (int l = 0; l < VW; ++l) lanes[l] = 0;
    if (i0 < block_end) {
      realv dot = (realv)(bias) - LOADV(y + i0);
      for (int j = 0; j < d; ++j) dot = fma(LOADV(xt + XT_INDEX(i0, j)), (realv)(weights[j]), dot);
      STOREV(dot, lanes);
      for (int l = 0; l < VW; ++l) {
        if (i0 + l < start || i0 + l >= block_end) lanes[l] = 0;
      }
    }
    for (int l = 0; l < VW; ++l) residuals[lid * VW + l] = lanes[l];
    barrier(CLK_LOCAL_MEM_FENCE);
    int count = min(tile_rows, block_end - tile);
    for (int col = lid; col < d + 2; col += lsize) {
      accv acc = (accv)(0);
      if (col < d) {
        for (int t = 0; t < count; t += VW) {
          acc += TO_ACCV(LOADV(residuals + t)) * TO_ACCV(LOADV(xt + XT_INDEX(tile + t, col)));
        }
      } else if (col == d) {
        for (int t = 0; t < count; t += VW) acc += TO_ACCV(LOADV(residuals + t));
      } else {
        for (int t = 0; t < count; t += VW) {
          accv r = TO_ACCV(LOADV(residuals + t));
          acc += r * r;
        }
      }
      ACC sums[VW];
      STOREV(acc, sums);
      ACC total = 0;
      for (int l = 0; l < VW; ++l) total += sums[l];
      group_partials[col] += total;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
  }
}

// Row vectors `gradient_rows` sums in REAL lanes before adding the lanes into ACC totals.
#define FLUSH_BLOCKS 64

// The same partials for CPU drivers (built with -D DIMS): one work-item per group walks the
// group's rows VW at a time; the residuals of a row vector and their products with its
// columns go into vector accumulators (the rows are read once, from cache the second time).
__kernel void gradient_rows(__global const REAL *xt, int columns, int start, int end,
                            int rows_per_group, __global const REAL *y,
                            __global const REAL *weights, REAL bias, __global ACC *partials) {
  const int d = SHAPE_D(columns);
  int g = get_global_id(0);
  int block_start = start - start % VW + g * rows_per_group;
  int block_end = min(end, block_start + rows_per_group);
  realv part[DIMS + 2];
  ACC total[DIMS + 2];
  for (int col = 0; col < d + 2; ++col) {
    part[col] = (realv)(0);
    total[col] = 0;
  }
  int blocks = 0;
  for (int i0 = block_start; i0 < block_end; i0 += VW) {
    realv r = (realv)(bias) - LOADV(y + i0);
    for (int j = 0; j < d; ++j) r = fma(LOADV(xt + XT_INDEX(i0, j)), (realv)(weights[j]), r);
    if (i0 < start || i0 + VW > block_end) {
      REAL lanes[VW];
      STOREV(r, lanes);
      for (int l = 0; l < VW; ++l) {
        if (i0 + l < start || i0 + l >= block_end) lanes[l] = 0;
      }
      r = LOADV(lanes);
    }
    for (int j = 0; j < d; ++j) part[j] = fma(r, LOADV(xt + XT_INDEX(i0, j)), part[j]);
    part[d] += r;
    part[d + 1] = fma(r, r, part[d + 1]);
    if (++blocks == FLUSH_BLOCKS || i0 + VW >= block_end) {
      for (int col = 0; col < d + 2; ++col) {
        REAL lanes[VW];
        STOREV(part[col], lanes);
        ACC sum = 0;
        for (int l = 0; l < VW; ++l) sum += (ACC)lanes[l];
        total[col] += sum;
        part[col] = (realv)(0);
      }
      blocks = 0;
    }
  }
  __global ACC *group_partials = partials + (size_t)g * (d + 2);
  for (int col = 0; col < d + 2; ++col) group_partials[col] = total[col];
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
