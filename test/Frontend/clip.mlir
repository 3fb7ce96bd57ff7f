// Clip: bounds are attributes before opset 11 and optional constant inputs
// from 11; a missing bound is the float32 lowest/max. When min > max every
// value becomes max, which clip(max, max) computes.

// RUN: %python %S/onnx_text_to_model.py %s %t.6.onnx --model v6
// RUN: %dlc %t.6.onnx --emit=mlir -o - | FileCheck %s --check-prefix=V6
// RUN: %python %S/onnx_text_to_model.py %s %t.13.onnx --model v13
// RUN: %dlc %t.13.onnx --emit=mlir -o - | FileCheck %s --check-prefix=V13
// RUN: %python %S/onnx_text_to_model.py %s %t.dyn.onnx --model dynamic
// RUN: %python %S/expect_exit.py 3 %dlc %t.dyn.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=DYN

// ONNX[v6]: <ir_version: 3, opset_import: ["" : 6]>
// ONNX[v6]: v6 (float[4] x) => (float[4] a, float[4] b, float[4] c)
// ONNX[v6]: {
// ONNX[v6]:   a = Clip <min = 0.0, max = 6.0> (x)
// ONNX[v6]:   b = Clip <max = 6.0> (x)
// ONNX[v6]:   c = Clip (x)
// ONNX[v6]: }

// V6:      dlc.clip %arg0 {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32}
// V6-NEXT: dlc.clip %arg0 {max = 6.000000e+00 : f32, min = -3.40282347E+38 : f32}
// V6-NEXT: dlc.clip %arg0 {max = 3.40282347E+38 : f32, min = -3.40282347E+38 : f32}

// ONNX[v13]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[v13]: v13 (float[4] x) => (float[4] a, float[4] b, float[4] c, float[4] d)
// ONNX[v13]: #! fill six float scalar 6.0
// ONNX[v13]: {
// ONNX[v13]:   zero = Constant <value = float {0.0}> ()
// ONNX[v13]:   a = Clip (x, zero, six)
// ONNX[v13]:   b = Clip (x, , six)
// ONNX[v13]:   c = Clip (x, zero)
// ONNX[v13]:   d = Clip (x, six, zero)
// ONNX[v13]: }

// The bounds are attributes; no constant is materialised for them.
// V13-NOT: arith.constant
// V13:      dlc.clip %arg0 {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32}
// V13-NEXT: dlc.clip %arg0 {max = 6.000000e+00 : f32, min = -3.40282347E+38 : f32}
// V13-NEXT: dlc.clip %arg0 {max = 3.40282347E+38 : f32, min = 0.000000e+00 : f32}
// V13-NEXT: dlc.clip %arg0 {max = 0.000000e+00 : f32, min = 0.000000e+00 : f32}

// ONNX[dynamic]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[dynamic]: dynamic (float[4] x, float lo) => (float[4] y)
// ONNX[dynamic]: {
// ONNX[dynamic]:   [relu6] y = Clip (x, lo)
// ONNX[dynamic]: }

// DYN: node 'relu6': error: Clip 'relu6': min input 'lo' must be a constant (an initializer or a Constant node)
