#!/usr/bin/python3
"""dlc against ONNX Runtime and PyTorch on the model corpus (see compare.sh).

For each model: write it with make_model.py (test/models' export: eval mode,
seeded weights, calibrated BatchNorm), compile it with dlc (a model dlc
cannot compile yet is reported as unsupported, the peers still run), check
dlc's output against ONNX Runtime's on the same input, then time them at
each thread count with persistent workers, interleaved round by round (dlc,
ORT, torch, torch jit, dlc, ...) so that drift of a shared machine hits all
alike. PyTorch runs twice: eager, and traced through
torch.jit.optimize_for_inference. Writes peers.json, peers.md and peers.png.
"""

import argparse
import datetime
import json
import math
import os
import platform
import shlex
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FRAMEWORKS = ("dlc", "ort", "torch", "torch_jit")
TITLES = {"dlc": "dlc", "ort": "ORT", "torch": "torch", "torch_jit": "torch jit"}


def log(message):
    print("compare: " + message, file=sys.stderr, flush=True)


#===----------------------------------------------------------------------===#
# Workers: processes that load a model once and answer "threads N" / "run K"
#===----------------------------------------------------------------------===#

class WorkerError(Exception):
    pass


class Worker:
    """A persistent timer process speaking one JSON line per command."""

    def __init__(self, name, argv, env=None):
        self.name = name
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            bufsize=1, env=env)
        self.hello = self._read()

    def _read(self):
        line = self.proc.stdout.readline()
        if not line:
            raise WorkerError("%s worker exited (status %s)"
                              % (self.name, self.proc.wait()))
        reply = json.loads(line)
        if "error" in reply:
            raise WorkerError("%s: %s" % (self.name, reply["error"]))
        return reply

    def call(self, command):
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        return self._read()

    def threads(self, n):
        self.call("threads %d" % n)

    def run(self, k):
        return self.call("run %d" % k)["ms"]

    def close(self):
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("quit\n")
                self.proc.stdin.close()
                self.proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()


class DlcBench:
    """dlc's side through `dlc bench --json`: one process per round, which
    loads the model and makes one warm-up run before the round's k runs."""

    name = "dlc"

    def __init__(self, dlc, so):
        self.dlc, self.so, self.n = dlc, so, 1

    def threads(self, n):
        self.n = n

    def run(self, k):
        out = subprocess.run(
            [self.dlc, "bench", self.so, "--warmup", "1", "--runs", str(k),
             "--threads", str(self.n), "--json"], capture_output=True,
            text=True)
        if out.returncode != 0:
            raise WorkerError("dlc bench: " + (out.stderr or out.stdout).strip())
        result = json.loads(out.stdout)
        # One sample per round: dlc bench reports statistics, not each run.
        return [result["median_ms"]]

    def close(self):
        pass


def has_dlc_bench(dlc):
    try:
        out = subprocess.run([dlc, "bench", "--help"], capture_output=True,
                             text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return out.returncode == 0 and "--json" in out.stdout + out.stderr


#===----------------------------------------------------------------------===#
# Models
#===----------------------------------------------------------------------===#

def graph_inputs(onnx_path):
    """[(name, dims)] of the graph inputs that are not initializers."""
    import onnx
    model = onnx.load(onnx_path, load_external_data=False)
    inits = {i.name for i in model.graph.initializer}
    return [(i.name, [d.dim_value for d in i.type.tensor_type.shape.dim])
            for i in model.graph.input if i.name not in inits]


def prepare(name, work, env):
    """Writes work/NAME via make_model.py unless it is there already."""
    d = os.path.join(work, name)
    if os.path.exists(os.path.join(d, "model.pt")):
        return d, None
    log("%s: exporting with test/models (torch)" % name)
    out = subprocess.run([sys.executable, os.path.join(HERE, "make_model.py"),
                          work, name], capture_output=True, text=True, env=env)
    if out.returncode != 0:
        return d, (out.stderr or out.stdout).strip().splitlines()[-1]
    return d, None


def compile_dlc(dlc, d, flags):
    """Compiles d/model.onnx; returns (so or None, status, seconds, message)."""
    onnx_path, so = os.path.join(d, "model.onnx"), os.path.join(d, "model.so")
    stamp = os.path.join(d, "model.so.cmd")
    command = [dlc, onnx_path, "-o", so] + flags
    fresh = (os.path.exists(so) and os.path.exists(stamp)
             and open(stamp).read() == " ".join(command)
             and os.path.getmtime(so) >= os.path.getmtime(dlc)
             and os.path.getmtime(so) >= os.path.getmtime(onnx_path))
    if fresh:
        return so, "ok", None, ""
    for stale in (so, stamp):
        if os.path.exists(stale):
            os.remove(stale)
    log("%s: compiling with dlc" % os.path.basename(d))
    start = time.time()
    out = subprocess.run(command, capture_output=True, text=True)
    seconds = time.time() - start
    if out.returncode != 0:
        lines = [l for l in (out.stderr + out.stdout).splitlines() if l.strip()]
        message = next((l for l in lines if "error" in l), lines[0] if lines
                       else "exit status %d" % out.returncode)
        status = "unsupported" if out.returncode == 3 else "compile error"
        return None, status, seconds, message
    with open(stamp, "w") as f:
        f.write(" ".join(command))
    return so, "ok", seconds, ""


def compare_outputs(dlc, so, d, inputs, ort, threads):
    """dlc and ORT on the same input: max abs diff, same argmax."""
    out_dir = os.path.join(d, "dlc-out")
    argv = [dlc, "run", so, "--output-dir", out_dir, "--threads", str(threads)]
    for k, (name, _) in enumerate(inputs):
        argv += ["--input", "%s=%s" % (name, os.path.join(d, "input_%d.bin" % k))]
    out = subprocess.run(argv, capture_output=True, text=True)
    if out.returncode != 0:
        return {"error": "dlc run: " + (out.stderr or out.stdout).strip()}
    ort_file = os.path.join(d, "ort_output_0.bin")
    ort.call("output " + ort_file)
    npys = sorted(f for f in os.listdir(out_dir) if f.endswith(".npy"))
    got = np.load(os.path.join(out_dir, npys[0])).astype(np.float32).ravel()
    want = np.fromfile(ort_file, dtype="<f4")
    torch_ref = np.fromfile(os.path.join(d, "output_0.bin"), dtype="<f4")
    if got.size != want.size:
        return {"error": "dlc output has %d values, ORT's %d"
                % (got.size, want.size)}
    return {
        "max_abs_diff_ort": float(np.max(np.abs(got - want))),
        "same_argmax_ort": bool(np.argmax(got) == np.argmax(want)),
        "max_abs_diff_torch": float(np.max(np.abs(got - torch_ref)))
        if torch_ref.size == got.size else None,
    }


#===----------------------------------------------------------------------===#
# Timing
#===----------------------------------------------------------------------===#

def stats(samples):
    if not samples:
        return None
    s = sorted(samples)
    return {"median_ms": float(np.median(s)), "min_ms": s[0],
            "p90_ms": float(np.percentile(s, 90)), "runs": len(s)}


def time_interleaved(workers, threads, args):
    """Times every worker at `threads`, interleaved; {fw: stats or error}."""
    results, estimates, live = {}, {}, []
    for fw, w in workers.items():
        try:
            w.threads(threads)
            estimates[fw] = min(w.run(1))  # warm-up, and a time estimate
            live.append(fw)
        except WorkerError as e:
            results[fw] = {"error": str(e)}
    runs = {}
    for fw in live:
        if args.runs:
            runs[fw] = args.runs
        else:
            want = args.budget * 1e3 / max(estimates[fw], 1e-3)
            runs[fw] = int(min(max(want, args.min_runs), args.max_runs))
    if not live:
        return results
    rounds = max(1, min(args.rounds, min(runs.values())))
    per_round = {fw: math.ceil(runs[fw] / rounds) for fw in live}
    samples = {fw: [] for fw in live}
    log("  %d thread(s): %d round(s) of %s" % (threads, rounds, ", ".join(
        "%s x%d (~%.0f ms)" % (TITLES[fw], per_round[fw], estimates[fw])
        for fw in live)))
    for _ in range(rounds):
        for fw in list(live):
            try:
                samples[fw] += workers[fw].run(per_round[fw])
            except WorkerError as e:
                results[fw] = {"error": str(e)}
                live.remove(fw)
    for fw in live:
        results[fw] = stats(samples[fw])
    return results


#===----------------------------------------------------------------------===#
# Reports
#===----------------------------------------------------------------------===#

def fmt_ms(r):
    if r is None:
        return "—"
    if "error" in r:
        return "error"
    if "status" in r:
        return r["status"]
    m = r["median_ms"]
    return "%.0f" % m if m >= 100 else "%.1f" % m if m >= 10 else "%.2f" % m


def ratio(a, b):
    if not a or not b or "median_ms" not in a or "median_ms" not in b:
        return None
    return a["median_ms"] / b["median_ms"]


def fmt_ratio(x):
    return "—" if x is None else "%.1f×" % x if x >= 10 else "%.2f×" % x


def write_markdown(report, path):
    peers = [fw for fw in FRAMEWORKS[1:] if fw in report["peers"]]
    lines = [
        "# dlc vs ONNX Runtime vs PyTorch",
        "",
        "Median latency of one inference (batch 1, f32, CPU), milliseconds. "
        "Ratios are dlc's time over the peer's: above 1 means dlc is slower. "
        "Written by `%s`; do not edit by hand." % report["command"],
        "",
        "- machine: %s, %d cores; load average %s at start, %s at the end"
        % (report["machine"]["cpu"], report["machine"]["cores"],
           report["machine"]["loadavg"], report.get("loadavg_end", "?")),
        "- dlc: %s, timed through %s" % (
            report["versions"]["dlc"], "`dlc bench --json`"
            if report["dlc_runner"] == "bench" else "dlc-peer-timer "
            "(zero-copy Model::run)"),
        "- ORT: ONNX Runtime %s (onnxruntime-node), graphOptimizationLevel "
        "all, intraOpNumThreads = threads, interOpNumThreads 1%s"
        % (report["versions"]["ort"], "" if report["spin"] else
           ", allow_spinning 0"),
        "- torch: PyTorch %s eager, eval, inference_mode; torch jit: the same "
        "module traced and passed through torch.jit.optimize_for_inference "
        "(frozen, convolutions on oneDNN). Debian's eager torch runs batch-1 "
        "1x1 convolutions and linear layers on the generic netlib BLAS%s"
        % (report["versions"]["torch"], "" if report["spin"] else
           "; OMP_WAIT_POLICY=passive"),
        "- idle threads: %s" % (
            "each runtime's default (ORT and torch spin)" if report["spin"]
            else "ORT and torch block instead of spinning (they are told "
            "to, see above); dlc's pool spins up to 50 us between the "
            "parallel loops of a run, then blocks (`DLC_SPIN_US`): on a "
            "machine shared with other work, spinning threads steal the "
            "cores the other threads wait for (`--spin` restores ORT's and "
            "torch's defaults)"),
        "- %s; one warm-up run each, then runs interleaved round by round "
        "(dlc, ORT, torch, torch jit, dlc, ...); `runs` counts the timed "
        "runs of each, in the columns' order" % report["date"],
        "- outputs: dlc (`dlc run`) and ORT on the same input (the export's "
        "input_0): largest absolute difference of the first output, and "
        "whether its argmax agrees",
        "",
    ]
    load = max(float(report["machine"]["loadavg"].split()[0]),
               float(report.get("loadavg_end", "0").split()[0]))
    if load > report["machine"]["cores"]:
        lines += ["**Other processes kept the load average (up to %.1f) above "
                  "the %d cores during this run: every time includes waiting "
                  "for a core, and 2-thread times suffer most (a parallel "
                  "region waits for its slowest thread). The ratios come from "
                  "interleaved runs, but read them with that in mind.**"
                  % (load, report["machine"]["cores"]), ""]
    head = ["model", "threads", "dlc ms"] + ["%s ms" % TITLES[fw] for fw in peers]
    head += ["dlc/%s" % TITLES[fw] for fw in peers]
    head += ["runs", "max abs diff dlc−ORT", "same argmax"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("| --- | " + " | ".join(
        ["---:"] * (len(head) - 2)) + " | :---: |")
    for m in report["models"]:
        check = m.get("outputs") or {}
        if "max_abs_diff_ort" in check:
            diff = "%.2g" % check["max_abs_diff_ort"]
            argmax = "yes" if check["same_argmax_ort"] else "**no**"
        elif "error" in check:
            diff, argmax = "error", "—"
        else:
            diff, argmax = "—", "—"
        for row in m["rows"]:
            t = row["timings"]
            cells = [m["model"], str(row["threads"]), fmt_ms(t.get("dlc"))]
            cells += [fmt_ms(t.get(fw)) for fw in peers]
            cells += [fmt_ratio(ratio(t.get("dlc"), t.get(fw))) for fw in peers]
            cells.append("/".join(
                str(t[fw]["runs"]) if t.get(fw) and "runs" in t[fw] else "—"
                for fw in ("dlc",) + tuple(peers)))
            cells += [diff, argmax]
            lines.append("| " + " | ".join(cells) + " |")
    notes = []
    for m in report["models"]:
        if m.get("note"):
            notes.append("- %s: %s" % (m["model"], m["note"]))
        if "error" in (m.get("outputs") or {}):
            notes.append("- %s: output check: %s"
                         % (m["model"], m["outputs"]["error"]))
        for row in m["rows"]:
            for fw, r in row["timings"].items():
                if r and "error" in r:
                    notes.append("- %s, %d thread(s), %s: %s" % (
                        m["model"], row["threads"], TITLES[fw], r["error"]))
    if notes:
        lines += ["", "Notes:", ""] + notes
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def write_chart(report, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    shown = ("dlc",) + tuple(fw for fw in FRAMEWORKS[1:]
                             if fw in report["peers"])
    labels, values = [], {fw: [] for fw in shown}
    for m in report["models"]:
        for row in m["rows"]:
            labels.append("%s\n%d thr" % (m["model"], row["threads"]))
            for fw in shown:
                r = row["timings"].get(fw)
                values[fw].append(r["median_ms"] if r and "median_ms" in r
                                  else float("nan"))
    if not labels:
        return
    fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(labels) + 2), 4.8))
    width = 0.8 / len(shown)
    x = np.arange(len(labels))
    for i, fw in enumerate(shown):
        offset = (i - (len(shown) - 1) / 2) * width
        bars = ax.bar(x + offset, values[fw], width, label=TITLES[fw])
        for bar, v in zip(bars, values[fw]):
            if math.isnan(v):
                ax.annotate("n/a", (bar.get_x() + width / 2, 1), ha="center",
                            va="bottom", fontsize=7, rotation=90)
            else:
                ax.annotate("%.0f" % v if v >= 100 else "%.3g" % v,
                            (bar.get_x() + width / 2, v),
                            ha="center", va="bottom", fontsize=7)
    ax.set_yscale("log")
    ax.set_ylabel("median latency, ms (log scale)")
    ax.set_xticks(x)
    ax.set_xticklabels(labels, fontsize=8)
    ax.set_title("dlc vs ONNX Runtime vs PyTorch, batch 1 (%s)"
                 % report["date"][:10], fontsize=10)
    ax.legend()
    ax.grid(axis="y", which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


#===----------------------------------------------------------------------===#
# Main
#===----------------------------------------------------------------------===#

def machine():
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f
                       if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    return {"cpu": cpu, "cores": os.cpu_count(),
            "loadavg": " ".join("%.2f" % x for x in os.getloadavg())}


def dlc_version(dlc, revision=None):
    try:
        out = subprocess.run([dlc, "--version"], capture_output=True,
                             text=True).stdout.strip().splitlines()
        version = out[0] if out else "?"
    except OSError:
        version = "?"
    if not revision:
        rev = subprocess.run(["git", "-C", ROOT, "describe", "--always",
                              "--dirty"], capture_output=True, text=True)
        revision = "source tree " + (rev.stdout.strip() or "not in git")
    return "%s, %s" % (version, revision)


def corpus_names(names, env):
    """Plain torchvision names get generate.py's tv_ prefix."""
    known = subprocess.run(
        [sys.executable, os.path.join(ROOT, "test", "models", "generate.py"),
         "/nonexistent", "--list"], capture_output=True, text=True, env=env)
    tables = set(known.stdout.split())
    return [(n[3:] if n.startswith("tv_") else n,
             n if n.startswith("tv_") or n in tables else "tv_" + n)
            for n in names]


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dlc", required=True, help="the dlc binary")
    p.add_argument("--timer", help="dlc-peer-timer (used when dlc has no "
                   "`bench` command, or with --dlc-runner=timer)")
    p.add_argument("--dlc-runner", choices=("auto", "bench", "timer"),
                   default="auto")
    p.add_argument("--node", default="node")
    p.add_argument("--models", default="resnet50,mobilenet_v2,squeezenet1_0")
    p.add_argument("--threads", default="1,2")
    p.add_argument("--peers", default="ort,torch,torch_jit",
                   help="which of ort, torch (eager), torch_jit to run")
    p.add_argument("--quick", action="store_true",
                   help="few runs: a 3 s budget, 1 to 10 runs, 2 rounds")
    p.add_argument("--runs", type=int, help="timed runs per framework and "
                   "thread count (default: from --budget)")
    p.add_argument("--budget", type=float, default=15.0,
                   help="seconds of timed runs per framework and thread count")
    p.add_argument("--min-runs", type=int, default=3)
    p.add_argument("--max-runs", type=int, default=100)
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--dlc-flags", default="", help="extra dlc flags")
    p.add_argument("--spin", action="store_true",
                   help="leave the peers' thread pools spinning when idle "
                   "(their default); without it ORT gets allow_spinning=0 "
                   "and torch OMP_WAIT_POLICY=passive, so that idle threads "
                   "block as dlc's do")
    p.add_argument("--work", required=True, help="model and output cache")
    p.add_argument("--out", default=os.path.join(ROOT, "benchmarks",
                                                 "results"))
    p.add_argument("--command", default="compare.py")
    p.add_argument("--dlc-revision", help="what dlc was built from, for the "
                   "report (default: git describe of this source tree)")
    args = p.parse_args()
    if args.quick:
        args.budget, args.min_runs, args.max_runs, args.rounds = 3.0, 1, 10, 2
    threads = [int(t) for t in args.threads.split(",")]
    peers = [fw for fw in args.peers.split(",") if fw]
    unknown = [fw for fw in peers if fw not in FRAMEWORKS[1:]]
    if unknown:
        p.error("unknown peer(s) %s; known: %s"
                % (", ".join(unknown), ", ".join(FRAMEWORKS[1:])))
    os.makedirs(args.work, exist_ok=True)
    os.makedirs(args.out, exist_ok=True)
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
    torch_env = dict(env)
    if not args.spin:
        torch_env["OMP_WAIT_POLICY"] = "passive"

    runner = args.dlc_runner
    if runner == "auto":
        runner = "bench" if has_dlc_bench(args.dlc) else "timer"
    if runner == "timer" and not (args.timer and os.access(args.timer,
                                                           os.X_OK)):
        sys.exit("compare: no `dlc bench` and no dlc-peer-timer at %s"
                 % args.timer)
    log("dlc runs through %s" % ("`dlc bench`" if runner == "bench"
                                 else args.timer))
    import torch
    report = {
        "command": args.command, "date": datetime.datetime.now().isoformat(
            timespec="seconds"), "machine": machine(), "dlc_runner": runner,
        "versions": {"dlc": dlc_version(args.dlc, args.dlc_revision), "torch": torch.__version__,
                     "ort": "?"},
        "peers": peers, "spin": args.spin, "models": [],
    }
    flags = shlex.split(args.dlc_flags)
    for display, name in corpus_names(args.models.split(","), env):
        entry = {"model": display, "corpus_name": name, "rows": []}
        report["models"].append(entry)
        d, error = prepare(name, args.work, env)
        if error:
            entry["note"] = "export failed: " + error
            log("%s: %s" % (display, entry["note"]))
            continue
        inputs = graph_inputs(os.path.join(d, "model.onnx"))
        specs = ["%s:%s:%s" % (n, "x".join(map(str, dims)),
                               os.path.join(d, "input_%d.bin" % k))
                 for k, (n, dims) in enumerate(inputs)]
        so, status, seconds, message = compile_dlc(args.dlc, d, flags)
        entry["dlc_status"] = status
        if seconds is not None:
            entry["dlc_compile_s"] = round(seconds, 2)
        if status != "ok":
            entry["note"] = "dlc: %s: %s" % (status, message)
            log("%s: %s" % (display, entry["note"]))

        workers = {}
        try:
            if so:
                if runner == "bench":
                    workers["dlc"] = DlcBench(args.dlc, so)
                else:
                    workers["dlc"] = Worker("dlc", [args.timer, so] + [
                        s.split(":", 2)[2] for s in specs])
            # The ORT worker also serves the output check.
            if "ort" in peers or so:
                workers["ort"] = Worker(
                    "ort", [args.node, os.path.join(HERE, "ort_worker.js")] +
                    ([] if args.spin else ["--no-spin"]) +
                    [os.path.join(d, "model.onnx")] + specs)
                report["versions"]["ort"] = workers["ort"].hello["version"]
            for fw in ("torch", "torch_jit"):
                if fw in peers:
                    workers[fw] = Worker(TITLES[fw], [
                        sys.executable, os.path.join(HERE, "torch_worker.py")]
                        + (["--jit"] if fw == "torch_jit" else []) +
                        [os.path.join(d, "model.pt")] +
                        [s.split(":", 1)[1] for s in specs], env=torch_env)
            if so:
                workers["ort"].threads(max(threads))
                entry["outputs"] = compare_outputs(args.dlc, so, d, inputs,
                                                   workers["ort"],
                                                   max(threads))
                log("%s: outputs %s" % (display, entry["outputs"]))
            timed = {fw: w for fw, w in workers.items()
                     if fw == "dlc" or fw in peers}
            for n in threads:
                log("%s: timing" % display)
                timings = time_interleaved(timed, n, args)
                if not so:
                    timings["dlc"] = {"status": status}
                entry["rows"].append({"threads": n, "timings": timings})
                log("%s, %d thread(s): %s" % (display, n, ", ".join(
                    "%s %s" % (TITLES[fw], fmt_ms(timings.get(fw)))
                    for fw in FRAMEWORKS)))
        except WorkerError as e:
            entry["note"] = str(e)
            log("%s: %s" % (display, e))
        finally:
            for w in workers.values():
                w.close()
        # Partial results survive an interrupted run.
        with open(os.path.join(args.out, "peers.json"), "w") as f:
            json.dump(report, f, indent=1)
    report["loadavg_end"] = machine()["loadavg"]
    with open(os.path.join(args.out, "peers.json"), "w") as f:
        json.dump(report, f, indent=1)
    write_markdown(report, os.path.join(args.out, "peers.md"))
    write_chart(report, os.path.join(args.out, "peers.png"))
    log("wrote %s/peers.{md,json,png}" % args.out)


if __name__ == "__main__":
    main()
