#!/usr/bin/env bash
# Builds Allot (release) and runs allot-gpu-check on every GPU OpenCL device: checks the OpenCL
# kernels against a Float64 reference (k-means labels, sums, counts, inertia; gradient sums;
# bit-identical reruns) and prints the time per k-means step (n=1e6 d=32 k=64 and n=2e5 d=128
# k=256) and per gradient step (n=4e6 d=32), in GFLOP/s and as a fraction of the GPU's peak
# memory bandwidth (known GPUs by name, or pass --peak-gbps G).
#
# Needs: the Swift toolchain, an OpenCL ICD loader (libOpenCL.so.1) and a GPU driver's ICD
# (NVIDIA: libnvidia-opencl.so.1 named by /etc/OpenCL/vendors/nvidia.icd). Without a GPU it
# prints why and exits 0. Extra arguments go to allot-gpu-check, for example
#   Benchmarks/gpu-check.sh --device opencl:1
#   Benchmarks/gpu-check.sh --all-types --small     (also CPU drivers such as PoCL, 1/10 sizes)
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== OpenCL ICDs: $(ls /etc/OpenCL/vendors 2>/dev/null | tr '\n' ' ')${OCL_ICD_VENDORS:+ (OCL_ICD_VENDORS=$OCL_ICD_VENDORS)}"
if command -v nvidia-smi >/dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
fi
if command -v clinfo >/dev/null 2>&1; then clinfo -l || true; fi

swift build -c release --product allot-gpu-check
exec "$(swift build -c release --show-bin-path)/allot-gpu-check" "$@"
