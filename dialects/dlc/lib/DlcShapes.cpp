//===- DlcShapes.cpp - Static shape rules of dlc ops ----------------------===//

#include "dlc/Dialect/DlcShapes.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::dlc;

std::string mlir::dlc::formatShape(ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  return llvm::join(llvm::map_range(shape,
                                    [](int64_t d) { return std::to_string(d); }),
                    "x");
}

FailureOr<int64_t> mlir::dlc::slidingWindowOutputSize(
    int64_t inputSize, int64_t kernel, int64_t stride, int64_t padBegin,
    int64_t padEnd, int64_t dilation, bool ceilMode, StringRef dimName,
    EmitErrorFn emitError) {
  if (kernel < 1 || stride < 1 || dilation < 1 || padBegin < 0 || padEnd < 0) {
    emitError() << dimName << ": kernel, stride and dilation must be >= 1 and"
                << " pads >= 0 (got kernel " << kernel << ", stride " << stride
                << ", dilation " << dilation << ", pads " << padBegin << "/"
                << padEnd << ")";
    return failure();
  }
  int64_t effectiveKernel = dilation * (kernel - 1) + 1;
  int64_t span = inputSize + padBegin + padEnd - effectiveKernel;
  if (span < 0) {
    emitError() << dimName << ": window of " << effectiveKernel
                << " (kernel " << kernel << ", dilation " << dilation
                << ") is larger than the padded input of "
                << inputSize + padBegin + padEnd;
    return failure();
  }
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  // A ceil-mode window must start inside the input or the begin padding
  // (ONNX and PyTorch drop a last window that starts in the end padding).
  if (ceilMode && (out - 1) * stride >= inputSize + padBegin)
    --out;
  return out;
}

static bool checkSize(ArrayRef<int64_t> values, size_t expected,
                      StringRef name, EmitErrorFn emitError) {
  if (values.size() == expected)
    return true;
  emitError() << "'" << name << "' must have " << expected
              << " values, got " << values.size();
  return false;
}

FailureOr<Shape> mlir::dlc::inferConv2dShape(
    ArrayRef<int64_t> input, ArrayRef<int64_t> filter, ArrayRef<int64_t> strides,
    ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations, int64_t group,
    EmitErrorFn emitError) {
  if (input.size() != 4 || filter.size() != 4) {
    emitError() << "conv2d expects a 4-D NCHW input and a 4-D filter, got "
                << formatShape(input) << " and " << formatShape(filter);
    return failure();
  }
  if (!checkSize(strides, 2, "strides", emitError) ||
      !checkSize(pads, 4, "pads", emitError) ||
      !checkSize(dilations, 2, "dilations", emitError))
    return failure();
  if (group < 1 || input[1] % group != 0 || filter[0] % group != 0) {
    emitError() << "group=" << group << " must divide both the " << input[1]
                << " input channels and the " << filter[0]
                << " output channels";
    return failure();
  }
  if (filter[1] * group != input[1]) {
    emitError() << "filter " << formatShape(filter) << " expects "
                << filter[1] * group << " input channels (" << filter[1]
                << " per group x group " << group << "), but the input "
                << formatShape(input) << " has " << input[1];
    return failure();
  }
  Shape result = {input[0], filter[0], 0, 0};
  const char *names[] = {"height", "width"};
  for (int i = 0; i < 2; ++i) {
    FailureOr<int64_t> size = slidingWindowOutputSize(
        input[2 + i], filter[2 + i], strides[i], pads[i], pads[i + 2],
        dilations[i], /*ceilMode=*/false, names[i], emitError);
    if (failed(size))
      return failure();
    result[2 + i] = *size;
  }
  return result;
}

FailureOr<Shape> mlir::dlc::inferPool2dShape(
    ArrayRef<int64_t> input, ArrayRef<int64_t> kernel, ArrayRef<int64_t> strides,
    ArrayRef<int64_t> pads, ArrayRef<int64_t> dilations, bool ceilMode,
    EmitErrorFn emitError) {
  if (input.size() != 4) {
    emitError() << "2-D pooling expects a 4-D NCHW input, got "
                << formatShape(input);
    return failure();
  }
  if (!checkSize(kernel, 2, "kernel_shape", emitError) ||
      !checkSize(strides, 2, "strides", emitError) ||
      !checkSize(pads, 4, "pads", emitError) ||
      !checkSize(dilations, 2, "dilations", emitError))
    return failure();
  for (int i = 0; i < 2; ++i) {
    if (pads[i] >= kernel[i] || pads[i + 2] >= kernel[i]) {
      emitError() << "pads " << pads[i] << "/" << pads[i + 2]
                  << " must be smaller than the kernel size " << kernel[i];
      return failure();
    }
  }
  Shape result = {input[0], input[1], 0, 0};
  const char *names[] = {"height", "width"};
  for (int i = 0; i < 2; ++i) {
    FailureOr<int64_t> size = slidingWindowOutputSize(
        input[2 + i], kernel[i], strides[i], pads[i], pads[i + 2], dilations[i],
        ceilMode, names[i], emitError);
    if (failed(size))
      return failure();
    result[2 + i] = *size;
  }
  return result;
}

FailureOr<Shape> mlir::dlc::inferBroadcastShape(ArrayRef<int64_t> lhs,
                                                ArrayRef<int64_t> rhs,
                                                EmitErrorFn emitError) {
  size_t rank = std::max(lhs.size(), rhs.size());
  Shape result(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (l != r && l != 1 && r != 1) {
      emitError() << "shapes " << formatShape(lhs) << " and "
                  << formatShape(rhs) << " do not broadcast (dim " << i
                  << ": " << l << " vs " << r << ")";
      return failure();
    }
    result[i] = l == 1 ? r : l;
  }
  return result;
}

FailureOr<Shape> mlir::dlc::inferGemmShape(ArrayRef<int64_t> a,
                                           ArrayRef<int64_t> b,
                                           std::optional<ArrayRef<int64_t>> c,
                                           bool transA, bool transB,
                                           EmitErrorFn emitError) {
  if (a.size() != 2 || b.size() != 2) {
    emitError() << "gemm expects 2-D A and B, got " << formatShape(a)
                << " and " << formatShape(b);
    return failure();
  }
  int64_t m = transA ? a[1] : a[0], ka = transA ? a[0] : a[1];
  int64_t kb = transB ? b[1] : b[0], n = transB ? b[0] : b[1];
  if (ka != kb) {
    emitError() << "gemm inner dimensions differ: op(A) is " << m << "x" << ka
                << ", op(B) is " << kb << "x" << n;
    return failure();
  }
  Shape result = {m, n};
  if (c) {
    FailureOr<Shape> bc = inferBroadcastShape(result, *c, emitError);
    if (failed(bc))
      return failure();
    if (ArrayRef<int64_t>(*bc) != ArrayRef<int64_t>(result)) {
      emitError() << "gemm C " << formatShape(*c)
                  << " does not broadcast to the result " << formatShape(result);
      return failure();
    }
  }
  return result;
}

FailureOr<Shape> mlir::dlc::inferMatMulShape(ArrayRef<int64_t> lhs,
                                             ArrayRef<int64_t> rhs,
                                             EmitErrorFn emitError) {
  if (lhs.empty() || rhs.empty()) {
    emitError() << "matmul operands must have rank >= 1";
    return failure();
  }
  // Promote 1-D operands as NumPy does, and drop the added dim at the end.
  Shape l(lhs.begin(), lhs.end()), r(rhs.begin(), rhs.end());
  bool lhsVector = l.size() == 1, rhsVector = r.size() == 1;
  if (lhsVector)
    l.insert(l.begin(), 1);
  if (rhsVector)
    r.push_back(1);
  if (l.back() != r[r.size() - 2]) {
    emitError() << "matmul inner dimensions differ: " << formatShape(lhs)
                << " and " << formatShape(rhs);
    return failure();
  }
  FailureOr<Shape> batch =
      inferBroadcastShape(ArrayRef<int64_t>(l).drop_back(2),
                          ArrayRef<int64_t>(r).drop_back(2), emitError);
  if (failed(batch))
    return failure();
  Shape result = *batch;
  if (!lhsVector)
    result.push_back(l[l.size() - 2]);
  if (!rhsVector)
    result.push_back(r.back());
  return result;
}

FailureOr<Shape> mlir::dlc::inferTransposeShape(ArrayRef<int64_t> input,
                                                ArrayRef<int64_t> perm,
                                                EmitErrorFn emitError) {
  if (perm.size() != input.size()) {
    emitError() << "perm has " << perm.size() << " entries for a rank-"
                << input.size() << " input";
    return failure();
  }
  llvm::SmallVector<bool> seen(input.size(), false);
  Shape result;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(input.size()) || seen[p]) {
      emitError() << "perm is not a permutation of 0.." << input.size() - 1;
      return failure();
    }
    seen[p] = true;
    result.push_back(input[p]);
  }
  return result;
}

FailureOr<Shape> mlir::dlc::inferConcatShape(ArrayRef<ArrayRef<int64_t>> inputs,
                                             int64_t axis,
                                             EmitErrorFn emitError) {
  if (inputs.empty()) {
    emitError() << "concat needs at least one input";
    return failure();
  }
  int64_t rank = inputs.front().size();
  if (axis < 0 || axis >= rank) {
    emitError() << "concat axis " << axis << " is out of range for rank "
                << rank;
    return failure();
  }
  Shape result(inputs.front().begin(), inputs.front().end());
  result[axis] = 0;
  for (ArrayRef<int64_t> in : inputs) {
    bool compatible = static_cast<int64_t>(in.size()) == rank;
    for (int64_t d = 0; compatible && d < rank; ++d)
      compatible = d == axis || in[d] == result[d];
    if (!compatible) {
      emitError() << "concat inputs " << formatShape(inputs.front()) << " and "
                  << formatShape(in) << " differ outside axis " << axis;
      return failure();
    }
    result[axis] += in[axis];
  }
  return result;
}

FailureOr<Shape> mlir::dlc::inferReduceShape(ArrayRef<int64_t> input,
                                             ArrayRef<int64_t> axes,
                                             EmitErrorFn emitError) {
  Shape result(input.begin(), input.end());
  int64_t previous = -1;
  for (int64_t axis : axes) {
    if (axis <= previous || axis >= static_cast<int64_t>(input.size())) {
      std::string list;
      for (int64_t a : axes)
        list += (list.empty() ? "" : ", ") + std::to_string(a);
      emitError() << "reduction axes [" << list << "] must be sorted, distinct and in [0, " << input.size()
                  << ")";
      return failure();
    }
    previous = axis;
    result[axis] = 1;
  }
  return result;
}

FailureOr<Shape> mlir::dlc::inferSliceShape(ArrayRef<int64_t> input,
                                            ArrayRef<int64_t> offsets,
                                            ArrayRef<int64_t> ends,
                                            ArrayRef<int64_t> strides,
                                            EmitErrorFn emitError) {
  size_t rank = input.size();
  if (offsets.size() != rank || ends.size() != rank || strides.size() != rank) {
    emitError() << "slice of a rank-" << rank << " tensor needs " << rank
                << " offsets, ends and strides";
    return failure();
  }
  Shape result;
  for (size_t i = 0; i < rank; ++i) {
    int64_t end = std::min(ends[i], input[i]);
    if (strides[i] < 1 || offsets[i] < 0 || offsets[i] >= end) {
      emitError() << "slice of dim " << i << " (size " << input[i]
                  << ") from " << offsets[i] << " to " << ends[i]
                  << " step " << strides[i]
                  << " is empty or has a non-positive step";
      return failure();
    }
    result.push_back((end - offsets[i] + strides[i] - 1) / strides[i]);
  }
  return result;
}
