#!/usr/bin/env python3
"""Checks one of dlc's convolution algorithms against a float64 reference.

    conv_algos.py --dlc PATH/dlc --algo NAME --work DIR [--only SUBSTRING]
                  [--mcpu CPU]

For every case below that the algorithm can compute, writes a one-node
(Conv [+ Add] [+ activation]) ONNX model with seeded random weights,
compiles it with `dlc --conv-algo=NAME`, checks from `--report=algo` that
NAME really computed the conv, runs it with `dlc run` and compares the
output with the same convolution computed in float64 by NumPy:

    max |dlc - ref| <= tolerance(NAME) * max |ref|

Cases cover odd sizes, asymmetric padding, strides, dilations, groups,
depthwise, channel counts that are not multiples of the vector width or of
the 6-row tile, batch 2, and the fused epilogues (bias, residual Add,
activations). --mcpu compiles for another CPU of the host's family (e.g.
x86-64-v3, AVX2, on an AVX-512 host: the kernels' register tiles depend on
the vector width). Prints one line per case and a summary; exits 1 on any
mismatch, or if the algorithm computed none of the cases.
"""
import argparse
import json
import os
import subprocess
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

# Max error relative to max |ref|. The transforms of Winograd and FFT lose a
# few bits more than a direct sum (bounds measured on these cases, with
# margin; see benchmarks/README.md).
TOLERANCE = {
    "loops": 1e-5, "gemm": 1e-5, "indirect": 1e-5, "im2col": 1e-5,
    "direct": 1e-5, "dense": 1e-5, "im2row": 1e-5,
    # Worst measured here: about 6e-7 (fft_c5_deep, 520 channels: the
    # float32 transforms add about log2(T) roundings to a direct sum's).
    "fft": 2e-6,
    # Worst measured here: F(2x2,3x3) 7.3e-7, F(4x4,3x3) 1.2e-5 (c3_deep,
    # 520 channels; F(4,3)'s transforms scale by up to 8 and 1/24).
    "winograd_f2": 1e-5, "winograd": 1e-4,
}


def case(name, n, c, h, w, f, k, stride=1, pads=(0, 0, 0, 0), dilation=1,
         group=1, bias=True, residual=False, act=None):
    kh, kw = (k, k) if isinstance(k, int) else k
    sh, sw = (stride, stride) if isinstance(stride, int) else stride
    return dict(name=name, n=n, c=c, h=h, w=w, f=f, kh=kh, kw=kw, sh=sh,
                sw=sw, pads=pads, dil=dilation, group=group, bias=bias,
                residual=residual, act=act)


CASES = [
    # 1x1 (GEMM shapes): tails in every dim, deep K (K blocks), batch 2.
    case("pw_small", 1, 3, 5, 7, 4, 1),
    case("pw_tails", 1, 13, 9, 11, 19, 1, act="relu"),
    case("pw_deep", 2, 300, 7, 7, 10, 1, residual=True, act="relu"),
    case("pw_wide", 1, 64, 28, 28, 64, 1, bias=False),
    case("pw_stride2", 1, 16, 14, 14, 24, 1, stride=2),
    case("pw_grouped", 1, 12, 6, 6, 18, 1, group=3, act="clip"),
    # 1x1 images (dense layers, squeeze-and-excitation): `dense`'s rows are
    # the images. One image (a 1-row tile), fewer than 6, row and column
    # tails, K blocks, several row and column blocks of tasks.
    case("fc_b1", 1, 40, 1, 1, 1000, 1, act="relu"),
    case("fc_b5", 5, 33, 1, 1, 17, 1, residual=True),
    case("fc_b13_deep", 13, 600, 1, 1, 19, 1, act="sigmoid"),
    case("fc_b100", 100, 70, 1, 1, 200, 1, bias=False, act="clip"),
    # 3x3: the Winograd/indirect workhorse.
    case("c3_pad1", 1, 8, 10, 10, 12, 3, pads=(1, 1, 1, 1), act="relu"),
    case("c3_odd", 1, 5, 13, 7, 7, 3, pads=(1, 1, 1, 1)),
    case("c3_nopad", 2, 16, 9, 12, 8, 3, residual=True, act="relu"),
    case("c3_asym", 1, 7, 11, 9, 13, 3, pads=(0, 1, 2, 1), act="leaky"),
    case("c3_56", 1, 64, 56, 56, 64, 3, pads=(1, 1, 1, 1), act="relu"),
    case("c3_14", 1, 96, 14, 14, 70, 3, pads=(1, 1, 1, 1), residual=True),
    case("c3_7", 1, 300, 7, 7, 20, 3, pads=(1, 1, 1, 1), act="relu"),
    case("c3_s2", 1, 8, 15, 15, 16, 3, stride=2, pads=(1, 1, 1, 1)),
    case("c3_dil2", 1, 6, 12, 12, 9, 3, pads=(2, 2, 2, 2), dilation=2),
    case("c3_grouped", 2, 16, 8, 8, 32, 3, pads=(1, 1, 1, 1), group=4),
    case("c3_sigmoid", 1, 4, 6, 6, 5, 3, pads=(1, 1, 1, 1), act="sigmoid"),
    # Winograd's tiles: batch 2 at 28x28, a pad of 2, images smaller than
    # one tile, channel blocks (520) with a residual, 7x7 with 8-tile panels
    # and an odd last 6-filter panel.
    case("c3_28_b2", 2, 37, 28, 28, 45, 3, pads=(1, 1, 1, 1), residual=True,
         act="relu"),
    case("c3_13_pad2", 1, 11, 13, 13, 17, 3, pads=(2, 0, 1, 2), act="clip"),
    case("c3_tiny", 1, 3, 3, 5, 2, 3, pads=(1, 1, 1, 1)),
    case("c3_deep", 1, 520, 14, 14, 130, 3, pads=(1, 1, 1, 1), residual=True,
         act="relu"),
    case("c3_7_b2", 2, 64, 7, 7, 200, 3, pads=(1, 1, 1, 1), act="relu"),
    # At most 6 Winograd tiles (the tiles as rows, the filter transformed in
    # the kernel): 6 tiles (two passes over the positions on AVX-512),
    # channel blocks, a filter tail; one tile; 5 tiles at batch 3.
    case("c3_6tiles", 1, 700, 8, 12, 40, 3, pads=(1, 1, 1, 1), residual=True,
         act="relu"),
    case("c3_1tile", 1, 33, 4, 4, 21, 3, pads=(1, 1, 1, 1)),
    case("c3_5tiles_b3", 3, 24, 19, 4, 16, 3, pads=(0, 1, 0, 1), act="clip"),
    # Depthwise.
    case("dw3_s1", 1, 32, 14, 14, 32, 3, pads=(1, 1, 1, 1), group=32,
         act="relu"),
    case("dw3_s2", 2, 24, 15, 17, 24, 3, stride=2, pads=(1, 1, 1, 1),
         group=24),
    case("dw5_s1", 1, 40, 9, 9, 40, 5, pads=(2, 2, 2, 2), group=40,
         residual=True),
    case("dw5_s2", 1, 13, 20, 20, 13, 5, stride=2, pads=(2, 2, 2, 2),
         group=13, act="clip"),
    case("dw3_nopad", 1, 9, 7, 30, 9, 3, group=9),
    # Depthwise for `direct`: MobileNet's 112x112 plane (row-block tasks,
    # interior loops), odd sizes, channels not a multiple of 8, asymmetric
    # pads, batch 2 with a residual, dilation, strides 3 (gathers) and
    # (2, 1), 7x7, non-square windows, a one-row image (every row a border
    # row) and outputs narrower than one vector.
    case("dw3_112", 1, 32, 112, 112, 32, 3, pads=(1, 1, 1, 1), group=32,
         act="clip"),
    case("dw3_s2_57", 1, 24, 57, 57, 24, 3, stride=2, pads=(1, 1, 1, 1),
         group=24, act="clip"),
    case("dw3_b2_res", 2, 20, 19, 37, 20, 3, pads=(0, 2, 1, 1), group=20,
         residual=True, act="relu"),
    case("dw5_s2_odd", 1, 11, 33, 29, 11, 5, stride=2, pads=(2, 1, 2, 3),
         group=11, act="leaky"),
    case("dw3_dil2", 1, 16, 20, 21, 16, 3, pads=(2, 2, 2, 2), dilation=2,
         group=16),
    case("dw3_s3", 1, 8, 25, 26, 8, 3, stride=3, pads=(1, 1, 1, 1), group=8),
    case("dw3_s21", 1, 8, 12, 30, 8, 3, stride=(2, 1), pads=(1, 1, 1, 1),
         group=8, bias=False),
    case("dw7", 1, 12, 23, 23, 12, 7, pads=(3, 3, 3, 3), group=12,
         act="sigmoid"),
    case("dw3x5", 1, 10, 15, 40, 10, (3, 5), pads=(1, 2, 1, 2), group=10),
    case("dw3_row", 1, 8, 1, 9, 8, 3, pads=(1, 1, 1, 1), group=8),
    case("dw3_narrow", 2, 40, 16, 9, 40, 3, stride=2, group=40,
         residual=True),
    # OW = 14 and 28 at stride 2: the partial last vector recomputed as an
    # interior one (columns 6..13 and 20..27).
    case("dw3_s2_tail", 2, 16, 28, 28, 16, 3, stride=2, pads=(1, 1, 1, 1),
         group=16, act="relu"),
    case("dw3_s2_tail56", 1, 8, 56, 56, 8, 3, stride=2, pads=(1, 1, 1, 1),
         group=8, act="clip"),
    # Large kernels (FFT's ground) and non-square ones.
    case("c5", 1, 6, 20, 20, 10, 5, pads=(2, 2, 2, 2), act="relu"),
    case("c7_s1", 1, 3, 24, 24, 8, 7, pads=(3, 3, 3, 3)),
    case("c7_s2", 1, 3, 32, 32, 16, 7, stride=2, pads=(3, 3, 3, 3)),
    # A stem: 16-pixel panels within one output row, read at stride 2 with
    # contiguous loads and an even-lane shuffle where no tap is padding.
    case("c7_s2_stem", 1, 3, 64, 66, 20, 7, stride=2, pads=(3, 3, 3, 3),
         act="relu"),
    case("c9", 2, 8, 30, 30, 12, 9, pads=(4, 4, 4, 4), residual=True),
    case("c11", 1, 4, 33, 33, 6, 11, pads=(5, 5, 5, 5), act="relu"),
    case("c1x7", 1, 8, 12, 12, 8, (1, 7), pads=(0, 3, 0, 3)),
    case("c7x1", 1, 8, 12, 12, 8, (7, 1), pads=(3, 0, 3, 0)),
    # FFT: 16x16 tiles up to 9x9 filters (12, 10, 8 outputs a side), 32x32
    # above; several 8-channel and 8-filter blocks in the complex GEMM,
    # depthwise lanes of 8 channels with tails, tiles cut by the image
    # border and by asymmetric padding, batch 2, depth multipliers, groups.
    case("fft_c5_tails", 2, 13, 29, 31, 19, 5, pads=(2, 2, 2, 2),
         residual=True, act="relu"),
    case("fft_c7_blocks", 1, 40, 30, 27, 70, 7, pads=(3, 3, 3, 3),
         act="leaky"),
    case("fft_c9_deep", 1, 72, 21, 21, 24, 9, pads=(4, 4, 4, 4)),
    case("fft_c9_nopad", 1, 5, 26, 19, 3, 9),
    case("fft_c5_deep", 1, 520, 14, 14, 20, 5, pads=(2, 2, 2, 2)),
    case("fft_c11_t32", 1, 10, 50, 47, 12, 11, pads=(5, 5, 5, 5),
         act="clip"),
    case("fft_c13_asym", 1, 3, 40, 35, 9, 13, pads=(6, 2, 3, 7)),
    case("fft_c5x9", 1, 6, 25, 33, 7, (5, 9), pads=(2, 4, 2, 4), bias=False),
    case("fft_c3x17", 1, 4, 24, 40, 5, (3, 17), pads=(1, 8, 1, 8)),
    case("fft_dw9", 2, 20, 56, 56, 20, 9, pads=(4, 4, 4, 4), group=20,
         residual=True, act="relu"),
    case("fft_dw9_7", 1, 96, 7, 7, 96, 9, pads=(4, 4, 4, 4), group=96),
    case("fft_dw11", 1, 13, 45, 30, 13, 11, pads=(5, 5, 5, 5), group=13,
         act="sigmoid"),
    case("fft_dw7_odd", 1, 9, 17, 61, 9, 7, pads=(1, 3, 5, 2), group=9),
    case("fft_grouped", 1, 16, 20, 20, 24, 5, pads=(2, 2, 2, 2), group=4),
    case("fft_multiplier", 1, 8, 18, 18, 16, 7, pads=(3, 3, 3, 3), group=8),
]


def out_size(size, k, stride, pad_begin, pad_end, dil):
    return (size + pad_begin + pad_end - dil * (k - 1) - 1) // stride + 1


def reference(x, wgt, b, res, cs):
    """The convolution and epilogue in float64, by explicit window sums."""
    n, c, h, w = x.shape
    f, cg, kh, kw = wgt.shape
    pt, pl, pb, pr = cs["pads"]
    d, sh, sw, g = cs["dil"], cs["sh"], cs["sw"], cs["group"]
    oh = out_size(h, kh, sh, pt, pb, d)
    ow = out_size(w, kw, sw, pl, pr, d)
    xp = np.zeros((n, c, h + pt + pb, w + pl + pr))
    xp[:, :, pt:pt + h, pl:pl + w] = x
    y = np.zeros((n, f, oh, ow))
    fg = f // g
    for gi in range(g):
        xs = xp[:, gi * cg:(gi + 1) * cg]
        ws = wgt[gi * fg:(gi + 1) * fg]
        for i in range(kh):
            for j in range(kw):
                patch = xs[:, :, i * d:i * d + sh * (oh - 1) + 1:sh,
                           j * d:j * d + sw * (ow - 1) + 1:sw]
                y[:, gi * fg:(gi + 1) * fg] += np.einsum(
                    "nchw,fc->nfhw", patch, ws[:, :, i, j])
    if b is not None:
        y += b[None, :, None, None]
    if res is not None:
        y += res
    act = cs["act"]
    if act == "relu":
        y = np.maximum(y, 0)
    elif act == "clip":
        y = np.clip(y, 0, 6)
    elif act == "leaky":
        y = np.where(y < 0, 0.1 * y, y)
    elif act == "sigmoid":
        y = 1 / (1 + np.exp(-y))
    return y


def make_model(cs, rng, path):
    n, c, h, w, f = cs["n"], cs["c"], cs["h"], cs["w"], cs["f"]
    cg = c // cs["group"]
    fan_in = cg * cs["kh"] * cs["kw"]
    wgt = rng.standard_normal((f, cg, cs["kh"], cs["kw"])) / np.sqrt(fan_in)
    b = rng.standard_normal(f) * 0.1 if cs["bias"] else None
    pt, pl, pb, pr = cs["pads"]
    oh = out_size(h, cs["kh"], cs["sh"], pt, pb, cs["dil"])
    ow = out_size(w, cs["kw"], cs["sw"], pl, pr, cs["dil"])
    inits = [numpy_helper.from_array(wgt.astype(np.float32), "W")]
    conv_inputs = ["x", "W"]
    if b is not None:
        inits.append(numpy_helper.from_array(b.astype(np.float32), "B"))
        conv_inputs.append("B")
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                            [n, c, h, w])]
    nodes = [helper.make_node(
        "Conv", conv_inputs, ["conv"], name="conv",
        kernel_shape=[cs["kh"], cs["kw"]], strides=[cs["sh"], cs["sw"]],
        pads=[pt, pl, pb, pr], dilations=[cs["dil"]] * 2,
        group=cs["group"])]
    last = "conv"
    if cs["residual"]:
        inputs.append(helper.make_tensor_value_info(
            "r", TensorProto.FLOAT, [n, f, oh, ow]))
        nodes.append(helper.make_node("Add", [last, "r"], ["sum"],
                                      name="add"))
        last = "sum"
    act = cs["act"]
    if act:
        op = {"relu": "Relu", "clip": "Clip", "leaky": "LeakyRelu",
              "sigmoid": "Sigmoid"}[act]
        extra = {"alpha": 0.1} if act == "leaky" else {}
        node_inputs = [last]
        if act == "clip":
            inits += [numpy_helper.from_array(np.array(0, np.float32), "lo"),
                      numpy_helper.from_array(np.array(6, np.float32), "hi")]
            node_inputs += ["lo", "hi"]
        nodes.append(helper.make_node(op, node_inputs, ["act"], name="act",
                                      **extra))
        last = "act"
    nodes.append(helper.make_node("Identity", [last], ["y"], name="out"))
    graph = helper.make_graph(
        nodes, cs["name"], inputs,
        [helper.make_tensor_value_info("y", TensorProto.FLOAT,
                                       [n, f, oh, ow])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("",
                                                                        13)])
    onnx.save(model, path)
    return wgt, b, (n, f, oh, ow)


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dlc", required=True)
    parser.add_argument("--algo", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--only", default="")
    parser.add_argument("--mcpu", default="")
    args = parser.parse_args()
    tolerance = TOLERANCE[args.algo]
    os.makedirs(args.work, exist_ok=True)
    failures, computed, worst = [], 0, 0.0
    for index, cs in enumerate(CASES):
        if args.only not in cs["name"]:
            continue
        rng = np.random.default_rng(1000 + index)
        d = os.path.join(args.work, cs["name"])
        os.makedirs(d, exist_ok=True)
        model = os.path.join(d, "model.onnx")
        wgt, b, out_shape = make_model(cs, rng, model)
        so = os.path.join(d, args.algo + ".so")
        report = os.path.join(d, args.algo + ".algo.json")
        compiled = run([args.dlc, model, "-o", so, "-O2",
                        "--conv-algo=" + args.algo, "--report=algo",
                        "--report-format=json", "--report-file", report] +
                       (["--mcpu=" + args.mcpu] if args.mcpu else []))
        if compiled.returncode != 0:
            failures.append(cs["name"])
            print(f"FAIL {cs['name']}: dlc exited {compiled.returncode}: "
                  f"{compiled.stderr.strip()}")
            continue
        with open(report) as f:
            layers = json.load(f)["layers"]
        chosen = [layer["algo"] for layer in layers]
        if chosen != [args.algo]:
            print(f"skip {cs['name']}: {args.algo} cannot compute it "
                  f"(chose {chosen}: {layers[0]['reason'] if layers else ''})")
            continue
        computed += 1
        x = rng.standard_normal((cs["n"], cs["c"], cs["h"], cs["w"]))
        feeds = {"x": x}
        res = None
        if cs["residual"]:
            res = rng.standard_normal(out_shape)
            feeds["r"] = res
        cmd = [args.dlc, "run", so, "--output-dir", d]
        for name, value in feeds.items():
            path = os.path.join(d, name + ".npy")
            np.save(path, value.astype(np.float32))
            cmd += ["--input", f"{name}={path}"]
        ran = run(cmd)
        if ran.returncode != 0:
            failures.append(cs["name"])
            print(f"FAIL {cs['name']}: dlc run exited {ran.returncode}: "
                  f"{ran.stderr.strip()}")
            continue
        got = np.load(os.path.join(d, "y.npy")).astype(np.float64)
        # The reference sees the float32 values dlc saw.
        ref = reference(x.astype(np.float32).astype(np.float64),
                        wgt.astype(np.float32).astype(np.float64),
                        None if b is None else
                        b.astype(np.float32).astype(np.float64),
                        None if res is None else
                        res.astype(np.float32).astype(np.float64), cs)
        scale = max(np.abs(ref).max(), 1e-30)
        error = np.abs(got - ref).max() / scale
        worst = max(worst, error)
        status = "ok  " if error <= tolerance else "FAIL"
        if error > tolerance:
            failures.append(cs["name"])
        print(f"{status} {cs['name']}: {out_shape}, max error / max|ref| = "
              f"{error:.2e} (tolerance {tolerance:.0e})")
    print(f"conv-algos {args.algo}: {computed} computed, "
          f"{len(failures)} failed, worst error / max|ref| {worst:.2e}")
    if failures or computed == 0:
        sys.exit(1)


if __name__ == "__main__":
    main()
