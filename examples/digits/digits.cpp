//===- digits.cpp - Classify held-out digits with a dlc-compiled CNN ------===//
//
// Loads digits.so (compiled by `dlc digits.onnx -o digits.so` from the model
// train.py exports) through the dlc C++ runtime, classifies each held-out
// 8x8 digit one at a time, and prints the accuracy in the format of
// torch_accuracy.txt:
//
//   dlc-digits digits.so DATA_DIR [--expect torch_accuracy.txt]
//
// DATA_DIR holds train.py's test_images.bin (f32 [N,1,8,8]) and
// test_labels.bin (int32 [N]); when torch_logits.bin is there too, the
// largest difference from torch's logits is reported as well. With --expect,
// exits 1 unless the accuracy line equals the file's first line.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

namespace {

constexpr size_t NumClasses = 10;
constexpr size_t ImageSize = 8 * 8;

const char *Usage = "usage: dlc-digits MODEL.so DATA_DIR [--expect FILE]";

/// Thrown for bad input files or arguments; main prints it and exits 2.
struct InputError {
  std::string Message;
};

/// The whole of a raw little-endian file as elements of T.
template <typename T> std::vector<T> readRaw(const std::string &Path) {
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    throw InputError{Path + ": error: cannot open"};
  std::vector<char> Bytes((std::istreambuf_iterator<char>(In)),
                          std::istreambuf_iterator<char>());
  if (Bytes.size() % sizeof(T) != 0)
    throw InputError{Path + ": error: " + std::to_string(Bytes.size()) +
                     " bytes is not a whole number of " +
                     std::to_string(sizeof(T)) + "-byte elements"};
  std::vector<T> Values(Bytes.size() / sizeof(T));
  std::copy(Bytes.begin(), Bytes.end(), reinterpret_cast<char *>(Values.data()));
  return Values;
}

bool fileExists(const std::string &Path) {
  return static_cast<bool>(std::ifstream(Path));
}

/// Must match format_accuracy() in train.py: --expect compares the two
/// lines byte for byte.
std::string formatAccuracy(size_t Correct, size_t Total) {
  char Buffer[96];
  std::snprintf(Buffer, sizeof(Buffer), "accuracy: %zu/%zu (%.2f%%)", Correct,
                Total, 100.0 * static_cast<double>(Correct) /
                           static_cast<double>(Total));
  return Buffer;
}

std::string formatShape(const std::vector<int64_t> &Shape) {
  std::string S = "[";
  for (size_t I = 0; I < Shape.size(); ++I)
    S += (I ? "," : "") + std::to_string(Shape[I]);
  return S + "]";
}

size_t argmax(const float *Values, size_t N) {
  return static_cast<size_t>(std::max_element(Values, Values + N) - Values);
}

std::string firstLine(const std::string &Path) {
  std::ifstream In(Path);
  if (!In)
    throw InputError{Path + ": error: cannot open"};
  std::string Line;
  std::getline(In, Line);
  while (!Line.empty() && (Line.back() == '\r' || Line.back() == ' '))
    Line.pop_back();
  return Line;
}

int run(int Argc, char **Argv) {
  std::vector<std::string> Positional;
  std::optional<std::string> ExpectPath;
  for (int I = 1; I < Argc; ++I) {
    std::string Arg = Argv[I];
    if (Arg == "--expect" && I + 1 < Argc) {
      ExpectPath = Argv[++I];
    } else if (Arg.rfind("--expect=", 0) == 0) {
      ExpectPath = Arg.substr(9);
    } else if (Arg == "-h" || Arg == "--help") {
      std::cout << Usage << "\n";
      return 0;
    } else if (!Arg.empty() && Arg[0] == '-') {
      throw InputError{"dlc-digits: error: unknown option '" + Arg + "'\n" +
                       Usage};
    } else {
      Positional.push_back(Arg);
    }
  }
  if (Positional.size() != 2)
    throw InputError{std::string("dlc-digits: error: expected MODEL.so and "
                                 "DATA_DIR\n") +
                     Usage};
  const std::string &ModelPath = Positional[0];
  const std::string &DataDir = Positional[1];

  dlc::Model Model = dlc::Model::load(ModelPath);
  if (Model.inputs().size() != 1 || Model.outputs().size() != 1)
    throw InputError{ModelPath + ": error: expected 1 input and 1 output, got " +
                     std::to_string(Model.inputs().size()) + " and " +
                     std::to_string(Model.outputs().size())};
  const dlc::TensorInfo &In = Model.inputs()[0];
  const dlc::TensorInfo &Out = Model.outputs()[0];
  if (In.dtype != dlc::DType::F32 || In.numElements() != ImageSize ||
      Out.dtype != dlc::DType::F32 || Out.numElements() != NumClasses)
    throw InputError{ModelPath + ": error: expected a batch-1 f32 model " +
                     "with 64 input and 10 output values, got " + In.name +
                     " " + dlc::dtypeName(In.dtype) + formatShape(In.shape) +
                     " -> " + Out.name + " " + dlc::dtypeName(Out.dtype) +
                     formatShape(Out.shape)};

  std::string ImagesPath = DataDir + "/test_images.bin";
  std::string LabelsPath = DataDir + "/test_labels.bin";
  std::vector<float> Images = readRaw<float>(ImagesPath);
  std::vector<int32_t> Labels = readRaw<int32_t>(LabelsPath);
  if (Labels.empty() || Images.size() != Labels.size() * ImageSize)
    throw InputError{ImagesPath + ": error: " + std::to_string(Images.size()) +
                     " floats for " + std::to_string(Labels.size()) +
                     " labels in " + LabelsPath + " (64 per image expected)"};
  const size_t N = Labels.size();

  std::cout << "model: " << ModelPath << " (graph '" << Model.name()
            << "', " << Model.producer() << ", " << In.name << " "
            << formatShape(In.shape) << " -> " << Out.name << " "
            << formatShape(Out.shape) << ")\n";
  std::cout << "images: " << N << " from " << ImagesPath << "\n";

  // One image at a time, straight from the loaded buffer into the logits
  // buffer: no copies, no allocation per image.
  std::vector<float> Logits(N * NumClasses);
  size_t Correct = 0;
  for (size_t I = 0; I < N; ++I) {
    float *Y = Logits.data() + I * NumClasses;
    Model.run({dlc::TensorView(Images.data() + I * ImageSize, In)},
              {dlc::TensorView(Y, Out)});
    if (argmax(Y, NumClasses) == static_cast<size_t>(Labels[I]))
      ++Correct;
  }
  std::string Accuracy = formatAccuracy(Correct, N);
  std::cout << Accuracy << "\n";

  std::string TorchLogitsPath = DataDir + "/torch_logits.bin";
  if (fileExists(TorchLogitsPath)) {
    std::vector<float> Torch = readRaw<float>(TorchLogitsPath);
    if (Torch.size() != Logits.size())
      throw InputError{TorchLogitsPath + ": error: " +
                       std::to_string(Torch.size()) + " floats, expected " +
                       std::to_string(Logits.size())};
    double MaxDiff = 0;
    size_t Disagree = 0;
    for (size_t I = 0; I < N; ++I) {
      const float *A = Logits.data() + I * NumClasses;
      const float *B = Torch.data() + I * NumClasses;
      for (size_t K = 0; K < NumClasses; ++K)
        MaxDiff = std::max(MaxDiff, std::fabs(double(A[K]) - double(B[K])));
      Disagree += argmax(A, NumClasses) != argmax(B, NumClasses);
    }
    std::printf("vs torch: max |logit difference| %.3g, %zu of %zu "
                "predictions differ\n",
                MaxDiff, Disagree, N);
  }

  if (!ExpectPath)
    return 0;
  std::string Expected = firstLine(*ExpectPath);
  std::cout << "expected (" << *ExpectPath << "): " << Expected << "\n";
  if (Expected != Accuracy) {
    std::cerr << "dlc-digits: error: dlc's " << Accuracy
              << " differs from the expected " << Expected << "\n";
    return 1;
  }
  std::cout << "OK: the same accuracy as expected\n";
  return 0;
}

} // namespace

int main(int Argc, char **Argv) {
  try {
    return run(Argc, Argv);
  } catch (const InputError &E) {
    std::cerr << E.Message << "\n";
    return 2;
  } catch (const dlc::Error &E) {
    std::cerr << "dlc-digits: error: " << E.what() << "\n";
    return 2;
  }
}
