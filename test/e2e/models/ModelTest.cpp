//===- ModelTest.cpp - Compiled models against torch's reference outputs --===//
//
//   dlc-model-tests [gtest flags] [--atol=1e-5] DIR/MODEL.so ...
//
// For each compiled model (default: the space-separated paths in the
// environment variable DLC_E2E_MODELS), reads DIR/input_K.bin and
// DIR/output_K.bin (raw little-endian f32, written by test/models/ with
// torch), runs the model through the dlc C++ runtime and registers a test
// suite named after DIR (plus the .so's suffix, "lenet5/model.O3.so" ->
// lenet5_O3) that checks
//   - the inputs and outputs the model describes fit the reference files,
//   - every output is within --atol of torch's (max abs error) and has the
//     same argmax,
//   - repeated and concurrent runs give bit-identical outputs.
//
//===----------------------------------------------------------------------===//

#include "dlc/runtime.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

double Atol = 1e-5;

std::string dirName(const std::string &Path) {
  size_t Slash = Path.find_last_of('/');
  return Slash == std::string::npos ? "." : Path.substr(0, Slash);
}

std::string baseName(const std::string &Path) {
  size_t Slash = Path.find_last_of('/');
  return Slash == std::string::npos ? Path : Path.substr(Slash + 1);
}

/// "models/lenet5/model.O3.so" -> "lenet5_O3"; "x/net/model.so" -> "net".
std::string suiteName(const std::string &SoPath) {
  std::string Name = baseName(dirName(SoPath));
  std::string Stem = baseName(SoPath);
  if (Stem.size() > 3 && Stem.compare(Stem.size() - 3, 3, ".so") == 0)
    Stem.resize(Stem.size() - 3);
  if (Stem.rfind("model", 0) == 0)
    Stem = Stem.substr(5);
  Name += Stem;
  for (char &C : Name)
    if (!std::isalnum(static_cast<unsigned char>(C)))
      C = '_';
  return Name;
}

bool readFloats(const std::string &Path, std::vector<float> &Values) {
  std::ifstream In(Path, std::ios::binary);
  if (!In)
    return false;
  std::vector<char> Bytes((std::istreambuf_iterator<char>(In)),
                          std::istreambuf_iterator<char>());
  // A size that is not a multiple of 4 shows up as an element count that
  // does not fit the model's shape.
  Values.resize(Bytes.size() / sizeof(float));
  std::memcpy(Values.data(), Bytes.data(), Values.size() * sizeof(float));
  return true;
}

std::string shapeString(const std::vector<int64_t> &Shape) {
  std::ostringstream OS;
  OS << "[";
  for (size_t I = 0; I < Shape.size(); ++I)
    OS << (I ? "," : "") << Shape[I];
  OS << "]";
  return OS.str();
}

/// Reads DIR/input_K.bin and DIR/output_K.bin as far as they exist.
std::vector<std::vector<float>> readAll(const std::string &Dir,
                                        const char *Prefix) {
  std::vector<std::vector<float>> Result;
  for (;;) {
    std::vector<float> Values;
    if (!readFloats(Dir + "/" + Prefix + std::to_string(Result.size()) +
                        ".bin",
                    Values))
      return Result;
    Result.push_back(std::move(Values));
  }
}

class ModelTest : public testing::Test {
public:
  explicit ModelTest(std::string SoPath) : SoPath(std::move(SoPath)) {}

protected:
  void SetUp() override {
    try {
      Model = std::make_unique<dlc::Model>(dlc::Model::load(SoPath));
    } catch (const dlc::Error &E) {
      FAIL() << "cannot load " << SoPath << ": " << E.what();
    }
    std::string Dir = dirName(SoPath);
    Inputs = readAll(Dir, "input_");
    Expected = readAll(Dir, "output_");
    ASSERT_FALSE(Inputs.empty()) << "no " << Dir << "/input_0.bin";
    ASSERT_FALSE(Expected.empty()) << "no " << Dir << "/output_0.bin";
    checkDescription();
  }

  /// The model's inputs/outputs must be f32 and match the files in number
  /// and size; fatal, since nothing else can be checked otherwise.
  void checkDescription() {
    ASSERT_EQ(Model->inputs().size(), Inputs.size())
        << "the model has a different number of inputs than input_K.bin files";
    ASSERT_EQ(Model->outputs().size(), Expected.size())
        << "the model has a different number of outputs than output_K.bin "
           "files";
    auto Check = [](const dlc::TensorInfo &Info, size_t FileElements,
                    const char *What, size_t K) {
      ASSERT_EQ(Info.dtype, dlc::DType::F32)
          << What << " " << K << " '" << Info.name << "' is "
          << dlc::dtypeName(Info.dtype);
      ASSERT_EQ(Info.numElements(), FileElements)
          << What << " " << K << " '" << Info.name << "' "
          << shapeString(Info.shape) << " vs the reference file";
    };
    for (size_t K = 0; K < Inputs.size(); ++K)
      ASSERT_NO_FATAL_FAILURE(
          Check(Model->inputs()[K], Inputs[K].size(), "input", K));
    for (size_t K = 0; K < Expected.size(); ++K)
      ASSERT_NO_FATAL_FAILURE(
          Check(Model->outputs()[K], Expected[K].size(), "output", K));
  }

  /// Runs the model on the reference inputs.
  std::vector<std::vector<float>> runOnce() const {
    std::vector<std::vector<float>> Outputs;
    std::vector<dlc::TensorView> In, Out;
    for (size_t K = 0; K < Inputs.size(); ++K)
      In.emplace_back(Inputs[K].data(), Model->inputs()[K]);
    for (size_t K = 0; K < Expected.size(); ++K)
      Outputs.emplace_back(Expected[K].size(), std::nanf(""));
    for (size_t K = 0; K < Expected.size(); ++K)
      Out.emplace_back(Outputs[K].data(), Model->outputs()[K]);
    Model->run(In, Out);
    return Outputs;
  }

  std::string SoPath;
  std::unique_ptr<dlc::Model> Model;
  std::vector<std::vector<float>> Inputs, Expected;
};

class MatchesTorch : public ModelTest {
public:
  using ModelTest::ModelTest;

private:
  void TestBody() override {
    std::vector<std::vector<float>> Got = runOnce();
    for (size_t K = 0; K < Got.size(); ++K) {
      const std::vector<float> &A = Got[K], &B = Expected[K];
      double MaxErr = 0;
      size_t Worst = 0, NonFinite = 0;
      for (size_t I = 0; I < A.size(); ++I) {
        if (!std::isfinite(A[I])) {
          ++NonFinite;
          continue;
        }
        double Err = std::fabs(double(A[I]) - double(B[I]));
        if (Err > MaxErr) {
          MaxErr = Err;
          Worst = I;
        }
      }
      const std::string &Name = Model->outputs()[K].name;
      EXPECT_EQ(NonFinite, 0u) << "output '" << Name << "' has " << NonFinite
                               << " NaN/inf values (unwritten?)";
      EXPECT_LE(MaxErr, Atol)
          << "output '" << Name << "': max |dlc - torch| at flat index "
          << Worst << ": dlc " << A[Worst] << ", torch " << B[Worst];
      size_t ArgA = std::max_element(A.begin(), A.end()) - A.begin();
      size_t ArgB = std::max_element(B.begin(), B.end()) - B.begin();
      EXPECT_EQ(ArgA, ArgB) << "output '" << Name << "': dlc's argmax "
                            << ArgA << " (" << A[ArgA] << ") vs torch's "
                            << ArgB << " (" << B[ArgB] << ")";
      RecordProperty("max_abs_error_" + std::to_string(K),
                     std::to_string(MaxErr));
      std::printf("  output '%s' %s: max |dlc - torch| = %.3g (atol %.3g)\n",
                  Name.c_str(), shapeString(Model->outputs()[K].shape).c_str(),
                  MaxErr, Atol);
    }
  }
};

class RepeatedRunsAreBitIdentical : public ModelTest {
public:
  using ModelTest::ModelTest;

private:
  void TestBody() override {
    std::vector<std::vector<float>> First = runOnce();
    for (int Round = 0; Round < 3; ++Round) {
      std::vector<std::vector<float>> Again = runOnce();
      for (size_t K = 0; K < First.size(); ++K)
        ASSERT_EQ(0, std::memcmp(First[K].data(), Again[K].data(),
                                 First[K].size() * sizeof(float)))
            << "output " << K << " changed on run " << Round + 2;
    }
  }
};

class ConcurrentRunsAgree : public ModelTest {
public:
  using ModelTest::ModelTest;

private:
  void TestBody() override {
    std::vector<std::vector<float>> Serial = runOnce();
    constexpr int NumThreads = 4, RunsPerThread = 4;
    std::vector<int> Mismatches(NumThreads, 0), Failures(NumThreads, 0);
    std::vector<std::thread> Threads;
    for (int T = 0; T < NumThreads; ++T)
      Threads.emplace_back([&, T] {
        for (int R = 0; R < RunsPerThread; ++R) {
          try {
            std::vector<std::vector<float>> Got = runOnce();
            for (size_t K = 0; K < Got.size(); ++K)
              Mismatches[T] +=
                  std::memcmp(Got[K].data(), Serial[K].data(),
                              Got[K].size() * sizeof(float)) != 0;
          } catch (const dlc::Error &) {
            ++Failures[T];
          }
        }
      });
    for (std::thread &Thread : Threads)
      Thread.join();
    for (int T = 0; T < NumThreads; ++T) {
      EXPECT_EQ(Failures[T], 0) << "thread " << T << ": run() threw";
      EXPECT_EQ(Mismatches[T], 0)
          << "thread " << T << ": outputs differ from a serial run";
    }
  }
};

template <typename T> void registerTest(const std::string &Suite,
                                        const char *Name,
                                        const std::string &SoPath) {
  testing::RegisterTest(Suite.c_str(), Name, nullptr, nullptr,
                        __FILE__, __LINE__,
                        [=]() -> ModelTest * { return new T(SoPath); });
}

} // namespace

int main(int Argc, char **Argv) {
  testing::InitGoogleTest(&Argc, Argv);
  std::vector<std::string> Models;
  for (int I = 1; I < Argc; ++I) {
    std::string Arg = Argv[I];
    if (Arg.rfind("--atol=", 0) == 0) {
      Atol = std::strtod(Arg.c_str() + 7, nullptr);
    } else if (!Arg.empty() && Arg[0] == '-') {
      std::fprintf(stderr, "dlc-model-tests: error: unknown option '%s'\n",
                   Arg.c_str());
      return 2;
    } else {
      Models.push_back(Arg);
    }
  }
  if (Models.empty())
    if (const char *Env = std::getenv("DLC_E2E_MODELS")) {
      std::istringstream IS(Env);
      for (std::string Path; IS >> Path;)
        Models.push_back(Path);
    }
  if (Models.empty()) {
    std::fprintf(stderr,
                 "usage: dlc-model-tests [gtest flags] [--atol=X] "
                 "DIR/MODEL.so ...\n(or set DLC_E2E_MODELS)\n");
    return 2;
  }
  for (const std::string &SoPath : Models) {
    std::string Suite = suiteName(SoPath);
    registerTest<MatchesTorch>(Suite, "MatchesTorchWithinAtolWithSameArgmax",
                               SoPath);
    registerTest<RepeatedRunsAreBitIdentical>(
        Suite, "RepeatedRunsAreBitIdentical", SoPath);
    registerTest<ConcurrentRunsAgree>(Suite, "ConcurrentRunsAgreeWithSerial",
                                      SoPath);
  }
  return RUN_ALL_TESTS();
}
