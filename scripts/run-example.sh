#!/usr/bin/env bash
# The bundled example, start to finish: train a small CNN on scikit-learn's
# 8x8 digits with torch, compile it with dlc, classify the 360 held-out
# digits through the C++ runtime, and compare the accuracy with torch's.
#
#   scripts/run-example.sh
#
# Installs the Debian packages, builds dlc and dlc-digits into build/ (CMake
# + Ninja, 2 jobs) and writes the example's files to build/digits/. Exits
# non-zero if dlc's accuracy differs from torch's. Environment:
# DLC_BUILD_DIR (default build), DLC_JOBS (default 2), DLC_OPT (extra dlc
# flags such as -O3; default none, i.e. dlc's default level).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${DLC_BUILD_DIR:-build}"
JOBS="${DLC_JOBS:-2}"
OPT="${DLC_OPT:-}"
PYTHON=/usr/bin/python3  # Debian's Python: torch, onnx, scikit-learn
cd "$ROOT"
DATA="$BUILD_DIR/digits"

step() { printf '\n=== %s\n' "$*"; }

step "Installing dependencies"
bash scripts/install-deps.sh

step "Building dlc and dlc-digits in $BUILD_DIR/ (-j$JOBS)"
cmake -G Ninja -S . -B "$BUILD_DIR"
ninja -C "$BUILD_DIR" -j"$JOBS" dlc dlc-digits

step "Training the digits CNN with torch (writes $DATA/)"
"$PYTHON" examples/digits/train.py "$DATA"

step "Compiling $DATA/digits.onnx with dlc${OPT:+ $OPT}"
# shellcheck disable=SC2086  # DLC_OPT is meant to be word-split
"$BUILD_DIR/bin/dlc" "$DATA/digits.onnx" -o "$DATA/digits.so" $OPT

step "Classifying the held-out digits with the compiled model"
status=0
"$BUILD_DIR/bin/dlc-digits" "$DATA/digits.so" "$DATA" \
  --expect "$DATA/torch_accuracy.txt" | tee "$DATA/dlc_output.txt" ||
  status=${PIPESTATUS[0]}

step "Result"
echo "torch $(cat "$DATA/torch_accuracy.txt")"
echo "dlc   $(grep '^accuracy:' "$DATA/dlc_output.txt" || echo 'accuracy: (none, dlc-digits failed)')"
if [ "$status" -ne 0 ]; then
  echo "run-example: FAILED: dlc's result differs from torch's (dlc-digits exit $status)" >&2
  exit "$status"
fi
echo "run-example: OK, dlc and torch agree"
