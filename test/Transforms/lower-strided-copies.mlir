// RUN: dlc-opt --dlc-lower-strided-copies --split-input-file %s | FileCheck %s

// A copy into a strided view (the interior of a padded buffer) becomes a
// linalg.copy, which lowers to loops instead of a C runner library call.
// CHECK-LABEL: func @copy_into_subview
// CHECK-NOT: memref.copy
// CHECK: linalg.copy ins(%{{.*}} : memref<1x3x4x4xf32>) outs(%{{.*}} : memref<1x3x4x4xf32, strided<[108, 36, 6, 1], offset: 7>>)
func.func @copy_into_subview(%src: memref<1x3x4x4xf32>, %dst: memref<1x3x6x6xf32>) {
  %view = memref.subview %dst[0, 0, 1, 1] [1, 3, 4, 4] [1, 1, 1, 1]
      : memref<1x3x6x6xf32> to memref<1x3x4x4xf32, strided<[108, 36, 6, 1], offset: 7>>
  memref.copy %src, %view : memref<1x3x4x4xf32> to memref<1x3x4x4xf32, strided<[108, 36, 6, 1], offset: 7>>
  return
}

// -----

// Contiguous copies stay: they lower to memcpy.
// CHECK-LABEL: func @contiguous_copy
// CHECK: memref.copy
// CHECK-NOT: linalg.copy
func.func @contiguous_copy(%src: memref<2x8xf32>, %dst: memref<2x8xf32>) {
  memref.copy %src, %dst : memref<2x8xf32> to memref<2x8xf32>
  return
}
