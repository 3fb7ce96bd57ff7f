//===- CApiTest.cpp - The C API of dlc/dlc.h ------------------------------===//

#include "TestModels.h"

#include "dlc/dlc.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <unistd.h>

using dlc::test::modelPath;
using testing::HasSubstr;

namespace {

/// Loads `path` expecting failure; returns the status, leaves the message in
/// dlc_last_error().
dlc_status loadFails(const std::string &path) {
  dlc_model *Model = reinterpret_cast<dlc_model *>(0x1);
  dlc_status Status = dlc_model_load(path.c_str(), &Model);
  EXPECT_EQ(Model, nullptr);
  return Status;
}

class AffineModel : public testing::Test {
protected:
  void SetUp() override {
    ASSERT_EQ(dlc_model_load(modelPath("affine").c_str(), &Model), DLC_OK)
        << dlc_last_error();
  }
  void TearDown() override { dlc_model_free(Model); }

  /// Runs with x, y and argmax as given by the fixture's buffers.
  dlc_status run() {
    dlc_tensor Inputs[] = {X};
    dlc_tensor Outputs[] = {Y, Argmax};
    return dlc_model_run(Model, Inputs, 1, Outputs, 2);
  }

  dlc_model *Model = nullptr;
  float XData[6] = {1, 5, 3, -1, -2, -3};
  float YData[6] = {};
  int64_t ArgmaxData[2] = {-7, -7};
  const int64_t Shape2x3[2] = {2, 3};
  const int64_t Shape2[1] = {2};
  dlc_tensor X = {XData, DLC_DTYPE_F32, 2, Shape2x3};
  dlc_tensor Y = {YData, DLC_DTYPE_F32, 2, Shape2x3};
  dlc_tensor Argmax = {ArgmaxData, DLC_DTYPE_I64, 1, Shape2};
};

TEST_F(AffineModel, DescribesInputsAndOutputs) {
  const dlc_model_desc *Desc = dlc_model_describe(Model);
  ASSERT_NE(Desc, nullptr);
  EXPECT_STREQ(Desc->model_name, "affine");
  EXPECT_EQ(Desc->workspace_size, 0u);
  ASSERT_EQ(dlc_model_num_inputs(Model), 1u);
  ASSERT_EQ(dlc_model_num_outputs(Model), 2u);

  const dlc_tensor_desc *In = dlc_model_input(Model, 0);
  ASSERT_NE(In, nullptr);
  EXPECT_STREQ(In->name, "x");
  EXPECT_EQ(In->dtype, DLC_DTYPE_F32);
  ASSERT_EQ(In->rank, 2);
  EXPECT_EQ(In->shape[0], 2);
  EXPECT_EQ(In->shape[1], 3);

  const dlc_tensor_desc *Out = dlc_model_output(Model, 1);
  ASSERT_NE(Out, nullptr);
  EXPECT_STREQ(Out->name, "argmax");
  EXPECT_EQ(Out->dtype, DLC_DTYPE_I64);
  EXPECT_EQ(Out->rank, 1);
}

TEST_F(AffineModel, IndexOutOfRangeGivesNullAndMessage) {
  EXPECT_EQ(dlc_model_input(Model, 1), nullptr);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("input index 1 is out of range (the model has 1 "
                        "input)"));
  EXPECT_EQ(dlc_model_output(Model, 2), nullptr);
  EXPECT_THAT(dlc_last_error(), HasSubstr("the model has 2 outputs"));
}

TEST_F(AffineModel, FindsTensorsByName) {
  size_t Index = 99;
  ASSERT_EQ(dlc_model_find_input(Model, "x", &Index), DLC_OK);
  EXPECT_EQ(Index, 0u);
  ASSERT_EQ(dlc_model_find_output(Model, "argmax", &Index), DLC_OK);
  EXPECT_EQ(Index, 1u);
}

TEST_F(AffineModel, UnknownNameListsTheKnownOnes) {
  size_t Index = 0;
  EXPECT_EQ(dlc_model_find_input(Model, "y", &Index),
            DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("affine.so: no input named 'y' (inputs: 'x')"));
  EXPECT_EQ(dlc_model_find_output(Model, "z", &Index),
            DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("no output named 'z' (outputs: 'y', 'argmax')"));
}

TEST_F(AffineModel, RunComputesBothOutputs) {
  ASSERT_EQ(run(), DLC_OK) << dlc_last_error();
  for (int I = 0; I < 6; ++I)
    EXPECT_FLOAT_EQ(YData[I], 2 * XData[I] + 1) << "at " << I;
  EXPECT_EQ(ArgmaxData[0], 1);
  EXPECT_EQ(ArgmaxData[1], 0);
}

TEST_F(AffineModel, WrongInputShapeIsRejectedBeforeRunning) {
  const int64_t Shape3x2[] = {3, 2};
  X.shape = Shape3x2;
  EXPECT_EQ(run(), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("affine.so: input 'x': expected shape 2x3, got 3x2"));
  EXPECT_EQ(YData[0], 0.0f) << "the model must not have run";
}

TEST_F(AffineModel, WrongInputRankIsRejected) {
  const int64_t Shape6[] = {6};
  X.rank = 1;
  X.shape = Shape6;
  EXPECT_EQ(run(), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("input 'x': expected shape 2x3, got 6"));

  X.rank = 0;
  X.shape = nullptr;
  EXPECT_EQ(run(), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("input 'x': expected shape 2x3, got [] (scalar)"));
}

TEST_F(AffineModel, RankWithoutShapeIsRejected) {
  X.shape = nullptr;
  EXPECT_EQ(run(), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("input 'x': rank 2 but shape is NULL"));
}

TEST_F(AffineModel, WrongDTypeIsRejected) {
  X.dtype = DLC_DTYPE_I32;
  EXPECT_EQ(run(), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("input 'x': expected dtype f32, got i32"));

  X.dtype = 99;
  EXPECT_EQ(run(), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("expected dtype f32, got invalid dtype 99"));
}

TEST_F(AffineModel, WrongOutputIsRejected) {
  Argmax.dtype = DLC_DTYPE_I32;
  EXPECT_EQ(run(), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("output 'argmax': expected dtype i64, got i32"));
}

TEST_F(AffineModel, NullDataIsRejected) {
  Argmax.data = nullptr;
  EXPECT_EQ(run(), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(), HasSubstr("output 'argmax': data is NULL"));
}

TEST_F(AffineModel, WrongCountsAreRejected) {
  dlc_tensor Inputs[] = {X, X};
  dlc_tensor Outputs[] = {Y, Argmax};
  EXPECT_EQ(dlc_model_run(Model, Inputs, 2, Outputs, 2),
            DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("affine.so: expected 1 input ('x'), got 2"));
  EXPECT_EQ(dlc_model_run(Model, Inputs, 1, Outputs, 1),
            DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("expected 2 outputs ('y', 'argmax'), got 1"));
  EXPECT_EQ(dlc_model_run(Model, nullptr, 1, Outputs, 2),
            DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(), HasSubstr("input tensor array is NULL"));
}

TEST_F(AffineModel, ThreadCountCanBeSetAndReset) {
  EXPECT_EQ(dlc_model_set_num_threads(Model, 3), DLC_OK);
  EXPECT_EQ(dlc_model_num_threads(Model), 3);
  EXPECT_EQ(dlc_model_set_num_threads(Model, -1), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(), HasSubstr("thread count -1 is out of range"));
  EXPECT_EQ(dlc_model_num_threads(Model), 3);
  EXPECT_EQ(dlc_model_set_num_threads(Model, 0), DLC_OK);
  EXPECT_GE(dlc_model_num_threads(Model), 1);
  EXPECT_EQ(run(), DLC_OK) << dlc_last_error();
}

TEST(CApiLoad, MissingFileIsAnIOError) {
  EXPECT_EQ(loadFails("no-such-dir/model.so"), DLC_ERROR_IO);
  EXPECT_STREQ(dlc_last_error(),
               "no-such-dir/model.so: cannot open: No such file or directory");
}

TEST(CApiLoad, FileThatIsNoLibraryIsAnIOError) {
  std::string Path = testing::TempDir() + "dlc-runtime-garbage.so";
  FILE *F = std::fopen(Path.c_str(), "w");
  ASSERT_NE(F, nullptr);
  std::fputs("not an ELF file\n", F);
  std::fclose(F);
  EXPECT_EQ(loadFails(Path), DLC_ERROR_IO);
  EXPECT_THAT(dlc_last_error(), HasSubstr(Path + ": cannot load: "));
  std::remove(Path.c_str());
}

TEST(CApiLoad, LibraryWithoutDlcSymbolsIsRejected) {
  std::string Path = modelPath("not_a_model");
  EXPECT_EQ(loadFails(Path), DLC_ERROR_ABI);
  EXPECT_EQ(dlc_last_error(),
            Path + ": not a dlc model (missing symbol dlc_abi_version)");
}

TEST(CApiLoad, MissingRunSymbolIsRejected) {
  EXPECT_EQ(loadFails(modelPath("no_run")), DLC_ERROR_ABI);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("no_run.so: not a dlc model (missing symbol "
                        "dlc_abi_run)"));
}

TEST(CApiLoad, OtherAbiVersionIsRejected) {
  EXPECT_EQ(loadFails(modelPath("bad_version")), DLC_ERROR_ABI);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("bad_version.so: model ABI version 2 is not "
                        "supported (this runtime supports version 1)"));
}

TEST(CApiLoad, DynamicDimensionIsRejected) {
  EXPECT_EQ(loadFails(modelPath("bad_desc")), DLC_ERROR_ABI);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("bad_desc.so: input 'x' has dimension -1 at axis 0"));
}

TEST(CApiLoad, NullArgumentsAreErrors) {
  dlc_model *Model = nullptr;
  EXPECT_EQ(dlc_model_load(nullptr, &Model), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(dlc_model_load(modelPath("affine").c_str(), nullptr),
            DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_EQ(dlc_model_run(nullptr, nullptr, 0, nullptr, 0),
            DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_STREQ(dlc_last_error(), "dlc_model_run: model is NULL");
  EXPECT_EQ(dlc_model_num_inputs(nullptr), 0u);
  EXPECT_EQ(dlc_model_describe(nullptr), nullptr);
  dlc_model_free(nullptr);
}

TEST(CApiLoad, PathWithoutSlashIsAFileInTheWorkingDirectory) {
  char Saved[4096];
  ASSERT_NE(getcwd(Saved, sizeof(Saved)), nullptr);
  ASSERT_EQ(chdir(DLC_TEST_MODEL_DIR), 0);
  dlc_model *Model = nullptr;
  dlc_status Status = dlc_model_load("affine.so", &Model);
  ASSERT_EQ(chdir(Saved), 0);
  ASSERT_EQ(Status, DLC_OK) << dlc_last_error();
  EXPECT_EQ(dlc_model_num_outputs(Model), 2u);
  dlc_model_free(Model);
}

TEST(CApiLoad, ThreadCountComesFromTheEnvironment) {
  ASSERT_EQ(setenv("DLC_NUM_THREADS", "3", 1), 0);
  dlc_model *Model = nullptr;
  EXPECT_EQ(dlc_model_load(modelPath("affine").c_str(), &Model), DLC_OK);
  EXPECT_EQ(dlc_model_num_threads(Model), 3);
  dlc_model_free(Model);

  ASSERT_EQ(setenv("DLC_NUM_THREADS", "many", 1), 0);
  EXPECT_EQ(loadFails(modelPath("affine")), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("DLC_NUM_THREADS='many': expected a thread count"));
  unsetenv("DLC_NUM_THREADS");
}

TEST(CApiRun, ModelFailureIsARuntimeError) {
  dlc_model *Model = nullptr;
  ASSERT_EQ(dlc_model_load(modelPath("failing_run").c_str(), &Model), DLC_OK)
      << dlc_last_error();
  float In[4] = {}, Out[4] = {};
  const int64_t Shape[] = {4};
  dlc_tensor X = {In, DLC_DTYPE_F32, 1, Shape};
  dlc_tensor Y = {Out, DLC_DTYPE_F32, 1, Shape};
  EXPECT_EQ(dlc_model_run(Model, &X, 1, &Y, 1), DLC_ERROR_RUNTIME);
  EXPECT_THAT(dlc_last_error(),
              HasSubstr("failing_run.so: model run failed (dlc_abi_run "
                        "returned 42)"));
  dlc_model_free(Model);
}

TEST(CApiErrors, LastErrorIsPerThread) {
  loadFails("here.so");
  std::thread([] { loadFails("there.so"); }).join();
  EXPECT_THAT(dlc_last_error(), HasSubstr("here.so"));
}

TEST(CApiErrors, NamesOfStatusesAndDTypes) {
  EXPECT_STREQ(dlc_status_name(DLC_OK), "ok");
  EXPECT_STREQ(dlc_status_name(DLC_ERROR_ABI), "ABI error");
  EXPECT_STREQ(dlc_dtype_name(DLC_DTYPE_BOOL), "bool");
  EXPECT_STREQ(dlc_dtype_name(1234), "invalid");
  EXPECT_EQ(dlc_dtype_size(DLC_DTYPE_F16), 2u);
  EXPECT_EQ(dlc_dtype_size(DLC_DTYPE_I64), 8u);
  EXPECT_EQ(dlc_dtype_size(DLC_DTYPE_INVALID), 0u);
}

} // namespace
