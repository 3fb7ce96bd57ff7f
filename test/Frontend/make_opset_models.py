#!/usr/bin/python3
"""Write, for each ONNX opset 11 to 17, a model using the ops of classic CNN
exports in that opset's form, with its input and the expected output.

Usage: /usr/bin/python3 make_opset_models.py OUTDIR

OUTDIR/opsetN.onnx, OUTDIR/opsetN_x.npy (the input) and OUTDIR/opsetN_y.npy
(the output, computed here with numpy, not by dlc). The forms that change
with the opset: Squeeze/Unsqueeze axes (attribute before 13, input from
13), Clip bounds (inputs from 11; min only, max only), Dropout's ratio and
training_mode (inputs from 12), Softmax's axis (2-D coercion before 13),
HardSwish (from 14). Also: Sum of three broadcast inputs, ConstantOfShape,
Identity, MaxPool with ceil_mode, AveragePool with ceil_mode and
count_include_pad.
"""

import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def avg_pool(x, k, s, pad, count_include_pad):
    """ceil_mode AveragePool over [N, C, H, W] as ONNX (and torch) define it:
    padded positions count when count_include_pad, never those past the
    padding that ceil_mode adds."""
    n, c, h, w = x.shape
    oh = -(-(h + 2 * pad - k) // s) + 1
    ow = -(-(w + 2 * pad - k) // s) + 1
    # The last window must start inside the input or its leading padding.
    if (oh - 1) * s >= h + pad:
        oh -= 1
    if (ow - 1) * s >= w + pad:
        ow -= 1
    y = np.zeros((n, c, oh, ow), np.float32)
    for i in range(oh):
        for j in range(ow):
            h0, w0 = i * s - pad, j * s - pad
            h1, w1 = min(h0 + k, h + pad), min(w0 + k, w + pad)
            size = (h1 - h0) * (w1 - w0)
            h0c, w0c, h1c, w1c = max(h0, 0), max(w0, 0), min(h1, h), min(w1, w)
            window = x[:, :, h0c:h1c, w0c:w1c]
            if not count_include_pad:
                size = (h1c - h0c) * (w1c - w0c)
            y[:, :, i, j] = window.sum(axis=(2, 3)) / size
    return y


def max_pool(x, k, s):
    """ceil_mode MaxPool without padding."""
    n, c, h, w = x.shape
    oh, ow = -(-(h - k) // s) + 1, -(-(w - k) // s) + 1
    y = np.zeros((n, c, oh, ow), np.float32)
    for i in range(oh):
        for j in range(ow):
            y[:, :, i, j] = x[:, :, i * s:i * s + k, j * s:j * s + k].max(
                axis=(2, 3))
    return y


def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def make(opset, rng):
    x = rng.standard_normal((2, 3, 9, 10)).astype(np.float32) * 2
    b = rng.standard_normal((9, 1)).astype(np.float32)
    c = rng.standard_normal((5,)).astype(np.float32)
    inits = [numpy_helper.from_array(b, "b"), numpy_helper.from_array(c, "c")]
    nodes = []

    def const(name, array):
        inits.append(numpy_helper.from_array(array, name))
        return name

    # Clip: 0.5 * x clipped to [-1.5, 1.2] in two steps (min only, max only).
    nodes.append(helper.make_node("Mul", ["x", const("half", np.float32(0.5))],
                                  ["xh"]))
    nodes.append(helper.make_node(
        "Clip", ["xh", const("lo", np.array(-1.5, np.float32))], ["c1"]))
    nodes.append(helper.make_node(
        "Clip", ["c1", "", const("hi", np.array(1.2, np.float32))], ["c2"]))
    ref = np.minimum(np.maximum(x * 0.5, -1.5), 1.2)
    if opset >= 14:
        nodes.append(helper.make_node("HardSwish", ["c2"], ["hs"]))
        ref = ref * np.clip(ref / 6 + 0.5, 0, 1)
    else:
        nodes.append(helper.make_node("Identity", ["c2"], ["hs"]))
    nodes.append(helper.make_node("MaxPool", ["hs"], ["mp"], kernel_shape=[2, 2],
                                  strides=[2, 2], ceil_mode=1))
    ref = max_pool(ref, 2, 2)  # 9x10 -> 5x5
    nodes.append(helper.make_node("AveragePool", ["mp"], ["ap"],
                                  kernel_shape=[3, 3], strides=[2, 2],
                                  pads=[1, 1, 1, 1], ceil_mode=1,
                                  count_include_pad=1))
    ref = avg_pool(ref, 3, 2, 1, True)  # 5x5 -> 3x3
    if opset >= 12:
        nodes.append(helper.make_node(
            "Dropout",
            ["ap", const("ratio", np.array(0.4, np.float32)),
             const("training", np.array(False))], ["dr", "mask"]))
    else:
        nodes.append(helper.make_node("Dropout", ["ap"], ["dr", "mask"],
                                      ratio=0.4))
    nodes.append(helper.make_node("Identity", ["dr"], ["id"]))
    # [2, 3, 3, 3] -> Unsqueeze -> [2, 3, 1, 3, 3, 1] -> Squeeze -> back.
    if opset >= 13:
        nodes.append(helper.make_node(
            "Unsqueeze", ["id", const("uaxes", np.array([2, -1], np.int64))],
            ["us"]))
        nodes.append(helper.make_node(
            "Squeeze", ["us", const("saxes", np.array([-1, 2], np.int64))],
            ["sq"]))
    else:
        nodes.append(helper.make_node("Unsqueeze", ["id"], ["us"],
                                      axes=[2, -1]))
        nodes.append(helper.make_node("Squeeze", ["us"], ["sq"], axes=[-1, 2]))
    # [2, 3, 9, 1] + [9, 1] + [5] broadcasts to [2, 3, 9, 5].
    nodes.append(helper.make_node("Reshape", [
        "sq", const("flat", np.array([2, 3, 9, 1], np.int64))], ["col"]))
    nodes.append(helper.make_node("Sum", ["col", "b", "c"], ["s"]))
    col = ref.reshape(2, 3, 9, 1)
    ref = col + b + c  # [2, 3, 9, 5]
    nodes.append(helper.make_node("Softmax", ["s"], ["y"], axis=2))
    if opset >= 13:
        ref = softmax(ref, 2)
    else:
        ref = softmax(ref.reshape(6, 45), 1).reshape(2, 3, 9, 5)
    nodes.append(helper.make_node(
        "ConstantOfShape", [const("shape", np.array([9, 5], np.int64))],
        ["k"], value=numpy_helper.from_array(np.array([0.25], np.float32))))
    nodes.append(helper.make_node("Add", ["y", "k"], ["out"]))
    ref = ref + 0.25

    graph = helper.make_graph(
        nodes, "opset%d" % opset,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, x.shape)],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, ref.shape)],
        inits)
    model = helper.make_model(graph, producer_name="dlc-test-fixtures",
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 7
    onnx.checker.check_model(model)
    onnx.shape_inference.infer_shapes(model, strict_mode=True)
    return model, x, ref.astype(np.float32)


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(4)
    for opset in range(11, 18):
        model, x, y = make(opset, rng)
        onnx.save(model, os.path.join(out, "opset%d.onnx" % opset))
        np.save(os.path.join(out, "opset%d_x.npy" % opset), x)
        np.save(os.path.join(out, "opset%d_y.npy" % opset), y)


if __name__ == "__main__":
    main()
