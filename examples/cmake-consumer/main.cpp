//===- main.cpp - Uses an installed dlc runtime ---------------------------===//
//
//   dlc-consumer model.so
//
// Prints the model's inputs and outputs, then runs it once on zeros.
//
//===----------------------------------------------------------------------===//

#include <dlc/runtime.hpp>

#include <iostream>

int main(int argc, char **argv) {
  if (argc != 2) {
    std::cerr << "usage: dlc-consumer model.so\n";
    return 2;
  }
  try {
    dlc::Model Model = dlc::Model::load(argv[1]);
    std::vector<dlc::Tensor> Inputs;
    for (const dlc::TensorInfo &Info : Model.inputs()) {
      std::cout << "input  " << Info.name << ": " << dlc::dtypeName(Info.dtype)
                << ", " << Info.numElements() << " elements\n";
      Inputs.emplace_back(Info);
    }
    std::vector<dlc::Tensor> Outputs = Model.run(Inputs);
    for (size_t I = 0; I < Outputs.size(); ++I)
      std::cout << "output " << Model.outputs()[I].name << ": "
                << dlc::dtypeName(Outputs[I].dtype()) << ", "
                << Outputs[I].byteSize() << " bytes\n";
  } catch (const dlc::Error &E) {
    std::cerr << "dlc-consumer: " << E.what() << "\n";
    return 1;
  }
  return 0;
}
