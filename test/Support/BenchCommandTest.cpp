//===- BenchCommandTest.cpp - Tests for `dlc bench` -----------------------===//
//
// Runs the command on hand-written model.so files: FakeModel.c (no profile)
// and test/Runtime/models/profiled_model.c, whose two layers count fixed
// nanoseconds (30 and 10 per run, 50 in all), so per-layer figures are exact.
// Nothing here depends on how fast anything runs.
//
//===----------------------------------------------------------------------===//

#include "BenchCommand.h"
#include "PeakFlops.h"
#include "RunCommand.h"

#include <gtest/gtest.h>

#include <sstream>

using namespace dlc::tools;

namespace {

const std::string kModel = DLC_FAKE_MODEL;
const std::string kProfiledModel = DLC_PROFILED_MODEL;

struct Result {
  int code;
  std::string out, err;
};

Result bench(std::vector<std::string> args) {
  std::ostringstream out, err;
  int code = benchCommand("dlc bench", args, out, err);
  return {code, out.str(), err.str()};
}

bool contains(const std::string &text, const std::string &part) {
  return text.find(part) != std::string::npos;
}

TEST(LatencyStats, OddCount) {
  LatencyStats s = computeLatencyStats({5, 1, 3, 2, 4});
  EXPECT_EQ(s.runs, 5u);
  EXPECT_DOUBLE_EQ(s.minMs, 1);
  EXPECT_DOUBLE_EQ(s.medianMs, 3);
  EXPECT_DOUBLE_EQ(s.meanMs, 3);
  EXPECT_DOUBLE_EQ(s.p90Ms, 5); // ceil(4.5) = 5th smallest
  EXPECT_DOUBLE_EQ(s.maxMs, 5);
  EXPECT_NEAR(s.stddevMs, 1.5811388, 1e-6);
}

TEST(LatencyStats, EvenCountAndNearestRankP90) {
  LatencyStats s = computeLatencyStats({4, 3, 2, 1});
  EXPECT_DOUBLE_EQ(s.medianMs, 2.5);
  EXPECT_DOUBLE_EQ(s.p90Ms, 4);
  std::vector<double> ten = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  EXPECT_DOUBLE_EQ(computeLatencyStats(ten).p90Ms, 9);
  LatencyStats one = computeLatencyStats({7});
  EXPECT_DOUBLE_EQ(one.p90Ms, 7);
  EXPECT_DOUBLE_EQ(one.stddevMs, 0);
  EXPECT_EQ(computeLatencyStats({}).runs, 0u);
}

TEST(JsonString, EscapesQuotesBackslashesAndControls) {
  EXPECT_EQ(jsonString("a\"b\\c\n\x01"), "\"a\\\"b\\\\c\\n\\u0001\"");
  EXPECT_EQ(jsonString("/conv1/Conv"), "\"/conv1/Conv\"");
}

TEST(PeakFlops, MeasuresAPositiveRate) {
  PeakFlops peak = measurePeakFlops(1, 0.02);
  EXPECT_EQ(peak.threads, 1);
  EXPECT_GT(peak.gflops, 0);
  EXPECT_FALSE(peak.isa.empty());
}

TEST(BenchCommand, HelpDocumentsEveryFlag) {
  Result r = bench({"--help"});
  EXPECT_EQ(r.code, RunOk);
  for (const char *flag : {"--warmup", "--runs", "--min-time", "--threads",
                           "--seed", "--per-layer", "--peak", "--json",
                           "--help"})
    EXPECT_TRUE(contains(r.out, flag)) << flag;
  EXPECT_TRUE(contains(r.out, "USAGE: dlc bench MODEL.so"));
}

TEST(BenchCommand, PrintsLatencyAndThroughput) {
  Result r = bench({kModel, "--runs", "3", "--warmup", "1", "--threads", "1"});
  ASSERT_EQ(r.code, RunOk) << r.err;
  EXPECT_TRUE(contains(r.out, "graph 'fake'")) << r.out;
  EXPECT_TRUE(contains(r.out, "3 timed runs after 1 warm-up runs, 1 thread"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "median")) << r.out;
  EXPECT_TRUE(contains(r.out, "inferences/s")) << r.out;
}

TEST(BenchCommand, JsonHasTheStatistics) {
  Result r = bench({kModel, "--json", "--runs=4", "--threads=2", "--seed=7"});
  ASSERT_EQ(r.code, RunOk) << r.err;
  for (const char *key :
       {"\"min_ms\": ", "\"median_ms\": ", "\"mean_ms\": ", "\"p90_ms\": ",
        "\"max_ms\": ", "\"throughput_per_s\": ", "\"runs\": 4",
        "\"threads\": 2", "\"seed\": 7", "\"graph\": \"fake\""})
    EXPECT_TRUE(contains(r.out, key)) << key << "\n" << r.out;
  EXPECT_TRUE(contains(r.out, "\"model\": \"" + kModel + "\"")) << r.out;
  EXPECT_FALSE(contains(r.out, "per_layer"));
  EXPECT_EQ(r.out.front(), '{');
  EXPECT_EQ(r.out.substr(r.out.size() - 2), "}\n");
}

TEST(BenchCommand, MinTimeRunsAtLeastOnce) {
  Result r = bench({kModel, "--min-time", "0.01", "--json"});
  ASSERT_EQ(r.code, RunOk) << r.err;
  EXPECT_FALSE(contains(r.out, "\"runs\": 0,")) << r.out;
}

TEST(BenchCommand, PerLayerReportsTheProfiledModel) {
  Result r = bench({kProfiledModel, "--per-layer", "--json", "--runs", "4",
                    "--warmup", "2"});
  ASSERT_EQ(r.code, RunOk) << r.err;
  // Warm-up runs are not counted: 4 runs of 30 + 10 ns in layers, 50 in all.
  EXPECT_TRUE(contains(r.out, "\"model_ms\": 5e-05")) << r.out;
  EXPECT_TRUE(contains(r.out, "\"layers_ms\": 4e-05")) << r.out;
  EXPECT_TRUE(contains(r.out, "\"outside_layers_ms\": 1e-05")) << r.out;
  EXPECT_TRUE(contains(r.out, "\"peak_gflops\": ")) << r.out;
  // Slowest first; "scale" does 4 FLOP in 30 ns.
  size_t scale = r.out.find("\"name\": \"scale\"");
  size_t shift = r.out.find("\"name\": \"shift\"");
  ASSERT_NE(scale, std::string::npos);
  ASSERT_NE(shift, std::string::npos);
  EXPECT_LT(scale, shift);
  EXPECT_TRUE(contains(r.out, "\"calls\": 4, \"ms\": 3e-05, \"percent\": 60, "
                              "\"gflops\": 0.133333"))
      << r.out;
  // Unknown FLOPs give no rate.
  EXPECT_TRUE(contains(r.out, "\"flops\": null")) << r.out;
  EXPECT_TRUE(contains(r.out, "\"gflops\": null, \"percent_of_peak\": null"))
      << r.out;
}

TEST(BenchCommand, PerLayerTextTable) {
  Result r = bench({kProfiledModel, "--per-layer", "--runs", "2"});
  ASSERT_EQ(r.code, RunOk) << r.err;
  EXPECT_TRUE(contains(r.out, "machine peak: ")) << r.out;
  // Aligned columns, slowest first, "-" for a rate that is not known.
  EXPECT_TRUE(contains(r.out, "layer             op   output  algo       ms  "
                              "    %  GFLOP/s  % peak\n"
                              "scale             mul  4       -       3e-05  "
                              " 60.0     0.13"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "shift             add  4       vector  1e-05  "
                              " 20.0        -       -\n"
                              "(outside layers)                       1e-05  "
                              " 20.0\n"
                              "total                                  5e-05  "
                              "100.0\n"))
      << r.out;
  EXPECT_TRUE(contains(r.out, "per op:")) << r.out;
}

TEST(BenchCommand, PerLayerNeedsAProfiledModel) {
  Result r = bench({kModel, "--per-layer"});
  EXPECT_EQ(r.code, RunError);
  EXPECT_TRUE(contains(r.err, "dlc bench: error: " + kModel +
                                  ": the model has no per-layer profile "
                                  "(compile it with `dlc --profile`)"))
      << r.err;
  EXPECT_TRUE(r.out.empty());
}

TEST(BenchCommand, PeakAlone) {
  Result r = bench({"--peak", "--threads", "1", "--json"});
  ASSERT_EQ(r.code, RunOk) << r.err;
  EXPECT_TRUE(contains(r.out, "{\"peak\": [{\"threads\": 1, \"gflops\": "))
      << r.out;
}

TEST(BenchCommand, BadCommandLines) {
  struct Case {
    std::vector<std::string> args;
    const char *message;
  } cases[] = {
      {{}, "no model given"},
      {{kModel, "--runs", "0"}, "--runs expects a count from 1"},
      {{kModel, "--runs", "x"}, "--runs expects a count from 1"},
      {{kModel, "--min-time", "-1"}, "--min-time expects seconds"},
      {{kModel, "--min-time", "abc"}, "--min-time expects seconds"},
      {{kModel, "--threads", "0"}, "--threads expects a count from 1"},
      {{kModel, "--warmup"}, "option '--warmup' needs a value"},
      {{kModel, "--runs", "2", "--runs", "3"}, "given more than once"},
      {{kModel, "--json=yes"}, "option '--json' takes no value"},
      {{kModel, "--frobnicate"}, "unknown option '--frobnicate'"},
      {{kModel, kModel}, "more than one model given"},
      {{"--per-layer"}, "--per-layer needs a model"},
  };
  for (const Case &c : cases) {
    Result r = bench(c.args);
    EXPECT_EQ(r.code, RunUsage) << c.message;
    EXPECT_TRUE(contains(r.err, c.message)) << r.err;
    EXPECT_TRUE(contains(r.err, "see 'dlc bench --help'")) << r.err;
  }
}

TEST(BenchCommand, MissingModelIsAnError) {
  Result r = bench({"/nonexistent/model.so"});
  EXPECT_EQ(r.code, RunError);
  EXPECT_TRUE(contains(r.err, "/nonexistent/model.so: cannot open")) << r.err;
}

} // namespace
