//===- ImportShapeArith.cpp - Static shape arithmetic, slices, gathers ----===//
//
// Exporters compute reshape targets at run time: Shape -> Gather -> Unsqueeze
// -> Concat -> Reshape, with Add/Div/Mul on the way (ShuffleNet's channel
// shuffle and split), or pads via Reshape -> Slice(step -1) -> Transpose
// (ZeroPad2d), or Resize scales via Concat of float constants. dlc's shapes
// are static, so all of it folds here into constants (the constant table),
// and only Slice, Split and Gather on float32 activations become ops
// (dlc.slice, plus dlc.concat and dlc.reshape for Gather).
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/SmallSet.h"

#include <climits>
#include <cmath>
#include <tuple>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::onnx_import;

namespace {
/// A compile-time integer tensor, row-major.
struct IntTensor {
  SmallVector<int64_t> dims;
  SmallVector<int64_t> values;
};
} // namespace

static int64_t product(ArrayRef<int64_t> dims) {
  int64_t result = 1;
  for (int64_t dim : dims)
    result *= dim;
  return result;
}

/// Row-major strides of `dims`.
static SmallVector<int64_t> stridesOf(ArrayRef<int64_t> dims) {
  SmallVector<int64_t> strides(dims.size(), 1);
  for (int64_t i = static_cast<int64_t>(dims.size()) - 2; i >= 0; --i)
    strides[i] = strides[i + 1] * dims[i + 1];
  return strides;
}

/// Whether input `index` is an integer constant (initializer or Constant).
static bool isIntConstant(OnnxNode &node, unsigned index) {
  if (!node.hasInput(index))
    return false;
  ConstTensor *constant = node.importer().lookupConstant(node.inputName(index));
  return constant && isIntegerDataType(constant->tensor->data_type());
}

static FailureOr<IntTensor> readIntTensor(OnnxNode &node, unsigned index) {
  StringRef name = node.inputName(index);
  ConstTensor *constant = node.importer().lookupConstant(name);
  auto emit = [&] { return node.invalid() << "input '" << name << "': "; };
  FailureOr<SmallVector<int64_t>> dims = tensorShape(*constant->tensor, emit);
  if (failed(dims))
    return failure();
  FailureOr<SmallVector<int64_t>> values =
      decodeIntTensor(*constant->tensor, emit);
  if (failed(values))
    return failure();
  return IntTensor{std::move(*dims), std::move(*values)};
}

/// Binds output `index` to a new int64 (or float32) constant.
static LogicalResult defineConstantOutput(OnnxNode &node, unsigned index,
                                          ArrayRef<int64_t> dims,
                                          ArrayRef<int64_t> ints,
                                          ArrayRef<float> floats = {},
                                          bool isFloat = false) {
  StringRef name = node.proto().output(index);
  if (name.empty())
    return success();
  if (node.importer().isDefined(name)) {
    node.invalid() << "output '" << name << "' is already defined";
    return failure();
  }
  onnx::TensorProto &owned = node.importer().makeOwnedTensor();
  owned.set_name(name.str());
  for (int64_t dim : dims)
    owned.add_dims(dim);
  if (isFloat) {
    owned.set_data_type(onnx::TensorProto::FLOAT);
    for (float value : floats)
      owned.add_float_data(value);
  } else {
    owned.set_data_type(onnx::TensorProto::INT64);
    for (int64_t value : ints)
      owned.add_int64_data(value);
  }
  node.importer().defineConstant(name, &owned, node.loc());
  return success();
}

static LogicalResult defineInts(OnnxNode &node, const IntTensor &tensor,
                                unsigned index = 0) {
  return defineConstantOutput(node, index, tensor.dims, tensor.values);
}

//===----------------------------------------------------------------------===//
// Layout ops on constants (integers, and small float32 tensors)
//===----------------------------------------------------------------------===//

/// Float32 constants up to this many elements fold through layout ops like
/// integers do (Resize scales built with Concat); bigger ones are weights,
/// which stay tensors for dlc-fold-constants to fold in the IR.
static constexpr int64_t kMaxFoldedFloatElements = 1024;

namespace {
/// A compile-time tensor that layout ops (which only move elements) fold on.
struct ConstData {
  SmallVector<int64_t> dims;
  bool isFloat = false;
  SmallVector<int64_t> ints;
  SmallVector<float> floats;

  /// The elements at the flat indices `sources`, shaped `newDims`.
  ConstData select(ArrayRef<int64_t> newDims,
                   ArrayRef<int64_t> sources) const {
    ConstData result;
    result.dims.assign(newDims.begin(), newDims.end());
    result.isFloat = isFloat;
    for (int64_t source : sources) {
      if (isFloat)
        result.floats.push_back(floats[source]);
      else
        result.ints.push_back(ints[source]);
    }
    return result;
  }
  /// The same elements, shaped `newDims`.
  ConstData reshaped(ArrayRef<int64_t> newDims) const {
    ConstData result = *this;
    result.dims.assign(newDims.begin(), newDims.end());
    return result;
  }
};
} // namespace

/// Whether input `index` is a constant layout ops fold on: integers, or
/// float32 of at most kMaxFoldedFloatElements elements.
static bool isFoldableConstant(OnnxNode &node, unsigned index) {
  if (!node.hasInput(index))
    return false;
  ConstTensor *constant = node.importer().lookupConstant(node.inputName(index));
  if (!constant)
    return false;
  const onnx::TensorProto &tensor = *constant->tensor;
  if (isIntegerDataType(tensor.data_type()))
    return true;
  if (tensor.data_type() != onnx::TensorProto::FLOAT)
    return false;
  int64_t count = 1;
  for (int64_t dim : tensor.dims())
    count *= dim;
  return count <= kMaxFoldedFloatElements;
}

static FailureOr<ConstData> readConstData(OnnxNode &node, unsigned index) {
  StringRef name = node.inputName(index);
  const onnx::TensorProto &tensor =
      *node.importer().lookupConstant(name)->tensor;
  auto emit = [&] { return node.invalid() << "input '" << name << "': "; };
  FailureOr<SmallVector<int64_t>> dims = tensorShape(tensor, emit);
  if (failed(dims))
    return failure();
  ConstData data;
  data.dims = std::move(*dims);
  data.isFloat = tensor.data_type() == onnx::TensorProto::FLOAT;
  if (data.isFloat) {
    FailureOr<SmallVector<float>> values = decodeFloatTensor(tensor, emit);
    if (failed(values))
      return failure();
    data.floats = std::move(*values);
  } else {
    FailureOr<SmallVector<int64_t>> values = decodeIntTensor(tensor, emit);
    if (failed(values))
      return failure();
    data.ints = std::move(*values);
  }
  return data;
}

static LogicalResult defineConstData(OnnxNode &node, const ConstData &data,
                                     unsigned index = 0) {
  return defineConstantOutput(node, index, data.dims, data.ints, data.floats,
                              data.isFloat);
}

//===----------------------------------------------------------------------===//
// Slice parameters (shared by the folded and the dlc.slice forms)
//===----------------------------------------------------------------------===//

namespace {
struct SliceParams {
  SmallVector<int64_t> offsets, ends, strides;
};
} // namespace

/// Resolves ONNX Slice's starts/ends/axes/steps against `shape` (negative
/// values count from the end, out-of-range ones clamp). Empty results are
/// Unsupported, and so are negative steps (reversals) unless
/// `allowReversal` (constants fold with them; dlc.slice has no reversal).
static FailureOr<SliceParams> resolveSlice(OnnxNode &node,
                                           ArrayRef<int64_t> shape,
                                           bool allowReversal) {
  std::optional<SmallVector<int64_t>> starts, ends, axes, steps;
  if (node.opset() < 10) {
    if (failed(node.checkArity(1, 1)))
      return failure();
    starts = node.getInts("starts");
    ends = node.getInts("ends");
    axes = node.getInts("axes");
    if (node.hadError())
      return failure();
  } else {
    if (failed(node.checkArity(3, 5)))
      return failure();
    for (auto [index, role, slot] :
         {std::tuple{1u, "starts", &starts}, std::tuple{2u, "ends", &ends},
          std::tuple{3u, "axes", &axes}, std::tuple{4u, "steps", &steps}}) {
      FailureOr<std::optional<SmallVector<int64_t>>> values =
          node.constantInts(index, role);
      if (failed(values))
        return failure();
      *slot = std::move(*values);
    }
  }
  if (!starts || !ends || starts->size() != ends->size()) {
    node.invalid() << "starts and ends must be given and have the same size";
    return failure();
  }
  size_t count = starts->size();
  int64_t rank = shape.size();
  SmallVector<int64_t> axisList;
  if (axes) {
    if (axes->size() != count) {
      node.invalid() << "axes must have " << count << " values";
      return failure();
    }
    for (int64_t axis : *axes) {
      FailureOr<int64_t> normalized = normalizeAxis(node, axis, rank, "axis");
      if (failed(normalized))
        return failure();
      if (llvm::is_contained(axisList, *normalized)) {
        node.invalid() << "axes repeat axis " << *normalized;
        return failure();
      }
      axisList.push_back(*normalized);
    }
  } else {
    for (size_t i = 0; i < count; ++i)
      axisList.push_back(i);
  }
  if (steps && steps->size() != count) {
    node.invalid() << "steps must have " << count << " values";
    return failure();
  }
  SliceParams params;
  params.offsets.assign(rank, 0);
  params.ends.assign(shape.begin(), shape.end());
  params.strides.assign(rank, 1);
  for (size_t i = 0; i < count; ++i) {
    int64_t axis = axisList[i], dim = shape[axis];
    int64_t step = steps ? (*steps)[i] : 1;
    if (step == 0) {
      node.invalid() << "step 0 on axis " << axis;
      return failure();
    }
    if (step < 0 && !allowReversal) {
      node.unsupported() << "negative step " << step << " on axis " << axis
                         << " (reversal) is only supported on constants";
      return failure();
    }
    int64_t start = (*starts)[i], end = (*ends)[i];
    // Very large or small bounds (INT64_MAX/MIN for "to the end") clamp
    // before the dim is added, which could overflow.
    start = std::clamp<int64_t>(start, -dim - 1, dim);
    end = std::clamp<int64_t>(end, -dim - 1, dim);
    if (start < 0)
      start += dim;
    if (end < 0)
      end += dim;
    // Counting down, the range is (end, start], with end -1 for "past 0".
    if (step > 0) {
      start = std::clamp<int64_t>(start, 0, dim);
      end = std::clamp<int64_t>(end, 0, dim);
    } else {
      start = std::clamp<int64_t>(start, 0, dim - 1);
      end = std::clamp<int64_t>(end, -1, dim - 1);
    }
    if (step > 0 ? start >= end : start <= end) {
      node.unsupported() << "the slice of axis " << axis << " is empty; dlc "
                         << "does not support empty tensors";
      return failure();
    }
    params.offsets[axis] = start;
    params.ends[axis] = end;
    params.strides[axis] = step;
  }
  return params;
}

static Shape sliceShape(const SliceParams &params) {
  Shape shape;
  for (size_t i = 0; i < params.offsets.size(); ++i) {
    int64_t step = params.strides[i];
    int64_t distance = step > 0 ? params.ends[i] - params.offsets[i]
                                : params.offsets[i] - params.ends[i];
    int64_t magnitude = step > 0 ? step : -step;
    shape.push_back((distance + magnitude - 1) / magnitude);
  }
  return shape;
}

/// dlc.slice of `input`, or `input` itself when the slice is all of it.
static Value buildSlice(OnnxNode &node, Value input, ArrayRef<int64_t> offsets,
                        ArrayRef<int64_t> strides, ArrayRef<int64_t> shape) {
  if (shapeOf(input) == shape)
    return input;
  return SliceOp::create(node.builder(), node.loc(),
                         node.importer().f32Tensor(shape), input, offsets,
                         strides);
}

/// The elements of `data` at the given slice.
static ConstData sliceConstant(const ConstData &data,
                               const SliceParams &params) {
  Shape dims = sliceShape(params);
  SmallVector<int64_t> inStrides = stridesOf(data.dims);
  SmallVector<int64_t> outStrides = stridesOf(dims);
  SmallVector<int64_t> sources;
  int64_t count = product(dims);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t offset = 0, rest = flat;
    for (size_t d = 0; d < dims.size(); ++d) {
      int64_t index = rest / outStrides[d];
      rest %= outStrides[d];
      offset += (params.offsets[d] + index * params.strides[d]) * inStrides[d];
    }
    sources.push_back(offset);
  }
  return data.select(dims, sources);
}

LogicalResult mlir::dlc::onnx_import::importSlice(OnnxNode &node) {
  if (isFoldableConstant(node, 0)) {
    FailureOr<ConstData> data = readConstData(node, 0);
    if (failed(data))
      return failure();
    FailureOr<SliceParams> params =
        resolveSlice(node, data->dims, /*allowReversal=*/true);
    if (failed(params))
      return failure();
    return defineConstData(node, sliceConstant(*data, *params));
  }
  FailureOr<Value> input = node.input(0);
  if (failed(input))
    return failure();
  FailureOr<SliceParams> params =
      resolveSlice(node, shapeOf(*input), /*allowReversal=*/false);
  if (failed(params))
    return failure();
  return node.setOutput(0, buildSlice(node, *input, params->offsets,
                                      params->strides, sliceShape(*params)));
}

//===----------------------------------------------------------------------===//
// Split
//===----------------------------------------------------------------------===//

LogicalResult mlir::dlc::onnx_import::importSplit(OnnxNode &node) {
  unsigned numOutputs = node.proto().output_size();
  if (failed(node.checkArity(1, 2, /*maxOutputs=*/UINT_MAX)))
    return failure();
  FailureOr<Value> input = node.input(0);
  if (failed(input))
    return failure();
  int64_t axisAttr = node.getInt("axis", 0);
  std::optional<SmallVector<int64_t>> split;
  if (node.opset() < 13) {
    split = node.getInts("split");
    if (node.hasInput(1)) {
      FailureOr<std::optional<SmallVector<int64_t>>> in =
          node.constantInts(1, "split");
      if (failed(in))
        return failure();
      split = *in;
    }
  } else {
    FailureOr<std::optional<SmallVector<int64_t>>> in =
        node.constantInts(1, "split");
    if (failed(in))
      return failure();
    split = *in;
  }
  if (node.hadError())
    return failure();
  ArrayRef<int64_t> shape = shapeOf(*input);
  FailureOr<int64_t> axis = normalizeAxis(node, axisAttr, shape.size(), "axis");
  if (failed(axis))
    return failure();
  int64_t dim = shape[*axis];
  SmallVector<int64_t> sizes;
  if (split) {
    sizes = *split;
  } else {
    if (dim % numOutputs != 0) {
      node.invalid() << "dim " << *axis << " of size " << dim
                     << " does not split evenly into " << numOutputs
                     << " outputs";
      return failure();
    }
    sizes.assign(numOutputs, dim / numOutputs);
  }
  if (sizes.size() != numOutputs ||
      llvm::any_of(sizes, [](int64_t s) { return s < 0; })) {
    node.invalid() << "split has " << sizes.size() << " sizes for "
                   << numOutputs << " outputs";
    return failure();
  }
  int64_t total = 0;
  for (int64_t size : sizes)
    total += size;
  if (total != dim) {
    node.invalid() << "split sizes add up to " << total << ", but dim "
                   << *axis << " has size " << dim;
    return failure();
  }
  int64_t offset = 0;
  for (unsigned i = 0; i < numOutputs; ++i) {
    if (sizes[i] == 0) {
      if (node.isOutputUsed(i)) {
        node.unsupported() << "output #" << i << " is empty; dlc does not "
                           << "support empty tensors";
        return failure();
      }
      continue;
    }
    SmallVector<int64_t> offsets(shape.size(), 0), strides(shape.size(), 1);
    SmallVector<int64_t> outShape(shape.begin(), shape.end());
    offsets[*axis] = offset;
    outShape[*axis] = sizes[i];
    if (failed(node.setOutput(
            i, buildSlice(node, *input, offsets, strides, outShape))))
      return failure();
    offset += sizes[i];
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Gather
//===----------------------------------------------------------------------===//

LogicalResult mlir::dlc::onnx_import::importGather(OnnxNode &node) {
  if (failed(node.checkArity(2, 2)))
    return failure();
  int64_t axisAttr = node.getInt("axis", 0);
  if (node.hadError())
    return failure();
  if (!isIntConstant(node, 1)) {
    node.unsupported() << "indices input '" << node.inputName(1)
                       << "' must be an integer constant";
    return failure();
  }
  FailureOr<IntTensor> indices = readIntTensor(node, 1);
  if (failed(indices))
    return failure();
  bool dataIsInt = isIntConstant(node, 0);
  IntTensor intData;
  Value input;
  if (dataIsInt) {
    FailureOr<IntTensor> data = readIntTensor(node, 0);
    if (failed(data))
      return failure();
    intData = std::move(*data);
  } else {
    FailureOr<Value> value = node.input(0);
    if (failed(value))
      return failure();
    input = *value;
  }
  SmallVector<int64_t> shape =
      dataIsInt ? intData.dims : SmallVector<int64_t>(shapeOf(input));
  if (shape.empty()) {
    node.invalid() << "data must have rank 1 or more";
    return failure();
  }
  FailureOr<int64_t> axis = normalizeAxis(node, axisAttr, shape.size(), "axis");
  if (failed(axis))
    return failure();
  int64_t dim = shape[*axis];
  SmallVector<int64_t> positions;
  for (int64_t index : indices->values) {
    if (index < -dim || index >= dim) {
      node.invalid() << "index " << index << " is out of range for dim "
                     << *axis << " of size " << dim;
      return failure();
    }
    positions.push_back(index < 0 ? index + dim : index);
  }
  SmallVector<int64_t> outShape(shape.begin(), shape.begin() + *axis);
  outShape.append(indices->dims.begin(), indices->dims.end());
  outShape.append(shape.begin() + *axis + 1, shape.end());

  int64_t outer = product(ArrayRef<int64_t>(shape).take_front(*axis));
  int64_t inner = product(ArrayRef<int64_t>(shape).drop_front(*axis + 1));
  if (dataIsInt) {
    IntTensor result;
    result.dims = outShape;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t position : positions)
        for (int64_t i = 0; i < inner; ++i)
          result.values.push_back(
              intData.values[(o * dim + position) * inner + i]);
    return defineInts(node, result);
  }
  if (positions.empty()) {
    node.unsupported() << "empty indices; dlc does not support empty tensors";
    return failure();
  }
  // Float data: one strided slice when the positions are an increasing
  // arithmetic sequence, otherwise a concat of one-element slices.
  int64_t rank = shape.size();
  SmallVector<int64_t> offsets(rank, 0), strides(rank, 1);
  SmallVector<int64_t> pieceShape(shape.begin(), shape.end());
  int64_t step = positions.size() > 1 ? positions[1] - positions[0] : 1;
  bool progression = step > 0;
  for (size_t i = 1; progression && i < positions.size(); ++i)
    progression = positions[i] - positions[i - 1] == step;
  Value gathered;
  if (progression) {
    offsets[*axis] = positions.front();
    strides[*axis] = step;
    pieceShape[*axis] = positions.size();
    gathered = buildSlice(node, input, offsets, strides, pieceShape);
  } else {
    SmallVector<Value> pieces;
    pieceShape[*axis] = 1;
    for (int64_t position : positions) {
      offsets[*axis] = position;
      pieces.push_back(buildSlice(node, input, offsets, strides, pieceShape));
    }
    SmallVector<int64_t> concatShape(shape.begin(), shape.end());
    concatShape[*axis] = positions.size();
    gathered = ConcatOp::create(node.builder(), node.loc(),
                                node.importer().f32Tensor(concatShape), pieces,
                                static_cast<uint64_t>(*axis));
  }
  return node.setOutput(0,
                        node.importer().reshape(node.loc(), gathered, outShape));
}

//===----------------------------------------------------------------------===//
// Shape, ConstantOfShape, Cast
//===----------------------------------------------------------------------===//

LogicalResult mlir::dlc::onnx_import::importShape(OnnxNode &node) {
  if (failed(node.checkArity(1, 1)))
    return failure();
  int64_t startAttr = node.getInt("start", 0);
  std::optional<int64_t> endAttr;
  if (node.hasAttr("end"))
    endAttr = node.getInt("end", 0);
  if (node.hadError())
    return failure();
  SmallVector<int64_t> shape;
  if (ConstTensor *constant =
          node.importer().lookupConstant(node.inputName(0))) {
    for (int64_t dim : constant->tensor->dims())
      shape.push_back(dim);
  } else {
    FailureOr<Value> input = node.input(0);
    if (failed(input))
      return failure();
    shape.assign(shapeOf(*input).begin(), shapeOf(*input).end());
  }
  int64_t rank = shape.size();
  auto clampAxis = [&](int64_t axis) {
    if (axis < 0)
      axis += rank;
    return std::clamp<int64_t>(axis, 0, rank);
  };
  int64_t start = clampAxis(startAttr), end = clampAxis(endAttr.value_or(rank));
  SmallVector<int64_t> values;
  for (int64_t i = start; i < end; ++i)
    values.push_back(shape[i]);
  IntTensor result{{static_cast<int64_t>(values.size())}, values};
  return defineInts(node, result);
}

void mlir::dlc::onnx_import::checkConstantOfShape(OnnxNode &node) {
  const onnx::AttributeProto *value = node.attr("value");
  if (!value)
    return;
  int32_t type = value->t().data_type();
  if (type != onnx::TensorProto::FLOAT && !isIntegerDataType(type))
    node.unsupported() << "value of type " << dataTypeName(type)
                       << " is not supported; dlc supports float32 and "
                          "integers";
}

LogicalResult mlir::dlc::onnx_import::importConstantOfShape(OnnxNode &node) {
  if (failed(node.checkArity(1, 1)))
    return failure();
  FailureOr<std::optional<SmallVector<int64_t>>> shape =
      node.constantInts(0, "shape");
  if (failed(shape))
    return failure();
  SmallVector<int64_t> dims = **shape;
  if (llvm::any_of(dims, [](int64_t d) { return d < 0; })) {
    node.invalid() << "shape " << formatShape(dims) << " has a negative dim";
    return failure();
  }
  int64_t count = product(dims);
  const onnx::AttributeProto *value = node.attr("value");
  if (!value || value->t().data_type() == onnx::TensorProto::FLOAT) {
    float fill = 0.0f;
    if (value) {
      FailureOr<SmallVector<float>> values = decodeFloatTensor(
          value->t(), [&] { return node.invalid() << "attribute 'value': "; });
      if (failed(values) || values->size() != 1) {
        if (succeeded(values))
          node.invalid() << "attribute 'value' must hold one element";
        return failure();
      }
      fill = values->front();
    }
    if (count == 0) {
      node.unsupported() << "the result is empty; dlc does not support "
                            "empty tensors";
      return failure();
    }
    SmallVector<float> floats(count, fill);
    return defineConstantOutput(node, 0, dims, {}, floats, /*isFloat=*/true);
  }
  FailureOr<SmallVector<int64_t>> values = decodeIntTensor(
      value->t(), [&] { return node.invalid() << "attribute 'value': "; });
  if (failed(values) || values->size() != 1) {
    if (succeeded(values))
      node.invalid() << "attribute 'value' must hold one element";
    return failure();
  }
  return defineInts(node,
                    IntTensor{dims, SmallVector<int64_t>(count, values->front())});
}

LogicalResult mlir::dlc::onnx_import::importCast(OnnxNode &node) {
  if (failed(node.checkArity(1, 1)))
    return failure();
  int64_t to = node.getInt("to", 0);
  if (node.hadError())
    return failure();
  if (isIntConstant(node, 0)) {
    FailureOr<IntTensor> data = readIntTensor(node, 0);
    if (failed(data))
      return failure();
    if (to == onnx::TensorProto::FLOAT) {
      SmallVector<float> floats;
      for (int64_t value : data->values)
        floats.push_back(static_cast<float>(value));
      return defineConstantOutput(node, 0, data->dims, {}, floats, true);
    }
    if (to == onnx::TensorProto::BOOL) {
      for (int64_t &value : data->values)
        value = value != 0;
      return defineInts(node, *data);
    }
    if (isIntegerDataType(to))
      return defineInts(node, *data);
  }
  if (to != onnx::TensorProto::FLOAT) {
    node.unsupported() << "cast of '" << node.inputName(0) << "' to "
                       << dataTypeName(to)
                       << " is not supported; dlc computes on float32 "
                          "tensors (and folds integer constants)";
    return failure();
  }
  // float32 to float32.
  return node.forwardInput(0, 0);
}

//===----------------------------------------------------------------------===//
// Folding element-wise and shape ops on integer constants
//===----------------------------------------------------------------------===//

/// Add/Sub/Mul/Div of two integer constants, with NumPy broadcasting.
static FailureOr<bool> foldBinary(OnnxNode &node) {
  if (node.numInputs() != 2 || !isIntConstant(node, 0) ||
      !isIntConstant(node, 1))
    return false;
  FailureOr<IntTensor> lhs = readIntTensor(node, 0);
  if (failed(lhs))
    return failure();
  FailureOr<IntTensor> rhs = readIntTensor(node, 1);
  if (failed(rhs))
    return failure();
  FailureOr<Shape> shape = inferBroadcastShape(lhs->dims, rhs->dims,
                                               [&] { return node.invalid(); });
  if (failed(shape))
    return failure();
  StringRef op = node.opType();
  IntTensor result;
  result.dims.assign(shape->begin(), shape->end());
  int64_t rank = shape->size();
  SmallVector<int64_t> outStrides = stridesOf(*shape);
  auto broadcastIndex = [&](const IntTensor &t, int64_t flat) {
    SmallVector<int64_t> strides = stridesOf(t.dims);
    int64_t offset = 0, lead = rank - t.dims.size();
    for (int64_t d = 0; d < rank; ++d) {
      int64_t index = (flat / outStrides[d]) % (*shape)[d];
      if (d >= lead && t.dims[d - lead] != 1)
        offset += index * strides[d - lead];
    }
    return offset;
  };
  int64_t count = product(*shape);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t a = lhs->values[broadcastIndex(*lhs, flat)];
    int64_t b = rhs->values[broadcastIndex(*rhs, flat)];
    int64_t value;
    if (op == "Add")
      value = a + b;
    else if (op == "Sub")
      value = a - b;
    else if (op == "Mul")
      value = a * b;
    else if (op == "Div") {
      if (b == 0) {
        node.invalid() << "integer division by zero";
        return failure();
      }
      value = a / b;
    } else if (op == "Max")
      value = std::max(a, b);
    else if (op == "Min")
      value = std::min(a, b);
    else
      return false;
    result.values.push_back(value);
  }
  if (failed(defineInts(node, result)))
    return failure();
  return true;
}

/// Transpose of a constant.
static FailureOr<ConstData> transposeConstant(OnnxNode &node,
                                              const ConstData &data) {
  auto resolved = resolveTranspose(node, data.dims);
  if (failed(resolved))
    return failure();
  auto &[perm, dims] = *resolved;
  SmallVector<int64_t> inStrides = stridesOf(data.dims);
  SmallVector<int64_t> outStrides = stridesOf(dims);
  SmallVector<int64_t> sources;
  int64_t count = product(dims);
  for (int64_t flat = 0; flat < count; ++flat) {
    int64_t offset = 0;
    for (size_t d = 0; d < dims.size(); ++d)
      offset += (flat / outStrides[d]) % dims[d] * inStrides[perm[d]];
    sources.push_back(offset);
  }
  return data.select(dims, sources);
}

/// Concat of constants of one element type; nullopt when some input is not
/// a foldable constant.
static FailureOr<std::optional<ConstData>> concatConstants(OnnxNode &node) {
  if (node.numInputs() == 0)
    return std::optional<ConstData>();
  SmallVector<ConstData> inputs;
  for (unsigned i = 0; i < node.numInputs(); ++i) {
    if (!isFoldableConstant(node, i))
      return std::optional<ConstData>();
    FailureOr<ConstData> input = readConstData(node, i);
    if (failed(input))
      return failure();
    inputs.push_back(std::move(*input));
  }
  if (llvm::any_of(inputs, [&](const ConstData &input) {
        return input.isFloat != inputs.front().isFloat;
      })) {
    node.invalid() << "inputs have different element types";
    return failure();
  }
  SmallVector<ArrayRef<int64_t>> shapes;
  for (const ConstData &input : inputs)
    shapes.push_back(input.dims);
  auto resolved = resolveConcat(node, shapes);
  if (failed(resolved))
    return failure();
  auto &[axis, shape] = *resolved;
  ConstData result;
  result.dims.assign(shape.begin(), shape.end());
  result.isFloat = inputs.front().isFloat;
  int64_t outer = product(ArrayRef<int64_t>(shape).take_front(axis));
  for (int64_t o = 0; o < outer; ++o)
    for (const ConstData &input : inputs) {
      int64_t chunk = product(ArrayRef<int64_t>(input.dims).drop_front(axis));
      for (int64_t i = o * chunk; i < (o + 1) * chunk; ++i) {
        if (result.isFloat)
          result.floats.push_back(input.floats[i]);
        else
          result.ints.push_back(input.ints[i]);
      }
    }
  return std::optional<ConstData>(std::move(result));
}

FailureOr<bool> mlir::dlc::onnx_import::foldConstantNode(OnnxNode &node) {
  StringRef op = node.opType();
  if (op == "Add" || op == "Sub" || op == "Mul" || op == "Div")
    return foldBinary(node);
  std::optional<ConstData> result;
  if (op == "Concat") {
    FailureOr<std::optional<ConstData>> concat = concatConstants(node);
    if (failed(concat))
      return failure();
    result = std::move(*concat);
  } else if (op == "Reshape" || op == "Flatten" || op == "Transpose" ||
             op == "Squeeze" || op == "Unsqueeze") {
    if (!isFoldableConstant(node, 0))
      return false;
    FailureOr<ConstData> data = readConstData(node, 0);
    if (failed(data))
      return failure();
    if (op == "Transpose") {
      FailureOr<ConstData> transposed = transposeConstant(node, *data);
      if (failed(transposed))
        return failure();
      result = std::move(*transposed);
    } else {
      FailureOr<SmallVector<int64_t>> dims =
          op == "Reshape"   ? resolveReshapeShape(node, data->dims)
          : op == "Flatten" ? resolveFlattenShape(node, data->dims)
          : op == "Squeeze" ? resolveSqueezeShape(node, data->dims)
                            : resolveUnsqueezeShape(node, data->dims);
      if (failed(dims))
        return failure();
      result = data->reshaped(*dims);
    }
  }
  if (!result)
    return false;
  if (failed(defineConstData(node, *result)))
    return failure();
  return true;
}

//===----------------------------------------------------------------------===//
// Resize / Upsample
//===----------------------------------------------------------------------===//

/// Whether nearest-neighbour resizing by the integer `factor` with these
/// modes reads input index floor(x / factor) for every output index x.
static bool isPlainRepeat(CoordinateTransform transform, NearestMode rounding,
                          int64_t factor) {
  bool roundPrefer = rounding == NearestMode::RoundPreferFloor ||
                     rounding == NearestMode::RoundPreferCeil;
  switch (transform) {
  case CoordinateTransform::HalfPixel:
  case CoordinateTransform::PytorchHalfPixel:
    return roundPrefer;
  case CoordinateTransform::Asymmetric:
    return rounding == NearestMode::Floor ||
           (rounding == NearestMode::RoundPreferFloor && factor <= 2);
  case CoordinateTransform::TfHalfPixelForNN:
    return rounding == NearestMode::Floor;
  case CoordinateTransform::AlignCorners:
    return false;
  }
  return false;
}

/// Nearest-neighbour upsampling by integer factors that reads index
/// floor(x / factor): each element repeated factor times along its dim, as a
/// broadcasting dlc.mul by ones between two dlc.reshapes.
static Value repeatElements(OnnxNode &node, Value input,
                            ArrayRef<int64_t> factors) {
  ArrayRef<int64_t> shape = shapeOf(input);
  SmallVector<int64_t> spread, onesShape, outShape;
  for (size_t i = 0; i < shape.size(); ++i) {
    spread.push_back(shape[i]);
    onesShape.push_back(1);
    if (factors[i] > 1) {
      spread.push_back(1);
      onesShape.push_back(factors[i]);
    }
    outShape.push_back(shape[i] * factors[i]);
  }
  SmallVector<int64_t> repeated;
  for (size_t i = 0; i < spread.size(); ++i)
    repeated.push_back(std::max(spread[i], onesShape[i]));
  GraphImporter &g = node.importer();
  Value x = g.reshape(node.loc(), input, spread);
  RankedTensorType onesType = g.f32Tensor(onesShape);
  Value ones = arith::ConstantOp::create(
      node.builder(), node.loc(),
      DenseElementsAttr::get(onesType, node.builder().getF32FloatAttr(1.0f)));
  Value tiled = MulOp::create(node.builder(), node.loc(),
                              g.f32Tensor(repeated), x, ones);
  return g.reshape(node.loc(), tiled, outShape);
}

/// Resize (opsets 10 to 17) and Upsample (7 to 9) as dlc.resize, or as
/// repeated elements when that is what nearest mode by integer factors
/// computes. Upsample and Resize-10 resize as onnxruntime does: asymmetric
/// coordinates, rounded down in nearest mode.
LogicalResult mlir::dlc::onnx_import::importResize(OnnxNode &node) {
  bool legacy = node.opType() == "Upsample" || node.opset() < 11;
  if (failed(node.checkArity(1, 4)))
    return failure();
  FailureOr<Value> input = node.input(0);
  if (failed(input))
    return failure();
  std::string modeName = node.getString("mode", "nearest");
  std::string coordName =
      node.getString("coordinate_transformation_mode", "half_pixel");
  std::string nearestName = node.getString("nearest_mode", "round_prefer_floor");
  float cubicA = node.getFloat("cubic_coeff_a", -0.75f);
  bool excludeOutside = node.getInt("exclude_outside", 0) != 0;
  if (node.hadError())
    return failure();
  std::optional<ResizeMode> mode = symbolizeResizeMode(modeName);
  if (!mode || (legacy && *mode == ResizeMode::Cubic)) {
    node.invalid() << "mode '" << modeName << "' is not "
                   << (legacy ? "nearest or linear" : "nearest, linear or cubic");
    return failure();
  }
  CoordinateTransform transform = CoordinateTransform::Asymmetric;
  NearestMode rounding = NearestMode::Floor;
  if (!legacy) {
    if (coordName == "tf_crop_and_resize") {
      node.unsupported() << "coordinate_transformation_mode "
                            "'tf_crop_and_resize' is not supported";
      return failure();
    }
    std::optional<CoordinateTransform> t =
        symbolizeCoordinateTransform(coordName);
    std::optional<NearestMode> r = symbolizeNearestMode(nearestName);
    if (!t) {
      node.invalid() << "coordinate_transformation_mode '" << coordName
                     << "' is not one ONNX defines";
      return failure();
    }
    if (!r) {
      node.invalid() << "nearest_mode '" << nearestName
                     << "' is not round_prefer_floor, round_prefer_ceil, "
                        "floor or ceil";
      return failure();
    }
    transform = *t;
    rounding = *r;
  }

  ArrayRef<int64_t> shape = shapeOf(*input);
  int64_t rank = shape.size();
  SmallVector<float> scaleValues;
  std::optional<SmallVector<int64_t>> sizes;
  if (node.opType() == "Upsample" && node.opset() < 9) {
    if (const onnx::AttributeProto *attr = node.attr("scales"))
      scaleValues.assign(attr->floats().begin(), attr->floats().end());
  } else {
    // Upsample-9 and Resize-10: (X, scales); Resize-11 and later: (X, roi,
    // scales, sizes), scales empty (or absent) when sizes are given.
    unsigned scalesIndex = legacy ? 1 : 2;
    if (node.hasInput(scalesIndex)) {
      ConstTensor *constant =
          node.importer().lookupConstant(node.inputName(scalesIndex));
      if (!constant) {
        if (!node.importer().isDefined(node.inputName(scalesIndex))) {
          node.invalid() << "input '" << node.inputName(scalesIndex)
                         << "' is not a graph input, an initializer or an "
                            "output of an earlier node";
          return failure();
        }
        node.unsupported() << "scales input '" << node.inputName(scalesIndex)
                           << "' must be a constant (an initializer or a "
                              "Constant node)";
        return failure();
      }
      FailureOr<SmallVector<float>> values = decodeFloatTensor(
          *constant->tensor, [&] { return node.invalid() << "scales: "; });
      if (failed(values))
        return failure();
      scaleValues = std::move(*values);
    }
    if (scaleValues.empty() && !legacy && node.hasInput(3)) {
      FailureOr<std::optional<SmallVector<int64_t>>> sizesInput =
          node.constantInts(3, "sizes");
      if (failed(sizesInput))
        return failure();
      sizes = std::move(*sizesInput);
      if (static_cast<int64_t>(sizes->size()) != rank) {
        node.invalid() << "sizes must have " << rank
                       << " values (one per dim of the input "
                       << formatShape(shape) << "), got " << sizes->size();
        return failure();
      }
    }
  }
  if (!sizes && static_cast<int64_t>(scaleValues.size()) != rank) {
    node.invalid() << "needs " << rank << " scales (or sizes), got "
                   << scaleValues.size();
    return failure();
  }

  // Per dim: the output size and the scale the coordinates use (ONNX's
  // reference computes both in double precision).
  SmallVector<double> scales;
  SmallVector<int64_t> outShape;
  for (int64_t i = 0; i < rank; ++i) {
    if (sizes) {
      outShape.push_back((*sizes)[i]);
      scales.push_back(static_cast<double>((*sizes)[i]) / shape[i]);
    } else {
      double scale = scaleValues[i];
      if (!(scale > 0) || !std::isfinite(scale)) {
        node.invalid() << "scale " << scaleValues[i] << " of dim " << i
                       << " must be positive";
        return failure();
      }
      scales.push_back(scale);
      outShape.push_back(
          static_cast<int64_t>(std::floor(static_cast<double>(shape[i]) * scale)));
    }
    if (outShape.back() < 1) {
      node.unsupported() << "the output " << formatShape(outShape)
                         << "... would be empty; dlc does not support empty "
                            "tensors";
      return failure();
    }
  }
  if (ArrayRef<int64_t>(outShape) == shape &&
      llvm::all_of(scales, [](double s) { return s == 1.0; }))
    return node.setOutput(0, *input);

  // Nearest by integer factors that repeats each element.
  SmallVector<int64_t> factors;
  for (int64_t i = 0; i < rank; ++i) {
    double factor = std::round(scales[i]);
    if (factor >= 1 && factor == scales[i] &&
        outShape[i] == shape[i] * static_cast<int64_t>(factor))
      factors.push_back(static_cast<int64_t>(factor));
  }
  if (*mode == ResizeMode::Nearest &&
      static_cast<int64_t>(factors.size()) == rank &&
      isPlainRepeat(transform, rounding, *llvm::max_element(factors)))
    return node.setOutput(0, repeatElements(node, *input, factors));

  auto resize = ResizeOp::create(
      node.builder(), node.loc(), node.importer().f32Tensor(outShape), *input,
      scales, *mode, transform, rounding, llvm::APFloat(cubicA),
      excludeOutside);
  return node.setOutput(0, resize);
}
