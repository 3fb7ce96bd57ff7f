//===- RunCommand.cpp - `dlc run`: run a compiled model once
//---------------===//

#include "RunCommand.h"

#include "CommandLine.h"

#include "dlc/Support/TensorFiles.h"
#include "dlc/runtime.hpp"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>

using namespace dlc::support;

namespace dlc::tools {

namespace {

const char kHelp[] =
    R"(USAGE: %PROG% MODEL.so [options]

Loads a model compiled by `dlc model.onnx -o MODEL.so`, runs it once and
prints, for each output, its shape, dtype, min/max/mean and argmax (flat
index).

OPTIONS:
  --input NAME=FILE   Feed the input called NAME from FILE, by extension:
                        .npy  NumPy array (little-endian, C order)
                        .pb   serialized ONNX TensorProto
                        other raw little-endian data of the input's dtype
                              and shape (the file size is checked)
                      The dtype and shape must be the model's. Repeat for
                      each input; inputs not given get seeded random data:
                      floats uniform in [-1, 1), integers in [0, 10), bools
                      0 or 1.
  --output-dir DIR    Write each output to DIR/NAME.npy, creating DIR; NAME
                      has characters other than [A-Za-z0-9._-] replaced by
                      '_'.
  --seed N            Seed of the random inputs (default 0). The data of an
                      input depends only on the seed and its position.
  --threads N         Threads the model may use (default: the runtime's,
                      DLC_NUM_THREADS or all cores).
  -h, --help          Show this help.

Exit status: 0 on success, 1 on an error (unreadable file, mismatched input,
load or run failure), 2 on a bad command line.
)";

struct Options {
  std::string model;
  std::vector<std::pair<std::string, std::string>> inputs; // name, file
  std::string outputDir;
  uint64_t seed = 0;
  int32_t threads = 0;
  bool help = false;
};

/// Parses the arguments strictly; returns RunOk or a usage error code.
int parseArgs(const std::vector<std::string> &args, Options &opts,
              Diagnostics &diag) {
  std::set<std::string> seen;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &arg = args[i];
    if (arg == "-h" || arg == "--help") {
      opts.help = true;
      continue;
    }
    if (arg.size() < 2 || arg[0] != '-') {
      if (!opts.model.empty())
        return diag.usage("more than one model given ('" + opts.model +
                          "' and '" + arg + "')");
      opts.model = arg;
      continue;
    }
    // --flag VALUE or --flag=VALUE.
    std::string flag = arg, value;
    size_t eq = arg.find('=');
    bool inlineValue = eq != std::string::npos && arg.rfind("--", 0) == 0;
    if (inlineValue) {
      flag = arg.substr(0, eq);
      value = arg.substr(eq + 1);
    }
    if (flag != "--input" && flag != "--output-dir" && flag != "--seed" &&
        flag != "--threads")
      return diag.usage("unknown option '" + flag + "'");
    if (!inlineValue) {
      if (i + 1 == args.size())
        return diag.usage("option '" + flag + "' needs a value");
      value = args[++i];
    }
    if (flag != "--input" && !seen.insert(flag).second)
      return diag.usage("option '" + flag + "' given more than once");

    if (flag == "--input") {
      size_t sep = value.find('=');
      if (sep == std::string::npos || sep == 0 || sep + 1 == value.size())
        return diag.usage("--input expects NAME=FILE, got '" + value + "'");
      std::string name = value.substr(0, sep);
      for (const auto &entry : opts.inputs)
        if (entry.first == name)
          return diag.usage("input '" + name + "' given more than once");
      opts.inputs.emplace_back(name, value.substr(sep + 1));
    } else if (flag == "--output-dir") {
      if (value.empty())
        return diag.usage("--output-dir needs a directory");
      opts.outputDir = value;
    } else if (flag == "--seed") {
      if (!parseUnsigned(value, UINT64_MAX, opts.seed))
        return diag.usage("--seed expects a non-negative integer, got '" +
                          value + "'");
    } else { // --threads
      uint64_t n;
      if (!parseUnsigned(value, 4096, n) || n == 0)
        return diag.usage("--threads expects a count from 1 to 4096, got '" +
                          value + "'");
      opts.threads = int32_t(n);
    }
  }
  if (!opts.help && opts.model.empty())
    return diag.usage("no model given");
  return RunOk;
}

/// Fills `tensor` with data that depends only on `seed` and `index`.
void fillRandom(HostTensor &tensor, uint64_t seed, size_t index) {
  std::seed_seq seq{uint32_t(seed), uint32_t(seed >> 32), uint32_t(index)};
  std::mt19937_64 gen(seq);
  int64_t n = tensor.numElements();
  for (int64_t i = 0; i < n; ++i) {
    uint64_t r = gen();
    switch (tensor.dtype) {
    case DLC_DTYPE_F32:
      tensor.dataAs<float>()[i] = float(r >> 40) * 0x1p-23f - 1.0f;
      break;
    case DLC_DTYPE_F64:
      tensor.dataAs<double>()[i] = double(r >> 11) * 0x1p-52 - 1.0;
      break;
    case DLC_DTYPE_F16: // multiples of 2^-10, exact in f16
      tensor.dataAs<uint16_t>()[i] =
          floatToHalf(float(int64_t(r >> 53) - 1024) * 0x1p-10f);
      break;
    case DLC_DTYPE_I8:
      tensor.dataAs<int8_t>()[i] = int8_t(r % 10);
      break;
    case DLC_DTYPE_U8:
      tensor.dataAs<uint8_t>()[i] = uint8_t(r % 10);
      break;
    case DLC_DTYPE_I32:
      tensor.dataAs<int32_t>()[i] = int32_t(r % 10);
      break;
    case DLC_DTYPE_I64:
      tensor.dataAs<int64_t>()[i] = int64_t(r % 10);
      break;
    case DLC_DTYPE_BOOL:
      tensor.dataAs<uint8_t>()[i] = uint8_t(r >> 63);
      break;
    case DLC_DTYPE_INVALID:
      break;
    }
  }
}

std::string formatNumber(double v) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", v);
  return buf;
}

/// Prints rows as a left-aligned text table with two spaces between columns.
void printTable(std::ostream &out,
                const std::vector<std::vector<std::string>> &rows) {
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
      line += row[c];
      if (c + 1 < row.size())
        line.append(widths[c] - row[c].size() + 2, ' ');
    }
    out << line << "\n";
  }
}

} // namespace

void fillRandomInput(support::HostTensor &tensor, uint64_t seed,
                     size_t index) {
  fillRandom(tensor, seed, index);
}

std::string sanitizeFileName(const std::string &name) {
  std::string s = name;
  for (char &c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
      c = '_';
  if (s.empty() || s == "." || s == "..")
    s = "_" + s;
  return s;
}

int runCommand(const std::string &prog, const std::vector<std::string> &args,
               std::ostream &out, std::ostream &err) {
  Diagnostics diag(prog, err);
  Options opts;
  if (int code = parseArgs(args, opts, diag))
    return code;
  if (opts.help) {
    std::string help = kHelp;
    help.replace(help.find("%PROG%"), 6, prog);
    out << help;
    return RunOk;
  }

  std::optional<dlc::Model> model;
  try {
    model.emplace(dlc::Model::load(opts.model));
    if (opts.threads)
      model->setNumThreads(opts.threads);
  } catch (const dlc::Error &e) {
    return diag.error(e.what());
  }
  const std::vector<dlc::TensorInfo> &inInfos = model->inputs();
  const std::vector<dlc::TensorInfo> &outInfos = model->outputs();
  size_t numInputs = inInfos.size(), numOutputs = outInfos.size();

  // Which file feeds which input.
  std::map<size_t, std::string> files;
  for (const auto &[name, file] : opts.inputs) {
    auto info =
        std::find_if(inInfos.begin(), inInfos.end(),
                     [&](const dlc::TensorInfo &i) { return i.name == name; });
    if (info == inInfos.end()) {
      std::string known;
      for (const dlc::TensorInfo &i : inInfos)
        known += (known.empty() ? "'" : ", '") + i.name + "'";
      return diag.error("unknown input '" + name + "'; the model's inputs " +
                        "are " + (known.empty() ? "none" : known));
    }
    files[size_t(info - inInfos.begin())] = file;
  }

  std::vector<HostTensor> inputs(numInputs);
  std::vector<std::vector<std::string>> inputRows = {
      {"input", "dtype", "shape", "source"}};
  for (size_t i = 0; i < numInputs; ++i) {
    const dlc::TensorInfo &info = inInfos[i];
    dlc_dtype dtype = static_cast<dlc_dtype>(info.dtype);
    std::string source;
    auto file = files.find(i);
    if (file == files.end()) {
      inputs[i] = HostTensor(dtype, info.shape);
      fillRandom(inputs[i], opts.seed, i);
      source = "random (seed " + std::to_string(opts.seed) + ")";
    } else {
      std::string error;
      if (!readTensorFile(file->second, dtype, info.shape, inputs[i], error))
        return diag.error("input '" + info.name + "': " + error);
      if (inputs[i].dtype != dtype || inputs[i].shape != info.shape)
        return diag.error("input '" + info.name + "': " + file->second +
                          " holds " + support::dtypeName(inputs[i].dtype) +
                          " " + formatShape(inputs[i].shape) +
                          ", the model expects " + support::dtypeName(dtype) +
                          " " + formatShape(info.shape));
      source = file->second;
    }
    inputRows.push_back({info.name, support::dtypeName(dtype),
                         formatShape(info.shape), source});
  }

  std::vector<HostTensor> outputs(numOutputs);
  std::vector<dlc::TensorView> inViews, outViews;
  for (size_t i = 0; i < numInputs; ++i)
    inViews.emplace_back(inputs[i].data(), inInfos[i]);
  for (size_t i = 0; i < numOutputs; ++i) {
    outputs[i] = HostTensor(static_cast<dlc_dtype>(outInfos[i].dtype),
                            outInfos[i].shape);
    outViews.emplace_back(outputs[i].data(), outInfos[i]);
  }

  auto start = std::chrono::steady_clock::now();
  try {
    model->run(inViews, outViews);
  } catch (const dlc::Error &e) {
    return diag.error(e.what());
  }
  double ms = std::chrono::duration<double, std::milli>(
                  std::chrono::steady_clock::now() - start)
                  .count();

  out << opts.model << ": graph '" << model->name() << "', " << numInputs
      << (numInputs == 1 ? " input, " : " inputs, ") << numOutputs
      << (numOutputs == 1 ? " output" : " outputs") << ", ran in "
      << formatNumber(ms) << " ms\n\n";
  if (numInputs) {
    printTable(out, inputRows);
    out << "\n";
  }

  std::vector<std::vector<std::string>> outputRows = {
      {"output", "dtype", "shape", "min", "max", "mean", "argmax"}};
  bool anyNaN = false;
  for (size_t i = 0; i < numOutputs; ++i) {
    TensorStats stats = computeStats(outputs[i]);
    std::vector<std::string> row = {outInfos[i].name,
                                    support::dtypeName(outputs[i].dtype),
                                    formatShape(outputs[i].shape),
                                    formatNumber(stats.min),
                                    formatNumber(stats.max),
                                    formatNumber(stats.mean),
                                    std::to_string(stats.argmax)};
    if (stats.nanCount) {
      row.push_back(std::to_string(stats.nanCount) + " NaN");
      anyNaN = true;
    }
    outputRows.push_back(std::move(row));
  }
  if (anyNaN)
    outputRows[0].push_back("NaNs");
  printTable(out, outputRows);

  if (opts.outputDir.empty())
    return RunOk;
  std::error_code ec;
  std::filesystem::create_directories(opts.outputDir, ec);
  if (ec)
    return diag.error(opts.outputDir +
                      ": cannot create directory: " + ec.message());
  std::set<std::string> used;
  for (size_t i = 0; i < numOutputs; ++i) {
    std::string stem = sanitizeFileName(outInfos[i].name);
    std::string fileName = stem + ".npy";
    for (int k = 1; !used.insert(fileName).second; ++k)
      fileName = stem + "_" + std::to_string(k) + ".npy";
    std::string path =
        (std::filesystem::path(opts.outputDir) / fileName).string();
    std::string error;
    if (!writeNpyFile(path, outputs[i], error))
      return diag.error(error);
    out << "wrote " << path << "\n";
  }
  return RunOk;
}

int runCommandMain(int argc, char **argv) {
  std::string prog = argc > 0 && argv[0] ? argv[0] : "dlc run";
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i)
    args.emplace_back(argv[i]);
  return runCommand(prog, args, std::cout, std::cerr);
}

} // namespace dlc::tools
