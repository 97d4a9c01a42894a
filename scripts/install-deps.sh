#!/usr/bin/env bash
# Installs the Debian packages actlab builds with. Idempotent: apt-get runs only when something
# is missing, so a warm machine pays nothing.
#   scripts/install-deps.sh          what the library, CLI and tests need
#   scripts/install-deps.sh bench    also Google Benchmark and oneDNN, the peers (libtorch is in the
#                                    base set: actlab.torch builds on it)
#   scripts/install-deps.sh tsan     also clang and LLVM's OpenMP, for the ThreadSanitizer build
set -euo pipefail
packages=(
  build-essential cmake
  libhwy-dev            # SIMD kernels and runtime dispatch (Highway 1.0.3)
  libgtest-dev          # tests
  libcli11-dev          # the actlab command line
  libeigen3-dev nlohmann-json3-dev zlib1g-dev  # the lab's engine, results.json, digits.csv.gz
  gnuplot-nox           # the lab's figures
  python3-sklearn       # scikit-learn's digits data file (no download)
  pybind11-dev python3-dev python3-numpy python3-pytest  # the Python package and its tests
  python3-pip python3-setuptools python3-wheel           # its wheel, packed offline
  libtorch-dev python3-torch  # actlab.torch: operators built on libtorch, tested with Debian's torch
  pkg-config libcpp-httplib-dev  # the playground's server (actlab serve)
  nodejs npm            # the playground page's Chart.js (npm ci below) and its browser test's driver
  chromium              # the browser the page is tested in (headless)
)
case "${1:-}" in
  bench) packages+=(libbenchmark-dev libdnnl-dev ocl-icd-opencl-dev) ;;  # dnnl's CMake config needs OpenCL
  tsan) packages+=(clang libomp-14-dev) ;;  # ThreadSanitizer understands LLVM's OpenMP (archer)
esac
missing=()
for p in "${packages[@]}"; do
  # A Node.js that brings its own npm (NodeSource's package provides and conflicts with Debian's
  # npm) is enough: installing Debian's npm beside it would fail.
  [ "$p" = npm ] && command -v npm > /dev/null && continue
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The playground's npm packages, exactly as package-lock.json pins them (npm ci, no install
# scripts: nothing is downloaded but the packages). Again only when they are missing or the lock
# changed since: the lock's hash is kept in node_modules once npm ci has succeeded.
playground="$(cd "$(dirname "$0")/.." && pwd)/playground"
lock_hash=$(sha256sum "$playground/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$playground/node_modules/.actlab-lock-sha256" 2>/dev/null)" != "$lock_hash" ]; then
  echo "install-deps: npm ci in playground/ (package-lock.json)"
  (cd "$playground" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" > "$playground/node_modules/.actlab-lock-sha256"
fi
