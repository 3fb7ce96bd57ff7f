//===- ThreadPoolTest.cpp - The pool behind parallel_for ------------------===//

#include "ThreadPool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <utility>
#include <vector>

using dlc::ThreadPool;

namespace {

/// Counts, per index, how often a body visited it.
struct Coverage {
  explicit Coverage(int64_t n) : Visits(n) {}

  static void body(void *ctx, int64_t begin, int64_t end) {
    auto *C = static_cast<Coverage *>(ctx);
    for (int64_t I = begin; I < end; ++I)
      C->Visits[I].fetch_add(1, std::memory_order_relaxed);
  }

  bool exactlyOnce() const {
    return std::all_of(Visits.begin(), Visits.end(),
                       [](const std::atomic<int> &V) { return V == 1; });
  }

  std::vector<std::atomic<int>> Visits;
};

/// Records each call's range and thread.
struct CallLog {
  static void body(void *ctx, int64_t begin, int64_t end) {
    auto *L = static_cast<CallLog *>(ctx);
    std::lock_guard<std::mutex> Lock(L->Mutex);
    L->Ranges.emplace_back(begin, end);
    L->Threads.insert(std::this_thread::get_id());
  }

  std::mutex Mutex;
  std::vector<std::pair<int64_t, int64_t>> Ranges;
  std::set<std::thread::id> Threads;
};

TEST(ThreadPool, CoversEveryIndexExactlyOnce) {
  for (unsigned Threads : {1u, 2u, 3u, 8u}) {
    ThreadPool Pool(Threads);
    for (int64_t N : {1, 2, 3, 7, 8, 64, 1001}) {
      Coverage C(N);
      Pool.parallelFor(N, Coverage::body, &C);
      EXPECT_TRUE(C.exactlyOnce()) << Threads << " threads, n = " << N;
    }
  }
}

TEST(ThreadPool, SplitsIntoOneContiguousChunkPerThread) {
  ThreadPool Pool(4);
  CallLog Log;
  Pool.parallelFor(10, CallLog::body, &Log);
  std::sort(Log.Ranges.begin(), Log.Ranges.end());
  std::vector<std::pair<int64_t, int64_t>> Expected = {
      {0, 3}, {3, 6}, {6, 8}, {8, 10}};
  EXPECT_EQ(Log.Ranges, Expected);
  // Each chunk runs on its own thread, the caller's among them.
  EXPECT_EQ(Log.Threads.size(), 4u);
  EXPECT_EQ(Log.Threads.count(std::this_thread::get_id()), 1u);
}

TEST(ThreadPool, FewerItemsThanThreadsGivesOneItemChunks) {
  ThreadPool Pool(8);
  CallLog Log;
  Pool.parallelFor(3, CallLog::body, &Log);
  std::sort(Log.Ranges.begin(), Log.Ranges.end());
  std::vector<std::pair<int64_t, int64_t>> Expected = {{0, 1}, {1, 2}, {2, 3}};
  EXPECT_EQ(Log.Ranges, Expected);
}

TEST(ThreadPool, EmptyRangeCallsNothing) {
  ThreadPool Pool(4);
  CallLog Log;
  Pool.parallelFor(0, CallLog::body, &Log);
  Pool.parallelFor(-5, CallLog::body, &Log);
  EXPECT_TRUE(Log.Ranges.empty());
}

TEST(ThreadPool, SingleThreadRunsInlineInOneCall) {
  ThreadPool Pool(1);
  CallLog Log;
  Pool.parallelFor(100, CallLog::body, &Log);
  ASSERT_EQ(Log.Ranges.size(), 1u);
  EXPECT_EQ(Log.Ranges[0], std::make_pair(int64_t(0), int64_t(100)));
  EXPECT_EQ(*Log.Threads.begin(), std::this_thread::get_id());
}

struct Nested {
  ThreadPool *Pool;
  Coverage Inner{40};

  static void body(void *ctx, int64_t begin, int64_t end) {
    auto *N = static_cast<Nested *>(ctx);
    for (int64_t I = begin; I < end; ++I) {
      // Each outer index covers its own 10 inner ones.
      struct Slice {
        Coverage *C;
        int64_t Offset;
      } S{&N->Inner, I * 10};
      N->Pool->parallelFor(
          10,
          [](void *ctx, int64_t b, int64_t e) {
            auto *S = static_cast<Slice *>(ctx);
            Coverage::body(S->C, S->Offset + b, S->Offset + e);
          },
          &S);
    }
  }
};

TEST(ThreadPool, NestedCallsRunInlineWithoutDeadlock) {
  ThreadPool Pool(3);
  Nested N{&Pool};
  Pool.parallelFor(4, Nested::body, &N);
  EXPECT_TRUE(N.Inner.exactlyOnce());
}

TEST(ThreadPool, ConcurrentCallersAllComplete) {
  ThreadPool Pool(4);
  std::atomic<int> Failures{0};
  std::vector<std::thread> Callers;
  for (int T = 0; T < 8; ++T)
    Callers.emplace_back([&] {
      for (int Round = 0; Round < 200; ++Round) {
        Coverage C(37);
        Pool.parallelFor(37, Coverage::body, &C);
        if (!C.exactlyOnce())
          ++Failures;
      }
    });
  for (std::thread &T : Callers)
    T.join();
  EXPECT_EQ(Failures, 0);
}

TEST(ThreadPool, ThreadCountChangesWhileInUse) {
  ThreadPool Pool(2);
  std::atomic<bool> Done{false};
  std::atomic<int> Failures{0};
  std::thread User([&] {
    while (!Done) {
      Coverage C(50);
      Pool.parallelFor(50, Coverage::body, &C);
      if (!C.exactlyOnce())
        ++Failures;
    }
  });
  for (unsigned Threads : {4u, 1u, 3u, 8u, 2u})
    Pool.setNumThreads(Threads);
  Done = true;
  User.join();
  EXPECT_EQ(Failures, 0);
  EXPECT_EQ(Pool.numThreads(), 2u);

  CallLog Log;
  Pool.parallelFor(2, CallLog::body, &Log);
  EXPECT_EQ(Log.Threads.size(), 2u);
}

TEST(ThreadPool, HooksForwardToThePool) {
  ThreadPool Pool(3);
  dlc_run_hooks Hooks = Pool.hooks();
  EXPECT_EQ(Hooks.struct_size, sizeof(dlc_run_hooks));
  EXPECT_EQ(Hooks.num_threads, 3);
  EXPECT_EQ(Hooks.pool, &Pool);
  ASSERT_NE(Hooks.parallel_for, nullptr);
  Coverage C(9);
  Hooks.parallel_for(Hooks.pool, 9, Coverage::body, &C);
  EXPECT_TRUE(C.exactlyOnce());
}

} // namespace
