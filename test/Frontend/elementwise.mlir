// Activations, element-wise arithmetic with NumPy broadcasting, PRelu and
// the variadic Max/Min/Sum/Mean.

// RUN: %python %S/onnx_text_to_model.py %s %t.onnx
// RUN: %dlc %t.onnx --emit=mlir -o - | FileCheck %s

// ONNX: <ir_version: 8, opset_import: ["" : 14]>
// ONNX: elementwise (float[2,3,4] x, float[4] b, float[3,1] c) => (float[2,3,4] u, float[2,3,4] v)
// ONNX: #! fill two int64 scalar 2
// ONNX: #! fill half float scalar 0.5
// ONNX: #! fill slope float 3x1
// ONNX: {
// ONNX:   a1 = Relu (x)
// ONNX:   a2 = LeakyRelu <alpha = 0.2> (a1)
// ONNX:   a3 = Elu (a2)
// ONNX:   a4 = Selu <alpha = 1.5, gamma = 2.0> (a3)
// ONNX:   a5 = HardSigmoid <alpha = 0.25> (a4)
// ONNX:   a6 = HardSwish (a5)
// ONNX:   a7 = Sigmoid (a6)
// ONNX:   a8 = Tanh (a7)
// ONNX:   a9 = Exp (a8)
// ONNX:   a10 = Log (a9)
// ONNX:   a11 = Abs (a10)
// ONNX:   a12 = Neg (a11)
// ONNX:   a13 = Sqrt (a12)
// ONNX:   a14 = Reciprocal (a13)
// ONNX:   a15 = Floor (a14)
// ONNX:   a16 = Ceil (a15)
// ONNX:   a17 = Erf (a16)
// ONNX:   a18 = Softplus (a17)
// ONNX:   a19 = Softsign (a18)
// ONNX:   b1 = Add (a19, b)
// ONNX:   b2 = Sub (b1, c)
// ONNX:   b3 = Mul (b2, half)
// ONNX:   b4 = Div (b3, b)
// ONNX:   b5 = Pow (b4, two)
// ONNX:   b6 = PRelu (b5, slope)
// ONNX:   u = Max (b6, x, b)
// ONNX:   v1 = Min (u, x)
// ONNX:   v2 = Sum (v1)
// ONNX:   v = Mean (v2, u)
// ONNX: }

// CHECK-LABEL: func.func @main(
// CHECK-SAME:      %[[X:.*]]: tensor<2x3x4xf32>, %[[B:.*]]: tensor<4xf32>, %[[C:.*]]: tensor<3x1xf32>)
// CHECK:         %[[A1:.*]] = dlc.relu %[[X]] : tensor<2x3x4xf32>
// CHECK-NEXT:    %[[A2:.*]] = dlc.leaky_relu %[[A1]] {alpha = 2.000000e-01 : f32}
// CHECK-NEXT:    %[[A3:.*]] = dlc.elu %[[A2]] : tensor<2x3x4xf32>
// CHECK-NEXT:    %[[A4:.*]] = dlc.selu %[[A3]] {alpha = 1.500000e+00 : f32, gamma = 2.000000e+00 : f32}
// CHECK-NEXT:    %[[A5:.*]] = dlc.hard_sigmoid %[[A4]] {alpha = 2.500000e-01 : f32}
// CHECK-NEXT:    %[[A6:.*]] = dlc.hard_swish %[[A5]]
// CHECK-NEXT:    dlc.sigmoid
// CHECK-NEXT:    dlc.tanh
// CHECK-NEXT:    dlc.exp
// CHECK-NEXT:    dlc.log
// CHECK-NEXT:    dlc.abs
// CHECK-NEXT:    dlc.neg
// CHECK-NEXT:    dlc.sqrt
// CHECK-NEXT:    dlc.reciprocal
// CHECK-NEXT:    dlc.floor
// CHECK-NEXT:    dlc.ceil
// CHECK-NEXT:    dlc.erf
// CHECK-NEXT:    dlc.softplus
// CHECK-NEXT:    %[[A19:.*]] = dlc.softsign
// CHECK-NEXT:    %[[B1:.*]] = dlc.add %[[A19]], %[[B]] : (tensor<2x3x4xf32>, tensor<4xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT:    %[[B2:.*]] = dlc.sub %[[B1]], %[[C]] : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
// CHECK-NEXT:    %[[HALF:.*]] = arith.constant dense<5.000000e-01> : tensor<f32>
// CHECK-NEXT:    %[[B3:.*]] = dlc.mul %[[B2]], %[[HALF]] : (tensor<2x3x4xf32>, tensor<f32>) -> tensor<2x3x4xf32>
// CHECK-NEXT:    %[[B4:.*]] = dlc.div %[[B3]], %[[B]]
// The int64 exponent becomes a float32 constant.
// CHECK-NEXT:    %[[TWO:.*]] = arith.constant dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[B5:.*]] = dlc.pow %[[B4]], %[[TWO]]
// CHECK-NEXT:    %[[SLOPE:.*]] = arith.constant dense<{{.*}}> : tensor<3x1xf32>
// CHECK-NEXT:    %[[B6:.*]] = dlc.prelu %[[B5]], %[[SLOPE]] : (tensor<2x3x4xf32>, tensor<3x1xf32>) -> tensor<2x3x4xf32>
// Max of three is a chain of two; Sum of one is its input.
// CHECK-NEXT:    %[[M1:.*]] = dlc.max %[[B6]], %[[X]]
// CHECK-NEXT:    %[[U:.*]] = dlc.max %[[M1]], %[[B]]
// CHECK-NEXT:    %[[V1:.*]] = dlc.min %[[U]], %[[X]]
// CHECK-NEXT:    %[[S:.*]] = dlc.add %[[V1]], %[[U]]
// CHECK-NEXT:    %[[N:.*]] = arith.constant dense<2.000000e+00> : tensor<f32>
// CHECK-NEXT:    %[[V:.*]] = dlc.div %[[S]], %[[N]]
// CHECK-NEXT:    return %[[U]], %[[V]]
