//===- TensorFiles.cpp - Read and write tensors on disk -------------------===//

#include "dlc/Support/TensorFiles.h"

#include "onnx/onnx_pb.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <sys/stat.h>

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "TensorFiles assumes a little-endian host"
#endif

namespace dlc::support {

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

size_t dtypeSize(dlc_dtype dtype) {
  switch (dtype) {
  case DLC_DTYPE_F32:
  case DLC_DTYPE_I32:
    return 4;
  case DLC_DTYPE_F16:
    return 2;
  case DLC_DTYPE_F64:
  case DLC_DTYPE_I64:
    return 8;
  case DLC_DTYPE_I8:
  case DLC_DTYPE_U8:
  case DLC_DTYPE_BOOL:
    return 1;
  case DLC_DTYPE_INVALID:
    break;
  }
  return 0;
}

const char *dtypeName(dlc_dtype dtype) {
  switch (dtype) {
  case DLC_DTYPE_F32:
    return "f32";
  case DLC_DTYPE_F16:
    return "f16";
  case DLC_DTYPE_F64:
    return "f64";
  case DLC_DTYPE_I8:
    return "i8";
  case DLC_DTYPE_U8:
    return "u8";
  case DLC_DTYPE_I32:
    return "i32";
  case DLC_DTYPE_I64:
    return "i64";
  case DLC_DTYPE_BOOL:
    return "bool";
  case DLC_DTYPE_INVALID:
    break;
  }
  return "invalid";
}

dlc_dtype parseDtype(std::string_view name) {
  static const struct {
    const char *shortName;
    const char *longName;
    dlc_dtype dtype;
  } kNames[] = {
      {"f32", "float32", DLC_DTYPE_F32}, {"f16", "float16", DLC_DTYPE_F16},
      {"f64", "float64", DLC_DTYPE_F64}, {"i8", "int8", DLC_DTYPE_I8},
      {"u8", "uint8", DLC_DTYPE_U8},     {"i32", "int32", DLC_DTYPE_I32},
      {"i64", "int64", DLC_DTYPE_I64},   {"bool", "bool", DLC_DTYPE_BOOL},
  };
  for (const auto &entry : kNames)
    if (name == entry.shortName || name == entry.longName)
      return entry.dtype;
  return DLC_DTYPE_INVALID;
}

float halfToFloat(uint16_t bits) {
  uint32_t sign = uint32_t(bits & 0x8000u) << 16;
  uint32_t exponent = (bits >> 10) & 0x1fu;
  uint32_t mantissa = bits & 0x3ffu;
  uint32_t result;
  if (exponent == 0x1f) {
    // Infinity or NaN; keep the payload.
    result = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent != 0) {
    result = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    result = sign;
  } else {
    // Subnormal half: normalize it.
    int shift = 0;
    while (!(mantissa & 0x400u)) {
      mantissa <<= 1;
      ++shift;
    }
    mantissa &= 0x3ffu;
    result = sign | (uint32_t(127 - 15 + 1 - shift) << 23) | (mantissa << 13);
  }
  float f;
  std::memcpy(&f, &result, sizeof(f));
  return f;
}

uint16_t floatToHalf(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  uint16_t sign = uint16_t((bits >> 16) & 0x8000u);
  uint32_t magnitude = bits & 0x7fffffffu;
  if (magnitude >= 0x7f800000u) // infinity or NaN (kept quiet)
    return sign | 0x7c00u | (magnitude > 0x7f800000u ? 0x200u : 0u);
  if (magnitude >= 0x477ff000u) // >= 65520 rounds to infinity
    return sign | 0x7c00u;
  if (magnitude < 0x38800000u) {
    // Below the smallest normal half (2^-14): a multiple of 2^-24, rounded to
    // nearest even by the FPU. 1024 * 2^-24 encodes as the smallest normal.
    float scaled = std::fabs(value) * 16777216.0f; // exact: power of two
    return sign | uint16_t(std::nearbyint(scaled));
  }
  uint32_t half =
      ((magnitude >> 23) - 127 + 15) << 10 | (magnitude & 0x7fffffu) >> 13;
  uint32_t rest = magnitude & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (half & 1u)))
    ++half; // a carry into the exponent is still the right encoding
  return sign | uint16_t(half);
}

//===----------------------------------------------------------------------===//
// HostTensor
//===----------------------------------------------------------------------===//

int64_t shapeNumElements(const std::vector<int64_t> &shape) {
  int64_t n = 1;
  for (int64_t d : shape) {
    if (d < 0)
      return -1;
    if (d != 0 && n > std::numeric_limits<int64_t>::max() / d)
      return -1;
    n *= d;
  }
  return n;
}

std::string formatShape(const std::vector<int64_t> &shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i)
      s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

HostTensor::HostTensor(dlc_dtype dtype, std::vector<int64_t> shape)
    : dtype(dtype), shape(std::move(shape)) {
  int64_t n = shapeNumElements(this->shape);
  bytes.assign(n > 0 ? size_t(n) * dtypeSize(dtype) : 0, 0);
}

int64_t HostTensor::numElements() const { return shapeNumElements(shape); }

double HostTensor::elementAsDouble(int64_t i) const {
  switch (dtype) {
  case DLC_DTYPE_F32:
    return dataAs<float>()[i];
  case DLC_DTYPE_F16:
    return halfToFloat(dataAs<uint16_t>()[i]);
  case DLC_DTYPE_F64:
    return dataAs<double>()[i];
  case DLC_DTYPE_I8:
    return dataAs<int8_t>()[i];
  case DLC_DTYPE_U8:
    return dataAs<uint8_t>()[i];
  case DLC_DTYPE_I32:
    return dataAs<int32_t>()[i];
  case DLC_DTYPE_I64:
    return double(dataAs<int64_t>()[i]);
  case DLC_DTYPE_BOOL:
    return dataAs<uint8_t>()[i] != 0 ? 1.0 : 0.0;
  case DLC_DTYPE_INVALID:
    break;
  }
  return std::nan("");
}

//===----------------------------------------------------------------------===//
// Whole-file I/O
//===----------------------------------------------------------------------===//

namespace {

bool readWholeFile(const std::string &path, std::string &contents,
                   std::string &error) {
  struct stat info;
  if (stat(path.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    error = path + ": cannot open: is a directory";
    return false;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = path + ": cannot open: " +
            (errno ? std::strerror(errno) : "unknown error");
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = path + ": read error";
    return false;
  }
  contents = std::move(buffer).str();
  return true;
}

bool writeWholeFile(const std::string &path, const std::string &contents,
                    std::string &error) {
  errno = 0;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    error = path + ": cannot create: " +
            (errno ? std::strerror(errno) : "unknown error");
    return false;
  }
  out.write(contents.data(), std::streamsize(contents.size()));
  out.close();
  if (!out) {
    error = path + ": write error";
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// .npy
//===----------------------------------------------------------------------===//

constexpr char kNpyMagic[] = "\x93NUMPY";
constexpr size_t kNpyMagicLen = 6;

/// A parsed value of the header dictionary (a Python literal).
struct NpyValue {
  enum Kind { String, Bool, Tuple } kind = String;
  std::string str;
  bool boolean = false;
  std::vector<int64_t> tuple;
};

/// Parses the Python dict literal of a .npy header, strictly: string keys,
/// and values that are strings, True/False or tuples of integers.
class NpyHeaderParser {
public:
  explicit NpyHeaderParser(std::string_view text) : text(text) {}

  bool parse(std::vector<std::pair<std::string, NpyValue>> &entries,
             std::string &error) {
    skipSpace();
    if (!consume('{'))
      return fail("expected '{'", error);
    while (true) {
      skipSpace();
      if (consume('}'))
        break;
      std::string key;
      if (!parseString(key))
        return fail("expected a quoted key", error);
      skipSpace();
      if (!consume(':'))
        return fail("expected ':' after '" + key + "'", error);
      skipSpace();
      NpyValue value;
      if (!parseValue(value, error))
        return false;
      entries.emplace_back(std::move(key), std::move(value));
      skipSpace();
      if (consume(','))
        continue;
      skipSpace();
      if (consume('}'))
        break;
      return fail("expected ',' or '}'", error);
    }
    skipSpace();
    if (pos != text.size())
      return fail("unexpected text after '}'", error);
    return true;
  }

private:
  bool fail(const std::string &what, std::string &error) {
    error = "malformed header: " + what + " at offset " + std::to_string(pos);
    return false;
  }
  void skipSpace() {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t' ||
                                 text[pos] == '\n' || text[pos] == '\r'))
      ++pos;
  }
  bool consume(char c) {
    if (pos < text.size() && text[pos] == c) {
      ++pos;
      return true;
    }
    return false;
  }
  bool consumeWord(std::string_view word) {
    if (text.substr(pos, word.size()) != word)
      return false;
    pos += word.size();
    return true;
  }
  bool parseString(std::string &out) {
    if (pos >= text.size() || (text[pos] != '\'' && text[pos] != '"'))
      return false;
    char quote = text[pos++];
    size_t end = text.find(quote, pos);
    if (end == std::string_view::npos)
      return false;
    out = std::string(text.substr(pos, end - pos));
    pos = end + 1;
    return true;
  }
  bool parseInt(int64_t &out) {
    size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9')
      ++pos;
    if (pos == start || pos - start > 18)
      return false;
    out = std::stoll(std::string(text.substr(start, pos - start)));
    consume('L'); // Python 2 longs.
    return true;
  }
  bool parseValue(NpyValue &value, std::string &error) {
    if (pos < text.size() && (text[pos] == '\'' || text[pos] == '"')) {
      value.kind = NpyValue::String;
      if (!parseString(value.str))
        return fail("unterminated string", error);
      return true;
    }
    if (consumeWord("True")) {
      value.kind = NpyValue::Bool;
      value.boolean = true;
      return true;
    }
    if (consumeWord("False")) {
      value.kind = NpyValue::Bool;
      value.boolean = false;
      return true;
    }
    if (consume('(')) {
      value.kind = NpyValue::Tuple;
      skipSpace();
      if (consume(')'))
        return true;
      while (true) {
        skipSpace();
        int64_t dim;
        if (!parseInt(dim))
          return fail("expected a non-negative integer in the shape", error);
        value.tuple.push_back(dim);
        skipSpace();
        if (consume(')'))
          return true;
        if (!consume(','))
          return fail("expected ',' or ')' in the shape", error);
        skipSpace();
        if (consume(')'))
          return true;
      }
    }
    if (pos < text.size() && text[pos] == '[')
      return fail("structured dtypes are not supported", error);
    return fail("unexpected value", error);
  }

  std::string_view text;
  size_t pos = 0;
};

/// Maps a .npy 'descr' to a dtype; sets `error` on failure.
bool npyDescrToDtype(const std::string &descr, dlc_dtype &dtype,
                     std::string &error) {
  if (descr.size() < 3) {
    error = "unsupported dtype '" + descr + "'";
    return false;
  }
  char order = descr[0];
  std::string kind = descr.substr(1);
  if (order == '>') {
    error = "big-endian data ('" + descr +
            "') is not supported; save it little-endian (arr.astype('<" + kind +
            "'))";
    return false;
  }
  static const struct {
    const char *kind;
    dlc_dtype dtype;
  } kKinds[] = {{"f4", DLC_DTYPE_F32}, {"f2", DLC_DTYPE_F16},
                {"f8", DLC_DTYPE_F64}, {"i1", DLC_DTYPE_I8},
                {"u1", DLC_DTYPE_U8},  {"i4", DLC_DTYPE_I32},
                {"i8", DLC_DTYPE_I64}, {"b1", DLC_DTYPE_BOOL}};
  for (const auto &entry : kKinds) {
    if (kind != entry.kind)
      continue;
    bool oneByte = dtypeSize(entry.dtype) == 1;
    // '<' little-endian, '=' native (little-endian here), '|' not applicable
    // (only meaningful for one-byte types).
    if (order == '<' || order == '=' || (order == '|' && oneByte)) {
      dtype = entry.dtype;
      return true;
    }
    break;
  }
  error = "unsupported dtype '" + descr +
          "' (supported: <f4, <f2, <f8, |i1, |u1, <i4, <i8, |b1)";
  return false;
}

const char *npyDescrFor(dlc_dtype dtype) {
  switch (dtype) {
  case DLC_DTYPE_F32:
    return "<f4";
  case DLC_DTYPE_F16:
    return "<f2";
  case DLC_DTYPE_F64:
    return "<f8";
  case DLC_DTYPE_I8:
    return "|i1";
  case DLC_DTYPE_U8:
    return "|u1";
  case DLC_DTYPE_I32:
    return "<i4";
  case DLC_DTYPE_I64:
    return "<i8";
  case DLC_DTYPE_BOOL:
    return "|b1";
  case DLC_DTYPE_INVALID:
    break;
  }
  return nullptr;
}

uint32_t readLE(const char *p, size_t n) {
  uint32_t v = 0;
  for (size_t i = 0; i < n; ++i)
    v |= uint32_t(uint8_t(p[i])) << (8 * i);
  return v;
}

} // namespace

bool parseNpy(std::string_view contents, HostTensor &out, std::string &error) {
  if (contents.size() < kNpyMagicLen + 2 ||
      contents.substr(0, kNpyMagicLen) !=
          std::string_view(kNpyMagic, kNpyMagicLen)) {
    error = "not a .npy file (bad magic)";
    return false;
  }
  unsigned major = uint8_t(contents[6]), minor = uint8_t(contents[7]);
  size_t lenBytes;
  if (major == 1)
    lenBytes = 2;
  else if (major == 2 || major == 3)
    lenBytes = 4;
  else {
    error = "unsupported .npy format version " + std::to_string(major) + "." +
            std::to_string(minor);
    return false;
  }
  size_t prefix = kNpyMagicLen + 2 + lenBytes;
  if (contents.size() < prefix) {
    error = "truncated header";
    return false;
  }
  size_t headerLen = readLE(contents.data() + kNpyMagicLen + 2, lenBytes);
  if (contents.size() - prefix < headerLen) {
    error = "truncated header (needs " + std::to_string(headerLen) + " bytes)";
    return false;
  }
  std::string_view header = contents.substr(prefix, headerLen);
  std::vector<std::pair<std::string, NpyValue>> entries;
  if (!NpyHeaderParser(header).parse(entries, error))
    return false;

  const NpyValue *descr = nullptr, *fortran = nullptr, *shape = nullptr;
  for (const auto &[key, value] : entries) {
    const NpyValue **slot = key == "descr"           ? &descr
                            : key == "fortran_order" ? &fortran
                            : key == "shape"         ? &shape
                                                     : nullptr;
    if (!slot) {
      error = "malformed header: unexpected key '" + key + "'";
      return false;
    }
    if (*slot) {
      error = "malformed header: duplicate key '" + key + "'";
      return false;
    }
    *slot = &value;
  }
  if (!descr || descr->kind != NpyValue::String) {
    error = "malformed header: missing or invalid 'descr'";
    return false;
  }
  if (!fortran || fortran->kind != NpyValue::Bool) {
    error = "malformed header: missing or invalid 'fortran_order'";
    return false;
  }
  if (!shape || shape->kind != NpyValue::Tuple) {
    error = "malformed header: missing or invalid 'shape'";
    return false;
  }
  dlc_dtype dtype;
  if (!npyDescrToDtype(descr->str, dtype, error))
    return false;
  if (fortran->boolean) {
    error = "Fortran-order arrays are not supported; save a C-order array "
            "(np.ascontiguousarray)";
    return false;
  }
  int64_t numElements = shapeNumElements(shape->tuple);
  if (numElements < 0) {
    error = "shape " + formatShape(shape->tuple) + " is too large";
    return false;
  }
  size_t dataBytes = size_t(numElements) * dtypeSize(dtype);
  size_t available = contents.size() - prefix - headerLen;
  if (available != dataBytes) {
    error = "expected " + std::to_string(dataBytes) + " bytes of " +
            dtypeName(dtype) + " data for shape " + formatShape(shape->tuple) +
            ", found " + std::to_string(available);
    return false;
  }
  HostTensor tensor(dtype, shape->tuple);
  if (dataBytes)
    std::memcpy(tensor.data(), contents.data() + prefix + headerLen, dataBytes);
  out = std::move(tensor);
  return true;
}

bool readNpyFile(const std::string &path, HostTensor &out, std::string &error) {
  std::string contents;
  if (!readWholeFile(path, contents, error))
    return false;
  if (!parseNpy(contents, out, error)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

std::string serializeNpy(const HostTensor &tensor) {
  // Mirrors numpy.lib.format._write_array_header (numpy >= 1.24): keys in
  // sorted order, room to grow the first axis, padding to 64 bytes.
  std::string header = "{'descr': '";
  const char *descr = npyDescrFor(tensor.dtype);
  header += descr ? descr : "|V0";
  header += "', 'fortran_order': False, 'shape': (";
  for (size_t i = 0; i < tensor.shape.size(); ++i) {
    if (i)
      header += ", ";
    header += std::to_string(tensor.shape[i]);
  }
  if (tensor.shape.size() == 1)
    header += ",";
  header += "), }";
  if (!tensor.shape.empty()) {
    constexpr size_t kGrowthAxisMaxDigits = 21;
    size_t digits = std::to_string(tensor.shape[0]).size();
    if (digits < kGrowthAxisMaxDigits)
      header.append(kGrowthAxisMaxDigits - digits, ' ');
  }
  constexpr size_t kAlign = 64;
  size_t lenBytes = 2;
  unsigned major = 1;
  size_t headerLen = header.size() + 1; // + '\n'
  size_t pad = kAlign - (kNpyMagicLen + 2 + lenBytes + headerLen) % kAlign;
  if (headerLen + pad > 0xffff) {
    major = 2;
    lenBytes = 4;
    pad = kAlign - (kNpyMagicLen + 2 + lenBytes + headerLen) % kAlign;
  }
  uint32_t totalHeader = uint32_t(headerLen + pad);

  std::string out(kNpyMagic, kNpyMagicLen);
  out += char(major);
  out += char(0);
  for (size_t i = 0; i < lenBytes; ++i)
    out += char((totalHeader >> (8 * i)) & 0xff);
  out += header;
  out.append(pad, ' ');
  out += '\n';
  out.append(reinterpret_cast<const char *>(tensor.data()),
             tensor.bytes.size());
  return out;
}

bool writeNpyFile(const std::string &path, const HostTensor &tensor,
                  std::string &error) {
  if (!npyDescrFor(tensor.dtype)) {
    error = path + ": cannot write a tensor of type " + dtypeName(tensor.dtype);
    return false;
  }
  int64_t n = tensor.numElements();
  if (n < 0 || tensor.bytes.size() != size_t(n) * tensor.elementSize()) {
    error = path + ": tensor of shape " + formatShape(tensor.shape) +
            " holds " + std::to_string(tensor.bytes.size()) +
            " bytes, inconsistent with its shape";
    return false;
  }
  return writeWholeFile(path, serializeNpy(tensor), error);
}

//===----------------------------------------------------------------------===//
// ONNX TensorProto
//===----------------------------------------------------------------------===//

namespace {

const char *onnxTypeName(int32_t type) {
  // TensorProto_DataType_Name returns a reference to a static string.
  if (!onnx::TensorProto_DataType_IsValid(type))
    return "unknown";
  return onnx::TensorProto_DataType_Name(
             static_cast<onnx::TensorProto_DataType>(type))
      .c_str();
}

dlc_dtype dtypeForOnnx(int32_t type) {
  switch (type) {
  case onnx::TensorProto::FLOAT:
    return DLC_DTYPE_F32;
  case onnx::TensorProto::FLOAT16:
    return DLC_DTYPE_F16;
  case onnx::TensorProto::DOUBLE:
    return DLC_DTYPE_F64;
  case onnx::TensorProto::INT8:
    return DLC_DTYPE_I8;
  case onnx::TensorProto::UINT8:
    return DLC_DTYPE_U8;
  case onnx::TensorProto::INT32:
    return DLC_DTYPE_I32;
  case onnx::TensorProto::INT64:
    return DLC_DTYPE_I64;
  case onnx::TensorProto::BOOL:
    return DLC_DTYPE_BOOL;
  default:
    return DLC_DTYPE_INVALID;
  }
}

template <typename Dst, typename Field>
void copyTypedField(const Field &field, HostTensor &tensor) {
  Dst *dst = tensor.dataAs<Dst>();
  for (int i = 0; i < field.size(); ++i)
    dst[i] = static_cast<Dst>(field.Get(i));
}

} // namespace

bool parseTensorProto(std::string_view contents, HostTensor &out,
                      std::string &error, std::string *name) {
  onnx::TensorProto proto;
  if (contents.size() > size_t(std::numeric_limits<int>::max()) ||
      !proto.ParseFromArray(contents.data(), int(contents.size()))) {
    error = "not a valid serialized onnx.TensorProto";
    return false;
  }
  if (proto.has_segment()) {
    error = "segmented TensorProto is not supported";
    return false;
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL) {
    error = "TensorProto with external data is not supported";
    return false;
  }
  dlc_dtype dtype = dtypeForOnnx(proto.data_type());
  if (dtype == DLC_DTYPE_INVALID) {
    error = std::string("unsupported data type ") +
            onnxTypeName(proto.data_type()) + " (" +
            std::to_string(proto.data_type()) +
            "; supported: FLOAT, FLOAT16, DOUBLE, INT8, UINT8, INT32, INT64, "
            "BOOL)";
    return false;
  }
  std::vector<int64_t> shape(proto.dims().begin(), proto.dims().end());
  int64_t numElements = shapeNumElements(shape);
  if (numElements < 0) {
    error = "invalid dims " + formatShape(shape);
    return false;
  }
  HostTensor tensor(dtype, shape);
  size_t expectedBytes = tensor.bytes.size();

  if (proto.has_raw_data()) {
    const std::string &raw = proto.raw_data();
    if (raw.size() != expectedBytes) {
      error = "raw_data holds " + std::to_string(raw.size()) +
              " bytes, expected " + std::to_string(expectedBytes) + " for " +
              onnxTypeName(proto.data_type()) + " " + formatShape(shape);
      return false;
    }
    if (expectedBytes)
      std::memcpy(tensor.data(), raw.data(), expectedBytes);
  } else {
    int64_t count;
    const char *field;
    switch (dtype) {
    case DLC_DTYPE_F32:
      count = proto.float_data_size();
      field = "float_data";
      break;
    case DLC_DTYPE_F64:
      count = proto.double_data_size();
      field = "double_data";
      break;
    case DLC_DTYPE_I64:
      count = proto.int64_data_size();
      field = "int64_data";
      break;
    default: // f16 (bit patterns), i8, u8, i32, bool
      count = proto.int32_data_size();
      field = "int32_data";
      break;
    }
    if (count != numElements) {
      error = std::string(field) + " holds " + std::to_string(count) +
              " elements, expected " + std::to_string(numElements) + " for " +
              onnxTypeName(proto.data_type()) + " " + formatShape(shape);
      return false;
    }
    switch (dtype) {
    case DLC_DTYPE_F32:
      copyTypedField<float>(proto.float_data(), tensor);
      break;
    case DLC_DTYPE_F64:
      copyTypedField<double>(proto.double_data(), tensor);
      break;
    case DLC_DTYPE_I64:
      copyTypedField<int64_t>(proto.int64_data(), tensor);
      break;
    case DLC_DTYPE_F16:
      copyTypedField<uint16_t>(proto.int32_data(), tensor);
      break;
    case DLC_DTYPE_I8:
      copyTypedField<int8_t>(proto.int32_data(), tensor);
      break;
    case DLC_DTYPE_U8:
      copyTypedField<uint8_t>(proto.int32_data(), tensor);
      break;
    case DLC_DTYPE_I32:
      copyTypedField<int32_t>(proto.int32_data(), tensor);
      break;
    case DLC_DTYPE_BOOL: {
      uint8_t *dst = tensor.dataAs<uint8_t>();
      for (int i = 0; i < proto.int32_data_size(); ++i)
        dst[i] = proto.int32_data(i) != 0;
      break;
    }
    case DLC_DTYPE_INVALID:
      break;
    }
  }
  if (name)
    *name = proto.name();
  out = std::move(tensor);
  return true;
}

bool readTensorProtoFile(const std::string &path, HostTensor &out,
                         std::string &error, std::string *name) {
  std::string contents;
  if (!readWholeFile(path, contents, error))
    return false;
  if (!parseTensorProto(contents, out, error, name)) {
    error = path + ": " + error;
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Raw files and dispatch
//===----------------------------------------------------------------------===//

bool readRawFile(const std::string &path, dlc_dtype dtype,
                 const std::vector<int64_t> &shape, HostTensor &out,
                 std::string &error) {
  if (dtypeSize(dtype) == 0) {
    error = path + ": cannot read raw data of type " +
            std::string(dtypeName(dtype));
    return false;
  }
  int64_t numElements = shapeNumElements(shape);
  if (numElements < 0) {
    error = path + ": invalid shape " + formatShape(shape);
    return false;
  }
  std::string contents;
  if (!readWholeFile(path, contents, error))
    return false;
  HostTensor tensor(dtype, shape);
  if (contents.size() != tensor.bytes.size()) {
    error = path + ": raw file holds " + std::to_string(contents.size()) +
            " bytes, expected " + std::to_string(tensor.bytes.size()) + " (" +
            std::to_string(numElements) + " x " + dtypeName(dtype) +
            " for shape " + formatShape(shape) + ")";
    return false;
  }
  if (!contents.empty())
    std::memcpy(tensor.data(), contents.data(), contents.size());
  out = std::move(tensor);
  return true;
}

TensorFileKind tensorFileKindFor(const std::string &path) {
  auto endsWith = [&](std::string_view suffix) {
    return path.size() >= suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) ==
               0;
  };
  if (endsWith(".npy"))
    return TensorFileKind::Npy;
  if (endsWith(".pb"))
    return TensorFileKind::TensorProto;
  return TensorFileKind::Raw;
}

bool readTensorFile(const std::string &path, dlc_dtype dtype,
                    const std::vector<int64_t> &shape, HostTensor &out,
                    std::string &error) {
  switch (tensorFileKindFor(path)) {
  case TensorFileKind::Npy:
    return readNpyFile(path, out, error);
  case TensorFileKind::TensorProto:
    return readTensorProtoFile(path, out, error);
  case TensorFileKind::Raw:
    return readRawFile(path, dtype, shape, out, error);
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

TensorStats computeStats(const HostTensor &tensor) {
  TensorStats stats;
  int64_t n = tensor.numElements();
  double sum = 0;
  int64_t counted = 0;
  for (int64_t i = 0; i < n; ++i) {
    double v = tensor.elementAsDouble(i);
    if (std::isnan(v)) {
      ++stats.nanCount;
      continue;
    }
    if (counted == 0 || v < stats.min)
      stats.min = v;
    if (counted == 0 || v > stats.max) {
      stats.max = v;
      stats.argmax = i;
    }
    sum += v;
    ++counted;
  }
  if (counted == 0) {
    stats.min = stats.max = stats.mean = std::nan("");
    return stats;
  }
  stats.mean = sum / double(counted);
  return stats;
}

namespace {

std::string formatValue(double v) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.9g", v);
  return buf;
}

std::string formatIndex(int64_t flat, const std::vector<int64_t> &shape) {
  std::vector<int64_t> index(shape.size());
  for (size_t d = shape.size(); d-- > 0;) {
    if (shape[d] == 0)
      break;
    index[d] = flat % shape[d];
    flat /= shape[d];
  }
  return formatShape(index);
}

bool isFloat(dlc_dtype dtype) {
  return dtype == DLC_DTYPE_F32 || dtype == DLC_DTYPE_F16 ||
         dtype == DLC_DTYPE_F64;
}

} // namespace

CompareResult compareTensors(const HostTensor &actual,
                             const HostTensor &expected, double rtol,
                             double atol) {
  CompareResult result;
  if (actual.dtype != expected.dtype) {
    result.ok = false;
    result.message = std::string("dtype ") + dtypeName(actual.dtype) +
                     " differs from the expected " + dtypeName(expected.dtype);
    return result;
  }
  if (actual.shape != expected.shape) {
    result.ok = false;
    result.message = "shape " + formatShape(actual.shape) +
                     " differs from the expected " +
                     formatShape(expected.shape);
    return result;
  }
  int64_t n = expected.numElements();
  bool floating = isFloat(expected.dtype);
  double worstExcess = -1;
  for (int64_t i = 0; i < n; ++i) {
    double a = actual.elementAsDouble(i);
    double e = expected.elementAsDouble(i);
    bool match;
    double excess = 0; // how far outside the tolerance, for ranking
    if (!floating) {
      match = a == e;
      excess = std::fabs(a - e);
    } else if (std::isnan(e) || std::isnan(a)) {
      match = std::isnan(e) && std::isnan(a);
      excess = std::numeric_limits<double>::infinity();
    } else if (std::isinf(e) || std::isinf(a)) {
      match = a == e;
      excess = std::numeric_limits<double>::infinity();
    } else {
      double diff = std::fabs(a - e);
      double tol = atol + rtol * std::fabs(e);
      match = diff <= tol;
      excess = diff - tol;
    }
    if (match)
      continue;
    ++result.mismatches;
    if (result.worstIndex < 0 || excess > worstExcess) {
      worstExcess = excess;
      result.worstIndex = i;
    }
  }
  if (result.mismatches == 0)
    return result;
  result.ok = false;
  double a = actual.elementAsDouble(result.worstIndex);
  double e = expected.elementAsDouble(result.worstIndex);
  std::string detail = "got " + formatValue(a) + ", expected " + formatValue(e);
  if (floating && std::isfinite(a) && std::isfinite(e))
    detail += " (|diff| " + formatValue(std::fabs(a - e)) + " > tolerance " +
              formatValue(atol + rtol * std::fabs(e)) + ")";
  result.message = std::to_string(result.mismatches) + " of " +
                   std::to_string(n) + " values differ; worst at " +
                   formatIndex(result.worstIndex, expected.shape) + ": " +
                   detail;
  return result;
}

} // namespace dlc::support
