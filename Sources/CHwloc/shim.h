#ifndef ALLOT_CHWLOC_SHIM_H
#define ALLOT_CHWLOC_SHIM_H
#include <hwloc.h>
#endif
