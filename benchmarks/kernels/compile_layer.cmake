# Compiles one kernel-suite layer with dlc and records the algorithm dlc chose.
#
#   cmake -DDLC=path/to/dlc -DLAYER=DIR/ID [-DFLAGS="-O3 ..."] -P compile_layer.cmake
#
# Reads DIR/ID.onnx and writes DIR/ID.so and DIR/ID.algo: the `algo` of the
# layer's dlc.conv2d in the last IR that still has it (dlc's per-layer
# decision, made before lowering), "default" when the IR leaves it at auto
# or the op has none (GEMMs). If dlc cannot compile the layer (an op or
# attribute it does not support yet), the build goes on: DIR/ID.log keeps
# dlc's message, ID.algo says "unsupported", there is no ID.so, and
# dlc-kernel-bench reports the layer as skipped with that message.

set(dump "${LAYER}.ir")
file(REMOVE_RECURSE "${dump}")
file(REMOVE "${LAYER}.so" "${LAYER}.log")
separate_arguments(flags UNIX_COMMAND "${FLAGS}")
execute_process(
  COMMAND "${DLC}" "${LAYER}.onnx" -o "${LAYER}.so" "--dump-ir=${dump}" ${flags}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)

if(NOT rc EQUAL 0)
  file(WRITE "${LAYER}.log" "${out}")
  file(REMOVE "${LAYER}.so")
  file(WRITE "${LAYER}.algo" "unsupported\n")
  get_filename_component(id "${LAYER}" NAME)
  message("dlc-kernel-bench: dlc cannot compile ${id} (exit ${rc}); "
          "the layer will be skipped, see ${LAYER}.log")
else()
  set(algo default)
  file(GLOB dumps "${dump}/*.mlir")
  list(SORT dumps)
  foreach(ir IN LISTS dumps)
    file(STRINGS "${ir}" convs REGEX "dlc\\.conv2d")
    if(convs)
      set(algo default)
      string(REGEX MATCH "algo = #dlc[.<]a?l?g?o?<?([a-z0-9_]+)>" match "${convs}")
      if(match AND NOT CMAKE_MATCH_1 STREQUAL "auto")
        set(algo "${CMAKE_MATCH_1}")
      endif()
    endif()
  endforeach()
  file(WRITE "${LAYER}.algo" "${algo}\n")
endif()
file(REMOVE_RECURSE "${dump}")
