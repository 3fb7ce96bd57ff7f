//===- dlc/runtime.hpp - The dlc runtime C++ API ----------------*- C++ -*-===//
//
// A header-only C++17 layer over the C API of dlc/dlc.h:
//
//   dlc::Model Model = dlc::Model::load("model.so");
//   dlc::Tensor X(Model.inputs()[0]);            // zero-filled, right shape
//   X.data<float>()[0] = 1.0f;
//   std::vector<dlc::Tensor> Y = Model.run({X});  // outputs allocated for you
//
// or, without copies or allocations, over caller-owned buffers:
//
//   Model.run({dlc::TensorView(In, Model.inputs()[0])},
//             {dlc::TensorView(Out, Model.outputs()[0])});
//
// Failures throw dlc::Error, whose what() is the C API's message.
//
//===----------------------------------------------------------------------===//

#ifndef DLC_RUNTIME_HPP
#define DLC_RUNTIME_HPP

#include "dlc/dlc.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace dlc {

/// A failed runtime call; what() says what failed and where.
class Error : public std::runtime_error {
public:
  Error(dlc_status status, const std::string &message)
      : std::runtime_error(message), Status(status) {}
  dlc_status status() const noexcept { return Status; }

private:
  dlc_status Status;
};

namespace detail {
inline void check(dlc_status status) {
  if (status != DLC_OK)
    throw Error(status, dlc_last_error());
}
template <typename T> struct AlwaysFalse : std::false_type {};
} // namespace detail

/// Element types; the values are those of dlc_dtype.
enum class DType : int32_t {
  Invalid = DLC_DTYPE_INVALID,
  F32 = DLC_DTYPE_F32,
  F16 = DLC_DTYPE_F16,
  F64 = DLC_DTYPE_F64,
  I8 = DLC_DTYPE_I8,
  U8 = DLC_DTYPE_U8,
  I32 = DLC_DTYPE_I32,
  I64 = DLC_DTYPE_I64,
  Bool = DLC_DTYPE_BOOL,
};

/// "f32", "i64", ...; "invalid" for DType::Invalid.
inline const char *dtypeName(DType dtype) {
  return dlc_dtype_name(static_cast<int32_t>(dtype));
}

/// Bytes per element; 0 for DType::Invalid.
inline size_t dtypeSize(DType dtype) {
  return dlc_dtype_size(static_cast<int32_t>(dtype));
}

/// The DType of a C++ element type: dtypeOf<float>() is DType::F32. F16 has
/// no C++ type; access it as raw bytes or uint16_t bits via data().
template <typename T> constexpr DType dtypeOf() {
  using U = std::remove_cv_t<T>;
  if constexpr (std::is_same_v<U, float>)
    return DType::F32;
  else if constexpr (std::is_same_v<U, double>)
    return DType::F64;
  else if constexpr (std::is_same_v<U, int8_t>)
    return DType::I8;
  else if constexpr (std::is_same_v<U, uint8_t>)
    return DType::U8;
  else if constexpr (std::is_same_v<U, int32_t>)
    return DType::I32;
  else if constexpr (std::is_same_v<U, int64_t>)
    return DType::I64;
  else if constexpr (std::is_same_v<U, bool>)
    return DType::Bool;
  else
    static_assert(detail::AlwaysFalse<T>::value, "no dlc dtype for this type");
}

/// The number of elements of a shape (1 for a scalar).
inline size_t numElements(const std::vector<int64_t> &shape) {
  size_t N = 1;
  for (int64_t Dim : shape)
    N *= static_cast<size_t>(Dim);
  return N;
}

/// A model input or output as the model describes it.
struct TensorInfo {
  std::string name;
  DType dtype = DType::Invalid;
  std::vector<int64_t> shape;

  size_t numElements() const { return dlc::numElements(shape); }
  size_t byteSize() const { return numElements() * dtypeSize(dtype); }
};

/// One layer of a model compiled with `dlc --profile`, with its counters.
struct LayerProfile {
  std::string name;  ///< ONNX node name
  std::string op;    ///< dlc op, e.g. "dlc.conv2d"
  std::string shape; ///< output shape, e.g. "1x64x56x56"
  std::string algo;  ///< algorithm, e.g. "im2col"; empty if none
  int64_t flops = -1; ///< estimated FLOP per execution; -1 if unknown
  uint64_t calls = 0; ///< executions since load or the last reset
  uint64_t ns = 0;    ///< nanoseconds spent in it, over those executions
};

/// A snapshot of a profiled model's counters (Model::profile()).
struct Profile {
  uint64_t runs = 0;   ///< runs since load or the last reset
  uint64_t runNs = 0;  ///< nanoseconds spent in those runs
  std::vector<LayerProfile> layers; ///< in program order
};

/// An owning dense row-major tensor with 64-byte aligned storage. Copies are
/// deep.
class Tensor {
public:
  static constexpr size_t Alignment = 64;

  /// An empty tensor: no dtype, no storage.
  Tensor() = default;

  /// A zero-filled tensor.
  Tensor(DType dtype, std::vector<int64_t> shape)
      : ElementType(dtype), Shape(std::move(shape)) {
    if (dtypeSize(dtype) == 0)
      throw Error(DLC_ERROR_INVALID_ARGUMENT,
                  "dlc::Tensor: invalid dtype " +
                      std::to_string(static_cast<int32_t>(dtype)));
    for (int64_t Dim : Shape)
      if (Dim < 0)
        throw Error(DLC_ERROR_INVALID_ARGUMENT,
                    "dlc::Tensor: negative dimension " + std::to_string(Dim));
    allocate();
    std::memset(Storage.get(), 0, byteSize());
  }

  /// A zero-filled tensor of the dtype and shape of a model input or output.
  explicit Tensor(const TensorInfo &info) : Tensor(info.dtype, info.shape) {}

  /// A tensor holding a copy of `values`, which must have exactly
  /// numElements(shape) elements.
  template <typename T>
  static Tensor fromData(std::vector<int64_t> shape,
                         const std::vector<T> &values) {
    static_assert(!std::is_same_v<T, bool>,
                  "std::vector<bool> is not contiguous; fill data<bool>()");
    Tensor Result(dtypeOf<T>(), std::move(shape));
    if (values.size() != Result.numElements())
      throw Error(DLC_ERROR_INVALID_ARGUMENT,
                  "dlc::Tensor::fromData: " + std::to_string(values.size()) +
                      " values for a shape of " +
                      std::to_string(Result.numElements()) + " elements");
    if (!values.empty())
      std::memcpy(Result.data(), values.data(), Result.byteSize());
    return Result;
  }

  Tensor(const Tensor &other)
      : ElementType(other.ElementType), Shape(other.Shape) {
    if (other.Storage) {
      allocate();
      std::memcpy(Storage.get(), other.Storage.get(), byteSize());
    }
  }
  Tensor &operator=(const Tensor &other) {
    if (this != &other)
      *this = Tensor(other);
    return *this;
  }
  Tensor(Tensor &&) noexcept = default;
  Tensor &operator=(Tensor &&) noexcept = default;

  DType dtype() const { return ElementType; }
  const std::vector<int64_t> &shape() const { return Shape; }
  size_t rank() const { return Shape.size(); }
  size_t numElements() const { return dlc::numElements(Shape); }
  size_t byteSize() const { return numElements() * dtypeSize(ElementType); }

  void *data() { return Storage.get(); }
  const void *data() const { return Storage.get(); }

  /// The elements as T; throws if T does not match dtype().
  template <typename T> T *data() {
    checkType(dtypeOf<T>());
    return static_cast<T *>(Storage.get());
  }
  template <typename T> const T *data() const {
    checkType(dtypeOf<T>());
    return static_cast<const T *>(Storage.get());
  }

private:
  struct AlignedFree {
    void operator()(void *p) const {
      ::operator delete(p, std::align_val_t(Alignment));
    }
  };

  void allocate() {
    // At least one byte, so that even an empty tensor has a data pointer.
    size_t Bytes = byteSize() ? byteSize() : 1;
    Storage.reset(::operator new(Bytes, std::align_val_t(Alignment)));
  }

  void checkType(DType requested) const {
    if (requested != ElementType)
      throw Error(DLC_ERROR_INVALID_ARGUMENT,
                  std::string("dlc::Tensor: data of dtype ") +
                      dtypeName(ElementType) + " accessed as " +
                      dtypeName(requested));
  }

  DType ElementType = DType::Invalid;
  std::vector<int64_t> Shape;
  std::unique_ptr<void, AlignedFree> Storage;
};

/// A non-owning view of a dense row-major buffer for Model::run. It borrows
/// both the data and the shape vector, which must outlive it; views of
/// temporaries are therefore rejected at compile time. The runtime only reads
/// the data of input views.
class TensorView {
public:
  TensorView(const void *data, DType dtype, const std::vector<int64_t> &shape)
      : Data(const_cast<void *>(data)), ElementType(dtype), Shape(&shape) {}
  TensorView(const void *data, DType dtype,
             std::vector<int64_t> &&shape) = delete;

  /// A view with the dtype and shape of a model input or output.
  TensorView(const void *data, const TensorInfo &info)
      : TensorView(data, info.dtype, info.shape) {}
  TensorView(const void *data, TensorInfo &&info) = delete;

  /// A view of a whole tensor.
  TensorView(const Tensor &tensor)
      : TensorView(tensor.data(), tensor.dtype(), tensor.shape()) {}
  TensorView(Tensor &&tensor) = delete;

  void *data() const { return Data; }
  DType dtype() const { return ElementType; }
  const std::vector<int64_t> &shape() const { return *Shape; }

  /// The C API's description of this view.
  dlc_tensor toC() const {
    return {Data, static_cast<int32_t>(ElementType),
            static_cast<int32_t>(Shape->size()), Shape->data()};
  }

private:
  void *Data;
  DType ElementType;
  const std::vector<int64_t> *Shape;
};

/// A borrowed list of views: a braced list, a std::vector or a pointer and a
/// count.
class ViewList {
public:
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
// A ViewList is a parameter, gone before the braced list it borrows from.
#pragma GCC diagnostic ignored "-Winit-list-lifetime"
#endif
  ViewList(std::initializer_list<TensorView> views)
      : Data(views.begin()), Size(views.size()) {}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
  ViewList(const std::vector<TensorView> &views)
      : Data(views.data()), Size(views.size()) {}
  ViewList(const TensorView *data, size_t size) : Data(data), Size(size) {}

  const TensorView *begin() const { return Data; }
  const TensorView *end() const { return Data + Size; }
  size_t size() const { return Size; }
  const TensorView &operator[](size_t index) const { return Data[index]; }

private:
  const TensorView *Data;
  size_t Size;
};

/// A loaded model.so. Movable, not copyable. run() may be called from several
/// threads at once.
class Model {
public:
  /// Loads `path`; throws dlc::Error if it is missing or not a dlc model.
  static Model load(const std::string &path) {
    Model Result;
    detail::check(dlc_model_load(path.c_str(), &Result.Handle));
    const dlc_model_desc &Desc = *dlc_model_describe(Result.Handle);
    Result.Inputs = infos(Desc.inputs, Desc.num_inputs);
    Result.Outputs = infos(Desc.outputs, Desc.num_outputs);
    return Result;
  }

  Model(Model &&other) noexcept { *this = std::move(other); }
  Model &operator=(Model &&other) noexcept {
    if (this != &other) {
      dlc_model_free(Handle);
      Handle = std::exchange(other.Handle, nullptr);
      Inputs = std::move(other.Inputs);
      Outputs = std::move(other.Outputs);
    }
    return *this;
  }
  Model(const Model &) = delete;
  Model &operator=(const Model &) = delete;
  ~Model() { dlc_model_free(Handle); }

  const std::vector<TensorInfo> &inputs() const { return Inputs; }
  const std::vector<TensorInfo> &outputs() const { return Outputs; }

  /// The position of the input/output called `name`; throws if none is.
  size_t inputIndex(const std::string &name) const {
    size_t Index = 0;
    detail::check(dlc_model_find_input(Handle, name.c_str(), &Index));
    return Index;
  }
  size_t outputIndex(const std::string &name) const {
    size_t Index = 0;
    detail::check(dlc_model_find_output(Handle, name.c_str(), &Index));
    return Index;
  }

  /// The ONNX graph name, the producing compiler, and the target the code
  /// was compiled for.
  std::string name() const {
    return describeString(&dlc_model_desc::model_name);
  }
  std::string producer() const {
    return describeString(&dlc_model_desc::producer);
  }
  std::string target() const { return describeString(&dlc_model_desc::target); }

  /// Runs the model on `inputs` (in model order) and returns newly allocated
  /// outputs.
  std::vector<Tensor> run(const std::vector<Tensor> &inputs) const {
    std::vector<Tensor> Results(Outputs.begin(), Outputs.end());
    std::vector<TensorView> In(inputs.begin(), inputs.end());
    std::vector<TensorView> Out(Results.begin(), Results.end());
    run(In, Out);
    return Results;
  }

  /// Runs the model over caller-owned buffers: no copies, and no allocation
  /// for up to 8 inputs and 8 outputs once the model is warmed up.
  void run(ViewList inputs, ViewList outputs) const {
    constexpr size_t OnStack = 8;
    dlc_tensor Stack[2 * OnStack];
    std::vector<dlc_tensor> Heap;
    dlc_tensor *In = Stack, *Out = Stack + OnStack;
    if (inputs.size() > OnStack || outputs.size() > OnStack) {
      Heap.resize(inputs.size() + outputs.size());
      In = Heap.data();
      Out = In + inputs.size();
    }
    for (size_t I = 0; I < inputs.size(); ++I)
      In[I] = inputs[I].toC();
    for (size_t I = 0; I < outputs.size(); ++I)
      Out[I] = outputs[I].toC();
    detail::check(
        dlc_model_run(Handle, In, inputs.size(), Out, outputs.size()));
  }

  /// Threads per run, the caller's included; 0 restores the default
  /// (DLC_NUM_THREADS, else the hardware concurrency).
  void setNumThreads(int numThreads) {
    detail::check(dlc_model_set_num_threads(Handle, numThreads));
  }
  int numThreads() const { return dlc_model_num_threads(Handle); }

  /// Whether the model was compiled with `dlc --profile`.
  bool hasProfile() const {
    const dlc_profile_desc *Desc = nullptr;
    return Handle && dlc_model_profile(Handle, &Desc) == DLC_OK;
  }

  /// The per-layer counters of a model compiled with `dlc --profile`; throws
  /// dlc::Error for other models.
  Profile profile() const {
    const dlc_profile_desc *Desc = nullptr;
    detail::check(dlc_model_profile(Handle, &Desc));
    Profile Result;
    Result.runs = __atomic_load_n(Desc->runs, __ATOMIC_RELAXED);
    Result.runNs = __atomic_load_n(Desc->run_ns, __ATOMIC_RELAXED);
    Result.layers.resize(Desc->num_layers);
    for (uint32_t I = 0; I < Desc->num_layers; ++I) {
      const dlc_profile_layer &L = Desc->layers[I];
      LayerProfile &R = Result.layers[I];
      R.name = L.name;
      R.op = L.op;
      R.shape = L.shape;
      R.algo = L.algo;
      R.flops = L.flops;
      R.calls = __atomic_load_n(&Desc->layer_calls[I], __ATOMIC_RELAXED);
      R.ns = __atomic_load_n(&Desc->layer_ns[I], __ATOMIC_RELAXED);
    }
    return Result;
  }

  /// Zeroes the profile counters; throws if the model has none.
  void resetProfile() { detail::check(dlc_model_reset_profile(Handle)); }

  /// The C handle, for calls into dlc.h. Owned by this Model.
  dlc_model *handle() const { return Handle; }

private:
  Model() = default;

  static std::vector<TensorInfo> infos(const dlc_tensor_desc *descs,
                                       uint32_t count) {
    std::vector<TensorInfo> Result(count);
    for (uint32_t I = 0; I < count; ++I) {
      Result[I].name = descs[I].name;
      Result[I].dtype = static_cast<DType>(descs[I].dtype);
      Result[I].shape.assign(descs[I].shape, descs[I].shape + descs[I].rank);
    }
    return Result;
  }

  std::string describeString(const char *dlc_model_desc::*field) const {
    const dlc_model_desc *Desc = Handle ? dlc_model_describe(Handle) : nullptr;
    const char *Value = Desc ? Desc->*field : nullptr;
    return Value ? Value : "";
  }

  dlc_model *Handle = nullptr;
  std::vector<TensorInfo> Inputs;
  std::vector<TensorInfo> Outputs;
};

} // namespace dlc

#endif // DLC_RUNTIME_HPP
