//===- ModelTest.cpp - Compiled models against torch's reference outputs --===//
//
//   dlc-model-tests [gtest flags] [--rel-tol=1e-4] [--atol=X]
//                   [--write-results] DIR/MODEL.so ...
//
// For each compiled model (default: the space-separated paths in the
// environment variable DLC_E2E_MODELS), reads DIR/input_K.bin and
// DIR/output_K.bin (raw little-endian f32, written by test/models/ with
// torch) with DLCSupport, runs the model through the dlc C++ runtime and
// registers a test suite named after DIR (plus the .so's suffix,
// "lenet5/model.O3.so" -> lenet5_O3) that checks
//   - the model's f32 inputs and outputs fit the reference files (one file
//     each, of the right size),
//   - every output's max |dlc - torch| is at most --rel-tol x max |torch|
//     (and at most --atol, when given), and its argmax is torch's: per
//     sample (along the first dim) for outputs of rank 2 and up, as
//     test/models/common.py's argmax_slices,
//   - repeated and concurrent runs give bit-identical outputs.
// --write-results writes what the comparison measured to
// DIR/MODEL.result.json (for test/models/results_table.py).
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

double RelTol = 1e-4;
double Atol = std::numeric_limits<double>::infinity();
bool WriteResults = false;

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

/// Largest |A - B| over all elements (both f32, same size); NaN if any
/// difference is NaN.
double maxAbsDiff(const HostTensor &A, const HostTensor &B) {
  double Max = 0;
  for (int64_t I = 0; I < A.numElements(); ++I) {
    double D = std::fabs(A.elementAsDouble(I) - B.elementAsDouble(I));
    if (std::isnan(D))
      return D;
    Max = std::max(Max, D);
  }
  return Max;
}

/// Largest |A| over the non-NaN elements.
double maxAbs(const HostTensor &A) {
  double Max = 0;
  for (int64_t I = 0; I < A.numElements(); ++I) {
    double V = std::fabs(A.elementAsDouble(I));
    if (!std::isnan(V))
      Max = std::max(Max, V);
  }
  return Max;
}

/// The index of the first maximum (NaNs skipped; -1 if all are NaN) in each
/// sample of `T`: the slices along the first dim for rank 2 and up, else
/// the whole tensor.
std::vector<int64_t> argmaxPerSample(const HostTensor &T) {
  int64_t Samples = T.shape.size() >= 2 ? T.shape[0] : 1;
  int64_t Size = Samples ? T.numElements() / Samples : 0;
  std::vector<int64_t> Result;
  for (int64_t S = 0; S < Samples; ++S) {
    int64_t Best = -1;
    double BestValue = 0;
    for (int64_t I = 0; I < Size; ++I) {
      double V = T.elementAsDouble(S * Size + I);
      if (!std::isnan(V) && (Best < 0 || V > BestValue)) {
        Best = I;
        BestValue = V;
      }
    }
    Result.push_back(Best);
  }
  return Result;
}

/// A double as JSON (which has no NaN or infinity: those become null).
std::string jsonNumber(double V) {
  if (!std::isfinite(V))
    return "null";
  char Buf[32];
  std::snprintf(Buf, sizeof(Buf), "%.6g", V);
  return Buf;
}

std::string jsonString(const std::string &S) {
  std::string Out = "\"";
  for (char C : S) {
    if (C == '"' || C == '\\')
      Out += '\\';
    if (static_cast<unsigned char>(C) >= 0x20)
      Out += C;
  }
  return Out + "\"";
}

/// What MatchesTorch measured on one output.
struct OutputResult {
  std::string Name;
  std::vector<int64_t> Shape;
  double MaxAbsError = 0, MaxAbsRef = 0, Tolerance = 0;
  int64_t Samples = 0, ArgmaxAgree = 0;
  bool Ok = false;
};

/// DIR/model.O2.so -> DIR/model.O2.result.json
std::string resultsPath(const std::string &SoPath) {
  std::string Stem = SoPath;
  if (Stem.size() > 3 && Stem.compare(Stem.size() - 3, 3, ".so") == 0)
    Stem.resize(Stem.size() - 3);
  return Stem + ".result.json";
}

bool writeResults(const std::string &SoPath,
                  const std::vector<OutputResult> &Results) {
  std::ofstream OS(resultsPath(SoPath));
  OS << "{\"model\": " << jsonString(SoPath)
     << ", \"rel_tol\": " << jsonNumber(RelTol)
     << ", \"atol\": " << jsonNumber(Atol) << ", \"outputs\": [";
  for (size_t K = 0; K < Results.size(); ++K) {
    const OutputResult &R = Results[K];
    OS << (K ? ", " : "") << "{\"name\": " << jsonString(R.Name)
       << ", \"shape\": [";
    for (size_t D = 0; D < R.Shape.size(); ++D)
      OS << (D ? ", " : "") << R.Shape[D];
    OS << "], \"max_abs_error\": " << jsonNumber(R.MaxAbsError)
       << ", \"max_abs_ref\": " << jsonNumber(R.MaxAbsRef)
       << ", \"tolerance\": " << jsonNumber(R.Tolerance)
       << ", \"samples\": " << R.Samples
       << ", \"argmax_agree\": " << R.ArgmaxAgree
       << ", \"ok\": " << (R.Ok ? "true" : "false") << "}";
  }
  OS << "]}\n";
  return static_cast<bool>(OS);
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
    std::vector<OutputResult> Results;
    for (size_t K = 0; K < Got.size(); ++K) {
      const dlc::TensorInfo &Info = Model->outputs()[K];
      OutputResult R;
      R.Name = Info.name;
      R.Shape = Info.shape;
      R.MaxAbsRef = maxAbs(Expected[K]);
      R.Tolerance = std::min(Atol, RelTol * R.MaxAbsRef);
      R.MaxAbsError = maxAbsDiff(Got[K], Expected[K]);
      dlc::support::CompareResult Compare = dlc::support::compareTensors(
          Got[K], Expected[K], /*rtol=*/0, R.Tolerance);
      EXPECT_TRUE(Compare.ok)
          << "output '" << Info.name << "' vs torch (tolerance " << R.Tolerance
          << " = " << (std::isinf(Atol) ? "" : "min(atol, ") << RelTol
          << " x max|torch| " << R.MaxAbsRef << (std::isinf(Atol) ? "" : ")")
          << "): " << Compare.message;
      std::vector<int64_t> ArgGot = argmaxPerSample(Got[K]);
      std::vector<int64_t> ArgTorch = argmaxPerSample(Expected[K]);
      R.Samples = static_cast<int64_t>(ArgTorch.size());
      for (size_t S = 0; S < ArgTorch.size(); ++S) {
        EXPECT_EQ(ArgGot[S], ArgTorch[S])
            << "output '" << Info.name << "', sample " << S
            << ": dlc's argmax differs from torch's";
        R.ArgmaxAgree += ArgGot[S] == ArgTorch[S];
      }
      R.Ok = Compare.ok && R.ArgmaxAgree == R.Samples;
      RecordProperty("max_abs_error_" + std::to_string(K),
                     std::to_string(R.MaxAbsError));
      std::printf("  output '%s' %s: max |dlc - torch| = %.3g, max |torch| = "
                  "%.3g (error/max %.3g, tolerance %.3g), argmax agrees on "
                  "%lld/%lld\n",
                  Info.name.c_str(),
                  dlc::support::formatShape(Info.shape).c_str(), R.MaxAbsError,
                  R.MaxAbsRef,
                  R.MaxAbsRef > 0 ? R.MaxAbsError / R.MaxAbsRef : 0.0,
                  R.Tolerance, static_cast<long long>(R.ArgmaxAgree),
                  static_cast<long long>(R.Samples));
      Results.push_back(std::move(R));
    }
    if (WriteResults)
      EXPECT_TRUE(writeResults(SoPath, Results))
          << "cannot write " << resultsPath(SoPath);
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
    if (Arg.rfind("--atol=", 0) == 0 || Arg.rfind("--rel-tol=", 0) == 0) {
      const char *Value = Arg.c_str() + Arg.find('=') + 1;
      char *End = nullptr;
      double V = std::strtod(Value, &End);
      if (End == Value || *End || !(V >= 0)) {
        std::fprintf(stderr,
                     "dlc-model-tests: error: '%s' is not a tolerance (a "
                     "non-negative number)\n",
                     Arg.c_str());
        return 2;
      }
      (Arg[2] == 'a' ? Atol : RelTol) = V;
    } else if (Arg == "--write-results") {
      WriteResults = true;
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
                 "usage: dlc-model-tests [gtest flags] [--rel-tol=X] "
                 "[--atol=X] [--write-results] DIR/MODEL.so ...\n(or set "
                 "DLC_E2E_MODELS)\n");
    return 2;
  }
  for (const std::string &SoPath : Models) {
    std::string Suite = suiteName(SoPath);
    registerTest<MatchesTorch>(Suite, "MatchesTorchWithinToleranceSameArgmax",
                               SoPath);
    registerTest<RepeatedRunsAreBitIdentical>(
        Suite, "RepeatedRunsAreBitIdentical", SoPath);
    registerTest<ConcurrentRunsAgree>(Suite, "ConcurrentRunsAgreeWithSerial",
                                      SoPath);
  }
  return RUN_ALL_TESTS();
}
