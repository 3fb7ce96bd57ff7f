#!/usr/bin/python3
"""Regenerates the self-test data of dlc-node-tests (run from this folder with
Debian's python: /usr/bin/python3 generate.py).

Each tests/test_fake_*/ folder looks like an ONNX backend test, but its
model.onnx is a one-line instruction for fake-dlc.sh (which stands in for the
compiler) instead of a real model:
  model SUFFIX         copy the hand-written dlc_fake_model${SUFFIX}.so
  unsupported OP       print "<model>: error: unsupported op 'OP'", exit 3
  error MESSAGE        print MESSAGE to stderr, exit 1
  hang                 sleep far longer than the runner's --timeout
The fake model (test/Support/FakeModel.c) computes y:0 = 2x + 1 and
k/sum = sum(k) from x (f32 [2, 3]) and k (i64 [3]); the .pb files are the
inputs and outputs as ONNX's numpy_helper writes them.
"""
import os
import shutil

import numpy as np
from numpy.random import default_rng
from onnx import numpy_helper

rng = default_rng(3)


def data_set(test, index, n_inputs=2, wrong_output=False):
    d = os.path.join("tests", test, "test_data_set_%d" % index)
    os.makedirs(d)
    x = rng.standard_normal((2, 3)).astype(np.float32)
    k = rng.integers(-100, 100, size=3).astype(np.int64)
    y = 2 * x + 1
    if wrong_output:
        y = y + 0.5
    s = np.array(k.sum(), dtype=np.int64)
    tensors = [("input_0", x, "x"), ("input_1", k, "k"),
               ("output_0", y, "y:0"), ("output_1", s, "k/sum")]
    if n_inputs == 1:
        tensors.pop(1)
    for fname, value, name in tensors:
        with open(os.path.join(d, fname + ".pb"), "wb") as f:
            f.write(numpy_helper.from_array(value, name).SerializeToString())


def test(name, instruction, data_sets=1, **kwargs):
    os.makedirs(os.path.join("tests", name))
    with open(os.path.join("tests", name, "model.onnx"), "w") as f:
        f.write(instruction + "\n")
    for i in range(data_sets):
        data_set(name, i, **kwargs)


shutil.rmtree("tests", ignore_errors=True)
test("test_fake_pass", "model", data_sets=2)
test("test_fake_wrong", "model _wrong")
test("test_fake_unsupported_a", "unsupported Foo")
test("test_fake_unsupported_b", "unsupported Foo")
test("test_fake_unsupported_c", "unsupported Bar")
test("test_fake_compile_error", "error dlc: internal error: boom")
test("test_fake_crash", "model _crash")
test("test_fake_hang", "hang")
test("test_fake_missing_input", "model", n_inputs=1)
test("test_fake_wrong_second_set", "model")
data_set("test_fake_wrong_second_set", 1, wrong_output=True)
test("test_fake_xfail", "model _wrong")
test("test_fake_xpass", "model")
# A folder without a model.onnx is not a test.
os.makedirs(os.path.join("tests", "test_fake_no_model"))
with open(os.path.join("tests", "test_fake_no_model", "README"), "w") as f:
    f.write("not a test: no model.onnx\n")
