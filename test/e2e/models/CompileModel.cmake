# Compiles one e2e model with dlc and records how it went, for
# test/models/results_table.py:
#
#   cmake -DDLC=PATH -DMODEL=DIR/model.onnx -DLEVEL=2 -P CompileModel.cmake
#
# runs `dlc DIR/model.onnx -o DIR/model.O2.so -O2` and writes
# DIR/model.O2.compile.json: {"ok": ..., "exit_code": ..., "seconds": ...,
# "error": first line of dlc's diagnostics}. Fails when dlc does.
foreach(var DLC MODEL LEVEL)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "CompileModel.cmake: -D${var}=... is required")
  endif()
endforeach()

get_filename_component(dir ${MODEL} DIRECTORY)
set(stem ${dir}/model.O${LEVEL})
# Results of an earlier run must not pass for this one's.
file(REMOVE ${stem}.so ${stem}.compile.json ${stem}.result.json)

string(TIMESTAMP start "%s%f" UTC)
execute_process(COMMAND ${DLC} ${MODEL} -o ${stem}.so -O${LEVEL}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
string(TIMESTAMP end "%s%f" UTC)
math(EXPR ms "(${end} - ${start}) / 1000")
math(EXPR whole "${ms} / 1000")
math(EXPR frac "${ms} % 1000 + 1000") # zero-padded to 3 digits below
string(SUBSTRING ${frac} 1 3 frac)

set(first_line "")
if(err)
  message(NOTICE "${err}")
  string(REGEX MATCH "^[^\n]*" first_line "${err}")
  string(REPLACE "\\" "\\\\" first_line "${first_line}")
  string(REPLACE "\"" "\\\"" first_line "${first_line}")
  string(REPLACE "\t" " " first_line "${first_line}")
endif()
if(rc STREQUAL "0")
  set(ok true)
else()
  set(ok false)
endif()
if(NOT rc MATCHES "^[0-9]+$")
  set(rc -1) # "Child aborted" and the like
endif()
file(WRITE ${stem}.compile.json
     "{\"ok\": ${ok}, \"exit_code\": ${rc}, \"seconds\": ${whole}.${frac}, "
     "\"error\": \"${first_line}\"}\n")
if(NOT ok)
  message(FATAL_ERROR "dlc failed on ${MODEL} at -O${LEVEL} (exit ${rc})")
endif()
