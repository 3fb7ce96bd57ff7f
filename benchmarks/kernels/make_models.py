#!/usr/bin/python3
"""Write one single-layer ONNX model per line of shapes.txt.

  make_models.py SHAPES OUTDIR [ID...]   # OUTDIR/ID.onnx (default: all)
  make_models.py SHAPES --list           # the IDs, one a line

A layer's ID is KIND.NAME, e.g. conv.resnet50.conv1 and gemm.square.256.

Conv layers become a Conv node (input x: 1xCxHxW, weights an initializer,
no bias), GEMMs a MatMul with a constant B, or a Gemm with transB and bias
for the FC layer: the constant weights of a real model, so dlc may fold or
repack them as it would there. Weights are seeded from the layer name, so
two runs write the same files. A file is rewritten only if its bytes change,
so editing one line of shapes.txt recompiles one model.
"""

import argparse
import os
import sys
import zlib

OPSET = 13


def read_shapes(path):
    """[(kind, name, [int, ...])] in file order."""
    shapes = []
    with open(path) as f:
        for number, line in enumerate(f, 1):
            fields = line.split("#", 1)[0].split()
            if not fields:
                continue
            kind, name, values = fields[0], fields[1], fields[2:]
            want = {"conv": 9, "gemm": 5}.get(kind)
            if want is None or len(values) != want:
                sys.exit("%s:%d: expected 'conv NAME C H W K R S stride pad "
                         "group' or 'gemm NAME M N K transB bias'"
                         % (path, number))
            if any(k == kind and n == name for k, n, _ in shapes):
                sys.exit("%s:%d: %s %s is listed twice"
                         % (path, number, kind, name))
            shapes.append((kind, name, [int(v) for v in values]))
    return shapes


def conv_model(name, values, rng):
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper
    c, h, w, k, r, s, stride, pad, group = values
    oh = (h + 2 * pad - r) // stride + 1
    ow = (w + 2 * pad - s) // stride + 1
    fan_in = c // group * r * s
    weight = (rng.standard_normal((k, c // group, r, s)) *
              np.sqrt(2.0 / fan_in)).astype(np.float32)
    node = helper.make_node("Conv", ["x", "w"], ["y"], name=name,
                            kernel_shape=[r, s], strides=[stride, stride],
                            pads=[pad, pad, pad, pad], group=group)
    return helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, c, h, w])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, k, oh, ow])],
        [numpy_helper.from_array(weight, "w")])


def gemm_model(name, values, rng):
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper
    m, n, k, trans_b, bias = values
    b = (rng.standard_normal((n, k) if trans_b else (k, n)) *
         np.sqrt(1.0 / k)).astype(np.float32)
    inits = [numpy_helper.from_array(b, "b")]
    if trans_b or bias:
        inputs = ["x", "b"]
        if bias:
            inits.append(numpy_helper.from_array(
                rng.standard_normal(n).astype(np.float32), "c"))
            inputs.append("c")
        node = helper.make_node("Gemm", inputs, ["y"], name=name,
                                transB=trans_b)
    else:
        node = helper.make_node("MatMul", ["x", "b"], ["y"], name=name)
    return helper.make_graph(
        [node], name,
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [m, k])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [m, n])],
        inits)


def write_if_changed(path, data):
    try:
        with open(path, "rb") as f:
            if f.read() == data:
                return
    except OSError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("shapes")
    parser.add_argument("outdir", nargs="?")
    parser.add_argument("names", nargs="*")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    shapes = read_shapes(args.shapes)
    if args.list:
        print("\n".join(kind + "." + name for kind, name, _ in shapes))
        return
    if not args.outdir:
        parser.error("OUTDIR is required")
    known = {kind + "." + name: (kind, name, values)
             for kind, name, values in shapes}
    ids = args.names or list(known)
    unknown = [i for i in ids if i not in known]
    if unknown:
        sys.exit("make_models.py: no layer %s in %s"
                 % (", ".join(unknown), args.shapes))

    import numpy as np
    import onnx
    from onnx import helper
    os.makedirs(args.outdir, exist_ok=True)
    for ident in ids:
        kind, name, values = known[ident]
        rng = np.random.default_rng(zlib.crc32(name.encode()))
        build = conv_model if kind == "conv" else gemm_model
        graph = build(name, values, rng)
        model = helper.make_model(
            graph, producer_name="dlc-kernel-bench",
            opset_imports=[helper.make_opsetid("", OPSET)])
        onnx.checker.check_model(model)
        write_if_changed(os.path.join(args.outdir, ident + ".onnx"),
                         model.SerializeToString())


if __name__ == "__main__":
    main()
