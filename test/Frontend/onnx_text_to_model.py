#!/usr/bin/python3
"""Make an .onnx file from the ONNX text format held in a test's comments.

Usage: /usr/bin/python3 onnx_text_to_model.py TEST OUT [--model NAME]

The model is the text after `ONNX:` on the lines of TEST that hold it (any
comment prefix before it, e.g. `// ONNX: ...`), parsed with onnx 1.12's
`onnx.parser.parse_model`. `ONNX[NAME]:` lines form the model NAME, picked
with --model, so one test file can hold several models. Beyond what the
1.12 parser understands, the text may have:

  [conv1] y = Conv (x, w)      a node name: `[NAME]` before a node's outputs
  #! fill NAME TYPE SHAPE [V]  an initializer NAME of TYPE (float, int64,
                               int32) and SHAPE (2x3, or `scalar`) holding
                               V everywhere, or else fixed values
                               ((i % 17) - 8) / 100 (floats), i (ints)
  #! external NAME             initializer NAME claims external data
  #! float_data                keep float initializers in float_data (by
                               default every initializer moves to raw_data,
                               as exporters write them)

`#` starts a comment for the ONNX parser, so the directives do not reach it.
Nothing is checked: the tests feed malformed models on purpose.
"""

import argparse
import re
import sys

import numpy as np
import onnx
import onnx.parser
from onnx import TensorProto, numpy_helper

LINE = re.compile(r"ONNX(?:\[(?P<model>[\w.-]+)\])?:\s?(?P<text>.*)$")
NODE_NAME = re.compile(r"^(?P<indent>\s*)\[(?P<name>[^\]]+)\]\s*(?P<rest>.*)$")
TYPES = {"float": np.float32, "int64": np.int64, "int32": np.int32}


def extract(lines, model):
    """The text of `model` (None: the untagged one) from the test's lines."""
    text = []
    for line in lines:
        match = LINE.search(line)
        if match and match.group("model") == model:
            text.append(match.group("text"))
    if not text:
        sys.exit("no ONNX%s: lines found" % ("[%s]" % model if model else ""))
    return text


def parse_shape(spec):
    return [] if spec == "scalar" else [int(d) for d in spec.split("x")]


def fill(name, dtype, shape, value):
    count = int(np.prod(shape)) if shape else 1
    if value is not None:
        values = np.full(count, float(value))
    elif dtype == "float":
        values = (np.arange(count) % 17 - 8) / 100.0
    else:
        values = np.arange(count)
    return numpy_helper.from_array(
        values.astype(TYPES[dtype]).reshape(shape), name)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("test")
    parser.add_argument("out")
    parser.add_argument("--model", help="which ONNX[NAME]: model to make")
    args = parser.parse_args()

    with open(args.test) as f:
        lines = extract(f.read().splitlines(), args.model)

    node_names = {}  # first output -> node name
    directives = []
    text = []
    for line in lines:
        stripped = line.strip()
        if stripped.startswith("#!"):
            directives.append(stripped[2:].split())
            continue
        match = NODE_NAME.match(line)
        if match:
            rest = match.group("rest")
            first_output = re.split(r"[\s,=]", rest, maxsplit=1)[0]
            node_names[first_output] = match.group("name")
            line = match.group("indent") + rest
        text.append(line)

    model = onnx.parser.parse_model("\n".join(text))
    for node in model.graph.node:
        if node.output and node.output[0] in node_names:
            node.name = node_names[node.output[0]]

    raw = True
    external = []
    for directive in directives:
        kind = directive[0]
        if kind == "fill":
            name, dtype, shape = directive[1], directive[2], directive[3]
            value = directive[4] if len(directive) > 4 else None
            model.graph.initializer.append(
                fill(name, dtype, parse_shape(shape), value))
        elif kind == "external":
            external.append(directive[1])
        elif kind == "float_data":
            raw = False
        else:
            sys.exit("unknown directive #! %s" % " ".join(directive))

    for tensor in model.graph.initializer:
        try:
            if raw and not tensor.HasField("raw_data"):
                array = numpy_helper.to_array(tensor)
                tensor.CopyFrom(numpy_helper.from_array(array, tensor.name))
            elif (not raw and tensor.HasField("raw_data")
                  and tensor.data_type == TensorProto.FLOAT):
                array = numpy_helper.to_array(tensor)
                tensor.ClearField("raw_data")
                tensor.float_data.extend(array.flatten().tolist())
        except ValueError:
            pass  # a malformed tensor (a test's point) stays as written
        if tensor.name in external:
            tensor.ClearField("raw_data")
            del tensor.float_data[:]
            tensor.data_location = TensorProto.EXTERNAL
            entry = tensor.external_data.add()
            entry.key = "location"
            entry.value = tensor.name + ".bin"

    with open(args.out, "wb") as f:
        f.write(model.SerializeToString())


if __name__ == "__main__":
    main()
