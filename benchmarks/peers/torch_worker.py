#!/usr/bin/python3
"""PyTorch's side of the peer comparison (benchmarks/peers/compare.py).

  torch_worker.py [--jit] model.pt 1x3x224x224:FILE ...

Loads the module saved by make_model.py and its inputs (raw little-endian
f32), then answers commands on stdin with one JSON line each. Eager mode by
default; with --jit the module is traced and passed through
torch.jit.optimize_for_inference (frozen, BatchNorm folded, convolutions on
oneDNN/MKLDNN), which is how one deploys a torch model on CPU. Debian's
eager torch runs batch-1 1x1 convolutions and linear layers through the
generic (netlib) BLAS, which makes it many times slower than that path.

  threads N   torch.set_num_threads(N)          -> {"threads": N}
  run K       K timed eval-mode runs under torch.inference_mode()
                                                -> {"ms": [t1, ..., tK]}
  quit

The first line it prints is {"ready": true, "version": "..."}.
"""

import json
import sys
import time

import numpy as np
import torch


def reply(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


def main():
    args = sys.argv[1:]
    jit = args[0] == "--jit"
    if jit:
        args = args[1:]
    model = torch.load(args[0])
    model.eval()
    inputs = []
    for spec in args[1:]:
        dims, path = spec.split(":", 1)
        shape = [int(d) for d in dims.split("x")]
        inputs.append(torch.from_numpy(
            np.fromfile(path, dtype="<f4").reshape(shape)))
    if jit:
        with torch.no_grad():
            model = torch.jit.optimize_for_inference(
                torch.jit.trace(model, tuple(inputs)))
    reply({"ready": True, "version": torch.__version__})
    for line in sys.stdin:
        fields = line.split()
        verb = fields[0] if fields else ""
        if verb == "quit":
            break
        try:
            if verb == "threads":
                torch.set_num_threads(int(fields[1]))
                reply({"threads": torch.get_num_threads()})
            elif verb == "run":
                ms = []
                with torch.inference_mode():
                    for _ in range(int(fields[1])):
                        start = time.perf_counter()
                        model(*inputs)
                        ms.append((time.perf_counter() - start) * 1e3)
                reply({"ms": ms})
            else:
                reply({"error": "unknown command '%s'" % line.strip()})
        except Exception as e:  # reported to compare.py, which goes on
            reply({"error": "%s: %s" % (type(e).__name__, e)})


if __name__ == "__main__":
    main()
