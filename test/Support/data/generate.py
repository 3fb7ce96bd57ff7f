#!/usr/bin/python3
"""Regenerates the fixtures of the TensorFiles tests with NumPy and ONNX.

Run with Debian's python (`/usr/bin/python3 generate.py`) from this folder.
The files are committed; the tests compare dlc's readers and writer with what
these reference libraries produced.
"""
import numpy as np
import onnx
from onnx import helper, numpy_helper

np.random.seed(7)


def save(name, array, version=None):
    with open(name, "wb") as f:
        np.lib.format.write_array(f, array, version=version, allow_pickle=False)


# .npy files as numpy.save writes them (version 1.0 unless stated).
f32 = (np.arange(6, dtype="<f4").reshape(2, 3) * 0.5 - 1).astype("<f4")
save("f32_2x3.npy", f32)
save("f16_3.npy", np.array([1.0, -2.5, 65504.0], dtype="<f2"))
save("f64_2x1_v2.npy", np.array([[1.5], [2.25]], dtype="<f8"), version=(2, 0))
save("u8_2x2_v3.npy", np.array([[0, 1], [254, 255]], dtype="u1"), version=(3, 0))
save("i8_4.npy", np.array([-128, -1, 0, 127], dtype="i1"))
save("i32_2x2.npy", np.array([[1, -2], [2**31 - 1, -2**31]], dtype="<i4"))
save("i64_scalar.npy", np.array(-7, dtype="<i8"))
save("bool_5.npy", np.array([True, False, False, True, True]))
save("f32_0x3.npy", np.zeros((0, 3), dtype="<f4"))
save("f32_1x2x3x4.npy", np.random.randn(1, 2, 3, 4).astype("<f4"))
# Unsupported layouts and types.
save("f32_fortran.npy", np.asfortranarray(f32))
save("f32_bigendian.npy", f32.astype(">f4"))
save("c64_2.npy", np.array([1 + 2j, 3 - 4j], dtype="<c8"))

# TensorProto files, with their values as .npy for comparison.
raw = np.random.randn(3, 4).astype(np.float32)
with open("tp_f32_raw.pb", "wb") as f:
    f.write(numpy_helper.from_array(raw, "x").SerializeToString())
save("tp_f32_raw.npy", raw)

typed = np.random.randn(2, 3).astype(np.float32)
t = helper.make_tensor("y", onnx.TensorProto.FLOAT, typed.shape,
                       typed.flatten().tolist(), raw=False)
with open("tp_f32_typed.pb", "wb") as f:
    f.write(t.SerializeToString())
save("tp_f32_typed.npy", typed)

i64 = np.array([[5, -3, 2**40]], dtype=np.int64)
t = helper.make_tensor("z", onnx.TensorProto.INT64, i64.shape,
                       i64.flatten().tolist(), raw=False)
with open("tp_i64_typed.pb", "wb") as f:
    f.write(t.SerializeToString())
save("tp_i64_typed.npy", i64)

i8 = np.array([-5, 0, 7, 100], dtype=np.int8)
t = helper.make_tensor("w", onnx.TensorProto.INT8, i8.shape,
                       i8.tolist(), raw=False)
with open("tp_i8_typed.pb", "wb") as f:
    f.write(t.SerializeToString())
save("tp_i8_typed.npy", i8)

b = np.array([True, False, True])
with open("tp_bool_raw.pb", "wb") as f:
    f.write(numpy_helper.from_array(b, "b").SerializeToString())
save("tp_bool_raw.npy", b)

h = np.array([0.5, -1.0, 6e-8, 65504.0], dtype=np.float16)
with open("tp_f16_raw.pb", "wb") as f:
    f.write(numpy_helper.from_array(h, "h").SerializeToString())
save("tp_f16_raw.npy", h)

d = np.array(3.25, dtype=np.float64)
with open("tp_f64_scalar.pb", "wb") as f:
    f.write(numpy_helper.from_array(d, "d").SerializeToString())
save("tp_f64_scalar.npy", d)

s = helper.make_tensor("s", onnx.TensorProto.STRING, [1], [b"hi"])
with open("tp_string.pb", "wb") as f:
    f.write(s.SerializeToString())

# A raw little-endian file: the f32 2x3 values without a header.
with open("f32_2x3.bin", "wb") as f:
    f.write(f32.tobytes())
