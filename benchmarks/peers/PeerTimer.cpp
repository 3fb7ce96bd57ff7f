//===- PeerTimer.cpp - dlc's side of the peer comparison -------------------===//
//
//   dlc-peer-timer model.so [FILE ...]
//
// Loads model.so and its inputs (FILE K: raw little-endian data of input K,
// in model order; seeded random data for inputs not given), then answers
// commands on stdin, one JSON line each, so that benchmarks/peers/compare.py
// can interleave it with ONNX Runtime and PyTorch without reloading:
//
//   threads N   Model::setNumThreads(N)       -> {"threads": N}
//   run K       K timed runs                  -> {"ms": [t1, ..., tK]}
//   quit
//
// The first line it prints is {"ready": true, "load_ms": T}. Runs use the
// zero-copy Model::run over preallocated outputs, so a time is the model's
// compute. Used until `dlc bench` exists; compare.py prefers that.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime.hpp"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

void fail(const std::string &message) {
  std::cout << "{\"error\": \"";
  for (char c : message)
    if (c == '"' || c == '\\')
      std::cout << '\\' << c;
    else if (c == '\n')
      std::cout << "\\n";
    else
      std::cout << c;
  std::cout << "\"}" << std::endl;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2 || !std::strcmp(argv[1], "--help")) {
    std::cerr << "usage: dlc-peer-timer model.so [input-file ...]  "
                 "(commands on stdin: threads N | run K | quit)\n";
    return 2;
  }
  try {
    auto start = Clock::now();
    dlc::Model model = dlc::Model::load(argv[1]);
    std::vector<dlc::Tensor> inputs, outputs;
    for (size_t i = 0; i < model.inputs().size(); ++i) {
      dlc::Tensor tensor(model.inputs()[i]);
      if (2 + i < static_cast<size_t>(argc)) {
        std::ifstream in(argv[2 + i], std::ios::binary | std::ios::ate);
        if (!in || static_cast<size_t>(in.tellg()) != tensor.byteSize()) {
          fail(std::string(argv[2 + i]) + ": missing, or not " +
               std::to_string(tensor.byteSize()) + " bytes");
          return 1;
        }
        in.seekg(0);
        in.read(static_cast<char *>(tensor.data()), tensor.byteSize());
      } else if (tensor.dtype() == dlc::DType::F32) {
        std::mt19937 rng(static_cast<unsigned>(i));
        std::normal_distribution<float> normal;
        for (size_t k = 0; k < tensor.numElements(); ++k)
          tensor.data<float>()[k] = normal(rng);
      }
      inputs.push_back(std::move(tensor));
    }
    for (const dlc::TensorInfo &info : model.outputs())
      outputs.emplace_back(info);
    std::vector<dlc::TensorView> in(inputs.begin(), inputs.end());
    std::vector<dlc::TensorView> out(outputs.begin(), outputs.end());
    std::cout << "{\"ready\": true, \"load_ms\": " << msSince(start) << "}"
              << std::endl;

    for (std::string line; std::getline(std::cin, line);) {
      std::istringstream command(line);
      std::string verb;
      long n = 0;
      command >> verb >> n;
      if (verb == "quit")
        break;
      if (verb == "threads" && n > 0) {
        model.setNumThreads(static_cast<int>(n));
        std::cout << "{\"threads\": " << model.numThreads() << "}"
                  << std::endl;
      } else if (verb == "run" && n > 0) {
        std::ostringstream times;
        for (long k = 0; k < n; ++k) {
          auto t = Clock::now();
          model.run(in, out);
          times << (k ? ", " : "") << msSince(t);
        }
        std::cout << "{\"ms\": [" << times.str() << "]}" << std::endl;
      } else {
        fail("unknown command '" + line + "'");
      }
    }
  } catch (const dlc::Error &e) {
    fail(e.what());
    return 1;
  }
  return 0;
}
