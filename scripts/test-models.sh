#!/usr/bin/env bash
# Run the full end-to-end model suite (every CNN family of issue 4) and
# tabulate it.
#
#   scripts/test-models.sh [CTEST_ARGS...]     e.g. scripts/test-models.sh -R resnet
#
# Configures with -DDLC_E2E_FULL=ON into its own build folder (build-models/,
# so the default build/ keeps CI's subset), builds dlc and the test runner,
# runs `ctest -R e2e-` (torch exports each model, dlc compiles it, the
# runtime runs it, outputs are compared with torch's) and writes the table
# of test/models/results_table.py to BUILD/models-results.md. The tests
# take about 6 minutes on 2 quiet cores (plus a full build the first time).
# Extra arguments go to ctest unchanged.
# Environment: DLC_MODELS_BUILD_DIR (default build-models), DLC_JOBS
# (default 2), DLC_CMAKE_ARGS (extra configure arguments, word-split),
# DLC_SKIP_DEPS=1 to skip scripts/install-deps.sh.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${DLC_MODELS_BUILD_DIR:-build-models}"
JOBS="${DLC_JOBS:-2}"
cd "$ROOT"

step() { printf '\n=== %s\n' "$*"; }

if [ "${DLC_SKIP_DEPS:-0}" != 1 ]; then
  step "Installing dependencies"
  bash scripts/install-deps.sh
fi

step "Configuring $BUILD_DIR/ (-DDLC_E2E_FULL=ON)"
# shellcheck disable=SC2086  # DLC_CMAKE_ARGS is meant to be word-split
cmake -G Ninja -S . -B "$BUILD_DIR" -DDLC_E2E_FULL=ON \
  -DDLC_BUILD_BENCHMARKS=OFF ${DLC_CMAKE_ARGS:-}

step "Building dlc and the test runners (-j$JOBS)"
targets=(dlc dlc-model-tests)
if ninja -C "$BUILD_DIR" -t targets all | grep -q '^dlc-digits:'; then
  targets+=(dlc-digits)
fi
ninja -C "$BUILD_DIR" -j"$JOBS" "${targets[@]}"

step "Testing (ctest -R e2e-)"
set +e
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$JOBS" -R e2e- "$@"
status=$?
set -e

step "Results"
table="$BUILD_DIR/models-results.md"
/usr/bin/python3 test/models/results_table.py \
  "$BUILD_DIR/test/e2e/models/models" -o "$table"
cat "$table"
echo "(written to $table)"
exit "$status"
