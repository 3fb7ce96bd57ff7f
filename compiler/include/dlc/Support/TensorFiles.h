//===- TensorFiles.h - Read and write tensors on disk -----------*- C++ -*-===//
//
// Host-side tensors for the tools around dlc (`dlc run`, the ONNX node-test
// runner): an owning, dense, row-major tensor; readers for NumPy `.npy`,
// serialized ONNX `TensorProto` (`.pb`) and raw little-endian `.bin` files; a
// `.npy` writer; and the value helpers those tools share (statistics and a
// tolerance comparison).
//
// Nothing here depends on MLIR or LLVM. Every failing function returns false
// and sets `error` to one line that names the file and the reason, e.g.
//   x.npy: big-endian data ('>f4') is not supported; save it little-endian
//
//===----------------------------------------------------------------------===//

#ifndef DLC_SUPPORT_TENSORFILES_H
#define DLC_SUPPORT_TENSORFILES_H

#include "dlc/model_abi.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <string_view>
#include <vector>

namespace dlc::support {

//===----------------------------------------------------------------------===//
// Element types
//===----------------------------------------------------------------------===//

/// Bytes per element of `dtype`; 0 for DLC_DTYPE_INVALID and unknown values.
size_t dtypeSize(dlc_dtype dtype);

/// Short name of `dtype`: "f32", "f16", "f64", "i8", "u8", "i32", "i64",
/// "bool"; "invalid" for anything else.
const char *dtypeName(dlc_dtype dtype);

/// Parses a name printed by dtypeName (also accepts "float32", "float16",
/// "float64", "int8", "uint8", "int32", "int64"). Returns DLC_DTYPE_INVALID
/// when it is none of them.
dlc_dtype parseDtype(std::string_view name);

/// Converts an IEEE half-precision bit pattern to float (exact).
float halfToFloat(uint16_t bits);

/// Converts a float to the nearest IEEE half-precision bit pattern (ties to
/// even; too large gives infinity; NaN stays NaN).
uint16_t floatToHalf(float value);

//===----------------------------------------------------------------------===//
// HostTensor
//===----------------------------------------------------------------------===//

/// Minimal allocator handing out 64-byte aligned storage, so a tensor's
/// buffer can be passed to a model.so without copying.
template <typename T> struct AlignedAllocator {
  using value_type = T;
  static constexpr std::size_t kAlignment = 64;
  AlignedAllocator() = default;
  template <typename U> AlignedAllocator(const AlignedAllocator<U> &) {}
  T *allocate(std::size_t n) {
    if (n == 0)
      n = 1;
    if (n > std::numeric_limits<std::size_t>::max() / sizeof(T) - kAlignment)
      throw std::bad_alloc();
    std::size_t bytes =
        (n * sizeof(T) + kAlignment - 1) / kAlignment * kAlignment;
    void *p = std::aligned_alloc(kAlignment, bytes);
    if (!p)
      throw std::bad_alloc();
    return static_cast<T *>(p);
  }
  void deallocate(T *p, std::size_t) { std::free(p); }
  template <typename U> bool operator==(const AlignedAllocator<U> &) const {
    return true;
  }
  template <typename U> bool operator!=(const AlignedAllocator<U> &) const {
    return false;
  }
};

/// A dense, row-major (C order) tensor that owns its bytes.
struct HostTensor {
  dlc_dtype dtype = DLC_DTYPE_INVALID;
  std::vector<int64_t> shape;
  std::vector<uint8_t, AlignedAllocator<uint8_t>> bytes;

  HostTensor() = default;
  /// A zero-filled tensor of the given type and shape.
  HostTensor(dlc_dtype dtype, std::vector<int64_t> shape);

  /// Product of the dimensions (1 for a scalar).
  int64_t numElements() const;
  size_t elementSize() const { return dtypeSize(dtype); }

  void *data() { return bytes.data(); }
  const void *data() const { return bytes.data(); }
  template <typename T> T *dataAs() { return reinterpret_cast<T *>(data()); }
  template <typename T> const T *dataAs() const {
    return reinterpret_cast<const T *>(data());
  }

  /// Element `i` (flat index) converted to double; bool reads as 0 or 1.
  double elementAsDouble(int64_t i) const;
};

/// Element count of `shape`, or -1 when a dimension is negative or the product
/// overflows int64.
int64_t shapeNumElements(const std::vector<int64_t> &shape);

/// "[2, 3]"; "[]" for a scalar.
std::string formatShape(const std::vector<int64_t> &shape);

//===----------------------------------------------------------------------===//
// Files
//===----------------------------------------------------------------------===//

/// Reads a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0), C order,
/// little-endian f32, f16, f64, i8, u8, i32, i64 or bool.
bool readNpyFile(const std::string &path, HostTensor &out, std::string &error);

/// Parses the bytes of a `.npy` file; `error` carries no file name.
bool parseNpy(std::string_view contents, HostTensor &out, std::string &error);

/// Writes `tensor` as a `.npy` file (version 1.0, or 2.0 if the header needs
/// it), byte-for-byte what `numpy.save` writes for the same array.
bool writeNpyFile(const std::string &path, const HostTensor &tensor,
                  std::string &error);

/// Serializes `tensor` to `.npy` bytes.
std::string serializeNpy(const HostTensor &tensor);

/// Reads a serialized ONNX `TensorProto` (the `input_K.pb` / `output_K.pb`
/// files of the ONNX backend tests), from `raw_data` or the typed fields
/// (float_data, int32_data, int64_data, double_data). If `name` is given it
/// receives the tensor's name (possibly empty).
bool readTensorProtoFile(const std::string &path, HostTensor &out,
                         std::string &error, std::string *name = nullptr);

/// Parses serialized `TensorProto` bytes; `error` carries no file name.
bool parseTensorProto(std::string_view contents, HostTensor &out,
                      std::string &error, std::string *name = nullptr);

/// Reads a raw little-endian file holding exactly the elements of a tensor of
/// type `dtype` and shape `shape`, checking its size.
bool readRawFile(const std::string &path, dlc_dtype dtype,
                 const std::vector<int64_t> &shape, HostTensor &out,
                 std::string &error);

/// The kinds of tensor file readTensorFile knows, chosen by file extension.
enum class TensorFileKind { Npy, TensorProto, Raw };

/// `.npy` -> Npy, `.pb` -> TensorProto, anything else -> Raw.
TensorFileKind tensorFileKindFor(const std::string &path);

/// Reads `path` by its extension. Raw files are read as `dtype` and `shape`;
/// for the other kinds `dtype`/`shape` are not used (check them yourself).
bool readTensorFile(const std::string &path, dlc_dtype dtype,
                    const std::vector<int64_t> &shape, HostTensor &out,
                    std::string &error);

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

/// Summary statistics over all elements. NaNs are counted and left out of
/// min/max/mean/argmax; with no non-NaN element min/max/mean are NaN and
/// argmax is -1.
struct TensorStats {
  double min = 0;
  double max = 0;
  double mean = 0;
  int64_t argmax = -1; ///< flat index of the first maximum
  int64_t nanCount = 0;
};
TensorStats computeStats(const HostTensor &tensor);

/// Result of comparing a computed tensor with a reference.
struct CompareResult {
  bool ok = true;
  int64_t mismatches = 0;  ///< elements outside the tolerance
  int64_t worstIndex = -1; ///< flat index of the worst mismatch
  std::string message;     ///< one line, empty when ok
};

/// Compares `actual` with `expected`: dtypes and shapes must be equal; float
/// elements must satisfy |a - e| <= atol + rtol * |e| (a NaN matches only a
/// NaN, an infinity only the same infinity); integer and bool elements must be
/// equal.
CompareResult compareTensors(const HostTensor &actual,
                             const HostTensor &expected, double rtol,
                             double atol);

} // namespace dlc::support

#endif // DLC_SUPPORT_TENSORFILES_H
