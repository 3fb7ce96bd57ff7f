// RUN: dlc-opt --canonicalize --split-input-file %s | FileCheck %s

// The dlc op folders: splat constants and algebraic identities. A whole
// weight tensor is left to dlc-fold-constants.

// CHECK-LABEL: func @transposes
// CHECK-SAME: (%[[X:.*]]: tensor<2x3x4xf32>)
// CHECK-DAG: %[[SPLAT:.*]] = arith.constant dense<2.000000e+00> : tensor<3x2xf32>
// CHECK-DAG: %[[W:.*]] = arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00]]> : tensor<1x2xf32>
// The identity is gone; two transposes are one (result dim i is dim
// p[q[i]] of x: [2, 0, 1] twice is [1, 2, 0]); a splat is transposed, any
// other constant is left to dlc-fold-constants.
// CHECK: %[[T:.*]] = dlc.transpose %[[X]] {perm = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
// CHECK: %[[WT:.*]] = dlc.transpose %[[W]]
// CHECK: return %[[X]], %[[T]], %[[SPLAT]], %[[WT]]
func.func @transposes(%x: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>, tensor<3x4x2xf32>, tensor<3x2xf32>, tensor<2x1xf32>) {
  %id = dlc.transpose %x {perm = array<i64: 0, 1, 2>} : (tensor<2x3x4xf32>) -> tensor<2x3x4xf32>
  %t1 = dlc.transpose %x {perm = array<i64: 2, 0, 1>} : (tensor<2x3x4xf32>) -> tensor<4x2x3xf32>
  %t2 = dlc.transpose %t1 {perm = array<i64: 2, 0, 1>} : (tensor<4x2x3xf32>) -> tensor<3x4x2xf32>
  %c = arith.constant dense<2.0> : tensor<2x3xf32>
  %ct = dlc.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  // Not a splat: for dlc-fold-constants.
  %w = arith.constant dense<[[1.0, 2.0]]> : tensor<1x2xf32>
  %wt = dlc.transpose %w {perm = array<i64: 1, 0>} : (tensor<1x2xf32>) -> tensor<2x1xf32>
  return %id, %t2, %ct, %wt : tensor<2x3x4xf32>, tensor<3x4x2xf32>, tensor<3x2xf32>, tensor<2x1xf32>
}

// -----

// Unary ops of splats are splats; relu(relu(x)) is relu(x), -(-x) is x.
// CHECK-LABEL: func @unary
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32>)
// CHECK-DAG: %[[R:.*]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK-DAG: %[[S:.*]] = arith.constant dense<5.000000e-01> : tensor<4xf32>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<6.000000e+00> : tensor<4xf32>
// CHECK: %[[RELU:.*]] = dlc.relu %[[X]]
// CHECK-NOT: dlc.relu
// CHECK-NOT: dlc.neg
// CHECK: return %[[R]], %[[S]], %[[C]], %[[RELU]], %[[X]]
func.func @unary(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) {
  %neg = arith.constant dense<-3.0> : tensor<4xf32>
  %zero = arith.constant dense<0.0> : tensor<4xf32>
  %big = arith.constant dense<9.0> : tensor<4xf32>
  %r = dlc.relu %neg : tensor<4xf32>
  %s = dlc.sigmoid %zero : tensor<4xf32>
  %c = dlc.clip %big {min = 0.0 : f32, max = 6.0 : f32} : tensor<4xf32>
  %r1 = dlc.relu %x : tensor<4xf32>
  %r2 = dlc.relu %r1 : tensor<4xf32>
  %n1 = dlc.neg %x : tensor<4xf32>
  %n2 = dlc.neg %n1 : tensor<4xf32>
  return %r, %s, %c, %r2, %n2 : tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>
}

// -----

// Binary: two splats broadcast to a splat; x * 1, 1 * x, x / 1 and x - 0
// are x.
// CHECK-LABEL: func @binary_identities
// CHECK-SAME: (%[[X:.*]]: tensor<2x3xf32>)
// CHECK-DAG: %[[S:.*]] = arith.constant dense<5.000000e+00> : tensor<2x3xf32>
// CHECK-NOT: dlc.
// CHECK: return %[[S]], %[[X]], %[[X]], %[[X]], %[[X]]
func.func @binary_identities(%x: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>) {
  %two = arith.constant dense<2.0> : tensor<2x1xf32>
  %three = arith.constant dense<3.0> : tensor<1x3xf32>
  %one = arith.constant dense<1.0> : tensor<3xf32>
  %zero = arith.constant dense<0.0> : tensor<2x3xf32>
  %s = dlc.add %two, %three : (tensor<2x1xf32>, tensor<1x3xf32>) -> tensor<2x3xf32>
  %m1 = dlc.mul %x, %one : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %m2 = dlc.mul %one, %x : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %d = dlc.div %x, %one : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>
  %z = dlc.sub %x, %zero : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  return %s, %m1, %m2, %d, %z : tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x3xf32>
}

// -----

// Not folded: x + 0 (it turns -0 into +0), x * 1 where the 1 broadcasts x
// to a larger result, x * 2, x - (-0), 1 / x.
// CHECK-LABEL: func @binary_kept
// CHECK: dlc.add
// CHECK: dlc.mul
// CHECK: dlc.mul
// CHECK: dlc.sub
// CHECK: dlc.div
func.func @binary_kept(%x: tensor<3xf32>) -> (tensor<3xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>) {
  %zero = arith.constant dense<0.0> : tensor<3xf32>
  %negzero = arith.constant dense<-0.0> : tensor<3xf32>
  %one = arith.constant dense<1.0> : tensor<2x3xf32>
  %two = arith.constant dense<2.0> : tensor<3xf32>
  %a = dlc.add %x, %zero : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %b = dlc.mul %x, %one : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %c = dlc.mul %x, %two : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %d = dlc.sub %x, %negzero : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  %e = dlc.div %two, %x : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return %a, %b, %c, %d, %e : tensor<3xf32>, tensor<2x3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>
}

// -----

// Shape ops: no-op pad, slice, concat and reshape are their input; of
// splats, splats (a pad only with the splat's own value).
// CHECK-LABEL: func @shape_ops
// CHECK-SAME: (%[[X:.*]]: tensor<2x2xf32>)
// CHECK-DAG: %[[P:.*]] = arith.constant dense<0.000000e+00> : tensor<4x4xf32>
// CHECK-DAG: %[[S:.*]] = arith.constant dense<0.000000e+00> : tensor<1x2xf32>
// CHECK-DAG: %[[C:.*]] = arith.constant dense<0.000000e+00> : tensor<4x2xf32>
// CHECK-DAG: %[[R:.*]] = arith.constant dense<0.000000e+00> : tensor<4xf32>
// CHECK: %[[KEEP:.*]] = dlc.pad %{{.*}} {pads = array<i64: 1, 1, 1, 1>, value = 1.000000e+00 : f32}
// CHECK: %[[CAT:.*]] = dlc.concat
// CHECK: return %[[X]], %[[X]], %[[X]], %[[P]], %[[S]], %[[C]], %[[R]], %[[KEEP]], %[[CAT]]
func.func @shape_ops(%x: tensor<2x2xf32>) -> (tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<4x4xf32>, tensor<1x2xf32>, tensor<4x2xf32>, tensor<4xf32>, tensor<4x4xf32>, tensor<4x2xf32>) {
  %zero = arith.constant dense<0.0> : tensor<2x2xf32>
  %one = arith.constant dense<1.0> : tensor<2x2xf32>
  %p0 = dlc.pad %x {pads = array<i64: 0, 0, 0, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %s0 = dlc.slice %x {offsets = array<i64: 0, 0>, strides = array<i64: 1, 1>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %c0 = dlc.concat %x {axis = 0 : i64} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  %p = dlc.pad %zero {pads = array<i64: 1, 1, 1, 1>} : (tensor<2x2xf32>) -> tensor<4x4xf32>
  %s = dlc.slice %zero {offsets = array<i64: 1, 0>, strides = array<i64: 1, 1>} : (tensor<2x2xf32>) -> tensor<1x2xf32>
  %c = dlc.concat %zero, %zero {axis = 0 : i64} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
  %r = dlc.reshape %zero : (tensor<2x2xf32>) -> tensor<4xf32>
  %keep = dlc.pad %zero {pads = array<i64: 1, 1, 1, 1>, value = 1.0 : f32} : (tensor<2x2xf32>) -> tensor<4x4xf32>
  %cat = dlc.concat %zero, %one {axis = 0 : i64} : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<4x2xf32>
  return %p0, %s0, %c0, %p, %s, %c, %r, %keep, %cat : tensor<2x2xf32>, tensor<2x2xf32>, tensor<2x2xf32>, tensor<4x4xf32>, tensor<1x2xf32>, tensor<4x2xf32>, tensor<4xf32>, tensor<4x4xf32>, tensor<4x2xf32>
}
