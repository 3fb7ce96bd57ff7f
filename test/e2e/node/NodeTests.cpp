//===- NodeTests.cpp - Pieces of the ONNX backend node-test runner --------===//

#include "NodeTests.h"

#include "dlc/Support/TensorFiles.h"
#include "dlc/runtime.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>

namespace fs = std::filesystem;
using namespace dlc::support;

namespace dlc::nodetests {

bool discoverTests(const std::string &root, std::vector<TestCase> &tests,
                   std::string &error) {
  std::error_code ec;
  if (!fs::is_directory(root, ec)) {
    error = root + ": not a directory";
    return false;
  }
  std::vector<TestCase> found;
  fs::directory_iterator it(root, ec), end;
  if (ec) {
    error = root + ": cannot list: " + ec.message();
    return false;
  }
  for (; it != end; it.increment(ec)) {
    if (ec) {
      error = root + ": cannot list: " + ec.message();
      return false;
    }
    std::string name = it->path().filename().string();
    if (name.rfind("test_", 0) != 0 || !it->is_directory(ec))
      continue;
    if (!fs::is_regular_file(it->path() / "model.onnx", ec))
      continue;
    found.push_back({name, it->path().string(), root});
  }
  std::sort(
      found.begin(), found.end(),
      [](const TestCase &a, const TestCase &b) { return a.name < b.name; });
  tests.insert(tests.end(), found.begin(), found.end());
  return true;
}

bool parseXfailList(std::string_view text, const std::string &fileName,
                    std::map<std::string, std::string> &reasons,
                    std::string &error) {
  size_t lineNo = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos)
      end = text.size();
    std::string line(text.substr(pos, end - pos));
    pos = end + 1;
    ++lineNo;
    size_t hash = line.find('#');
    if (hash != std::string::npos)
      line.resize(hash);
    auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!line.empty() && isSpace(line.back()))
      line.pop_back();
    size_t start = 0;
    while (start < line.size() && isSpace(line[start]))
      ++start;
    if (start == line.size())
      continue;
    size_t nameEnd = start;
    while (nameEnd < line.size() && !isSpace(line[nameEnd]))
      ++nameEnd;
    std::string name = line.substr(start, nameEnd - start);
    size_t reasonStart = nameEnd;
    while (reasonStart < line.size() && isSpace(line[reasonStart]))
      ++reasonStart;
    std::string where = fileName + ":" + std::to_string(lineNo) + ": ";
    if (name.rfind("test_", 0) != 0) {
      error = where + "expected a test name (test_...), got '" + name + "'";
      return false;
    }
    if (reasonStart == line.size()) {
      error = where + "'" + name + "' needs a reason after its name";
      return false;
    }
    if (!reasons.emplace(name, line.substr(reasonStart)).second) {
      error = where + "'" + name + "' is listed twice";
      return false;
    }
  }
  return true;
}

bool readXfailFile(const std::string &path,
                   std::map<std::string, std::string> &reasons,
                   std::string &error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open: " + std::strerror(errno);
    return false;
  }
  std::ostringstream s;
  s << in.rdbuf();
  return parseXfailList(s.str(), path, reasons, error);
}

std::string firstLine(const std::string &text) {
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos)
      end = text.size();
    std::string line = text.substr(pos, end - pos);
    while (!line.empty() &&
           (line.back() == ' ' || line.back() == '\t' || line.back() == '\r'))
      line.pop_back();
    if (line.find_first_not_of(" \t") != std::string::npos)
      return line;
    pos = end + 1;
  }
  return "";
}

std::string skipReasonKey(const std::string &reason,
                          const std::string &modelPath) {
  std::string key = reason;
  if (!modelPath.empty())
    for (size_t at; (at = key.find(modelPath)) != std::string::npos;)
      key.replace(at, modelPath.size(), "model.onnx");
  static const std::string kPrefix = "model.onnx: ";
  size_t at = key.find(kPrefix);
  if (at != std::string::npos &&
      key.find_first_of(" \t") >= at + kPrefix.size() - 1)
    key.erase(0, at + kPrefix.size());
  // Names of nodes and values differ from test to test; what is wrong with
  // them is the reason. Other quoted text (attribute values) is kept.
  static const std::regex kNames(
      "\\b(node|input|output|initializer|tensor|value)s? '[^']*'"
      "(, '[^']*')*( and [0-9]+ more)?");
  key = std::regex_replace(key, kNames, "$1 '...'");
  // "Conv 'conv1': ..." names a node by op type and name.
  static const std::regex kOpAndName("\\b([A-Za-z][A-Za-z0-9_.]*) '[^']*':");
  key = std::regex_replace(key, kOpAndName, "$1 '...':");
  static const std::regex kShapeHint("--input-shape [^ ;,]+");
  return std::regex_replace(key, kShapeHint, "--input-shape ...");
}

namespace {

/// The number of consecutive files PREFIX0.pb, PREFIX1.pb, ... in `dir`.
size_t countFiles(const fs::path &dir, const std::string &prefix) {
  size_t n = 0;
  std::error_code ec;
  while (fs::exists(dir / (prefix + std::to_string(n) + ".pb"), ec))
    ++n;
  return n;
}

std::string plural(size_t n, const char *noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

} // namespace

std::vector<std::string> splitNames(const std::string &names) {
  std::vector<std::string> result;
  size_t pos = 0;
  while (pos < names.size()) {
    size_t start = names.find_first_not_of(" \t", pos);
    if (start == std::string::npos)
      break;
    size_t end = names.find_first_of(" \t", start);
    if (end == std::string::npos)
      end = names.size();
    result.push_back(names.substr(start, end - start));
    pos = end;
  }
  return result;
}

namespace {

/// The test_data_set_* folders of `testDir`, sorted.
bool listDataSets(const std::string &testDir, std::vector<fs::path> &dataSets,
                  std::string &reason) {
  std::error_code ec;
  for (fs::directory_iterator it(testDir, ec), end; !ec && it != end;
       it.increment(ec))
    if (it->path().filename().string().rfind("test_data_set_", 0) == 0)
      dataSets.push_back(it->path());
  if (ec) {
    reason = testDir + ": cannot list: " + ec.message();
    return false;
  }
  if (dataSets.empty()) {
    reason = "no test_data_set_* folder in " + testDir;
    return false;
  }
  std::sort(dataSets.begin(), dataSets.end());
  return true;
}

std::string readBytes(const fs::path &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

} // namespace

long findConstantInput(const std::string &testDir, const std::string &inputName,
                       std::string &path, std::string &error) {
  std::vector<fs::path> dataSets;
  if (!listDataSets(testDir, dataSets, error))
    return -1;
  size_t inputs = countFiles(dataSets.front(), "input_");
  for (size_t k = 0; k < inputs; ++k) {
    fs::path file = dataSets.front() / ("input_" + std::to_string(k) + ".pb");
    HostTensor tensor;
    std::string name;
    if (!readTensorProtoFile(file.string(), tensor, error, &name))
      return -1;
    if (name != inputName)
      continue;
    std::string bytes = readBytes(file);
    for (const fs::path &dataSet : dataSets) {
      fs::path other = dataSet / file.filename();
      if (readBytes(other) != bytes) {
        error = "constant input '" + inputName + "' differs between " +
                dataSets.front().filename().string() + " and " +
                dataSet.filename().string();
        return -1;
      }
    }
    path = file.string();
    return static_cast<long>(k);
  }
  error = "no input_K.pb of " + dataSets.front().string() + " is named '" +
          inputName + "' (listed as a constant input)";
  return -1;
}

bool runDataSets(const std::string &testDir, const std::string &modelSo,
                 const RunOptions &options, std::string &reason) {
  std::optional<dlc::Model> model;
  try {
    model.emplace(dlc::Model::load(modelSo));
    if (options.threads > 0)
      model->setNumThreads(options.threads);
  } catch (const dlc::Error &e) {
    reason = std::string("cannot load the model: ") + e.what();
    return false;
  }
  const std::vector<dlc::TensorInfo> &inInfos = model->inputs();
  const std::vector<dlc::TensorInfo> &outInfos = model->outputs();
  size_t numInputs = inInfos.size(), numOutputs = outInfos.size();

  std::vector<fs::path> dataSets;
  if (!listDataSets(testDir, dataSets, reason))
    return false;
  auto isConstant = [&](size_t k) {
    return std::binary_search(options.constantInputs.begin(),
                              options.constantInputs.end(), k);
  };

  for (const fs::path &dataSet : dataSets) {
    std::string where = dataSet.filename().string();
    size_t fileInputs = countFiles(dataSet, "input_");
    size_t fileOutputs = countFiles(dataSet, "output_");
    // The files the model takes: all but the compiled-in constants.
    std::vector<size_t> fed;
    for (size_t k = 0; k < fileInputs; ++k)
      if (!isConstant(k))
        fed.push_back(k);
    if (fed.size() != numInputs || fileOutputs != numOutputs) {
      reason = where + " has " + plural(fileInputs, "input") +
               (fileInputs != fed.size()
                    ? " (" + std::to_string(fileInputs - fed.size()) +
                          " compiled in as constants)"
                    : "") +
               " and " +
               plural(fileOutputs, "output") + "; the model has " +
               plural(numInputs, "input") + " and " +
               plural(numOutputs, "output");
      return false;
    }

    std::vector<HostTensor> inputs(numInputs), outputs(numOutputs);
    std::vector<dlc::TensorView> inViews, outViews;
    for (size_t i = 0; i < numInputs; ++i) {
      const dlc::TensorInfo &info = inInfos[i];
      dlc_dtype dtype = static_cast<dlc_dtype>(info.dtype);
      std::string error;
      std::string path =
          (dataSet / ("input_" + std::to_string(fed[i]) + ".pb"));
      if (!readTensorProtoFile(path, inputs[i], error)) {
        reason = error;
        return false;
      }
      if (inputs[i].dtype != dtype || inputs[i].shape != info.shape) {
        reason = where + ", input " + std::to_string(i) + " ('" + info.name +
                 "'): the test data is " + support::dtypeName(inputs[i].dtype) +
                 " " + formatShape(inputs[i].shape) + ", the model expects " +
                 support::dtypeName(dtype) + " " + formatShape(info.shape);
        return false;
      }
      inViews.emplace_back(inputs[i].data(), info);
    }
    for (size_t i = 0; i < numOutputs; ++i) {
      outputs[i] = HostTensor(static_cast<dlc_dtype>(outInfos[i].dtype),
                              outInfos[i].shape);
      // All ones: NaN for floats, -1 for integers, so an output the model
      // never writes shows up as a mismatch.
      std::fill(outputs[i].bytes.begin(), outputs[i].bytes.end(), 0xff);
      outViews.emplace_back(outputs[i].data(), outInfos[i]);
    }
    try {
      model->run(inViews, outViews);
    } catch (const dlc::Error &e) {
      reason = where + ": run failed: " + e.what();
      return false;
    }

    std::string firstMismatch;
    size_t mismatched = 0;
    for (size_t i = 0; i < numOutputs; ++i) {
      HostTensor expected;
      std::string error;
      std::string path = (dataSet / ("output_" + std::to_string(i) + ".pb"));
      if (!readTensorProtoFile(path, expected, error)) {
        reason = error;
        return false;
      }
      CompareResult cmp =
          compareTensors(outputs[i], expected, options.rtol, options.atol);
      if (cmp.ok)
        continue;
      if (mismatched++ == 0)
        firstMismatch = where + ", output " + std::to_string(i) + " ('" +
                        outInfos[i].name + "'): " + cmp.message;
    }
    if (mismatched) {
      reason = firstMismatch;
      if (mismatched > 1)
        reason += " (and " + plural(mismatched - 1, "more output") + ")";
      return false;
    }
  }
  return true;
}

std::string jsonString(std::string_view s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
    case '"':
      out += "\\\"";
      continue;
    case '\\':
      out += "\\\\";
      continue;
    case '\n':
      out += "\\n";
      continue;
    case '\t':
      out += "\\t";
      continue;
    case '\r':
      out += "\\r";
      continue;
    default:
      break;
    }
    if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\u%04x", c);
      out += buf;
      continue;
    }
    if (c < 0x80) {
      out += char(c);
      continue;
    }
    // Copy a well-formed UTF-8 sequence; replace anything else.
    size_t len = (c & 0xe0) == 0xc0   ? 2
                 : (c & 0xf0) == 0xe0 ? 3
                 : (c & 0xf8) == 0xf0 ? 4
                                      : 0;
    bool valid = len != 0 && i + len <= s.size() && c >= 0xc2 && c <= 0xf4;
    for (size_t k = 1; valid && k < len; ++k)
      valid = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    if (valid && len == 3) { // no overlong forms or surrogates
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      valid = !(c == 0xe0 && c1 < 0xa0) && !(c == 0xed && c1 >= 0xa0);
    }
    if (valid && len == 4) { // no overlong forms or values above U+10FFFF
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      valid = !(c == 0xf0 && c1 < 0x90) && !(c == 0xf4 && c1 >= 0x90);
    }
    if (valid) {
      out.append(s.substr(i, len));
      i += len - 1;
    } else {
      out += "\xef\xbf\xbd"; // U+FFFD
    }
  }
  return out + "\"";
}

} // namespace dlc::nodetests
