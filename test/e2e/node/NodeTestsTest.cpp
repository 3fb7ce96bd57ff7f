//===- NodeTestsTest.cpp - Tests for the node-test runner -----------------===//
//
// Unit tests of the runner's pieces, and a self-test of the dlc-node-tests
// binary on selftest/tests/, where fake-dlc.sh stands in for the compiler and
// the hand-written models of test/Support/FakeModel.c for what it produces.
//
//===----------------------------------------------------------------------===//

#include "NodeTests.h"
#include "Subprocess.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace dlc::nodetests;
namespace fs = std::filesystem;

namespace {

const std::string kSelfTestDir = DLC_NODE_SELFTEST_DIR;
const std::string kFakeModelDir = DLC_FAKE_MODEL_DIR;

std::string fakeTest(const std::string &name) {
  return kSelfTestDir + "/tests/" + name;
}

std::string fakeModel(const std::string &suffix = "") {
  return kFakeModelDir + "/dlc_fake_model" + suffix + ".so";
}

class ScratchDir {
public:
  ScratchDir() {
    char dir[] = "/tmp/dlc-node-tests-test-XXXXXX";
    EXPECT_NE(mkdtemp(dir), nullptr);
    path = dir;
  }
  ~ScratchDir() { fs::remove_all(path); }
  std::string path;
};

} // namespace

//===----------------------------------------------------------------------===//
// Subprocess
//===----------------------------------------------------------------------===//

TEST(Subprocess, CapturesOutputAndExitCode) {
  ProcessResult r =
      runProcess({"sh", "-c", "echo out; echo err >&2; exit 3"}, 10);
  EXPECT_TRUE(r.exitedWith(3));
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  EXPECT_EQ(r.describe(10), "exited with 3");
}

TEST(Subprocess, ReportsSignals) {
  ProcessResult r = runProcess({"sh", "-c", "kill -SEGV $$"}, 10);
  EXPECT_EQ(r.status, ProcessResult::Status::Signaled);
  EXPECT_EQ(r.signal, SIGSEGV);
  EXPECT_EQ(r.describe(10), "killed by SIGSEGV");
}

TEST(Subprocess, KillsTheWholeGroupOnTimeout) {
  ScratchDir dir;
  std::string marker = dir.path + "/survived";
  // The grandchild would create the marker after 1.5 s unless killed.
  ProcessResult r =
      runProcess({"sh", "-c", "(sleep 1.5; touch " + marker + ") & wait"}, 0.3);
  EXPECT_EQ(r.status, ProcessResult::Status::TimedOut);
  EXPECT_LT(r.seconds, 1.0);
  EXPECT_EQ(r.describe(0.3), "timed out after 0.3 s");
  usleep(2000 * 1000);
  EXPECT_FALSE(fs::exists(marker));
}

TEST(Subprocess, DoesNotWaitForGrandchildrenHoldingThePipes) {
  ProcessResult r = runProcess({"sh", "-c", "sleep 2 & echo hi"}, 10);
  EXPECT_TRUE(r.exitedWith(0));
  EXPECT_EQ(r.out, "hi\n");
  EXPECT_LT(r.seconds, 1.5);
}

TEST(Subprocess, ReadsNothingFromStdin) {
  ProcessResult r = runProcess({"cat"}, 10);
  EXPECT_TRUE(r.exitedWith(0));
  EXPECT_EQ(r.out, "");
}

TEST(Subprocess, TruncatesLargeOutput) {
  ProcessResult r =
      runProcess({"sh", "-c", "head -c 300000 /dev/zero"}, 10, 1000);
  EXPECT_TRUE(r.exitedWith(0));
  EXPECT_EQ(r.out.size(), 1000u);
  EXPECT_TRUE(r.outTruncated);
}

TEST(Subprocess, ReportsSpawnFailure) {
  ProcessResult r = runProcess({"/nonexistent/dlc"}, 10);
  EXPECT_EQ(r.status, ProcessResult::Status::SpawnFailed);
  EXPECT_EQ(r.describe(10),
            "could not be started: /nonexistent/dlc: No such file or "
            "directory");
}

//===----------------------------------------------------------------------===//
// Xfail list, reasons, JSON
//===----------------------------------------------------------------------===//

TEST(XfailList, ParsesNamesAndReasons) {
  std::map<std::string, std::string> reasons;
  std::string error;
  ASSERT_TRUE(parseXfailList("# header\n\n"
                             "test_a   exp differs by 2 ulp  # note\n"
                             "\ttest_b\tneeds opset 18\r\n",
                             "x.txt", reasons, error))
      << error;
  EXPECT_EQ(reasons.size(), 2u);
  EXPECT_EQ(reasons["test_a"], "exp differs by 2 ulp");
  EXPECT_EQ(reasons["test_b"], "needs opset 18");
}

TEST(XfailList, RejectsBadEntries) {
  std::map<std::string, std::string> reasons;
  std::string error;
  EXPECT_FALSE(parseXfailList("test_a\n", "x.txt", reasons, error));
  EXPECT_EQ(error, "x.txt:1: 'test_a' needs a reason after its name");
  reasons.clear();
  EXPECT_FALSE(
      parseXfailList("test_a r\n\ntest_a r2\n", "x.txt", reasons, error));
  EXPECT_EQ(error, "x.txt:3: 'test_a' is listed twice");
  reasons.clear();
  EXPECT_FALSE(parseXfailList("abs wrong\n", "x.txt", reasons, error));
  EXPECT_EQ(error, "x.txt:1: expected a test name (test_...), got 'abs'");
}

TEST(XfailList, TheCommittedListParses) {
  std::map<std::string, std::string> reasons;
  std::string error;
  EXPECT_TRUE(readXfailFile(DLC_NODE_XFAIL_FILE, reasons, error)) << error;
}

TEST(Reasons, FirstLineSkipsBlankLines) {
  EXPECT_EQ(firstLine("\n  \nfirst  \nsecond\n"), "first");
  EXPECT_EQ(firstLine(""), "");
}

TEST(Reasons, GroupingKeyDropsPathsAndNodeNames) {
  std::string model = "/data/node/test_foo/model.onnx";
  EXPECT_EQ(skipReasonKey(model + ": error: node 'n1' (Foo, opset 13): "
                                  "unsupported op 'Foo'",
                          model),
            "error: node '...' (Foo, opset 13): unsupported op 'Foo'");
  EXPECT_EQ(
      skipReasonKey("other/dir/model.onnx: unsupported dtype BFLOAT16", model),
      "unsupported dtype BFLOAT16");
  EXPECT_EQ(skipReasonKey("error: the model.onnx: x", model),
            "error: the model.onnx: x");
  EXPECT_EQ(skipReasonKey(model + ": error: 2 op types are not supported by "
                                  "dlc: Foo (opset 13) at nodes 'a', 'b', "
                                  "'c' and 4 more; Bar (opset 13) at node 'd'",
                          model),
            "error: 2 op types are not supported by dlc: Foo (opset 13) at "
            "node '...'; Bar (opset 13) at node '...'");
  EXPECT_EQ(skipReasonKey("model.onnx: error: input 'x' has dynamic dim 0 "
                          "('N'); fix it with --input-shape x:1x3",
                          model),
            "error: input '...' has dynamic dim 0 ('N'); fix it with "
            "--input-shape ...");
  EXPECT_EQ(skipReasonKey("model.onnx: node 'c': error: Conv 'c': auto_pad "
                          "'SAME_LOWER' is not supported",
                          model),
            "node '...': error: Conv '...': auto_pad 'SAME_LOWER' is not "
            "supported");
}

TEST(Json, EscapesStrings) {
  EXPECT_EQ(jsonString("a\"b\\c\n\t\x01"), "\"a\\\"b\\\\c\\n\\t\\u0001\"");
  EXPECT_EQ(jsonString("caf\xc3\xa9"), "\"caf\xc3\xa9\"");
  EXPECT_EQ(jsonString("bad\xff\xc3"), "\"bad\xef\xbf\xbd\xef\xbf\xbd\"");
  EXPECT_EQ(jsonString("\xed\xa0\x80"), // a UTF-16 surrogate
            "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
}

//===----------------------------------------------------------------------===//
// Discovery and data sets
//===----------------------------------------------------------------------===//

TEST(Discovery, ListsTestFoldersWithAModel) {
  std::vector<TestCase> tests;
  std::string error;
  ASSERT_TRUE(discoverTests(kSelfTestDir + "/tests", tests, error)) << error;
  ASSERT_EQ(tests.size(), 12u);
  EXPECT_EQ(tests.front().name, "test_fake_compile_error");
  EXPECT_EQ(tests.back().name, "test_fake_xpass");
  for (const TestCase &t : tests)
    EXPECT_NE(t.name, "test_fake_no_model");
  EXPECT_FALSE(discoverTests("/nonexistent", tests, error));
  EXPECT_EQ(error, "/nonexistent: not a directory");
}

TEST(DataSets, PassWhenAllOutputsMatch) {
  std::string reason;
  EXPECT_TRUE(runDataSets(fakeTest("test_fake_pass"), fakeModel(), {}, reason))
      << reason;
}

TEST(DataSets, ReportTheFirstMismatch) {
  std::string reason;
  EXPECT_FALSE(runDataSets(fakeTest("test_fake_wrong"), fakeModel("_wrong"), {},
                           reason));
  EXPECT_EQ(reason.rfind("test_data_set_0, output 0 ('y:0'): 6 of 6 values "
                         "differ; worst at ",
                         0),
            0u)
      << reason;
  EXPECT_FALSE(runDataSets(fakeTest("test_fake_wrong_second_set"), fakeModel(),
                           {}, reason));
  EXPECT_EQ(reason.rfind("test_data_set_1, output 0 ('y:0'): ", 0), 0u)
      << reason;
}

TEST(DataSets, ToleranceDecides) {
  // y:0 is off by exactly 0.5 everywhere.
  RunOptions loose;
  loose.atol = 0.51;
  std::string reason;
  EXPECT_TRUE(
      runDataSets(fakeTest("test_fake_wrong"), fakeModel(), loose, reason))
      << reason;
}

TEST(DataSets, ReportMissingInputs) {
  std::string reason;
  EXPECT_FALSE(runDataSets(fakeTest("test_fake_missing_input"), fakeModel(), {},
                           reason));
  EXPECT_EQ(reason, "test_data_set_0 has 1 input and 2 outputs; the model "
                    "has 2 inputs and 2 outputs");
}

TEST(ConstantInputs, SplitNames) {
  EXPECT_EQ(splitNames("min  max\tsizes"),
            (std::vector<std::string>{"min", "max", "sizes"}));
  EXPECT_TRUE(splitNames("  ").empty());
}

TEST(ConstantInputs, FindTheFileOfAnInputByName) {
  std::string path, error;
  EXPECT_EQ(findConstantInput(fakeTest("test_fake_wrong"), "k", path, error),
            1)
      << error;
  EXPECT_EQ(path, fakeTest("test_fake_wrong") + "/test_data_set_0/input_1.pb");
  EXPECT_EQ(
      findConstantInput(fakeTest("test_fake_wrong"), "nope", path, error), -1);
  EXPECT_EQ(error.rfind("no input_K.pb of ", 0), 0u) << error;
  EXPECT_NE(error.find(" is named 'nope'"), std::string::npos) << error;
  // A constant must be the same in every data set.
  EXPECT_EQ(findConstantInput(fakeTest("test_fake_pass"), "k", path, error),
            -1);
  EXPECT_EQ(error, "constant input 'k' differs between test_data_set_0 and "
                   "test_data_set_1");
}

TEST(DataSets, ConstantInputsAreNotFed) {
  // The fake model takes both inputs: with input 1 compiled in, the data set
  // feeds only one.
  RunOptions options;
  options.constantInputs = {1};
  std::string reason;
  EXPECT_FALSE(
      runDataSets(fakeTest("test_fake_wrong"), fakeModel(), options, reason));
  EXPECT_EQ(reason, "test_data_set_0 has 2 inputs (1 compiled in as "
                    "constants) and 2 outputs; the model has 2 inputs and 2 "
                    "outputs");
}

TEST(DataSets, ReportAnUnloadableModel) {
  std::string reason;
  EXPECT_FALSE(
      runDataSets(fakeTest("test_fake_pass"), "/nonexistent.so", {}, reason));
  EXPECT_EQ(reason.rfind("cannot load the model: ", 0), 0u) << reason;
}

//===----------------------------------------------------------------------===//
// The dlc-node-tests binary on the fake tests
//===----------------------------------------------------------------------===//

namespace {

struct RunnerOutput {
  ProcessResult process;
  std::vector<std::string> lines;
  bool has(const std::string &prefix) const {
    for (const std::string &l : lines)
      if (l.rfind(prefix, 0) == 0)
        return true;
    return false;
  }
};

RunnerOutput runRunner(std::vector<std::string> extra) {
  setenv("DLC_FAKE_MODEL_DIR", kFakeModelDir.c_str(), 1);
  std::vector<std::string> argv = {DLC_NODE_TESTS_BINARY, "--dlc",
                                   kSelfTestDir + "/fake-dlc.sh"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  argv.push_back(kSelfTestDir + "/tests");
  RunnerOutput out;
  out.process = runProcess(argv, 120);
  std::istringstream s(out.process.out);
  for (std::string line; std::getline(s, line);)
    out.lines.push_back(line);
  return out;
}

} // namespace

TEST(Runner, ReportsEveryKindOfResult) {
  ScratchDir work;
  std::string json = work.path + "/results.json";
  RunnerOutput r =
      runRunner({"-j2", "--timeout", "1", "--work-dir", work.path, "--xfail",
                 kSelfTestDir + "/xfail.txt", "--json", json});
  const std::string &out = r.process.out;
  EXPECT_TRUE(r.process.exitedWith(1)) << out << r.process.err;
  ASSERT_FALSE(r.lines.empty());
  EXPECT_EQ(r.lines.back(), "node-tests: 2 passed, 7 failed, 3 skipped") << out;
  EXPECT_TRUE(r.has("FAIL  test_fake_wrong: test_data_set_0, output 0 "
                    "('y:0'): 6 of 6 values differ"))
      << out;
  EXPECT_TRUE(r.has("FAIL  test_fake_compile_error: dlc exited with 1")) << out;
  EXPECT_NE(out.find("\n    dlc: internal error: boom\n"), std::string::npos)
      << out;
  EXPECT_TRUE(r.has("FAIL  test_fake_crash: running the model: killed by "
                    "SIGILL"))
      << out;
  EXPECT_TRUE(r.has("FAIL  test_fake_hang: dlc timed out after 1 s")) << out;
  EXPECT_TRUE(r.has("FAIL  test_fake_missing_input: test_data_set_0 has 1 "
                    "input"))
      << out;
  EXPECT_TRUE(r.has("FAIL  test_fake_wrong_second_set: test_data_set_1"))
      << out;
  EXPECT_TRUE(r.has("XPASS test_fake_xpass: passed, but the xfail list says: "
                    "listed although it passes"))
      << out;
  EXPECT_FALSE(r.has("FAIL  test_fake_xfail")) << out;
  EXPECT_FALSE(r.has("PASS  ")) << out; // only with --verbose
  EXPECT_NE(out.find("skipped tests by reason:\n"
                     "     2  error: node '...' (Foo, opset 13): unsupported "
                     "op 'Foo'\n"
                     "     1  error: node '...' (Bar, opset 13): unsupported "
                     "op 'Bar'\n"),
            std::string::npos)
      << out;
  EXPECT_TRUE(r.has("node-tests: 1 expected failures (xfail), 1 unexpected "
                    "passes (xpass), 6 unexpected failures"))
      << out;

  // The work folder keeps each model.so and dlc's log.
  EXPECT_TRUE(fs::exists(work.path + "/test_fake_pass/model.so"));
  std::ifstream log(work.path + "/test_fake_compile_error/dlc.log");
  std::string logLine;
  std::getline(log, logLine);
  EXPECT_EQ(logLine, "dlc: internal error: boom");

  std::ifstream in(json);
  std::stringstream js;
  js << in.rdbuf();
  EXPECT_NE(js.str().find("\"summary\": {\"passed\": 2, \"failed\": 7, "
                          "\"skipped\": 3, \"xfail\": 1, \"xpass\": 1}"),
            std::string::npos)
      << js.str();
  EXPECT_NE(js.str().find("{\"name\": \"test_fake_unsupported_c\", \"root\": "
                          "\"" +
                          kSelfTestDir +
                          "/tests\", \"status\": \"skip\", \"reason\": \"" +
                          kSelfTestDir +
                          "/tests/test_fake_unsupported_c/model.onnx: error: "
                          "node 'n_test_fake_unsupported_c' (Bar, opset 13): "
                          "unsupported op 'Bar'\", \"compile_seconds\": "),
            std::string::npos)
      << js.str();
  EXPECT_NE(js.str().find("\"name\": \"test_fake_xfail\", \"root\": \"" +
                          kSelfTestDir + "/tests\", \"status\": \"xfail\""),
            std::string::npos);
}

TEST(Runner, ExitsZeroWithoutUnexpectedFailures) {
  ScratchDir work;
  RunnerOutput r =
      runRunner({"--filter", "_pass$|unsupported|xfail", "-v", "--work-dir",
                 work.path, "--xfail", kSelfTestDir + "/xfail.txt"});
  EXPECT_TRUE(r.process.exitedWith(0)) << r.process.out << r.process.err;
  EXPECT_EQ(r.lines.back(), "node-tests: 1 passed, 1 failed, 3 skipped")
      << r.process.out;
  EXPECT_TRUE(r.has("PASS  test_fake_pass (compile ")) << r.process.out;
  EXPECT_TRUE(r.has("SKIP  test_fake_unsupported_a: " + kSelfTestDir))
      << r.process.out;
  EXPECT_TRUE(r.has("XFAIL test_fake_xfail: test_data_set_0, output 0"))
      << r.process.out;
}

TEST(Runner, RejectsBadCommandLines) {
  struct Case {
    std::vector<std::string> argv;
    std::string error;
  } cases[] = {
      {{DLC_NODE_TESTS_BINARY}, "--dlc PATH is required"},
      {{DLC_NODE_TESTS_BINARY, "--dlc", "d", "--bogus"},
       "unknown option '--bogus'"},
      {{DLC_NODE_TESTS_BINARY, "--dlc", "d", "-j", "0"},
       "-j expects a count from 1 to 256, got '0'"},
      {{DLC_NODE_TESTS_BINARY, "--dlc", "d", "--rtol=x"},
       "--rtol expects a non-negative number, got 'x'"},
      {{DLC_NODE_TESTS_BINARY, "--dlc", "d", "--filter", "("},
       "--filter: invalid regular expression '('"},
      {{DLC_NODE_TESTS_BINARY, "--dlc", "d", "/nonexistent"},
       "/nonexistent: not a directory"},
      {{DLC_NODE_TESTS_BINARY, "--dlc", "d", "--xfail", "/nonexistent"},
       "/nonexistent: cannot open: No such file or directory"},
  };
  for (const Case &c : cases) {
    ProcessResult r = runProcess(c.argv, 30);
    EXPECT_TRUE(r.exitedWith(2)) << c.error;
    EXPECT_EQ(r.err.rfind("dlc-node-tests: error: " + c.error, 0), 0u) << r.err;
  }
}

TEST(Runner, PrintsHelp) {
  ProcessResult r = runProcess({DLC_NODE_TESTS_BINARY, "--help"}, 30);
  EXPECT_TRUE(r.exitedWith(0));
  EXPECT_EQ(r.out.rfind("USAGE: dlc-node-tests --dlc PATH", 0), 0u);
  EXPECT_NE(r.out.find("--atol X"), std::string::npos);
}
