#!/usr/bin/python3
"""Write one model of the test corpus for the peer comparison.

  make_model.py OUTDIR NAME     # OUTDIR/NAME/{model.onnx, input_K.bin,
                                #   output_K.bin, model.pt}

NAME is any name test/models/generate.py knows (tv_resnet50, tv_mobilenet_v2,
lenet5, ...). The ONNX export, inputs and torch's outputs are generate.py's
(eval mode, seeded weights, calibrated BatchNorm); model.pt is the same torch
module, saved so that the PyTorch timer runs exactly the exported model.
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "test", "models"))

import common  # noqa: E402
import generate  # noqa: E402
import torch  # noqa: E402


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    outdir, name = sys.argv[1:]
    build = generate.find(name, generate.all_models())
    if build is None:
        sys.exit("make_model.py: unknown model '%s' (test/models/generate.py "
                 "knows %s and tv_ARCH)"
                 % (name, ", ".join(sorted(generate.all_models()))))
    built = {}

    def build_and_keep():
        model, inputs = build()
        built["model"] = model
        return model, inputs

    common.generate(name, build_and_keep, outdir)
    torch.save(built["model"], os.path.join(outdir, name, "model.pt"))


if __name__ == "__main__":
    main()
