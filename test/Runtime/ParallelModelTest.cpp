//===- ParallelModelTest.cpp - A dlc-compiled model on several threads ----===//
//
// models/parallel_net.txt compiled by dlc (-O2): its parallel loops run
// through dlc_run_hooks::parallel_for. Checked here: the outputs do not
// depend on the thread count, on how parallel_for splits the range or on the
// hooks being there at all; the model really calls parallel_for, only when
// the hooks allow it (struct_size, num_threads, parallel_for), and the hooks
// of concurrent runs on different threads stay apart.
//
//===----------------------------------------------------------------------===//

#include "dlc/dlc.h"

#include <gtest/gtest.h>

#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace {

using RunFn = int32_t (*)(const void *const *, void *const *, void *,
                          const dlc_run_hooks *);
using DescribeFn = const dlc_model_desc *(*)();

size_t elementCount(const dlc_tensor_desc &desc) {
  size_t count = 1;
  for (int32_t i = 0; i < desc.rank; ++i)
    count *= static_cast<size_t>(desc.shape[i]);
  return count;
}

/// The model.so opened directly, to call dlc_abi_run with our own hooks.
class DirectModel {
public:
  DirectModel() {
    Handle = dlopen(DLC_PARALLEL_TEST_MODEL, RTLD_NOW | RTLD_LOCAL);
    if (!Handle)
      return;
    Run = reinterpret_cast<RunFn>(dlsym(Handle, "dlc_abi_run"));
    auto Describe =
        reinterpret_cast<DescribeFn>(dlsym(Handle, "dlc_abi_describe"));
    Desc = Describe ? Describe() : nullptr;
  }
  ~DirectModel() {
    if (Handle)
      dlclose(Handle);
  }
  bool ok() const { return Handle && Run && Desc; }

  /// Seeded input values.
  std::vector<float> input() const {
    std::vector<float> X(elementCount(Desc->inputs[0]));
    std::mt19937 Rng(7);
    std::uniform_real_distribution<float> Dist(-1.f, 1.f);
    for (float &V : X)
      V = Dist(Rng);
    return X;
  }

  /// Runs the model on `x`; the outputs, concatenated.
  std::vector<float> run(const std::vector<float> &X,
                         const dlc_run_hooks *Hooks) const {
    std::vector<std::vector<float>> Outputs;
    std::vector<void *> OutputPtrs;
    for (uint32_t I = 0; I < Desc->num_outputs; ++I) {
      // Not zero: every element must be written by the model.
      Outputs.emplace_back(elementCount(Desc->outputs[I]), -12345.f);
      OutputPtrs.push_back(Outputs.back().data());
    }
    std::unique_ptr<void, decltype(&std::free)> Workspace(
        Desc->workspace_size
            ? std::aligned_alloc(64, (Desc->workspace_size + 63) / 64 * 64)
            : nullptr,
        &std::free);
    const void *InputPtrs[] = {X.data()};
    EXPECT_EQ(Run(InputPtrs, OutputPtrs.data(), Workspace.get(), Hooks), 0);
    std::vector<float> All;
    for (const std::vector<float> &Out : Outputs)
      All.insert(All.end(), Out.begin(), Out.end());
    return All;
  }

  const dlc_model_desc *Desc = nullptr;

private:
  void *Handle = nullptr;
  RunFn Run = nullptr;
};

/// parallel_for hooks that count their calls and split [0, n) into three
/// uneven ranges run on three new threads, last range first.
struct CountingPool {
  std::atomic<int> Calls{0};
  std::atomic<int> BadRanges{0};

  static void parallelFor(void *pool, int64_t n,
                          void (*body)(void *, int64_t, int64_t), void *ctx) {
    auto *P = static_cast<CountingPool *>(pool);
    ++P->Calls;
    if (n < 2)
      ++P->BadRanges;
    int64_t Cut1 = n / 5, Cut2 = n / 2;
    int64_t Bounds[][2] = {{Cut2, n}, {Cut1, Cut2}, {0, Cut1}};
    std::vector<std::thread> Threads;
    for (auto &Range : Bounds)
      if (Range[0] < Range[1])
        Threads.emplace_back(body, ctx, Range[0], Range[1]);
    for (std::thread &T : Threads)
      T.join();
  }

  dlc_run_hooks hooks(int32_t NumThreads = 4) {
    return {sizeof(dlc_run_hooks), NumThreads, this, &parallelFor};
  }
};

bool sameBits(const std::vector<float> &A, const std::vector<float> &B) {
  return A.size() == B.size() &&
         std::memcmp(A.data(), B.data(), A.size() * sizeof(float)) == 0;
}

TEST(ParallelModel, CallsParallelForAndGivesTheSerialResult) {
  DirectModel M;
  ASSERT_TRUE(M.ok()) << dlerror();
  std::vector<float> X = M.input();
  std::vector<float> Serial = M.run(X, nullptr);
  ASSERT_EQ(std::count(Serial.begin(), Serial.end(), -12345.f), 0);

  CountingPool Pool;
  dlc_run_hooks Hooks = Pool.hooks();
  std::vector<float> Parallel = M.run(X, &Hooks);
  EXPECT_TRUE(sameBits(Serial, Parallel));
  // conv1, conv2, relu and pool each have a parallel loop worth it; fc (a
  // GEMM kernel of one 10-filter task) runs on the calling thread.
  EXPECT_GE(Pool.Calls.load(), 4);
  EXPECT_EQ(Pool.BadRanges.load(), 0);
}

TEST(ParallelModel, RunsSeriallyWhenTheHooksSaySo) {
  DirectModel M;
  ASSERT_TRUE(M.ok()) << dlerror();
  std::vector<float> X = M.input();
  std::vector<float> Serial = M.run(X, nullptr);

  CountingPool Pool;
  dlc_run_hooks OneThread = Pool.hooks(1);
  EXPECT_TRUE(sameBits(Serial, M.run(X, &OneThread)));
  // An older, smaller dlc_run_hooks: parallel_for is not there to call.
  dlc_run_hooks Short = Pool.hooks();
  Short.struct_size = offsetof(dlc_run_hooks, parallel_for);
  EXPECT_TRUE(sameBits(Serial, M.run(X, &Short)));
  dlc_run_hooks NoFunction = Pool.hooks();
  NoFunction.parallel_for = nullptr;
  EXPECT_TRUE(sameBits(Serial, M.run(X, &NoFunction)));
  EXPECT_EQ(Pool.Calls.load(), 0);
}

TEST(ParallelModel, ConcurrentRunsKeepTheirOwnHooks) {
  DirectModel M;
  ASSERT_TRUE(M.ok()) << dlerror();
  std::vector<float> X = M.input();
  std::vector<float> Serial = M.run(X, nullptr);
  CountingPool Probe;
  dlc_run_hooks ProbeHooks = Probe.hooks();
  M.run(X, &ProbeHooks);
  int CallsPerRun = Probe.Calls.load();
  ASSERT_GT(CallsPerRun, 0);

  constexpr int Runners = 4, Rounds = 10;
  std::vector<std::unique_ptr<CountingPool>> Pools;
  std::atomic<int> Mismatches{0};
  std::vector<std::thread> Threads;
  for (int T = 0; T < Runners; ++T)
    Pools.push_back(std::make_unique<CountingPool>());
  for (int T = 0; T < Runners; ++T)
    Threads.emplace_back([&, T] {
      // Odd runners pass no hooks: their runs must not pick up another
      // thread's.
      dlc_run_hooks Hooks = Pools[T]->hooks();
      for (int R = 0; R < Rounds; ++R)
        if (!sameBits(Serial, M.run(X, T % 2 ? nullptr : &Hooks)))
          ++Mismatches;
    });
  for (std::thread &T : Threads)
    T.join();
  EXPECT_EQ(Mismatches.load(), 0);
  for (int T = 0; T < Runners; ++T)
    EXPECT_EQ(Pools[T]->Calls.load(), T % 2 ? 0 : Rounds * CallsPerRun)
        << "runner " << T;
}

/// Runs the model through the C API with `threads` threads.
std::vector<float> runWithThreads(dlc_model *Model, int32_t Threads,
                                  const std::vector<float> &X) {
  EXPECT_EQ(dlc_model_set_num_threads(Model, Threads), DLC_OK)
      << dlc_last_error();
  EXPECT_EQ(dlc_model_num_threads(Model), Threads);
  const dlc_tensor_desc *In = dlc_model_input(Model, 0);
  dlc_tensor Input = {const_cast<float *>(X.data()), In->dtype, In->rank,
                      In->shape};
  size_t NumOutputs = dlc_model_num_outputs(Model);
  std::vector<std::vector<float>> Buffers;
  std::vector<dlc_tensor> Outputs;
  for (size_t I = 0; I < NumOutputs; ++I) {
    const dlc_tensor_desc *Out = dlc_model_output(Model, I);
    Buffers.emplace_back(elementCount(*Out));
    Outputs.push_back(
        {Buffers.back().data(), Out->dtype, Out->rank, Out->shape});
  }
  EXPECT_EQ(dlc_model_run(Model, &Input, 1, Outputs.data(), NumOutputs), DLC_OK)
      << dlc_last_error();
  std::vector<float> All;
  for (const std::vector<float> &B : Buffers)
    All.insert(All.end(), B.begin(), B.end());
  return All;
}

TEST(ParallelModel, OneAndFourThreadsGiveIdenticalBitsThroughTheCApi) {
  dlc_model *Model = nullptr;
  ASSERT_EQ(dlc_model_load(DLC_PARALLEL_TEST_MODEL, &Model), DLC_OK)
      << dlc_last_error();
  DirectModel M;
  ASSERT_TRUE(M.ok());
  std::vector<float> X = M.input();
  std::vector<float> One = runWithThreads(Model, 1, X);
  std::vector<float> Four = runWithThreads(Model, 4, X);
  std::vector<float> Two = runWithThreads(Model, 2, X);
  EXPECT_TRUE(sameBits(One, Four));
  EXPECT_TRUE(sameBits(One, Two));
  EXPECT_TRUE(sameBits(One, M.run(X, nullptr)));
  dlc_model_free(Model);
}

} // namespace
