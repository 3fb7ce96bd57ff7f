#!/usr/bin/env python3
"""Markdown tables from dlc-kernel-bench's JSON output.

  dlc-kernel-bench --benchmark_out=kernels.json --benchmark_out_format=json
  benchmarks/kernels/summarize.py kernels.json [-o kernels.md]

One row per layer and thread count, in shapes.txt's order: dlc's and oneDNN's
GFLOP/s, dlc's time over oneDNN's (above 1: dlc is slower), each as % of the
machine's FP32 peak (wall time; --cpu: the work over the CPU time the process
got, against one core's peak, which a loaded machine does not distort), dlc's algorithm and oneDNN's
implementation; then the geometric mean of the time ratio per network. With
--benchmark_repetitions the median aggregate is used. Standard library only.
"""

import argparse
import json
import math
import re
import sys
from collections import OrderedDict

NAME = re.compile(r"^(conv|gemm)/(.+)/(dlc|onednn)/threads:(\d+)")


def load_results(path):
    with open(path) as f:
        data = json.load(f)
    context = data.get("context", {})
    context["peaks"] = peaks_of(context)
    rows = {}  # (kind, layer, threads) -> {impl: benchmark}
    order = {}  # registration order (family_index), undoing any shuffling
    for b in data["benchmarks"]:
        m = NAME.match(b.get("run_name", b["name"]))
        if not m:
            continue
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        kind, layer, impl, threads = m.groups()
        key = (kind, layer, int(threads))
        slot = rows.setdefault(key, {})
        order[key] = min(order.get(key, 1 << 30), b.get("family_index", 0))
        # A median aggregate replaces the single repetitions.
        if impl not in slot or b.get("run_type") == "aggregate":
            slot[impl] = b
    rows = OrderedDict(sorted(rows.items(), key=lambda kv: order[kv[0]]))
    return context, rows


def peaks_of(context):
    """threads -> the FP32 peak dlc-kernel-bench measured, GFLOP/s."""
    peaks = {}
    for key, value in context.items():
        m = re.match(r"peak_gflops_threads:(\d+)", key)
        if m:
            peaks[int(m.group(1))] = float(str(value).split()[0])
    return peaks


def gflops(b):
    if not b or b.get("error_occurred") or "FLOPs" not in b:
        return None
    return b["FLOPs"] / 1e9


def split_label(b):
    """(geometry, what ran) from 'GEOMETRY algo=X' or 'GEOMETRY impl'."""
    label = (b or {}).get("label", "")
    if " algo=" in label:
        geometry, algo = label.rsplit(" algo=", 1)
        return geometry, algo
    if " " in label:
        return tuple(label.rsplit(" ", 1))
    return label, ""


def network(layer):
    return layer.split(".", 1)[0]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("json")
    p.add_argument("-o", "--out")
    p.add_argument("--cpu", action="store_true",
                   help="%% of peak per CPU second (cpu_peak%%) instead of "
                   "per wall second")
    args = p.parse_args()
    context, rows = load_results(args.json)

    out = []
    peaks = context["peaks"]
    load = context.get("load_avg", [])
    out.append("Machine: %s CPUs; FP32 peak %s "
               "GFLOP/s; oneDNN %s; OMP_WAIT_POLICY %s; load average %s; %s."
               % (context.get("num_cpus", "?"),
                  ", ".join("%.1f at %d thread(s)" % (peaks[t], t)
                            for t in sorted(peaks)) or "?",
                  context.get("onednn", "?"),
                  context.get("omp_wait_policy", "?"),
                  " ".join("%.2f" % x for x in load), context.get("date", "")))
    if load and load[0] > context.get("num_cpus", 1):
        out.append("")
        out.append("**The load average (%.1f) exceeded the %d CPUs: other "
                   "processes shared the cores, so multi-threaded times "
                   "(which wait for every thread) are unreliable.**"
                   % (load[0], context.get("num_cpus", 1)))
    out.append("")
    per = " per CPU s" if args.cpu else ""
    out.append("| layer | shape | threads | dlc GFLOP/s | oneDNN GFLOP/s "
               "| dlc/oneDNN time | dlc %% peak%s | oneDNN %% peak%s "
               "| dlc algo | oneDNN impl |" % (per, per))
    out.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- "
               "| --- |")
    ratios = OrderedDict()
    for (kind, layer, threads), impls in rows.items():
        d, o = impls.get("dlc"), impls.get("onednn")
        gd, go = gflops(d), gflops(o)
        geometry, algo = split_label(d if d and d.get("label") else o)
        _, impl = split_label(o)
        if d and not d.get("label"):
            algo = ""
        ratio = go / gd if gd and go else None
        if ratio:
            ratios.setdefault((kind, network(layer), threads), []).append(ratio)

        def cell(g, b):
            if g is not None:
                return "%.2f" % g if g < 10 else "%.1f" % g
            if b and b.get("error_occurred"):
                return "skipped"
            return "—"

        def pct(b):
            key = "cpu_peak%" if args.cpu else "peak%"
            if not b or b.get("error_occurred") or key not in b:
                return "—"
            return "%.1f" % b[key]

        out.append("| %s %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |" % (
            kind, layer, geometry, threads, cell(gd, d), cell(go, o),
            ("%.0f×" if ratio >= 10 else "%.2f×") % ratio if ratio else "—",
            pct(d), pct(o), algo or "—",
            impl or "—"))
    out.append("")
    out.append("| layers | threads | count | geomean dlc/oneDNN time |")
    out.append("| --- | ---: | ---: | ---: |")
    for (kind, net, threads), rs in ratios.items():
        g = math.exp(sum(math.log(r) for r in rs) / len(rs))
        out.append("| %s %s | %d | %d | %.1f× |" % (kind, net, threads, len(rs), g))
    skipped = [(k, i, b.get("error_message", "")) for k, impls in rows.items()
               for i, b in impls.items() if b.get("error_occurred")]
    if skipped:
        out.append("")
        out.append("Skipped:")
        out.append("")
        for (kind, layer, threads), impl, message in skipped:
            out.append("- %s %s, %s, %d thread(s): %s"
                       % (kind, layer, impl, threads, message))
    text = "\n".join(out) + "\n"
    if args.out:
        with open(args.out, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
