#ifndef ALLOT_COPENCL_SHIM_H
#define ALLOT_COPENCL_SHIM_H
#ifndef CL_TARGET_OPENCL_VERSION
#define CL_TARGET_OPENCL_VERSION 300
#endif
#include <CL/cl.h>
#include <CL/cl_ext.h>
#endif
