//===- OnnxTensors.cpp - TensorProto decoding and weight attributes -------===//
//
// Weights become arith.constant ops on dense resource blobs that take over
// the bytes of raw_data (or the packed float_data field) from the parsed
// ModelProto: no copy and no per-element work, so a 100 MB weight set is in
// memory once and imports in about the time protobuf takes to read it.
// Integer tensors are only ever decoded for compile-time shape-like inputs.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/MathExtras.h"

#include <cstring>

using namespace mlir;
using namespace mlir::dlc;
using namespace mlir::dlc::onnx_import;

std::string mlir::dlc::onnx_import::dataTypeName(int32_t dataType) {
  switch (dataType) {
  case onnx::TensorProto::UNDEFINED:
    return "undefined";
  case onnx::TensorProto::FLOAT:
    return "float32";
  case onnx::TensorProto::UINT8:
    return "uint8";
  case onnx::TensorProto::INT8:
    return "int8";
  case onnx::TensorProto::UINT16:
    return "uint16";
  case onnx::TensorProto::INT16:
    return "int16";
  case onnx::TensorProto::INT32:
    return "int32";
  case onnx::TensorProto::INT64:
    return "int64";
  case onnx::TensorProto::STRING:
    return "string";
  case onnx::TensorProto::BOOL:
    return "bool";
  case onnx::TensorProto::FLOAT16:
    return "float16";
  case onnx::TensorProto::DOUBLE:
    return "float64";
  case onnx::TensorProto::UINT32:
    return "uint32";
  case onnx::TensorProto::UINT64:
    return "uint64";
  case onnx::TensorProto::COMPLEX64:
    return "complex64";
  case onnx::TensorProto::COMPLEX128:
    return "complex128";
  case onnx::TensorProto::BFLOAT16:
    return "bfloat16";
  default:
    return "data type " + std::to_string(dataType);
  }
}

bool mlir::dlc::onnx_import::isIntegerDataType(int32_t dataType) {
  switch (dataType) {
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::INT64:
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64:
  case onnx::TensorProto::BOOL:
    return true;
  default:
    return false;
  }
}

/// Size in bytes of one element in raw_data.
static size_t rawElementSize(int32_t dataType) {
  switch (dataType) {
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::BOOL:
    return 1;
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::INT16:
    return 2;
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::FLOAT:
    return 4;
  default:
    return 8;
  }
}

static std::string describe(const onnx::TensorProto &tensor) {
  return tensor.name().empty() ? std::string("constant tensor")
                               : "tensor '" + tensor.name() + "'";
}

FailureOr<SmallVector<int64_t>>
mlir::dlc::onnx_import::tensorShape(const onnx::TensorProto &tensor,
                                    EmitErrorFn emitInvalid) {
  SmallVector<int64_t> shape(tensor.dims().begin(), tensor.dims().end());
  int64_t count = 1;
  for (int64_t dim : shape) {
    if (dim < 0 || llvm::MulOverflow(count, dim, count)) {
      emitInvalid() << describe(tensor) << " has an invalid shape "
                    << formatShape(shape);
      return failure();
    }
  }
  return shape;
}

static int64_t numElements(ArrayRef<int64_t> shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    count *= dim;
  return count;
}

static LogicalResult checkNotExternal(const onnx::TensorProto &tensor,
                                      EmitErrorFn emitInvalid) {
  if (tensor.data_location() != onnx::TensorProto::EXTERNAL)
    return success();
  emitInvalid() << describe(tensor)
                << " keeps its data in an external file, which dlc does not "
                   "read";
  return failure();
}

static InFlightDiagnostic countMismatch(const onnx::TensorProto &tensor,
                                        EmitErrorFn emitInvalid,
                                        ArrayRef<int64_t> shape, size_t got,
                                        StringRef unit) {
  InFlightDiagnostic diag = emitInvalid();
  diag << describe(tensor) << " of shape " << formatShape(shape) << " ("
       << numElements(shape) << " " << dataTypeName(tensor.data_type())
       << " values) holds " << got << " " << unit;
  return diag;
}

LogicalResult
mlir::dlc::onnx_import::validateTensorData(const onnx::TensorProto &tensor,
                                           EmitErrorFn emitInvalid) {
  FailureOr<SmallVector<int64_t>> shape = tensorShape(tensor, emitInvalid);
  if (failed(shape))
    return failure();
  if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
    return success();
  int64_t count = numElements(*shape);
  // Bytes per element in raw_data, and the typed field holding the values
  // otherwise (with `perElement` entries per element).
  int64_t elementSize, fieldSize, perElement = 1;
  switch (tensor.data_type()) {
  case onnx::TensorProto::FLOAT:
    elementSize = 4;
    fieldSize = tensor.float_data_size();
    break;
  case onnx::TensorProto::COMPLEX64:
    elementSize = 8;
    fieldSize = tensor.float_data_size();
    perElement = 2;
    break;
  case onnx::TensorProto::DOUBLE:
    elementSize = 8;
    fieldSize = tensor.double_data_size();
    break;
  case onnx::TensorProto::COMPLEX128:
    elementSize = 16;
    fieldSize = tensor.double_data_size();
    perElement = 2;
    break;
  case onnx::TensorProto::INT64:
    elementSize = 8;
    fieldSize = tensor.int64_data_size();
    break;
  case onnx::TensorProto::UINT32:
  case onnx::TensorProto::UINT64:
    elementSize = tensor.data_type() == onnx::TensorProto::UINT32 ? 4 : 8;
    fieldSize = tensor.uint64_data_size();
    break;
  case onnx::TensorProto::INT32:
  case onnx::TensorProto::INT16:
  case onnx::TensorProto::UINT16:
  case onnx::TensorProto::INT8:
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL:
  case onnx::TensorProto::FLOAT16:
  case onnx::TensorProto::BFLOAT16:
    elementSize = tensor.data_type() == onnx::TensorProto::FLOAT16 ||
                          tensor.data_type() == onnx::TensorProto::BFLOAT16
                      ? 2
                      : rawElementSize(tensor.data_type());
    fieldSize = tensor.int32_data_size();
    break;
  case onnx::TensorProto::STRING:
    if (tensor.has_raw_data() || tensor.string_data_size() != count) {
      countMismatch(tensor, emitInvalid, *shape, tensor.string_data_size(),
                    "strings");
      return failure();
    }
    return success();
  default:
    emitInvalid() << describe(tensor) << " has the unknown data type "
                  << tensor.data_type();
    return failure();
  }
  int64_t expected;
  if (tensor.has_raw_data()) {
    if (llvm::MulOverflow(count, elementSize, expected) ||
        static_cast<int64_t>(tensor.raw_data().size()) != expected) {
      countMismatch(tensor, emitInvalid, *shape, tensor.raw_data().size(),
                    "bytes of raw data");
      return failure();
    }
    return success();
  }
  if (llvm::MulOverflow(count, perElement, expected) || fieldSize != expected) {
    countMismatch(tensor, emitInvalid, *shape, fieldSize, "values");
    return failure();
  }
  return success();
}

FailureOr<SmallVector<int64_t>>
mlir::dlc::onnx_import::decodeIntTensor(const onnx::TensorProto &tensor,
                                        EmitErrorFn emitInvalid) {
  FailureOr<SmallVector<int64_t>> shape = tensorShape(tensor, emitInvalid);
  if (failed(shape) || failed(checkNotExternal(tensor, emitInvalid)))
    return failure();
  int32_t type = tensor.data_type();
  if (!isIntegerDataType(type)) {
    emitInvalid() << describe(tensor) << " is " << dataTypeName(type)
                  << ", expected an integer tensor";
    return failure();
  }
  size_t count = numElements(*shape);
  SmallVector<int64_t> values;
  values.reserve(count);
  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    size_t size = rawElementSize(type);
    if (raw.size() != count * size) {
      countMismatch(tensor, emitInvalid, *shape, raw.size(),
                    "bytes of raw data");
      return failure();
    }
    using namespace llvm::support;
    const char *data = raw.data();
    for (size_t i = 0; i < count; ++i, data += size) {
      switch (type) {
      case onnx::TensorProto::UINT8:
      case onnx::TensorProto::BOOL:
        values.push_back(static_cast<uint8_t>(*data));
        break;
      case onnx::TensorProto::INT8:
        values.push_back(static_cast<int8_t>(*data));
        break;
      case onnx::TensorProto::UINT16:
        values.push_back(
            endian::read<uint16_t, llvm::endianness::little>(data));
        break;
      case onnx::TensorProto::INT16:
        values.push_back(endian::read<int16_t, llvm::endianness::little>(data));
        break;
      case onnx::TensorProto::INT32:
        values.push_back(endian::read<int32_t, llvm::endianness::little>(data));
        break;
      case onnx::TensorProto::UINT32:
        values.push_back(
            endian::read<uint32_t, llvm::endianness::little>(data));
        break;
      default: // INT64, UINT64
        values.push_back(endian::read<int64_t, llvm::endianness::little>(data));
        break;
      }
    }
    return values;
  }
  auto take = [&](const auto &field) -> LogicalResult {
    if (static_cast<size_t>(field.size()) != count) {
      countMismatch(tensor, emitInvalid, *shape, field.size(), "values");
      return failure();
    }
    for (auto value : field)
      values.push_back(static_cast<int64_t>(value));
    return success();
  };
  LogicalResult result = success();
  if (type == onnx::TensorProto::INT64)
    result = take(tensor.int64_data());
  else if (type == onnx::TensorProto::UINT32 ||
           type == onnx::TensorProto::UINT64)
    result = take(tensor.uint64_data());
  else
    result = take(tensor.int32_data());
  if (failed(result))
    return failure();
  return values;
}

/// The float32 payload of `tensor` as bytes, without copying.
static FailureOr<ArrayRef<char>> floatBytes(const onnx::TensorProto &tensor,
                                            ArrayRef<int64_t> shape,
                                            EmitErrorFn emitInvalid) {
  if (failed(checkNotExternal(tensor, emitInvalid)))
    return failure();
  if (tensor.data_type() != onnx::TensorProto::FLOAT) {
    emitInvalid() << describe(tensor) << " is "
                  << dataTypeName(tensor.data_type())
                  << ", expected a float32 tensor";
    return failure();
  }
  size_t count = numElements(shape);
  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (raw.size() != count * sizeof(float)) {
      countMismatch(tensor, emitInvalid, shape, raw.size(),
                    "bytes of raw data");
      return failure();
    }
    return ArrayRef<char>(raw.data(), raw.size());
  }
  if (static_cast<size_t>(tensor.float_data_size()) != count) {
    countMismatch(tensor, emitInvalid, shape, tensor.float_data_size(),
                  "values");
    return failure();
  }
  return ArrayRef<char>(
      reinterpret_cast<const char *>(tensor.float_data().data()),
      count * sizeof(float));
}

FailureOr<SmallVector<float>>
mlir::dlc::onnx_import::decodeFloatTensor(const onnx::TensorProto &tensor,
                                          EmitErrorFn emitInvalid) {
  FailureOr<SmallVector<int64_t>> shape = tensorShape(tensor, emitInvalid);
  if (failed(shape))
    return failure();
  FailureOr<ArrayRef<char>> bytes = floatBytes(tensor, *shape, emitInvalid);
  if (failed(bytes))
    return failure();
  SmallVector<float> values(bytes->size() / sizeof(float));
  if (!values.empty())
    std::memcpy(values.data(), bytes->data(), bytes->size());
  return values;
}

/// Whether all 4-byte elements of `bytes` equal the first, bit for bit.
static bool isSplat(ArrayRef<char> bytes) {
  for (size_t offset = sizeof(float); offset < bytes.size();
       offset += sizeof(float))
    if (std::memcmp(bytes.data(), bytes.data() + offset, sizeof(float)) != 0)
      return false;
  return true;
}

/// Below this many elements a weight is printed inline as dense<...>.
static constexpr int64_t kMinResourceElements = 16;

/// A blob that takes over the bytes of `tensor` (moved, not copied) and frees
/// them when the context drops the resource. Both raw_data's std::string
/// buffer and float_data's array come from operator new, so they are aligned
/// for float.
static AsmResourceBlob takeFloatBytes(onnx::TensorProto &tensor) {
  auto deleterOf = [](auto *owner) {
    return [owner](void *, size_t, size_t) { delete owner; };
  };
  if (tensor.has_raw_data()) {
    auto *owner = new std::string(std::move(*tensor.mutable_raw_data()));
    return AsmResourceBlob(ArrayRef<char>(owner->data(), owner->size()),
                           alignof(float), deleterOf(owner),
                           /*dataIsMutable=*/true);
  }
  auto *owner = new google::protobuf::RepeatedField<float>();
  owner->Swap(tensor.mutable_float_data());
  return AsmResourceBlob(
      ArrayRef<char>(reinterpret_cast<const char *>(owner->data()),
                     owner->size() * sizeof(float)),
      alignof(float), deleterOf(owner), /*dataIsMutable=*/true);
}

FailureOr<TypedAttr> mlir::dlc::onnx_import::buildWeightAttr(
    MLIRContext &context, onnx::TensorProto &tensor, StringRef blobName,
    EmitErrorFn emitInvalid) {
  FailureOr<SmallVector<int64_t>> shape = tensorShape(tensor, emitInvalid);
  if (failed(shape))
    return failure();
  FailureOr<ArrayRef<char>> bytes = floatBytes(tensor, *shape, emitInvalid);
  if (failed(bytes))
    return failure();
  auto type = RankedTensorType::get(*shape, Float32Type::get(&context));
  int64_t count = numElements(*shape);
  if (count < kMinResourceElements)
    return TypedAttr(DenseElementsAttr::getFromRawBuffer(type, *bytes));
  if (isSplat(*bytes))
    return TypedAttr(DenseElementsAttr::getFromRawBuffer(
        type, bytes->take_front(sizeof(float))));
  // The blob takes the protobuf's bytes, so the weights are in memory once.
  // Only large float32 tensors get here, which no op also reads as
  // compile-time values.
  return TypedAttr(DenseF32ResourceElementsAttr::get(type, blobName,
                                                     takeFloatBytes(tensor)));
}
