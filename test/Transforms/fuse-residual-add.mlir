// RUN: dlc-opt --dlc-fuse-residual-add --dlc-fuse-activation --split-input-file %s | FileCheck %s

// A ResNet block tail: relu(conv(x) + identity) is one conv with a residual
// operand and a relu epilogue.
// CHECK-LABEL: func @resnet_tail
// CHECK: %[[Y:.*]] = dlc.conv2d %arg0, %arg1 residual(%arg0) {activation = #dlc.activation<relu>
// CHECK-NOT: dlc.add
// CHECK: return %[[Y]]
func.func @resnet_tail(%x: tensor<1x2x2x2xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32> {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.add %0, %x : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  %2 = dlc.relu %1 : tensor<1x2x2x2xf32>
  return %2 : tensor<1x2x2x2xf32>
}

// -----

// The residual may be defined after the conv: the fused conv moves to the add.
// CHECK-LABEL: func @residual_defined_later
// CHECK: %[[R:.*]] = dlc.relu %arg2
// CHECK: dlc.conv2d %arg0, %arg1 residual(%[[R]])
func.func @residual_defined_later(%x: tensor<1x2x2x2xf32>, %w: tensor<2x2x1x1xf32>, %y: tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32> {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %r = dlc.relu %y : tensor<1x2x2x2xf32>
  %1 = dlc.add %r, %0 : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Not fused: a broadcasting add (the bias-like operand is not the output's
// type).
// CHECK-LABEL: func @broadcast_add
// CHECK: dlc.add
func.func @broadcast_add(%x: tensor<1x2x2x2xf32>, %w: tensor<2x2x1x1xf32>, %b: tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32> {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.add %0, %b : (tensor<1x2x2x2xf32>, tensor<2x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Not fused: the conv already has an activation (add(relu(conv), r) is not
// relu(conv + r)).
// CHECK-LABEL: func @after_activation
// CHECK: dlc.add
func.func @after_activation(%x: tensor<1x2x2x2xf32>, %w: tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32> {
  %0 = dlc.conv2d %x, %w {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>, activation = #dlc.activation<relu>}
      : (tensor<1x2x2x2xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = dlc.add %0, %x : (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}
