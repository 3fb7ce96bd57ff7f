// --const-input NAME=FILE turns a graph input into a constant (an
// initializer holding the file's tensor), so what dlc reads only as a
// constant (here a Reshape's shape and a Clip's bound) can come from a
// graph input; the compiled model no longer takes it. Bad uses name the
// input and the reason.

// RUN: %python %S/onnx_text_to_model.py %s %t.onnx --model m
// RUN: %python -c "import numpy as np; np.save('%t.shape.npy', np.array([3, 4], np.int64)); np.save('%t.lo.npy', np.array(0.5, np.float32)); np.save('%t.f.npy', np.array([3.0, 4.0], np.float32)); np.save('%t.long.npy', np.array([1, 3, 4], np.int64))"
// RUN: %python %S/expect_exit.py 3 %dlc %t.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=WITHOUT
// RUN: %dlc %t.onnx --emit=mlir -o - --const-input shape=%t.shape.npy --const-input=lo=%t.lo.npy | FileCheck %s
// RUN: %python %S/expect_exit.py 1 %dlc %t.onnx --emit=mlir -o - --const-input nope=%t.shape.npy 2>&1 | FileCheck %s --check-prefix=NOPE
// RUN: %python %S/expect_exit.py 1 %dlc %t.onnx --emit=mlir -o - --const-input shape=%t.f.npy 2>&1 | FileCheck %s --check-prefix=TYPE
// RUN: %python %S/expect_exit.py 1 %dlc %t.onnx --emit=mlir -o - --const-input shape=%t.long.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// RUN: %python %S/expect_exit.py 2 %dlc %t.onnx --emit=mlir -o - --const-input shape 2>&1 | FileCheck %s --check-prefix=SPEC
// RUN: %python %S/expect_exit.py 2 %dlc %t.onnx --emit=mlir -o - --const-input shape=%t.missing.npy 2>&1 | FileCheck %s --check-prefix=FILE

// ONNX[m]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[m]: m (float[2,6] x, int64[2] shape, float lo) => (float[3,4] y)
// ONNX[m]: {
// ONNX[m]:   r = Reshape (x, shape)
// ONNX[m]:   y = Clip (r, lo)
// ONNX[m]: }

// WITHOUT: error: input 'shape' has element type int64; dlc supports float32 inputs only

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:[^:]*]]: tensor<2x6xf32>) -> tensor<3x4xf32>
// CHECK-SAME:      dlc.input_names = ["x"]
// CHECK:         %[[R:.*]] = dlc.reshape %[[X]] : (tensor<2x6xf32>) -> tensor<3x4xf32>
// CHECK-NEXT:    %[[Y:.*]] = dlc.clip %[[R]] {max = 3.40282347E+38 : f32, min = 5.000000e-01 : f32}
// CHECK-NEXT:    return %[[Y]]

// NOPE: error: --const-input names 'nope', which is not a graph input (the inputs are 'x', 'shape', 'lo')
// TYPE: error: --const-input for 'shape' is float32, but the input is int64
// SHAPE: error: --const-input for 'shape' has shape 3, which the input's declared shape does not allow
// SPEC: dlc: error: --const-input 'shape' is not NAME=FILE, e.g. scales=scales.npy
// FILE: dlc: error: --const-input shape: {{.*}}missing.npy
