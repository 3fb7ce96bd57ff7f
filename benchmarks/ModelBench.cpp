//===- ModelBench.cpp - Latency of compiled models through the runtime ----===//
//
//   dlc-model-bench model.so [more.so ...] [--benchmark_* flags]
//
// Runs each model.so through dlc::Model with seeded random inputs and
// reports Google Benchmark's timing of one run (zero-copy API, outputs
// preallocated), so the numbers are the model's compute, not the runtime's.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime.hpp"

#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>
#include <random>

namespace {

void benchmarkModel(benchmark::State &state, const std::string &path) {
  dlc::Model model = dlc::Model::load(path);
  std::mt19937 rng(42);
  std::normal_distribution<float> normal;
  std::vector<dlc::Tensor> inputs, outputs;
  for (const dlc::TensorInfo &info : model.inputs()) {
    dlc::Tensor tensor(info);
    if (info.dtype == dlc::DType::F32)
      for (size_t i = 0; i < tensor.numElements(); ++i)
        tensor.data<float>()[i] = normal(rng);
    inputs.push_back(std::move(tensor));
  }
  for (const dlc::TensorInfo &info : model.outputs())
    outputs.emplace_back(info);
  std::vector<dlc::TensorView> in(inputs.begin(), inputs.end());
  std::vector<dlc::TensorView> out(outputs.begin(), outputs.end());
  for (auto _ : state) {
    model.run(in, out);
    benchmark::ClobberMemory();
  }
  state.counters["threads"] = model.numThreads();
}

} // namespace

int main(int argc, char **argv) {
  benchmark::Initialize(&argc, argv);
  int models = 0;
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--", 2) == 0)
      continue;
    std::string path = argv[i];
    benchmark::RegisterBenchmark(("run/" + path).c_str(), benchmarkModel, path)
        ->Unit(benchmark::kMillisecond)
        ->UseRealTime();
    ++models;
  }
  if (models == 0) {
    std::cerr << "usage: dlc-model-bench model.so [more.so ...] "
                 "[--benchmark_* flags]\n";
    return 2;
  }
  try {
    benchmark::RunSpecifiedBenchmarks();
  } catch (const dlc::Error &e) {
    std::cerr << "dlc-model-bench: error: " << e.what() << "\n";
    return 1;
  }
  benchmark::Shutdown();
  return 0;
}
