# IR tests: lit + FileCheck over test/{Dialect,Conversion,Frontend,...}.
set(DLC_PYTHON "/usr/bin/python3" CACHE FILEPATH
    "Python with onnx, torch and numpy (Debian's) for generating test models")
set(LLVM_TOOLS_BINARY_DIR "${LLVM_TOOLS_BINARY_DIR}")
configure_lit_site_cfg(
  ${CMAKE_CURRENT_SOURCE_DIR}/lit.site.cfg.py.in
  ${CMAKE_CURRENT_BINARY_DIR}/lit.site.cfg.py
  MAIN_CONFIG ${CMAKE_CURRENT_SOURCE_DIR}/lit.cfg.py)

find_program(DLC_LIT lit PATHS ${LLVM_TOOLS_BINARY_DIR} NO_DEFAULT_PATH)
add_test(NAME lit-ir-tests
         COMMAND ${DLC_LIT} -sv ${CMAKE_CURRENT_BINARY_DIR})
set_tests_properties(lit-ir-tests PROPERTIES LABELS "lit")
