//===- ImportShape.cpp - Shape ops, pass-throughs and constants -----------===//
//
// Flatten, Reshape, Squeeze and Unsqueeze all become dlc.reshape with the
// static result shape computed here; Pad becomes dlc.pad; Identity and
// Dropout only rename their input; Constant nodes go to the constant table
// like initializers.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "llvm/ADT/APFloat.h"
#include "llvm/ADT/SmallSet.h"
#include "llvm/Support/InterleavedRange.h"

#include <climits>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::onnx_import;

static int64_t product(ArrayRef<int64_t> dims) {
  int64_t result = 1;
  for (int64_t dim : dims)
    result *= dim;
  return result;
}

FailureOr<SmallVector<int64_t>>
mlir::dlc::onnx_import::resolveFlattenShape(OnnxNode &node,
                                            ArrayRef<int64_t> inputShape) {
  if (failed(node.checkArity(1, 1)))
    return failure();
  int64_t axisAttr = node.getInt("axis", 1);
  if (node.hadError())
    return failure();
  FailureOr<int64_t> axis = normalizeAxis(node, axisAttr, inputShape.size(),
                                          "axis", /*inclusiveEnd=*/true);
  if (failed(axis))
    return failure();
  return SmallVector<int64_t>{product(inputShape.take_front(*axis)),
                              product(inputShape.drop_front(*axis))};
}

/// Flatten, Reshape, Squeeze and Unsqueeze: `input` reshaped to the shape
/// `resolve` works out from its shape.
static LogicalResult
importAsReshape(OnnxNode &node,
                function_ref<FailureOr<SmallVector<int64_t>>(
                    OnnxNode &, ArrayRef<int64_t>)>
                    resolve) {
  FailureOr<Value> input = node.input(0);
  if (failed(input))
    return failure();
  FailureOr<SmallVector<int64_t>> shape = resolve(node, shapeOf(*input));
  if (failed(shape))
    return failure();
  return node.setOutput(0,
                        node.importer().reshape(node.loc(), *input, *shape));
}

LogicalResult mlir::dlc::onnx_import::importFlatten(OnnxNode &node) {
  return importAsReshape(node, resolveFlattenShape);
}

FailureOr<SmallVector<int64_t>>
mlir::dlc::onnx_import::resolveReshapeShape(OnnxNode &node,
                                            ArrayRef<int64_t> inputShape) {
  // Before opset 5 the shape is an attribute, from 5 a constant input.
  bool shapeIsAttr = node.opset() < 5;
  if (failed(shapeIsAttr ? node.checkArity(1, 1) : node.checkArity(2, 2)))
    return failure();
  FailureOr<std::optional<SmallVector<int64_t>>> requested =
      shapeIsAttr ? FailureOr<std::optional<SmallVector<int64_t>>>(
                        node.getInts("shape"))
                  : node.constantInts(1, "shape");
  if (failed(requested) || node.hadError())
    return failure();
  if (!*requested) {
    node.invalid() << "the shape " << (shapeIsAttr ? "attribute" : "input")
                   << " is missing";
    return failure();
  }
  bool allowZero = node.opset() >= 14 && node.getInt("allowzero", 0) != 0;
  if (node.hadError())
    return failure();

  SmallVector<int64_t> shape;
  std::optional<size_t> inferred;
  bool hasZero = false;
  for (auto [index, dim] : llvm::enumerate(**requested)) {
    if (dim == -1) {
      if (inferred) {
        node.invalid() << "shape " << formatShape(**requested)
                       << " has more than one -1";
        return failure();
      }
      inferred = index;
      shape.push_back(1);
    } else if (dim == 0 && !allowZero) {
      // 0 copies the input's dim at the same index.
      if (index >= inputShape.size()) {
        node.invalid() << "shape " << formatShape(**requested) << " copies dim "
                       << index << " (0), but the input "
                       << formatShape(inputShape) << " has rank "
                       << inputShape.size();
        return failure();
      }
      shape.push_back(inputShape[index]);
    } else if (dim < 0) {
      node.invalid() << "shape " << formatShape(**requested)
                     << " has the invalid dim " << dim;
      return failure();
    } else {
      hasZero |= dim == 0;
      shape.push_back(dim);
    }
  }
  if (allowZero && hasZero && inferred) {
    node.invalid() << "shape " << formatShape(**requested)
                   << " has both 0 and -1, which allowzero=1 forbids";
    return failure();
  }
  int64_t count = product(inputShape), known = product(shape);
  if (inferred) {
    if (known == 0 || count % known != 0) {
      node.invalid() << "cannot reshape " << formatShape(inputShape) << " ("
                     << count << " elements) to " << formatShape(**requested);
      return failure();
    }
    shape[*inferred] = count / known;
  } else if (known != count) {
    node.invalid() << "cannot reshape " << formatShape(inputShape) << " ("
                   << count << " elements) to " << formatShape(shape) << " ("
                   << known << " elements)";
    return failure();
  }
  return shape;
}

LogicalResult mlir::dlc::onnx_import::importReshape(OnnxNode &node) {
  return importAsReshape(node, resolveReshapeShape);
}

/// The axes of Squeeze/Unsqueeze: an attribute before opset 13, a constant
/// input from 13. nullopt when absent.
static FailureOr<std::optional<SmallVector<int64_t>>> readAxes(OnnxNode &node) {
  if (node.opset() < 13) {
    if (failed(node.checkArity(1, 1)))
      return failure();
    std::optional<SmallVector<int64_t>> axes = node.getInts("axes");
    if (node.hadError())
      return failure();
    return axes;
  }
  if (failed(node.checkArity(1, 2)))
    return failure();
  return node.constantInts(1, "axes");
}

/// Normalises `axes` against `rank`; duplicates are Invalid.
static FailureOr<SmallVector<int64_t>>
normalizeAxes(OnnxNode &node, ArrayRef<int64_t> axes, int64_t rank) {
  SmallVector<int64_t> result;
  llvm::SmallSet<int64_t, 4> seen;
  for (int64_t axis : axes) {
    FailureOr<int64_t> normalized = normalizeAxis(node, axis, rank, "axis");
    if (failed(normalized))
      return failure();
    if (!seen.insert(*normalized).second) {
      node.invalid() << "axes " << formatShape(axes) << " repeat axis "
                     << *normalized;
      return failure();
    }
    result.push_back(*normalized);
  }
  return result;
}

FailureOr<SmallVector<int64_t>>
mlir::dlc::onnx_import::resolveSqueezeShape(OnnxNode &node,
                                            ArrayRef<int64_t> inputShape) {
  FailureOr<std::optional<SmallVector<int64_t>>> axes = readAxes(node);
  if (failed(axes))
    return failure();
  SmallVector<bool> squeezed(inputShape.size(), false);
  if (*axes) {
    FailureOr<SmallVector<int64_t>> normalized =
        normalizeAxes(node, **axes, inputShape.size());
    if (failed(normalized))
      return failure();
    for (int64_t axis : *normalized) {
      if (inputShape[axis] != 1) {
        node.invalid() << "cannot squeeze dim " << axis << " of size "
                       << inputShape[axis] << " (input "
                       << formatShape(inputShape) << ")";
        return failure();
      }
      squeezed[axis] = true;
    }
  } else {
    for (auto [index, dim] : llvm::enumerate(inputShape))
      squeezed[index] = dim == 1;
  }
  SmallVector<int64_t> shape;
  for (auto [index, dim] : llvm::enumerate(inputShape))
    if (!squeezed[index])
      shape.push_back(dim);
  return shape;
}

LogicalResult mlir::dlc::onnx_import::importSqueeze(OnnxNode &node) {
  return importAsReshape(node, resolveSqueezeShape);
}

FailureOr<SmallVector<int64_t>>
mlir::dlc::onnx_import::resolveUnsqueezeShape(OnnxNode &node,
                                              ArrayRef<int64_t> inputShape) {
  FailureOr<std::optional<SmallVector<int64_t>>> axes = readAxes(node);
  if (failed(axes))
    return failure();
  if (!*axes) {
    node.invalid() << "the axes " << (node.opset() < 13 ? "attribute" : "input")
                   << " is missing";
    return failure();
  }
  int64_t rank = inputShape.size() + (*axes)->size();
  FailureOr<SmallVector<int64_t>> normalized =
      normalizeAxes(node, **axes, rank);
  if (failed(normalized))
    return failure();
  SmallVector<int64_t> shape;
  size_t next = 0;
  for (int64_t i = 0; i < rank; ++i)
    shape.push_back(llvm::is_contained(*normalized, i) ? 1
                                                       : inputShape[next++]);
  return shape;
}

LogicalResult mlir::dlc::onnx_import::importUnsqueeze(OnnxNode &node) {
  return importAsReshape(node, resolveUnsqueezeShape);
}

void mlir::dlc::onnx_import::checkPad(OnnxNode &node) {
  std::string mode = node.getString("mode", "constant");
  if (mode != "constant")
    node.unsupported() << "mode '" << mode
                       << "' is not supported; dlc pads with a constant only";
}

LogicalResult mlir::dlc::onnx_import::importPad(OnnxNode &node) {
  // Opset 1 names the attribute `paddings`, opsets 2 to 10 `pads`; from 11
  // the pads and the value are inputs.
  bool padsAreAttrs = node.opset() < 11;
  if (failed(padsAreAttrs ? node.checkArity(1, 1) : node.checkArity(2, 3)))
    return failure();
  FailureOr<Value> input = node.input(0);
  if (failed(input))
    return failure();
  std::optional<SmallVector<int64_t>> pads;
  float value = 0.0f;
  if (padsAreAttrs) {
    pads = node.getInts(node.opset() < 2 ? "paddings" : "pads");
    value = node.getFloat("value", 0.0f);
    if (node.hadError())
      return failure();
  } else {
    FailureOr<std::optional<SmallVector<int64_t>>> padsInput =
        node.constantInts(1, "pads");
    if (failed(padsInput))
      return failure();
    pads = std::move(*padsInput);
    FailureOr<std::optional<float>> valueInput =
        node.constantScalar(2, "constant_value");
    if (failed(valueInput))
      return failure();
    value = valueInput->value_or(0.0f);
  }
  ArrayRef<int64_t> inputShape = shapeOf(*input);
  size_t rank = inputShape.size();
  if (!pads || pads->size() != 2 * rank) {
    node.invalid() << "pads must have " << 2 * rank
                   << " values (begin and end of each dim), got "
                   << (pads ? std::to_string(pads->size()) : "none");
    return failure();
  }
  if (llvm::any_of(*pads, [](int64_t pad) { return pad < 0; })) {
    node.unsupported() << "negative pads (cropping) are not supported, got ["
                       << llvm::interleaved(*pads) << "]";
    return failure();
  }
  if (llvm::all_of(*pads, [](int64_t pad) { return pad == 0; }))
    return node.setOutput(0, *input);
  SmallVector<int64_t> shape(inputShape.begin(), inputShape.end());
  for (size_t i = 0; i < rank; ++i)
    shape[i] += (*pads)[i] + (*pads)[i + rank];
  auto pad = PadOp::create(node.builder(), node.loc(),
                           node.importer().f32Tensor(shape), *input, *pads,
                           llvm::APFloat(value));
  return node.setOutput(0, pad);
}

FailureOr<std::pair<SmallVector<int64_t>, Shape>>
mlir::dlc::onnx_import::resolveTranspose(OnnxNode &node,
                                         ArrayRef<int64_t> inputShape) {
  if (failed(node.checkArity(1, 1)))
    return failure();
  std::optional<SmallVector<int64_t>> permAttr = node.getInts("perm");
  if (node.hadError())
    return failure();
  SmallVector<int64_t> perm;
  if (permAttr)
    perm = *permAttr;
  else
    for (int64_t i = inputShape.size() - 1; i >= 0; --i)
      perm.push_back(i);
  FailureOr<Shape> shape =
      inferTransposeShape(inputShape, perm, [&] { return node.invalid(); });
  if (failed(shape))
    return failure();
  return std::make_pair(std::move(perm), std::move(*shape));
}

LogicalResult mlir::dlc::onnx_import::importTranspose(OnnxNode &node) {
  FailureOr<Value> input = node.input(0);
  if (failed(input))
    return failure();
  auto resolved = resolveTranspose(node, shapeOf(*input));
  if (failed(resolved))
    return failure();
  auto &[perm, shape] = *resolved;
  auto transpose =
      TransposeOp::create(node.builder(), node.loc(),
                          node.importer().f32Tensor(shape), *input, perm);
  return node.setOutput(0, transpose);
}

FailureOr<std::pair<int64_t, Shape>>
mlir::dlc::onnx_import::resolveConcat(OnnxNode &node,
                                      ArrayRef<ArrayRef<int64_t>> shapes) {
  // axis is required from opset 4; before, it defaults to 1.
  if (node.opset() >= 4 && !node.hasAttr("axis")) {
    node.invalid() << "the axis attribute is missing";
    return failure();
  }
  int64_t axisAttr = node.getInt("axis", 1);
  if (node.hadError())
    return failure();
  FailureOr<int64_t> axis =
      normalizeAxis(node, axisAttr, shapes.front().size(), "axis");
  if (failed(axis))
    return failure();
  FailureOr<Shape> shape =
      inferConcatShape(shapes, *axis, [&] { return node.invalid(); });
  if (failed(shape))
    return failure();
  return std::make_pair(*axis, std::move(*shape));
}

LogicalResult mlir::dlc::onnx_import::importConcat(OnnxNode &node) {
  if (failed(node.checkArity(1, UINT_MAX)))
    return failure();
  SmallVector<Value> inputs;
  SmallVector<ArrayRef<int64_t>> shapes;
  for (unsigned i = 0; i < node.numInputs(); ++i) {
    FailureOr<Value> input = node.input(i);
    if (failed(input))
      return failure();
    inputs.push_back(*input);
    shapes.push_back(shapeOf(*input));
  }
  auto resolved = resolveConcat(node, shapes);
  if (failed(resolved))
    return failure();
  auto concat = ConcatOp::create(node.builder(), node.loc(),
                                 node.importer().f32Tensor(resolved->second),
                                 inputs,
                                 static_cast<uint64_t>(resolved->first));
  return node.setOutput(0, concat);
}

LogicalResult mlir::dlc::onnx_import::importIdentity(OnnxNode &node) {
  if (failed(node.checkArity(1, 1)))
    return failure();
  return node.forwardInput(0, 0);
}

void mlir::dlc::onnx_import::checkDropout(OnnxNode &node) {
  if (node.isOutputUsed(1))
    node.unsupported() << "the mask output '" << node.proto().output(1)
                       << "' is used; dlc imports Dropout for inference only";
}

LogicalResult mlir::dlc::onnx_import::importDropout(OnnxNode &node) {
  if (failed(node.checkArity(1, 3, /*maxOutputs=*/2)))
    return failure();
  // From opset 12 training_mode is an input; only a constant false (or its
  // absence) means inference.
  if (node.opset() >= 12 && node.hasInput(2)) {
    FailureOr<std::optional<SmallVector<int64_t>>> training =
        node.constantInts(2, "training_mode");
    if (failed(training))
      return failure();
    if (llvm::any_of(**training, [](int64_t v) { return v != 0; })) {
      node.unsupported() << "training_mode is true; dlc imports Dropout for "
                            "inference only";
      return failure();
    }
  }
  return node.forwardInput(0, 0);
}

void mlir::dlc::onnx_import::checkConstant(OnnxNode &node) {
  for (const onnx::AttributeProto &attr : node.proto().attribute()) {
    if (attr.name() == "sparse_value")
      node.unsupported() << "sparse_value constants are not supported";
    else if (attr.name() == "value_string" || attr.name() == "value_strings")
      node.unsupported() << "string constants are not supported";
  }
}

LogicalResult mlir::dlc::onnx_import::importConstant(OnnxNode &node) {
  if (failed(node.checkArity(0, 0)))
    return failure();
  if (node.proto().attribute_size() != 1) {
    node.invalid() << "must have exactly one value attribute, got "
                   << node.proto().attribute_size() << " attributes";
    return failure();
  }
  onnx::AttributeProto &attr = *node.mutableProto().mutable_attribute(0);
  StringRef kind = attr.name();
  onnx::TensorProto *tensor = nullptr;
  if (kind == "value") {
    if (attr.type() != onnx::AttributeProto::TENSOR && !attr.has_t()) {
      node.invalid() << "attribute 'value' must be a tensor";
      return failure();
    }
    tensor = attr.mutable_t();
  } else if (kind == "value_float" || kind == "value_floats" ||
             kind == "value_int" || kind == "value_ints") {
    onnx::TensorProto &owned = node.importer().makeOwnedTensor();
    if (kind == "value_float") {
      owned.set_data_type(onnx::TensorProto::FLOAT);
      owned.add_float_data(node.getFloat(kind, 0.0f));
    } else if (kind == "value_floats") {
      owned.set_data_type(onnx::TensorProto::FLOAT);
      owned.add_dims(attr.floats_size());
      for (float value : attr.floats())
        owned.add_float_data(value);
    } else if (kind == "value_int") {
      owned.set_data_type(onnx::TensorProto::INT64);
      owned.add_int64_data(node.getInt(kind, 0));
    } else {
      std::optional<SmallVector<int64_t>> ints = node.getInts(kind);
      owned.set_data_type(onnx::TensorProto::INT64);
      owned.add_dims(ints ? ints->size() : 0);
      if (ints)
        for (int64_t value : *ints)
          owned.add_int64_data(value);
    }
    if (node.hadError())
      return failure();
    tensor = &owned;
  } else {
    node.invalid() << "attribute '" << kind << "' is not a Constant value";
    return failure();
  }
  StringRef output = node.proto().output(0);
  if (node.importer().isDefined(output)) {
    node.invalid() << "output '" << output << "' is already defined";
    return failure();
  }
  node.importer().defineConstant(output, tensor, node.loc());
  return success();
}
