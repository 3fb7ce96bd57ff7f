// RUN: dlc-opt --dlc-share-concat-prefixes --split-input-file %s | FileCheck %s

// A DenseNet block: c1 = concat(x0, x1), c2 = concat(x0, x1, x2), with x2
// computed from c1. One tensor.empty; each input is inserted right after it
// is computed; c1 is the first 4 channels of the chain so far.
// CHECK-LABEL: func @dense_block
// CHECK-SAME: (%[[X0:.*]]: tensor<1x2x4x4xf32>, %[[X1:.*]]: tensor<1x2x4x4xf32>, %[[W:.*]]: tensor<2x4x1x1xf32>)
// CHECK: %[[E:.*]] = tensor.empty() : tensor<1x6x4x4xf32>
// CHECK-NOT: tensor.empty() : tensor<1x4x4x4xf32>
// CHECK: %[[I0:.*]] = tensor.insert_slice %[[X0]] into %[[E]][0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK: %[[I1:.*]] = tensor.insert_slice %[[X1]] into %[[I0]][0, 2, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK: %[[C1:.*]] = tensor.extract_slice %[[I1]][0, 0, 0, 0] [1, 4, 4, 4] [1, 1, 1, 1] : tensor<1x6x4x4xf32> to tensor<1x4x4x4xf32>
// CHECK: %[[X2:.*]] = linalg.conv_2d_nchw_fchw{{.*}} ins(%[[C1]], %[[W]]
// CHECK: %[[I2:.*]] = tensor.insert_slice %[[X2]] into %[[I1]][0, 4, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1]
// CHECK: return %[[I2]]
func.func @dense_block(%x0: tensor<1x2x4x4xf32>, %x1: tensor<1x2x4x4xf32>, %w: tensor<2x4x1x1xf32>) -> tensor<1x6x4x4xf32> {
  %zero = arith.constant 0.0 : f32
  %e1 = tensor.empty() : tensor<1x4x4x4xf32>
  %a = tensor.insert_slice %x0 into %e1[0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x4x4x4xf32>
  %c1 = tensor.insert_slice %x1 into %a[0, 2, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x4x4x4xf32>
  %e = tensor.empty() : tensor<1x2x4x4xf32>
  %f = linalg.fill ins(%zero : f32) outs(%e : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %x2 = linalg.conv_2d_nchw_fchw ins(%c1, %w : tensor<1x4x4x4xf32>, tensor<2x4x1x1xf32>) outs(%f : tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32>
  %e2 = tensor.empty() : tensor<1x6x4x4xf32>
  %b = tensor.insert_slice %x0 into %e2[0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x6x4x4xf32>
  %c = tensor.insert_slice %x1 into %b[0, 2, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x6x4x4xf32>
  %c2 = tensor.insert_slice %x2 into %c[0, 4, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x6x4x4xf32>
  return %c2 : tensor<1x6x4x4xf32>
}

// -----

// The inputs in another order: not a prefix, both concats stay.
// CHECK-LABEL: func @not_a_prefix
// CHECK: tensor.empty() : tensor<1x4x4x4xf32>
// CHECK: tensor.empty() : tensor<1x6x4x4xf32>
func.func @not_a_prefix(%x0: tensor<1x2x4x4xf32>, %x1: tensor<1x2x4x4xf32>, %x2: tensor<1x2x4x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x6x4x4xf32>) {
  %e1 = tensor.empty() : tensor<1x4x4x4xf32>
  %a = tensor.insert_slice %x1 into %e1[0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x4x4x4xf32>
  %c1 = tensor.insert_slice %x0 into %a[0, 2, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x4x4x4xf32>
  %e2 = tensor.empty() : tensor<1x6x4x4xf32>
  %b = tensor.insert_slice %x0 into %e2[0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x6x4x4xf32>
  %c = tensor.insert_slice %x1 into %b[0, 2, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x6x4x4xf32>
  %c2 = tensor.insert_slice %x2 into %c[0, 4, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x6x4x4xf32>
  return %c1, %c2 : tensor<1x4x4x4xf32>, tensor<1x6x4x4xf32>
}

// -----

// The shorter concat is read after the next input is inserted (here: it is
// returned), so sharing would force a copy: it keeps its own buffer.
// CHECK-LABEL: func @prefix_read_late
// CHECK-DAG: tensor.empty() : tensor<1x4x4x4xf32>
// CHECK-DAG: tensor.empty() : tensor<1x6x4x4xf32>
// CHECK-NOT: tensor.extract_slice
func.func @prefix_read_late(%x0: tensor<1x2x4x4xf32>, %x1: tensor<1x2x4x4xf32>, %x2: tensor<1x2x4x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x6x4x4xf32>) {
  %e1 = tensor.empty() : tensor<1x4x4x4xf32>
  %a = tensor.insert_slice %x0 into %e1[0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x4x4x4xf32>
  %c1 = tensor.insert_slice %x1 into %a[0, 2, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x4x4x4xf32>
  %e2 = tensor.empty() : tensor<1x6x4x4xf32>
  %b = tensor.insert_slice %x0 into %e2[0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x6x4x4xf32>
  %c = tensor.insert_slice %x1 into %b[0, 2, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x6x4x4xf32>
  %c2 = tensor.insert_slice %x2 into %c[0, 4, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x6x4x4xf32>
  return %c1, %c2 : tensor<1x4x4x4xf32>, tensor<1x6x4x4xf32>
}

// -----

// Insert chains that are not concats (a slice in the middle) are left alone.
// CHECK-LABEL: func @not_a_concat
// CHECK: tensor.empty() : tensor<1x4x4x4xf32>
// CHECK: tensor.empty() : tensor<1x6x4x4xf32>
func.func @not_a_concat(%x0: tensor<1x2x4x4xf32>, %x1: tensor<1x2x4x4xf32>) -> (tensor<1x4x4x4xf32>, tensor<1x6x4x4xf32>) {
  %e1 = tensor.empty() : tensor<1x4x4x4xf32>
  %a = tensor.insert_slice %x0 into %e1[0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x4x4x4xf32>
  %c1 = tensor.insert_slice %x1 into %a[0, 2, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x4x4x4xf32>
  %e2 = tensor.empty() : tensor<1x6x4x4xf32>
  %b = tensor.insert_slice %x0 into %e2[0, 0, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x6x4x4xf32>
  %c2 = tensor.insert_slice %x1 into %b[0, 4, 0, 0] [1, 2, 4, 4] [1, 1, 1, 1] : tensor<1x2x4x4xf32> into tensor<1x6x4x4xf32>
  return %c1, %c2 : tensor<1x4x4x4xf32>, tensor<1x6x4x4xf32>
}
