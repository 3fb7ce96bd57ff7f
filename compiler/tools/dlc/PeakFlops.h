//===- PeakFlops.h - Measure the machine's FP32 peak ------------*- C++ -*-===//
//
// The FP32 rate this machine's cores reach right now on independent FMA
// chains, the yardstick of `dlc bench --per-layer` ("% of peak") and `dlc
// bench --peak`. Measured, not taken from a data sheet: the clock moves with
// load and temperature. Each thread is timed in its own CPU time, so other
// tenants taking turns on a shared core do not lower it (they do lower the
// wall-clock rate of the layers it is compared with).
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TOOLS_DLC_PEAKFLOPS_H
#define DLC_TOOLS_DLC_PEAKFLOPS_H

#include <string>

namespace dlc::tools {

struct PeakFlops {
  int threads = 1;
  double gflops = 0; ///< FP32 GFLOP/s of all threads together (FMA = 2 FLOP)
  std::string isa;   ///< the fastest kernel: "avx512f", "avx2+fma", "sse", "scalar"
};

/// Runs FMA kernels (10 independent vector accumulators; AVX-512 and AVX2
/// where the CPU has them, else SSE or scalar) on `threads` threads at once
/// for about `seconds` of CPU time per thread in all, 8 trials per kernel,
/// and returns the best combined rate and the kernel that reached it.
PeakFlops measurePeakFlops(int threads, double seconds = 0.2);

} // namespace dlc::tools

#endif // DLC_TOOLS_DLC_PEAKFLOPS_H
