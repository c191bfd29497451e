// NEON variant (AArch64, where NEON and FMA are always present).
#if defined(__aarch64__)
#define ISA_NAME neon
#define TGT
#define FLOAT_LANES 4
#define DOUBLE_LANES 2
#define VECTOR_REGISTERS 32
#define USE_FMA 1
#include "kernels_variant.h"
#endif
