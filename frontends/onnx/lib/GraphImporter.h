//===- GraphImporter.h - Shared state of the ONNX importer ------*- C++ -*-===//
//
// Internal to the ONNX frontend. `GraphImporter` owns the tables that map
// ONNX tensor names to SSA values (activations) and to constant TensorProtos
// (initializers and Constant nodes, materialised only when an op needs them
// as tensors). `OnnxNode` wraps one NodeProto with attribute access and error
// reporting; each op family's import function takes one.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_GRAPHIMPORTER_H
#define DLC_FRONTEND_GRAPHIMPORTER_H

#include "dlc/Dialect/DlcOps.h"
#include "dlc/Dialect/DlcShapes.h"
#include "dlc/Frontend/OnnxImporter.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include "onnx/onnx_pb.h"

#include <deque>
#include <optional>
#include <string>
#include <utility>

namespace mlir::dlc::onnx_import {

class GraphImporter;

/// The ONNX name of a TensorProto element type ("float32", "int64", ...).
std::string dataTypeName(int32_t dataType);

/// One NodeProto being checked or imported.
class OnnxNode {
public:
  OnnxNode(GraphImporter &importer, onnx::NodeProto &proto, std::string name,
           int64_t opset);

  const onnx::NodeProto &proto() const { return nodeProto; }
  /// The node itself: the importer owns the ModelProto, and Constant nodes
  /// hand their tensors' bytes over to the weights they become.
  onnx::NodeProto &mutableProto() const { return nodeProto; }
  llvm::StringRef name() const { return nodeName; }
  llvm::StringRef opType() const { return nodeProto.op_type(); }
  int64_t opset() const { return opsetVersion; }
  Location loc() const { return location; }
  GraphImporter &importer() const { return graph; }
  OpBuilder &builder() const;

  //===--------------------------------------------------------------------===//
  // Errors: "<OpType> '<name>': <message>" at the node's location.
  //===--------------------------------------------------------------------===//

  /// The model is malformed or inconsistent (OnnxImportStatus::Invalid).
  InFlightDiagnostic invalid() const;
  /// The model is valid ONNX that dlc cannot compile (Unsupported).
  InFlightDiagnostic unsupported() const;

  //===--------------------------------------------------------------------===//
  // Attributes. An attribute of the wrong type reports Invalid and makes
  // hadError() true; the getters then return the default.
  //===--------------------------------------------------------------------===//

  const onnx::AttributeProto *attr(llvm::StringRef attrName) const;
  bool hasAttr(llvm::StringRef attrName) const {
    return attr(attrName) != nullptr;
  }
  int64_t getInt(llvm::StringRef attrName, int64_t defaultValue) const;
  float getFloat(llvm::StringRef attrName, float defaultValue) const;
  std::string getString(llvm::StringRef attrName,
                        llvm::StringRef defaultValue) const;
  std::optional<SmallVector<int64_t>> getInts(llvm::StringRef attrName) const;
  bool hadError() const { return attrError; }

  //===--------------------------------------------------------------------===//
  // Inputs and outputs.
  //===--------------------------------------------------------------------===//

  /// Reports Invalid unless the node lists between `min` and `max` inputs
  /// and at least one, at most `maxOutputs`, outputs.
  LogicalResult checkArity(unsigned minInputs, unsigned maxInputs,
                           unsigned maxOutputs = 1) const;
  /// Whether input `index` is given (present and not the empty name).
  bool hasInput(unsigned index) const;
  llvm::StringRef inputName(unsigned index) const;
  unsigned numInputs() const { return nodeProto.input_size(); }

  /// Input `index` as an f32 tensor value; weights are materialised.
  FailureOr<Value> input(unsigned index) const;
  /// Like input(), but a null Value when the optional input is absent.
  FailureOr<Value> optionalInput(unsigned index) const;
  /// Input `index` as compile-time integers (int64/int32/bool constants):
  /// nullopt when absent, Unsupported when not a constant.
  FailureOr<std::optional<SmallVector<int64_t>>>
  constantInts(unsigned index, llvm::StringRef role) const;
  /// Input `index` as a compile-time f32 scalar (a 1-element constant).
  FailureOr<std::optional<float>> constantScalar(unsigned index,
                                                 llvm::StringRef role) const;

  /// Whether output `index` exists and is read by a node or the graph.
  bool isOutputUsed(unsigned index) const;
  /// Binds output `index` (when the node has it) to `value`.
  LogicalResult setOutput(unsigned index, Value value) const;
  /// Makes output `index` another name of input `index` (Identity-like),
  /// constants included.
  LogicalResult forwardInput(unsigned inputIndex, unsigned outputIndex) const;

private:
  GraphImporter &graph;
  onnx::NodeProto &nodeProto;
  std::string nodeName;
  int64_t opsetVersion;
  Location location;
  mutable bool attrError = false;
};

/// An initializer or Constant-node tensor.
struct ConstTensor {
  /// Part of the importer's ModelProto (or owned by the importer): once the
  /// tensor is materialised as a resource blob, its bytes are moved there.
  onnx::TensorProto *tensor;
  /// Where to put the arith.constant: the initializer's or node's name.
  Location loc;
  /// The arith.constant made the first time an op needed it as a tensor.
  Value materialized;
};

class GraphImporter {
public:
  GraphImporter(MLIRContext &context, llvm::StringRef path);

  MLIRContext &getContext() { return context; }
  llvm::StringRef getPath() const { return path; }
  Location getFileLoc() const { return fileLoc; }
  OpBuilder &getBuilder() { return builder; }

  /// The location of a named thing of the model: NameLoc(name, file:0:0).
  Location nameLoc(llvm::StringRef name);
  RankedTensorType f32Tensor(ArrayRef<int64_t> shape);

  /// Records how bad things are: Success < Unsupported < Invalid.
  void noteStatus(OnnxImportStatus status);
  OnnxImportStatus getStatus() const { return status; }
  /// What the last noteStatus said (Invalid when nothing did since the last
  /// call): `dlc --check` files each error it catches under it, as every
  /// error helper notes the status right before it emits.
  OnnxImportStatus takeLastNoted() {
    return std::exchange(lastNoted, OnnxImportStatus::Invalid);
  }

  //===--------------------------------------------------------------------===//
  // Tensor tables.
  //===--------------------------------------------------------------------===//

  /// Whether `name` already names a value or a constant.
  bool isDefined(llvm::StringRef name) const;
  void defineValue(llvm::StringRef name, Value value) { values[name] = value; }
  Value lookupValue(llvm::StringRef name) const { return values.lookup(name); }
  void defineConstant(llvm::StringRef name, onnx::TensorProto *tensor,
                      Location loc);
  /// Makes `alias` name the same constant as `name`.
  void aliasConstant(llvm::StringRef alias, llvm::StringRef name);
  ConstTensor *lookupConstant(llvm::StringRef name);
  /// A TensorProto that lives as long as the importer (Constant nodes'
  /// value_float(s)/value_int(s)).
  onnx::TensorProto &makeOwnedTensor() { return ownedTensors.emplace_back(); }

  /// Returns the arith.constant for an f32 constant, creating it at the
  /// builder's insertion point the first time.
  FailureOr<Value> materialize(ConstTensor &constant, llvm::StringRef name,
                               EmitErrorFn emitInvalid);

  /// Names read by some node or the graph outputs.
  llvm::StringSet<> usedNames;
  /// Ranks known after ONNX shape inference (for the first-pass checks).
  llvm::StringMap<int64_t> knownRanks;

  /// `value` with `shape` (same element count); no op when already so.
  Value reshape(Location loc, Value value, ArrayRef<int64_t> shape);

private:
  MLIRContext &context;
  std::string path;
  Location fileLoc;
  OpBuilder builder;
  OnnxImportStatus status = OnnxImportStatus::Success;
  OnnxImportStatus lastNoted = OnnxImportStatus::Invalid;
  llvm::StringMap<Value> values;
  std::deque<ConstTensor> constants;
  llvm::StringMap<ConstTensor *> constantsByName;
  std::deque<onnx::TensorProto> ownedTensors;
};

//===----------------------------------------------------------------------===//
// TensorProto decoding (OnnxTensors.cpp).
//===----------------------------------------------------------------------===//

/// The dims of a TensorProto (Invalid when a dim is negative).
FailureOr<SmallVector<int64_t>> tensorShape(const onnx::TensorProto &tensor,
                                            EmitErrorFn emitInvalid);
/// Checks that the data of `tensor` (raw_data or the typed field of its data
/// type) holds exactly as many elements as its dims say. External data
/// passes.
LogicalResult validateTensorData(const onnx::TensorProto &tensor,
                                 EmitErrorFn emitInvalid);
/// The values of an integer (int64, int32, int8, uint8, bool ...) tensor.
FailureOr<SmallVector<int64_t>> decodeIntTensor(const onnx::TensorProto &tensor,
                                                EmitErrorFn emitInvalid);
/// The values of a float32 tensor.
FailureOr<SmallVector<float>> decodeFloatTensor(const onnx::TensorProto &tensor,
                                                EmitErrorFn emitInvalid);
/// The attribute of an arith.constant holding a float32 tensor: a dense
/// resource blob that takes over the tensor's bytes (raw_data or float_data,
/// no copy; the tensor is left without data), or a DenseElementsAttr when the
/// tensor is small or a splat.
FailureOr<TypedAttr> buildWeightAttr(MLIRContext &context,
                                     onnx::TensorProto &tensor,
                                     llvm::StringRef blobName,
                                     EmitErrorFn emitInvalid);
bool isIntegerDataType(int32_t dataType);

//===----------------------------------------------------------------------===//
// Op families. Each check function runs in the first pass over all nodes and
// reports Unsupported attributes; each import function builds the node's ops.
//===----------------------------------------------------------------------===//

using CheckFn = void (*)(OnnxNode &node);
using ImportFn = LogicalResult (*)(OnnxNode &node);

/// The check and import functions of a supported op type, or null.
struct OnnxOpHandler {
  CheckFn check;
  ImportFn import;
};
const OnnxOpHandler *lookupOnnxOpHandler(llvm::StringRef opType);

// ImportNN.cpp
void checkConv(OnnxNode &node);
LogicalResult importConv(OnnxNode &node);
void checkPool(OnnxNode &node);
LogicalResult importMaxPool(OnnxNode &node);
LogicalResult importAveragePool(OnnxNode &node);
LogicalResult importGlobalPool(OnnxNode &node);
void checkBatchNorm(OnnxNode &node);
LogicalResult importBatchNorm(OnnxNode &node);
LogicalResult importGemm(OnnxNode &node);
LogicalResult importMatMul(OnnxNode &node);
LogicalResult importSoftmax(OnnxNode &node);
LogicalResult importReduce(OnnxNode &node);
void checkConvTranspose(OnnxNode &node);
LogicalResult importConvTranspose(OnnxNode &node);
LogicalResult importLRN(OnnxNode &node);

// ImportElementwise.cpp
LogicalResult importUnary(OnnxNode &node);
LogicalResult importClip(OnnxNode &node);
LogicalResult importBinary(OnnxNode &node);
LogicalResult importPRelu(OnnxNode &node);
LogicalResult importVariadic(OnnxNode &node);

// ImportShape.cpp
LogicalResult importFlatten(OnnxNode &node);
LogicalResult importReshape(OnnxNode &node);
LogicalResult importSqueeze(OnnxNode &node);
LogicalResult importUnsqueeze(OnnxNode &node);
void checkPad(OnnxNode &node);
// The result shapes of the layout ops for an input of `inputShape`, from the
// node's attributes and constant inputs, checked; shared by the imports on
// tensors and the folds on constants (ImportShapeArith.cpp).
/// Reshape: its shape input (or attribute) with 0 and -1 resolved, checked
/// against the element count.
FailureOr<SmallVector<int64_t>> resolveReshapeShape(OnnxNode &node,
                                                    ArrayRef<int64_t> inputShape);
/// Flatten: [outer, inner] around its axis.
FailureOr<SmallVector<int64_t>> resolveFlattenShape(OnnxNode &node,
                                                    ArrayRef<int64_t> inputShape);
/// Squeeze / Unsqueeze: the shape without / with its axes.
FailureOr<SmallVector<int64_t>> resolveSqueezeShape(OnnxNode &node,
                                                    ArrayRef<int64_t> inputShape);
FailureOr<SmallVector<int64_t>>
resolveUnsqueezeShape(OnnxNode &node, ArrayRef<int64_t> inputShape);
/// Transpose: the permutation (perm, else reversed dims) and result shape.
FailureOr<std::pair<SmallVector<int64_t>, Shape>>
resolveTranspose(OnnxNode &node, ArrayRef<int64_t> inputShape);
/// Concat of inputs shaped `shapes`: the normalised axis and result shape.
FailureOr<std::pair<int64_t, Shape>>
resolveConcat(OnnxNode &node, ArrayRef<ArrayRef<int64_t>> shapes);
LogicalResult importPad(OnnxNode &node);
LogicalResult importTranspose(OnnxNode &node);
LogicalResult importConcat(OnnxNode &node);
LogicalResult importIdentity(OnnxNode &node);
void checkDropout(OnnxNode &node);
LogicalResult importDropout(OnnxNode &node);
void checkConstant(OnnxNode &node);
LogicalResult importConstant(OnnxNode &node);

// ImportShapeArith.cpp
LogicalResult importSlice(OnnxNode &node);
LogicalResult importSplit(OnnxNode &node);
LogicalResult importGather(OnnxNode &node);
LogicalResult importShape(OnnxNode &node);
void checkConstantOfShape(OnnxNode &node);
LogicalResult importConstantOfShape(OnnxNode &node);
LogicalResult importCast(OnnxNode &node);
LogicalResult importResize(OnnxNode &node);
/// Folds static shape arithmetic into a new constant: Add/Sub/Mul/Div/Max/Min
/// of integer constants, and the layout ops Concat, Reshape, Flatten,
/// Transpose, Squeeze and Unsqueeze on integer constants or small float32
/// ones (Resize scales). True when it did.
FailureOr<bool> foldConstantNode(OnnxNode &node);

//===----------------------------------------------------------------------===//
// Small helpers shared by the op families.
//===----------------------------------------------------------------------===//

inline ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

/// Normalises an axis in [-rank, rank - 1] (or [-rank, rank] when
/// `inclusiveEnd`) to a non-negative one (negative axes count from `rank`);
/// reports Invalid otherwise.
FailureOr<int64_t> normalizeAxis(const OnnxNode &node, int64_t axis,
                                 int64_t rank, llvm::StringRef what,
                                 bool inclusiveEnd = false);

} // namespace mlir::dlc::onnx_import

#endif // DLC_FRONTEND_GRAPHIMPORTER_H
