"""Shared helpers for the end-to-end test model generators.

Every model is written as a directory OUTDIR/NAME/ holding

  model.onnx      exported by torch.onnx.export (opset 13 unless the model
                  asks otherwise), BatchNormalization kept as its own node
  input_K.bin     the K-th graph input, raw little-endian f32, C order
  output_K.bin    torch's eval-mode output K for those inputs, same format

A name may end in variant suffixes (see split_variant): NAME-b4 (batch 4),
NAME-s160 (160x160 input), NAME-opset11 (exported at opset 11), in any
combination, e.g. tv_resnet18-b4-s160. The batch and size go to the build
function; the opset to torch.onnx.export.

The shapes are not written: the test reads them from the compiled model and
checks that the file sizes agree. Everything is seeded, so two runs write
byte-identical files.
"""

import os
import re

import numpy as np
import torch
import torch.nn as nn

SEED = 0
OPSET = 13
# The opsets torch 1.13 exports and dlc imports (issue 4: opsets 11 to 17).
OPSETS = range(11, 18)

_VARIANT = re.compile(r"-(b|s|opset)([0-9]+)$")
_VARIANT_KEYS = {"b": "batch", "s": "size", "opset": "opset"}


def split_variant(name):
    """'tv_resnet18-b4-s160' -> ('tv_resnet18', {'batch': 4, 'size': 160}).

    Suffixes: -bN (batch N), -sN (NxN input), -opsetN (ONNX opset N).
    """
    base, options = name, {}
    while True:
        m = _VARIANT.search(base)
        if not m:
            break
        key = _VARIANT_KEYS[m.group(1)]
        if key in options:
            raise ValueError("%s: more than one -%s suffix" % (name, m.group(1)))
        options[key] = int(m.group(2))
        base = base[:m.start()]
    if "opset" in options and options["opset"] not in OPSETS:
        raise ValueError("%s: opset %d is outside %d..%d" % (
            name, options["opset"], OPSETS[0], OPSETS[-1]))
    if options.get("batch", 1) < 1 or options.get("size", 1) < 1:
        raise ValueError("%s: batch and size must be positive" % name)
    return base, options


def seed_everything(seed=SEED):
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


def calibrate_batchnorm(model, input_shape, passes=2, batch=4):
    """Give every BatchNorm non-trivial parameters and running statistics.

    Fresh BN layers have gamma=1, beta=0, mean=0, var=1, which makes them
    the identity and lets a broken BN lowering pass. Randomize gamma/beta and
    run a few train-mode passes on random data so mean/var are real (8
    images: most of the time torch takes for a big model goes here).
    """
    bns = [m for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    with torch.no_grad():
        for bn in bns:
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.uniform_(-0.5, 0.5)
            bn.momentum = None  # cumulative average over the passes below
        model.train()
        shape = (batch,) + tuple(input_shape[1:])
        for _ in range(passes):
            model(torch.randn(shape) * 2.0 + 0.5)
    model.eval()
    return model


class SmallMarginError(Exception):
    pass


def argmax_slices(output):
    """The slices the e2e test takes an argmax of: one per sample (along the
    first dim) for outputs of rank 2 and up, else the whole tensor.

    dlc-model-tests (test/e2e/models/ModelTest.cpp) uses the same rule.
    """
    t = output.detach()
    if t.dim() >= 2:
        return [s.flatten() for s in t]
    return [t.flatten()]


def check_argmax_margin(name, index, output, min_margin=1e-3, rel_margin=1e-3):
    """The e2e test also compares argmaxes; make sure that is well defined.

    A top-2 gap far above the test tolerance (1e-4 x max|output|) keeps the
    argmax comparison from failing (or passing) on rounding alone. The gap
    is between distinct values: exact copies of the maximum (a nearest
    Resize repeats every value) leave the first index the argmax for dlc
    as for torch.
    """
    need = max(min_margin, rel_margin * float(output.detach().abs().max()))
    for sample, flat in enumerate(argmax_slices(output)):
        values = flat.unique(sorted=True)
        if values.numel() < 2:
            continue
        margin = float(values[-1] - values[-2])
        if margin < need:
            raise SmallMarginError("%s: output %d, sample %d: top-2 margin "
                                   "%.2g < %.2g"
                                   % (name, index, sample, margin, need))


def write_f32(path, tensor):
    np.ascontiguousarray(tensor.detach().numpy(), dtype="<f4").tofile(path)


def export(name, model, inputs, outdir, opset=OPSET):
    """Export `model` (eval mode) with `inputs` and write OUTDIR/NAME/."""
    if isinstance(inputs, torch.Tensor):
        inputs = (inputs,)
    model.eval()
    with torch.no_grad():
        outputs = model(*inputs)
    if isinstance(outputs, torch.Tensor):
        outputs = (outputs,)

    for i, out in enumerate(outputs):
        check_argmax_margin(name, i, out)

    d = os.path.join(outdir, name)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "model.onnx")
    # PRESERVE exports the model in its current (eval) mode without folding
    # BatchNormalization into the preceding Conv.
    torch.onnx.export(model, inputs, path,
                      input_names=["input_%d" % i for i in range(len(inputs))],
                      output_names=["output_%d" % i for i in range(len(outputs))],
                      opset_version=opset, do_constant_folding=False,
                      training=torch.onnx.TrainingMode.PRESERVE)
    import onnx
    m = onnx.load(path)
    onnx.checker.check_model(m)
    m.graph.name = name
    onnx.save(m, path)

    for i, t in enumerate(inputs):
        write_f32(os.path.join(d, "input_%d.bin" % i), t)
    for i, t in enumerate(outputs):
        write_f32(os.path.join(d, "output_%d.bin" % i), t)
    ops = sorted({n.op_type for n in m.graph.node})
    print("%s: %s (%s)" % (name, path, ", ".join(ops)))
    return m


def clear_outputs(d):
    """Removes what an earlier run left in model folder `d` (the export,
    references, and the e2e test's compiled models and results), so that
    nothing stale survives a failed export."""
    if not os.path.isdir(d):
        return
    for f in os.listdir(d):
        if (f == "model.onnx" or re.fullmatch(r"(input|output)_[0-9]+\.bin", f)
                or re.fullmatch(r"model\.O[0-3]\.(so|compile\.json|result\.json)",
                                f)):
            os.remove(os.path.join(d, f))


def generate(name, build, outdir, attempts=8):
    """Seed, build (model, inputs) with `build()`, and export them at the
    opset NAME's -opsetN suffix asks for (default OPSET).

    If an output's top-2 margin is too small for a meaningful argmax check,
    draws the next seeded random inputs of the same shapes and tries again.
    """
    opset = split_variant(name)[1].get("opset", OPSET)
    clear_outputs(os.path.join(outdir, name))
    seed_everything()
    model, inputs = build()
    if isinstance(inputs, torch.Tensor):
        inputs = (inputs,)
    for attempt in range(attempts):
        try:
            return export(name, model, inputs, outdir, opset=opset)
        except SmallMarginError as e:
            print("%s; drawing another input" % e)
            inputs = tuple(torch.randn(t.shape) for t in inputs)
    raise SystemExit("%s: no input with a clear argmax in %d attempts"
                     % (name, attempts))
