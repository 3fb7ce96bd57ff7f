//===- RunCommandTest.cpp - Tests for `dlc run` ---------------------------===//
//
// Runs the command on FakeModel.c (y:0 = 2 * x + 1, k/sum = sum(k)), a
// model.so written by hand against dlc/model_abi.h.
//
//===----------------------------------------------------------------------===//

#include "RunCommand.h"

#include "dlc/Support/TensorFiles.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace dlc::support;
using namespace dlc::tools;
namespace fs = std::filesystem;

namespace {

const std::string kModel = DLC_FAKE_MODEL;

std::string dataPath(const std::string &name) {
  return std::string(DLC_SUPPORT_TEST_DATA_DIR) + "/" + name;
}

struct Result {
  int code;
  std::string out, err;
};

Result run(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = runCommand("dlc run", args, out, err);
  return {code, out.str(), err.str()};
}

/// A scratch directory removed at the end of the test.
class ScratchDir {
public:
  ScratchDir() {
    char dir[] = "/tmp/dlc-runcommand-XXXXXX";
    EXPECT_NE(mkdtemp(dir), nullptr);
    path = dir;
  }
  ~ScratchDir() { fs::remove_all(path); }
  std::string operator/(const std::string &name) const {
    return path + "/" + name;
  }
  std::string path;
};

std::string writeI64(const ScratchDir &dir, const std::string &name,
                     std::vector<int64_t> shape, std::vector<int64_t> v) {
  HostTensor t(DLC_DTYPE_I64, std::move(shape));
  std::copy(v.begin(), v.end(), t.dataAs<int64_t>());
  std::string path = dir / name, error;
  EXPECT_TRUE(writeNpyFile(path, t, error)) << error;
  return path;
}

HostTensor readOutput(const std::string &path) {
  HostTensor t;
  std::string error;
  EXPECT_TRUE(readNpyFile(path, t, error)) << error;
  return t;
}

} // namespace

TEST(RunCommand, PrintsHelp) {
  Result r = run({"--help"});
  EXPECT_EQ(r.code, RunOk);
  EXPECT_EQ(r.out.rfind("USAGE: dlc run MODEL.so [options]", 0), 0u);
  EXPECT_NE(r.out.find("--input NAME=FILE"), std::string::npos);
  EXPECT_NE(r.out.find("--output-dir DIR"), std::string::npos);
  EXPECT_NE(r.out.find("--seed N"), std::string::npos);
  EXPECT_TRUE(r.err.empty());
}

TEST(RunCommand, RejectsBadCommandLines) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  } cases[] = {
      {{}, "no model given"},
      {{"m.so", "--frobnicate"}, "unknown option '--frobnicate'"},
      {{"m.so", "-x"}, "unknown option '-x'"},
      {{"m.so", "n.so"}, "more than one model given ('m.so' and 'n.so')"},
      {{"m.so", "--input"}, "option '--input' needs a value"},
      {{"m.so", "--input", "x"}, "--input expects NAME=FILE, got 'x'"},
      {{"m.so", "--input=x="}, "--input expects NAME=FILE, got 'x='"},
      {{"m.so", "--input", "=f.npy"},
       "--input expects NAME=FILE, got '=f.npy'"},
      {{"m.so", "--input", "x=a.npy", "--input=x=b.npy"},
       "input 'x' given more than once"},
      {{"m.so", "--seed", "-1"},
       "--seed expects a non-negative integer, got "
       "'-1'"},
      {{"m.so", "--seed", "99999999999999999999"},
       "--seed expects a non-negative integer, got '99999999999999999999'"},
      {{"m.so", "--seed=1", "--seed=2"},
       "option '--seed' given more than "
       "once"},
      {{"m.so", "--threads", "0"},
       "--threads expects a count from 1 to 4096, got '0'"},
      {{"m.so", "--output-dir="}, "--output-dir needs a directory"},
  };
  for (const Case &c : cases) {
    Result r = run(c.args);
    EXPECT_EQ(r.code, RunUsage) << c.message;
    EXPECT_EQ(r.err,
              "dlc run: error: " + c.message + "\nsee 'dlc run --help'\n");
    EXPECT_TRUE(r.out.empty());
  }
}

TEST(RunCommand, ReportsAMissingModel) {
  Result r = run({"/nonexistent/model.so"});
  EXPECT_EQ(r.code, RunError);
  EXPECT_EQ(r.err.rfind("dlc run: error: /nonexistent/model.so", 0), 0u)
      << r.err;
}

TEST(RunCommand, RunsWithInputsFromFiles) {
  ScratchDir dir;
  std::string k = writeI64(dir, "k.npy", {3}, {4, 5, 6});
  Result r = run({kModel, "--input", "x=" + dataPath("f32_2x3.npy"),
                  "--input=k=" + k, "--output-dir", dir / "out"});
  ASSERT_EQ(r.code, RunOk) << r.err;
  EXPECT_TRUE(r.err.empty());
  // x = [-1, -0.5, 0, 0.5, 1, 1.5] gives y:0 = [-1, 0, 1, 2, 3, 4].
  std::istringstream lines(r.out);
  std::string line;
  std::vector<std::string> all;
  while (std::getline(lines, line))
    all.push_back(line);
  ASSERT_GE(all.size(), 11u) << r.out;
  EXPECT_EQ(all[0].rfind(kModel + ": graph 'fake', 2 inputs, 2 outputs, ran "
                                  "in ",
                         0),
            0u)
      << all[0];
  EXPECT_EQ(all[2], "input  dtype  shape   source");
  EXPECT_EQ(all[3], "x      f32    [2, 3]  " + dataPath("f32_2x3.npy"));
  EXPECT_EQ(all[4], "k      i64    [3]     " + k);
  EXPECT_EQ(all[6], "output  dtype  shape   min  max  mean  argmax");
  EXPECT_EQ(all[7], "y:0     f32    [2, 3]  -1   4    1.5   5");
  EXPECT_EQ(all[8], "k/sum   i64    []      15   15   15    0");
  EXPECT_EQ(all[9], "wrote " + (dir / "out/y_0.npy"));
  EXPECT_EQ(all[10], "wrote " + (dir / "out/k_sum.npy"));

  HostTensor y = readOutput(dir / "out/y_0.npy");
  EXPECT_EQ(y.shape, (std::vector<int64_t>{2, 3}));
  EXPECT_EQ(std::vector<float>(y.dataAs<float>(), y.dataAs<float>() + 6),
            (std::vector<float>{-1, 0, 1, 2, 3, 4}));
  HostTensor sum = readOutput(dir / "out/k_sum.npy");
  EXPECT_EQ(sum.dtype, DLC_DTYPE_I64);
  EXPECT_TRUE(sum.shape.empty());
  EXPECT_EQ(sum.dataAs<int64_t>()[0], 15);
}

TEST(RunCommand, ReadsRawInputsWithTheModelsShape) {
  ScratchDir dir;
  Result r = run({kModel, "--input", "x=" + dataPath("f32_2x3.bin"),
                  "--output-dir", dir.path});
  ASSERT_EQ(r.code, RunOk) << r.err;
  HostTensor y = readOutput(dir / "y_0.npy");
  EXPECT_EQ(y.dataAs<float>()[5], 4.0f);
}

TEST(RunCommand, RandomInputsDependOnlyOnTheSeed) {
  ScratchDir a, b, c;
  ASSERT_EQ(run({kModel, "--seed", "42", "--output-dir", a.path}).code, 0);
  ASSERT_EQ(run({kModel, "--seed=42", "--output-dir", b.path}).code, 0);
  ASSERT_EQ(run({kModel, "--output-dir", c.path}).code, 0);
  HostTensor ya = readOutput(a / "y_0.npy"), yb = readOutput(b / "y_0.npy"),
             yc = readOutput(c / "y_0.npy");
  EXPECT_EQ(ya.bytes, yb.bytes);
  EXPECT_NE(ya.bytes, yc.bytes);
  // x is uniform in [-1, 1), so y:0 = 2x + 1 lies in [-1, 3).
  for (int i = 0; i < 6; ++i) {
    EXPECT_GE(ya.dataAs<float>()[i], -1.0f);
    EXPECT_LT(ya.dataAs<float>()[i], 3.0f);
  }
  // k holds integers in [0, 10).
  int64_t sum = readOutput(a / "k_sum.npy").dataAs<int64_t>()[0];
  EXPECT_GE(sum, 0);
  EXPECT_LE(sum, 27);
  // Giving k from a file leaves the random x unchanged.
  ScratchDir d;
  std::string k = writeI64(d, "k.npy", {3}, {1, 1, 1});
  ASSERT_EQ(run({kModel, "--seed", "42", "--input", "k=" + k, "--output-dir",
                 d / "out"})
                .code,
            0);
  EXPECT_EQ(readOutput(d / "out/y_0.npy").bytes, ya.bytes);
}

TEST(RunCommand, RejectsUnknownInputName) {
  Result r = run({kModel, "--input", "z=" + dataPath("f32_2x3.npy")});
  EXPECT_EQ(r.code, RunError);
  EXPECT_EQ(r.err, "dlc run: error: unknown input 'z'; the model's inputs "
                   "are 'x', 'k'\n");
}

TEST(RunCommand, RejectsMismatchedInputs) {
  Result r = run({kModel, "--input", "x=" + dataPath("f32_1x2x3x4.npy")});
  EXPECT_EQ(r.code, RunError);
  EXPECT_EQ(r.err, "dlc run: error: input 'x': " + dataPath("f32_1x2x3x4.npy") +
                       " holds f32 [1, 2, 3, 4], the model expects f32 [2, "
                       "3]\n");

  r = run({kModel, "--input", "k=" + dataPath("i32_2x2.npy")});
  EXPECT_EQ(r.code, RunError);
  EXPECT_NE(r.err.find("holds i32 [2, 2], the model expects i64 [3]"),
            std::string::npos)
      << r.err;

  ScratchDir dir;
  std::string raw = dir / "k.bin";
  std::ofstream(raw) << "hello";
  r = run({kModel, "--input", "k=" + raw});
  EXPECT_EQ(r.code, RunError);
  EXPECT_EQ(r.err, "dlc run: error: input 'k': " + raw +
                       ": raw file holds 5 bytes, expected 24 (3 x i64 for "
                       "shape [3])\n");

  r = run({kModel, "--input", "x=/nonexistent/x.npy"});
  EXPECT_EQ(r.code, RunError);
  EXPECT_EQ(r.err, "dlc run: error: input 'x': /nonexistent/x.npy: cannot "
                   "open: No such file or directory\n");
}

TEST(RunCommand, SanitizesFileNames) {
  EXPECT_EQ(sanitizeFileName("y:0"), "y_0");
  EXPECT_EQ(sanitizeFileName("a/b\\c d"), "a_b_c_d");
  EXPECT_EQ(sanitizeFileName("ok-name_1.2"), "ok-name_1.2");
  EXPECT_EQ(sanitizeFileName(""), "_");
  EXPECT_EQ(sanitizeFileName(".."), "_..");
  EXPECT_EQ(sanitizeFileName("é"), "__");
}
