#!/bin/sh
# Stands in for `dlc MODEL.onnx -o OUT.so` in the self-test of dlc-node-tests:
# MODEL.onnx holds one instruction (see generate.py). The hand-written models
# are in $DLC_FAKE_MODEL_DIR.
set -eu
model=$1
[ "$2" = "-o" ] || { echo "fake-dlc: expected -o as the second argument" >&2; exit 2; }
out=$3
read -r kind arg < "$model" || true
case $kind in
  model) cp "$DLC_FAKE_MODEL_DIR/dlc_fake_model${arg:-}.so" "$out" ;;
  unsupported)
    echo "$model: error: node 'n_$(basename "$(dirname "$model")")' ($arg, opset 13): unsupported op '$arg'" >&2
    echo "note: a second line that is not the reason" >&2
    exit 3 ;;
  error) echo "$arg" >&2; exit 1 ;;
  hang) sleep 60 ;;
  *) echo "fake-dlc: unknown instruction '$kind'" >&2; exit 2 ;;
esac
