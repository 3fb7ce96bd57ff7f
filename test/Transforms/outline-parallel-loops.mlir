// RUN: dlc-opt --dlc-outline-parallel-loops --split-input-file %s | FileCheck %s
// RUN: dlc-opt --dlc-outline-parallel-loops="min-work=1000000" --split-input-file %s | FileCheck %s --check-prefix=BIG

// An element-wise loop over 1x64x56x56 (200704 iterations): the shortest
// prefix of dims with >= 256 iterations (1x64x56 = 3584) is linearised, the
// last dim stays a loop inside each task. Constants are cloned, the scalar
// and the buffers passed.
// CHECK-LABEL: func.func private @__dlc_parallel_for_0(index, memref<1x64x56x56xf32>, f32, memref<1x64x56x56xf32>)
// CHECK-SAME: dlc.parallel_body = @relu_parallel_0
// CHECK-LABEL: func.func @relu(
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<1x64x56x56xf32>, %[[OUT:[a-z0-9]+]]: memref<1x64x56x56xf32>, %[[LO:[a-z0-9]+]]: f32)
// CHECK: %[[N:.*]] = arith.constant 3584 : index
// CHECK: call @__dlc_parallel_for_0(%[[N]], %[[IN]], %[[LO]], %[[OUT]])
// CHECK-NOT: scf.parallel
// CHECK: return
// CHECK-LABEL: func.func private @relu_parallel_0(
// CHECK-SAME: %[[BEGIN:[a-z0-9]+]]: index, %[[END:[a-z0-9]+]]: index, %[[BIN:[a-z0-9]+]]: memref<1x64x56x56xf32>, %[[BLO:[a-z0-9]+]]: f32, %[[BOUT:[a-z0-9]+]]: memref<1x64x56x56xf32>)
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.*]] = arith.constant 1 : index
// CHECK-DAG: %[[C56:.*]] = arith.constant 56 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK: scf.for %[[I:.*]] = %[[BEGIN]] to %[[END]] step %[[C1]] {
// CHECK: %[[H:.*]] = arith.remui %[[I]], %[[C56]]
// CHECK: %[[Q:.*]] = arith.divui %[[I]], %[[C56]]
// CHECK: %[[C:.*]] = arith.remui %[[Q]], %[[C64]]
// CHECK: %[[B:.*]] = arith.divui %[[Q]], %[[C64]]
// CHECK: scf.parallel (%[[W:.*]]) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) {
// CHECK: memref.load %[[BIN]][%[[B]], %[[C]], %[[H]], %[[W]]]
// CHECK: arith.maximumf %{{.*}}, %[[BLO]]
// CHECK: memref.store %{{.*}}, %[[BOUT]][%[[B]], %[[C]], %[[H]], %[[W]]]
// CHECK: return
// BIG-LABEL: func.func @relu(
// BIG-NOT: call
// BIG: scf.parallel
// BIG-NOT: call
// BIG: return
func.func @relu(%in: memref<1x64x56x56xf32>, %out: memref<1x64x56x56xf32>,
                %lo: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c56 = arith.constant 56 : index
  %c64 = arith.constant 64 : index
  scf.parallel (%n, %c, %h, %w) = (%c0, %c0, %c0, %c0) to (%c1, %c64, %c56, %c56) step (%c1, %c1, %c1, %c1) {
    %x = memref.load %in[%n, %c, %h, %w] : memref<1x64x56x56xf32>
    %y = arith.maximumf %x, %lo : f32
    memref.store %y, %out[%n, %c, %h, %w] : memref<1x64x56x56xf32>
    scf.reduce
  }
  return
}

// -----

// Too little work (16x16 iterations): the loop stays.
// CHECK-LABEL: func.func @small
// CHECK-NOT: call
// CHECK: scf.parallel
// CHECK: return
// CHECK-NEXT: }
// CHECK-NEXT: }
func.func @small(%buf: memref<16x16xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c16, %c16) step (%c1, %c1) {
    memref.store %v, %buf[%i, %j] : memref<16x16xf32>
    scf.reduce
  }
  return
}

// -----

// A conv-like nest writing into its slice of a concat: the subview is
// rebuilt in the body from the buffer it views (so that views of one buffer
// share its pointer there). The reduction loop inside counts towards the
// work (32 x 3 x 3 x 32 x 32 = 294912) and stays in the body.
// CHECK-LABEL: func.func @into_slice(
// CHECK-SAME: %[[IN:[a-z0-9]+]]: memref<1x3x32x32xf32>, %[[CAT:[a-z0-9]+]]: memref<1x64x32x32xf32>)
// CHECK: %[[N:.*]] = arith.constant 1024 : index
// CHECK: call @__dlc_parallel_for_0(%[[N]], %[[IN]], %[[CAT]]) : (index, memref<1x3x32x32xf32>, memref<1x64x32x32xf32>) -> ()
// CHECK-LABEL: func.func private @into_slice_parallel_0(
// CHECK-SAME: %{{.*}}: index, %{{.*}}: index, %[[BIN:[a-z0-9]+]]: memref<1x3x32x32xf32>, %[[BCAT:[a-z0-9]+]]: memref<1x64x32x32xf32>)
// CHECK: %[[REBUILT:.*]] = memref.subview %[[BCAT]][0, 32, 0, 0] [1, 32, 32, 32] [1, 1, 1, 1] : memref<1x64x32x32xf32> to memref<1x32x32x32xf32, strided<[65536, 1024, 32, 1], offset: 32768>>
// CHECK: scf.for
// CHECK: scf.parallel
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[REBUILT]]
func.func @into_slice(%in: memref<1x3x32x32xf32>, %cat: memref<1x64x32x32xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c32 = arith.constant 32 : index
  %zero = arith.constant 0.0 : f32
  %view = memref.subview %cat[0, 32, 0, 0] [1, 32, 32, 32] [1, 1, 1, 1]
      : memref<1x64x32x32xf32> to memref<1x32x32x32xf32, strided<[65536, 1024, 32, 1], offset: 32768>>
  scf.parallel (%n, %f, %h, %w) = (%c0, %c0, %c0, %c0) to (%c1, %c32, %c32, %c32) step (%c1, %c1, %c1, %c1) {
    scf.for %ci = %c0 to %c3 step %c1 {
      scf.for %kh = %c0 to %c3 step %c1 {
        %x = memref.load %in[%n, %ci, %h, %w] : memref<1x3x32x32xf32>
        %acc = memref.load %view[%n, %f, %h, %w] : memref<1x32x32x32xf32, strided<[65536, 1024, 32, 1], offset: 32768>>
        %s = arith.addf %x, %acc : f32
        memref.store %s, %view[%n, %f, %h, %w] : memref<1x32x32x32xf32, strided<[65536, 1024, 32, 1], offset: 32768>>
      }
    }
    scf.reduce
  }
  return
}

// -----

// A subview with a dynamic offset: the offset travels as an index argument
// and the subview is rebuilt in the body.
// CHECK-LABEL: func.func @dynamic_slice(
// CHECK-SAME: %[[BUF:[a-z0-9]+]]: memref<512x512xf32>, %[[ROW:[a-z0-9]+]]: index)
// CHECK: call @__dlc_parallel_for_0(%{{.*}}, %[[BUF]], %[[ROW]]) : (index, memref<512x512xf32>, index) -> ()
// CHECK-LABEL: func.func private @dynamic_slice_parallel_0(
// CHECK-SAME: %[[BBUF:[a-z0-9]+]]: memref<512x512xf32>, %[[BROW:[a-z0-9]+]]: index)
// CHECK: memref.subview %[[BBUF]][%[[BROW]], 0] [256, 256] [1, 1] : memref<512x512xf32> to memref<256x256xf32, strided<[512, 1], offset: ?>>
func.func @dynamic_slice(%buf: memref<512x512xf32>, %row: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %one = arith.constant 1.0 : f32
  %view = memref.subview %buf[%row, 0] [256, 256] [1, 1]
      : memref<512x512xf32> to memref<256x256xf32, strided<[512, 1], offset: ?>>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c256, %c256) step (%c1, %c1) {
    memref.store %one, %view[%i, %j] : memref<256x256xf32, strided<[512, 1], offset: ?>>
    scf.reduce
  }
  return
}

// -----

// A GEMM-like scf.forall over 8x4 tiles with a per-tile scratch alloca: both
// dims are linearised (32 < 256), the alloca moves to the body's entry (one
// per thread), the inner k loop stays.
// CHECK-LABEL: func.func @tiles(
// CHECK: %[[N:.*]] = arith.constant 32 : index
// CHECK: call @__dlc_parallel_for_0(%[[N]], %{{.*}}, %{{.*}})
// CHECK-NOT: scf.forall
// CHECK-LABEL: func.func private @tiles_parallel_0(
// CHECK-SAME: %[[BEGIN:[a-z0-9]+]]: index, %[[END:[a-z0-9]+]]: index
// CHECK-DAG: %[[C4:.*]] = arith.constant 4 : index
// CHECK-DAG: %[[C16:.*]] = arith.constant 16 : index
// CHECK-DAG: %[[SCRATCH:.*]] = memref.alloca() : memref<16xf32>
// CHECK: scf.for %[[T:.*]] = %[[BEGIN]] to %[[END]]
// CHECK: %[[J:.*]] = arith.remui %[[T]], %[[C4]]
// CHECK: %[[I:.*]] = arith.divui %[[T]], %[[C4]]
// CHECK: %[[J16:.*]] = arith.muli %[[J]], %[[C16]]
// CHECK-NOT: memref.alloca
// CHECK: scf.for
// CHECK: memref.store %{{.*}}, %[[SCRATCH]]
func.func @tiles(%a: memref<8x2048xf32>, %c: memref<8x64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2048 = arith.constant 2048 : index
  scf.forall (%i, %j) = (0, 0) to (8, 64) step (1, 16) {
    %scratch = memref.alloca() : memref<16xf32>
    scf.for %k = %c0 to %c2048 step %c1 {
      %x = memref.load %a[%i, %k] : memref<8x2048xf32>
      memref.store %x, %scratch[%c0] : memref<16xf32>
    }
    %y = memref.load %scratch[%c0] : memref<16xf32>
    memref.store %y, %c[%i, %j] : memref<8x64xf32>
  }
  return
}

// -----

// Only the outermost loop is outlined; the inner scf.parallel stays in its
// body. A loop with one iteration is not worth a task, but a loop inside it
// is.
// CHECK-LABEL: func.func @nested(
// CHECK: call @__dlc_parallel_for_0
// CHECK-NEXT: return
// CHECK-LABEL: func.func private @nested_parallel_0(
// CHECK: scf.for
// CHECK: scf.parallel
// CHECK-LABEL: func.func @single_outer(
// CHECK: scf.parallel (%{{.*}}) = (%{{.*}}) to (%{{.*}}) step (%{{.*}}) {
// CHECK: call @__dlc_parallel_for_1
// CHECK-LABEL: func.func private @single_outer_parallel_1(
// CHECK: scf.for
// CHECK: scf.parallel
func.func @nested(%buf: memref<512x512xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c512 = arith.constant 512 : index
  scf.parallel (%i) = (%c0) to (%c512) step (%c1) {
    scf.parallel (%j) = (%c0) to (%c512) step (%c1) {
      memref.store %v, %buf[%i, %j] : memref<512x512xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}

func.func @single_outer(%buf: memref<512x512xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c512 = arith.constant 512 : index
  scf.parallel (%o) = (%c0) to (%c1) step (%c1) {
    scf.parallel (%i, %j) = (%c0, %c0) to (%c512, %c512) step (%c1, %c1) {
      memref.store %v, %buf[%i, %j] : memref<512x512xf32>
      scf.reduce
    }
    scf.reduce
  }
  return
}

// -----

// Work counts vector lanes, and an inner loop up to min(tile, remaining)
// runs the tile: 64 x 64 x (8 + 8 + 1) = 69632. With a bound of unknown
// size, the same loop counts one iteration and is not worth it.
// CHECK-LABEL: func.func @vector_tiles(
// CHECK: call @__dlc_parallel_for_0
// CHECK-NOT: scf.forall
// CHECK-LABEL: func.func private @vector_tiles_parallel_0(
// CHECK: vector.fma
// CHECK-LABEL: func.func @unknown_inner_bound(
// CHECK-NOT: call
// CHECK: scf.forall
func.func @vector_tiles(%buf: memref<4096x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c4096 = arith.constant 4096 : index
  scf.forall (%t) in (64) {
    %start = arith.muli %t, %c64 : index
    %left = arith.subi %c4096, %start : index
    %size = arith.minsi %c64, %left : index
    scf.for %k = %c0 to %size step %c1 {
      %row = arith.addi %start, %k : index
      %v = vector.load %buf[%row, %c0] : memref<4096x8xf32>, vector<8xf32>
      %r = vector.fma %v, %v, %v : vector<8xf32>
      vector.store %r, %buf[%row, %c0] : memref<4096x8xf32>, vector<8xf32>
    }
  }
  return
}

func.func @unknown_inner_bound(%buf: memref<4096x8xf32>, %size: index) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  scf.forall (%t) in (64) {
    %start = arith.muli %t, %c64 : index
    scf.for %k = %c0 to %size step %c1 {
      %row = arith.addi %start, %k : index
      %v = vector.load %buf[%row, %c0] : memref<4096x8xf32>, vector<8xf32>
      %r = vector.fma %v, %v, %v : vector<8xf32>
      vector.store %r, %buf[%row, %c0] : memref<4096x8xf32>, vector<8xf32>
    }
  }
  return
}

// -----

// Lower bounds and steps other than 0 and 1 are applied after delinearising.
// CHECK-LABEL: func.func @strided_iv(
// CHECK: %[[N:.*]] = arith.constant 131068 : index
// CHECK: call @__dlc_parallel_for_0(%[[N]],
// CHECK-LABEL: func.func private @strided_iv_parallel_0(
// CHECK-DAG: %[[C2:.*]] = arith.constant 2 : index
// CHECK-DAG: %[[C8:.*]] = arith.constant 8 : index
// CHECK: scf.for %[[T:.*]] =
// CHECK: %[[S:.*]] = arith.muli %[[T]], %[[C2]]
// CHECK: %[[I:.*]] = arith.addi %[[S]], %[[C8]]
// CHECK: memref.store %{{.*}}, %{{.*}}[%[[I]]]
func.func @strided_iv(%buf: memref<262144xf32>, %v: f32) {
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  %c262144 = arith.constant 262144 : index
  scf.parallel (%i) = (%c8) to (%c262144) step (%c2) {
    memref.store %v, %buf[%i] : memref<262144xf32>
    scf.reduce
  }
  return
}

// -----

// A strided buffer that is no view in sight (an argument) travels as its
// base pointer plus the dynamic parts of its layout, and is rebuilt with
// memref.reinterpret_cast. A noalias argument (the workspace arena) stays
// noalias in the body, where the views of it are rebuilt from it.
// CHECK-LABEL: func.func @strided_arg(
// CHECK-SAME: %[[ARG:[a-z0-9]+]]: memref<512x512xf32, strided<[1024, 1], offset: ?>>, %[[WS:[a-z0-9]+]]: memref<1048576xi8> {llvm.noalias})
// CHECK: %[[BASE:.*]], %[[OFF:.*]], %{{.*}}:2, %{{.*}}:2 = memref.extract_strided_metadata %[[ARG]]
// CHECK: call @__dlc_parallel_for_0(%{{.*}}, %[[BASE]], %[[OFF]], %[[WS]]) : (index, memref<f32>, index, memref<1048576xi8>) -> ()
// CHECK-LABEL: func.func private @strided_arg_parallel_0(
// CHECK-SAME: %[[BBASE:[a-z0-9]+]]: memref<f32>, %[[BOFF:[a-z0-9]+]]: index, %[[BWS:[a-z0-9]+]]: memref<1048576xi8> {llvm.noalias})
// CHECK: memref.reinterpret_cast %[[BBASE]] to offset: [%[[BOFF]]], sizes: [512, 512], strides: [1024, 1]
// CHECK: memref.view %[[BWS]]
func.func @strided_arg(%arg: memref<512x512xf32, strided<[1024, 1], offset: ?>>, %ws: memref<1048576xi8> {llvm.noalias}) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c512 = arith.constant 512 : index
  %tmp = memref.view %ws[%c0][] : memref<1048576xi8> to memref<512x512xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c512, %c512) step (%c1, %c1) {
    %v = memref.load %arg[%i, %j] : memref<512x512xf32, strided<[1024, 1], offset: ?>>
    memref.store %v, %tmp[%i, %j] : memref<512x512xf32>
    scf.reduce
  }
  return
}

// -----

// Not outlined: dynamic bounds, a reduction (results), a captured vector.
// CHECK-LABEL: func.func @not_outlined(
// CHECK-NOT: call
// CHECK-COUNT-3: scf.parallel
// CHECK-NOT: func.func private
func.func @not_outlined(%buf: memref<?xf32>, %n: index, %vec: vector<4xf32>,
                        %big: memref<65536xf32>, %out: memref<65536xvector<4xf32>>) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c65536 = arith.constant 65536 : index
  %zero = arith.constant 0.0 : f32
  scf.parallel (%i) = (%c0) to (%n) step (%c1) {
    memref.store %zero, %buf[%i] : memref<?xf32>
    scf.reduce
  }
  %sum = scf.parallel (%i) = (%c0) to (%c65536) step (%c1) init (%zero) -> f32 {
    %x = memref.load %big[%i] : memref<65536xf32>
    scf.reduce(%x : f32) {
    ^bb0(%l: f32, %r: f32):
      %s = arith.addf %l, %r : f32
      scf.reduce.return %s : f32
    }
  }
  scf.parallel (%i) = (%c0) to (%c65536) step (%c1) {
    memref.store %vec, %out[%i] : memref<65536xvector<4xf32>>
    scf.reduce
  }
  return %sum : f32
}

