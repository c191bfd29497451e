// Linear-regression kernels: written with the OpenCL backend.
