/*===- profiled_model.c - A model.so built as with `dlc --profile` --------===//
 *
 * x: f32[4] -> y = 2 * x + 1: f32[4], in two "layers" ("scale" then
 * "shift") that count themselves in the dlc_abi_profile() table the way the
 * compiler's profile hooks do: each run adds 1 to every layer's calls, 30 ns
 * to "scale", 10 ns to "shift", and 50 ns and 1 run to the totals (fixed
 * numbers, so tests can check sums exactly). Variants:
 *   BAD_PROFILE_VERSION  the table has a future version
 *   NULL_PROFILE         dlc_abi_profile() returns NULL
 *===----------------------------------------------------------------------===*/

#include "dlc/model_abi.h"

#include <stddef.h>

static const int64_t Shape[] = {4};
static const dlc_tensor_desc Inputs[] = {{"x", DLC_DTYPE_F32, 1, Shape}};
static const dlc_tensor_desc Outputs[] = {{"y", DLC_DTYPE_F32, 1, Shape}};
static const dlc_model_desc Desc = {
    DLC_MODEL_ABI_VERSION,     1,     1,      0,       "profiled",
    "hand-written test model", "any", Inputs, Outputs, 0,
};

static const dlc_profile_layer Layers[] = {
    {"scale", "dlc.mul", "4", "", 4},
    {"shift", "dlc.add", "4", "vector", -1},
};
static uint64_t LayerNs[2], LayerCalls[2], RunNs, Runs;

static const dlc_profile_desc Profile = {
#ifdef BAD_PROFILE_VERSION
    DLC_PROFILE_VERSION + 1,
#else
    DLC_PROFILE_VERSION,
#endif
    2, Layers, LayerNs, LayerCalls, &RunNs, &Runs,
};

uint32_t dlc_abi_version(void) { return DLC_MODEL_ABI_VERSION; }

const dlc_model_desc *dlc_abi_describe(void) { return &Desc; }

const dlc_profile_desc *dlc_abi_profile(void) {
#ifdef NULL_PROFILE
  (void)Profile;
  return NULL;
#else
  return &Profile;
#endif
}

static void count(uint64_t *counter, uint64_t value) {
  __atomic_fetch_add(counter, value, __ATOMIC_RELAXED);
}

int32_t dlc_abi_run(const void *const *inputs, void *const *outputs,
                    void *workspace, const dlc_run_hooks *hooks) {
  (void)workspace;
  (void)hooks;
  const float *X = (const float *)inputs[0];
  float *Y = (float *)outputs[0];
  for (int I = 0; I < 4; ++I)
    Y[I] = 2.0f * X[I];
  count(&LayerNs[0], 30);
  count(&LayerCalls[0], 1);
  for (int I = 0; I < 4; ++I)
    Y[I] += 1.0f;
  count(&LayerNs[1], 10);
  count(&LayerCalls[1], 1);
  count(&RunNs, 50);
  count(&Runs, 1);
  return 0;
}
