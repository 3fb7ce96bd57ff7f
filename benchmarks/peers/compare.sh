#!/usr/bin/env bash
# dlc against ONNX Runtime and PyTorch on the model corpus: one command.
#
#   benchmarks/peers/compare.sh [--build DIR] [--no-build] [--quick]
#       [--threads 1,2] [--models resnet50,mobilenet_v2,squeezenet1_0]
#       [--runs N | --budget SECONDS] [--dlc-runner auto|bench|timer]
#       [--dlc-flags "-O3"] [--out DIR]
#
# Builds dlc and dlc-peer-timer in the build directory (default: build/, as
# configured by `cmake -G Ninja -B build`), installs onnxruntime-node (the
# version pinned in package.json) into benchmarks/peers/node_modules, exports
# each model with test/models (torch, cached in DIR/peers-models), compiles
# it with dlc, checks dlc's output against ONNX Runtime's, and times dlc, ORT
# and PyTorch interleaved at each thread count. Writes
# benchmarks/results/peers.{md,json,png}. Model names are torchvision's
# (resnet18, vgg16, ...) or any name test/models/generate.py knows.
# Nothing here is a test: it measures and reports; it never fails on a time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
build="$root/build"
do_build=1
passthrough=()
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build="$(cd "$2" && pwd)"; shift 2 ;;
    --build=*) build="$(cd "${1#--build=}" && pwd)"; shift ;;
    --no-build) do_build=0; shift ;;
    -h|--help) sed -n '2,19p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) passthrough+=("$1"); shift ;;
  esac
done

python=/usr/bin/python3 # Debian's, with torch, torchvision, onnx, matplotlib
for tool in "$python" node npm; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool not found" >&2; exit 1; }
done
"$python" -c 'import torch, torchvision, onnx, matplotlib' 2>/dev/null || {
  echo "compare.sh: $python lacks torch/torchvision/onnx/matplotlib;" \
       "run scripts/install-deps.sh" >&2; exit 1; }

if [ "$do_build" = 1 ]; then
  [ -f "$build/build.ninja" ] || [ -f "$build/Makefile" ] || {
    echo "compare.sh: $build is not a configured build directory" \
         "(cmake -G Ninja -B build), or pass --build DIR" >&2; exit 1; }
  cmake --build "$build" --target dlc dlc-peer-timer
fi

# ONNX Runtime: its install script would download CUDA files and fails
# offline; the CPU library ships inside the package.
want="$(sed -n 's/.*"onnxruntime-node": *"\([^"]*\)".*/\1/p' "$here/package.json")"
have=""
if [ -f "$here/node_modules/onnxruntime-node/package.json" ]; then
  have="$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' \
    "$here/node_modules/onnxruntime-node/package.json" | head -1)"
fi
if [ "$have" != "$want" ]; then
  echo "compare.sh: installing onnxruntime-node $want into $here/node_modules" >&2
  (cd "$here" && npm install --ignore-scripts --no-audit --no-fund --loglevel=error)
fi

cmd="benchmarks/peers/compare.sh"
[ ${#passthrough[@]} -gt 0 ] && cmd+=" ${passthrough[*]}"
exec env PYTHONDONTWRITEBYTECODE=1 "$python" "$here/compare.py" \
  --dlc "$build/bin/dlc" --timer "$build/bin/dlc-peer-timer" \
  --work "$build/peers-models" --command "$cmd" "${passthrough[@]}"
