#!/usr/bin/python3
"""torchvision architectures with seeded random weights, for e2e tests.

Any model torchvision.models has is available as tv_ARCH, e.g. tv_resnet18,
tv_vgg11, tv_mobilenet_v2: built with weights=None (nothing downloaded),
every BatchNorm calibrated (common.calibrate_batchnorm), fed a seeded
1x3x224x224 input (299x299 for inception_v3); tv_ARCH-bN and tv_ARCH-sN
change the batch and the input size. So a new model is one line in
test/e2e/models/CMakeLists.txt, e.g. dlc_e2e_model(tv_resnet18-b4).

Usage: /usr/bin/python3 test/models/torchvision_models.py OUTDIR tv_ARCH...
"""

import sys

import torch
import torchvision

import common

PREFIX = "tv_"

# Constructor arguments and input sizes that differ from the default.
EXTRA_ARGS = {
    "googlenet": {"aux_logits": False, "init_weights": True},
    "inception_v3": {"aux_logits": False, "init_weights": True},
}
INPUT_SIZE = {"inception_v3": 299}


def resolve(name):
    """The build function for tv_ARCH, or None if `name` is not one."""
    if not name.startswith(PREFIX):
        return None
    arch = name[len(PREFIX):]
    if arch not in torchvision.models.list_models(module=torchvision.models):
        return None

    def build(batch=1, size=None):
        model = torchvision.models.get_model(arch, weights=None,
                                             **EXTRA_ARGS.get(arch, {}))
        size = size or INPUT_SIZE.get(arch, 224)
        shape = (batch, 3, size, size)
        common.calibrate_batchnorm(model, shape)
        return model.eval(), torch.randn(shape)

    return build


MODELS = {}  # resolved on demand by generate.py

if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    for name in sys.argv[2:]:
        base, options = common.split_variant(name)
        build = resolve(base)
        if build is None:
            sys.exit("torchvision_models.py: no torchvision model for '%s'" % name)
        options.pop("opset", None)  # common.generate reads it from the name
        common.generate(name, lambda: build(**options), sys.argv[1])
