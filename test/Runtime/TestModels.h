//===- TestModels.h - Paths of the hand-written test model.so files -------===//

#ifndef DLC_TEST_RUNTIME_TESTMODELS_H
#define DLC_TEST_RUNTIME_TESTMODELS_H

#include <string>

namespace dlc::test {

/// The path of models/<name>.so, built from test/Runtime/models/*.c:
///   affine       x: f32[2x3] -> y = 2x+1: f32[2x3], argmax: i64[2]
///   square       x: f32[64x16] -> y = x*x, through parallel_for + workspace
///   profiled     x: f32[4] -> y = 2x+1 in two layers, with dlc_abi_profile
///   bad_version, bad_desc, no_run, failing_run, not_a_model: broken ones;
///   profiled_bad_version, profiled_null: unusable profile tables.
inline std::string modelPath(const std::string &name) {
  return std::string(DLC_TEST_MODEL_DIR) + "/" + name + ".so";
}

} // namespace dlc::test

#endif // DLC_TEST_RUNTIME_TESTMODELS_H
