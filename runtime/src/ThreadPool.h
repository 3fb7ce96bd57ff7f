//===- ThreadPool.h - The pool behind dlc_run_hooks::parallel_for -*- C++ -*-//
//
// A small persistent pool of worker threads. parallelFor() splits [0, n) into
// about ChunksPerThread contiguous chunks per thread. Each thread (the caller
// is thread 0, worker k thread k + 1) owns the chunks of its share of [0, n)
// and runs them first, then claims the chunks others have not reached yet (so
// a thread slowed down by another process does not hold up the rest). Owning
// the same share in every call keeps a layer's data in the cache of the core
// that wrote it in the layer before: with chunks claimed first-come, data
// moves between cores from one loop to the next, which made small layers
// several times slower on two threads than on one. A pool of N threads has
// N - 1 workers, started on first use. One parallelFor() owns the workers at
// a time: a call made
// while they are busy (another run() on another thread, or a nested call from
// inside a body) runs its whole range inline on the calling thread. Nothing is
// allocated per call.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_THREADPOOL_H
#define DLC_RUNTIME_THREADPOOL_H

#include "dlc/model_abi.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace dlc {

class ThreadPool {
public:
  using BodyFn = void (*)(void *ctx, int64_t begin, int64_t end);

  /// Chunks per thread of a parallelFor(): enough to even out uneven
  /// threads, few enough that each chunk is worth claiming.
  static constexpr unsigned ChunksPerThread = 4;

  /// How long, by default, a worker that finished a job, or a caller
  /// waiting for the workers, spins before it blocks: a model's parallel
  /// loops follow each other within microseconds, and waking a blocked
  /// thread takes tens of microseconds (more in a virtual machine): 2-thread
  /// MobileNet v2 ran 18% faster with the spin. An idle pool still blocks.
  /// DLC_SPIN_US in the environment overrides it (0: block at once).
  static constexpr unsigned DefaultSpinMicroseconds = 50;

  /// A pool that runs parallelFor() on up to `numThreads` threads, the
  /// caller included (0 is taken as 1).
  explicit ThreadPool(unsigned numThreads);
  ~ThreadPool();
  ThreadPool(const ThreadPool &) = delete;
  ThreadPool &operator=(const ThreadPool &) = delete;

  unsigned numThreads() const {
    return NumThreads.load(std::memory_order_relaxed);
  }

  /// Changes the thread count. Waits for the parallelFor() in progress, if
  /// any; calls made meanwhile run inline.
  void setNumThreads(unsigned numThreads);

  /// Calls body(ctx, begin, end) over disjoint ranges covering [0, n) and
  /// returns when all have finished.
  void parallelFor(int64_t n, BodyFn body, void *ctx) noexcept;

  /// The hooks to pass to dlc_abi_run: parallel_for forwards to this pool.
  dlc_run_hooks hooks();

private:
  void workerMain(unsigned participant, uint64_t seenGeneration);
  /// Runs participant `participant`'s own chunks of the current job, then
  /// claims the others' until none is left.
  void runChunks(unsigned participant, unsigned participants);
  void stopWorkers(std::unique_lock<std::mutex> &lock);

  std::atomic<unsigned> NumThreads;
  unsigned SpinMicroseconds;

  std::mutex Mutex;
  std::condition_variable WorkCv; // Workers: a new job or Stopping.
  std::condition_variable DoneCv; // Caller: Pending reached 0.
  std::condition_variable IdleCv; // setNumThreads: Busy cleared.
  std::vector<std::thread> Workers;
  bool Busy = false;
  std::atomic<bool> Stopping{false};

  // The current job, guarded by Mutex, but for the cursors' Next. Pending
  // counts the workers that have not yet finished with it: the job (and the
  // cursors) are not reused before every worker is done with it.
  std::atomic<uint64_t> Generation{0};
  BodyFn JobBody = nullptr;
  void *JobCtx = nullptr;
  int64_t JobSize = 0;
  unsigned JobChunks = 0;
  unsigned JobParticipants = 0;
  std::atomic<unsigned> Pending{0};

  /// Participant p owns chunks [p * JobChunks / P, (p + 1) * JobChunks / P)
  /// of the current job; Next[p] is the next of them not yet claimed.
  struct alignas(64) ChunkCursor {
    std::atomic<unsigned> Next{0};
    unsigned End = 0;
  };
  std::vector<ChunkCursor> Cursors;
};

} // namespace dlc

#endif // DLC_RUNTIME_THREADPOOL_H
