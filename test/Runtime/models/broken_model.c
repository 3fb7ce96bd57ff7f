/*===- broken_model.c - model.so files the runtime must reject ------------===//
 *
 * Compiled once per defect, selected by a macro:
 *   BAD_VERSION   dlc_abi_version() returns a future version
 *   BAD_DESC      an input has a negative (dynamic) dimension
 *   NO_RUN        dlc_abi_run is not exported
 *   FAILING_RUN   dlc_abi_run returns 42
 * Otherwise it is a valid model: x: f32[4] -> y: f32[4], y = x.
 *===----------------------------------------------------------------------===*/

#include "dlc/model_abi.h"

#include <string.h>

#ifdef BAD_DESC
static const int64_t Shape[] = {-1};
#else
static const int64_t Shape[] = {4};
#endif
static const dlc_tensor_desc Inputs[] = {{"x", DLC_DTYPE_F32, 1, Shape}};
static const dlc_tensor_desc Outputs[] = {{"y", DLC_DTYPE_F32, 1, Shape}};
static const dlc_model_desc Desc = {
    DLC_MODEL_ABI_VERSION,     1,     1,      0,       "broken",
    "hand-written test model", "any", Inputs, Outputs, 0,
};

uint32_t dlc_abi_version(void) {
#ifdef BAD_VERSION
  return DLC_MODEL_ABI_VERSION + 1;
#else
  return DLC_MODEL_ABI_VERSION;
#endif
}

const dlc_model_desc *dlc_abi_describe(void) { return &Desc; }

#ifndef NO_RUN
int32_t dlc_abi_run(const void *const *inputs, void *const *outputs,
                    void *workspace, const dlc_run_hooks *hooks) {
  (void)workspace;
  (void)hooks;
#ifdef FAILING_RUN
  (void)inputs;
  (void)outputs;
  return 42;
#else
  memcpy(outputs[0], inputs[0], 4 * sizeof(float));
  return 0;
#endif
}
#endif
