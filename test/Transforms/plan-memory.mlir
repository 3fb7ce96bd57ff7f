// RUN: dlc-opt --dlc-plan-memory --split-input-file %s | FileCheck %s

// Two buffers whose lifetimes do not overlap share offset 0; the workspace is
// a new last argument of @main and the frees are gone.
// CHECK-LABEL: module attributes
// CHECK-SAME: dlc.naive_activation_bytes = 128 : i64
// CHECK-SAME: dlc.planned_buffers = 2 : i64
// CHECK-SAME: dlc.unplanned_allocs = 0 : i64
// CHECK-SAME: dlc.workspace_size = 64 : i64
// CHECK: func.func @main(%[[IN:.*]]: memref<16xf32>, %[[OUT:.*]]: memref<16xf32>, %[[WS:.*]]: memref<64xi8> {llvm.noalias})
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-NOT: memref.alloc
// CHECK: %[[A:.*]] = memref.view %[[WS]][%[[C0]]][] : memref<64xi8> to memref<16xf32>
// CHECK: memref.copy %[[IN]], %[[A]]
// CHECK: memref.copy %[[A]], %[[OUT]]
// CHECK: %[[B:.*]] = memref.view %[[WS]][%[[C0]]][] : memref<64xi8> to memref<16xf32>
// CHECK: memref.copy %[[IN]], %[[B]]
// CHECK-NOT: memref.dealloc
// CHECK: return
func.func @main(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  memref.copy %a, %out : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() {alignment = 64 : i64} : memref<16xf32>
  memref.copy %in, %b : memref<16xf32> to memref<16xf32>
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  memref.dealloc %a : memref<16xf32>
  memref.dealloc %b : memref<16xf32>
  return
}

// -----

// A buffer read while another is written: different offsets.
// CHECK-LABEL: module attributes
// CHECK-SAME: dlc.workspace_size = 128 : i64
// CHECK: func.func @main({{.*}}, %[[WS:.*]]: memref<128xi8> {llvm.noalias})
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C64:.*]] = arith.constant 64 : index
// CHECK: %[[A:.*]] = memref.view %[[WS]][%[[C0]]][] : memref<128xi8> to memref<16xf32>
// CHECK: %[[B:.*]] = memref.view %[[WS]][%[[C64]]][] : memref<128xi8> to memref<16xf32>
// CHECK: memref.copy %[[A]], %[[B]]
func.func @main(%in: memref<16xf32>, %out: memref<16xf32>) {
  %a = memref.alloc() : memref<16xf32>
  memref.copy %in, %a : memref<16xf32> to memref<16xf32>
  %b = memref.alloc() : memref<16xf32>
  memref.copy %a, %b : memref<16xf32> to memref<16xf32>
  memref.copy %b, %out : memref<16xf32> to memref<16xf32>
  return
}

// -----

// An alias keeps its buffer alive: %a is last read through a reshaped view
// after %b was written, so they cannot share memory. Largest first: the
// 256-byte %a at 0, then %b.
// CHECK-LABEL: module attributes
// CHECK-SAME: dlc.naive_activation_bytes = 320 : i64
// CHECK-SAME: dlc.workspace_size = 320 : i64
// CHECK: func.func @main({{.*}}, %[[WS:.*]]: memref<320xi8> {llvm.noalias})
// CHECK-DAG: %[[C0:.*]] = arith.constant 0 : index
// CHECK-DAG: %[[C256:.*]] = arith.constant 256 : index
// CHECK: %[[A:.*]] = memref.view %[[WS]][%[[C0]]][] : memref<320xi8> to memref<4x16xf32>
// CHECK: %[[B:.*]] = memref.view %[[WS]][%[[C256]]][] : memref<320xi8> to memref<16xf32>
func.func @main(%in: memref<4x16xf32>, %out: memref<64xf32>, %out2: memref<16xf32>) {
  %a = memref.alloc() : memref<4x16xf32>
  memref.copy %in, %a : memref<4x16xf32> to memref<4x16xf32>
  %flat = memref.collapse_shape %a [[0, 1]] : memref<4x16xf32> into memref<64xf32>
  %b = memref.alloc() : memref<16xf32>
  %row = memref.subview %in[0, 0] [1, 16] [1, 1] : memref<4x16xf32> to memref<16xf32, strided<[1]>>
  memref.copy %row, %b : memref<16xf32, strided<[1]>> to memref<16xf32>
  memref.copy %b, %out2 : memref<16xf32> to memref<16xf32>
  memref.copy %flat, %out : memref<64xf32> to memref<64xf32>
  return
}

// -----

// The same without the late use through the alias: %b reuses %a's memory.
// CHECK-LABEL: module attributes
// CHECK-SAME: dlc.workspace_size = 256 : i64
// CHECK: %[[C0:.*]] = arith.constant 0 : index
// CHECK: memref.view %{{.*}}[%[[C0]]][] : memref<256xi8> to memref<4x16xf32>
// CHECK: memref.view %{{.*}}[%[[C0]]][] : memref<256xi8> to memref<16xf32>
func.func @main(%in: memref<4x16xf32>, %out: memref<64xf32>, %out2: memref<16xf32>) {
  %a = memref.alloc() : memref<4x16xf32>
  memref.copy %in, %a : memref<4x16xf32> to memref<4x16xf32>
  %flat = memref.collapse_shape %a [[0, 1]] : memref<4x16xf32> into memref<64xf32>
  memref.copy %flat, %out : memref<64xf32> to memref<64xf32>
  %b = memref.alloc() : memref<16xf32>
  %row = memref.subview %in[0, 0] [1, 16] [1, 1] : memref<4x16xf32> to memref<16xf32, strided<[1]>>
  memref.copy %row, %b : memref<16xf32, strided<[1]>> to memref<16xf32>
  memref.copy %b, %out2 : memref<16xf32> to memref<16xf32>
  return
}

// -----

// Allocations inside a loop, of dynamic size or returned stay as they are,
// marked with the reason; a buffer used in the loop lives through it.
// CHECK-LABEL: module attributes
// CHECK-SAME: dlc.planned_buffers = 1 : i64
// CHECK-SAME: dlc.unplanned_allocs = 3 : i64
// CHECK-SAME: dlc.workspace_size = 64 : i64
// CHECK: func.func @main
// CHECK: memref.view
// CHECK: memref.alloc(%{{.*}}) {dlc.unplanned = "dynamic size"} : memref<?xf32>
// CHECK: scf.for
// CHECK: memref.alloc() {dlc.unplanned = "inside a region (loop or branch)"} : memref<16xf32>
// CHECK: memref.dealloc
// CHECK: memref.alloc() {dlc.unplanned = "returned from the function"} : memref<8xf32>
func.func @main(%in: memref<16xf32>, %n: index, %out: memref<16xf32>) -> memref<8xf32> {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %acc = memref.alloc() : memref<16xf32>
  %dyn = memref.alloc(%n) : memref<?xf32>
  memref.dealloc %dyn : memref<?xf32>
  scf.for %i = %c0 to %c4 step %c1 {
    %tmp = memref.alloc() : memref<16xf32>
    memref.copy %in, %tmp : memref<16xf32> to memref<16xf32>
    memref.copy %tmp, %acc : memref<16xf32> to memref<16xf32>
    memref.dealloc %tmp : memref<16xf32>
  }
  memref.copy %acc, %out : memref<16xf32> to memref<16xf32>
  %r = memref.alloc() : memref<8xf32>
  return %r : memref<8xf32>
}

// -----

// A copy of a buffer onto itself (an input computed in its concat slice) is
// erased; any size rounds up to 64 bytes.
// CHECK-LABEL: module attributes
// CHECK-SAME: dlc.workspace_size = 64 : i64
// CHECK: func.func @main
// CHECK: memref.view %{{.*}} : memref<64xi8> to memref<2x3xi8>
// CHECK-NOT: memref.copy
// CHECK: linalg.fill
// CHECK-NOT: memref.copy
// CHECK: return
func.func @main(%out: memref<2x3xi8>) {
  %c = arith.constant 7 : i8
  %t = memref.alloc() : memref<2x3xi8>
  %s1 = memref.subview %t[0, 0] [1, 3] [1, 1] : memref<2x3xi8> to memref<1x3xi8, strided<[3, 1]>>
  %s2 = memref.subview %t[0, 0] [1, 3] [1, 1] : memref<2x3xi8> to memref<1x3xi8, strided<[3, 1]>>
  linalg.fill ins(%c : i8) outs(%t : memref<2x3xi8>)
  memref.copy %s1, %s2 : memref<1x3xi8, strided<[3, 1]>> to memref<1x3xi8, strided<[3, 1]>>
  memref.copy %t, %t : memref<2x3xi8> to memref<2x3xi8>
  linalg.copy ins(%t : memref<2x3xi8>) outs(%out : memref<2x3xi8>)
  return
}

// -----

// Only @main is planned; other functions keep their allocations.
// CHECK-LABEL: module attributes
// CHECK-SAME: dlc.workspace_size = 0 : i64
// CHECK: func.func @helper
// CHECK: memref.alloc
// CHECK: func.func @main(%{{.*}}: memref<4xf32>, %{{.*}}: memref<0xi8> {llvm.noalias})
func.func @helper(%x: memref<4xf32>) {
  %t = memref.alloc() : memref<4xf32>
  memref.copy %x, %t : memref<4xf32> to memref<4xf32>
  memref.dealloc %t : memref<4xf32>
  return
}
func.func @main(%x: memref<4xf32>) {
  call @helper(%x) : (memref<4xf32>) -> ()
  return
}
