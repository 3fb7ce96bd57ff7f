// Malformed or inconsistent models: dlc exits with 1 and names the file, the
// node and what is wrong.

// RUN: %python %S/onnx_text_to_model.py %s %t.arity.onnx --model arity
// RUN: %python %S/expect_exit.py 1 %dlc %t.arity.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=ARITY
// RUN: %python %S/onnx_text_to_model.py %s %t.order.onnx --model order
// RUN: %python %S/expect_exit.py 1 %dlc %t.order.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=ORDER
// RUN: %python %S/onnx_text_to_model.py %s %t.reshape.onnx --model reshape
// RUN: %python %S/expect_exit.py 1 %dlc %t.reshape.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=RESHAPE
// RUN: %python %S/onnx_text_to_model.py %s %t.gemm.onnx --model gemm
// RUN: %python %S/expect_exit.py 1 %dlc %t.gemm.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=GEMM
// RUN: %python %S/onnx_text_to_model.py %s %t.bias.onnx --model bias
// RUN: %python %S/expect_exit.py 1 %dlc %t.bias.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=BIAS
// RUN: %python %S/onnx_text_to_model.py %s %t.twice.onnx --model twice
// RUN: %python %S/expect_exit.py 1 %dlc %t.twice.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=TWICE
// RUN: %python %S/onnx_text_to_model.py %s %t.data.onnx --model short_data
// RUN: %python %S/expect_exit.py 1 %dlc %t.data.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=DATA
// RUN: %python %S/onnx_text_to_model.py %s %t.attr.onnx --model attr_type
// RUN: %python %S/expect_exit.py 1 %dlc %t.attr.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=ATTR
// RUN: %python %S/onnx_text_to_model.py %s %t.schema.onnx --model schema
// RUN: %python %S/expect_exit.py 1 %dlc %t.schema.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=SCHEMA
// RUN: %python %S/expect_exit.py 1 %dlc %t.missing.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: rm -f %t.empty.onnx && touch %t.empty.onnx
// RUN: %python %S/expect_exit.py 1 %dlc %t.empty.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=EMPTY

// ONNX[arity]: <ir_version: 8, opset_import: ["" : 13]>
// ONNX[arity]: arity (float[4] x) => (float[4] y)
// ONNX[arity]: {
// ONNX[arity]:   [relu] y = Relu (x, x)
// ONNX[arity]: }

// ARITY: node 'relu': error: Relu 'relu': expects 1 input, got 2

// ONNX[order]: <ir_version: 8, opset_import: ["" : 13]>
// ONNX[order]: order (float[4] x) => (float[4] y)
// ONNX[order]: {
// ONNX[order]:   [second] y = Relu (t)
// ONNX[order]:   [first] t = Relu (x)
// ONNX[order]: }

// ORDER: node 'second': error: Relu 'second': input 't' is not a graph input, an initializer or an output of an earlier node

// ONNX[reshape]: <ir_version: 8, opset_import: ["" : 13]>
// ONNX[reshape]: reshape (float[2,3,4] x) => (float[5,5] y)
// ONNX[reshape]: {
// ONNX[reshape]:   s = Constant <value = int64[2] {5, 5}> ()
// ONNX[reshape]:   [r1] y = Reshape (x, s)
// ONNX[reshape]: }

// RESHAPE: node 'r1': error: Reshape 'r1': cannot reshape 2x3x4 (24 elements) to 5x5 (25 elements)

// ONNX[gemm]: <ir_version: 8, opset_import: ["" : 13]>
// ONNX[gemm]: gemm (float[2,3] a, float[4,5] b) => (float[2,5] y)
// ONNX[gemm]: {
// ONNX[gemm]:   [fc] y = Gemm (a, b)
// ONNX[gemm]: }

// GEMM: node 'fc': error: Gemm 'fc': gemm inner dimensions differ: op(A) is 2x3, op(B) is 4x5

// ONNX[bias]: <ir_version: 8, opset_import: ["" : 13]>
// ONNX[bias]: bias (float[1,3,4,4] x) => (float[1,2,4,4] y)
// ONNX[bias]: #! fill w float 2x3x1x1
// ONNX[bias]: #! fill b float 3
// ONNX[bias]: {
// ONNX[bias]:   [conv] y = Conv (x, w, b)
// ONNX[bias]: }

// BIAS: node 'conv': error: Conv 'conv': bias must have 2 values (one per output channel), got 3

// ONNX[twice]: <ir_version: 8, opset_import: ["" : 13]>
// ONNX[twice]: twice (float[4] x) => (float[4] y)
// ONNX[twice]: {
// ONNX[twice]:   [a] y = Relu (x)
// ONNX[twice]:   [b] y = Neg (x)
// ONNX[twice]: }

// TWICE: node 'b': error: Neg 'b': output 'y' is already defined (by a graph input, an initializer or an earlier node)

// ONNX[short_data]: <ir_version: 8, opset_import: ["" : 13]>
// ONNX[short_data]: short_data (float[4] x) => (float[4] y)
// ONNX[short_data]: <float[4] w = {1.0, 2.0, 3.0}>
// ONNX[short_data]: #! float_data
// ONNX[short_data]: {
// ONNX[short_data]:   [add] y = Add (x, w)
// ONNX[short_data]: }

// DATA: data.onnx: error: tensor 'w' of shape 4 (4 float32 values) holds 3 values

// ONNX[attr_type]: <ir_version: 8, opset_import: ["" : 13]>
// ONNX[attr_type]: attr_type (float[1,1,4,4] x) => (float[1,1,4,4] y)
// ONNX[attr_type]: #! fill w float 1x1x1x1
// ONNX[attr_type]: {
// ONNX[attr_type]:   [conv] y = Conv <group = "one"> (x, w)
// ONNX[attr_type]: }

// ATTR: node 'conv': error: Conv 'conv': attribute 'group' must be an int, not a string

// Checked against ONNX's schemas before its shape inference runs, which
// crashes on some of these (a Gemm of five inputs, a stride of 0, an int64
// initializer with too few values).
// ONNX[schema]: <ir_version: 8, opset_import: ["" : 13]>
// ONNX[schema]: schema (float[2,3] a, float[1,1,4,4] img) => (float[2,2] g, float[1,1,4,4] c, float[6] r)
// ONNX[schema]: <int64[2] shape = {6}>
// ONNX[schema]: #! fill w float 1x1x1x1
// ONNX[schema]: {
// ONNX[schema]:   [gemm] g = Gemm (a, a, a, a, a)
// ONNX[schema]:   [conv] c = Conv <strides = [0, 1]> (img, w)
// ONNX[schema]:   [pool] p = MaxPool (img)
// ONNX[schema]:   [reshape] r = Reshape (a, shape)
// ONNX[schema]: }

// SCHEMA-DAG: node 'gemm': error: Gemm 'gemm': expects 2 to 3 inputs, got 5
// SCHEMA-DAG: node 'conv': error: Conv 'conv': attribute 'strides' must be positive
// SCHEMA-DAG: node 'pool': error: MaxPool 'pool': attribute 'kernel_shape' is required
// SCHEMA-DAG: schema.onnx: error: tensor 'shape' of shape 2 (2 int64 values) holds 1 values

// MISSING: error: cannot read '{{.*}}.missing.onnx': No such file or directory

// EMPTY: error: not a valid ONNX model (the file is empty)
