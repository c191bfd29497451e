#define _GNU_SOURCE
#include "allot_kernels.h"
#if defined(__linux__)
#include <sched.h>
#endif

int allot_allowed_cpus(int *out, int capacity) {
#if defined(__linux__)
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
  int count = 0;
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
    if (CPU_ISSET(cpu, &set)) {
      if (count < capacity) out[count] = cpu;
      count++;
    }
  }
  return count;
#else
  (void)out;
  (void)capacity;
  return -1;
#endif
}
