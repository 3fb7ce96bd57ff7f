//===- OnnxImporter.cpp - ONNX protobuf to the dlc dialect ----------------===//
//
// importOnnxModel reads a ModelProto and applies input-shape overrides; checks
// every node against the coverage table (one report of all unsupported ops),
// the op families' attribute limits and the graph's inputs and outputs; checks
// node signatures and tensor data, then runs ONNX shape inference (which
// trusts both); and last imports the nodes in order into a `func.func @main`
// on static f32 tensors. Node import lives in the op family files
// (ImportNN.cpp, ImportElementwise.cpp, ImportShape.cpp).
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "dlc/Dialect/DlcDialect.h"
#include "dlc/Frontend/OnnxCheck.h"
#include "dlc/Frontend/OnnxOpCoverage.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"

#include "onnx/defs/schema.h"
#include "onnx/shape_inference/implementation.h"

#include <climits>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::onnx_import;

//===----------------------------------------------------------------------===//
// OnnxNode
//===----------------------------------------------------------------------===//

OnnxNode::OnnxNode(GraphImporter &importer, onnx::NodeProto &proto,
                   std::string name, int64_t opset)
    : graph(importer), nodeProto(proto), nodeName(std::move(name)),
      opsetVersion(opset), location(importer.nameLoc(nodeName)) {}

OpBuilder &OnnxNode::builder() const { return graph.getBuilder(); }

InFlightDiagnostic OnnxNode::invalid() const {
  graph.noteStatus(OnnxImportStatus::Invalid);
  InFlightDiagnostic diag = mlir::emitError(location);
  diag << opType() << " '" << name() << "': ";
  return diag;
}

InFlightDiagnostic OnnxNode::unsupported() const {
  graph.noteStatus(OnnxImportStatus::Unsupported);
  InFlightDiagnostic diag = mlir::emitError(location);
  diag << opType() << " '" << name() << "': ";
  return diag;
}

const onnx::AttributeProto *OnnxNode::attr(StringRef attrName) const {
  for (const onnx::AttributeProto &attribute : nodeProto.attribute())
    if (attribute.name() == attrName)
      return &attribute;
  return nullptr;
}

/// Whether `attribute` holds a value of `type`. Very old exporters leave the
/// type field unset; then the populated field decides.
static bool holds(const onnx::AttributeProto &attribute,
                  onnx::AttributeProto::AttributeType type) {
  if (attribute.type() == type)
    return true;
  if (attribute.type() != onnx::AttributeProto::UNDEFINED)
    return false;
  switch (type) {
  case onnx::AttributeProto::INT:
    return attribute.has_i();
  case onnx::AttributeProto::FLOAT:
    return attribute.has_f();
  case onnx::AttributeProto::STRING:
    return attribute.has_s();
  case onnx::AttributeProto::INTS:
    return attribute.ints_size() > 0;
  default:
    return false;
  }
}

int64_t OnnxNode::getInt(StringRef attrName, int64_t defaultValue) const {
  const onnx::AttributeProto *attribute = attr(attrName);
  if (!attribute)
    return defaultValue;
  if (!holds(*attribute, onnx::AttributeProto::INT)) {
    invalid() << "attribute '" << attrName << "' must be an int";
    attrError = true;
    return defaultValue;
  }
  return attribute->i();
}

float OnnxNode::getFloat(StringRef attrName, float defaultValue) const {
  const onnx::AttributeProto *attribute = attr(attrName);
  if (!attribute)
    return defaultValue;
  if (holds(*attribute, onnx::AttributeProto::FLOAT))
    return attribute->f();
  if (holds(*attribute, onnx::AttributeProto::INT))
    return static_cast<float>(attribute->i());
  invalid() << "attribute '" << attrName << "' must be a float";
  attrError = true;
  return defaultValue;
}

std::string OnnxNode::getString(StringRef attrName,
                                StringRef defaultValue) const {
  const onnx::AttributeProto *attribute = attr(attrName);
  if (!attribute)
    return defaultValue.str();
  if (!holds(*attribute, onnx::AttributeProto::STRING)) {
    invalid() << "attribute '" << attrName << "' must be a string";
    attrError = true;
    return defaultValue.str();
  }
  return attribute->s();
}

std::optional<SmallVector<int64_t>>
OnnxNode::getInts(StringRef attrName) const {
  const onnx::AttributeProto *attribute = attr(attrName);
  if (!attribute)
    return std::nullopt;
  if (!holds(*attribute, onnx::AttributeProto::INTS)) {
    invalid() << "attribute '" << attrName << "' must be a list of ints";
    attrError = true;
    return std::nullopt;
  }
  return SmallVector<int64_t>(attribute->ints().begin(),
                              attribute->ints().end());
}

LogicalResult OnnxNode::checkArity(unsigned minInputs, unsigned maxInputs,
                                   unsigned maxOutputs) const {
  unsigned numIn = nodeProto.input_size(), numOut = nodeProto.output_size();
  if (numIn < minInputs || numIn > maxInputs) {
    InFlightDiagnostic diag = invalid();
    diag << "expects ";
    if (minInputs == maxInputs)
      diag << minInputs;
    else if (maxInputs == UINT_MAX)
      diag << "at least " << minInputs;
    else
      diag << minInputs << " to " << maxInputs;
    diag << (maxInputs == 1 ? " input" : " inputs") << ", got " << numIn;
    return failure();
  }
  if (numOut < 1 || numOut > maxOutputs) {
    invalid() << "expects " << (maxOutputs == 1 ? "1" : "1 to ")
              << (maxOutputs == 1 ? "" : std::to_string(maxOutputs))
              << (maxOutputs == 1 ? " output" : " outputs") << ", got "
              << numOut;
    return failure();
  }
  if (nodeProto.output(0).empty()) {
    invalid() << "its first output has no name";
    return failure();
  }
  return success();
}

bool OnnxNode::hasInput(unsigned index) const {
  return index < static_cast<unsigned>(nodeProto.input_size()) &&
         !nodeProto.input(index).empty();
}

StringRef OnnxNode::inputName(unsigned index) const {
  return hasInput(index) ? StringRef(nodeProto.input(index)) : StringRef();
}

/// Reports the use of a name nothing defines.
static InFlightDiagnostic undefinedInput(const OnnxNode &node, StringRef name) {
  InFlightDiagnostic diag = node.invalid();
  diag << "input '" << name
       << "' is not a graph input, an initializer or an output of an earlier "
          "node";
  return diag;
}

FailureOr<Value> OnnxNode::input(unsigned index) const {
  if (!hasInput(index)) {
    invalid() << "required input #" << index << " is missing";
    return failure();
  }
  return optionalInput(index);
}

FailureOr<Value> OnnxNode::optionalInput(unsigned index) const {
  if (!hasInput(index))
    return Value();
  StringRef name = nodeProto.input(index);
  if (Value value = graph.lookupValue(name))
    return value;
  ConstTensor *constant = graph.lookupConstant(name);
  if (!constant) {
    undefinedInput(*this, name);
    return failure();
  }
  int32_t type = constant->tensor->data_type();
  if (type != onnx::TensorProto::FLOAT) {
    unsupported() << "input '" << name << "' is a " << dataTypeName(type)
                  << " tensor; dlc computes on float32 tensors only";
    return failure();
  }
  return graph.materialize(
      *constant, name, [&] { return invalid() << "input '" << name << "': "; });
}

FailureOr<std::optional<SmallVector<int64_t>>>
OnnxNode::constantInts(unsigned index, StringRef role) const {
  if (!hasInput(index))
    return std::optional<SmallVector<int64_t>>();
  StringRef name = nodeProto.input(index);
  if (ConstTensor *constant = graph.lookupConstant(name)) {
    FailureOr<SmallVector<int64_t>> values =
        decodeIntTensor(*constant->tensor, [&] {
          return invalid() << role << " input '" << name << "': ";
        });
    if (failed(values))
      return failure();
    return std::optional<SmallVector<int64_t>>(std::move(*values));
  }
  if (graph.lookupValue(name)) {
    unsupported() << role << " input '" << name
                  << "' must be a constant (an initializer or a Constant "
                     "node)";
    return failure();
  }
  undefinedInput(*this, name);
  return failure();
}

FailureOr<std::optional<float>> OnnxNode::constantScalar(unsigned index,
                                                         StringRef role) const {
  if (!hasInput(index))
    return std::optional<float>();
  StringRef name = nodeProto.input(index);
  if (ConstTensor *constant = graph.lookupConstant(name)) {
    int32_t type = constant->tensor->data_type();
    if (type != onnx::TensorProto::FLOAT) {
      unsupported() << role << " input '" << name << "' is "
                    << dataTypeName(type) << "; dlc supports float32 only";
      return failure();
    }
    int64_t count = 1;
    for (int64_t dim : constant->tensor->dims())
      count *= dim;
    if (count != 1) {
      invalid() << role << " input '" << name << "' must be a scalar, got "
                << count << " values";
      return failure();
    }
    FailureOr<SmallVector<float>> values =
        decodeFloatTensor(*constant->tensor, [&] {
          return invalid() << role << " input '" << name << "': ";
        });
    if (failed(values))
      return failure();
    return std::optional<float>(values->front());
  }
  if (graph.lookupValue(name)) {
    unsupported() << role << " input '" << name
                  << "' must be a constant (an initializer or a Constant "
                     "node)";
    return failure();
  }
  undefinedInput(*this, name);
  return failure();
}

bool OnnxNode::isOutputUsed(unsigned index) const {
  return index < static_cast<unsigned>(nodeProto.output_size()) &&
         !nodeProto.output(index).empty() &&
         graph.usedNames.contains(nodeProto.output(index));
}

/// Reports an output name that is already taken (ONNX graphs are SSA).
static LogicalResult checkFreshOutput(const OnnxNode &node, StringRef name) {
  if (!node.importer().isDefined(name))
    return success();
  node.invalid() << "output '" << name
                 << "' is already defined (by a graph input, an initializer "
                    "or an earlier node)";
  return failure();
}

LogicalResult OnnxNode::setOutput(unsigned index, Value value) const {
  if (index >= static_cast<unsigned>(nodeProto.output_size()) ||
      nodeProto.output(index).empty())
    return success();
  StringRef name = nodeProto.output(index);
  if (failed(checkFreshOutput(*this, name)))
    return failure();
  graph.defineValue(name, value);
  return success();
}

LogicalResult OnnxNode::forwardInput(unsigned inputIndex,
                                     unsigned outputIndex) const {
  StringRef from = inputName(inputIndex);
  if (from.empty()) {
    invalid() << "required input #" << inputIndex << " is missing";
    return failure();
  }
  if (Value value = graph.lookupValue(from))
    return setOutput(outputIndex, value);
  if (!graph.lookupConstant(from)) {
    undefinedInput(*this, from);
    return failure();
  }
  if (outputIndex >= static_cast<unsigned>(nodeProto.output_size()) ||
      nodeProto.output(outputIndex).empty())
    return success();
  StringRef to = nodeProto.output(outputIndex);
  if (failed(checkFreshOutput(*this, to)))
    return failure();
  graph.aliasConstant(to, from);
  return success();
}

FailureOr<int64_t> mlir::dlc::onnx_import::normalizeAxis(const OnnxNode &node,
                                                         int64_t axis,
                                                         int64_t rank,
                                                         StringRef what,
                                                         bool inclusiveEnd) {
  int64_t last = inclusiveEnd ? rank : rank - 1;
  if (axis < -rank || axis > last) {
    node.invalid() << what << " " << axis << " is out of range for rank "
                   << rank << " (expected " << -rank << " to " << last << ")";
    return failure();
  }
  return axis < 0 ? axis + rank : axis;
}

//===----------------------------------------------------------------------===//
// GraphImporter
//===----------------------------------------------------------------------===//

GraphImporter::GraphImporter(MLIRContext &context, StringRef path)
    : context(context), path(path.str()),
      fileLoc(FileLineColLoc::get(&context, path, 0, 0)), builder(&context) {}

Location GraphImporter::nameLoc(StringRef name) {
  return NameLoc::get(StringAttr::get(&context, name), fileLoc);
}

RankedTensorType GraphImporter::f32Tensor(ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, builder.getF32Type());
}

void GraphImporter::noteStatus(OnnxImportStatus newStatus) {
  lastNoted = newStatus;
  if (newStatus == OnnxImportStatus::Invalid ||
      status == OnnxImportStatus::Success)
    status = newStatus;
}

bool GraphImporter::isDefined(StringRef name) const {
  return values.count(name) || constantsByName.count(name);
}

void GraphImporter::defineConstant(StringRef name, onnx::TensorProto *tensor,
                                   Location loc) {
  constants.push_back(ConstTensor{tensor, loc, Value()});
  constantsByName[name] = &constants.back();
}

void GraphImporter::aliasConstant(StringRef alias, StringRef name) {
  constantsByName[alias] = constantsByName.lookup(name);
}

ConstTensor *GraphImporter::lookupConstant(StringRef name) {
  return constantsByName.lookup(name);
}

FailureOr<Value> GraphImporter::materialize(ConstTensor &constant,
                                            StringRef name,
                                            EmitErrorFn emitInvalid) {
  if (constant.materialized)
    return constant.materialized;
  FailureOr<TypedAttr> attr =
      buildWeightAttr(context, *constant.tensor, name, emitInvalid);
  if (failed(attr))
    return failure();
  constant.materialized =
      arith::ConstantOp::create(builder, constant.loc, *attr).getResult();
  return constant.materialized;
}

Value GraphImporter::reshape(Location loc, Value value,
                             ArrayRef<int64_t> shape) {
  if (shapeOf(value) == shape)
    return value;
  return ReshapeOp::create(builder, loc, f32Tensor(shape), value).getResult();
}

//===----------------------------------------------------------------------===//
// Model import
//===----------------------------------------------------------------------===//

namespace {

/// The model-level steps of the import; nodes go through GraphImporter.
class ModelImporter {
public:
  ModelImporter(MLIRContext &context, StringRef path,
                const OnnxImportOptions &options,
                OnnxCheckReport *report = nullptr)
      : graph(context, path), options(options), report(report) {}

  OnnxImportResult run();
  /// `dlc --check`: fills the report given to the constructor.
  void runCheck();

private:
  OnnxImportResult fail() {
    OnnxImportResult result;
    result.status = graph.getStatus() == OnnxImportStatus::Success
                        ? OnnxImportStatus::Invalid
                        : graph.getStatus();
    return result;
  }
  InFlightDiagnostic invalid() {
    graph.noteStatus(OnnxImportStatus::Invalid);
    return mlir::emitError(graph.getFileLoc());
  }
  InFlightDiagnostic unsupported() {
    graph.noteStatus(OnnxImportStatus::Unsupported);
    return mlir::emitError(graph.getFileLoc());
  }

  LogicalResult readModel();
  void findOpsets();
  LogicalResult applyConstantInputs();
  void indexGraph();
  LogicalResult applyInputShapes();
  LogicalResult checkNodeSignatures();
  LogicalResult inferShapes();
  void recordDeclaredRanks();
  void checkGraphInterface();
  void checkOpCoverage();
  void checkNodeAttributes();
  LogicalResult checkTensorData();
  std::string nodeName(int index) const;
  int64_t opsetOf(StringRef domain) const;
  OwningOpRef<ModuleOp> buildModule();
  LogicalResult importOutputs(SmallVectorImpl<Value> &results);

  // Check mode (report != null).
  bool checkMode() const { return report != nullptr; }
  void recordIssue(Diagnostic &diag);
  std::string coverageReason(const onnx::NodeProto &node, int64_t opset) const;
  void prepareInputsForCheck();
  StringRef failedInput(const onnx::NodeProto &node) const;
  void defineStandIns(const onnx::NodeProto &node, StringRef origin);
  void finishReport();

  GraphImporter graph;
  const OnnxImportOptions &options;
  onnx::ModelProto model;
  llvm::StringMap<int64_t> opsets;
  llvm::StringSet<> initializerNames;

  OnnxCheckReport *report;
  /// Node index by nodeName(), to file diagnostics under their node.
  llvm::StringMap<int> nodeIndexByName;
  /// Nodes with at least one issue.
  std::vector<bool> nodeFailed;
  /// Values that have no stand-in (not float32, or no static shape), and
  /// what made them fail ("node 'x'", "input 'y'").
  llvm::StringMap<std::string> failedValues;
  /// Nodes imported (or folded) without an issue.
  std::vector<bool> nodeImported;
  /// The types ONNX's shape inference gives the graph's values.
  llvm::StringMap<const onnx::TypeProto *> inferredTypes;
  /// Set while mlir::verify runs: its errors at nodes that already failed
  /// repeat what was said.
  bool verifying = false;
};

} // namespace

static bool isDefaultDomain(StringRef domain) {
  return isDefaultOnnxDomain(domain);
}

LogicalResult ModelImporter::readModel() {
  StringRef path = graph.getPath();
  // Parse from the file descriptor rather than from a buffer holding the
  // whole file: the weights are then in memory once (in the ModelProto).
  int fd;
  if (std::error_code error = llvm::sys::fs::openFileForRead(path, fd)) {
    invalid() << "cannot read '" << path << "': " << error.message();
    return failure();
  }
  llvm::scope_exit closeFile(
      [&] { llvm::sys::Process::SafelyCloseFileDescriptor(fd); });
  llvm::sys::fs::file_status status;
  if (std::error_code error = llvm::sys::fs::status(fd, status)) {
    invalid() << "cannot read '" << path << "': " << error.message();
    return failure();
  }
  if (status.type() == llvm::sys::fs::file_type::directory_file) {
    invalid() << "cannot read '" << path << "': "
              << std::make_error_code(std::errc::is_a_directory).message();
    return failure();
  }
  uint64_t size = status.getSize();
  if (size == 0 && status.type() == llvm::sys::fs::file_type::regular_file) {
    invalid() << "not a valid ONNX model (the file is empty)";
    return failure();
  }
  if (size > static_cast<uint64_t>(INT_MAX)) {
    unsupported() << "the model file is " << size
                  << " bytes; protobuf reads at most 2 GiB (larger models "
                     "need external data, which dlc does not support)";
    return failure();
  }
  if (!model.ParseFromFileDescriptor(fd)) {
    invalid() << "not a valid ONNX model (protobuf parsing failed: the file "
                 "is truncated or is not an ONNX ModelProto)";
    return failure();
  }
  if (!model.has_graph()) {
    invalid() << "not a valid ONNX model (it has no graph)";
    return failure();
  }
  if (model.ir_version() <= 0) {
    invalid() << "not a valid ONNX model (it has no ir_version)";
    return failure();
  }
  return success();
}

void ModelImporter::findOpsets() {
  for (const onnx::OperatorSetIdProto &opset : model.opset_import()) {
    std::string domain = isDefaultDomain(opset.domain()) ? "" : opset.domain();
    opsets[domain] = opset.version();
  }
}

int64_t ModelImporter::opsetOf(StringRef domain) const {
  auto it = opsets.find(isDefaultDomain(domain) ? StringRef() : domain);
  return it == opsets.end() ? -1 : it->second;
}

std::string ModelImporter::nodeName(int index) const {
  const onnx::NodeProto &node = model.graph().node(index);
  if (!node.name().empty())
    return node.name();
  return node.op_type() + "_" + std::to_string(index);
}

static std::string joinNames(ArrayRef<std::string> names) {
  std::string text;
  for (const std::string &name : names)
    text += (text.empty() ? "'" : ", '") + name + "'";
  return text;
}

/// --const-input: each named graph input gets an initializer of the same
/// name holding the value, which makes it a constant to the importer.
LogicalResult ModelImporter::applyConstantInputs() {
  if (options.constantInputs.empty())
    return success();
  onnx::GraphProto &graphProto = *model.mutable_graph();
  llvm::StringSet<> initialized;
  for (const onnx::TensorProto &tensor : graphProto.initializer())
    initialized.insert(tensor.name());
  SmallVector<std::string> inputNames;
  for (const onnx::ValueInfoProto &input : graphProto.input())
    if (!initialized.contains(input.name()))
      inputNames.push_back(input.name());
  for (const auto &entry : options.constantInputs) {
    StringRef name = entry.getKey();
    const OnnxConstantInput &value = entry.getValue();
    onnx::ValueInfoProto *input = nullptr;
    for (onnx::ValueInfoProto &candidate : *graphProto.mutable_input())
      if (candidate.name() == name && !initialized.contains(name))
        input = &candidate;
    if (!input) {
      invalid() << "--const-input names '" << name
                << "', which is not a graph input (the inputs are "
                << joinNames(inputNames) << ")";
      return failure();
    }
    onnx::TypeProto_Tensor *type = input->mutable_type()->mutable_tensor_type();
    if (type->elem_type() != onnx::TensorProto::UNDEFINED &&
        type->elem_type() != value.dataType) {
      invalid() << "--const-input for '" << name << "' is "
                << dataTypeName(value.dataType) << ", but the input is "
                << dataTypeName(type->elem_type());
      return failure();
    }
    if (type->has_shape()) {
      const onnx::TensorShapeProto &shape = type->shape();
      bool matches = shape.dim_size() == static_cast<int>(value.dims.size());
      for (int i = 0; matches && i < shape.dim_size(); ++i)
        matches = !shape.dim(i).has_dim_value() ||
                  shape.dim(i).dim_value() == value.dims[i];
      if (!matches) {
        invalid() << "--const-input for '" << name << "' has shape "
                  << formatShape(value.dims)
                  << ", which the input's declared shape does not allow";
        return failure();
      }
    }
    type->set_elem_type(value.dataType);
    onnx::TensorShapeProto *shape = type->mutable_shape();
    shape->clear_dim();
    for (int64_t dim : value.dims)
      shape->add_dim()->set_dim_value(dim);
    onnx::TensorProto *tensor = graphProto.add_initializer();
    tensor->set_name(name.str());
    tensor->set_data_type(value.dataType);
    for (int64_t dim : value.dims)
      tensor->add_dims(dim);
    tensor->set_raw_data(value.rawData);
    initialized.insert(name);
  }
  return success();
}

LogicalResult ModelImporter::applyInputShapes() {
  if (options.inputShapes.empty())
    return success();
  onnx::GraphProto &graphProto = *model.mutable_graph();
  SmallVector<std::string> inputNames;
  for (const onnx::ValueInfoProto &input : graphProto.input())
    if (!initializerNames.contains(input.name()))
      inputNames.push_back(input.name());
  for (const auto &entry : options.inputShapes) {
    StringRef name = entry.getKey();
    const std::vector<int64_t> &dims = entry.getValue();
    onnx::ValueInfoProto *input = nullptr;
    for (onnx::ValueInfoProto &candidate : *graphProto.mutable_input())
      if (candidate.name() == name && !initializerNames.contains(name))
        input = &candidate;
    if (!input) {
      invalid() << "--input-shape names '" << name
                << "', which is not a graph input (the inputs are "
                << joinNames(inputNames) << ")";
      return failure();
    }
    if (llvm::any_of(dims, [](int64_t dim) { return dim <= 0; })) {
      invalid() << "--input-shape for '" << name
                << "' must have positive dims, got " << formatShape(dims);
      return failure();
    }
    onnx::TypeProto_Tensor *tensorType =
        input->mutable_type()->mutable_tensor_type();
    if (tensorType->has_shape() &&
        tensorType->shape().dim_size() != static_cast<int>(dims.size())) {
      invalid() << "input '" << name << "' has rank "
                << tensorType->shape().dim_size() << ", but --input-shape "
                << "gives " << dims.size() << " dims (" << formatShape(dims)
                << ")";
      return failure();
    }
    onnx::TensorShapeProto *shape = tensorType->mutable_shape();
    shape->clear_dim();
    for (int64_t dim : dims)
      shape->add_dim()->set_dim_value(dim);
  }
  // Shapes recorded for the old input shapes no longer hold.
  graphProto.clear_value_info();
  for (onnx::ValueInfoProto &output : *graphProto.mutable_output())
    if (output.type().has_tensor_type())
      output.mutable_type()->mutable_tensor_type()->clear_shape();
  return success();
}

static StringRef attributeTypeName(onnx::AttributeProto::AttributeType type) {
  switch (type) {
  case onnx::AttributeProto::FLOAT:
    return "a float";
  case onnx::AttributeProto::INT:
    return "an int";
  case onnx::AttributeProto::STRING:
    return "a string";
  case onnx::AttributeProto::TENSOR:
    return "a tensor";
  case onnx::AttributeProto::GRAPH:
    return "a graph";
  case onnx::AttributeProto::FLOATS:
    return "a list of floats";
  case onnx::AttributeProto::INTS:
    return "a list of ints";
  case onnx::AttributeProto::STRINGS:
    return "a list of strings";
  default:
    return "another kind of attribute";
  }
}

/// Whether an attribute of `type` (as written in the node) can stand for
/// one of the schema's `expected` type; very old exporters leave the type
/// unset, and a float attribute written as an int is read as its value.
static bool attributeTypeFits(onnx::AttributeProto::AttributeType type,
                              onnx::AttributeProto::AttributeType expected) {
  return type == expected || type == onnx::AttributeProto::UNDEFINED ||
         (type == onnx::AttributeProto::INT &&
          expected == onnx::AttributeProto::FLOAT);
}

/// Checks every node with an ONNX schema for its opset against the schema's
/// input and output counts and attribute types. ONNX's shape inference
/// assumes both (1.12 crashes on a Gemm with five inputs), so this runs
/// first, and reports the problems in dlc's words.
LogicalResult ModelImporter::checkNodeSignatures() {
  onnx::GraphProto &graphProto = *model.mutable_graph();
  bool ok = true;
  for (int i = 0; i < graphProto.node_size(); ++i) {
    onnx::NodeProto &node = *graphProto.mutable_node(i);
    int64_t opset = opsetOf(node.domain());
    if (opset < 0 || opset > INT_MAX)
      continue;
    const onnx::OpSchema *schema = onnx::OpSchemaRegistry::Schema(
        node.op_type(), static_cast<int>(opset),
        isDefaultDomain(node.domain()) ? "" : node.domain());
    if (!schema)
      continue;
    OnnxNode onnxNode(graph, node, nodeName(i), opset);
    auto countError = [&](int count, int min, int max, StringRef what) {
      InFlightDiagnostic diag = onnxNode.invalid();
      diag << "expects ";
      if (min == max)
        diag << min;
      else if (max == INT_MAX)
        diag << "at least " << min;
      else
        diag << min << " to " << max;
      diag << " " << what << (min == max && min == 1 ? "" : "s") << ", got "
           << count;
      ok = false;
    };
    if (node.input_size() < schema->min_input() ||
        node.input_size() > schema->max_input())
      countError(node.input_size(), schema->min_input(), schema->max_input(),
                 "input");
    if (node.output_size() < schema->min_output() ||
        node.output_size() > schema->max_output())
      countError(node.output_size(), schema->min_output(), schema->max_output(),
                 "output");
    for (const onnx::AttributeProto &attr : node.attribute()) {
      auto it = schema->attributes().find(attr.name());
      if (it == schema->attributes().end() ||
          attributeTypeFits(attr.type(), it->second.type))
        continue;
      onnxNode.invalid() << "attribute '" << attr.name() << "' must be "
                         << attributeTypeName(it->second.type) << ", not "
                         << attributeTypeName(attr.type());
      ok = false;
    }
    for (const auto &[name, attr] : schema->attributes()) {
      if (!attr.required || onnxNode.hasAttr(name))
        continue;
      onnxNode.invalid() << "attribute '" << name << "' is required";
      ok = false;
    }
    // Sliding windows: ONNX's shape inference divides by these.
    for (const onnx::AttributeProto &attr : node.attribute()) {
      StringRef name = attr.name();
      bool positive = name == "strides" || name == "dilations" ||
                      name == "kernel_shape" || name == "group";
      if (!isDefaultDomain(node.domain()) || (!positive && name != "pads") ||
          !llvm::is_contained(
              {"Conv", "ConvTranspose", "MaxPool", "AveragePool", "LpPool"},
              node.op_type()))
        continue;
      int64_t min = positive ? 1 : 0;
      bool inRange =
          attr.type() != onnx::AttributeProto::INT || attr.i() >= min;
      for (int64_t value : attr.ints())
        inRange &= value >= min;
      if (inRange)
        continue;
      onnxNode.invalid() << "attribute '" << name << "' must be "
                         << (positive ? "positive" : "non-negative");
      ok = false;
    }
  }
  return success(ok);
}

LogicalResult ModelImporter::inferShapes() {
  try {
    onnx::shape_inference::InferShapes(model);
  } catch (const std::exception &error) {
    invalid() << "ONNX shape inference failed: " << error.what();
    return failure();
  }
  return success();
}

/// The ranks the model states (graph inputs, value_info, outputs and
/// initializers), for the first-pass checks.
void ModelImporter::recordDeclaredRanks() {
  auto record = [&](const onnx::ValueInfoProto &info) {
    if (info.type().has_tensor_type() && info.type().tensor_type().has_shape())
      graph.knownRanks[info.name()] =
          info.type().tensor_type().shape().dim_size();
  };
  const onnx::GraphProto &graphProto = model.graph();
  for (const onnx::ValueInfoProto &info : graphProto.input())
    record(info);
  for (const onnx::ValueInfoProto &info : graphProto.value_info())
    record(info);
  for (const onnx::ValueInfoProto &info : graphProto.output())
    record(info);
  for (const onnx::TensorProto &tensor : graphProto.initializer())
    graph.knownRanks[tensor.name()] = tensor.dims_size();
}

/// Checks the element types and shapes of the graph inputs and outputs and
/// that the weights are stored inside the file.
void ModelImporter::checkGraphInterface() {
  const onnx::GraphProto &graphProto = model.graph();
  SmallVector<std::string> external;
  for (const onnx::TensorProto &tensor : graphProto.initializer()) {
    if (tensor.name().empty())
      invalid() << "an initializer has no name";
    if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
      external.push_back(tensor.name());
  }
  if (graphProto.sparse_initializer_size() > 0)
    unsupported() << "sparse initializers are not supported";
  if (!external.empty())
    unsupported() << (external.size() == 1 ? "initializer " : "initializers ")
                  << joinNames(external)
                  << (external.size() == 1 ? " keeps its" : " keep their")
                  << " data in external files (external_data); dlc needs "
                     "the weights inside the model file";

  for (const onnx::ValueInfoProto &input : graphProto.input()) {
    if (initializerNames.contains(input.name()))
      continue;
    StringRef name = input.name();
    if (!input.type().has_tensor_type()) {
      unsupported() << "input '" << name
                    << "' is not a tensor; dlc supports float32 tensors only";
      continue;
    }
    const onnx::TypeProto_Tensor &type = input.type().tensor_type();
    if (type.elem_type() != onnx::TensorProto::FLOAT) {
      unsupported() << "input '" << name << "' has element type "
                    << dataTypeName(type.elem_type())
                    << "; dlc supports float32 inputs only";
      continue;
    }
    if (!type.has_shape()) {
      unsupported() << "input '" << name
                    << "' has no shape; give it one with --input-shape " << name
                    << ":1x...";
      continue;
    }
    SmallVector<std::string> dynamic;
    SmallVector<int64_t> hint;
    for (int i = 0; i < type.shape().dim_size(); ++i) {
      const onnx::TensorShapeProto_Dimension &dim = type.shape().dim(i);
      if (dim.has_dim_value() && dim.dim_value() > 0) {
        hint.push_back(dim.dim_value());
        continue;
      }
      if (dim.has_dim_value()) {
        unsupported() << "input '" << name << "' has size " << dim.dim_value()
                      << " in dim " << i
                      << "; dlc does not support empty tensors";
        hint.push_back(dim.dim_value());
        continue;
      }
      std::string what = std::to_string(i);
      if (dim.has_dim_param())
        what += " ('" + dim.dim_param() + "')";
      dynamic.push_back(what);
      hint.push_back(1);
    }
    if (!dynamic.empty())
      unsupported() << "input '" << name << "' has "
                    << (dynamic.size() == 1 ? "dynamic dim " : "dynamic dims ")
                    << llvm::join(dynamic, ", ")
                    << "; fix it with --input-shape " << name << ":"
                    << formatShape(hint);
  }

  for (const onnx::ValueInfoProto &output : graphProto.output()) {
    if (!output.type().has_tensor_type()) {
      if (output.has_type())
        unsupported() << "output '" << output.name()
                      << "' is not a tensor; dlc supports float32 tensors "
                         "only";
      continue;
    }
    int32_t elemType = output.type().tensor_type().elem_type();
    if (elemType != onnx::TensorProto::UNDEFINED &&
        elemType != onnx::TensorProto::FLOAT)
      unsupported() << "output '" << output.name() << "' has element type "
                    << dataTypeName(elemType)
                    << "; dlc supports float32 outputs only";
  }
}

/// The first pass: every node's op type against the coverage table, with one
/// report for all unsupported op types.
void ModelImporter::checkOpCoverage() {
  struct Unsupported {
    SmallVector<std::string> nodes;
    int64_t opset;
  };
  // In order of first appearance.
  std::vector<std::pair<std::string, Unsupported>> unsupportedOps;
  llvm::StringMap<size_t> unsupportedIndex;
  onnx::GraphProto &graphProto = *model.mutable_graph();
  for (int i = 0; i < graphProto.node_size(); ++i) {
    onnx::NodeProto &node = *graphProto.mutable_node(i);
    int64_t opset = opsetOf(node.domain());
    const OnnxOpCoverage *coverage =
        lookupOnnxOpCoverage(node.domain(), node.op_type(), opset);
    const OnnxOpHandler *handler =
        coverage ? lookupOnnxOpHandler(node.op_type()) : nullptr;
    if (!handler && checkMode()) {
      OnnxNode onnxNode(graph, node, nodeName(i), opset);
      onnxNode.unsupported() << coverageReason(node, opset);
      continue;
    }
    if (!handler) {
      std::string key = isDefaultDomain(node.domain())
                            ? node.op_type()
                            : node.domain() + "." + node.op_type();
      auto [it, inserted] =
          unsupportedIndex.try_emplace(key, unsupportedOps.size());
      if (inserted)
        unsupportedOps.push_back({key, Unsupported{{}, opset}});
      Unsupported &entry = unsupportedOps[it->second].second;
      entry.opset = opset;
      entry.nodes.push_back(nodeName(i));
      continue;
    }
  }
  if (unsupportedOps.empty())
    return;

  InFlightDiagnostic diag = unsupported();
  diag << unsupportedOps.size()
       << (unsupportedOps.size() == 1 ? " op type is" : " op types are")
       << " not supported by dlc: ";
  constexpr size_t kMaxNamesShown = 5;
  bool first = true;
  for (const auto &[opType, entry] : unsupportedOps) {
    diag << (first ? "" : "; ") << opType << " (";
    first = false;
    if (entry.opset < 0)
      diag << "domain not in opset_import";
    else
      diag << "opset " << entry.opset;
    diag << ") at " << (entry.nodes.size() == 1 ? "node " : "nodes ");
    ArrayRef<std::string> shown = entry.nodes;
    diag << joinNames(shown.take_front(kMaxNamesShown));
    if (shown.size() > kMaxNamesShown)
      diag << " and " << shown.size() - kMaxNamesShown << " more";
  }
  int64_t opset = opsetOf("");
  if (opset >= 0 && (opset < kMinOnnxOpset || opset > kMaxOnnxOpset))
    diag << " (dlc imports models of ONNX opsets " << kMinOnnxOpset << " to "
         << kMaxOnnxOpset << "; this one uses opset " << opset << ")";
}

/// The op families' checks of attribute values and types dlc cannot compile,
/// on the nodes of supported op types.
void ModelImporter::checkNodeAttributes() {
  onnx::GraphProto &graphProto = *model.mutable_graph();
  for (int i = 0; i < graphProto.node_size(); ++i) {
    onnx::NodeProto &node = *graphProto.mutable_node(i);
    int64_t opset = opsetOf(node.domain());
    if (!lookupOnnxOpCoverage(node.domain(), node.op_type(), opset))
      continue;
    const OnnxOpHandler *handler = lookupOnnxOpHandler(node.op_type());
    if (!handler || !handler->check)
      continue;
    OnnxNode onnxNode(graph, node, nodeName(i), opset);
    handler->check(onnxNode);
  }
}

/// Checks the data of every initializer and Constant tensor against its
/// dims and type (ONNX's shape inference reads them unchecked).
LogicalResult ModelImporter::checkTensorData() {
  bool ok = true;
  for (const onnx::TensorProto &tensor : model.graph().initializer())
    if (failed(validateTensorData(tensor, [&] { return invalid(); })))
      ok = false;
  onnx::GraphProto &graphProto = *model.mutable_graph();
  for (int i = 0; i < graphProto.node_size(); ++i) {
    onnx::NodeProto &node = *graphProto.mutable_node(i);
    if (node.op_type() != "Constant" || !isDefaultDomain(node.domain()))
      continue;
    OnnxNode onnxNode(graph, node, nodeName(i), opsetOf(node.domain()));
    for (const onnx::AttributeProto &attr : node.attribute())
      if (attr.has_t() && failed(validateTensorData(attr.t(), [&] {
            return onnxNode.invalid() << "attribute '" << attr.name() << "': ";
          })))
        ok = false;
  }
  return success(ok);
}

LogicalResult ModelImporter::importOutputs(SmallVectorImpl<Value> &results) {
  for (const onnx::ValueInfoProto &output : model.graph().output()) {
    StringRef name = output.name();
    if (checkMode() && failedValues.contains(name))
      continue;
    Value value = graph.lookupValue(name);
    if (!value) {
      ConstTensor *constant = graph.lookupConstant(name);
      if (!constant) {
        invalid() << "graph output '" << name
                  << "' is not a graph input, an initializer or a node output";
        return failure();
      }
      int32_t type = constant->tensor->data_type();
      if (type != onnx::TensorProto::FLOAT) {
        unsupported() << "output '" << name << "' is a " << dataTypeName(type)
                      << " constant; dlc supports float32 outputs only";
        return failure();
      }
      FailureOr<Value> materialized = graph.materialize(*constant, name, [&] {
        return invalid() << "graph output '" << name << "': ";
      });
      if (failed(materialized))
        return failure();
      value = *materialized;
    }
    // A declared shape must agree with the one computed.
    if (output.type().has_tensor_type() &&
        output.type().tensor_type().has_shape()) {
      const onnx::TensorShapeProto &declared =
          output.type().tensor_type().shape();
      ArrayRef<int64_t> computed = shapeOf(value);
      bool matches = declared.dim_size() == static_cast<int>(computed.size());
      SmallVector<std::string> declaredDims;
      for (int i = 0; i < declared.dim_size(); ++i) {
        const onnx::TensorShapeProto_Dimension &dim = declared.dim(i);
        if (dim.has_dim_value()) {
          declaredDims.push_back(std::to_string(dim.dim_value()));
          matches &= i >= static_cast<int>(computed.size()) ||
                     computed[i] == dim.dim_value();
        } else {
          declaredDims.push_back(dim.has_dim_param() ? dim.dim_param() : "?");
        }
      }
      if (!matches) {
        invalid() << "graph output '" << name << "' is declared as "
                  << (declaredDims.empty() ? std::string("scalar")
                                           : llvm::join(declaredDims, "x"))
                  << ", but the graph computes " << formatShape(computed);
        return failure();
      }
    }
    results.push_back(value);
  }
  return success();
}

OwningOpRef<ModuleOp> ModelImporter::buildModule() {
  OpBuilder &builder = graph.getBuilder();
  onnx::GraphProto &graphProto = *model.mutable_graph();
  Location fileLoc = graph.getFileLoc();

  OwningOpRef<ModuleOp> module = ModuleOp::create(fileLoc);
  std::string modelName = graphProto.name().empty()
                              ? llvm::sys::path::stem(graph.getPath()).str()
                              : graphProto.name();
  (*module)->setAttr("dlc.model_name", builder.getStringAttr(modelName));
  (*module)->setAttr("dlc.source", builder.getStringAttr(graph.getPath()));

  builder.setInsertionPointToEnd(module->getBody());
  auto func = func::FuncOp::create(builder, fileLoc, "main",
                                   builder.getFunctionType({}, {}));
  Block *entry = func.addEntryBlock();

  // Initializers are constants; the other graph inputs are arguments.
  for (onnx::TensorProto &tensor : *graphProto.mutable_initializer())
    graph.defineConstant(tensor.name(), &tensor, graph.nameLoc(tensor.name()));
  SmallVector<Type> argTypes;
  SmallVector<Attribute> inputNames;
  for (const onnx::ValueInfoProto &input : graphProto.input()) {
    if (initializerNames.contains(input.name()) ||
        (checkMode() && failedValues.contains(input.name())))
      continue;
    SmallVector<int64_t> shape;
    for (const onnx::TensorShapeProto_Dimension &dim :
         input.type().tensor_type().shape().dim())
      shape.push_back(dim.dim_value());
    RankedTensorType type = graph.f32Tensor(shape);
    if (graph.lookupValue(input.name())) {
      invalid() << "graph input '" << input.name() << "' is listed twice";
      return nullptr;
    }
    graph.defineValue(input.name(),
                      entry->addArgument(type, graph.nameLoc(input.name())));
    argTypes.push_back(type);
    inputNames.push_back(builder.getStringAttr(input.name()));
  }

  builder.setInsertionPointToStart(entry);
  for (int i = 0; i < graphProto.node_size(); ++i) {
    onnx::NodeProto &node = *graphProto.mutable_node(i);
    OnnxNode onnxNode(graph, node, nodeName(i), opsetOf(node.domain()));
    const OnnxOpHandler *handler = lookupOnnxOpHandler(node.op_type());
    if (checkMode()) {
      // Go on past nodes that cannot be imported: their outputs get
      // stand-ins where ONNX knows a static float32 shape for them.
      std::string name = nodeName(i), origin = "node '" + name + "'";
      if (nodeFailed[i]) {
        defineStandIns(node, origin);
        continue;
      }
      std::string blocker = failedInput(node).str();
      if (!blocker.empty()) {
        report->unchecked.push_back({name, node.op_type(), blocker});
        for (const std::string &output : node.output())
          if (!output.empty())
            failedValues[output] = blocker;
        continue;
      }
      size_t issuesBefore = report->issues.size();
      FailureOr<bool> folded = foldConstantNode(onnxNode);
      if (succeeded(folded) &&
          (*folded || succeeded(handler->import(onnxNode)))) {
        nodeImported[i] = true;
        continue;
      }
      if (report->issues.size() == issuesBefore)
        onnxNode.invalid() << "could not be imported";
      nodeFailed[i] = true;
      defineStandIns(node, origin);
      continue;
    }
    // Static shape arithmetic on integer constants folds to a constant.
    FailureOr<bool> folded = foldConstantNode(onnxNode);
    if (succeeded(folded) && *folded)
      continue;
    if (failed(folded) || failed(handler->import(onnxNode))) {
      if (graph.getStatus() == OnnxImportStatus::Success)
        onnxNode.invalid() << "could not be imported";
      return nullptr;
    }
  }

  SmallVector<Value> results;
  if (failed(importOutputs(results)))
    return nullptr;
  SmallVector<Attribute> outputNames;
  for (const onnx::ValueInfoProto &output : graphProto.output())
    if (!checkMode() || !failedValues.contains(output.name()))
      outputNames.push_back(builder.getStringAttr(output.name()));
  func::ReturnOp::create(builder, fileLoc, results);
  func.setFunctionType(
      builder.getFunctionType(argTypes, ValueRange(results).getTypes()));
  func->setAttr("dlc.input_names", builder.getArrayAttr(inputNames));
  func->setAttr("dlc.output_names", builder.getArrayAttr(outputNames));
  return module;
}

void ModelImporter::indexGraph() {
  const onnx::GraphProto &graphProto = model.graph();
  for (const onnx::TensorProto &tensor : graphProto.initializer())
    initializerNames.insert(tensor.name());
  for (const onnx::NodeProto &node : graphProto.node())
    for (const std::string &input : node.input())
      if (!input.empty())
        graph.usedNames.insert(input);
  for (const onnx::ValueInfoProto &output : graphProto.output())
    graph.usedNames.insert(output.name());
}

//===----------------------------------------------------------------------===//
// Check mode (dlc --check)
//===----------------------------------------------------------------------===//

/// Files an error under the node its location names (dropping the
/// "<OpType> '<name>': " the node's error helpers put first), or under the
/// model when it names none.
void ModelImporter::recordIssue(Diagnostic &diag) {
  OnnxCheckIssue issue;
  issue.kind = graph.takeLastNoted();
  issue.reason = diag.str();
  for (Diagnostic &note : diag.getNotes())
    issue.reason += "; " + note.str();
  std::string name;
  if (auto nameLoc = dyn_cast<NameLoc>(diag.getLocation()))
    name = nameLoc.getName().str();
  auto it = name.empty() ? nodeIndexByName.end() : nodeIndexByName.find(name);
  if (it != nodeIndexByName.end()) {
    int index = it->second;
    if (verifying && nodeFailed[index])
      return;
    const onnx::NodeProto &node = model.graph().node(index);
    issue.node = name;
    issue.opType = node.op_type();
    issue.domain = node.domain();
    issue.opset = opsetOf(node.domain());
    issue.nodeIndex = index;
    std::string prefix = node.op_type() + " '" + name + "': ";
    if (StringRef(issue.reason).starts_with(prefix))
      issue.reason.erase(0, prefix.size());
    nodeFailed[index] = true;
  }
  report->issues.push_back(std::move(issue));
}

/// Why the coverage table has no entry for `node`.
std::string ModelImporter::coverageReason(const onnx::NodeProto &node,
                                          int64_t opset) const {
  std::string text;
  llvm::raw_string_ostream os(text);
  if (!isDefaultDomain(node.domain())) {
    if (opset < 0)
      os << "domain '" << node.domain()
         << "' is not in the model's opset_import";
    else
      os << "op type " << node.domain() << "." << node.op_type()
         << " is not supported by dlc (it imports the default ONNX domain "
            "only)";
    return text;
  }
  if (opset < 0) {
    os << "the model does not import the default ONNX domain";
    return text;
  }
  for (const OnnxOpCoverage &row : getOnnxOpCoverage()) {
    if (row.opType != node.op_type())
      continue;
    os << "op type " << node.op_type() << " is supported at opsets "
       << row.minOpset << " to " << row.maxOpset << ", not at opset "
       << opset;
    return text;
  }
  os << "op type " << node.op_type() << " is not supported by dlc";
  if (opset < kMinOnnxOpset || opset > kMaxOnnxOpset)
    os << " (dlc imports ONNX opsets " << kMinOnnxOpset << " to "
       << kMaxOnnxOpset << ")";
  return text;
}

/// After checkGraphInterface reported them: dynamic dims of the graph inputs
/// become 1 so that the rest of the graph can be checked, and inputs dlc
/// cannot take (not float32, no shape, empty) have no value.
void ModelImporter::prepareInputsForCheck() {
  onnx::GraphProto &graphProto = *model.mutable_graph();
  bool changed = false;
  for (onnx::ValueInfoProto &input : *graphProto.mutable_input()) {
    if (initializerNames.contains(input.name()))
      continue;
    std::string origin = "input '" + input.name() + "'";
    if (!input.type().has_tensor_type() ||
        input.type().tensor_type().elem_type() != onnx::TensorProto::FLOAT ||
        !input.type().tensor_type().has_shape()) {
      failedValues[input.name()] = origin;
      continue;
    }
    onnx::TensorShapeProto *shape =
        input.mutable_type()->mutable_tensor_type()->mutable_shape();
    for (onnx::TensorShapeProto_Dimension &dim : *shape->mutable_dim()) {
      if (dim.has_dim_value() && dim.dim_value() > 0)
        continue;
      if (dim.has_dim_value()) {
        failedValues[input.name()] = origin;
        break;
      }
      dim.set_dim_value(1);
      changed = true;
    }
  }
  if (!changed)
    return;
  // Shapes recorded for the symbolic dims no longer hold.
  graphProto.clear_value_info();
  for (onnx::ValueInfoProto &output : *graphProto.mutable_output())
    if (output.type().has_tensor_type())
      output.mutable_type()->mutable_tensor_type()->clear_shape();
}

/// What stops `node`: the origin of the first of its inputs that has no
/// value, or "".
StringRef ModelImporter::failedInput(const onnx::NodeProto &node) const {
  for (const std::string &input : node.input()) {
    auto it = failedValues.find(input);
    if (!input.empty() && it != failedValues.end())
      return it->second;
  }
  return StringRef();
}

/// Outputs of a node that cannot be imported: a zero constant of the type
/// ONNX infers when that is a static float32 tensor, else no value.
void ModelImporter::defineStandIns(const onnx::NodeProto &node,
                                   StringRef origin) {
  OpBuilder &builder = graph.getBuilder();
  for (const std::string &output : node.output()) {
    if (output.empty() || graph.isDefined(output))
      continue;
    const onnx::TypeProto *type = inferredTypes.lookup(output);
    SmallVector<int64_t> shape;
    bool known = type && type->has_tensor_type() &&
                 type->tensor_type().elem_type() == onnx::TensorProto::FLOAT &&
                 type->tensor_type().has_shape();
    if (known)
      for (const onnx::TensorShapeProto_Dimension &dim :
           type->tensor_type().shape().dim()) {
        known &= dim.has_dim_value() && dim.dim_value() > 0;
        shape.push_back(dim.dim_value());
      }
    if (!known) {
      failedValues[output] = origin.str();
      continue;
    }
    RankedTensorType tensorType = graph.f32Tensor(shape);
    Value standIn = arith::ConstantOp::create(
        builder, graph.nameLoc(output),
        DenseElementsAttr::get(tensorType, builder.getF32FloatAttr(0.0f)));
    graph.defineValue(output, standIn);
  }
}

void ModelImporter::finishReport() {
  const onnx::GraphProto &graphProto = model.graph();
  report->numNodes = graphProto.node_size();
  llvm::StringMap<size_t> opTypeIndex;
  for (int i = 0; i < graphProto.node_size(); ++i) {
    const onnx::NodeProto &node = graphProto.node(i);
    std::string key = node.domain() + "|" + node.op_type();
    auto [it, inserted] =
        opTypeIndex.try_emplace(key, report->opTypes.size());
    if (inserted) {
      OnnxOpTypeUse use;
      use.domain = node.domain();
      use.opType = node.op_type();
      use.opset = opsetOf(node.domain());
      use.inCoverageTable =
          lookupOnnxOpCoverage(node.domain(), node.op_type(), use.opset) &&
          lookupOnnxOpHandler(node.op_type());
      report->opTypes.push_back(use);
    }
    OnnxOpTypeUse &use = report->opTypes[it->second];
    ++use.nodes;
    bool imported = i < static_cast<int>(nodeImported.size()) &&
                    nodeImported[i] && !nodeFailed[i];
    use.imported += imported;
    report->numImported += imported;
  }
  llvm::stable_sort(report->issues,
                    [](const OnnxCheckIssue &a, const OnnxCheckIssue &b) {
                      return a.nodeIndex < b.nodeIndex;
                    });
  report->status = OnnxImportStatus::Success;
  for (const OnnxCheckIssue &issue : report->issues)
    if (issue.kind == OnnxImportStatus::Invalid ||
        report->status == OnnxImportStatus::Success)
      report->status = issue.kind;
  // Nothing said, yet nothing imported either: never call that a success.
  if (report->status == OnnxImportStatus::Success &&
      (graph.getStatus() != OnnxImportStatus::Success ||
       report->numImported != report->numNodes))
    report->status = OnnxImportStatus::Invalid;
}

void ModelImporter::runCheck() {
  ScopedDiagnosticHandler handler(&graph.getContext(), [&](Diagnostic &diag) {
    if (diag.getSeverity() != DiagnosticSeverity::Error)
      return failure();
    recordIssue(diag);
    return success();
  });
  llvm::scope_exit finish([&] { finishReport(); });
  if (failed(readModel()))
    return;
  findOpsets();
  if (failed(applyConstantInputs()))
    return;
  indexGraph();
  report->opset = opsetOf("");
  const onnx::GraphProto &graphProto = model.graph();
  nodeFailed.assign(graphProto.node_size(), false);
  nodeImported.assign(graphProto.node_size(), false);
  for (int i = 0; i < graphProto.node_size(); ++i)
    nodeIndexByName.try_emplace(nodeName(i), i);

  if (failed(applyInputShapes()))
    return;
  recordDeclaredRanks();
  checkOpCoverage();
  checkNodeAttributes();
  checkGraphInterface();
  prepareInputsForCheck();
  bool signaturesOk = succeeded(checkNodeSignatures());
  bool dataOk = succeeded(checkTensorData());
  if (!signaturesOk || !dataOk || failed(inferShapes()))
    return;
  for (const onnx::ValueInfoProto &info : graphProto.value_info())
    inferredTypes[info.name()] = &info.type();
  for (const onnx::ValueInfoProto &info : graphProto.output())
    inferredTypes[info.name()] = &info.type();

  OwningOpRef<ModuleOp> module = buildModule();
  if (!module)
    return;
  verifying = true;
  (void)mlir::verify(*module);
  verifying = false;
}

OnnxImportResult ModelImporter::run() {
  if (failed(readModel()))
    return fail();
  findOpsets();
  if (failed(applyConstantInputs()))
    return fail();
  indexGraph();

  if (failed(applyInputShapes()))
    return fail();
  // What dlc cannot compile is reported before ONNX's shape inference runs:
  // it only ever sees graphs of supported ops, checked for what it assumes.
  recordDeclaredRanks();
  checkOpCoverage();
  checkNodeAttributes();
  checkGraphInterface();
  if (graph.getStatus() != OnnxImportStatus::Success)
    return fail();
  bool signaturesOk = succeeded(checkNodeSignatures());
  bool dataOk = succeeded(checkTensorData());
  if (!signaturesOk || !dataOk || failed(inferShapes()))
    return fail();

  OwningOpRef<ModuleOp> module = buildModule();
  if (!module || graph.getStatus() != OnnxImportStatus::Success)
    return fail();
  if (failed(mlir::verify(*module))) {
    graph.noteStatus(OnnxImportStatus::Invalid);
    return fail();
  }
  OnnxImportResult result;
  result.status = OnnxImportStatus::Success;
  result.module = std::move(module);
  return result;
}

OnnxImportResult mlir::dlc::importOnnxModel(MLIRContext &context,
                                            StringRef path,
                                            const OnnxImportOptions &options) {
  context.loadDialect<DlcDialect, arith::ArithDialect, func::FuncDialect>();
  ModelImporter importer(context, path, options);
  return importer.run();
}

OnnxCheckReport mlir::dlc::checkOnnxModel(MLIRContext &context, StringRef path,
                                          const OnnxImportOptions &options) {
  context.loadDialect<DlcDialect, arith::ArithDialect, func::FuncDialect>();
  OnnxCheckReport report;
  ModelImporter importer(context, path, options, &report);
  importer.runCheck();
  return report;
}

size_t OnnxCheckReport::numFailedNodes() const {
  llvm::DenseSet<int64_t> nodes;
  for (const OnnxCheckIssue &issue : issues)
    if (issue.nodeIndex >= 0)
      nodes.insert(issue.nodeIndex);
  return nodes.size();
}

void mlir::dlc::registerOnnxImporterDialects(DialectRegistry &registry) {
  registry.insert<DlcDialect, arith::ArithDialect, func::FuncDialect>();
}
