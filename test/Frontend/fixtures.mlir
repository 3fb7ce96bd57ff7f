// The shared frontend fixtures of test/models/make_frontend_models.py: one
// valid model, and the malformed or unsupported ones with what dlc says and
// its exit code (1 invalid, 3 unsupported).

// RUN: rm -rf %t && %python %models/make_frontend_models.py %t
// RUN: %dlc %t/conv_bn_relu_pool_gemm.onnx --emit=mlir -o - | FileCheck %s --check-prefix=VALID
// RUN: %python %S/expect_exit.py 3 %dlc %t/unsupported_ops.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=OPS
// RUN: %python %S/expect_exit.py 1 %dlc %t/truncated.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// RUN: %python %S/expect_exit.py 1 %dlc %t/not_protobuf.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=TEXT
// RUN: %python %S/expect_exit.py 1 %dlc %t/missing_tensor.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: %python %S/expect_exit.py 3 %dlc %t/int8_input.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=INT8
// RUN: %python %S/expect_exit.py 3 %dlc %t/float64_input.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=F64
// RUN: %python %S/expect_exit.py 1 %dlc %t/conv_channel_mismatch.onnx --emit=mlir -o - 2>&1 | FileCheck %s --check-prefix=CHANNELS

// VALID:      module attributes {dlc.model_name = "conv_bn_relu_pool_gemm", dlc.source = "{{.*}}conv_bn_relu_pool_gemm.onnx"}
// VALID:      func.func @main(%{{.*}}: tensor<1x1x8x8xf32>) -> tensor<1x10xf32> attributes {dlc.input_names = ["input"], dlc.output_names = ["output"]}
// VALID:      dlc.conv2d
// VALID:      dlc.batch_norm
// VALID:      dlc.relu
// VALID:      dlc.max_pool2d
// VALID:      dlc.reshape {{.*}} -> tensor<1x64xf32>
// VALID:      dlc.gemm {{.*}} -> tensor<1x10xf32>

// OPS: unsupported_ops.onnx: error: 2 op types are not supported by dlc: Det (opset 13) at node 'det_0'; MaxRoiPool (opset 13) at node 'roipool_0'
// OPS-NOT: relu_ok

// TRUNCATED: truncated.onnx: error: not a valid ONNX model (protobuf parsing failed: the file is truncated or is not an ONNX ModelProto)
// TEXT: not_protobuf.onnx: error: not a valid ONNX model (protobuf parsing failed: the file is truncated or is not an ONNX ModelProto)
// MISSING: missing_tensor.onnx: node 'conv1': error: Conv 'conv1': input 'conv1.w' is not a graph input, an initializer or an output of an earlier node
// INT8: int8_input.onnx: error: input 'input' has element type int8; dlc supports float32 inputs only
// F64: float64_input.onnx: error: input 'input' has element type float64; dlc supports float32 inputs only
// CHANNELS: conv_channel_mismatch.onnx: node 'conv1': error: Conv 'conv1': filter 4x2x3x3 expects 2 input channels (2 per group x group 1), but the input 1x3x8x8 has 3
