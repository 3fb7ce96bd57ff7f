//===- NodeTestRunner.cpp - dlc-node-tests: the ONNX backend node tests ---===//
//
// For each test_* folder of the data roots: compile model.onnx with `dlc` in a
// child process (exit code 3, "unsupported", makes the test skipped), then run
// the model.so on the stored inputs and compare with the stored outputs. The
// run happens in a child process too (this program re-executed with
// --run-one), so a model that crashes or hangs fails its test instead of
// ending the whole run.
//
//===----------------------------------------------------------------------===//

#include "NodeTests.h"
#include "Subprocess.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;
using namespace dlc::nodetests;

namespace {

const char kHelp[] =
    R"(USAGE: dlc-node-tests --dlc PATH [options] [DATA_ROOT...]

Runs the ONNX backend tests of each DATA_ROOT (default:
/usr/share/libonnx-testdata/data/node and
/usr/share/libonnx-testdata/data/pytorch-converted) through dlc. For every
test_* folder it compiles model.onnx with `PATH model.onnx -o
WORK/test_x/model.so`, loads the model.so with the dlc runtime, feeds each
test_data_set_*/input_K.pb to the model's K-th input and compares its K-th
output with output_K.pb: the shape exactly, the values with
|actual - expected| <= atol + rtol * |expected| (NaN matches only NaN,
infinities only themselves; integers and bools exactly).

A test is skipped when dlc exits with 3 (an op, attribute or data type it
does not support; the reason is the first line of its stderr), and failed
when dlc exits with anything else but 0, or the model crashes, times out or
computes different values.

OPTIONS:
  --dlc PATH        The dlc compiler to test (required).
  -j N              Tests to run in parallel (default 1).
  --filter REGEX    Run only tests whose name matches REGEX (ECMAScript,
                    searched anywhere in the name).
  --work-dir DIR    Where WORK/test_x/model.so and dlc.log go (default
                    ./node-tests-work); kept for inspection.
  --rtol X          Relative tolerance (default 1e-3, as ONNX).
  --atol X          Absolute tolerance (default 1e-7, as ONNX). Every
                    test dlc compiled when this was written, exp, log,
                    tanh, erf, sigmoid and softmax included, met it at -O0,
                    -O2 and -O3; keep it, and list a real accuracy loss in
                    the xfail file rather than loosening it for all tests.
  --xfail FILE      Known failures, one `test_name reason` per line (#
                    comments). Listed tests that fail count as expected;
                    listed tests that pass are reported as XPASS.
  --constant-inputs FILE
                    Inputs that tests give as data but ONNX models give as
                    constants (shapes, axes, Resize scales, Clip bounds),
                    one test per line: `test_name NAME...` (# comments).
                    Each NAME is compiled in with `dlc --const-input
                    NAME=input_K.pb` (K: the data set file of that name,
                    which every data set must hold the same) and not fed
                    at run time.
  --json FILE       Also write every test's result to FILE as JSON.
  --timeout S       Time limit in seconds for compiling and for running each
                    test (default 300).
  --dlc-arg ARG     Pass ARG to dlc as well (repeatable), e.g. --dlc-arg -O0.
  --model-threads N Threads each model may use (default 1).
  -v, --verbose     Print a line for every test, not only failures.
  -h, --help        Show this help.

OUTPUT: one line per failure (FAIL/XPASS, with the reason), the skip reasons
grouped with counts, and last, alone on its line:
  node-tests: N passed, N failed, N skipped
(failed includes expected failures). Exit status: 0 iff no test failed
unexpectedly; 1 otherwise; 2 on a bad command line.
)";

enum class Status { Pass, Fail, Skip, XFail, XPass };

const char *statusName(Status s) {
  switch (s) {
  case Status::Pass:
    return "pass";
  case Status::Fail:
    return "fail";
  case Status::Skip:
    return "skip";
  case Status::XFail:
    return "xfail";
  case Status::XPass:
    return "xpass";
  }
  return "?";
}

struct Options {
  std::string dlc;
  std::vector<std::string> roots;
  unsigned jobs = 1;
  std::string filter;
  bool hasFilter = false;
  std::string workDir = "node-tests-work";
  RunOptions run;
  std::string xfailFile;
  std::string constantInputsFile;
  std::string jsonFile;
  double timeout = 300;
  std::vector<std::string> dlcArgs;
  bool verbose = false;
};

struct TestResult {
  Status status = Status::Fail;
  std::string reason;  ///< one line
  std::string details; ///< further output (dlc's stderr), may be empty
  double compileSeconds = 0, runSeconds = 0;
};

int usageError(const std::string &message) {
  std::cerr << "dlc-node-tests: error: " << message
            << "\nsee 'dlc-node-tests --help'\n";
  return 2;
}

bool parseDouble(const std::string &text, double &value) {
  if (text.empty())
    return false;
  char *end = nullptr;
  errno = 0;
  value = std::strtod(text.c_str(), &end);
  return errno == 0 && *end == '\0' && std::isfinite(value) && value >= 0;
}

bool parseCount(const std::string &text, unsigned max, unsigned &value) {
  if (text.empty() || text.size() > 6 ||
      text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  value = unsigned(std::stoul(text));
  return value >= 1 && value <= max;
}

/// Parses the command line; returns -1 to go on, else an exit code.
int parseArgs(int argc, char **argv, Options &opts) {
  std::set<std::string> seen;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") {
      std::cout << kHelp;
      return 0;
    }
    if (arg == "-v" || arg == "--verbose") {
      opts.verbose = true;
      continue;
    }
    if (arg.empty() || arg[0] != '-') {
      opts.roots.push_back(arg);
      continue;
    }
    std::string flag = arg, value;
    size_t eq = arg.find('=');
    bool inlineValue = arg.rfind("--", 0) == 0 && eq != std::string::npos;
    if (inlineValue) {
      flag = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    } else if (arg.size() > 2 && arg.rfind("-j", 0) == 0) {
      flag = "-j"; // -j2
      value = arg.substr(2);
      inlineValue = true;
    }
    static const std::set<std::string> kFlags = {
        "--dlc",     "-j",        "--filter",       "--work-dir",
        "--rtol",    "--atol",    "--xfail",        "--json",
        "--timeout", "--dlc-arg", "--model-threads", "--constant-inputs"};
    if (!kFlags.count(flag))
      return usageError("unknown option '" + flag + "'");
    if (!inlineValue) {
      if (i + 1 == argc)
        return usageError("option '" + flag + "' needs a value");
      value = argv[++i];
    }
    if (flag != "--dlc-arg" && !seen.insert(flag).second)
      return usageError("option '" + flag + "' given more than once");
    if (flag == "--dlc") {
      opts.dlc = value;
    } else if (flag == "-j") {
      if (!parseCount(value, 256, opts.jobs))
        return usageError("-j expects a count from 1 to 256, got '" + value +
                          "'");
    } else if (flag == "--filter") {
      opts.filter = value;
      opts.hasFilter = true;
    } else if (flag == "--work-dir") {
      opts.workDir = value;
    } else if (flag == "--rtol" || flag == "--atol") {
      double &tol = flag == "--rtol" ? opts.run.rtol : opts.run.atol;
      if (!parseDouble(value, tol))
        return usageError(flag + " expects a non-negative number, got '" +
                          value + "'");
    } else if (flag == "--xfail") {
      opts.xfailFile = value;
    } else if (flag == "--constant-inputs") {
      opts.constantInputsFile = value;
    } else if (flag == "--json") {
      opts.jsonFile = value;
    } else if (flag == "--timeout") {
      if (!parseDouble(value, opts.timeout) || opts.timeout == 0)
        return usageError("--timeout expects a positive number of seconds, "
                          "got '" +
                          value + "'");
    } else if (flag == "--dlc-arg") {
      opts.dlcArgs.push_back(value);
    } else { // --model-threads
      unsigned n;
      if (!parseCount(value, 4096, n))
        return usageError("--model-threads expects a count from 1 to 4096, "
                          "got '" +
                          value + "'");
      opts.run.threads = int(n);
    }
  }
  if (opts.dlc.empty())
    return usageError("--dlc PATH is required");
  if (opts.roots.empty())
    opts.roots = {"/usr/share/libonnx-testdata/data/node",
                  "/usr/share/libonnx-testdata/data/pytorch-converted"};
  return -1;
}

/// `dlc-node-tests --run-one TEST_DIR MODEL.so RTOL ATOL THREADS
/// [CONSTANT_INPUTS]`: the child side of a test run (CONSTANT_INPUTS: the
/// comma-separated K of the inputs compiled in). Exit 0: all data sets
/// match; 1: the reason is on stdout.
int runOneMain(int argc, char **argv) {
  if (argc != 7 && argc != 8) {
    std::cerr << "dlc-node-tests --run-one: expected TEST_DIR MODEL.so RTOL "
                 "ATOL THREADS [CONSTANT_INPUTS]\n";
    return 2;
  }
  RunOptions options;
  options.rtol = std::strtod(argv[4], nullptr);
  options.atol = std::strtod(argv[5], nullptr);
  options.threads = std::atoi(argv[6]);
  if (argc == 8) {
    std::stringstream list(argv[7]);
    std::string k;
    while (std::getline(list, k, ','))
      if (!k.empty())
        options.constantInputs.push_back(std::stoul(k));
    std::sort(options.constantInputs.begin(), options.constantInputs.end());
  }
  std::string reason;
  if (runDataSets(argv[2], argv[3], options, reason))
    return 0;
  std::cout << reason << "\n";
  return 1;
}

std::string selfPath(const char *argv0) {
  std::error_code ec;
  fs::path self = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string(argv0) : self.string();
}

std::string formatDouble(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.17g", v);
  return buf;
}

/// Keeps at most `maxLines` lines of `text`, each indented by 4 spaces, with
/// trailing blank lines dropped.
std::string indentLines(const std::string &text, size_t maxLines) {
  size_t last = text.find_last_not_of(" \t\r\n");
  if (last == std::string::npos)
    return "";
  std::string body = text.substr(0, last + 1);
  std::string out;
  size_t lines = 0, pos = 0;
  while (pos <= body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string::npos)
      end = body.size();
    if (lines == maxLines) {
      out += "    ...\n";
      break;
    }
    std::string line = body.substr(pos, end - pos);
    out += (line.empty() ? "" : "    ") + line + "\n";
    ++lines;
    pos = end + 1;
  }
  return out;
}

class Runner {
public:
  Runner(const Options &opts, std::string self,
         std::map<std::string, std::string> xfail,
         std::map<std::string, std::string> constantInputs)
      : opts(opts), self(std::move(self)), xfail(std::move(xfail)),
        constantInputs(std::move(constantInputs)) {}

  TestResult runTest(const TestCase &test) {
    TestResult result = compileAndRun(test);
    auto listed = xfail.find(test.name);
    if (listed != xfail.end()) {
      if (result.status == Status::Fail)
        result.status = Status::XFail;
      else if (result.status == Status::Pass) {
        result.status = Status::XPass;
        result.reason = "passed, but the xfail list says: " + listed->second;
      }
    }
    report(test, result);
    return result;
  }

private:
  TestResult compileAndRun(const TestCase &test) {
    TestResult result;
    fs::path dir = fs::path(opts.workDir) / test.name;
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      result.reason = "cannot create " + dir.string() + ": " + ec.message();
      return result;
    }
    std::string so = (dir / "model.so").string();
    fs::remove(so, ec);
    std::string model = (fs::path(test.dir) / "model.onnx").string();

    std::vector<std::string> compile = {opts.dlc, model, "-o", so};
    compile.insert(compile.end(), opts.dlcArgs.begin(), opts.dlcArgs.end());
    std::string constantList;
    if (auto listed = constantInputs.find(test.name);
        listed != constantInputs.end()) {
      for (const std::string &name : splitNames(listed->second)) {
        std::string path, error;
        long k = findConstantInput(test.dir, name, path, error);
        if (k < 0) {
          result.reason = error;
          return result;
        }
        compile.push_back("--const-input=" + name + "=" + path);
        constantList += (constantList.empty() ? "" : ",") + std::to_string(k);
      }
    }
    ProcessResult dlc = runProcess(compile, opts.timeout);
    result.compileSeconds = dlc.seconds;
    std::ofstream((dir / "dlc.log").string())
        << dlc.err << (dlc.errTruncated ? "\n[truncated]\n" : "") << dlc.out;
    if (dlc.exitedWith(3)) {
      result.status = Status::Skip;
      result.reason = firstLine(dlc.err);
      if (result.reason.empty())
        result.reason = "dlc exited with 3 without a message";
      return result;
    }
    if (!dlc.exitedWith(0)) {
      result.reason = "dlc " + dlc.describe(opts.timeout);
      result.details = dlc.err;
      return result;
    }
    if (!fs::exists(so, ec)) {
      result.reason = "dlc exited with 0 but wrote no " + so;
      return result;
    }

    std::vector<std::string> runArgs = {
        self, "--run-one", test.dir, so, formatDouble(opts.run.rtol),
        formatDouble(opts.run.atol), std::to_string(opts.run.threads)};
    if (!constantList.empty())
      runArgs.push_back(constantList);
    ProcessResult run = runProcess(runArgs, opts.timeout);
    result.runSeconds = run.seconds;
    if (run.exitedWith(0)) {
      result.status = Status::Pass;
      return result;
    }
    if (run.exitedWith(1) && !firstLine(run.out).empty()) {
      result.reason = firstLine(run.out);
      return result;
    }
    result.reason = "running the model: " + run.describe(opts.timeout);
    result.details = run.out + run.err;
    return result;
  }

  void report(const TestCase &test, const TestResult &r) {
    std::string line;
    switch (r.status) {
    case Status::Fail:
      line = "FAIL  " + test.name + ": " + r.reason + "\n" +
             indentLines(r.details, 30);
      break;
    case Status::XPass:
      line = "XPASS " + test.name + ": " + r.reason + "\n";
      break;
    case Status::XFail:
      if (opts.verbose)
        line = "XFAIL " + test.name + ": " + r.reason + "\n";
      break;
    case Status::Skip:
      if (opts.verbose)
        line = "SKIP  " + test.name + ": " + r.reason + "\n";
      break;
    case Status::Pass:
      if (opts.verbose) {
        char buf[96];
        std::snprintf(buf, sizeof(buf), " (compile %.2f s, run %.2f s)\n",
                      r.compileSeconds, r.runSeconds);
        line = "PASS  " + test.name + buf;
      }
      break;
    }
    if (line.empty())
      return;
    std::lock_guard<std::mutex> lock(outputMutex);
    std::cout << line << std::flush;
  }

  const Options &opts;
  std::string self;
  std::map<std::string, std::string> xfail;
  /// Test name -> the names of its inputs to compile in.
  std::map<std::string, std::string> constantInputs;
  std::mutex outputMutex;
};

bool writeJson(const std::string &path, const std::vector<TestCase> &tests,
               const std::vector<TestResult> &results,
               const std::map<Status, size_t> &counts, std::string &error) {
  std::ofstream out(path);
  if (!out) {
    error = path + ": cannot create: " + std::strerror(errno);
    return false;
  }
  auto count = [&](Status s) {
    auto it = counts.find(s);
    return it == counts.end() ? size_t(0) : it->second;
  };
  out << "{\n  \"summary\": {\"passed\": "
      << count(Status::Pass) + count(Status::XPass)
      << ", \"failed\": " << count(Status::Fail) + count(Status::XFail)
      << ", \"skipped\": " << count(Status::Skip)
      << ", \"xfail\": " << count(Status::XFail)
      << ", \"xpass\": " << count(Status::XPass) << "},\n  \"tests\": [";
  for (size_t i = 0; i < tests.size(); ++i) {
    const TestResult &r = results[i];
    char times[96];
    std::snprintf(times, sizeof(times),
                  ", \"compile_seconds\": %.3f, \"run_seconds\": %.3f",
                  r.compileSeconds, r.runSeconds);
    out << (i ? ",\n    " : "\n    ")
        << "{\"name\": " << jsonString(tests[i].name)
        << ", \"root\": " << jsonString(tests[i].root) << ", \"status\": \""
        << statusName(r.status) << "\", \"reason\": " << jsonString(r.reason)
        << times << "}";
  }
  out << "\n  ]\n}\n";
  out.close();
  if (!out) {
    error = path + ": write error";
    return false;
  }
  return true;
}

} // namespace

int main(int argc, char **argv) {
  if (argc > 1 && std::string(argv[1]) == "--run-one")
    return runOneMain(argc, argv);

  Options opts;
  if (int code = parseArgs(argc, argv, opts); code >= 0)
    return code;

  std::regex filter;
  if (opts.hasFilter) {
    try {
      filter = std::regex(opts.filter, std::regex::ECMAScript);
    } catch (const std::regex_error &e) {
      return usageError("--filter: invalid regular expression '" + opts.filter +
                        "': " + e.what());
    }
  }

  std::map<std::string, std::string> xfail;
  std::string error;
  if (!opts.xfailFile.empty() && !readXfailFile(opts.xfailFile, xfail, error))
    return usageError(error);
  // Same format as the xfail list, with input names for the reason.
  std::map<std::string, std::string> constantInputs;
  if (!opts.constantInputsFile.empty() &&
      !readXfailFile(opts.constantInputsFile, constantInputs, error))
    return usageError(error);

  std::vector<TestCase> all, tests;
  for (const std::string &root : opts.roots)
    if (!discoverTests(root, all, error))
      return usageError(error);
  std::set<std::string> names;
  for (const TestCase &t : all) {
    if (!names.insert(t.name).second)
      return usageError("test '" + t.name + "' found in more than one root");
    if (!opts.hasFilter || std::regex_search(t.name, filter))
      tests.push_back(t);
  }
  if (!opts.hasFilter)
    for (const auto &entry : xfail)
      if (!names.count(entry.first))
        std::cerr << "dlc-node-tests: warning: " << opts.xfailFile
                  << ": no test named '" << entry.first << "'\n";
  if (tests.empty()) {
    std::cerr << "dlc-node-tests: error: no test to run\n";
    return 1;
  }
  std::error_code ec;
  fs::create_directories(opts.workDir, ec);
  if (ec) {
    std::cerr << "dlc-node-tests: error: cannot create " << opts.workDir << ": "
              << ec.message() << "\n";
    return 1;
  }

  Runner runner(opts, selfPath(argv[0]), xfail, constantInputs);
  std::vector<TestResult> results(tests.size());
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < tests.size();)
      results[i] = runner.runTest(tests[i]);
  };
  std::vector<std::thread> threads;
  unsigned jobs = std::min<unsigned>(opts.jobs, unsigned(tests.size()));
  for (unsigned j = 0; j < jobs; ++j)
    threads.emplace_back(worker);
  for (std::thread &t : threads)
    t.join();

  std::map<Status, size_t> counts;
  std::map<std::string, size_t> skipReasons;
  for (size_t i = 0; i < tests.size(); ++i) {
    ++counts[results[i].status];
    if (results[i].status == Status::Skip)
      ++skipReasons[skipReasonKey(
          results[i].reason, (fs::path(tests[i].dir) / "model.onnx").string())];
  }
  auto count = [&](Status s) { return counts[s]; };

  if (!skipReasons.empty()) {
    std::vector<std::pair<std::string, size_t>> sorted(skipReasons.begin(),
                                                       skipReasons.end());
    std::stable_sort(
        sorted.begin(), sorted.end(),
        [](const auto &a, const auto &b) { return a.second > b.second; });
    constexpr size_t kTop = 20;
    std::cout << "\nskipped tests by reason";
    if (sorted.size() > kTop)
      std::cout << " (top " << kTop << " of " << sorted.size() << ")";
    std::cout << ":\n";
    for (size_t i = 0; i < sorted.size() && i < kTop; ++i) {
      char countText[16];
      std::snprintf(countText, sizeof(countText), "%6zu  ", sorted[i].second);
      std::cout << countText << sorted[i].first << "\n";
    }
  }

  if (!opts.jsonFile.empty() &&
      !writeJson(opts.jsonFile, tests, results, counts, error))
    std::cerr << "dlc-node-tests: error: " << error << "\n";

  size_t unexpected = count(Status::Fail);
  std::cout << "\n";
  if (!xfail.empty())
    std::cout << "node-tests: " << count(Status::XFail)
              << " expected failures (xfail), " << count(Status::XPass)
              << " unexpected passes (xpass), " << unexpected
              << " unexpected failures\n";
  std::cout << "node-tests: " << count(Status::Pass) + count(Status::XPass)
            << " passed, " << unexpected + count(Status::XFail) << " failed, "
            << count(Status::Skip) << " skipped\n";
  std::cout.flush();
  return unexpected == 0 && error.empty() ? 0 : 1;
}
