//===- ThreadPool.cpp - The pool behind dlc_run_hooks::parallel_for -------===//

#include "ThreadPool.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

using namespace dlc;

namespace {

/// Chunk `index` of [0, n) split into `chunks` near-equal contiguous parts.
void chunkRange(int64_t n, unsigned chunks, unsigned index, int64_t &begin,
                int64_t &end) {
  int64_t base = n / chunks, extra = n % chunks;
  begin = index * base + std::min<int64_t>(index, extra);
  end = begin + base + (index < extra ? 1 : 0);
}

void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

/// Spins until `done()` or for about `microseconds`; whether done() held.
template <typename Pred> bool spinFor(unsigned microseconds, Pred done) {
  if (microseconds == 0)
    return done();
  auto deadline = std::chrono::steady_clock::now() +
                  std::chrono::microseconds(microseconds);
  for (;;) {
    for (int I = 0; I < 64; ++I) {
      if (done())
        return true;
      cpuRelax();
    }
    if (std::chrono::steady_clock::now() >= deadline)
      return done();
  }
}

void parallelForHook(void *pool, int64_t n,
                     void (*body)(void *ctx, int64_t begin, int64_t end),
                     void *ctx) {
  static_cast<ThreadPool *>(pool)->parallelFor(n, body, ctx);
}

} // namespace

/// DLC_SPIN_US from the environment, else the default.
static unsigned spinMicrosecondsFromEnv() {
  if (const char *Env = std::getenv("DLC_SPIN_US")) {
    char *End = nullptr;
    unsigned long Value = std::strtoul(Env, &End, 10);
    if (End != Env && *End == '\0' && Value <= 1000000)
      return static_cast<unsigned>(Value);
  }
  return ThreadPool::DefaultSpinMicroseconds;
}

ThreadPool::ThreadPool(unsigned numThreads)
    : NumThreads(std::max(numThreads, 1u)),
      SpinMicroseconds(spinMicrosecondsFromEnv()) {}

ThreadPool::~ThreadPool() {
  std::unique_lock<std::mutex> Lock(Mutex);
  stopWorkers(Lock);
}

void ThreadPool::stopWorkers(std::unique_lock<std::mutex> &lock) {
  if (Workers.empty())
    return;
  Stopping = true;
  lock.unlock();
  WorkCv.notify_all();
  for (std::thread &T : Workers)
    T.join();
  lock.lock();
  Workers.clear();
  Stopping = false;
}

void ThreadPool::setNumThreads(unsigned numThreads) {
  numThreads = std::max(numThreads, 1u);
  std::unique_lock<std::mutex> Lock(Mutex);
  IdleCv.wait(Lock, [&] { return !Busy; });
  if (numThreads == NumThreads.load(std::memory_order_relaxed))
    return;
  // Hold Busy while the workers stop so that concurrent calls run inline;
  // the next parallelFor() starts the new number of workers.
  Busy = true;
  stopWorkers(Lock);
  NumThreads.store(numThreads, std::memory_order_relaxed);
  Busy = false;
  Lock.unlock();
  IdleCv.notify_all();
}

void ThreadPool::runChunks(unsigned participant, unsigned participants) {
  // Own chunks first, then the others' in turn.
  for (unsigned I = 0; I < participants; ++I) {
    ChunkCursor &Cursor = Cursors[(participant + I) % participants];
    for (unsigned Chunk = Cursor.Next.fetch_add(1, std::memory_order_relaxed);
         Chunk < Cursor.End;
         Chunk = Cursor.Next.fetch_add(1, std::memory_order_relaxed)) {
      int64_t Begin, End;
      chunkRange(JobSize, JobChunks, Chunk, Begin, End);
      JobBody(JobCtx, Begin, End);
    }
  }
}

void ThreadPool::parallelFor(int64_t n, BodyFn body, void *ctx) noexcept {
  if (n <= 0)
    return;
  unsigned Threads = numThreads();
  if (Threads <= 1 || n == 1) {
    body(ctx, 0, n);
    return;
  }

  unsigned Chunks;
  {
    std::lock_guard<std::mutex> Lock(Mutex);
    Threads = numThreads(); // setNumThreads() may have run meanwhile.
    if (Busy || Threads <= 1) {
      Chunks = 1;
    } else {
      // Start the workers on first use. If the system refuses a thread, make
      // do with those already started.
      try {
        if (Cursors.size() < Threads)
          Cursors = std::vector<ChunkCursor>(Threads);
        Workers.reserve(Threads - 1);
        while (Workers.size() < Threads - 1)
          Workers.emplace_back(&ThreadPool::workerMain, this,
                               static_cast<unsigned>(Workers.size() + 1),
                               Generation.load(std::memory_order_relaxed));
      } catch (const std::exception &) {
      }
      int64_t Participants = static_cast<int64_t>(Workers.size()) + 1;
      Chunks = Workers.empty() ? 1
                               : static_cast<unsigned>(std::min<int64_t>(
                                     n, Participants * ChunksPerThread));
      if (Chunks > 1) {
        Busy = true;
        JobBody = body;
        JobCtx = ctx;
        JobSize = n;
        JobChunks = Chunks;
        for (int64_t P = 0; P < Participants; ++P) {
          Cursors[P].Next.store(
              static_cast<unsigned>(P * Chunks / Participants),
              std::memory_order_relaxed);
          Cursors[P].End =
              static_cast<unsigned>((P + 1) * Chunks / Participants);
        }
        JobParticipants = static_cast<unsigned>(Participants);
        Pending = static_cast<unsigned>(Workers.size());
        ++Generation;
      }
    }
  }
  if (Chunks == 1) {
    // Busy elsewhere (or nested in a body): run inline rather than wait.
    body(ctx, 0, n);
    return;
  }

  WorkCv.notify_all();
  // The caller works too, as participant 0.
  runChunks(0, JobParticipants);

  spinFor(SpinMicroseconds,
          [&] { return Pending.load(std::memory_order_acquire) == 0; });
  {
    std::unique_lock<std::mutex> Lock(Mutex);
    DoneCv.wait(Lock, [&] { return Pending == 0; });
    Busy = false;
  }
  IdleCv.notify_all();
}

void ThreadPool::workerMain(unsigned participant, uint64_t seenGeneration) {
  std::unique_lock<std::mutex> Lock(Mutex);
  for (;;) {
    auto hasWork = [&] {
      return Stopping.load(std::memory_order_acquire) ||
             Generation.load(std::memory_order_acquire) != seenGeneration;
    };
    if (!hasWork()) {
      // The next loop usually comes at once: catch it without sleeping.
      Lock.unlock();
      spinFor(SpinMicroseconds, hasWork);
      Lock.lock();
    }
    WorkCv.wait(Lock, hasWork);
    if (Stopping)
      return;
    seenGeneration = Generation;
    unsigned Participants = JobParticipants;
    Lock.unlock();
    // The job's fields do not change before every worker is done with it.
    runChunks(participant, Participants);
    Lock.lock();
    if (--Pending == 0)
      DoneCv.notify_one();
  }
}

dlc_run_hooks ThreadPool::hooks() {
  dlc_run_hooks Hooks;
  Hooks.struct_size = sizeof(dlc_run_hooks);
  Hooks.num_threads = static_cast<int32_t>(numThreads());
  Hooks.pool = this;
  Hooks.parallel_for = parallelForHook;
  return Hooks;
}
