#ifndef ALLOT_KERNELS_H
#define ALLOT_KERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Instruction sets the micro-kernels can use on this CPU.
typedef enum {
  ALLOT_ISA_SCALAR = 0,
  ALLOT_ISA_AVX2_FMA = 1,
  ALLOT_ISA_AVX512 = 2,
  ALLOT_ISA_NEON = 3,
} allot_isa;

/// The best instruction set this CPU and OS support (detected once).
allot_isa allot_detect_isa(void);

#ifdef __cplusplus
}
#endif

#endif
