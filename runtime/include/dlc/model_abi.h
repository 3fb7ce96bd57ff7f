/*===- dlc/model_abi.h - The C ABI every dlc model.so exports ----*- C -*-===//
 *
 * A model.so produced by `dlc model.onnx -o model.so` exports exactly three
 * C symbols, described here; one built with `dlc --profile` exports a
 * fourth, dlc_abi_profile(), which a loader must treat as optional. The layout is versioned: a loader must check
 * dlc_abi_version() == DLC_MODEL_ABI_VERSION before touching anything
 * else. Fields are only ever appended, never reordered, within one version.
 *
 * No MLIR memref descriptors cross this boundary: tensors are bare pointers
 * to dense, row-major (C order) buffers of the described shape and dtype.
 *===----------------------------------------------------------------------===*/
#ifndef DLC_MODEL_ABI_H
#define DLC_MODEL_ABI_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DLC_MODEL_ABI_VERSION 1u

/* Element types. Values are stable across versions. */
typedef enum dlc_dtype {
  DLC_DTYPE_INVALID = 0,
  DLC_DTYPE_F32 = 1,
  DLC_DTYPE_F16 = 2,
  DLC_DTYPE_F64 = 3,
  DLC_DTYPE_I8 = 4,
  DLC_DTYPE_U8 = 5,
  DLC_DTYPE_I32 = 6,
  DLC_DTYPE_I64 = 7,
  DLC_DTYPE_BOOL = 8,
} dlc_dtype;

/* One model input or output. */
typedef struct dlc_tensor_desc {
  const char *name;     /* ONNX value name, NUL-terminated. */
  int32_t dtype;        /* a dlc_dtype */
  int32_t rank;         /* number of dimensions (0 for a scalar) */
  const int64_t *shape; /* rank static dimension sizes */
} dlc_tensor_desc;

/* What the model computes and what run() needs. */
typedef struct dlc_model_desc {
  uint32_t abi_version; /* == DLC_MODEL_ABI_VERSION */
  uint32_t num_inputs;
  uint32_t num_outputs;
  uint32_t reserved;
  const char *model_name;  /* ONNX graph name */
  const char *producer;    /* e.g. "dlc 0.1.0" */
  const char *target;      /* target triple and CPU the code was built for */
  const dlc_tensor_desc *inputs;
  const dlc_tensor_desc *outputs;
  /* Bytes of scratch memory run() needs in `workspace` (0: none; the model
   * then allocates its own temporaries). Aligned to 64 bytes by the caller. */
  uint64_t workspace_size;
} dlc_model_desc;

/* Work-sharing hooks a runtime may pass to run(); all members optional.
 * parallel_for must call body(ctx, begin, end) over disjoint ranges covering
 * [0, n) and return only when all calls have finished; the bodies may run on
 * any threads. A dlc model calls it from the thread that called run(), once
 * per parallel loop worth it, when struct_size covers parallel_for,
 * parallel_for is set and num_threads > 1; otherwise (hooks NULL included)
 * it runs every loop on the calling thread. The results do not depend on
 * how [0, n) is split. dlcrt's pool splits it into about 4 chunks per
 * thread that the calling thread and its workers claim in turn. */
typedef struct dlc_run_hooks {
  uint32_t struct_size; /* sizeof(dlc_run_hooks) of the caller */
  int32_t num_threads;
  void *pool;
  void (*parallel_for)(void *pool, int64_t n,
                       void (*body)(void *ctx, int64_t begin, int64_t end),
                       void *ctx);
} dlc_run_hooks;

/* The exported entry points. run() returns 0 on success. It holds no global
 * mutable state, so it may be called from several threads at once. */
uint32_t dlc_abi_version(void);
const dlc_model_desc *dlc_abi_describe(void);
int32_t dlc_abi_run(const void *const *inputs, void *const *outputs,
                    void *workspace, const dlc_run_hooks *hooks);

/*===----------------------------------------------------------------------===
 * Optional: per-layer timing (models compiled with `dlc --profile`)
 *===----------------------------------------------------------------------===*/

#define DLC_PROFILE_VERSION 1u

/* One timed layer: a dlc op, in program order. */
typedef struct dlc_profile_layer {
  const char *name;  /* ONNX node name ('+'-joined if several were fused) */
  const char *op;    /* dlc op, e.g. "dlc.conv2d" */
  const char *shape; /* output shape, e.g. "1x64x56x56" */
  const char *algo;  /* the layer's algorithm, e.g. "im2col"; "" if none */
  int64_t flops;     /* estimated floating-point operations per execution
                        (a multiply-add counts 2); -1 if unknown */
} dlc_profile_layer;

/* The layer table and its counters. Every run adds to the counters with
 * relaxed atomic adds (concurrent runs add up); readers load them with atomic
 * loads and may store zeros to reset them. Times are CLOCK_MONOTONIC
 * nanoseconds. */
typedef struct dlc_profile_desc {
  uint32_t version;    /* == DLC_PROFILE_VERSION */
  uint32_t num_layers;
  const dlc_profile_layer *layers; /* num_layers entries */
  uint64_t *layer_ns;    /* num_layers: time spent in each layer */
  uint64_t *layer_calls; /* num_layers: times each layer ran */
  uint64_t *run_ns;      /* 1: time spent in dlc_abi_run */
  uint64_t *runs;        /* 1: calls of dlc_abi_run */
} dlc_profile_desc;

/* Exported only by profiled models: look it up with dlsym. */
const dlc_profile_desc *dlc_abi_profile(void);

#ifdef __cplusplus
}
#endif

#endif /* DLC_MODEL_ABI_H */
