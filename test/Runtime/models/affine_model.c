/*===- affine_model.c - A hand-written model.so for the runtime tests -----===//
 *
 * Implements the model ABI by hand, so the runtime is tested without the
 * compiler. One input, two outputs:
 *   x: f32[2x3]  ->  y = 2 * x + 1: f32[2x3],  argmax = row-wise argmax of x:
 *   i64[2].
 * Needs no workspace and ignores the hooks.
 *===----------------------------------------------------------------------===*/

#include "dlc/model_abi.h"

#include <stddef.h>

static const int64_t XShape[] = {2, 3};
static const int64_t ArgmaxShape[] = {2};

static const dlc_tensor_desc Inputs[] = {
    {"x", DLC_DTYPE_F32, 2, XShape},
};
static const dlc_tensor_desc Outputs[] = {
    {"y", DLC_DTYPE_F32, 2, XShape},
    {"argmax", DLC_DTYPE_I64, 1, ArgmaxShape},
};
static const dlc_model_desc Desc = {
    DLC_MODEL_ABI_VERSION,     1,     2,      0,       "affine",
    "hand-written test model", "any", Inputs, Outputs, 0,
};

uint32_t dlc_abi_version(void) { return DLC_MODEL_ABI_VERSION; }

const dlc_model_desc *dlc_abi_describe(void) { return &Desc; }

int32_t dlc_abi_run(const void *const *inputs, void *const *outputs,
                    void *workspace, const dlc_run_hooks *hooks) {
  (void)workspace;
  (void)hooks;
  const float *X = (const float *)inputs[0];
  float *Y = (float *)outputs[0];
  int64_t *Argmax = (int64_t *)outputs[1];
  for (int Row = 0; Row < 2; ++Row) {
    int64_t Best = 0;
    for (int Col = 0; Col < 3; ++Col) {
      Y[Row * 3 + Col] = 2.0f * X[Row * 3 + Col] + 1.0f;
      if (X[Row * 3 + Col] > X[Row * 3 + Best])
        Best = Col;
    }
    Argmax[Row] = Best;
  }
  return 0;
}
