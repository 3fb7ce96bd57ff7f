// Flatten, Reshape, Squeeze and Unsqueeze become dlc.reshape with the static
// result shape; Transpose and Concat keep their own ops; Identity and
// Dropout (inference) only rename their input, constants included.

// RUN: %python %S/onnx_text_to_model.py %s %t.13.onnx --model v13
// RUN: %dlc %t.13.onnx --emit=mlir -o - | FileCheck %s --check-prefix=V13
// RUN: %python %S/onnx_text_to_model.py %s %t.11.onnx --model v11
// RUN: %dlc %t.11.onnx --emit=mlir -o - | FileCheck %s --check-prefix=V11
// RUN: %python %S/onnx_text_to_model.py %s %t.14.onnx --model v14
// RUN: %dlc %t.14.onnx --emit=mlir -o - | FileCheck %s --check-prefix=V14

// ONNX[v13]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[v13]: v13 (float[2,3,4,5] x) => (float[2,60] f1, float[1,120] f0, float[24,5] fm1,
// ONNX[v13]:     float[120,1] f4, float[6,20] r, float[3,4,5,2] t, float[5,4,3,2] td,
// ONNX[v13]:     float[2,3,8,5] cat, float[2,3,4,5] sq, float[1,2,3,4,5,1] usq, float[2,3,4,5] dr)
// ONNX[v13]: #! fill shape int64 2 0
// ONNX[v13]: #! fill sq_axes int64 1 0
// ONNX[v13]: #! fill ratio float scalar 0.5
// ONNX[v13]: {
// ONNX[v13]:   f1 = Flatten (x)
// ONNX[v13]:   f0 = Flatten <axis = 0> (x)
// ONNX[v13]:   fm1 = Flatten <axis = -1> (x)
// ONNX[v13]:   f4 = Flatten <axis = 4> (x)
// ONNX[v13]:   shape_id = Identity (shape)
// ONNX[v13]:   target = Constant <value = int64[2] {6, -1}> ()
// ONNX[v13]:   r = Reshape (x, target)
// ONNX[v13]:   t = Transpose <perm = [1, 2, 3, 0]> (x)
// ONNX[v13]:   td = Transpose (x)
// ONNX[v13]:   cat = Concat <axis = -2> (x, x)
// ONNX[v13]:   f1_again = Reshape (f1, shape_id)
// ONNX[v13]:   sq1 = Flatten <axis = 0> (f1_again)
// ONNX[v13]:   sq2 = Reshape (sq1, target)
// ONNX[v13]:   x1 = Unsqueeze (x, sq_axes)
// ONNX[v13]:   sq = Squeeze (x1, sq_axes)
// ONNX[v13]:   usq_axes = Constant <value_ints = [0, -1]> ()
// ONNX[v13]:   usq = Unsqueeze (x, usq_axes)
// ONNX[v13]:   no_training = Constant <value = bool {0}> ()
// ONNX[v13]:   dr = Dropout (x, ratio, no_training)
// ONNX[v13]: }

// V13-LABEL: func.func @main(
// V13-SAME:      %[[X:.*]]: tensor<2x3x4x5xf32>
// V13:         %[[F1:.*]] = dlc.reshape %[[X]] : (tensor<2x3x4x5xf32>) -> tensor<2x60xf32>
// V13-NEXT:    %[[F0:.*]] = dlc.reshape %[[X]] : (tensor<2x3x4x5xf32>) -> tensor<1x120xf32>
// V13-NEXT:    %[[FM1:.*]] = dlc.reshape %[[X]] : (tensor<2x3x4x5xf32>) -> tensor<24x5xf32>
// V13-NEXT:    %[[F4:.*]] = dlc.reshape %[[X]] : (tensor<2x3x4x5xf32>) -> tensor<120x1xf32>
// Shape inputs are compile-time constants, never materialised.
// V13-NOT:     arith.constant
// V13-NEXT:    %[[R:.*]] = dlc.reshape %[[X]] : (tensor<2x3x4x5xf32>) -> tensor<6x20xf32>
// V13-NEXT:    %[[T:.*]] = dlc.transpose %[[X]] {perm = array<i64: 1, 2, 3, 0>} : (tensor<2x3x4x5xf32>) -> tensor<3x4x5x2xf32>
// V13-NEXT:    %[[TD:.*]] = dlc.transpose %[[X]] {perm = array<i64: 3, 2, 1, 0>} : (tensor<2x3x4x5xf32>) -> tensor<5x4x3x2xf32>
// V13-NEXT:    %[[CAT:.*]] = dlc.concat %[[X]], %[[X]] {axis = 2 : i64} : (tensor<2x3x4x5xf32>, tensor<2x3x4x5xf32>) -> tensor<2x3x8x5xf32>
// 'shape' holds [0, 0]: 0 copies the input dim, so f1_again is f1.
// V13-NEXT:    %[[SQ1:.*]] = dlc.reshape %[[F1]] : (tensor<2x60xf32>) -> tensor<1x120xf32>
// V13-NEXT:    %[[SQ2:.*]] = dlc.reshape %[[SQ1]] : (tensor<1x120xf32>) -> tensor<6x20xf32>
// V13-NEXT:    %[[X1:.*]] = dlc.reshape %[[X]] : (tensor<2x3x4x5xf32>) -> tensor<1x2x3x4x5xf32>
// V13-NEXT:    %[[SQ:.*]] = dlc.reshape %[[X1]] : (tensor<1x2x3x4x5xf32>) -> tensor<2x3x4x5xf32>
// V13-NEXT:    %[[USQ:.*]] = dlc.reshape %[[X]] : (tensor<2x3x4x5xf32>) -> tensor<1x2x3x4x5x1xf32>
// V13-NEXT:    return %[[F1]], %[[F0]], %[[FM1]], %[[F4]], %[[R]], %[[T]], %[[TD]], %[[CAT]], %[[SQ]], %[[USQ]], %[[X]] :

// ONNX[v11]: <ir_version: 7, opset_import: ["" : 11]>
// ONNX[v11]: v11 (float[1,3,1,5] x) => (float[3,5] all, float[3,1,5] one, float[1,3,1,1,5] un)
// ONNX[v11]: {
// ONNX[v11]:   all = Squeeze (x)
// ONNX[v11]:   one = Squeeze <axes = [0]> (x)
// ONNX[v11]:   un = Unsqueeze <axes = [-2]> (x)
// ONNX[v11]: }

// V11:      dlc.reshape %arg0 : (tensor<1x3x1x5xf32>) -> tensor<3x5xf32>
// V11-NEXT: dlc.reshape %arg0 : (tensor<1x3x1x5xf32>) -> tensor<3x1x5xf32>
// V11-NEXT: dlc.reshape %arg0 : (tensor<1x3x1x5xf32>) -> tensor<1x3x1x1x5xf32>

// ONNX[v14]: <ir_version: 8, opset_import: ["" : 14]>
// ONNX[v14]: v14 (float[2,3,4] x) => (float[2,12] a, float[4,6] b)
// ONNX[v14]: {
// ONNX[v14]:   s1 = Constant <value = int64[2] {0, -1}> ()
// ONNX[v14]:   a = Reshape (x, s1)
// ONNX[v14]:   s2 = Constant <value = int64[2] {4, 6}> ()
// ONNX[v14]:   b = Reshape <allowzero = 1> (x, s2)
// ONNX[v14]: }

// V14:      dlc.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
// V14-NEXT: dlc.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<4x6xf32>
