#include "allot_kernels.h"

allot_isa allot_detect_isa(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
      __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512dq"))
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
