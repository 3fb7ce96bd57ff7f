//===- BufferizableOpInterfaceImpl.h - Bufferizing dlc kernel ops -*- C++ -*-===//
#ifndef DLC_DIALECT_BUFFERIZABLEOPINTERFACEIMPL_H
#define DLC_DIALECT_BUFFERIZABLEOPINTERFACEIMPL_H

namespace mlir {
class DialectRegistry;

namespace dlc {
/// Lets one-shot bufferization turn dlc's destination-style kernel ops
/// (dlc.conv2d_kernel) into their memref form, in place in their `outs`.
void registerBufferizableOpInterfaceExternalModels(DialectRegistry &registry);
} // namespace dlc
} // namespace mlir

#endif // DLC_DIALECT_BUFFERIZABLEOPINTERFACEIMPL_H
