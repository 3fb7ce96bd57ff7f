// RUN: dlc-opt --dlc-lower-conv-kernels=vector-bits=512 %s | FileCheck %s --check-prefixes=CHECK,AVX512
// RUN: dlc-opt --dlc-lower-conv-kernels %s | FileCheck %s --check-prefixes=CHECK,AVX2

// F(4x4,3x3) on a 7x7 output: 4 tiles, at most MR, so the tiles are the
// register tile's rows and 16 filters its columns, and the filter, packed
// as its taps ([2 panels][16 channels][9][16]), is transformed inside the
// loop over channels. V: 6 x 16 channels x 6 x 8 tiles, scaled by G's row
// factors; M: 36 x 32 filters x 8 tiles.
// CHECK-LABEL: func @winograd_f4_tiles_as_rows
// CHECK: scf.parallel
// CHECK: %[[V:.*]] = memref.alloca() {alignment = 64 : i64} : memref<4608xf32>
// CHECK: %[[M:.*]] = memref.alloca() {alignment = 64 : i64} : memref<9216xf32>
// Position (0, 0): G's factors 1/4 * 1/4; (0, 1): 1/4 * -1/6.
// CHECK: %[[S00:.*]] = arith.constant dense<6.250000e-02> : vector<8xf32>
// CHECK-NEXT: %[[V00:.*]] = arith.mulf %{{.*}}, %[[S00]] : vector<8xf32>
// CHECK: vector.store %[[V00]], %[[V]]
// CHECK: arith.constant dense<-0.0416666679> : vector<8xf32>
// Per filter panel and row i of the 6 x 6 positions: on AVX-512 one
// register tile of its 6 positions x 4 tiles (24 accumulators), on AVX2 six
// of one position each. The first pass prefetches the next panel's 9 taps
// of the channel. Row i = 0 reads the taps' first row only; each position's
// U' then serves its 4 tiles.
// AVX512: %{{.*}}:24 = scf.for {{.*}} iter_args
// AVX2: %{{.*}}:4 = scf.for {{.*}} iter_args
// CHECK-COUNT-9: memref.prefetch %{{.*}}, read, locality<3>, data : memref<4608xf32>
// CHECK-COUNT-3: vector.load %{{.*}} : memref<4608xf32>, vector<16xf32>
// CHECK-NOT: vector.load
// CHECK: memref.load %[[V]]
// CHECK-NEXT: vector.broadcast {{.*}} : f32 to vector<16xf32>
// CHECK-NEXT: vector.fma {{.*}} : vector<16xf32>
// CHECK: scf.yield
// Then each position's 4 x 16 sums go to M through an 8x8 transpose.
// CHECK: vector.shuffle
// CHECK: vector.store %{{.*}}, %[[M]]
// AVX512-COUNT-5: %{{.*}}:24 = scf.for
// AVX512-NOT: scf.for {{.*}} iter_args
// AVX2-COUNT-35: %{{.*}}:4 = scf.for
// AVX2-NOT: scf.for {{.*}} iter_args
// CHECK: return
func.func @winograd_f4_tiles_as_rows(%x: memref<1x16x7x7xf32>, %w: memref<2x16x9x16xf32>, %b: memref<20xf32>, %o: memref<1x20x7x7xf32>) {
  dlc.conv2d_kernel ins(%x, %w : memref<1x16x7x7xf32>, memref<2x16x9x16xf32>) bias(%b : memref<20xf32>) outs(%o : memref<1x20x7x7xf32>)
      {filter_shape = array<i64: 20, 16, 3, 3>, strides = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>,
       dilations = array<i64: 1, 1>, algo = #dlc.algo<winograd>, activation = #dlc.activation<relu>}
  return
}
