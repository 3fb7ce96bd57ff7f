//===- ConcurrencyTest.cpp - Concurrent runs, workspaces, allocations -----===//
//
// The square model (see models/square_model.c) computes through
// hooks->parallel_for into its workspace and fails unless it gets hooks, a
// 64-byte aligned workspace of its own and a parallel_for that covers every
// row exactly once; so a correct result checks all three.
//
//===----------------------------------------------------------------------===//

#include "TestModels.h"

#include "dlc/runtime.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <thread>
#include <vector>

using dlc::test::modelPath;

//===----------------------------------------------------------------------===//
// Counting every operator new of the process, dlcrt's included (the
// executable's replacement is the one the shared library binds to).
//===----------------------------------------------------------------------===//

static std::atomic<long> Allocations{0};

static void *countedAlloc(size_t size, size_t align) {
  Allocations.fetch_add(1, std::memory_order_relaxed);
  size = size ? size : 1;
  if (align <= alignof(std::max_align_t))
    return std::malloc(size);
  return std::aligned_alloc(align, (size + align - 1) / align * align);
}

void *operator new(size_t size) {
  if (void *P = countedAlloc(size, 0))
    return P;
  throw std::bad_alloc();
}
void *operator new(size_t size, const std::nothrow_t &) noexcept {
  return countedAlloc(size, 0);
}
void *operator new(size_t size, std::align_val_t align) {
  if (void *P = countedAlloc(size, static_cast<size_t>(align)))
    return P;
  throw std::bad_alloc();
}
void *operator new(size_t size, std::align_val_t align,
                   const std::nothrow_t &) noexcept {
  return countedAlloc(size, static_cast<size_t>(align));
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, size_t) noexcept { std::free(p); }
void operator delete(void *p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void *p, size_t, std::align_val_t) noexcept {
  std::free(p);
}

namespace {

constexpr int Rows = 64, Cols = 16;

/// Fills x with values depending on `seed` and checks y = x * x.
struct SquareBuffers {
  explicit SquareBuffers(const dlc::Model &model)
      : X(model.inputs()[0]), Y(model.outputs()[0]) {}

  void fill(int seed) {
    float *In = X.data<float>();
    for (int I = 0; I < Rows * Cols; ++I)
      In[I] = static_cast<float>((I * 7 + seed) % 101) - 50.0f;
  }

  bool correct() const {
    const float *In = X.data<float>(), *Out = Y.data<float>();
    for (int I = 0; I < Rows * Cols; ++I)
      if (Out[I] != In[I] * In[I])
        return false;
    return true;
  }

  dlc::Tensor X, Y;
};

TEST(Concurrency, SquareModelGetsHooksAndAlignedWorkspace) {
  dlc::Model Model = dlc::Model::load(modelPath("square"));
  EXPECT_GT(dlc_model_describe(Model.handle())->workspace_size, 0u);
  for (int Threads : {1, 2, 4}) {
    Model.setNumThreads(Threads);
    SquareBuffers B(Model);
    B.fill(Threads);
    Model.run({B.X}, {B.Y});
    EXPECT_TRUE(B.correct()) << Threads << " threads";
  }
}

TEST(Concurrency, EightThreadsRunOneModel) {
  dlc::Model Affine = dlc::Model::load(modelPath("affine"));
  dlc::Model Square = dlc::Model::load(modelPath("square"));
  Square.setNumThreads(4);

  std::atomic<int> Wrong{0};
  std::vector<std::thread> Threads;
  for (int T = 0; T < 8; ++T) {
    Threads.emplace_back([&, T] {
      float X[6], Y[6];
      int64_t Argmax[2];
      SquareBuffers B(Square);
      for (int Round = 0; Round < 300; ++Round) {
        // Increasing values with a peak at Peak: each row's argmax is the
        // peak if the row holds it, else its last column.
        int Seed = T * 1000 + Round, Peak = Seed % 6;
        for (int I = 0; I < 6; ++I)
          X[I] = static_cast<float>(Seed + (I == Peak ? 100 : I));
        Affine.run({dlc::TensorView(X, Affine.inputs()[0])},
                   {dlc::TensorView(Y, Affine.outputs()[0]),
                    dlc::TensorView(Argmax, Affine.outputs()[1])});
        bool Ok = Argmax[0] == (Peak < 3 ? Peak : 2) &&
                  Argmax[1] == (Peak >= 3 ? Peak - 3 : 2);
        for (int I = 0; I < 6; ++I)
          Ok = Ok && Y[I] == 2 * X[I] + 1;

        B.fill(Seed);
        Square.run({B.X}, {B.Y});
        if (!Ok || !B.correct())
          ++Wrong;
      }
    });
  }
  for (std::thread &T : Threads)
    T.join();
  EXPECT_EQ(Wrong, 0);
}

TEST(Concurrency, WarmRunsDoNotAllocate) {
  dlc::Model Square = dlc::Model::load(modelPath("square"));
  Square.setNumThreads(3);
  SquareBuffers B(Square);
  B.fill(1);
  const dlc_tensor In = dlc::TensorView(B.X).toC();
  const dlc_tensor Out = dlc::TensorView(B.Y).toC();

  // Warm up: starts the pool's workers.
  ASSERT_EQ(dlc_model_run(Square.handle(), &In, 1, &Out, 1), DLC_OK)
      << dlc_last_error();
  long Before = Allocations.load();
  int Failures = 0;
  for (int Round = 0; Round < 100; ++Round) {
    Failures += dlc_model_run(Square.handle(), &In, 1, &Out, 1) != DLC_OK;
    Square.run({B.X}, {B.Y});
  }
  long After = Allocations.load();
  EXPECT_EQ(Failures, 0);
  EXPECT_EQ(After - Before, 0) << "allocations in 200 warm runs";
  EXPECT_TRUE(B.correct());
}

} // namespace
