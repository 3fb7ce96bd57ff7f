#!/usr/bin/python3
"""Write the small ONNX files the frontend lit tests import.

Usage: /usr/bin/python3 test/models/make_frontend_models.py OUTDIR [--list]

Every file is built with onnx.helper from fixed values (no randomness), so
its bytes are the same on every run. Opset 13, IR version 7 throughout. The
valid ones pass onnx.checker (and strict shape inference); the invalid ones
are described next to the function that builds them, with what the importer
is expected to say about them. Checked with onnx 1.12's C++ library:
truncated.onnx and not_protobuf.onnx fail ModelProto::ParseFromString, the
others parse.

  conv_bn_relu_pool_gemm.onnx   valid: Conv-BN-Relu-MaxPool-Flatten-Gemm,
                                weights as initializers
  unsupported_ops.onnx          valid ONNX, but two ops dlc does not support
                                (Det on node 'det_0', MaxRoiPool on
                                'roipool_0')
  truncated.onnx                the first 40 bytes of a valid model
  not_protobuf.onnx             plain text, not a protobuf message at all
  missing_tensor.onnx           a node input that nothing defines
  int8_input.onnx               a graph input of type int8
  float64_input.onnx            a graph input of type float64 (double)
  conv_channel_mismatch.onnx    Conv weight for 2 input channels fed 3
"""

import argparse
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

OPSET = 13
IR_VERSION = 7  # what onnx 1.12's make_model writes for opset 13


def make_model(graph, check=True):
    model = helper.make_model(graph, producer_name="dlc-test-fixtures",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = IR_VERSION
    if check:
        onnx.checker.check_model(model)
        onnx.shape_inference.infer_shapes(model, check_type=True,
                                          strict_mode=True)
    return model


def init(name, shape, start=0.0, step=0.01):
    """A deterministic f32 initializer: start, start+step, ... (wrapped)."""
    n = int(np.prod(shape))
    values = start + step * (np.arange(n) % 17 - 8)
    return numpy_helper.from_array(values.reshape(shape).astype(np.float32), name)


def conv_bn_relu_pool_gemm():
    """Valid: a complete little classifier, all weights initializers.

    input [1,1,8,8] -> Conv 4x1x3x3 pads 1 ('conv1') -> BatchNormalization
    ('bn1', variance > 0) -> Relu ('relu1') -> MaxPool 2x2 stride 2 ('pool1')
    -> Flatten ('flatten') [1,64] -> Gemm transB=1 with W [10,64], C [10]
    ('fc') -> output [1,10].
    """
    nodes = [
        helper.make_node("Conv", ["input", "conv1.w", "conv1.b"], ["c1"],
                         name="conv1", kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                         strides=[1, 1]),
        helper.make_node("BatchNormalization",
                         ["c1", "bn1.scale", "bn1.bias", "bn1.mean", "bn1.var"],
                         ["b1"], name="bn1", epsilon=1e-5),
        helper.make_node("Relu", ["b1"], ["r1"], name="relu1"),
        helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1",
                         kernel_shape=[2, 2], strides=[2, 2]),
        helper.make_node("Flatten", ["p1"], ["f1"], name="flatten", axis=1),
        helper.make_node("Gemm", ["f1", "fc.w", "fc.b"], ["output"], name="fc",
                         transB=1),
    ]
    inits = [
        init("conv1.w", [4, 1, 3, 3]), init("conv1.b", [4], 0.1),
        init("bn1.scale", [4], 1.0), init("bn1.bias", [4], 0.0),
        init("bn1.mean", [4], 0.05), init("bn1.var", [4], 0.5),
        init("fc.w", [10, 64]), init("fc.b", [10]),
    ]
    graph = helper.make_graph(
        nodes, "conv_bn_relu_pool_gemm",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 1, 8, 8])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 10])],
        inits)
    return make_model(graph)


def unsupported_ops():
    """Valid ONNX that dlc cannot compile: two unsupported op types.

    input [1,1,4,4] -> Relu ('relu_ok', supported) -> Det ('det_0')
    -> det [1,1]; the same Relu output -> MaxRoiPool ('roipool_0', one ROI
    from an initializer, pooled_shape 2x2) -> pooled [1,1,2,2]. Everything
    is float32, so the only errors are the ops: the importer should name
    both nodes and op types (with opset 13), not stop at the first one, and
    say nothing about 'relu_ok'.
    """
    nodes = [
        helper.make_node("Relu", ["input"], ["r"], name="relu_ok"),
        helper.make_node("Det", ["r"], ["det"], name="det_0"),
        helper.make_node("MaxRoiPool", ["r", "rois"], ["pooled"],
                         name="roipool_0", pooled_shape=[2, 2]),
    ]
    rois = numpy_helper.from_array(
        np.array([[0, 0, 0, 3, 3]], dtype=np.float32), "rois")
    graph = helper.make_graph(
        nodes, "unsupported_ops",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 1, 4, 4])],
        [helper.make_tensor_value_info("det", TensorProto.FLOAT, [1, 1]),
         helper.make_tensor_value_info("pooled", TensorProto.FLOAT, [1, 1, 2, 2])],
        [rois])
    return make_model(graph)


def truncated():
    """The first 40 bytes of conv_bn_relu_pool_gemm.onnx.

    The cut falls inside the length-delimited `graph` field, so protobuf
    parsing fails: the importer should report a malformed/truncated file.
    """
    return conv_bn_relu_pool_gemm().SerializeToString()[:40]


def not_protobuf():
    """Plain text. Its first byte 't' (0x74) is field 14 with wire type 4
    (end-group) with no open group, so no protobuf parser accepts it."""
    return b"this is not an ONNX model, just some text\n"


def missing_tensor():
    """Node 'conv1' reads weight 'conv1.w', which is neither a graph input,
    an initializer nor any node's output (only 'conv1.b' is given). The
    importer should name the node and the missing tensor."""
    nodes = [
        helper.make_node("Conv", ["input", "conv1.w", "conv1.b"], ["c1"],
                         name="conv1", kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("Relu", ["c1"], ["output"], name="relu1"),
    ]
    graph = helper.make_graph(
        nodes, "missing_tensor",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 1, 8, 8])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 4, 8, 8])],
        [init("conv1.b", [4])])
    return make_model(graph, check=False)  # the checker rejects it too


def int8_input():
    """Valid ONNX with an int8 graph input: input int8 [1,4] -> Neg ('neg')
    -> output int8 [1,4]. dlc compiles f32 models; the importer should
    reject the input's element type, naming the input."""
    graph = helper.make_graph(
        [helper.make_node("Neg", ["input"], ["output"], name="neg")],
        "int8_input",
        [helper.make_tensor_value_info("input", TensorProto.INT8, [1, 4])],
        [helper.make_tensor_value_info("output", TensorProto.INT8, [1, 4])])
    return make_model(graph)


def float64_input():
    """Valid ONNX with a float64 graph input: input double [1,4] -> Relu
    ('relu') -> output double [1,4]. Rejected like int8_input."""
    graph = helper.make_graph(
        [helper.make_node("Relu", ["input"], ["output"], name="relu")],
        "float64_input",
        [helper.make_tensor_value_info("input", TensorProto.DOUBLE, [1, 4])],
        [helper.make_tensor_value_info("output", TensorProto.DOUBLE, [1, 4])])
    return make_model(graph)


def conv_channel_mismatch():
    """Conv 'conv1' takes input [1,3,8,8] but its weight is [4,2,3,3]
    (group 1, so it expects 2 input channels). Checked with onnx 1.12:
    onnx.checker accepts it, and so does ONNX's own shape inference, strict
    mode included (Python and C++ InferShapes), so dlc's importer or its
    Conv verifier must be what rejects it, naming the node and both
    channel counts."""
    nodes = [helper.make_node("Conv", ["input", "conv1.w"], ["output"],
                              name="conv1", kernel_shape=[3, 3],
                              pads=[1, 1, 1, 1])]
    graph = helper.make_graph(
        nodes, "conv_channel_mismatch",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 3, 8, 8])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 4, 8, 8])],
        [init("conv1.w", [4, 2, 3, 3])])
    model = make_model(graph, check=False)
    onnx.checker.check_model(model)
    return model


FIXTURES = {
    "conv_bn_relu_pool_gemm.onnx": conv_bn_relu_pool_gemm,
    "unsupported_ops.onnx": unsupported_ops,
    "truncated.onnx": truncated,
    "not_protobuf.onnx": not_protobuf,
    "missing_tensor.onnx": missing_tensor,
    "int8_input.onnx": int8_input,
    "float64_input.onnx": float64_input,
    "conv_channel_mismatch.onnx": conv_channel_mismatch,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir", nargs="?")
    parser.add_argument("--list", action="store_true", help="print the file names")
    args = parser.parse_args()
    if args.list:
        print("\n".join(FIXTURES))
        return
    if not args.outdir:
        parser.error("OUTDIR is required")
    os.makedirs(args.outdir, exist_ok=True)
    for name, make in FIXTURES.items():
        data = make()
        if not isinstance(data, bytes):
            data = data.SerializeToString()
        with open(os.path.join(args.outdir, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    sys.exit(main())
