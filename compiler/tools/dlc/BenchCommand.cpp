//===- BenchCommand.cpp - `dlc bench`: time a compiled model --------------===//

#include "BenchCommand.h"

#include "CommandLine.h"

#include "PeakFlops.h"
#include "RunCommand.h"

#include "dlc/Support/TensorFiles.h"
#include "dlc/runtime.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>

using namespace dlc::support;

namespace dlc::tools {

namespace {

const char kHelp[] =
    R"(USAGE: %PROG% MODEL.so [options]
       %PROG% --peak [--threads N] [--json]

Times a model compiled by `dlc model.onnx -o MODEL.so`: runs it on seeded
random inputs (the data `dlc run --seed N` uses), first a few warm-up runs,
then the timed runs, and prints the latency of one run (min, median, mean,
p90, max, in milliseconds) and the throughput (runs per second).

OPTIONS:
  --warmup N        Untimed runs first (default 3).
  --runs N          Timed runs (default 20).
  --min-time S      Keep running until the timed runs add up to S seconds
                    (at least --runs runs if that is given, else at least 1).
  --threads N       Threads the model may use (default: the runtime's,
                    DLC_NUM_THREADS or all cores).
  --seed N          Seed of the random inputs (default 0).
  --per-layer       Also time each layer: needs a model compiled with
                    `dlc --profile`. Prints, slowest first, the ONNX node,
                    the op, its output shape and algorithm, its time per run,
                    its share of the run, its GFLOP/s (from an estimate of
                    its arithmetic) and the % of the machine's peak that is
                    (measured as with --peak, for the thread count used).
  --peak            Measure the machine's FP32 peak (FMA loops on every
                    thread count from 1 to the cores, or on --threads N,
                    about 0.2 s of CPU time each, timed in each thread's CPU
                    time so other processes do not lower it) and print it;
                    with a model, measure it for the model's thread count
                    and add it to the report.
  --json            Print one JSON object instead of text: min_ms, median_ms,
                    mean_ms, p90_ms, max_ms, stddev_ms, throughput_per_s,
                    runs, warmup, threads, seed, model, graph; peak_gflops
                    and peak_isa if measured; per_layer (model_ms,
                    layers_ms, outside_layers_ms, layers[]) with --per-layer.
  -h, --help        Show this help.

Times are wall-clock. Exit status: 0 on success, 1 on an error (model load or
run failure, --per-layer on a model built without --profile), 2 on a bad
command line.
)";

struct Options {
  std::string model;
  uint64_t warmup = 3;
  uint64_t runs = 20;
  bool runsGiven = false;
  double minTime = -1; // seconds; < 0: not given
  int32_t threads = 0;
  uint64_t seed = 0;
  bool perLayer = false;
  bool peak = false;
  bool json = false;
  bool help = false;
};

bool parseSeconds(const std::string &text, double &value) {
  if (text.empty())
    return false;
  char *end = nullptr;
  errno = 0;
  double v = std::strtod(text.c_str(), &end);
  if (errno || *end != '\0' || !std::isfinite(v) || v <= 0 || v > 86400)
    return false;
  value = v;
  return true;
}

int parseArgs(const std::vector<std::string> &args, Options &opts,
              Diagnostics &diag) {
  const std::set<std::string> valueFlags = {"--warmup", "--runs",
                                            "--min-time", "--threads",
                                            "--seed"};
  const std::map<std::string, bool Options::*> boolFlags = {
      {"--per-layer", &Options::perLayer},
      {"--peak", &Options::peak},
      {"--json", &Options::json},
      {"--help", &Options::help},
      {"-h", &Options::help}};
  std::set<std::string> seen;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    if (arg.size() < 2 || arg[0] != '-') {
      if (!opts.model.empty())
        return diag.usage("more than one model given ('" + opts.model +
                          "' and '" + arg + "')");
      opts.model = arg;
      continue;
    }
    std::string flag = arg, value;
    size_t eq = arg.find('=');
    bool inlineValue = eq != std::string::npos && arg.rfind("--", 0) == 0;
    if (inlineValue) {
      flag = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    if (auto boolFlag = boolFlags.find(flag); boolFlag != boolFlags.end()) {
      if (inlineValue)
        return diag.usage("option '" + flag + "' takes no value");
      opts.*(boolFlag->second) = true;
      continue;
    }
    if (!valueFlags.count(flag))
      return diag.usage("unknown option '" + flag + "'");
    if (!inlineValue) {
      if (i + 1 == args.size())
        return diag.usage("option '" + flag + "' needs a value");
      value = args[++i];
    }
    if (!seen.insert(flag).second)
      return diag.usage("option '" + flag + "' given more than once");

    if (flag == "--warmup") {
      if (!parseUnsigned(value, 1000000, opts.warmup))
        return diag.usage("--warmup expects a count from 0 to 1000000, got '" +
                          value + "'");
    } else if (flag == "--runs") {
      if (!parseUnsigned(value, 100000000, opts.runs) || opts.runs == 0)
        return diag.usage(
            "--runs expects a count from 1 to 100000000, got '" + value + "'");
      opts.runsGiven = true;
    } else if (flag == "--min-time") {
      if (!parseSeconds(value, opts.minTime))
        return diag.usage("--min-time expects seconds (more than 0, e.g. "
                          "0.5), got '" +
                          value + "'");
    } else if (flag == "--threads") {
      uint64_t n;
      if (!parseUnsigned(value, 4096, n) || n == 0)
        return diag.usage("--threads expects a count from 1 to 4096, got '" +
                          value + "'");
      opts.threads = int32_t(n);
    } else { // --seed
      if (!parseUnsigned(value, UINT64_MAX, opts.seed))
        return diag.usage("--seed expects a non-negative integer, got '" +
                          value + "'");
    }
  }
  if (!opts.help && opts.model.empty() && opts.perLayer)
    return diag.usage("--per-layer needs a model");
  if (!opts.help && opts.model.empty() && !opts.peak)
    return diag.usage("no model given");
  return RunOk;
}

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v))
    return "-";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

/// A JSON number; null for NaN and infinities.
std::string jsonNumber(double v) {
  if (!std::isfinite(v))
    return "null";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.6g", v);
  return buf;
}

/// Prints a table: columns separated by two spaces, those flagged in
/// `rightAligned` aligned to the right.
void printTable(std::ostream &out,
                const std::vector<std::vector<std::string>> &rows,
                const std::vector<bool> &rightAligned) {
  std::vector<size_t> widths;
  for (const auto &row : rows)
    for (size_t c = 0; c < row.size(); ++c) {
      if (widths.size() <= c)
        widths.push_back(0);
      widths[c] = std::max(widths[c], row[c].size());
    }
  for (const auto &row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      size_t pad = widths[c] - row[c].size();
      bool right = c < rightAligned.size() && rightAligned[c];
      if (right)
        line.append(pad, ' ');
      line += row[c];
      if (c + 1 < row.size()) {
        if (!right)
          line.append(pad, ' ');
        line += "  ";
      }
    }
    while (!line.empty() && line.back() == ' ')
      line.pop_back();
    out << line << "\n";
  }
}

/// One row of the --per-layer report.
struct LayerRow {
  size_t index;
  const LayerProfile *layer;
  double msPerRun;
  double percent;       ///< of the time inside the model
  double gflops;        ///< NaN when the FLOP count is unknown
  double percentOfPeak; ///< NaN when unknown
};

std::string stripDialect(const std::string &op) {
  return op.rfind("dlc.", 0) == 0 ? op.substr(4) : op;
}

/// A layer's name for the text table: the first node of a fused layer and
/// how many more there are ("conv1 (+2 fused)"); JSON has the full name.
std::string shortLayerName(const std::string &name) {
  size_t plus = name.find('+');
  if (plus == std::string::npos || plus == 0)
    return name;
  size_t more = std::count(name.begin() + plus, name.end(), '+');
  return name.substr(0, plus) + " (+" + std::to_string(more) + " fused)";
}

/// Milliseconds with 3 decimals, or 3 significant digits below 0.1 ms.
std::string formatMs(double ms) {
  if (!std::isfinite(ms))
    return "-";
  char buf[64];
  std::snprintf(buf, sizeof(buf), ms >= 0.1 || ms == 0 ? "%.3f" : "%.3g", ms);
  return buf;
}

int peakOnly(const Options &opts, std::ostream &out) {
  std::vector<int> counts;
  if (opts.threads) {
    counts.push_back(opts.threads);
  } else {
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    for (unsigned t = 1; t <= cores; ++t)
      counts.push_back(int(t));
  }
  std::vector<PeakFlops> peaks;
  for (int threads : counts)
    peaks.push_back(measurePeakFlops(threads));
  if (opts.json) {
    out << "{\"peak\": [";
    for (size_t i = 0; i < peaks.size(); ++i)
      out << (i ? ", " : "") << "{\"threads\": " << peaks[i].threads
          << ", \"gflops\": " << jsonNumber(peaks[i].gflops)
          << ", \"isa\": " << jsonString(peaks[i].isa) << "}";
    out << "]}\n";
    return RunOk;
  }
  out << "FP32 peak: FMA loops on every thread at once, each timed in its "
         "own CPU time (an FMA is 2 FLOP)\n";
  std::vector<std::vector<std::string>> rows = {
      {"threads", "GFLOP/s", "per thread", "kernel"}};
  for (const PeakFlops &peak : peaks)
    rows.push_back({std::to_string(peak.threads), fixed(peak.gflops, 1),
                    fixed(peak.gflops / peak.threads, 1), peak.isa});
  printTable(out, rows, {true, true, true, false});
  return RunOk;
}

} // namespace

LatencyStats computeLatencyStats(std::vector<double> ms) {
  LatencyStats stats;
  stats.runs = ms.size();
  if (ms.empty())
    return stats;
  std::sort(ms.begin(), ms.end());
  size_t n = ms.size();
  stats.minMs = ms.front();
  stats.maxMs = ms.back();
  stats.medianMs = n % 2 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  size_t rank = (9 * n + 9) / 10; // ceil(0.9 n), at least 1
  stats.p90Ms = ms[std::min(n, std::max<size_t>(rank, 1)) - 1];
  double sum = 0;
  for (double v : ms)
    sum += v;
  stats.meanMs = sum / n;
  double squares = 0;
  for (double v : ms)
    squares += (v - stats.meanMs) * (v - stats.meanMs);
  stats.stddevMs = n > 1 ? std::sqrt(squares / (n - 1)) : 0;
  return stats;
}

std::string jsonString(const std::string &text) {
  std::string s = "\"";
  for (unsigned char c : text) {
    switch (c) {
    case '"':
      s += "\\\"";
      break;
    case '\\':
      s += "\\\\";
      break;
    case '\n':
      s += "\\n";
      break;
    case '\t':
      s += "\\t";
      break;
    case '\r':
      s += "\\r";
      break;
    default:
      if (c < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\u%04x", c);
        s += buf;
      } else {
        s += char(c);
      }
    }
  }
  return s + "\"";
}

int benchCommand(const std::string &prog, const std::vector<std::string> &args,
                 std::ostream &out, std::ostream &err) {
  Diagnostics diag(prog, err);
  Options opts;
  if (int code = parseArgs(args, opts, diag))
    return code;
  if (opts.help) {
    std::string help = kHelp;
    for (size_t at; (at = help.find("%PROG%")) != std::string::npos;)
      help.replace(at, 6, prog);
    out << help;
    return RunOk;
  }
  if (opts.model.empty())
    return peakOnly(opts, out);

  std::optional<dlc::Model> model;
  try {
    model.emplace(dlc::Model::load(opts.model));
    if (opts.threads)
      model->setNumThreads(opts.threads);
    if (opts.perLayer && !model->hasProfile())
      model->profile(); // throws with the reason
  } catch (const dlc::Error &e) {
    return diag.error(e.what());
  }
  const std::vector<dlc::TensorInfo> &inInfos = model->inputs();
  const std::vector<dlc::TensorInfo> &outInfos = model->outputs();

  std::vector<HostTensor> inputs(inInfos.size()), outputs(outInfos.size());
  std::vector<dlc::TensorView> inViews, outViews;
  for (size_t i = 0; i < inInfos.size(); ++i) {
    inputs[i] = HostTensor(static_cast<dlc_dtype>(inInfos[i].dtype),
                           inInfos[i].shape);
    fillRandomInput(inputs[i], opts.seed, i);
    inViews.emplace_back(inputs[i].data(), inInfos[i]);
  }
  for (size_t i = 0; i < outInfos.size(); ++i) {
    outputs[i] = HostTensor(static_cast<dlc_dtype>(outInfos[i].dtype),
                            outInfos[i].shape);
    outViews.emplace_back(outputs[i].data(), outInfos[i]);
  }

  using Clock = std::chrono::steady_clock;
  std::vector<double> times;
  try {
    for (uint64_t i = 0; i < opts.warmup; ++i)
      model->run(inViews, outViews);
    if (opts.perLayer)
      model->resetProfile();
    uint64_t minRuns = opts.minTime > 0 ? (opts.runsGiven ? opts.runs : 1)
                                        : opts.runs;
    double total = 0;
    while (times.size() < minRuns ||
           (opts.minTime > 0 && total < opts.minTime * 1e3)) {
      auto start = Clock::now();
      model->run(inViews, outViews);
      double ms = std::chrono::duration<double, std::milli>(Clock::now() -
                                                           start)
                      .count();
      times.push_back(ms);
      total += ms;
    }
  } catch (const dlc::Error &e) {
    return diag.error(e.what());
  }
  LatencyStats stats = computeLatencyStats(times);
  double throughput = 1e3 / stats.meanMs;
  int threads = model->numThreads();

  std::optional<Profile> profile;
  if (opts.perLayer)
    profile = model->profile();
  std::optional<PeakFlops> peak;
  if (opts.perLayer || opts.peak)
    peak = measurePeakFlops(threads);

  // The layers, slowest first, and the time outside them.
  std::vector<LayerRow> rows;
  double modelMs = 0, layersMs = 0;
  if (profile) {
    double runs = double(std::max<uint64_t>(profile->runs, 1));
    modelMs = double(profile->runNs) / runs / 1e6;
    for (size_t i = 0; i < profile->layers.size(); ++i) {
      const LayerProfile &layer = profile->layers[i];
      LayerRow row{i, &layer, double(layer.ns) / runs / 1e6, 0, NAN, NAN};
      row.percent = profile->runNs
                        ? 100.0 * double(layer.ns) / double(profile->runNs)
                        : 0;
      if (layer.flops > 0 && layer.ns > 0) {
        row.gflops = double(layer.flops) * double(layer.calls) /
                     double(layer.ns); // FLOP per ns = GFLOP/s
        if (peak && peak->gflops > 0)
          row.percentOfPeak = 100.0 * row.gflops / peak->gflops;
      }
      layersMs += row.msPerRun;
      rows.push_back(row);
    }
    std::stable_sort(rows.begin(), rows.end(),
                     [](const LayerRow &a, const LayerRow &b) {
                       return a.layer->ns > b.layer->ns;
                     });
  }
  double outsideMs = std::max(0.0, modelMs - layersMs);

  if (opts.json) {
    out << "{\"model\": " << jsonString(opts.model)
        << ", \"graph\": " << jsonString(model->name())
        << ", \"threads\": " << threads << ", \"warmup\": " << opts.warmup
        << ", \"runs\": " << stats.runs << ", \"seed\": " << opts.seed
        << ", \"min_ms\": " << jsonNumber(stats.minMs)
        << ", \"median_ms\": " << jsonNumber(stats.medianMs)
        << ", \"mean_ms\": " << jsonNumber(stats.meanMs)
        << ", \"p90_ms\": " << jsonNumber(stats.p90Ms)
        << ", \"max_ms\": " << jsonNumber(stats.maxMs)
        << ", \"stddev_ms\": " << jsonNumber(stats.stddevMs)
        << ", \"throughput_per_s\": " << jsonNumber(throughput);
    if (peak)
      out << ", \"peak_gflops\": " << jsonNumber(peak->gflops)
          << ", \"peak_isa\": " << jsonString(peak->isa);
    if (profile) {
      out << ",\n \"per_layer\": {\"model_ms\": " << jsonNumber(modelMs)
          << ", \"layers_ms\": " << jsonNumber(layersMs)
          << ", \"outside_layers_ms\": " << jsonNumber(outsideMs)
          << ", \"layers\": [";
      for (size_t i = 0; i < rows.size(); ++i) {
        const LayerRow &row = rows[i];
        const LayerProfile &layer = *row.layer;
        out << (i ? ",\n  " : "\n  ") << "{\"index\": " << row.index
            << ", \"name\": " << jsonString(layer.name)
            << ", \"op\": " << jsonString(layer.op)
            << ", \"shape\": " << jsonString(layer.shape)
            << ", \"algo\": " << jsonString(layer.algo) << ", \"flops\": "
            << (layer.flops >= 0 ? std::to_string(layer.flops) : "null")
            << ", \"calls\": " << layer.calls
            << ", \"ms\": " << jsonNumber(row.msPerRun)
            << ", \"percent\": " << jsonNumber(row.percent)
            << ", \"gflops\": " << jsonNumber(row.gflops)
            << ", \"percent_of_peak\": " << jsonNumber(row.percentOfPeak)
            << "}";
      }
      out << "]}";
    }
    out << "}\n";
    return RunOk;
  }

  std::string inputsText;
  for (const dlc::TensorInfo &info : inInfos)
    inputsText += (inputsText.empty() ? "" : ", ") + info.name + ": " +
                  dlc::dtypeName(info.dtype) + " " + formatShape(info.shape);
  out << opts.model << ": graph '" << model->name() << "', "
      << (inInfos.size() == 1 ? "input " : "inputs ")
      << (inputsText.empty() ? "none" : inputsText) << "\n"
      << stats.runs << " timed runs after " << opts.warmup
      << " warm-up runs, " << threads << (threads == 1 ? " thread" : " threads")
      << ", seed " << opts.seed << "\n\n";
  printTable(out,
             {{"latency ms", "min", "median", "mean", "p90", "max", "stddev"},
              {"", formatMs(stats.minMs), formatMs(stats.medianMs),
               formatMs(stats.meanMs), formatMs(stats.p90Ms),
               formatMs(stats.maxMs), formatMs(stats.stddevMs)}},
             {false, true, true, true, true, true, true});
  out << "throughput: " << fixed(throughput, 2) << " inferences/s\n";
  if (peak)
    out << "machine peak: " << fixed(peak->gflops, 1) << " GFLOP/s FP32 on "
        << threads << (threads == 1 ? " thread" : " threads") << " ("
        << peak->isa << " FMA loop)\n";
  if (!profile)
    return RunOk;

  out << "\nper layer (mean time per run, measured inside the model; "
         "slowest first):\n";
  std::vector<std::vector<std::string>> table = {
      {"layer", "op", "output", "algo", "ms", "%", "GFLOP/s", "% peak"}};
  for (const LayerRow &row : rows) {
    const LayerProfile &layer = *row.layer;
    table.push_back({shortLayerName(layer.name), stripDialect(layer.op),
                     layer.shape, layer.algo.empty() ? "-" : layer.algo,
                     formatMs(row.msPerRun), fixed(row.percent, 1),
                     fixed(row.gflops, 2), fixed(row.percentOfPeak, 1)});
  }
  table.push_back({"(outside layers)", "", "", "", formatMs(outsideMs),
                   fixed(modelMs > 0 ? 100 * outsideMs / modelMs : 0, 1), "",
                   ""});
  table.push_back({"total", "", "", "", formatMs(modelMs), "100.0", "", ""});
  printTable(out, table, {false, false, false, false, true, true, true, true});

  // Time by op kind.
  std::map<std::string, std::pair<double, size_t>> byOp;
  for (const LayerRow &row : rows) {
    auto &entry = byOp[stripDialect(row.layer->op)];
    entry.first += row.msPerRun;
    entry.second += 1;
  }
  std::vector<std::pair<std::string, std::pair<double, size_t>>> ops(
      byOp.begin(), byOp.end());
  std::stable_sort(ops.begin(), ops.end(), [](const auto &a, const auto &b) {
    return a.second.first > b.second.first;
  });
  out << "\nper op:\n";
  std::vector<std::vector<std::string>> opTable = {
      {"op", "layers", "ms", "%"}};
  for (const auto &[op, entry] : ops)
    opTable.push_back(
        {op, std::to_string(entry.second), formatMs(entry.first),
         fixed(modelMs > 0 ? 100 * entry.first / modelMs : 0, 1)});
  printTable(out, opTable, {false, true, true, true});
  return RunOk;
}

int benchCommandMain(int argc, char **argv) {
  std::string prog = argc > 0 && argv[0] ? argv[0] : "dlc bench";
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i)
    args.emplace_back(argv[i]);
  return benchCommand(prog, args, std::cout, std::cerr);
}

} // namespace dlc::tools
