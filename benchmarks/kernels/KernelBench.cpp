//===- KernelBench.cpp - dlc's conv and GEMM kernels against oneDNN --------===//
//
//   dlc-kernel-bench [--threads=1,2] [--shapes=FILE] [--models=DIR]
//                    [--compare=LABEL=DIR,...] [--benchmark_* flags]
//
// For every layer of shapes.txt (ResNet-50, VGG-16, MobileNet v2 and
// ConvNeXt conv layers, ResNet-50's 1x1 convs as GEMMs, square GEMMs) and
// every thread count, registers side by side:
//
//   KIND/LAYER/dlc/threads:N     the layer's single-op model compiled by dlc
//                                at build time, run through dlc::Model's
//                                zero-copy run()
//   KIND/LAYER/dlc-LABEL/threads:N  with --compare=LABEL=DIR: the layer
//                                compiled into DIR (e.g. with dlc
//                                --conv-algo=NAME, see compile_layer.cmake)
//   KIND/LAYER/onednn/threads:N  the same layer with oneDNN:
//                                convolution_forward (formats chosen by
//                                oneDNN, weights reordered once outside the
//                                timing, like a framework's steady state) or
//                                dnnl_sgemm on row-major buffers
//
// so one run interleaves them layer by layer (add
// --benchmark_enable_random_interleaving=true with repetitions to interleave
// repetitions too). Counters: FLOPs (the layer's 2*MACs as a rate, so the
// console shows e.g. 12.3G/s), peak% (that rate over the machine's FP32 peak
// for the same thread count, measured at startup with FMA loops in the
// threads' CPU time, so that other tenants do not lower it), cpu_peak% (the
// work over the CPU time the process got, against one core's peak: robust
// to sharing the machine) and threads. peak/ISA/threads:N runs the FMA loops
// among the layers in wall time: how much of the machine the run really had. The label says what ran:
// the layer's geometry and dlc's convolution algorithm (algo=..., read from
// the IR dlc lowered; "default" while dlc makes no choice) or oneDNN's
// implementation name.
//
// Threads: --threads=LIST, else DLC_BENCH_THREADS, else 1. dlc gets
// Model::setNumThreads(N), oneDNN omp_set_num_threads(N) with
// OMP_WAIT_POLICY=passive (idle threads block, as dlc's do) unless the
// environment sets it or --omp-spin is given.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime.hpp"

#include <benchmark/benchmark.h>
#include <oneapi/dnnl/dnnl.h>
#include <oneapi/dnnl/dnnl.hpp>
#include <omp.h>

#include <immintrin.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <time.h>
#include <unistd.h>
#include <unordered_map>
#include <vector>

#ifndef DLC_KERNEL_SHAPES
#define DLC_KERNEL_SHAPES "shapes.txt"
#endif
#ifndef DLC_KERNEL_MODELS
#define DLC_KERNEL_MODELS "kernel-models"
#endif

namespace {

//===----------------------------------------------------------------------===//
// Layers
//===----------------------------------------------------------------------===//

struct Layer {
  std::string kind; // "conv" or "gemm"
  std::string name; // torchvision module path, e.g. resnet50.layer1.0.conv2
  // conv: C H W K R S stride pad group; gemm: M N K transB bias
  std::vector<int64_t> v;

  std::string id() const { return kind + "." + name; }
  bool isConv() const { return kind == "conv"; }

  // conv accessors
  int64_t C() const { return v[0]; }
  int64_t H() const { return v[1]; }
  int64_t W() const { return v[2]; }
  int64_t K() const { return v[3]; }
  int64_t R() const { return v[4]; }
  int64_t S() const { return v[5]; }
  int64_t stride() const { return v[6]; }
  int64_t pad() const { return v[7]; }
  int64_t group() const { return v[8]; }
  int64_t OH() const { return (H() + 2 * pad() - R()) / stride() + 1; }
  int64_t OW() const { return (W() + 2 * pad() - S()) / stride() + 1; }

  // gemm accessors
  int64_t M() const { return v[0]; }
  int64_t N() const { return v[1]; }
  int64_t GK() const { return v[2]; }
  bool transB() const { return v[3] != 0; }
  bool bias() const { return v[4] != 0; }

  /// 2 * multiply-adds: the usual FLOP count (bias adds not counted).
  double flops() const {
    if (isConv())
      return 2.0 * K() * OH() * OW() * (C() / group()) * R() * S();
    return 2.0 * M() * N() * GK();
  }

  std::string geometry() const {
    char buf[128];
    if (isConv()) {
      const char *dw = group() == C() && group() == K() && group() > 1
                           ? "dw "
                       : group() > 1 ? "grouped "
                                     : "";
      std::snprintf(buf, sizeof buf, "%s%ldx%ld/%ld %ld->%ld %ldx%ld", dw,
                    (long)R(), (long)S(), (long)stride(), (long)C(), (long)K(),
                    (long)H(), (long)W());
    } else {
      std::snprintf(buf, sizeof buf, "M%ld N%ld K%ld%s", (long)M(), (long)N(),
                    (long)GK(), transB() ? " B^T+bias" : "");
    }
    return buf;
  }
};

std::vector<Layer> readShapes(const std::string &path) {
  std::ifstream in(path);
  if (!in) {
    std::cerr << "dlc-kernel-bench: error: cannot read " << path << "\n";
    std::exit(2);
  }
  std::vector<Layer> layers;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    line = line.substr(0, line.find('#'));
    std::istringstream fields(line);
    Layer layer;
    if (!(fields >> layer.kind))
      continue;
    fields >> layer.name;
    for (int64_t x; fields >> x;)
      layer.v.push_back(x);
    size_t want = layer.kind == "conv" ? 9 : layer.kind == "gemm" ? 5 : 0;
    if (want == 0 || layer.v.size() != want || !fields.eof()) {
      std::cerr << path << ":" << number
                << ": error: expected 'conv NAME C H W K R S stride pad group' "
                   "or 'gemm NAME M N K transB bias'\n";
      std::exit(2);
    }
    layers.push_back(std::move(layer));
  }
  return layers;
}

std::vector<float> randomData(size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::vector<float> data(n);
  for (float &x : data)
    x = normal(rng);
  return data;
}

//===----------------------------------------------------------------------===//
// Machine peak: FMA loops with enough independent chains to fill the FMA
// pipes (latency 4 x 2 pipes needs 8; 12 leaves slack), in AVX2 and, where
// the CPU has it, AVX-512 (the same peak on AMD Zen 4, which splits a 512-bit
// FMA in two; twice AVX2's on CPUs with two 512-bit FMA units). The peak is
// the faster of the two.
//===----------------------------------------------------------------------===//

constexpr int64_t PeakSteps = 1 << 17;
constexpr int PeakChains = 12;

__attribute__((target("avx2,fma"))) float fmaLoopAvx2(int64_t steps,
                                                       float seed) {
  __m256 a[PeakChains];
  for (int i = 0; i < PeakChains; ++i)
    a[i] = _mm256_set1_ps(seed + 0.01f * i);
  const __m256 x = _mm256_set1_ps(0.9999999f), y = _mm256_set1_ps(1e-7f);
  for (int64_t s = 0; s < steps; ++s)
    for (int i = 0; i < PeakChains; ++i)
      a[i] = _mm256_fmadd_ps(a[i], x, y);
  __m256 sum = a[0];
  for (int i = 1; i < PeakChains; ++i)
    sum = _mm256_add_ps(sum, a[i]);
  float out[8];
  _mm256_storeu_ps(out, sum);
  return out[0];
}

__attribute__((target("avx512f"))) float fmaLoopAvx512(int64_t steps,
                                                       float seed) {
  __m512 a[PeakChains];
  for (int i = 0; i < PeakChains; ++i)
    a[i] = _mm512_set1_ps(seed + 0.01f * i);
  const __m512 x = _mm512_set1_ps(0.9999999f), y = _mm512_set1_ps(1e-7f);
  for (int64_t s = 0; s < steps; ++s)
    for (int i = 0; i < PeakChains; ++i)
      a[i] = _mm512_fmadd_ps(a[i], x, y);
  __m512 sum = a[0];
  for (int i = 1; i < PeakChains; ++i)
    sum = _mm512_add_ps(sum, a[i]);
  return _mm512_reduce_add_ps(sum);
}

enum class Isa { None, Avx2, Avx512 };

const char *isaName(Isa isa) {
  return isa == Isa::Avx512 ? "avx512" : isa == Isa::Avx2 ? "avx2" : "none";
}

std::vector<Isa> peakIsas() {
  std::vector<Isa> isas;
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    isas.push_back(Isa::Avx2);
  if (__builtin_cpu_supports("avx512f"))
    isas.push_back(Isa::Avx512);
  return isas;
}

double threadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

double processCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

/// Runs the FMA loop `reps` times on each of `threads` threads at once.
/// Returns the FLOPs done; adds to `cpuRate` the sum over the threads of
/// each one's FLOPs over its own CPU time: the rate of the cores while they
/// ran, which other tenants taking turns on them does not lower.
double fmaAllThreads(Isa isa, int threads, int reps = 1,
                     double *cpuRate = nullptr) {
  auto loop = isa == Isa::Avx512 ? fmaLoopAvx512 : fmaLoopAvx2;
  double lanes = isa == Isa::Avx512 ? 16 : 8;
  double perThread = 2.0 * lanes * PeakChains * PeakSteps * reps;
  std::vector<std::thread> workers;
  std::vector<float> sink(threads);
  std::vector<double> rate(threads);
  auto body = [&](int t) {
    double cpu = threadCpuSeconds();
    for (int r = 0; r < reps; ++r)
      sink[t] += loop(PeakSteps, t);
    cpu = threadCpuSeconds() - cpu;
    rate[t] = cpu > 0 ? perThread / cpu : 0;
  };
  for (int t = 1; t < threads; ++t)
    workers.emplace_back(body, t);
  body(0);
  for (std::thread &w : workers)
    w.join();
  benchmark::DoNotOptimize(sink.data());
  if (cpuRate)
    for (double r : rate)
      *cpuRate += r;
  return perThread * threads;
}

/// The FP32 peak of `threads` cores with `isa`, FLOP/s: the best of 20
/// trials of about 5 ms, each measured in the threads' CPU time (see
/// fmaAllThreads), so a loaded machine does not lower it.
double measurePeak(Isa isa, int threads) {
  double best = 0;
  for (int trial = 0; trial < 20; ++trial) {
    double rate = 0;
    fmaAllThreads(isa, threads, /*reps=*/4, &rate);
    best = std::max(best, rate);
  }
  return best;
}

/// threads -> FLOP/s, measured at startup.
std::map<int, double> PeakFlops;

void benchPeak(benchmark::State &state, Isa isa, int threads) {
  double flops = 0;
  for (auto _ : state)
    flops = fmaAllThreads(isa, threads);
  state.counters["FLOPs"] =
      benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["threads"] = threads;
  state.SetLabel(std::string(isaName(isa)) + " FMA loop, " +
                 std::to_string(PeakChains) + " independent chains");
}

//===----------------------------------------------------------------------===//
// Timing loop shared by dlc and oneDNN
//===----------------------------------------------------------------------===//

template <typename Fn>
void timeLoop(benchmark::State &state, const Layer &layer, int threads,
              Fn &&runOnce) {
  runOnce(); // warm-up: first-touch, caches, thread start-up
  auto start = std::chrono::steady_clock::now();
  double cpu = processCpuSeconds();
  for (auto _ : state) {
    runOnce();
    benchmark::ClobberMemory();
  }
  cpu = processCpuSeconds() - cpu;
  std::chrono::duration<double> s = std::chrono::steady_clock::now() - start;
  double flops = layer.flops(), total = flops * state.iterations();
  state.counters["FLOPs"] =
      benchmark::Counter(flops, benchmark::Counter::kIsIterationInvariantRate);
  double peak = PeakFlops[threads];
  if (peak > 0 && s.count() > 0)
    state.counters["peak%"] = 100.0 * total / s.count() / peak;
  // The same work over the CPU time the process got, against one core's
  // peak: how well the CPU time was used (spin-waiting counts as used),
  // which other tenants do not change.
  if (peak > 0 && cpu > 0)
    state.counters["cpu_peak%"] = 100.0 * total / cpu / (peak / threads);
  state.counters["threads"] = threads;
}

//===----------------------------------------------------------------------===//
// dlc
//===----------------------------------------------------------------------===//

std::string ModelsDir = DLC_KERNEL_MODELS;

bool fileExists(const std::string &path) {
  return std::ifstream(path).good();
}

std::string firstLine(const std::string &path, const std::string &prefer) {
  std::ifstream in(path);
  std::string line, first;
  while (std::getline(in, line)) {
    if (first.empty() && !line.empty())
      first = line;
    if (line.find(prefer) != std::string::npos)
      return line;
  }
  return first;
}

/// Other builds of dlc's layers to time beside ModelsDir's (--compare):
/// label -> directory, e.g. the same layers compiled with --conv-algo=NAME.
std::vector<std::pair<std::string, std::string>> CompareDirs;

/// dlc's algorithm for the layer, recorded at build time in ID.algo.
std::string dlcAlgo(const Layer &layer, const std::string &dir) {
  std::ifstream in(dir + "/" + layer.id() + ".algo");
  std::string algo;
  in >> algo;
  return algo.empty() ? "default" : algo;
}

void benchDlc(benchmark::State &state, const Layer &layer, int threads,
              const std::string &dir) {
  std::string base = dir + "/" + layer.id();
  if (!fileExists(base + ".so")) {
    if (fileExists(base + ".log"))
      state.SkipWithError(("dlc could not compile this layer: " +
                           firstLine(base + ".log", "error"))
                              .c_str());
    else
      state.SkipWithError(("no " + base +
                           ".so: build the `benchmarks` target (see "
                           "benchmarks/README.md)")
                              .c_str());
    return;
  }
  try {
    dlc::Model model = dlc::Model::load(base + ".so");
    model.setNumThreads(threads);
    std::vector<dlc::Tensor> inputs, outputs;
    unsigned seed = 1;
    for (const dlc::TensorInfo &info : model.inputs()) {
      dlc::Tensor t(info);
      std::vector<float> data = randomData(t.numElements(), seed++);
      std::memcpy(t.data<float>(), data.data(), t.byteSize());
      inputs.push_back(std::move(t));
    }
    for (const dlc::TensorInfo &info : model.outputs())
      outputs.emplace_back(info);
    std::vector<dlc::TensorView> in(inputs.begin(), inputs.end());
    std::vector<dlc::TensorView> out(outputs.begin(), outputs.end());
    timeLoop(state, layer, threads, [&] { model.run(in, out); });
    state.SetLabel(layer.geometry() + " algo=" + dlcAlgo(layer, dir));
  } catch (const dlc::Error &e) {
    state.SkipWithError(e.what());
  }
}

//===----------------------------------------------------------------------===//
// oneDNN
//===----------------------------------------------------------------------===//

void benchOneDnnConv(benchmark::State &state, const Layer &l, int threads) {
  using namespace dnnl;
  using tag = memory::format_tag;
  using dt = memory::data_type;
  omp_set_num_threads(threads);
  engine eng(engine::kind::cpu, 0);
  stream strm(eng);
  int64_t g = l.group();
  memory::dims srcDims{1, l.C(), l.H(), l.W()};
  memory::dims dstDims{1, l.K(), l.OH(), l.OW()};
  memory::dims weiDims =
      g > 1 ? memory::dims{g, l.K() / g, l.C() / g, l.R(), l.S()}
            : memory::dims{l.K(), l.C(), l.R(), l.S()};
  convolution_forward::desc desc(
      prop_kind::forward_inference, algorithm::convolution_auto,
      memory::desc(srcDims, dt::f32, tag::any),
      memory::desc(weiDims, dt::f32, tag::any),
      memory::desc(dstDims, dt::f32, tag::any), {l.stride(), l.stride()},
      {l.pad(), l.pad()}, {l.pad(), l.pad()});
  convolution_forward::primitive_desc pd(desc, eng);

  // Plain NCHW data reordered into oneDNN's chosen layouts, once.
  auto prepare = [&](const memory::dims &dims, tag plain,
                     const memory::desc &want, unsigned seed) {
    memory src({dims, dt::f32, plain}, eng);
    size_t elements = 1;
    for (int64_t d : dims)
      elements *= static_cast<size_t>(d);
    std::vector<float> data = randomData(elements, seed);
    std::memcpy(src.get_data_handle(), data.data(), data.size() * 4);
    if (src.get_desc() == want)
      return src;
    memory dst(want, eng);
    reorder(src, dst).execute(strm, src, dst);
    strm.wait();
    return dst;
  };
  memory src = prepare(srcDims, tag::nchw, pd.src_desc(), 1);
  memory wei = prepare(weiDims, g > 1 ? tag::goihw : tag::oihw,
                       pd.weights_desc(), 2);
  memory dst(pd.dst_desc(), eng);
  convolution_forward conv(pd);
  std::unordered_map<int, memory> args{
      {DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst}};
  timeLoop(state, l, threads, [&] {
    conv.execute(strm, args);
    strm.wait();
  });
  state.SetLabel(l.geometry() + " " + pd.impl_info_str());
}

void benchOneDnnGemm(benchmark::State &state, const Layer &l, int threads) {
  omp_set_num_threads(threads);
  int64_t M = l.M(), N = l.N(), K = l.GK();
  std::vector<float> a = randomData(M * K, 1), b = randomData(K * N, 2);
  std::vector<float> bias = randomData(N, 3), c(M * N);
  char transB = l.transB() ? 'T' : 'N';
  int64_t ldb = l.transB() ? K : N;
  float beta = l.bias() ? 1.0f : 0.0f;
  dnnl_status_t status = dnnl_success;
  timeLoop(state, l, threads, [&] {
    if (l.bias()) // Gemm's C = bias broadcast over rows, then beta = 1
      for (int64_t i = 0; i < M; ++i)
        std::memcpy(&c[i * N], bias.data(), N * sizeof(float));
    status = dnnl_sgemm('N', transB, M, N, K, 1.0f, a.data(), K, b.data(),
                        ldb, beta, c.data(), N);
  });
  if (status != dnnl_success)
    state.SkipWithError("dnnl_sgemm failed");
  state.SetLabel(l.geometry() + " dnnl_sgemm");
}

void benchOneDnn(benchmark::State &state, const Layer &layer, int threads) {
  try {
    if (layer.isConv())
      benchOneDnnConv(state, layer, threads);
    else
      benchOneDnnGemm(state, layer, threads);
  } catch (const dnnl::error &e) {
    state.SkipWithError((std::string("oneDNN: ") + e.what()).c_str());
  }
}

//===----------------------------------------------------------------------===//
// Command line
//===----------------------------------------------------------------------===//

std::vector<int> parseThreads(const std::string &list) {
  std::vector<int> threads;
  std::stringstream in(list);
  for (std::string item; std::getline(in, item, ',');) {
    char *end = nullptr;
    long n = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || n < 1 || n > 1024) {
      std::cerr << "dlc-kernel-bench: error: bad thread count '" << item
                << "' in '" << list << "'\n";
      std::exit(2);
    }
    threads.push_back(static_cast<int>(n));
  }
  return threads;
}

/// Removes `--name=value` from argv and returns value (or `fallback`).
std::string takeFlag(int &argc, char **argv, const std::string &name,
                     const std::string &fallback) {
  std::string prefix = "--" + name + "=", value = fallback;
  int out = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], prefix.c_str(), prefix.size()) == 0)
      value = argv[i] + prefix.size();
    else
      argv[out++] = argv[i];
  }
  argc = out;
  return value;
}

} // namespace

int main(int argc, char **argv) {
  // libgomp (oneDNN's threads) spin-waits when idle by default, which on a
  // machine shared with other work steals the cores a parallel region
  // waits for: block instead, as dlc's pool does, unless told otherwise.
  // libgomp reads the variable when it loads, hence the re-exec.
  bool ompSpin = false;
  for (int i = 1; i < argc; ++i)
    ompSpin |= !std::strcmp(argv[i], "--omp-spin");
  if (!ompSpin && !std::getenv("OMP_WAIT_POLICY")) {
    setenv("OMP_WAIT_POLICY", "passive", 1);
    execv("/proc/self/exe", argv); // on failure, go on as we are
  }
  {
    int out = 1;
    for (int i = 1; i < argc; ++i)
      if (std::strcmp(argv[i], "--omp-spin"))
        argv[out++] = argv[i];
    argc = out;
  }
  const char *envThreads = std::getenv("DLC_BENCH_THREADS");
  std::vector<int> threads = parseThreads(
      takeFlag(argc, argv, "threads", envThreads ? envThreads : "1"));
  std::string shapes = takeFlag(argc, argv, "shapes", DLC_KERNEL_SHAPES);
  ModelsDir = takeFlag(argc, argv, "models", DLC_KERNEL_MODELS);
  {
    std::stringstream list(takeFlag(argc, argv, "compare", ""));
    for (std::string item; std::getline(list, item, ',');) {
      size_t eq = item.find('=');
      if (eq == 0 || eq == std::string::npos || eq + 1 == item.size()) {
        std::cerr << "dlc-kernel-bench: error: expected --compare=LABEL=DIR"
                     "[,LABEL=DIR...], got '"
                  << item << "'\n";
        return 2;
      }
      CompareDirs.emplace_back(item.substr(0, eq), item.substr(eq + 1));
    }
  }
  for (int i = 1; i < argc; ++i)
    if (!std::strcmp(argv[i], "--help") || !std::strcmp(argv[i], "-h"))
      std::cout << "dlc-kernel-bench [--threads=1,2] [--shapes=FILE] "
                   "[--models=DIR] [--compare=LABEL=DIR,...] [--omp-spin] "
                   "[--benchmark_* flags]\n"
                   "  --threads  thread counts to run each layer at (default: "
                   "$DLC_BENCH_THREADS, else 1)\n"
                   "  --shapes   the layer table (default: "
                << DLC_KERNEL_SHAPES
                << ")\n"
                   "  --models   dlc's compiled layers (default: "
                << DLC_KERNEL_MODELS
                << ")\n"
                   "  --compare  also time the layers compiled into DIR (e.g. "
                   "with --conv-algo=NAME)\n"
                   "             as KIND/LAYER/dlc-LABEL/threads:N, next to "
                   "dlc and onednn\n"
                   "  --omp-spin leave OMP_WAIT_POLICY unset (libgomp spins); "
                   "by default it is\n"
                   "             set to passive unless the environment sets "
                   "it\n\n";
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 2;

  std::vector<Layer> layers = readShapes(shapes);
  std::vector<Isa> isas = peakIsas();
  for (int n : threads) {
    Isa best = Isa::None;
    for (Isa isa : isas) {
      double peak = measurePeak(isa, n);
      if (peak > PeakFlops[n]) {
        PeakFlops[n] = peak;
        best = isa;
      }
    }
    char value[64];
    std::snprintf(value, sizeof value, "%.1f (%s FMA loop)",
                  PeakFlops[n] / 1e9, isaName(best));
    benchmark::AddCustomContext("peak_gflops_threads:" + std::to_string(n),
                                value);
  }
  const dnnl_version_t *v = dnnl_version();
  benchmark::AddCustomContext("onednn", std::to_string(v->major) + "." +
                                            std::to_string(v->minor) + "." +
                                            std::to_string(v->patch));
  benchmark::AddCustomContext("dlc_models", ModelsDir);
  const char *waitPolicy = std::getenv("OMP_WAIT_POLICY");
  benchmark::AddCustomContext("omp_wait_policy",
                              waitPolicy ? waitPolicy : "(default)");

  size_t built = 0;
  for (const Layer &layer : layers)
    built += fileExists(ModelsDir + "/" + layer.id() + ".so");
  if (built < layers.size())
    std::cerr << "dlc-kernel-bench: " << layers.size() - built << " of "
              << layers.size() << " dlc layer models are missing in "
              << ModelsDir
              << " (build the `benchmarks` target; layers dlc cannot compile "
                 "have a .log there)\n";

  for (Isa isa : isas)
    for (int n : threads)
      benchmark::RegisterBenchmark(("peak/" + std::string(isaName(isa)) +
                                    "/threads:" + std::to_string(n))
                                       .c_str(),
                                   benchPeak, isa, n)
          ->UseRealTime();
  for (const Layer &layer : layers)
    for (int n : threads) {
      std::string base = layer.kind + "/" + layer.name + "/";
      std::string suffix = "/threads:" + std::to_string(n);
      benchmark::RegisterBenchmark((base + "dlc" + suffix).c_str(), benchDlc,
                                   layer, n, ModelsDir)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
      for (const auto &[label, dir] : CompareDirs)
        benchmark::RegisterBenchmark((base + "dlc-" + label + suffix).c_str(),
                                     benchDlc, layer, n, dir)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
      benchmark::RegisterBenchmark((base + "onednn" + suffix).c_str(),
                                   benchOneDnn, layer, n)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
