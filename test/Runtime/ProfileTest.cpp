//===- ProfileTest.cpp - Per-layer profiles through the C and C++ APIs ----===//
//
// Against models/profiled.so, a hand-written model whose layers count fixed
// nanoseconds per run (30 and 10 in layers, 50 in all), so sums are exact.
//
//===----------------------------------------------------------------------===//

#include "TestModels.h"

#include "dlc/runtime.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

using dlc::test::modelPath;
using testing::HasSubstr;

namespace {

void runOnce(const dlc::Model &model) {
  dlc::Tensor X(model.inputs()[0]);
  std::vector<dlc::Tensor> Y = model.run({X});
  ASSERT_EQ(Y.size(), 1u);
  EXPECT_EQ(Y[0].data<float>()[0], 1.0f);
}

TEST(ProfileCApi, DescribesTheLayersOfAProfiledModel) {
  dlc_model *Model = nullptr;
  ASSERT_EQ(dlc_model_load(modelPath("profiled").c_str(), &Model), DLC_OK);
  const dlc_profile_desc *Profile = nullptr;
  ASSERT_EQ(dlc_model_profile(Model, &Profile), DLC_OK);
  ASSERT_NE(Profile, nullptr);
  EXPECT_EQ(Profile->version, DLC_PROFILE_VERSION);
  ASSERT_EQ(Profile->num_layers, 2u);
  EXPECT_STREQ(Profile->layers[0].name, "scale");
  EXPECT_STREQ(Profile->layers[0].op, "dlc.mul");
  EXPECT_EQ(Profile->layers[0].flops, 4);
  EXPECT_STREQ(Profile->layers[1].algo, "vector");
  EXPECT_EQ(Profile->layers[1].flops, -1);
  dlc_model_free(Model);
}

TEST(ProfileCApi, ModelWithoutProfileSaysHowToGetOne) {
  dlc_model *Model = nullptr;
  ASSERT_EQ(dlc_model_load(modelPath("affine").c_str(), &Model), DLC_OK);
  const dlc_profile_desc *Profile = nullptr;
  EXPECT_EQ(dlc_model_profile(Model, &Profile), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(Profile, nullptr);
  EXPECT_THAT(dlc_last_error(), HasSubstr("affine.so"));
  EXPECT_THAT(dlc_last_error(), HasSubstr("dlc --profile"));
  EXPECT_EQ(dlc_model_reset_profile(Model), DLC_ERROR_INVALID_ARGUMENT);
  dlc_model_free(Model);
}

TEST(ProfileCApi, NullArgumentsAreErrors) {
  const dlc_profile_desc *Profile = nullptr;
  EXPECT_EQ(dlc_model_profile(nullptr, &Profile), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(), HasSubstr("model is NULL"));
  EXPECT_EQ(dlc_model_reset_profile(nullptr), DLC_ERROR_INVALID_ARGUMENT);
}

TEST(ProfileCApi, UnusableTablesLoadTheModelButNotTheProfile) {
  struct Case {
    const char *Model;
    const char *Message;
  } Cases[] = {{"profiled_bad_version", "profile version 2 is not supported"},
               {"profiled_null", "dlc_abi_profile() returned NULL"}};
  for (const Case &C : Cases) {
    SCOPED_TRACE(C.Model);
    dlc_model *Model = nullptr;
    ASSERT_EQ(dlc_model_load(modelPath(C.Model).c_str(), &Model), DLC_OK);
    const dlc_profile_desc *Profile = nullptr;
    EXPECT_EQ(dlc_model_profile(Model, &Profile), DLC_ERROR_ABI);
    EXPECT_THAT(dlc_last_error(), HasSubstr(C.Message));
    dlc_model_free(Model);
  }
}

TEST(ProfileCppApi, CountsRunsAndLayers) {
  dlc::Model Model = dlc::Model::load(modelPath("profiled"));
  ASSERT_TRUE(Model.hasProfile());
  Model.resetProfile(); // Other tests in this process may have run it.
  dlc::Profile Before = Model.profile();
  EXPECT_EQ(Before.runs, 0u);
  ASSERT_EQ(Before.layers.size(), 2u);
  EXPECT_EQ(Before.layers[0].calls, 0u);

  runOnce(Model);
  runOnce(Model);
  dlc::Profile After = Model.profile();
  EXPECT_EQ(After.runs, 2u);
  EXPECT_EQ(After.runNs, 100u);
  ASSERT_EQ(After.layers.size(), 2u);
  EXPECT_EQ(After.layers[0].name, "scale");
  EXPECT_EQ(After.layers[0].op, "dlc.mul");
  EXPECT_EQ(After.layers[0].shape, "4");
  EXPECT_EQ(After.layers[0].algo, "");
  EXPECT_EQ(After.layers[0].flops, 4);
  EXPECT_EQ(After.layers[0].calls, 2u);
  EXPECT_EQ(After.layers[0].ns, 60u);
  EXPECT_EQ(After.layers[1].algo, "vector");
  EXPECT_EQ(After.layers[1].ns, 20u);
  EXPECT_LE(After.layers[0].ns + After.layers[1].ns, After.runNs);
}

TEST(ProfileCppApi, ResetZeroesTheCounters) {
  dlc::Model Model = dlc::Model::load(modelPath("profiled"));
  runOnce(Model);
  Model.resetProfile();
  dlc::Profile Profile = Model.profile();
  EXPECT_EQ(Profile.runs, 0u);
  EXPECT_EQ(Profile.runNs, 0u);
  for (const dlc::LayerProfile &Layer : Profile.layers) {
    EXPECT_EQ(Layer.calls, 0u);
    EXPECT_EQ(Layer.ns, 0u);
  }
  runOnce(Model);
  EXPECT_EQ(Model.profile().runs, 1u);
}

TEST(ProfileCppApi, ModelWithoutProfileThrows) {
  dlc::Model Model = dlc::Model::load(modelPath("affine"));
  EXPECT_FALSE(Model.hasProfile());
  try {
    Model.profile();
    ADD_FAILURE() << "no dlc::Error thrown";
  } catch (const dlc::Error &E) {
    EXPECT_EQ(E.status(), DLC_ERROR_INVALID_ARGUMENT);
    EXPECT_THAT(E.what(), HasSubstr("compile it with `dlc --profile`"));
  }
  EXPECT_THROW(Model.resetProfile(), dlc::Error);
}

} // namespace
