/*===- FakeModel.c - A hand-written model.so for testing the tools --------===//
 *
 * Implements the model.so ABI of dlc/model_abi.h without the compiler, so the
 * tools that load models (`dlc run`, the node-test runner) can be tested on
 * their own. It computes
 *   y:0   (f32 [2, 3]) = 2 * x + 1
 *   k/sum (i64 [])     = sum(k)
 * from x (f32 [2, 3]) and k (i64 [3]). With FAKE_MODEL_WRONG defined, y:0 is
 * 2 * x + 1.5 instead: a model that compiles but computes the wrong values;
 * with FAKE_MODEL_CRASH defined, run() dies on a trap instruction (SIGILL).
 *===----------------------------------------------------------------------===*/
#include "dlc/model_abi.h"

#include <stddef.h>

static const int64_t kXShape[] = {2, 3};
static const int64_t kKShape[] = {3};

static const dlc_tensor_desc kInputs[] = {
    {"x", DLC_DTYPE_F32, 2, kXShape},
    {"k", DLC_DTYPE_I64, 1, kKShape},
};
static const dlc_tensor_desc kOutputs[] = {
    {"y:0", DLC_DTYPE_F32, 2, kXShape},
    {"k/sum", DLC_DTYPE_I64, 0, NULL},
};
static const dlc_model_desc kDesc = {
    DLC_MODEL_ABI_VERSION,     2,     2,       0,        "fake",
    "hand-written test model", "any", kInputs, kOutputs, 0};

__attribute__((visibility("default"))) uint32_t dlc_abi_version(void) {
  return DLC_MODEL_ABI_VERSION;
}

__attribute__((visibility("default"))) const dlc_model_desc *
dlc_abi_describe(void) {
  return &kDesc;
}

__attribute__((visibility("default"))) int32_t
dlc_abi_run(const void *const *inputs, void *const *outputs, void *workspace,
            const dlc_run_hooks *hooks) {
  (void)workspace;
  (void)hooks;
#ifdef FAKE_MODEL_CRASH
  __builtin_trap();
#endif
  const float *x = (const float *)inputs[0];
  const int64_t *k = (const int64_t *)inputs[1];
  float *y = (float *)outputs[0];
  int64_t *sum = (int64_t *)outputs[1];
#ifdef FAKE_MODEL_WRONG
  const float offset = 1.5f;
#else
  const float offset = 1.0f;
#endif
  for (int i = 0; i < 6; ++i)
    y[i] = 2.0f * x[i] + offset;
  *sum = k[0] + k[1] + k[2];
  return 0;
}
