// RUN: dlc-opt --dlc-vectorize-strided-elementwise --split-input-file %s | FileCheck %s

// A 1x3 max window at stride 1 over a padded buffer: three tap views whose
// rows are contiguous. Rows of 14 outputs: one full vector in a loop, then
// a static 6-lane masked vector; tasks over the outer dims.
// CHECK-LABEL: func @taps_stride1
// CHECK-NOT: linalg.generic
// CHECK: scf.parallel (%[[N:.*]], %[[C:.*]], %[[H:.*]]) = ({{.*}}) to (%c1{{.*}}, %c4{{.*}}, %c14{{.*}})
// CHECK: scf.for %[[W:.*]] = %c0{{.*}} to %c8{{.*}} step %c8
// CHECK-COUNT-3: vector.load %{{.*}}[%[[N]], %[[C]], %[[H]], %[[W]]] : memref<1x4x14x14xf32, strided<[1024, 256, 16, 1]{{.*}}>>, vector<8xf32>
// CHECK-COUNT-2: arith.maximumf {{.*}} : vector<8xf32>
// CHECK: vector.store %{{.*}}, %{{.*}}[%[[N]], %[[C]], %[[H]], %[[W]]] : memref<1x4x14x14xf32>, vector<8xf32>
// CHECK: }
// CHECK: vector.constant_mask [6] : vector<8xi1>
// CHECK: vector.maskedload
// CHECK: vector.maskedstore
#map = affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>
func.func @taps_stride1(%padded: memref<1x4x16x16xf32>, %out: memref<1x4x14x14xf32>) {
  %t0 = memref.subview %padded[0, 0, 1, 0] [1, 4, 14, 14] [1, 1, 1, 1] : memref<1x4x16x16xf32> to memref<1x4x14x14xf32, strided<[1024, 256, 16, 1], offset: 16>>
  %t1 = memref.subview %padded[0, 0, 1, 1] [1, 4, 14, 14] [1, 1, 1, 1] : memref<1x4x16x16xf32> to memref<1x4x14x14xf32, strided<[1024, 256, 16, 1], offset: 17>>
  %t2 = memref.subview %padded[0, 0, 1, 2] [1, 4, 14, 14] [1, 1, 1, 1] : memref<1x4x16x16xf32> to memref<1x4x14x14xf32, strided<[1024, 256, 16, 1], offset: 18>>
  linalg.generic {indexing_maps = [#map, #map, #map, #map], iterator_types = ["parallel", "parallel", "parallel", "parallel"]}
      ins(%t0, %t1, %t2 : memref<1x4x14x14xf32, strided<[1024, 256, 16, 1], offset: 16>>, memref<1x4x14x14xf32, strided<[1024, 256, 16, 1], offset: 17>>, memref<1x4x14x14xf32, strided<[1024, 256, 16, 1], offset: 18>>)
      outs(%out : memref<1x4x14x14xf32>) {
  ^bb0(%a: f32, %b: f32, %c: f32, %o: f32):
    %m0 = arith.maximumf %a, %b : f32
    %m1 = arith.maximumf %m0, %c : f32
    linalg.yield %m1 : f32
  }
  return
}

// -----

// Stride 2 along the row: the view is reinterpreted with unit stride, and
// each vector is two loads (elements 0..7 and 7..14, never past the last
// one read) and an even-lane shuffle; the 5-lane tail masks both loads to
// the 9 elements it needs (lanes 0..7 of the first, 0..1 of the second).
// CHECK-LABEL: func @taps_stride2
// CHECK: %[[VIEW:.*]] = memref.reinterpret_cast %{{.*}} to offset: [1], sizes: [3, 25], strides: [32, 1]
// CHECK: scf.parallel (%[[R:.*]]) =
// CHECK: scf.for %[[J:.*]] =
// CHECK: %[[AT:.*]] = arith.muli %[[J]], %c2
// CHECK: %[[LO:.*]] = vector.load %[[VIEW]][%[[R]], %[[AT]]]
// CHECK: %[[AT7:.*]] = arith.addi %[[AT]], %c7
// CHECK: %[[HI:.*]] = vector.load %[[VIEW]][%[[R]], %[[AT7]]]
// CHECK: vector.shuffle %[[LO]], %[[HI]] [0, 2, 4, 6, 9, 11, 13, 15]
// CHECK: vector.store
// CHECK: }
// CHECK: vector.load %[[VIEW]]
// CHECK: %[[MASK:.*]] = vector.constant_mask [2]
// CHECK: vector.maskedload %[[VIEW]]{{.*}}, %[[MASK]]
// CHECK: vector.shuffle
// CHECK: vector.constant_mask [5]
// CHECK: vector.maskedstore
#map2 = affine_map<(d0, d1) -> (d0, d1)>
func.func @taps_stride2(%in: memref<3x32xf32>, %out: memref<3x13xf32>) {
  %t = memref.subview %in[0, 1] [3, 13] [1, 2] : memref<3x32xf32> to memref<3x13xf32, strided<[32, 2], offset: 1>>
  linalg.copy ins(%t : memref<3x13xf32, strided<[32, 2], offset: 1>>) outs(%out : memref<3x13xf32>)
  return
}

// -----

// Stride 3: a gather at lane offsets 0, 3, .., 21. An input that does not
// depend on the inner dim (a per-row scale) is one broadcast scalar; the
// body's constant is a splat.
// CHECK-LABEL: func @stride3_and_broadcast
// CHECK: scf.parallel
// CHECK: vector.gather {{.*}} : memref<2x22xf32, strided<[66, 1]>>, vector<8xi32>, vector<8xi1>, vector<8xf32> into vector<8xf32>
// CHECK: %[[S:.*]] = memref.load %{{.*}} : memref<2xf32>
// CHECK: vector.broadcast %[[S]] : f32 to vector<8xf32>
// CHECK: arith.constant dense<5.000000e-01> : vector<8xf32>
// CHECK: arith.mulf {{.*}} : vector<8xf32>
// CHECK: arith.addf {{.*}} : vector<8xf32>
#id = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
func.func @stride3_and_broadcast(%in: memref<2x66xf32>, %scale: memref<2xf32>, %out: memref<2x8xf32>) {
  %t = memref.subview %in[0, 0] [2, 8] [1, 3] : memref<2x66xf32> to memref<2x8xf32, strided<[66, 3]>>
  linalg.generic {indexing_maps = [#id, #row, #id], iterator_types = ["parallel", "parallel"]}
      ins(%t, %scale : memref<2x8xf32, strided<[66, 3]>>, memref<2xf32>) outs(%out : memref<2x8xf32>) {
  ^bb0(%x: f32, %s: f32, %o: f32):
    %half = arith.constant 0.5 : f32
    %m = arith.mulf %x, %s : f32
    %r = arith.addf %m, %half : f32
    linalg.yield %r : f32
  }
  return
}

// -----

// Fills are always vector stores; element-wise ops on contiguous buffers
// stay for LLVM, and so do ops with non-lane-wise bodies (linalg.index).
// CHECK-LABEL: func @fill_and_contiguous
// CHECK: scf.parallel
// CHECK: vector.store %{{.*}} : memref<5x16xf32>, vector<8xf32>
// CHECK: linalg.generic
// CHECK: linalg.index
// CHECK: linalg.generic
// CHECK-NOT: vector.
#m = affine_map<(d0, d1) -> (d0, d1)>
func.func @fill_and_contiguous(%a: memref<5x16xf32>, %b: memref<5x16xf32>, %s: memref<5x16xf32, strided<[32, 1]>>) {
  %cst = arith.constant 0xFF800000 : f32
  linalg.fill ins(%cst : f32) outs(%a : memref<5x16xf32>)
  linalg.generic {indexing_maps = [#m, #m], iterator_types = ["parallel", "parallel"]}
      ins(%s : memref<5x16xf32, strided<[32, 1]>>) outs(%b : memref<5x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %i = linalg.index 1 : index
    %f = arith.index_cast %i : index to i32
    %g = arith.sitofp %f : i32 to f32
    %r = arith.addf %x, %g : f32
    linalg.yield %r : f32
  }
  linalg.generic {indexing_maps = [#m, #m], iterator_types = ["parallel", "parallel"]}
      ins(%a : memref<5x16xf32>) outs(%b : memref<5x16xf32>) {
  ^bb0(%x: f32, %o: f32):
    %r = arith.negf %x : f32
    linalg.yield %r : f32
  }
  return
}
