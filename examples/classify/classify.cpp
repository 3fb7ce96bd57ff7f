//===- classify.cpp - Run a classifier compiled by dlc
//----------------------===//
//
//   dlc-classify model.so [input.bin]
//
// Loads a model.so made by `dlc model.onnx -o model.so` that has one f32
// input and one f32 output, feeds it input.bin (raw little-endian f32 values,
// exactly the input's size) or, without a file, seeded random values in
// [0, 1), and prints the five highest-scoring classes.
//
// It uses only the public C++ API, <dlc/runtime.hpp>. In your own CMake
// project:
//
//   find_package(dlc REQUIRED)
//   target_link_libraries(app PRIVATE dlc::runtime)
//
//===----------------------------------------------------------------------===//

#include <dlc/runtime.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr unsigned RandomSeed = 0;

std::string describe(const dlc::TensorInfo &info) {
  std::string Shape;
  for (size_t I = 0; I < info.shape.size(); ++I)
    Shape += (I ? "x" : "") + std::to_string(info.shape[I]);
  return "'" + info.name + "' " + dlc::dtypeName(info.dtype) + "[" + Shape +
         "]";
}

/// Reads `path` into `input`: raw little-endian f32 values, exactly as many
/// as the input holds. Throws std::runtime_error on any mismatch.
void readInput(const std::string &path, const dlc::TensorInfo &info,
               dlc::Tensor &input) {
  std::ifstream File(path, std::ios::binary | std::ios::ate);
  if (!File)
    throw std::runtime_error(path + ": cannot open");
  std::streamoff Size = File.tellg();
  if (Size != static_cast<std::streamoff>(input.byteSize()))
    throw std::runtime_error(
        path + ": expected " + std::to_string(input.byteSize()) +
        " bytes for input " + describe(info) + ", got " + std::to_string(Size));
  std::vector<unsigned char> Bytes(input.byteSize());
  File.seekg(0);
  if (!File.read(reinterpret_cast<char *>(Bytes.data()), Size))
    throw std::runtime_error(path + ": read failed");

  // Decode explicitly so the file format does not depend on the host.
  float *Values = input.data<float>();
  for (size_t I = 0; I < input.numElements(); ++I) {
    const unsigned char *B = &Bytes[4 * I];
    uint32_t Bits = uint32_t(B[0]) | uint32_t(B[1]) << 8 |
                    uint32_t(B[2]) << 16 | uint32_t(B[3]) << 24;
    std::memcpy(&Values[I], &Bits, sizeof(float));
  }
}

void fillRandom(dlc::Tensor &input) {
  std::mt19937 Generator(RandomSeed);
  std::uniform_real_distribution<float> Uniform(0.0f, 1.0f);
  float *Values = input.data<float>();
  for (size_t I = 0; I < input.numElements(); ++I)
    Values[I] = Uniform(Generator);
}

int classify(const std::string &modelPath, const char *inputPath) {
  dlc::Model Model = dlc::Model::load(modelPath);
  if (Model.inputs().size() != 1 || Model.outputs().size() != 1 ||
      Model.inputs()[0].dtype != dlc::DType::F32 ||
      Model.outputs()[0].dtype != dlc::DType::F32) {
    std::cerr << "dlc-classify: " << modelPath
              << ": expected one f32 input and one f32 output, got inputs";
    for (const dlc::TensorInfo &Info : Model.inputs())
      std::cerr << " " << describe(Info);
    std::cerr << "; outputs";
    for (const dlc::TensorInfo &Info : Model.outputs())
      std::cerr << " " << describe(Info);
    std::cerr << "\n";
    return 1;
  }
  const dlc::TensorInfo &InputInfo = Model.inputs()[0];
  const dlc::TensorInfo &OutputInfo = Model.outputs()[0];

  // Tensors allocated once with the model's shapes; run() writes Scores.
  dlc::Tensor Input(InputInfo), Scores(OutputInfo);
  if (inputPath)
    readInput(inputPath, InputInfo, Input);
  else
    fillRandom(Input);
  Model.run({Input}, {Scores});

  std::cout << "model:  " << modelPath << " (" << Model.name() << ", "
            << Model.producer() << ")\n"
            << "input:  " << describe(InputInfo) << " from "
            << (inputPath
                    ? inputPath
                    : "random values (seed " + std::to_string(RandomSeed) + ")")
            << "\n"
            << "output: " << describe(OutputInfo) << "\n";

  // The top five (or fewer) classes, highest score first.
  const float *Values = Scores.data<float>();
  std::vector<size_t> Classes(Scores.numElements());
  std::iota(Classes.begin(), Classes.end(), 0);
  size_t Top = std::min<size_t>(5, Classes.size());
  std::partial_sort(Classes.begin(), Classes.begin() + Top, Classes.end(),
                    [&](size_t A, size_t B) {
                      return Values[A] > Values[B] ||
                             (Values[A] == Values[B] && A < B);
                    });

  std::cout << "top-" << Top << ":\n  rank   class        score\n";
  for (size_t Rank = 0; Rank < Top; ++Rank) {
    char Line[64];
    std::snprintf(Line, sizeof(Line), "  %4zu  %6zu  %11.6g\n", Rank + 1,
                  Classes[Rank], Values[Classes[Rank]]);
    std::cout << Line;
  }
  return 0;
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    std::cerr << "usage: dlc-classify model.so [input.bin]\n"
                 "  input.bin: raw little-endian f32 values of the model's "
                 "input size;\n"
                 "  without it, seeded random values in [0, 1) are used.\n";
    return 2;
  }
  try {
    return classify(argv[1], argc == 3 ? argv[2] : nullptr);
  } catch (const std::exception &E) {
    std::cerr << "dlc-classify: " << E.what() << "\n";
    return 1;
  }
}
