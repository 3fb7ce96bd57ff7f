// RUN: dlc-opt --dlc-instrument-layers --split-input-file %s | FileCheck %s

// Every dlc op is bracketed by enter/exit calls with its layer number; the
// table records its node name, op, output shape, algorithm and FLOPs.
// CHECK-LABEL: module attributes {dlc.profile_layers = [
// CHECK-SAME: {algo = "winograd", flops = 9216 : i64, name = "conv1", op = "dlc.conv2d", shape = "2x8x4x4"},
// CHECK-SAME: {algo = "", flops = 256 : i64, name = "relu1+add1", op = "dlc.relu", shape = "2x8x4x4"},
// CHECK-SAME: {algo = "", flops = 5120 : i64, name = "gemm_2", op = "dlc.gemm", shape = "1x10"}]}
// CHECK: func.func @main
// CHECK:   %[[L0:.*]] = arith.constant 0 : i32
// CHECK:   %[[T0:.*]] = call @dlc_profile_enter(%[[L0]]) : (i32) -> i64
// CHECK:   %[[CONV:.*]] = dlc.conv2d
// CHECK:   call @dlc_profile_exit(%[[L0]], %[[T0]]) : (i32, i64) -> ()
// CHECK:   %[[L1:.*]] = arith.constant 1 : i32
// CHECK:   %[[T1:.*]] = call @dlc_profile_enter(%[[L1]])
// CHECK:   %[[RELU:.*]] = dlc.relu %[[CONV]]
// CHECK:   call @dlc_profile_exit(%[[L1]], %[[T1]])
// CHECK:   %[[L2:.*]] = arith.constant 2 : i32
// CHECK:   %[[T2:.*]] = call @dlc_profile_enter(%[[L2]])
// CHECK:   %[[GEMM:.*]] = dlc.gemm
// CHECK:   call @dlc_profile_exit(%[[L2]], %[[T2]])
// CHECK:   return %[[RELU]], %[[GEMM]]
// CHECK: func.func private @dlc_profile_enter(i32) -> i64
// CHECK: func.func private @dlc_profile_exit(i32, i64)
func.func @main(%x: tensor<2x8x9x9xf32>, %w: tensor<8x2x3x3xf32>,
                %a: tensor<1x256xf32>, %b: tensor<10x256xf32>)
    -> (tensor<2x8x4x4xf32>, tensor<1x10xf32>) {
  // 2 * (2*8*4*4 outputs) * (2 channels per group * 3 * 3) = 9216.
  %0 = dlc.conv2d %x, %w {strides = array<i64: 2, 2>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, group = 4, algo = #dlc.algo<winograd>} : (tensor<2x8x9x9xf32>, tensor<8x2x3x3xf32>) -> tensor<2x8x4x4xf32> loc(#conv)
  // A fused location names every node in it.
  %1 = dlc.relu %0 : tensor<2x8x4x4xf32> loc(#fused)
  // No name: the op and the layer number. 2 * (1*10) * 256 = 5120.
  %2 = dlc.gemm %a, %b {trans_b = true} : (tensor<1x256xf32>, tensor<10x256xf32>) -> tensor<1x10xf32>
  return %1, %2 : tensor<2x8x4x4xf32>, tensor<1x10xf32>
}
#conv = loc("conv1"("m.onnx":0:0))
#relu = loc("relu1"("m.onnx":0:0))
#add = loc("add1")
#fused = loc(fused[#relu, #add])

// -----

// Pooling counts the window per output, shape ops count nothing, and the
// plain default conv algorithm reads "auto".
// CHECK-LABEL: module attributes {dlc.profile_layers = [
// CHECK-SAME: {algo = "auto", flops = 2304 : i64, name = "conv", op = "dlc.conv2d", shape = "1x2x4x4"},
// CHECK-SAME: {algo = "", flops = 72 : i64, name = "pool", op = "dlc.max_pool2d", shape = "1x2x2x2"},
// CHECK-SAME: {algo = "", flops = 0 : i64, name = "flat", op = "dlc.reshape", shape = "1x8"},
// CHECK-SAME: {algo = "", flops = 40 : i64, name = "prob", op = "dlc.softmax", shape = "1x8"}]}
func.func @main(%x: tensor<1x4x4x4xf32>, %w: tensor<2x4x3x3xf32>) -> tensor<1x8xf32> {
  // 2 * (1*2*4*4 outputs) * (4 * 3 * 3) = 2304; the pool 8 outputs * 3 * 3.
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x4x4x4xf32>, tensor<2x4x3x3xf32>) -> tensor<1x2x4x4xf32> loc("conv")
  %1 = dlc.max_pool2d %0 {kernel_shape = array<i64: 3, 3>, strides = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> loc("pool")
  %2 = dlc.reshape %1 : (tensor<1x2x2x2xf32>) -> tensor<1x8xf32> loc("flat")
  %3 = dlc.softmax %2 {axis = 1 : i64} : tensor<1x8xf32> loc("prob")
  return %3 : tensor<1x8xf32>
}

// -----

// Reductions count their input, slices nothing.
// CHECK-LABEL: module attributes {dlc.profile_layers = [
// CHECK-SAME: {algo = "", flops = 24 : i64, name = "mean", op = "dlc.reduce_mean", shape = "2x1x4"},
// CHECK-SAME: {algo = "", flops = 0 : i64, name = "part", op = "dlc.slice", shape = "1x1x4"}]}
func.func @main(%x: tensor<2x3x4xf32>) -> tensor<1x1x4xf32> {
  %0 = dlc.reduce_mean %x {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32> loc("mean")
  %1 = dlc.slice %0 {offsets = array<i64: 1, 0, 0>, strides = array<i64: 1, 1, 1>} : (tensor<2x1x4xf32>) -> tensor<1x1x4xf32> loc("part")
  return %1 : tensor<1x1x4xf32>
}

// -----

// An instrumented module is left as it is.
// CHECK-LABEL: module attributes {dlc.profile_layers = []}
// CHECK-NOT: dlc_profile_enter
module attributes {dlc.profile_layers = []} {
  func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
    %0 = dlc.relu %x : tensor<4xf32>
    return %0 : tensor<4xf32>
  }
}

// -----

// A module without dlc ops gets an empty table and the declarations.
// CHECK-LABEL: module attributes {dlc.profile_layers = []}
// CHECK: func.func private @dlc_profile_enter(i32) -> i64
func.func @main(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
