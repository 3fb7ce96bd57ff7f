//===- PeakFlops.cpp - Measure the machine's FP32 peak --------------------===//
//
// Each kernel keeps kChains independent accumulators in registers and
// updates each with one multiply-add per iteration: acc = acc * a + b. With
// two FMA pipes of latency 4-5 (Zen 3/4, Intel since Haswell) 8 chains keep
// both pipes busy; 10 leave headroom without spilling (16 vector
// registers). a and b keep the values bounded and normal. The widest kernel
// the CPU runs is chosen at run time, so one binary measures any x86-64.
//
//===----------------------------------------------------------------------===//

#include "PeakFlops.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <ctime>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define DLC_PEAK_X86 1
#endif

namespace dlc::tools {

namespace {

constexpr int kChains = 10;

/// A kernel runs `iterations` of kChains vector FMAs and returns a value
/// derived from the accumulators (so nothing is optimized away).
using Kernel = float (*)(uint64_t iterations);

// The accumulators are named variables, not an array: the compiler then
// keeps all of them in registers. Without -ffast-math it may not reassociate
// acc * a + b, so every chain stays a chain.
#define DLC_PEAK_KERNEL(NAME, TARGET, VEC, SET1, STEP, REDUCE)                 \
  TARGET float NAME(uint64_t iterations) {                                     \
    VEC a = SET1(0.999999f), b = SET1(1e-6f);                                  \
    VEC c0 = SET1(0.f), c1 = SET1(1.f), c2 = SET1(2.f), c3 = SET1(3.f),        \
        c4 = SET1(4.f), c5 = SET1(5.f), c6 = SET1(6.f), c7 = SET1(7.f),        \
        c8 = SET1(8.f), c9 = SET1(9.f);                                        \
    for (uint64_t n = 0; n < iterations; ++n) {                                \
      c0 = STEP(c0, a, b);                                                     \
      c1 = STEP(c1, a, b);                                                     \
      c2 = STEP(c2, a, b);                                                     \
      c3 = STEP(c3, a, b);                                                     \
      c4 = STEP(c4, a, b);                                                     \
      c5 = STEP(c5, a, b);                                                     \
      c6 = STEP(c6, a, b);                                                     \
      c7 = STEP(c7, a, b);                                                     \
      c8 = STEP(c8, a, b);                                                     \
      c9 = STEP(c9, a, b);                                                     \
    }                                                                          \
    return REDUCE(c0) + REDUCE(c1) + REDUCE(c2) + REDUCE(c3) + REDUCE(c4) +    \
           REDUCE(c5) + REDUCE(c6) + REDUCE(c7) + REDUCE(c8) + REDUCE(c9);     \
  }

#ifdef DLC_PEAK_X86
#define DLC_AVX512 __attribute__((target("avx512f")))
#define DLC_AVX2 __attribute__((target("avx2,fma")))

DLC_AVX512 inline __m512 fma512(__m512 c, __m512 a, __m512 b) {
  return _mm512_fmadd_ps(c, a, b);
}
DLC_AVX512 inline float reduce512(__m512 v) { return _mm512_reduce_add_ps(v); }
DLC_AVX2 inline __m256 fma256(__m256 c, __m256 a, __m256 b) {
  return _mm256_fmadd_ps(c, a, b);
}
DLC_AVX2 inline float reduce256(__m256 v) {
  float lanes[8];
  _mm256_storeu_ps(lanes, v);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3] + lanes[4] + lanes[5] +
         lanes[6] + lanes[7];
}
/// SSE has no FMA: a multiply and an add, the same 2 FLOP per lane.
inline __m128 mulAdd128(__m128 c, __m128 a, __m128 b) {
  return _mm_add_ps(_mm_mul_ps(c, a), b);
}
inline float reduce128(__m128 v) {
  float lanes[4];
  _mm_storeu_ps(lanes, v);
  return lanes[0] + lanes[1] + lanes[2] + lanes[3];
}

DLC_PEAK_KERNEL(kernelAvx512, DLC_AVX512, __m512, _mm512_set1_ps, fma512,
                reduce512)
DLC_PEAK_KERNEL(kernelAvx2, DLC_AVX2, __m256, _mm256_set1_ps, fma256,
                reduce256)
DLC_PEAK_KERNEL(kernelSse, , __m128, _mm_set1_ps, mulAdd128, reduce128)
#endif

inline float identity(float v) { return v; }
inline float mulAddScalar(float c, float a, float b) { return c * a + b; }
DLC_PEAK_KERNEL(kernelScalar, , float, identity, mulAddScalar, identity)

struct KernelChoice {
  Kernel kernel;
  int lanes; ///< floats per vector
  const char *isa;
};

/// The kernels this CPU runs, widest first. Both AVX-512 and AVX2 where
/// there are both: some CPUs lower their clock for 512-bit code, others
/// split it in two 256-bit halves, so the faster of them is the peak.
std::vector<KernelChoice> supportedKernels() {
#ifdef DLC_PEAK_X86
  __builtin_cpu_init();
  std::vector<KernelChoice> kernels;
  if (__builtin_cpu_supports("avx512f"))
    kernels.push_back({kernelAvx512, 16, "avx512f"});
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    kernels.push_back({kernelAvx2, 8, "avx2+fma"});
  if (kernels.empty())
    kernels.push_back({kernelSse, 4, "sse"});
  return kernels;
#else
  return {{kernelScalar, 1, "scalar"}};
#endif
}

/// Seconds of CPU time the calling thread has had.
double threadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

/// FLOP/s of one thread running `kernel` for about `seconds` of its own CPU
/// time: time other tenants had the core is not counted, so the figure is
/// what the core does, not what this process happened to get of it.
double runFor(const KernelChoice &choice, double seconds,
              std::atomic<float> &sink) {
  constexpr uint64_t kChunk = 1 << 14;
  uint64_t iterations = 0;
  float guard = 0;
  double start = threadCpuSeconds(), elapsed = 0;
  do {
    guard += choice.kernel(kChunk);
    iterations += kChunk;
    elapsed = threadCpuSeconds() - start;
  } while (elapsed < seconds);
  sink.store(guard, std::memory_order_relaxed);
  return double(iterations) * kChains * choice.lanes * 2 / elapsed;
}

} // namespace

PeakFlops measurePeakFlops(int threads, double seconds) {
  threads = std::max(threads, 1);
  std::vector<KernelChoice> kernels = supportedKernels();
  std::atomic<float> sink{0};
  constexpr int kTrials = 8; // per kernel, alternating; the best counts
  seconds /= double(kernels.size());
  PeakFlops peak{threads, 0, kernels.front().isa};
  for (int trial = 0; trial < kTrials * int(kernels.size()); ++trial) {
    const KernelChoice &choice = kernels[trial % kernels.size()];
    std::vector<double> rates(threads);
    std::vector<std::thread> workers;
    std::atomic<int> ready{0};
    for (int t = 1; t < threads; ++t)
      workers.emplace_back([&, t] {
        ready.fetch_add(1);
        while (ready.load() < threads)
          std::this_thread::yield();
        rates[t] = runFor(choice, seconds / kTrials, sink);
      });
    ready.fetch_add(1);
    while (ready.load() < threads)
      std::this_thread::yield();
    rates[0] = runFor(choice, seconds / kTrials, sink);
    for (std::thread &worker : workers)
      worker.join();
    double total = 0;
    for (double rate : rates)
      total += rate;
    if (total / 1e9 > peak.gflops) {
      peak.gflops = total / 1e9;
      peak.isa = choice.isa;
    }
  }
  return peak;
}

} // namespace dlc::tools
