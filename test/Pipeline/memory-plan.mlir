// The -O2 pipeline's memory handling: concats without copies, every buffer in
// the workspace, no allocation left after lowering.
// RUN: dlc-opt --dlc-lower-to-llvm --mlir-print-ir-after=dlc-plan-memory --split-input-file %s -o /dev/null 2>&1 | FileCheck %s
// RUN: dlc-opt --dlc-lower-to-llvm --mlir-print-ir-after=dlc-plan-memory --split-input-file %s -o /dev/null 2>&1 | FileCheck %s --check-prefix=COPY
// RUN: dlc-opt --dlc-lower-to-llvm --split-input-file %s | FileCheck %s --check-prefix=LLVM

// An inception block: each branch computes straight into its slice of the concat's buffer, which
// is a view of the workspace, and the next conv reads that buffer.
// CHECK: IR Dump After PlanMemory
// CHECK: module attributes
// CHECK-SAME: dlc.unplanned_allocs = 0 : i64
// CHECK: func.func @main({{.*}}, %[[WS:.*]]: memref<{{[0-9]+}}xi8> {llvm.noalias})
// CHECK-NOT: memref.alloc
// CHECK: %[[CAT:.*]] = memref.view %[[WS]][%{{.*}}][] : memref<{{[0-9]+}}xi8> to memref<1x18x8x8xf32>
// CHECK: %[[A:.*]] = memref.subview %[[CAT]][0, 0, 0, 0] [1, 4, 8, 8]
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} outs(%[[A]] :
// CHECK: %[[B:.*]] = memref.subview %[[CAT]][0, 4, 0, 0] [1, 6, 8, 8]
// CHECK: linalg.generic {{.*}} outs(%[[B]] :
// CHECK: %[[P:.*]] = memref.subview %[[CAT]][0, 10, 0, 0] [1, 8, 8, 8]
// CHECK: linalg.generic {{.*}} outs(%[[P]] :
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} ins(%[[CAT]], %{{.*}} : memref<1x18x8x8xf32>
// CHECK-NOT: memref.alloc

// The only copies left put the input into the padded buffers of the 3x3
// conv and the max pool; nothing is copied out of a computed buffer.
// COPY: IR Dump After PlanMemory
// COPY-NOT: memref.copy %view
// COPY-NOT: memref.copy %subview
// COPY: return

// The lowered @main takes the workspace last and allocates nothing.
// LLVM: llvm.func @main(%{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr {llvm.noalias})
// LLVM-NOT: malloc
// LLVM-NOT: free
func.func @main(%x: tensor<1x8x8x8xf32>, %w1: tensor<4x8x1x1xf32>, %b1: tensor<4xf32>,
                %w2: tensor<6x8x3x3xf32>, %b2: tensor<6xf32>,
                %wh: tensor<2x18x1x1xf32>, %bh: tensor<2xf32>) -> tensor<1x2x8x8xf32> {
  %a = dlc.conv2d %x, %w1, %b1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x8x8x8xf32>, tensor<4x8x1x1xf32>, tensor<4xf32>) -> tensor<1x4x8x8xf32>
  %b0 = dlc.conv2d %x, %w2, %b2 {strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x8x8x8xf32>, tensor<6x8x3x3xf32>, tensor<6xf32>) -> tensor<1x6x8x8xf32>
  %b = dlc.relu %b0 : tensor<1x6x8x8xf32>
  %p = dlc.max_pool2d %x {kernel_shape = array<i64: 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>, dilations = array<i64: 1, 1>}
      : (tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  %c = dlc.concat %a, %b, %p {axis = 1} : (tensor<1x4x8x8xf32>, tensor<1x6x8x8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x18x8x8xf32>
  %y = dlc.conv2d %c, %wh, %bh {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x18x8x8xf32>, tensor<2x18x1x1xf32>, tensor<2xf32>) -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}

// -----

// A DenseNet block: c1 = concat(x0, x1) and c2 = concat(x0, x1, x2) are one
// buffer; x0, x1 and x2 are computed in their slices and c1 is read as the
// first 6 channels of it.
// CHECK: IR Dump After PlanMemory
// CHECK: func.func @main
// CHECK: %[[C2:.*]] = memref.view %{{.*}} to memref<1x8x8x8xf32>
// CHECK: %[[X0:.*]] = memref.subview %[[C2]][0, 0, 0, 0] [1, 4, 8, 8]
// CHECK: linalg.generic {{.*}} outs(%[[X0]] :
// CHECK: %[[X1:.*]] = memref.subview %[[C2]][0, 4, 0, 0] [1, 2, 8, 8]
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} outs(%[[X1]] :
// CHECK: %[[C1:.*]] = memref.subview %[[C2]][0, 0, 0, 0] [1, 6, 8, 8]
// CHECK: linalg.generic {{.*}} ins(%[[C1]] :
// CHECK: %[[X2:.*]] = memref.subview %[[C2]][0, 6, 0, 0] [1, 2, 8, 8]
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} outs(%[[X2]] :
// CHECK: linalg.conv_2d_nchw_fchw {{.*}} ins(%[[C2]], %{{.*}} : memref<1x8x8x8xf32>

// COPY: IR Dump After PlanMemory
// COPY-NOT: memref.copy
// COPY: return

// LLVM: llvm.func @main(
// LLVM-NOT: malloc
func.func @main(%x: tensor<1x4x8x8xf32>, %w1: tensor<2x4x1x1xf32>, %w2: tensor<2x6x1x1xf32>,
                %w3: tensor<2x8x1x1xf32>) -> tensor<1x2x8x8xf32> {
  %x0 = dlc.relu %x : tensor<1x4x8x8xf32>
  %t0 = dlc.tanh %x0 : tensor<1x4x8x8xf32>
  %x1 = dlc.conv2d %t0, %w1 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x4x8x8xf32>, tensor<2x4x1x1xf32>) -> tensor<1x2x8x8xf32>
  %c1 = dlc.concat %x0, %x1 {axis = 1} : (tensor<1x4x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x6x8x8xf32>
  %t1 = dlc.relu %c1 : tensor<1x6x8x8xf32>
  %x2 = dlc.conv2d %t1, %w2 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x6x8x8xf32>, tensor<2x6x1x1xf32>) -> tensor<1x2x8x8xf32>
  %c2 = dlc.concat %x0, %x1, %x2 {axis = 1} : (tensor<1x4x8x8xf32>, tensor<1x2x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x8x8x8xf32>
  %y = dlc.conv2d %c2, %w3 {strides = array<i64: 1, 1>, pads = array<i64: 0, 0, 0, 0>, dilations = array<i64: 1, 1>}
      : (tensor<1x8x8x8xf32>, tensor<2x8x1x1xf32>) -> tensor<1x2x8x8xf32>
  return %y : tensor<1x2x8x8xf32>
}
