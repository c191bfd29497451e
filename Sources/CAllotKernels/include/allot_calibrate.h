#ifndef ALLOT_CALIBRATE_H
#define ALLOT_CALIBRATE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Runs `iterations` rounds of independent single-precision fused multiply-adds with the
/// widest instruction set this CPU has (AVX-512, else AVX2+FMA, else scalar: the one the
/// kernels dispatch to) and returns the number of floating-point operations done (an FMA
/// counts as two). `seed` keeps the work from being
/// optimised away; the result of the arithmetic is written to `*sink`.
uint64_t allot_calibrate_fma(uint64_t iterations, float seed, float *sink);

/// Reads `count` floats from `data` (64-byte aligned) with wide loads and returns their sum,
/// to measure read bandwidth.
float allot_calibrate_read(const float *data, size_t count);

#ifdef __cplusplus
}
#endif

#endif
