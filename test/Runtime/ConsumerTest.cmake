# Installs the runtime component of the dlc build in DLC_BUILD_DIR to a fresh
# prefix under WORK_DIR, configures and builds the out-of-tree project in
# CONSUMER_SOURCE_DIR against it with find_package(dlc), and runs it on MODEL.
cmake_minimum_required(VERSION 3.20)

function(run_step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE Result
                  OUTPUT_VARIABLE Output ERROR_VARIABLE Output)
  if(NOT Result EQUAL 0)
    message(FATAL_ERROR "${what} failed (${Result}):\n${Output}")
  endif()
  message(STATUS "${what}: ok")
  set(StepOutput "${Output}" PARENT_SCOPE)
endfunction()

set(Prefix ${WORK_DIR}/prefix)
set(Build ${WORK_DIR}/build)
file(REMOVE_RECURSE ${WORK_DIR})

run_step("install"
  ${CMAKE_COMMAND} --install ${DLC_BUILD_DIR} --prefix ${Prefix}
                   --component runtime)
foreach(File include/dlc/dlc.h include/dlc/runtime.hpp
             include/dlc/model_abi.h)
  if(NOT EXISTS ${Prefix}/${File})
    message(FATAL_ERROR "install did not provide ${File}")
  endif()
endforeach()

run_step("configure"
  ${CMAKE_COMMAND} -S ${CONSUMER_SOURCE_DIR} -B ${Build} -G ${GENERATOR}
                   -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
                   -DCMAKE_PREFIX_PATH=${Prefix})
run_step("build" ${CMAKE_COMMAND} --build ${Build})
run_step("run" ${Build}/dlc-consumer ${MODEL})
message("${StepOutput}")
