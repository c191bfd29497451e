#include "allot_calibrate.h"
#include "allot_kernels.h"

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx2,fma"))) static uint64_t fma_avx2(uint64_t iterations, float seed,
                                                               float *sink) {
  __m256 a0 = _mm256_set1_ps(seed), a1 = _mm256_set1_ps(seed + 1), a2 = _mm256_set1_ps(seed + 2),
         a3 = _mm256_set1_ps(seed + 3), a4 = _mm256_set1_ps(seed + 4),
         a5 = _mm256_set1_ps(seed + 5), a6 = _mm256_set1_ps(seed + 6),
         a7 = _mm256_set1_ps(seed + 7), a8 = _mm256_set1_ps(seed + 8),
         a9 = _mm256_set1_ps(seed + 9);
  const __m256 m = _mm256_set1_ps(0.999999f), c = _mm256_set1_ps(1e-7f);
  for (uint64_t i = 0; i < iterations; i++) {
    a0 = _mm256_fmadd_ps(a0, m, c);
    a1 = _mm256_fmadd_ps(a1, m, c);
    a2 = _mm256_fmadd_ps(a2, m, c);
    a3 = _mm256_fmadd_ps(a3, m, c);
    a4 = _mm256_fmadd_ps(a4, m, c);
    a5 = _mm256_fmadd_ps(a5, m, c);
    a6 = _mm256_fmadd_ps(a6, m, c);
    a7 = _mm256_fmadd_ps(a7, m, c);
    a8 = _mm256_fmadd_ps(a8, m, c);
    a9 = _mm256_fmadd_ps(a9, m, c);
  }
  __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)),
                           _mm256_add_ps(_mm256_add_ps(a4, a5), _mm256_add_ps(a6, a7)));
  s = _mm256_add_ps(s, _mm256_add_ps(a8, a9));
  float lanes[8];
  _mm256_storeu_ps(lanes, s);
  *sink = lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] + lanes[6] + lanes[7];
  return iterations * 10u * 8u * 2u;
}

// Twelve independent chains: enough to cover a 4-cycle FMA latency on two 512-bit pipes.
__attribute__((target("avx512f,fma"))) static uint64_t fma_avx512(uint64_t iterations,
                                                                   float seed, float *sink) {
  __m512 a[12];
  for (int k = 0; k < 12; k++) a[k] = _mm512_set1_ps(seed + (float)k);
  const __m512 m = _mm512_set1_ps(0.999999f), c = _mm512_set1_ps(1e-7f);
  for (uint64_t i = 0; i < iterations; i++) {
#pragma clang loop unroll(full)
    for (int k = 0; k < 12; k++) a[k] = _mm512_fmadd_ps(a[k], m, c);
  }
  __m512 s = a[0];
  for (int k = 1; k < 12; k++) s = _mm512_add_ps(s, a[k]);
  *sink = _mm512_reduce_add_ps(s);
  return iterations * 12u * 16u * 2u;
}

__attribute__((target("avx2"))) static float read_avx2(const float *data, size_t count) {
  __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps(), s2 = _mm256_setzero_ps(),
         s3 = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 32 <= count; i += 32) {
    s0 = _mm256_add_ps(s0, _mm256_load_ps(data + i));
    s1 = _mm256_add_ps(s1, _mm256_load_ps(data + i + 8));
    s2 = _mm256_add_ps(s2, _mm256_load_ps(data + i + 16));
    s3 = _mm256_add_ps(s3, _mm256_load_ps(data + i + 24));
  }
  float lanes[8];
  _mm256_storeu_ps(lanes, _mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
  float total = 0;
  for (int k = 0; k < 8; k++) total += lanes[k];
  for (; i < count; i++) total += data[i];
  return total;
}
#endif

static uint64_t fma_scalar(uint64_t iterations, float seed, float *sink) {
  float a[16];
  for (int k = 0; k < 16; k++) a[k] = seed + (float)k;
  for (uint64_t i = 0; i < iterations; i++)
    for (int k = 0; k < 16; k++) a[k] = a[k] * 0.999999f + 1e-7f;
  float total = 0;
  for (int k = 0; k < 16; k++) total += a[k];
  *sink = total;
  return iterations * 16u * 2u;
}

static float read_scalar(const float *data, size_t count) {
  float s[8] = {0};
  size_t i = 0;
  for (; i + 8 <= count; i += 8)
    for (int k = 0; k < 8; k++) s[k] += data[i + k];
  float total = 0;
  for (int k = 0; k < 8; k++) total += s[k];
  for (; i < count; i++) total += data[i];
  return total;
}

uint64_t allot_calibrate_fma(uint64_t iterations, float seed, float *sink) {
#if defined(__x86_64__)
  switch (allot_detect_isa()) {
  case ALLOT_ISA_AVX512: return fma_avx512(iterations, seed, sink);
  case ALLOT_ISA_AVX2_FMA: return fma_avx2(iterations, seed, sink);
  default: break;
  }
#endif
  return fma_scalar(iterations, seed, sink);
}

float allot_calibrate_read(const float *data, size_t count) {
#if defined(__x86_64__)
  if (allot_detect_isa() != ALLOT_ISA_SCALAR) return read_avx2(data, count);
#endif
  return read_scalar(data, count);
}
