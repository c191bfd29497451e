// AVX-512 (F, DQ, BW, VL) variant (x86-64), selected at run time.
#if defined(__x86_64__)
#define ISA_NAME avx512
#define TGT __attribute__((target("avx512f,avx512dq,avx512bw,avx512vl,fma")))
#define FLOAT_LANES 16
#define DOUBLE_LANES 8
#define VECTOR_REGISTERS 32
#define USE_FMA 1
#include "kernels_variant.h"
#endif
