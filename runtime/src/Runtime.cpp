//===- Runtime.cpp - Loading and running dlc model.so files ---------------===//
//
// Implements the C API of dlc/dlc.h: dlopen a model.so, check that it speaks
// the ABI of dlc/model_abi.h, and run it with validated tensors, a pooled
// workspace and the model's thread pool.
//
//===----------------------------------------------------------------------===//

#include "dlc/dlc.h"

#include "ThreadPool.h"

#include <dlfcn.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <thread>

using namespace dlc;

namespace {

using VersionFn = uint32_t (*)();
using DescribeFn = const dlc_model_desc *(*)();
using ProfileFn = const dlc_profile_desc *(*)();
using RunFn = int32_t (*)(const void *const *, void *const *, void *,
                          const dlc_run_hooks *);

/// Ranks above this are rejected as a corrupt description.
constexpr int32_t MaxRank = 64;
/// Thread counts above this are rejected as a typo.
constexpr int32_t MaxThreads = 4096;
/// Alignment of workspaces and of the pointer tables in a RunSlot.
constexpr size_t SlotAlign = 64;

thread_local std::string LastError;

dlc_status fail(dlc_status status, std::string message) {
  LastError = std::move(message);
  return status;
}

/// Runs `body`, turning an exception (std::bad_alloc while building a
/// message, std::system_error from a thread) into DLC_ERROR_RUNTIME: no C++
/// exception may leave the C API.
template <typename Body> dlc_status guarded(Body &&body) noexcept {
  try {
    return body();
  } catch (const std::exception &E) {
    try {
      LastError = E.what();
    } catch (const std::exception &) {
      LastError.clear();
    }
    return DLC_ERROR_RUNTIME;
  }
}

std::string formatShape(int32_t rank, const int64_t *shape) {
  if (rank == 0)
    return "[] (scalar)";
  std::string S;
  for (int32_t I = 0; I < rank; ++I) {
    if (I)
      S += 'x';
    S += std::to_string(shape[I]);
  }
  return S;
}

std::string formatDType(int32_t dtype) {
  if (dlc_dtype_size(dtype) == 0)
    return "invalid dtype " + std::to_string(dtype);
  return dlc_dtype_name(dtype);
}

/// "'a', 'b'" for the names of a tensor table.
std::string formatNames(const dlc_tensor_desc *descs, uint32_t count) {
  std::string S;
  for (uint32_t I = 0; I < count; ++I)
    S += (I ? ", '" : "'") + std::string(descs[I].name) + "'";
  return S;
}

std::string plural(uint64_t count, const char *noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

unsigned defaultNumThreads(std::string &error) {
  if (const char *Env = std::getenv("DLC_NUM_THREADS")) {
    char *End = nullptr;
    errno = 0;
    long N = std::strtol(Env, &End, 10);
    if (End == Env || *End != '\0' || errno || N < 1 || N > MaxThreads) {
      error = std::string("DLC_NUM_THREADS='") + Env +
              "': expected a thread count from 1 to " +
              std::to_string(MaxThreads);
      return 0;
    }
    return static_cast<unsigned>(N);
  }
  unsigned N = std::thread::hardware_concurrency();
  return N ? N : 1;
}

/// Per-run scratch, pooled by the model: the pointer tables passed to
/// dlc_abi_run followed, at a 64-byte boundary, by the model's workspace.
/// One slot is taken per concurrent run, so after warm-up runs allocate
/// nothing and the pool holds as many slots as runs ever overlapped.
struct RunSlot {
  RunSlot *Next;

  void *at(size_t offset) { return reinterpret_cast<char *>(this) + offset; }
  const void **inputs() {
    return static_cast<const void **>(at(sizeof(RunSlot)));
  }
  void **outputs(size_t numInputs) {
    return static_cast<void **>(
        at(sizeof(RunSlot) + numInputs * sizeof(void *)));
  }
};

} // namespace

struct dlc_model {
  std::string Path; // As given to dlc_model_load, to prefix messages.
  void *Handle = nullptr;
  RunFn Run = nullptr;
  const dlc_model_desc *Desc = nullptr;
  /// dlc_abi_profile()'s table, or null with the reason in ProfileError.
  const dlc_profile_desc *Profile = nullptr;
  dlc_status ProfileStatus = DLC_ERROR_INVALID_ARGUMENT;
  std::string ProfileError;
  mutable ThreadPool Pool; // Shared by concurrent runs.

  size_t WorkspaceOffset = 0; // From the start of a RunSlot.
  size_t SlotSize = 0;
  mutable std::mutex SlotMutex;
  mutable RunSlot *FreeSlots = nullptr;

  dlc_model(std::string path, unsigned numThreads)
      : Path(std::move(path)), Pool(numThreads) {}
  ~dlc_model();

  /// Computes the slot layout; false if it overflows size_t.
  bool layoutSlots();
  RunSlot *takeSlot() const;
  void returnSlot(RunSlot *slot) const;

  dlc_status checkDescription() const;
  /// Looks up the optional dlc_abi_profile and checks its table.
  void loadProfile();
  dlc_status checkTensors(const char *kind, const dlc_tensor_desc *expected,
                          uint32_t numExpected, const dlc_tensor *given,
                          size_t numGiven) const;
};

dlc_model::~dlc_model() {
  while (RunSlot *Slot = FreeSlots) {
    FreeSlots = Slot->Next;
    ::operator delete(Slot, std::align_val_t(SlotAlign));
  }
  if (Handle)
    dlclose(Handle);
}

bool dlc_model::layoutSlots() {
  size_t Pointers = size_t(Desc->num_inputs) + Desc->num_outputs;
  WorkspaceOffset = sizeof(RunSlot) + Pointers * sizeof(void *);
  WorkspaceOffset = (WorkspaceOffset + SlotAlign - 1) / SlotAlign * SlotAlign;
  if (Desc->workspace_size > SIZE_MAX - WorkspaceOffset)
    return false;
  SlotSize = WorkspaceOffset + static_cast<size_t>(Desc->workspace_size);
  return true;
}

RunSlot *dlc_model::takeSlot() const {
  {
    std::lock_guard<std::mutex> Lock(SlotMutex);
    if (RunSlot *Slot = FreeSlots) {
      FreeSlots = Slot->Next;
      return Slot;
    }
  }
  void *Memory =
      ::operator new(SlotSize, std::align_val_t(SlotAlign), std::nothrow);
  return Memory ? new (Memory) RunSlot{nullptr} : nullptr;
}

void dlc_model::returnSlot(RunSlot *slot) const {
  std::lock_guard<std::mutex> Lock(SlotMutex);
  slot->Next = FreeSlots;
  FreeSlots = slot;
}

dlc_status dlc_model::checkDescription() const {
  if (Desc->abi_version != DLC_MODEL_ABI_VERSION)
    return fail(DLC_ERROR_ABI,
                Path + ": dlc_abi_describe() reports ABI version " +
                    std::to_string(Desc->abi_version) + ", expected " +
                    std::to_string(DLC_MODEL_ABI_VERSION));
  struct Table {
    const char *Kind;
    const dlc_tensor_desc *Descs;
    uint32_t Count;
  } Tables[] = {{"input", Desc->inputs, Desc->num_inputs},
                {"output", Desc->outputs, Desc->num_outputs}};
  for (const Table &T : Tables) {
    if (T.Count && !T.Descs)
      return fail(DLC_ERROR_ABI, Path + ": dlc_abi_describe() declares " +
                                     plural(T.Count, T.Kind) +
                                     " but no table of them");
    for (uint32_t I = 0; I < T.Count; ++I) {
      const dlc_tensor_desc &D = T.Descs[I];
      if (!D.name)
        return fail(DLC_ERROR_ABI, Path + ": " + T.Kind + " #" +
                                       std::to_string(I) + " has no name");
      std::string Where = Path + ": " + T.Kind + " '" + D.name + "'";
      if (dlc_dtype_size(D.dtype) == 0)
        return fail(DLC_ERROR_ABI, Where + " has " + formatDType(D.dtype));
      if (D.rank < 0 || D.rank > MaxRank)
        return fail(DLC_ERROR_ABI,
                    Where + " has invalid rank " + std::to_string(D.rank));
      if (D.rank && !D.shape)
        return fail(DLC_ERROR_ABI, Where + " has rank " +
                                       std::to_string(D.rank) +
                                       " but no shape");
      uint64_t Bytes = dlc_dtype_size(D.dtype);
      for (int32_t Axis = 0; Axis < D.rank; ++Axis) {
        if (D.shape[Axis] < 0)
          return fail(DLC_ERROR_ABI, Where + " has dimension " +
                                         std::to_string(D.shape[Axis]) +
                                         " at axis " + std::to_string(Axis) +
                                         " (only static shapes are supported)");
        if (__builtin_mul_overflow(Bytes, static_cast<uint64_t>(D.shape[Axis]),
                                   &Bytes) ||
            Bytes > SIZE_MAX)
          return fail(DLC_ERROR_ABI, Where + " of shape " +
                                         formatShape(D.rank, D.shape) +
                                         " is too large to address");
      }
    }
  }
  return DLC_OK;
}

dlc_status dlc_model::checkTensors(const char *kind,
                                   const dlc_tensor_desc *expected,
                                   uint32_t numExpected,
                                   const dlc_tensor *given,
                                   size_t numGiven) const {
  if (numGiven != numExpected)
    return fail(DLC_ERROR_INVALID_ARGUMENT,
                Path + ": expected " + plural(numExpected, kind) +
                    (numExpected
                         ? " (" + formatNames(expected, numExpected) + ")"
                         : "") +
                    ", got " + std::to_string(numGiven));
  if (numGiven && !given)
    return fail(DLC_ERROR_INVALID_ARGUMENT,
                Path + ": " + kind + " tensor array is NULL");
  for (size_t I = 0; I < numGiven; ++I) {
    const dlc_tensor_desc &E = expected[I];
    const dlc_tensor &G = given[I];
    auto Fail = [&](const std::string &What) {
      return fail(DLC_ERROR_INVALID_ARGUMENT,
                  Path + ": " + kind + " '" + E.name + "': " + What);
    };
    if (!G.data)
      return Fail("data is NULL");
    if (G.dtype != E.dtype)
      return Fail("expected dtype " + formatDType(E.dtype) + ", got " +
                  formatDType(G.dtype));
    if (G.rank < 0)
      return Fail("invalid rank " + std::to_string(G.rank));
    if (G.rank && !G.shape)
      return Fail("rank " + std::to_string(G.rank) + " but shape is NULL");
    bool Same = G.rank == E.rank;
    for (int32_t Axis = 0; Same && Axis < E.rank; ++Axis)
      Same = G.shape[Axis] == E.shape[Axis];
    if (!Same)
      return Fail("expected shape " + formatShape(E.rank, E.shape) + ", got " +
                  formatShape(G.rank, G.shape));
  }
  return DLC_OK;
}

void dlc_model::loadProfile() {
  auto ProfileSymbol =
      reinterpret_cast<ProfileFn>(dlsym(Handle, "dlc_abi_profile"));
  if (!ProfileSymbol) {
    ProfileError = Path + ": the model has no per-layer profile (compile it "
                          "with `dlc --profile`)";
    return;
  }
  ProfileStatus = DLC_ERROR_ABI; // An unusable table from here on.
  const dlc_profile_desc *P = ProfileSymbol();
  if (!P) {
    ProfileError = Path + ": dlc_abi_profile() returned NULL";
    return;
  }
  if (P->version != DLC_PROFILE_VERSION) {
    ProfileError = Path + ": profile version " + std::to_string(P->version) +
                   " is not supported (this runtime reads version " +
                   std::to_string(DLC_PROFILE_VERSION) + ")";
    return;
  }
  if ((P->num_layers && (!P->layers || !P->layer_ns || !P->layer_calls)) ||
      !P->run_ns || !P->runs) {
    ProfileError = Path + ": dlc_abi_profile() has a missing table";
    return;
  }
  for (uint32_t I = 0; I < P->num_layers; ++I) {
    const dlc_profile_layer &L = P->layers[I];
    if (!L.name || !L.op || !L.shape || !L.algo) {
      ProfileError = Path + ": profile layer #" + std::to_string(I) +
                     " has a NULL string";
      return;
    }
  }
  Profile = P;
  ProfileStatus = DLC_OK;
}

//===----------------------------------------------------------------------===//
// C API
//===----------------------------------------------------------------------===//

const char *dlc_last_error(void) { return LastError.c_str(); }

const char *dlc_status_name(dlc_status status) {
  switch (status) {
  case DLC_OK:
    return "ok";
  case DLC_ERROR_INVALID_ARGUMENT:
    return "invalid argument";
  case DLC_ERROR_IO:
    return "I/O error";
  case DLC_ERROR_ABI:
    return "ABI error";
  case DLC_ERROR_RUNTIME:
    return "runtime error";
  }
  return "unknown status";
}

const char *dlc_dtype_name(int32_t dtype) {
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
  default:
    return "invalid";
  }
}

size_t dlc_dtype_size(int32_t dtype) {
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
  default:
    return 0;
  }
}

dlc_status dlc_model_load(const char *path, dlc_model **model) {
  if (!model)
    return fail(DLC_ERROR_INVALID_ARGUMENT,
                "dlc_model_load: model out-pointer is NULL");
  *model = nullptr;
  if (!path || !*path)
    return fail(DLC_ERROR_INVALID_ARGUMENT, "dlc_model_load: path is empty");

  return guarded([&]() -> dlc_status {
    std::string Path = path;
    std::string ThreadsError;
    unsigned Threads = defaultNumThreads(ThreadsError);
    if (!Threads)
      return fail(DLC_ERROR_INVALID_ARGUMENT, Path + ": " + ThreadsError);

    struct stat Info;
    if (stat(path, &Info) != 0)
      return fail(DLC_ERROR_IO,
                  Path + ": cannot open: " + std::strerror(errno));

    auto M = std::make_unique<dlc_model>(Path, Threads);
    // dlopen searches the library path for a name without '/', but a model
    // path names a file.
    std::string OpenPath =
        Path.find('/') == std::string::npos ? "./" + Path : Path;
    M->Handle = dlopen(OpenPath.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!M->Handle) {
      const char *Why = dlerror();
      return fail(DLC_ERROR_IO, Path + ": cannot load: " +
                                    (Why ? Why : "unknown dlopen error"));
    }

    const char *Names[3] = {"dlc_abi_version", "dlc_abi_describe",
                            "dlc_abi_run"};
    void *Symbols[3];
    for (int I = 0; I < 3; ++I) {
      Symbols[I] = dlsym(M->Handle, Names[I]);
      if (!Symbols[I])
        return fail(DLC_ERROR_ABI, Path + ": not a dlc model (missing symbol " +
                                       Names[I] + ")");
    }
    auto Version = reinterpret_cast<VersionFn>(Symbols[0]);
    auto Describe = reinterpret_cast<DescribeFn>(Symbols[1]);
    M->Run = reinterpret_cast<RunFn>(Symbols[2]);

    uint32_t V = Version();
    if (V != DLC_MODEL_ABI_VERSION)
      return fail(DLC_ERROR_ABI,
                  Path + ": model ABI version " + std::to_string(V) +
                      " is not supported (this runtime supports version " +
                      std::to_string(DLC_MODEL_ABI_VERSION) +
                      "); rebuild the model with a matching dlc");
    M->Desc = Describe();
    if (!M->Desc)
      return fail(DLC_ERROR_ABI, Path + ": dlc_abi_describe() returned NULL");
    if (dlc_status S = M->checkDescription())
      return S;
    M->loadProfile();
    if (!M->layoutSlots())
      return fail(DLC_ERROR_ABI, Path + ": workspace of " +
                                     std::to_string(M->Desc->workspace_size) +
                                     " bytes is too large to address");

    // Warm the pool with one slot: a caller that runs from one thread at a
    // time never allocates in dlc_model_run.
    RunSlot *Slot = M->takeSlot();
    if (!Slot)
      return fail(DLC_ERROR_RUNTIME,
                  Path + ": out of memory allocating a " +
                      std::to_string(M->Desc->workspace_size) +
                      "-byte workspace");
    M->returnSlot(Slot);
    *model = M.release();
    return DLC_OK;
  });
}

void dlc_model_free(dlc_model *model) { delete model; }

const dlc_model_desc *dlc_model_describe(const dlc_model *model) {
  if (!model) {
    fail(DLC_ERROR_INVALID_ARGUMENT, "dlc_model_describe: model is NULL");
    return nullptr;
  }
  return model->Desc;
}

size_t dlc_model_num_inputs(const dlc_model *model) {
  if (!model) {
    fail(DLC_ERROR_INVALID_ARGUMENT, "dlc_model_num_inputs: model is NULL");
    return 0;
  }
  return model->Desc->num_inputs;
}

size_t dlc_model_num_outputs(const dlc_model *model) {
  if (!model) {
    fail(DLC_ERROR_INVALID_ARGUMENT, "dlc_model_num_outputs: model is NULL");
    return 0;
  }
  return model->Desc->num_outputs;
}

/// dlc_model_input/dlc_model_output.
static const dlc_tensor_desc *tensorDesc(const char *function,
                                         const dlc_model *model, size_t index,
                                         bool output) {
  const dlc_tensor_desc *Result = nullptr;
  guarded([&]() -> dlc_status {
    if (!model)
      return fail(DLC_ERROR_INVALID_ARGUMENT,
                  std::string(function) + ": model is NULL");
    const dlc_model_desc &D = *model->Desc;
    uint32_t Count = output ? D.num_outputs : D.num_inputs;
    const char *Kind = output ? "output" : "input";
    if (index >= Count)
      return fail(DLC_ERROR_INVALID_ARGUMENT,
                  model->Path + ": " + Kind + " index " +
                      std::to_string(index) + " is out of range (the model " +
                      "has " + plural(Count, Kind) + ")");
    Result = &(output ? D.outputs : D.inputs)[index];
    return DLC_OK;
  });
  return Result;
}

const dlc_tensor_desc *dlc_model_input(const dlc_model *model, size_t index) {
  return tensorDesc("dlc_model_input", model, index, /*output=*/false);
}

const dlc_tensor_desc *dlc_model_output(const dlc_model *model, size_t index) {
  return tensorDesc("dlc_model_output", model, index, /*output=*/true);
}

/// dlc_model_find_input/dlc_model_find_output.
static dlc_status findTensor(const char *function, const dlc_model *model,
                             const char *name, size_t *index, bool output) {
  return guarded([&]() -> dlc_status {
    if (!model || !name || !index)
      return fail(DLC_ERROR_INVALID_ARGUMENT, std::string(function) + ": " +
                                                  (!model  ? "model"
                                                   : !name ? "name"
                                                           : "index") +
                                                  " is NULL");
    const dlc_model_desc &D = *model->Desc;
    const dlc_tensor_desc *Descs = output ? D.outputs : D.inputs;
    uint32_t Count = output ? D.num_outputs : D.num_inputs;
    const char *Kind = output ? "output" : "input";
    for (uint32_t I = 0; I < Count; ++I) {
      if (std::strcmp(Descs[I].name, name) == 0) {
        *index = I;
        return DLC_OK;
      }
    }
    return fail(DLC_ERROR_INVALID_ARGUMENT,
                model->Path + ": no " + Kind + " named '" + name + "'" +
                    (Count ? " (" + std::string(Kind) +
                                 "s: " + formatNames(Descs, Count) + ")"
                           : " (the model has none)"));
  });
}

dlc_status dlc_model_find_input(const dlc_model *model, const char *name,
                                size_t *index) {
  return findTensor("dlc_model_find_input", model, name, index,
                    /*output=*/false);
}

dlc_status dlc_model_find_output(const dlc_model *model, const char *name,
                                 size_t *index) {
  return findTensor("dlc_model_find_output", model, name, index,
                    /*output=*/true);
}

dlc_status dlc_model_set_num_threads(dlc_model *model, int32_t num_threads) {
  return guarded([&]() -> dlc_status {
    if (!model)
      return fail(DLC_ERROR_INVALID_ARGUMENT,
                  "dlc_model_set_num_threads: model is NULL");
    if (num_threads < 0 || num_threads > MaxThreads)
      return fail(DLC_ERROR_INVALID_ARGUMENT,
                  model->Path + ": thread count " +
                      std::to_string(num_threads) + " is out of range (1 to " +
                      std::to_string(MaxThreads) + ", or 0 for the default)");
    unsigned Threads = static_cast<unsigned>(num_threads);
    if (Threads == 0) {
      std::string Error;
      Threads = defaultNumThreads(Error);
      if (!Threads)
        return fail(DLC_ERROR_INVALID_ARGUMENT, model->Path + ": " + Error);
    }
    model->Pool.setNumThreads(Threads);
    return DLC_OK;
  });
}

int32_t dlc_model_num_threads(const dlc_model *model) {
  if (!model) {
    fail(DLC_ERROR_INVALID_ARGUMENT, "dlc_model_num_threads: model is NULL");
    return 0;
  }
  return static_cast<int32_t>(model->Pool.numThreads());
}

dlc_status dlc_model_run(const dlc_model *model, const dlc_tensor *inputs,
                         size_t num_inputs, const dlc_tensor *outputs,
                         size_t num_outputs) {
  return guarded([&]() -> dlc_status {
    if (!model)
      return fail(DLC_ERROR_INVALID_ARGUMENT, "dlc_model_run: model is NULL");
    const dlc_model_desc &D = *model->Desc;
    if (dlc_status S = model->checkTensors("input", D.inputs, D.num_inputs,
                                           inputs, num_inputs))
      return S;
    if (dlc_status S = model->checkTensors("output", D.outputs, D.num_outputs,
                                           outputs, num_outputs))
      return S;

    RunSlot *Slot = model->takeSlot();
    if (!Slot)
      return fail(DLC_ERROR_RUNTIME,
                  model->Path + ": out of memory allocating a " +
                      std::to_string(D.workspace_size) + "-byte workspace");
    const void **InputPtrs = Slot->inputs();
    void **OutputPtrs = Slot->outputs(num_inputs);
    for (size_t I = 0; I < num_inputs; ++I)
      InputPtrs[I] = inputs[I].data;
    for (size_t I = 0; I < num_outputs; ++I)
      OutputPtrs[I] = outputs[I].data;
    void *Workspace =
        D.workspace_size ? Slot->at(model->WorkspaceOffset) : nullptr;

    // Concurrent runs share the pool; one that finds it busy executes its
    // parallel_for calls inline.
    dlc_run_hooks Hooks = model->Pool.hooks();
    int32_t Code = model->Run(InputPtrs, OutputPtrs, Workspace, &Hooks);
    model->returnSlot(Slot);
    if (Code != 0)
      return fail(DLC_ERROR_RUNTIME,
                  model->Path + ": model run failed (dlc_abi_run returned " +
                      std::to_string(Code) + ")");
    return DLC_OK;
  });
}

dlc_status dlc_model_profile(const dlc_model *model,
                             const dlc_profile_desc **profile) {
  return guarded([&]() -> dlc_status {
    if (!model || !profile)
      return fail(DLC_ERROR_INVALID_ARGUMENT,
                  std::string("dlc_model_profile: ") +
                      (!model ? "model" : "profile") + " is NULL");
    *profile = model->Profile;
    if (!model->Profile)
      return fail(model->ProfileStatus, model->ProfileError);
    return DLC_OK;
  });
}

dlc_status dlc_model_reset_profile(const dlc_model *model) {
  const dlc_profile_desc *P = nullptr;
  if (dlc_status S = dlc_model_profile(model, &P))
    return S;
  for (uint32_t I = 0; I < P->num_layers; ++I) {
    __atomic_store_n(&P->layer_ns[I], 0, __ATOMIC_RELAXED);
    __atomic_store_n(&P->layer_calls[I], 0, __ATOMIC_RELAXED);
  }
  __atomic_store_n(P->run_ns, 0, __ATOMIC_RELAXED);
  __atomic_store_n(P->runs, 0, __ATOMIC_RELAXED);
  return DLC_OK;
}
