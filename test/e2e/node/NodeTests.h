//===- NodeTests.h - Pieces of the ONNX backend node-test runner ----------===//
//
// dlc-node-tests compiles each ONNX backend test model with `dlc`, runs the
// model.so on the test's stored inputs and compares with its stored outputs.
// This header holds the parts that do not depend on the command line, so they
// can be unit-tested: test discovery, the xfail list, grouping of skip
// reasons, running the data sets of one test, and JSON output.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_TEST_E2E_NODE_NODETESTS_H
#define DLC_TEST_E2E_NODE_NODETESTS_H

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dlc::nodetests {

/// One `test_*` folder holding a model.onnx.
struct TestCase {
  std::string name; ///< folder name, e.g. "test_abs"
  std::string dir;  ///< path of the folder
  std::string root; ///< the data root it was found in
};

/// Appends the `test_*` folders of `root` that contain a model.onnx, sorted
/// by name.
bool discoverTests(const std::string &root, std::vector<TestCase> &tests,
                   std::string &error);

/// Parses an xfail list: one test per line, `test_name reason...`, with
/// blank lines and `#` comments ignored. Every entry needs a reason; a name
/// listed twice is an error. `fileName` prefixes errors ("FILE:LINE: ...").
bool parseXfailList(std::string_view text, const std::string &fileName,
                    std::map<std::string, std::string> &reasons,
                    std::string &error);
bool readXfailFile(const std::string &path,
                   std::map<std::string, std::string> &reasons,
                   std::string &error);

/// The first non-blank line of `text`, without trailing whitespace.
std::string firstLine(const std::string &text);

/// The key under which a skip reason (the first line of dlc's stderr) is
/// grouped in the summary: `modelPath` and the path before a leading
/// "model.onnx: " are removed, and quoted names of nodes and values (`node
/// 'x'`, `nodes 'a', 'b' and 3 more`, `input 'x'`, `Conv 'x':`) become
/// `node '...'`, `input '...'`, `Conv '...':`, so the same unsupported op or
/// type in different tests counts as one reason.
std::string skipReasonKey(const std::string &reason,
                          const std::string &modelPath);

/// Options for running the data sets of one test.
struct RunOptions {
  double rtol = 1e-3;
  double atol = 1e-7; ///< ONNX's default; see dlc-node-tests --help
  int threads = 1;    ///< threads the model may use
  /// Indices K of the input_K.pb that were compiled in as constants (dlc
  /// --const-input), sorted: the model does not take them.
  std::vector<size_t> constantInputs;
};

/// Splits the entry of a test in a constant-inputs list (`test_name NAME...`,
/// read with parseXfailList) into its input names.
std::vector<std::string> splitNames(const std::string &names);

/// The index K of the `input_K.pb` of `testDir`'s first data set whose
/// TensorProto is named `inputName`, after checking that every data set
/// holds the same bytes for it (a constant must be one value). Returns -1
/// and sets `error` otherwise.
long findConstantInput(const std::string &testDir, const std::string &inputName,
                       std::string &path, std::string &error);

/// Loads `modelSo` and runs it on every `test_data_set_*` of `testDir`:
/// input_K.pb feed the model's inputs by position (skipping those in
/// options.constantInputs), output_K.pb are compared with its outputs
/// (shape exactly, values within rtol/atol). Returns true when everything
/// matches; otherwise `reason` is one line saying what differs first.
bool runDataSets(const std::string &testDir, const std::string &modelSo,
                 const RunOptions &options, std::string &reason);

/// `s` as a JSON string literal (quotes included); invalid UTF-8 bytes become
/// U+FFFD.
std::string jsonString(std::string_view s);

} // namespace dlc::nodetests

#endif // DLC_TEST_E2E_NODE_NODETESTS_H
