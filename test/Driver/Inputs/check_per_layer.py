#!/usr/bin/python3
"""Check `dlc bench --per-layer --json` output: check_per_layer.py JSON NODE...

Every NODE must name (part of) a layer; every layer must have a
non-negative time and have run once per timed run; the layers must add up to
no more than the time measured around them. Prints "per-layer ok: N nodes".
"""

import json
import sys


def fail(message):
    print("check_per_layer.py: " + message, file=sys.stderr)
    sys.exit(1)


def main():
    path, nodes = sys.argv[1], sys.argv[2:]
    with open(path) as f:
        report = json.load(f)
    for key in ["model", "threads", "runs", "min_ms", "median_ms", "mean_ms",
                "p90_ms", "max_ms", "throughput_per_s", "peak_gflops",
                "per_layer"]:
        if key not in report:
            fail("no '%s' in the report" % key)
    per_layer = report["per_layer"]
    layers = per_layer["layers"]
    runs = report["runs"]
    names = set()
    for layer in layers:
        if layer["ms"] < 0:
            fail("layer %s has a negative time" % layer["name"])
        if layer["calls"] != runs:
            fail("layer %s ran %d times in %d runs" %
                 (layer["name"], layer["calls"], runs))
        for key in ["op", "shape", "algo", "flops", "percent", "gflops"]:
            if key not in layer:
                fail("layer %s has no '%s'" % (layer["name"], key))
        # A fused layer is named after all its nodes, joined by '+'.
        names.update(layer["name"].split("+"))
    missing = [n for n in nodes if n not in names]
    if missing:
        fail("no layer for node(s) %s; layers: %s" %
             (", ".join(missing), ", ".join(sorted(names))))
    total = sum(layer["ms"] for layer in layers)
    slack = 1e-6
    if abs(total - per_layer["layers_ms"]) > slack:
        fail("layers_ms %g is not the sum of the layers, %g" %
             (per_layer["layers_ms"], total))
    if total > per_layer["model_ms"] + slack:
        fail("the layers take %g ms, more than the run inside the model, %g ms"
             % (total, per_layer["model_ms"]))
    if per_layer["model_ms"] > report["mean_ms"] + slack:
        fail("the run inside the model takes %g ms, more than the %g ms "
             "measured around it" % (per_layer["model_ms"], report["mean_ms"]))
    print("per-layer ok: %d nodes" % len(nodes))


if __name__ == "__main__":
    main()
