//===- CppApiTest.cpp - The C++ API of dlc/runtime.hpp --------------------===//

#include "TestModels.h"

#include "dlc/runtime.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <type_traits>

using dlc::test::modelPath;
using testing::ElementsAre;
using testing::HasSubstr;

namespace {

/// Calls `fn`, expecting a dlc::Error; returns it.
template <typename Fn> dlc::Error catchError(Fn &&fn) {
  try {
    fn();
  } catch (const dlc::Error &E) {
    return E;
  }
  ADD_FAILURE() << "no dlc::Error thrown";
  return dlc::Error(DLC_OK, "");
}

static_assert(!std::is_copy_constructible_v<dlc::Model>);
static_assert(std::is_nothrow_move_constructible_v<dlc::Model>);
static_assert(std::is_nothrow_move_assignable_v<dlc::Model>);
static_assert(dlc::dtypeOf<float>() == dlc::DType::F32);
static_assert(dlc::dtypeOf<const int64_t>() == dlc::DType::I64);
static_assert(static_cast<int32_t>(dlc::DType::Bool) == DLC_DTYPE_BOOL);

TEST(CppModel, LoadDescribesTheModel) {
  dlc::Model Model = dlc::Model::load(modelPath("affine"));
  EXPECT_EQ(Model.name(), "affine");
  EXPECT_EQ(Model.producer(), "hand-written test model");
  EXPECT_EQ(Model.target(), "any");

  ASSERT_EQ(Model.inputs().size(), 1u);
  const dlc::TensorInfo &X = Model.inputs()[0];
  EXPECT_EQ(X.name, "x");
  EXPECT_EQ(X.dtype, dlc::DType::F32);
  EXPECT_THAT(X.shape, ElementsAre(2, 3));
  EXPECT_EQ(X.numElements(), 6u);
  EXPECT_EQ(X.byteSize(), 24u);

  ASSERT_EQ(Model.outputs().size(), 2u);
  EXPECT_EQ(Model.outputs()[1].name, "argmax");
  EXPECT_EQ(Model.outputs()[1].dtype, dlc::DType::I64);
  EXPECT_EQ(Model.outputs()[1].byteSize(), 16u);

  EXPECT_EQ(Model.inputIndex("x"), 0u);
  EXPECT_EQ(Model.outputIndex("argmax"), 1u);
}

TEST(CppModel, RunReturnsNewOutputs) {
  dlc::Model Model = dlc::Model::load(modelPath("affine"));
  dlc::Tensor X = dlc::Tensor::fromData<float>({2, 3}, {1, 5, 3, -1, -2, -3});
  std::vector<dlc::Tensor> Outputs = Model.run({X});
  ASSERT_EQ(Outputs.size(), 2u);
  EXPECT_THAT(Outputs[0].shape(), ElementsAre(2, 3));
  const float *Y = Outputs[0].data<float>();
  EXPECT_THAT(std::vector<float>(Y, Y + 6), ElementsAre(3, 11, 7, -1, -3, -5));
  const int64_t *Argmax = Outputs[1].data<int64_t>();
  EXPECT_THAT(std::vector<int64_t>(Argmax, Argmax + 2), ElementsAre(1, 0));
}

TEST(CppModel, RunOverViewsWritesTheCallersBuffers) {
  dlc::Model Model = dlc::Model::load(modelPath("affine"));
  float X[6] = {0, 1, 2, 3, 4, 5};
  float Y[6] = {};
  int64_t Argmax[2] = {};
  Model.run({dlc::TensorView(X, Model.inputs()[0])},
            {dlc::TensorView(Y, Model.outputs()[0]),
             dlc::TensorView(Argmax, Model.outputs()[1])});
  EXPECT_THAT(Y, ElementsAre(1, 3, 5, 7, 9, 11));
  EXPECT_THAT(Argmax, ElementsAre(2, 2));
}

TEST(CppModel, ViewsCanComeFromAVector) {
  dlc::Model Model = dlc::Model::load(modelPath("affine"));
  dlc::Tensor X(Model.inputs()[0]), Y(Model.outputs()[0]),
      Argmax(Model.outputs()[1]);
  X.data<float>()[4] = 10;
  std::vector<dlc::TensorView> In = {X}, Out = {Y, Argmax};
  Model.run(In, Out);
  EXPECT_FLOAT_EQ(Y.data<float>()[4], 21);
  EXPECT_EQ(Argmax.data<int64_t>()[1], 1);
}

TEST(CppModel, WrongShapeThrowsWithTheMessage) {
  dlc::Model Model = dlc::Model::load(modelPath("affine"));
  dlc::Tensor X(dlc::DType::F32, {3, 2});
  dlc::Error E = catchError([&] { Model.run({X}); });
  EXPECT_EQ(E.status(), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(E.what(), HasSubstr("input 'x': expected shape 2x3, got 3x2"));
}

TEST(CppModel, WrongDTypeAndCountThrow) {
  dlc::Model Model = dlc::Model::load(modelPath("affine"));
  dlc::Tensor X(dlc::DType::F64, {2, 3});
  EXPECT_THAT(catchError([&] { Model.run({X}); }).what(),
              HasSubstr("input 'x': expected dtype f32, got f64"));
  EXPECT_THAT(catchError([&] { Model.run({}); }).what(),
              HasSubstr("expected 1 input ('x'), got 0"));
}

TEST(CppModel, UnknownNameThrows) {
  dlc::Model Model = dlc::Model::load(modelPath("affine"));
  dlc::Error E = catchError([&] { Model.inputIndex("nope"); });
  EXPECT_EQ(E.status(), DLC_ERROR_INVALID_ARGUMENT);
  EXPECT_THAT(E.what(), HasSubstr("no input named 'nope'"));
}

TEST(CppModel, LoadFailuresThrow) {
  dlc::Error Missing = catchError([] { dlc::Model::load("missing.so"); });
  EXPECT_EQ(Missing.status(), DLC_ERROR_IO);
  EXPECT_THAT(Missing.what(), HasSubstr("missing.so: cannot open"));

  dlc::Error NotAModel =
      catchError([] { dlc::Model::load(modelPath("not_a_model")); });
  EXPECT_EQ(NotAModel.status(), DLC_ERROR_ABI);
  EXPECT_THAT(NotAModel.what(), HasSubstr("not a dlc model"));
}

TEST(CppModel, MovesTransferTheModel) {
  dlc::Model A = dlc::Model::load(modelPath("affine"));
  dlc::Model B = std::move(A);
  EXPECT_EQ(B.outputs().size(), 2u);
  EXPECT_EQ(B.run({dlc::Tensor(B.inputs()[0])}).size(), 2u);

  A = dlc::Model::load(modelPath("square"));
  A = std::move(B);
  EXPECT_EQ(A.name(), "affine");
  // A moved-from model has no handle: using it is an error, not a crash.
  EXPECT_THAT(catchError([&] { B.run({}); }).what(),
              HasSubstr("model is NULL"));
}

TEST(CppModel, ThreadCountIsAdjustable) {
  dlc::Model Model = dlc::Model::load(modelPath("square"));
  Model.setNumThreads(2);
  EXPECT_EQ(Model.numThreads(), 2);
  EXPECT_THROW(Model.setNumThreads(-4), dlc::Error);
}

TEST(CppTensor, IsZeroFilledAndAligned) {
  dlc::Tensor T(dlc::DType::I32, {3, 5, 7});
  EXPECT_EQ(T.rank(), 3u);
  EXPECT_EQ(T.numElements(), 105u);
  EXPECT_EQ(T.byteSize(), 420u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(T.data()) % 64, 0u);
  for (size_t I = 0; I < T.numElements(); ++I)
    ASSERT_EQ(T.data<int32_t>()[I], 0);
}

TEST(CppTensor, ScalarHasOneElement) {
  dlc::Tensor T(dlc::DType::F64, {});
  EXPECT_EQ(T.numElements(), 1u);
  EXPECT_EQ(T.byteSize(), 8u);
}

TEST(CppTensor, CopiesAreDeepAndMovesSteal) {
  dlc::Tensor A = dlc::Tensor::fromData<int64_t>({2}, {4, 5});
  dlc::Tensor B = A;
  B.data<int64_t>()[0] = 9;
  EXPECT_EQ(A.data<int64_t>()[0], 4);
  dlc::Tensor C = std::move(A);
  EXPECT_EQ(C.data<int64_t>()[1], 5);
  EXPECT_EQ(A.data(), nullptr);
}

TEST(CppTensor, MisuseThrows) {
  EXPECT_THAT(catchError([] {
                dlc::Tensor::fromData<float>({2, 2}, {1, 2, 3});
              }).what(),
              HasSubstr("3 values for a shape of 4 elements"));
  dlc::Tensor T(dlc::DType::F32, {2});
  EXPECT_THAT(catchError([&] { T.data<int32_t>(); }).what(),
              HasSubstr("data of dtype f32 accessed as i32"));
  EXPECT_THROW(dlc::Tensor(dlc::DType::F32, {2, -1}), dlc::Error);
  EXPECT_THROW(dlc::Tensor(dlc::DType::Invalid, {2}), dlc::Error);
}

TEST(CppDType, NamesAndSizes) {
  EXPECT_STREQ(dlc::dtypeName(dlc::DType::F16), "f16");
  EXPECT_STREQ(dlc::dtypeName(dlc::DType::U8), "u8");
  EXPECT_EQ(dlc::dtypeSize(dlc::DType::F64), 8u);
  EXPECT_EQ(dlc::dtypeSize(dlc::DType::Bool), 1u);
}

} // namespace
