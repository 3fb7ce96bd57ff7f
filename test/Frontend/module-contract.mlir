// The module the importer hands to the compiler: attributes naming the
// model, one func.func @main whose arguments are the graph inputs that are
// not initializers (in graph order) and whose results are the graph outputs,
// ONNX names on the func, weights as arith.constant (dense resource blobs
// holding the raw bytes, or inline dense attributes when small or splat),
// and a NameLoc per op.

// RUN: %python %S/onnx_text_to_model.py %s %t.raw.onnx
// RUN: %dlc %t.raw.onnx --emit=mlir -o - --mlir-print-debuginfo --mlir-print-local-scope | FileCheck %s
// RUN: %dlc %t.raw.onnx --emit=mlir -o - | FileCheck %s --check-prefix=BLOB
// float_data initializers import the same way.
// RUN: %python %S/onnx_text_to_model.py %s %t.fd.onnx --model float_data
// RUN: %dlc %t.fd.onnx --emit=mlir -o - | FileCheck %s --check-prefix=BLOB

// The graph input list names w16 too (IR version 3 style): it is an
// initializer, not an argument.
// ONNX: <ir_version: 3, opset_import: ["" : 13]>
// ONNX: contract_test (float[16] x, float[16] w16, float[2,8] y) => (float[16] out, float[2,8] y_out, float[3] k, float[16] sum)
// ONNX: #! fill w16 float 16
// ONNX: #! fill small float 4
// ONNX: #! fill ones float 2048 1.0
// ONNX: #! fill unused_shape int64 2
// ONNX: {
// ONNX:   small4 = Constant <value_float = 3.0> ()
// ONNX:   k = Constant <value_floats = [1.0, 2.0, 3.0]> ()
// ONNX:   shape64 = Constant <value_ints = [128, 16]> ()
// ONNX:   [scale_add] a = Add (x, w16)
// ONNX:   b = Mul (a, small4)
// ONNX:   out = Relu (b)
// ONNX:   ones16 = Reshape (ones, shape64)
// ONNX:   y_out = Identity (y)
// ONNX:   sum = Sum (x, x)
// ONNX: }

// CHECK-LABEL: module attributes
// CHECK-SAME:    dlc.model_name = "contract_test"
// CHECK-SAME:    dlc.source = "{{.*}}.raw.onnx"
// CHECK:       func.func @main(%[[X:.*]]: tensor<16xf32> loc("x"({{.*}})), %[[Y:.*]]: tensor<2x8xf32> loc("y"({{.*}})))
// CHECK-SAME:    -> (tensor<16xf32>, tensor<2x8xf32>, tensor<3xf32>, tensor<16xf32>)
// CHECK-SAME:    attributes {dlc.input_names = ["x", "y"], dlc.output_names = ["out", "y_out", "k", "sum"]}
// CHECK-NEXT:    %[[W:.*]] = arith.constant dense_resource<w16> : tensor<16xf32> loc("w16"(
// CHECK-NEXT:    %[[A:.*]] = dlc.add %[[X]], %[[W]] {{.*}} loc("scale_add"(
// A Constant node is materialised where it is first used, at its own name.
// CHECK-NEXT:    %[[S:.*]] = arith.constant dense<3.000000e+00> : tensor<f32> loc("Constant_0"(
// CHECK-NEXT:    %[[B:.*]] = dlc.mul %[[A]], %[[S]] {{.*}} loc("Mul_4"(
// CHECK-NEXT:    %[[OUT:.*]] = dlc.relu %[[B]] {{.*}} loc("Relu_5"(
// A weight stays a tensor through layout ops (small constants fold).
// CHECK-NEXT:    %[[ONES:.*]] = arith.constant dense<1.000000e+00> : tensor<2048xf32> loc("ones"(
// CHECK-NEXT:    dlc.reshape %[[ONES]] : (tensor<2048xf32>) -> tensor<128x16xf32> loc("Reshape_6"(
// CHECK-NEXT:    %[[SUM:.*]] = dlc.add %[[X]], %[[X]] {{.*}} loc("Sum_8"(
// CHECK-NEXT:    %[[K:.*]] = arith.constant dense<[1.000000e+00, 2.000000e+00, 3.000000e+00]> : tensor<3xf32> loc("Constant_1"(
// CHECK-NEXT:    return %[[OUT]], %[[Y]], %[[K]], %[[SUM]]
// The int64 constants and the unused 'small' initializer never appear.
// CHECK-NOT:   arith.constant

// ONNX[float_data]: <ir_version: 7, opset_import: ["" : 13]>
// ONNX[float_data]: float_data (float[16] x) => (float[16] y)
// ONNX[float_data]: #! fill w16 float 16
// ONNX[float_data]: #! float_data
// ONNX[float_data]: {
// ONNX[float_data]:   y = Add (x, w16)
// ONNX[float_data]: }

// The blob holds ((i % 17) - 8) / 100 as little-endian float32 after its
// alignment word: -0.08 is 0xBDA3D70A.
// BLOB: arith.constant dense_resource<w16> : tensor<16xf32>
// BLOB: dialect_resources
// BLOB: w16: "0x040000000AD7A3BD295C8FBD
