#!/bin/sh
# Runs allot's k-means and gradient benchmarks with --save-data and --json, then the peers
# (scikit-learn, faiss, numpy) on the same inputs, and prints both side by side.
# usage: Benchmarks/bench-peers.sh ALLOT_BINARY [OUTPUT_DIR]
# Creates Benchmarks/.venv from requirements-peers.txt on first use (idempotent: reinstalls
# only when the requirements change).
set -eu
allot=$1
out=${2:-.build/bench-peers}
here=$(cd "$(dirname "$0")" && pwd)
venv="$here/.venv"
stamp="$venv/.requirements-installed"
if [ ! -f "$stamp" ] || ! cmp -s "$here/requirements-peers.txt" "$stamp"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements-peers.txt"
  cp "$here/requirements-peers.txt" "$stamp"
fi
mkdir -p "$out"
"$allot" bench kmeans linreg --save-data "$out/data" --json "$out/allot.json"
echo
# The machine's OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE suit old OpenBLAS builds and slow a
# current numpy: unset them for the peers only.
env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$venv/bin/python" "$here/peers.py" \
  "$out/data" "$out/allot.json"
