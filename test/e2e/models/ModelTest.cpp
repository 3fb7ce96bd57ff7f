//===- ModelTest.cpp - Compiled models against torch's reference outputs --===//
//
//   dlc-model-tests [gtest flags] [--atol=1e-5] DIR/MODEL.so ...
//
// For each compiled model (default: the space-separated paths in the
// environment variable DLC_E2E_MODELS), reads DIR/input_K.bin and
// DIR/output_K.bin (raw little-endian f32, written by test/models/ with
// torch) with DLCSupport, runs the model through the dlc C++ runtime and
// registers a test suite named after DIR (plus the .so's suffix,
// "lenet5/model.O3.so" -> lenet5_O3) that checks
//   - the model's f32 inputs and outputs fit the reference files (one file
//     each, of the right size),
//   - every output is within --atol of torch's (max abs error) and has the
//     same argmax,
//   - repeated and concurrent runs give bit-identical outputs.
//
//===----------------------------------------------------------------------===//

#include "dlc/Support/TensorFiles.h"
#include "dlc/runtime.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

using dlc::support::HostTensor;

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

bool fileExists(const std::string &Path) {
  return static_cast<bool>(std::ifstream(Path));
}

/// Largest |A - B| over all elements (both f32, same size).
double maxAbsDiff(const HostTensor &A, const HostTensor &B) {
  double Max = 0;
  for (int64_t I = 0; I < A.numElements(); ++I)
    Max = std::max(Max, std::fabs(A.elementAsDouble(I) - B.elementAsDouble(I)));
  return Max;
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
    ASSERT_NO_FATAL_FAILURE(readFiles(Dir + "/input_", Model->inputs(), Inputs));
    ASSERT_NO_FATAL_FAILURE(
        readFiles(Dir + "/output_", Model->outputs(), Expected));
  }

  /// Reads PREFIX0.bin, PREFIX1.bin, ... as the f32 tensors `Infos`
  /// describe; there must be exactly one file per tensor.
  static void readFiles(const std::string &Prefix,
                        const std::vector<dlc::TensorInfo> &Infos,
                        std::vector<HostTensor> &Out) {
    for (size_t K = 0; K < Infos.size(); ++K) {
      ASSERT_EQ(Infos[K].dtype, dlc::DType::F32)
          << "'" << Infos[K].name << "' is " << dlc::dtypeName(Infos[K].dtype);
      std::string Error;
      Out.emplace_back();
      ASSERT_TRUE(dlc::support::readRawFile(Prefix + std::to_string(K) + ".bin",
                                            DLC_DTYPE_F32, Infos[K].shape,
                                            Out.back(), Error))
          << Error << " (for '" << Infos[K].name << "')";
    }
    std::string Extra = Prefix + std::to_string(Infos.size()) + ".bin";
    ASSERT_FALSE(fileExists(Extra))
        << Extra << " exists, but the model has only " << Infos.size();
  }

  /// Runs the model on the reference inputs. Outputs start as NaN, so one the
  /// model does not write shows up as a mismatch.
  std::vector<HostTensor> runOnce() const {
    std::vector<HostTensor> Outputs;
    std::vector<dlc::TensorView> In, Out;
    for (size_t K = 0; K < Inputs.size(); ++K)
      In.emplace_back(Inputs[K].data(), Model->inputs()[K]);
    for (const dlc::TensorInfo &Info : Model->outputs()) {
      Outputs.emplace_back(DLC_DTYPE_F32, Info.shape);
      std::fill_n(Outputs.back().dataAs<float>(), Info.numElements(),
                  std::numeric_limits<float>::quiet_NaN());
    }
    for (size_t K = 0; K < Outputs.size(); ++K)
      Out.emplace_back(Outputs[K].data(), Model->outputs()[K]);
    Model->run(In, Out);
    return Outputs;
  }

  std::string SoPath;
  std::unique_ptr<dlc::Model> Model;
  std::vector<HostTensor> Inputs, Expected;
};

class MatchesTorch : public ModelTest {
public:
  using ModelTest::ModelTest;

private:
  void TestBody() override {
    std::vector<HostTensor> Got = runOnce();
    for (size_t K = 0; K < Got.size(); ++K) {
      const dlc::TensorInfo &Info = Model->outputs()[K];
      dlc::support::CompareResult Compare =
          dlc::support::compareTensors(Got[K], Expected[K], /*rtol=*/0, Atol);
      EXPECT_TRUE(Compare.ok) << "output '" << Info.name
                              << "' vs torch: " << Compare.message;
      int64_t ArgGot = dlc::support::computeStats(Got[K]).argmax;
      int64_t ArgTorch = dlc::support::computeStats(Expected[K]).argmax;
      EXPECT_EQ(ArgGot, ArgTorch)
          << "output '" << Info.name << "': dlc's argmax differs from torch's";
      double MaxErr = maxAbsDiff(Got[K], Expected[K]);
      RecordProperty("max_abs_error_" + std::to_string(K),
                     std::to_string(MaxErr));
      std::printf("  output '%s' %s: max |dlc - torch| = %.3g (atol %.3g)\n",
                  Info.name.c_str(),
                  dlc::support::formatShape(Info.shape).c_str(), MaxErr, Atol);
    }
  }
};

class RepeatedRunsAreBitIdentical : public ModelTest {
public:
  using ModelTest::ModelTest;

private:
  void TestBody() override {
    std::vector<HostTensor> First = runOnce();
    for (int Round = 0; Round < 3; ++Round) {
      std::vector<HostTensor> Again = runOnce();
      for (size_t K = 0; K < First.size(); ++K)
        ASSERT_TRUE(First[K].bytes == Again[K].bytes)
            << "output " << K << " changed on run " << Round + 2;
    }
  }
};

class ConcurrentRunsAgree : public ModelTest {
public:
  using ModelTest::ModelTest;

private:
  void TestBody() override {
    std::vector<HostTensor> Serial = runOnce();
    constexpr int NumThreads = 4, RunsPerThread = 4;
    std::vector<int> Mismatches(NumThreads, 0), Failures(NumThreads, 0);
    std::vector<std::thread> Threads;
    for (int T = 0; T < NumThreads; ++T)
      Threads.emplace_back([&, T] {
        for (int R = 0; R < RunsPerThread; ++R) {
          try {
            std::vector<HostTensor> Got = runOnce();
            for (size_t K = 0; K < Got.size(); ++K)
              Mismatches[T] += Got[K].bytes != Serial[K].bytes;
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
