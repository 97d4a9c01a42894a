#!/usr/bin/env bash
# Installs the Debian packages actlab builds and tests with. Idempotent: apt-get runs only when
# something is missing, so a warm machine pays nothing.
set -euo pipefail
packages=(
  build-essential cmake
  libhwy-dev            # SIMD kernels and runtime dispatch (Highway 1.0.3)
  libgtest-dev          # tests
  libcli11-dev          # the actlab command line
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
