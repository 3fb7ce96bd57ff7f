/*===- dlc/dlc.h - The dlc runtime C API -------------------------*- C -*-===//
 *
 * Loads a model.so produced by `dlc model.onnx -o model.so` and runs it:
 *
 *   dlc_model *model;
 *   if (dlc_model_load("model.so", &model) != DLC_OK) {
 *     fprintf(stderr, "%s\n", dlc_last_error());
 *     return 1;
 *   }
 *   const dlc_tensor_desc *in = dlc_model_input(model, 0);
 *   dlc_tensor x = {input_data, in->dtype, in->rank, in->shape};
 *   ...
 *   dlc_status s = dlc_model_run(model, &x, 1, &y, 1);
 *   dlc_model_free(model);
 *
 * Every function that can fail returns a dlc_status and, on failure, records
 * a one-line message for dlc_last_error(). Invalid arguments are reported as
 * errors, never as crashes. dlc_model_run() may be called from several threads
 * at once on the same model; the other functions on a model must not race
 * with dlc_model_free().
 *===----------------------------------------------------------------------===*/
#ifndef DLC_DLC_H
#define DLC_DLC_H

#include "dlc/model_abi.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define DLC_API
#else
#define DLC_API __attribute__((visibility("default")))
#endif

/* A loaded model. Opaque; created by dlc_model_load. */
typedef struct dlc_model dlc_model;

typedef enum dlc_status {
  DLC_OK = 0,
  DLC_ERROR_INVALID_ARGUMENT = 1, /* bad pointer, count, dtype, shape, name */
  DLC_ERROR_IO = 2,               /* the file is missing or cannot be loaded */
  DLC_ERROR_ABI = 3,              /* not a dlc model, or an incompatible one */
  DLC_ERROR_RUNTIME = 4,          /* the model failed, or memory ran out */
} dlc_status;

/* A caller-owned dense row-major tensor: `data` holds the product of
 * shape[0..rank) elements of `dtype`. Inputs are only read. */
typedef struct dlc_tensor {
  void *data;
  int32_t dtype; /* a dlc_dtype */
  int32_t rank;
  const int64_t *shape; /* rank dimension sizes; may be NULL when rank is 0 */
} dlc_tensor;

/* The message of the last failure in the calling thread ("" if none). Valid
 * until the next failing call in this thread. Successful calls keep it. */
DLC_API const char *dlc_last_error(void);

/* "ok", "invalid argument", "I/O error", "ABI error", "runtime error". */
DLC_API const char *dlc_status_name(dlc_status status);

/* "f32", "f16", "f64", "i8", "u8", "i32", "i64", "bool"; "invalid" for any
 * other value. */
DLC_API const char *dlc_dtype_name(int32_t dtype);

/* Bytes per element; 0 for an invalid dtype. */
DLC_API size_t dlc_dtype_size(int32_t dtype);

/* Opens the shared library at `path` (dlopen RTLD_NOW | RTLD_LOCAL; a path
 * without '/' is taken relative to the working directory, not searched for),
 * checks its ABI version and its description. The thread count comes from the
 * environment variable DLC_NUM_THREADS, else the hardware concurrency. */
DLC_API dlc_status dlc_model_load(const char *path, dlc_model **model);

/* Unloads the model. NULL is ignored. No run may be in progress. */
DLC_API void dlc_model_free(dlc_model *model);

/* The model's own description: name, producer, target, workspace size. */
DLC_API const dlc_model_desc *dlc_model_describe(const dlc_model *model);

/* Counts are 0 and descriptions NULL (with an error recorded) for a NULL
 * model or an index out of range. Descriptions live as long as the model. */
DLC_API size_t dlc_model_num_inputs(const dlc_model *model);
DLC_API size_t dlc_model_num_outputs(const dlc_model *model);
DLC_API const dlc_tensor_desc *dlc_model_input(const dlc_model *model,
                                               size_t index);
DLC_API const dlc_tensor_desc *dlc_model_output(const dlc_model *model,
                                                size_t index);

/* The index of the input/output called `name`; DLC_ERROR_INVALID_ARGUMENT if
 * there is none. */
DLC_API dlc_status dlc_model_find_input(const dlc_model *model,
                                        const char *name, size_t *index);
DLC_API dlc_status dlc_model_find_output(const dlc_model *model,
                                         const char *name, size_t *index);

/* Threads the model may use per run, the calling thread included; 0 restores
 * the default (DLC_NUM_THREADS, else the hardware concurrency). The model's
 * parallel loops are shared out to the model's thread pool (about 4 chunks
 * per thread; the calling thread takes part); a run that finds the pool busy
 * with another thread's run computes on its own thread. Outputs are the same
 * for every thread count. May be called while runs are in progress. */
DLC_API dlc_status dlc_model_set_num_threads(dlc_model *model,
                                             int32_t num_threads);
DLC_API int32_t dlc_model_num_threads(const dlc_model *model);

/* Checks the count, dtype, rank and every dimension of each tensor against
 * the model's description, then runs the model, writing the outputs. Needs
 * no allocation once warmed up: the scratch workspace each concurrent run
 * uses is pooled in the model. Thread-safe. */
DLC_API dlc_status dlc_model_run(const dlc_model *model,
                                 const dlc_tensor *inputs, size_t num_inputs,
                                 const dlc_tensor *outputs, size_t num_outputs);

/* The per-layer timing table of a model compiled with `dlc --profile` (see
 * dlc_profile_desc in dlc/model_abi.h), valid as long as the model. Every run
 * adds to its counters; read them with atomic loads (__atomic_load_n) while
 * runs may be in progress. DLC_ERROR_INVALID_ARGUMENT if the model was not
 * compiled with --profile, DLC_ERROR_ABI if its table is unusable. */
DLC_API dlc_status dlc_model_profile(const dlc_model *model,
                                     const dlc_profile_desc **profile);

/* Zeroes the counters of a profiled model (errors as dlc_model_profile).
 * Runs in progress may be counted in part. */
DLC_API dlc_status dlc_model_reset_profile(const dlc_model *model);

#ifdef __cplusplus
}
#endif

#endif /* DLC_DLC_H */
