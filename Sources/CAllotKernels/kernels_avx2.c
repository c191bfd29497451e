// AVX2 + FMA variant (x86-64), selected at run time.
#if defined(__x86_64__)
#define ISA_NAME avx2
#define TGT __attribute__((target("avx2,fma")))
#define FLOAT_LANES 8
#define DOUBLE_LANES 4
#define VECTOR_REGISTERS 16
#define USE_FMA 1
#include "kernels_variant.h"
#endif
