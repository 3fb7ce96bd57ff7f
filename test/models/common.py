"""Shared helpers for the end-to-end test model generators.

Every model is written as a directory OUTDIR/NAME/ holding

  model.onnx      exported by torch.onnx.export (opset 13 unless the model
                  asks otherwise), BatchNormalization kept as its own node
  input_K.bin     the K-th graph input, raw little-endian f32, C order
  output_K.bin    torch's eval-mode output K for those inputs, same format

The shapes are not written: the test reads them from the compiled model and
checks that the file sizes agree. Everything is seeded, so two runs write
byte-identical files.
"""

import os

import numpy as np
import torch
import torch.nn as nn

SEED = 0
OPSET = 13


def seed_everything(seed=SEED):
    torch.manual_seed(seed)
    np.random.seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


def calibrate_batchnorm(model, input_shape, passes=4, batch=8):
    """Give every BatchNorm non-trivial parameters and running statistics.

    Fresh BN layers have gamma=1, beta=0, mean=0, var=1, which makes them
    the identity and lets a broken BN lowering pass. Randomize gamma/beta and
    run a few train-mode passes on random data so mean/var are real.
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


def check_argmax_margin(name, index, output, min_margin=1e-3):
    """The e2e test also compares argmaxes; make sure that is well defined.

    A top-2 gap far above the test tolerance keeps the argmax comparison
    from failing (or passing) on rounding alone.
    """
    flat = output.detach().flatten()
    if flat.numel() < 2:
        return
    top2 = flat.topk(2).values
    margin = float(top2[0] - top2[1])
    if margin < min_margin:
        raise SmallMarginError("%s: output %d: top-2 margin %.2g < %.2g"
                               % (name, index, margin, min_margin))


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


def generate(name, build, outdir, attempts=8):
    """Seed, build (model, inputs) with `build()`, and export them.

    If an output's top-2 margin is too small for a meaningful argmax check,
    draws the next seeded random inputs of the same shapes and tries again.
    """
    seed_everything()
    model, inputs = build()
    if isinstance(inputs, torch.Tensor):
        inputs = (inputs,)
    for attempt in range(attempts):
        try:
            return export(name, model, inputs, outdir)
        except SmallMarginError as e:
            print("%s; drawing another input" % e)
            inputs = tuple(torch.randn(t.shape) for t in inputs)
    raise SystemExit("%s: no input with a clear argmax in %d attempts"
                     % (name, attempts))
