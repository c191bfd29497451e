#!/usr/bin/env bash
# Installs the system packages Allot needs (Debian/Ubuntu), only those that are missing.
# Quiet when everything is already there.
set -euo pipefail
packages=(libhwloc-dev ocl-icd-opencl-dev opencl-headers pocl-opencl-icd hwloc clinfo pkg-config git python3)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "allot: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
