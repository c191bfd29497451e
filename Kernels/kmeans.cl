// k-means kernels: written with the OpenCL backend.
