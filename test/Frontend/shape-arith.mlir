// Static shape arithmetic folds at import: Shape, Gather/Slice/Concat/
// Unsqueeze/Add/Div/Mul/Cast on integer constants and ConstantOfShape become
// constants that a Reshape reads. Layout ops (Concat, Reshape, Flatten,
// Transpose, Squeeze, Unsqueeze, Slice with any step) fold on integer and
// small float constants. Slice, Split and Gather on float32 activations
// become dlc.slice (Gather: + dlc.concat / dlc.reshape).

// RUN: %python %S/onnx_text_to_model.py %s %t.13.onnx --model v13
// RUN: %dlc %t.13.onnx --emit=mlir -o - | FileCheck %s
// RUN: %python %S/onnx_text_to_model.py %s %t.layout.onnx --model layout
// RUN: %dlc %t.layout.onnx --emit=mlir -o - | FileCheck %s --check-prefix=LAYOUT
// RUN: %python %S/onnx_text_to_model.py %s %t.neg.onnx --model neg
// RUN: %python %S/expect_exit.py 3 %dlc %t.neg.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=NEG

// ONNX[v13]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[v13]: v13 (float[1,8,4,4] x) => (float[1,2,4,4,4] shuf, float[1,4,4,4] lo,
// ONNX[v13]:     float[1,4,2,4] st, float[1,3,4,4] s0, float[1,5,4,4] s1,
// ONNX[v13]:     float[1,4,4] g0, float[1,2,4,4] g2, float[1,3,4,4] gp, float[2,3] cos)
// ONNX[v13]: {
// ONNX[v13]:   shp = Shape (x)
// ONNX[v13]:   i0 = Constant <value = int64 {0}> ()
// ONNX[v13]:   i1 = Constant <value = int64 {1}> ()
// ONNX[v13]:   n = Gather <axis = 0> (shp, i0)
// ONNX[v13]:   c = Gather <axis = 0> (shp, i1)
// ONNX[v13]:   two = Constant <value = int64 {2}> ()
// ONNX[v13]:   half = Div (c, two)
// ONNX[v13]:   ax = Constant <value = int64[1] {0}> ()
// ONNX[v13]:   nu = Unsqueeze (n, ax)
// ONNX[v13]:   hu = Unsqueeze (half, ax)
// ONNX[v13]:   twou = Unsqueeze (two, ax)
// ONNX[v13]:   two1 = Constant <value = int64[1] {2}> ()
// ONNX[v13]:   four_end = Constant <value = int64[1] {4}> ()
// ONNX[v13]:   hw = Slice (shp, two1, four_end, ax)
// ONNX[v13]:   target = Concat <axis = 0> (nu, twou, hu, hw)
// ONNX[v13]:   shuf = Reshape (x, target)
// ONNX[v13]:   one1 = Constant <value = int64[1] {1}> ()
// ONNX[v13]:   hend = Mul (half, one1)
// ONNX[v13]:   zero1 = Constant <value = int64[1] {0}> ()
// ONNX[v13]:   lo = Slice (x, zero1, hend, one1)
// ONNX[v13]:   s_st = Constant <value = int64[2] {1, 0}> ()
// ONNX[v13]:   e_st = Constant <value = int64[2] {100, -1}> ()
// ONNX[v13]:   a_st = Constant <value = int64[2] {2, 1}> ()
// ONNX[v13]:   p_st = Constant <value = int64[2] {2, 2}> ()
// ONNX[v13]:   st = Slice (x, s_st, e_st, a_st, p_st)
// ONNX[v13]:   sizes = Constant <value = int64[2] {3, 5}> ()
// ONNX[v13]:   s0, s1 = Split <axis = 1> (x, sizes)
// ONNX[v13]:   g0 = Gather <axis = 1> (x, i0)
// ONNX[v13]:   idx2 = Constant <value = int64[2] {1, 3}> ()
// ONNX[v13]:   g2 = Gather <axis = 1> (x, idx2)
// ONNX[v13]:   idxp = Constant <value = int64[3] {5, 0, -1}> ()
// ONNX[v13]:   gp = Gather <axis = 1> (x, idxp)
// ONNX[v13]:   cshape = Constant <value = int64[2] {2, 3}> ()
// ONNX[v13]:   cos = ConstantOfShape <value = float[1] {1.5}> (cshape)
// ONNX[v13]: }

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:.*]]: tensor<1x8x4x4xf32>
// CHECK:         %[[SHUF:.*]] = dlc.reshape %[[X]] : (tensor<1x8x4x4xf32>) -> tensor<1x2x4x4x4xf32>
// CHECK-NEXT:    %[[LO:.*]] = dlc.slice %[[X]] {offsets = array<i64: 0, 0, 0, 0>, strides = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x4x4x4xf32>
// CHECK-NEXT:    %[[ST:.*]] = dlc.slice %[[X]] {offsets = array<i64: 0, 0, 1, 0>, strides = array<i64: 1, 2, 2, 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x4x2x4xf32>
// CHECK-NEXT:    %[[S0:.*]] = dlc.slice %[[X]] {offsets = array<i64: 0, 0, 0, 0>, {{.*}}} : (tensor<1x8x4x4xf32>) -> tensor<1x3x4x4xf32>
// CHECK-NEXT:    %[[S1:.*]] = dlc.slice %[[X]] {offsets = array<i64: 0, 3, 0, 0>, {{.*}}} : (tensor<1x8x4x4xf32>) -> tensor<1x5x4x4xf32>
// CHECK-NEXT:    %[[G0S:.*]] = dlc.slice %[[X]] {offsets = array<i64: 0, 0, 0, 0>, {{.*}}} : (tensor<1x8x4x4xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    %[[G0:.*]] = dlc.reshape %[[G0S]] : (tensor<1x1x4x4xf32>) -> tensor<1x4x4xf32>
// A progression is one strided slice.
// CHECK-NEXT:    %[[G2:.*]] = dlc.slice %[[X]] {offsets = array<i64: 0, 1, 0, 0>, strides = array<i64: 1, 2, 1, 1>} : (tensor<1x8x4x4xf32>) -> tensor<1x2x4x4xf32>
// CHECK-NEXT:    %[[P0:.*]] = dlc.slice %[[X]] {offsets = array<i64: 0, 5, 0, 0>, {{.*}}} : (tensor<1x8x4x4xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    %[[P1:.*]] = dlc.slice %[[X]] {offsets = array<i64: 0, 0, 0, 0>, {{.*}}} : (tensor<1x8x4x4xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    %[[P2:.*]] = dlc.slice %[[X]] {offsets = array<i64: 0, 7, 0, 0>, {{.*}}} : (tensor<1x8x4x4xf32>) -> tensor<1x1x4x4xf32>
// CHECK-NEXT:    %[[GP:.*]] = dlc.concat %[[P0]], %[[P1]], %[[P2]] {axis = 1 : i64}
// CHECK-NEXT:    %[[COS:.*]] = arith.constant dense<1.500000e+00> : tensor<2x3xf32>
// CHECK-NEXT:    return %[[SHUF]], %[[LO]], %[[ST]], %[[S0]], %[[S1]], %[[G0]], %[[G2]], %[[GP]], %[[COS]] :

// torch's export of nn.ZeroPad2d((1, 2, 3, 0)) without constant folding:
// [l, r, t, b] + 4 zeros -> Reshape [-1, 2] -> reverse the rows -> Transpose
// -> Reshape [-1] gives ONNX's [begins..., ends...]. nn.Upsample's scales are
// a Concat of float constants.
// ONNX[layout]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[layout]: layout (float[1,1,4,4] x) => (float[1,1,7,7] y, float[1,1,8,8] up)
// ONNX[layout]: {
// ONNX[layout]:   lrtb = Constant <value = int64[4] {1, 2, 3, 0}> ()
// ONNX[layout]:   four = Constant <value = int64[1] {4}> ()
// ONNX[layout]:   zeros = ConstantOfShape <value = int64[1] {0}> (four)
// ONNX[layout]:   all = Concat <axis = 0> (lrtb, zeros)
// ONNX[layout]:   pairs_shape = Constant <value = int64[2] {-1, 2}> ()
// ONNX[layout]:   pairs = Reshape (all, pairs_shape)
// ONNX[layout]:   start = Constant <value = int64[1] {-1}> ()
// ONNX[layout]:   end = Constant <value = int64[1] {-9223372036854775807}> ()
// ONNX[layout]:   axis0 = Constant <value = int64[1] {0}> ()
// ONNX[layout]:   step = Constant <value = int64[1] {-1}> ()
// ONNX[layout]:   reversed = Slice (pairs, start, end, axis0, step)
// ONNX[layout]:   columns = Transpose <perm = [1, 0]> (reversed)
// ONNX[layout]:   flat_shape = Constant <value = int64[1] {-1}> ()
// ONNX[layout]:   flat = Reshape (columns, flat_shape)
// ONNX[layout]:   pads = Cast <to = 7> (flat)
// ONNX[layout]:   [zero_pad] y = Pad (x, pads)
// ONNX[layout]:   nc = Constant <value = float[2] {1, 1}> ()
// ONNX[layout]:   hw = Constant <value = float[2] {2, 2}> ()
// ONNX[layout]:   scales = Concat <axis = 0> (nc, hw)
// ONNX[layout]:   [upsample] up = Resize <mode = "nearest"> (x, , scales)
// ONNX[layout]: }

// LAYOUT-LABEL: func.func @main(
// LAYOUT:         dlc.pad %arg0 {pads = array<i64: 0, 0, 3, 1, 0, 0, 0, 2>} : (tensor<1x1x4x4xf32>) -> tensor<1x1x7x7xf32>
// LAYOUT:         dlc.reshape {{.*}} -> tensor<1x1x8x8xf32>

// A reversing Slice of an activation is not supported: an error naming the
// node and step.
// ONNX[neg]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[neg]: neg (float[1,8] x) => (float[1,8] y)
// ONNX[neg]: {
// ONNX[neg]:   s = Constant <value = int64[1] {-1}> ()
// ONNX[neg]:   e = Constant <value = int64[1] {-100}> ()
// ONNX[neg]:   a = Constant <value = int64[1] {1}> ()
// ONNX[neg]:   [reverse] y = Slice (x, s, e, a, s)
// ONNX[neg]: }

// NEG: error: Slice 'reverse': negative step -1 on axis 1 (reversal) is only supported on constants
