// Portable variant: baseline vector width of the build target, no fused multiply-add.
#define ISA_NAME scalar
#define TGT
#define FLOAT_LANES 4
#define DOUBLE_LANES 2
#define VECTOR_REGISTERS 16
#define USE_FMA 0
#include "kernels_variant.h"
