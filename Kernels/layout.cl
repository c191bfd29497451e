// Definitions shared by every Allot OpenCL program; the library puts this text in front of
// each program's source (see KernelSources.swift).
//
// Build options (set by the host): -D REAL=float|double (data), -D ACC=float|double
// (accumulators; double where the device has fp64), -D ALLOT_FP64 (the device supports
// cl_khr_fp64), -D VW=n (rows per work-item held as one vector: one native SIMD
// register on CPU drivers, 8 floats on AVX2 and 16 on AVX-512, whose compilers then emit
// full-width SIMD; 1 on GPUs), -D BW=n (rows per block of the data layout,
// a multiple of VW), -D DIMS=d (optional: the number of columns, so that the compiler sees
// constant trip counts in the loops over them; the kernels' `columns` argument is then ignored).
//
// Layout: the rows of a chunk are stored in blocks of BW rows; inside a block, column-major
// (`xt[XT_INDEX(i, j)]` is column j of row i; the rows are padded with zeros to a multiple of
// BW). Neighbouring rows are neighbouring addresses (coalesced on a GPU, one vector load per
// column on a CPU), and the rows a work-item reads are one contiguous piece of memory (few
// streams for the CPU's prefetchers and TLB).

#ifdef ALLOT_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
#endif

#ifndef VW
#define VW 1
#endif

#ifndef BW
#define BW VW
#endif
#define XT_INDEX(i, j) (((size_t)((i) / BW) * d + (j)) * BW + ((i) % BW))

#define ALLOT_CAT_(a, b) a##b
#define ALLOT_CAT(a, b) ALLOT_CAT_(a, b)
#if VW == 1
typedef REAL realv;
typedef ACC accv;
#define LOADV(p) (*(p))
#define STOREV(v, p) (*(p) = (v))
#define TO_ACCV(v) ((ACC)(v))
#else
typedef ALLOT_CAT(REAL, VW) realv;
typedef ALLOT_CAT(ACC, VW) accv;
#define LOADV(p) ALLOT_CAT(vload, VW)(0, p)
#define STOREV(v, p) ALLOT_CAT(vstore, VW)(v, 0, p)
#define TO_ACCV(v) ALLOT_CAT(convert_, ALLOT_CAT(ACC, VW))(v)
#endif

#ifdef DIMS
#define SHAPE_D(columns) DIMS
#else
#define SHAPE_D(columns) (columns)
#endif
