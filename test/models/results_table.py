#!/usr/bin/python3
"""Tabulate the e2e model tests: results_table.py MODELS_DIR [-O 2] [-o FILE]

MODELS_DIR is the e2e models folder of a build (BUILD/test/e2e/models/models,
filled by `ctest -R e2e-`). For each model listed in MODELS_DIR/models.txt
(written by CMake, in test/e2e/models/CMakeLists.txt's order) it reads

  NAME/model.onnx               ONNX nodes and distinct op types, input shape
  NAME/model.On.compile.json    dlc's compile time at -On (CompileModel.cmake)
  NAME/model.On.result.json     max |dlc - torch|, max |torch|, argmax
                                agreement (dlc-model-tests --write-results)

and prints a Markdown table (or writes it to FILE). A model that was not
compiled or run at -On shows why.
"""

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

import onnx

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                     "..", ".."))


def read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except FileNotFoundError:
        return None


def shape_of(value_info):
    dims = value_info.type.tensor_type.shape.dim
    return "x".join(str(d.dim_value) if d.HasField("dim_value")
                    else (d.dim_param or "?") for d in dims)


def onnx_facts(path):
    m = onnx.load(path, load_external_data=False)
    inits = {i.name for i in m.graph.initializer}
    inputs = [shape_of(i) for i in m.graph.input if i.name not in inits]
    opset = max((o.version for o in m.opset_import if o.domain in ("", "ai.onnx")),
                default=0)
    return {"nodes": len(m.graph.node),
            "op_types": sorted({n.op_type for n in m.graph.node}),
            "inputs": inputs, "opset": opset}


def fmt(x, spec=".2g"):
    return "-" if x is None else format(x, spec)


def row(models_dir, name, level):
    d = os.path.join(models_dir, name)
    r = {"name": name}
    onnx_path = os.path.join(d, "model.onnx")
    if not os.path.exists(onnx_path):
        r["status"] = "not generated"
        return r
    r.update(onnx_facts(onnx_path))
    stem = os.path.join(d, "model.O%d" % level)
    compiled = read_json(stem + ".compile.json")
    if compiled is None:
        r["status"] = "not compiled at -O%d" % level
        return r
    r["compile_s"] = compiled["seconds"]
    if not compiled["ok"]:
        # "/path/NAME/model.onnx: node 'x': error: ..." -> "node 'x': ..."
        error = re.sub(r"^\S*model\.onnx: ", "", compiled["error"])
        r["status"] = "compile failed (exit %d): %s" % (compiled["exit_code"],
                                                        error)
        return r
    result = read_json(stem + ".result.json")
    if result is None:
        r["status"] = "not run"
        return r
    outs = result["outputs"]
    r["max_err"] = max((o["max_abs_error"] for o in outs
                        if o["max_abs_error"] is not None), default=None)
    if any(o["max_abs_error"] is None for o in outs):
        r["max_err"] = float("nan")
    r["max_ref"] = max(o["max_abs_ref"] for o in outs)
    r["rel_err"] = max((o["max_abs_error"] / o["max_abs_ref"]
                        if o["max_abs_ref"] and o["max_abs_error"] is not None
                        else float("inf")) for o in outs)
    r["argmax"] = "%d/%d" % (sum(o["argmax_agree"] for o in outs),
                             sum(o["samples"] for o in outs))
    r["outputs"] = len(outs)
    r["status"] = "pass" if all(o["ok"] for o in outs) else "**FAIL**"
    return r


def git_describe():
    """The commit of this checkout, "-dirty" if it has local changes."""
    try:
        head = subprocess.run(["git", "-C", ROOT, "describe", "--always",
                               "--dirty", "--abbrev=7"],
                              capture_output=True, text=True, check=True)
        return head.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def table(models_dir, level, commit):
    listing = os.path.join(models_dir, "models.txt")
    if os.path.exists(listing):
        with open(listing) as f:
            names = [n.strip() for n in f if n.strip()]
    else:
        names = sorted(n for n in os.listdir(models_dir)
                       if os.path.exists(os.path.join(models_dir, n, "model.onnx")))
    rows = [row(models_dir, n, level) for n in names]

    lines = [
        "| model | input | opset | ONNX nodes | op types | dlc -O%d compile (s) "
        "| max abs error | max \\|ref\\| | error / max\\|ref\\| | argmax agree "
        "| result |" % level,
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|",
    ]
    for r in rows:
        r["status"] = r["status"].replace("|", "\\|")
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            r["name"], ", ".join(r.get("inputs", [])) or "-",
            r.get("opset", "-"), r.get("nodes", "-"),
            len(r["op_types"]) if "op_types" in r else "-",
            fmt(r.get("compile_s"), ".1f"), fmt(r.get("max_err")),
            fmt(r.get("max_ref"), ".3g"), fmt(r.get("rel_err")),
            r.get("argmax", "-"), r["status"]))

    passed = sum(r["status"] == "pass" for r in rows)
    all_ops = sorted({op for r in rows for op in r.get("op_types", [])})
    header = [
        "%d models, %d pass at -O%d (max abs error <= rel_tol x max|ref| and "
        "the same argmax per sample; see test/e2e/models)." % (
            len(rows), passed, level),
        "",
        "Generated by test/models/results_table.py on %s, dlc commit %s, %s "
        "(%d cores)." % (datetime.date.today().isoformat(), commit,
                         cpu_name(), os.cpu_count() or 0),
        "",
    ]
    footer = ["", "ONNX op types across these models (%d): %s." % (
        len(all_ops), ", ".join(all_ops))]
    return "\n".join(header + lines + footer) + "\n", passed == len(rows)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("models_dir")
    parser.add_argument("-O", dest="level", type=int, default=2,
                        help="the dlc -O level to report (default 2)")
    parser.add_argument("-o", dest="output", help="write the table here")
    parser.add_argument("--commit", help="the dlc commit the run used "
                        "(default: this checkout's, git describe --dirty)")
    args = parser.parse_args()
    if not os.path.isdir(args.models_dir):
        sys.exit("results_table.py: %s is not a folder" % args.models_dir)
    text, _ = table(args.models_dir, args.level,
                    args.commit or git_describe())
    if args.output:
        with open(args.output, "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
