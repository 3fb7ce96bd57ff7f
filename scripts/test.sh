#!/usr/bin/env bash
# Build everything and run every test.
#
#   scripts/test.sh [CTEST_ARGS...]     e.g. scripts/test.sh -R e2e-model
#
# Installs the Debian packages (scripts/install-deps.sh, a no-op when they
# are there), configures with CMake + Ninja into build/, builds all targets
# with 2 jobs and runs ctest; extra arguments go to ctest unchanged.
# Environment: DLC_BUILD_DIR (default build), DLC_JOBS (default 2),
# DLC_CMAKE_ARGS (extra configure arguments, word-split).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${DLC_BUILD_DIR:-build}"
JOBS="${DLC_JOBS:-2}"
cd "$ROOT"

step() { printf '\n=== %s\n' "$*"; }

step "Installing dependencies"
bash scripts/install-deps.sh

step "Configuring $BUILD_DIR/"
# shellcheck disable=SC2086  # DLC_CMAKE_ARGS is meant to be word-split
cmake -G Ninja -S . -B "$BUILD_DIR" ${DLC_CMAKE_ARGS:-}

step "Building (-j$JOBS)"
ninja -C "$BUILD_DIR" -j"$JOBS"

step "Testing"
log="$BUILD_DIR/ctest-output.txt"
set +e
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$JOBS" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# ctest hides the output of passing tests: show the node-test counts, then
# ctest's own closing line again so it stays the last word.
node_summary=$(grep -h '^node-tests: ' "$BUILD_DIR/Testing/Temporary/LastTest.log" 2>/dev/null | tail -n 1 || true)
if [ -n "$node_summary" ]; then
  step "ONNX backend node tests (libonnx-testdata)"
  echo "$node_summary"
fi
step "Summary"
grep -E 'tests passed, [0-9]+ tests failed out of' "$log" | tail -n 1 || true
exit "$status"
