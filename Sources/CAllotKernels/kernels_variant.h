// Instantiates kernels_body.h for float and double with the vector widths of one
// instruction set. The including file defines ISA_NAME, TGT, FLOAT_LANES, DOUBLE_LANES,
// VECTOR_REGISTERS (architectural vector registers, which bounds the register tiles) and
// USE_FMA (1 for a fused multiply-add instruction, 0 for multiply then add).
// No include guard: included once per instruction-set file.

#include "allot_kernels.h"

// The vector helpers are always inlined, so the vector-argument ABI never applies.
#pragma clang diagnostic ignored "-Wpsabi"

// Constant lane indices j, j + D, j + 2D, ... (stride-D extraction of one column from
// KW consecutive rows of D values), for KW = 2, 4, 8, 16.
#define KS2(D, j) (j), (j) + (D)
#define KS4(D, j) KS2(D, j), KS2(D, (j) + 2 * (D))
#define KS8(D, j) KS4(D, j), KS4(D, (j) + 4 * (D))
#define KS16(D, j) KS8(D, j), KS8(D, (j) + 8 * (D))

#define KCAT3(a, b, c) a##_##b##_##c
#define KCAT(a, b, c) KCAT3(a, b, c)

#if USE_FMA
#define KFMA(a, b, c) __builtin_elementwise_fma((a), (b), (c))
#else
#define KFMA(a, b, c) ((a) * (b) + (c))
#endif

typedef float KCAT(vf, ISA_NAME, f) __attribute__((ext_vector_type(FLOAT_LANES)));
typedef int32_t KCAT(vi, ISA_NAME, f) __attribute__((ext_vector_type(FLOAT_LANES)));
typedef double KCAT(vd, ISA_NAME, f) __attribute__((ext_vector_type(FLOAT_LANES)));
typedef double KCAT(vf, ISA_NAME, d) __attribute__((ext_vector_type(DOUBLE_LANES)));
typedef int64_t KCAT(vi, ISA_NAME, d) __attribute__((ext_vector_type(DOUBLE_LANES)));

#define KT float
#define KV KCAT(vf, ISA_NAME, f)
#define KI KCAT(vi, ISA_NAME, f)
#define KD KCAT(vd, ISA_NAME, f)
#define KW FLOAT_LANES
#define KNAME(x) KCAT(allot, ISA_NAME, f32_##x)
#include "kernels_body.h"
#undef KT
#undef KV
#undef KI
#undef KD
#undef KW
#undef KNAME

#define KT double
#define KV KCAT(vf, ISA_NAME, d)
#define KI KCAT(vi, ISA_NAME, d)
#define KD KCAT(vf, ISA_NAME, d)
#define KW DOUBLE_LANES
#define KNAME(x) KCAT(allot, ISA_NAME, f64_##x)
#include "kernels_body.h"
#undef KT
#undef KV
#undef KI
#undef KD
#undef KW
#undef KNAME
