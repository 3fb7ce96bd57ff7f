# -*- Python -*-
# lit configuration for dlc's IR tests (test/Dialect, test/Conversion,
# test/Frontend, test/Transforms, test/Pipeline).
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "dlc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Runtime", "e2e", "models", "Support", "Inputs",
                   "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dlc_obj_root, "test")

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.dlc_tools_dir, append_path=True)

config.substitutions.append(("%dlc-opt", os.path.join(config.dlc_tools_dir, "dlc-opt")))
config.substitutions.append(("%dlc", os.path.join(config.dlc_tools_dir, "dlc")))
config.substitutions.append(("%python", config.python_with_onnx))
config.substitutions.append(("%models", os.path.join(config.dlc_src_root, "test", "models")))
config.substitutions.append(("%onnx-node", "/usr/share/libonnx-testdata/data/node"))
