//===- ThreadPoolTest.cpp - The pool behind parallel_for ------------------===//

#include "ThreadPool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
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

// With DLC_SPIN_US=0 the threads block at once between jobs, with a long
// spin they catch each next job spinning: either way every job is whole.
TEST(ThreadPool, CoversEveryIndexWithAndWithoutSpinning) {
  for (const char *Spin : {"0", "100000"}) {
    ::setenv("DLC_SPIN_US", Spin, 1);
    ThreadPool Pool(3);
    ::unsetenv("DLC_SPIN_US");
    for (int Job = 0; Job < 50; ++Job) {
      Coverage C(97);
      Pool.parallelFor(97, Coverage::body, &C);
      ASSERT_TRUE(C.exactlyOnce()) << "DLC_SPIN_US=" << Spin << ", job " << Job;
    }
  }
}

TEST(ThreadPool, SplitsIntoAFewContiguousChunksPerThread) {
  ThreadPool Pool(4);
  CallLog Log;
  Pool.parallelFor(100, CallLog::body, &Log);
  std::sort(Log.Ranges.begin(), Log.Ranges.end());
  // 4 threads x 4 chunks of 100 / 16 = 6 or 7 items, in order.
  ASSERT_EQ(Log.Ranges.size(), 4u * ThreadPool::ChunksPerThread);
  int64_t Next = 0;
  for (auto [Begin, End] : Log.Ranges) {
    EXPECT_EQ(Begin, Next);
    EXPECT_TRUE(End - Begin == 6 || End - Begin == 7) << Begin << ".." << End;
    Next = End;
  }
  EXPECT_EQ(Next, 100);
}

/// Every worker waits in its first chunk until the caller has run one:
/// the caller must take part (and nothing deadlocks when it does).
struct CallerWorks {
  std::thread::id Caller = std::this_thread::get_id();
  std::atomic<bool> CallerRan{false};
  std::atomic<bool> TimedOut{false};
  Coverage C{64};

  static void body(void *ctx, int64_t begin, int64_t end) {
    auto *W = static_cast<CallerWorks *>(ctx);
    if (std::this_thread::get_id() == W->Caller) {
      W->CallerRan = true;
    } else {
      auto Deadline =
          std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!W->CallerRan && !W->TimedOut) {
        if (std::chrono::steady_clock::now() > Deadline)
          W->TimedOut = true;
        std::this_thread::yield();
      }
    }
    Coverage::body(&W->C, begin, end);
  }
};

TEST(ThreadPool, CallingThreadRunsChunksToo) {
  ThreadPool Pool(3);
  CallerWorks W;
  Pool.parallelFor(64, CallerWorks::body, &W);
  EXPECT_TRUE(W.CallerRan);
  EXPECT_FALSE(W.TimedOut);
  EXPECT_TRUE(W.C.exactlyOnce());
}

/// The first chunk to start waits until every other chunk has run: only
/// chunks claimed on demand (not one fixed share per thread) finish.
struct SlowFirstChunk {
  std::atomic<int64_t> Started{0}, Done{0};
  std::atomic<bool> TimedOut{false};
  int64_t Chunks = 0;

  static void body(void *ctx, int64_t, int64_t) {
    auto *S = static_cast<SlowFirstChunk *>(ctx);
    if (S->Started.fetch_add(1) == 0) {
      auto Deadline =
          std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (S->Done.load() < S->Chunks - 1 && !S->TimedOut)
        if (std::chrono::steady_clock::now() > Deadline)
          S->TimedOut = true;
    }
    ++S->Done;
  }
};

TEST(ThreadPool, OtherThreadsTakeOverTheChunksOfASlowOne) {
  ThreadPool Pool(2);
  SlowFirstChunk S;
  S.Chunks = 2 * ThreadPool::ChunksPerThread;
  Pool.parallelFor(1000, SlowFirstChunk::body, &S);
  EXPECT_FALSE(S.TimedOut);
  EXPECT_EQ(S.Done.load(), S.Chunks);
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

  // Two chunks that each wait for the other: only two threads finish them.
  struct Rendezvous {
    std::atomic<int> Arrived{0};
    std::atomic<bool> TimedOut{false};
    static void body(void *ctx, int64_t, int64_t) {
      auto *R = static_cast<Rendezvous *>(ctx);
      ++R->Arrived;
      auto Deadline =
          std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (R->Arrived.load() < 2 && !R->TimedOut)
        if (std::chrono::steady_clock::now() > Deadline)
          R->TimedOut = true;
    }
  } R;
  Pool.parallelFor(2, Rendezvous::body, &R);
  EXPECT_FALSE(R.TimedOut);
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
