/*===- square_model.c - A model.so that uses the hooks and a workspace ----===//
 *
 * x: f32[64x16] -> y = x * x: f32[64x16], computed row-parallel through
 * hooks->parallel_for into the workspace, then copied to y. The workspace
 * also counts how often each row was visited, which checks that parallel_for
 * covers [0, n) with disjoint ranges. run() fails with
 *   1  when no usable hooks are passed,
 *   2  when the workspace is missing or not 64-byte aligned,
 *   3  when a row was not visited exactly once.
 *===----------------------------------------------------------------------===*/

#include "dlc/model_abi.h"

#include <stddef.h>
#include <string.h>

enum { Rows = 64, Cols = 16 };

static const int64_t Shape[] = {Rows, Cols};
static const dlc_tensor_desc Inputs[] = {{"x", DLC_DTYPE_F32, 2, Shape}};
static const dlc_tensor_desc Outputs[] = {{"y", DLC_DTYPE_F32, 2, Shape}};

/* The workspace: squares, then one visit counter per row. */
typedef struct Workspace {
  float Squares[Rows * Cols];
  int32_t Visits[Rows];
} Workspace;

static const dlc_model_desc Desc = {
    DLC_MODEL_ABI_VERSION,     1,     1,      0,       "square",
    "hand-written test model", "any", Inputs, Outputs, sizeof(Workspace),
};

uint32_t dlc_abi_version(void) { return DLC_MODEL_ABI_VERSION; }

const dlc_model_desc *dlc_abi_describe(void) { return &Desc; }

typedef struct Context {
  const float *X;
  Workspace *W;
} Context;

static void squareRows(void *ctx, int64_t begin, int64_t end) {
  Context *C = (Context *)ctx;
  for (int64_t Row = begin; Row < end; ++Row) {
    for (int Col = 0; Col < Cols; ++Col) {
      float V = C->X[Row * Cols + Col];
      C->W->Squares[Row * Cols + Col] = V * V;
    }
    ++C->W->Visits[Row];
  }
}

int32_t dlc_abi_run(const void *const *inputs, void *const *outputs,
                    void *workspace, const dlc_run_hooks *hooks) {
  if (!hooks || hooks->struct_size < sizeof(dlc_run_hooks) ||
      !hooks->parallel_for || hooks->num_threads < 1)
    return 1;
  if (!workspace || (uintptr_t)workspace % 64 != 0)
    return 2;
  Context C = {(const float *)inputs[0], (Workspace *)workspace};
  memset(C.W->Visits, 0, sizeof(C.W->Visits));
  hooks->parallel_for(hooks->pool, Rows, squareRows, &C);
  for (int Row = 0; Row < Rows; ++Row)
    if (C.W->Visits[Row] != 1)
      return 3;
  memcpy(outputs[0], C.W->Squares, sizeof(C.W->Squares));
  return 0;
}
