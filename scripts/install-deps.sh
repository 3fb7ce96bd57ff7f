#!/usr/bin/env bash
# Installs every Debian package dlc needs to build, test and run its examples.
# Idempotent; run as root (or with sudo) on Debian 12 (bookworm).
set -euo pipefail

PACKAGES=(
  # Build toolchain
  build-essential cmake ninja-build lld
  # LLVM/MLIR 22 (shared libraries libMLIR.so / libLLVM.so)
  llvm-22-dev llvm-22-tools libmlir-22-dev mlir-22-tools
  # ONNX frontend
  libonnx-dev libprotobuf-dev protobuf-compiler
  # Tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev libdnnl-dev
  # Test models, reference outputs and the bundled example
  python3 python3-numpy python3-onnx python3-torch python3-torchvision python3-sklearn
  libonnx-testdata
  # benchmarks/peers/compare.sh's chart (it also needs node and npm)
  python3-matplotlib
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
