#!/usr/bin/python3
"""Small conv nets with seeded random weights, for e2e tests.

  small_bn_convnet  1x3x16x16 -> [Conv3x3 -> BatchNorm -> ReLU] x2 with a
                    stride-2 conv between -> MaxPool -> Flatten -> Gemm 10.
                    The BNs are calibrated (random gamma/beta, real running
                    statistics), so folding or lowering them wrongly shows.
  softmax_convnet   1x1x12x12 -> Conv3x3 -> ReLU -> MaxPool -> Flatten
                    -> Gemm 32 -> ReLU -> Gemm 10 -> Softmax: a probability
                    vector, where small logit errors shrink and argmax stays.

Usage: /usr/bin/python3 test/models/convnets.py OUTDIR   (writes all)
"""

import sys

import torch
import torch.nn as nn

import common


def build_small_bn_convnet():
    shape = (1, 3, 16, 16)
    model = nn.Sequential(
        nn.Conv2d(3, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(),            # 8x16x16
        nn.Conv2d(8, 16, 3, stride=2, padding=1), nn.BatchNorm2d(16), nn.ReLU(),  # 16x8x8
        nn.MaxPool2d(2),                                                      # 16x4x4
        nn.Flatten(),
        nn.Linear(16 * 4 * 4, 10),
    )
    return common.calibrate_batchnorm(model, shape), torch.randn(shape)


def build_softmax_convnet():
    shape = (1, 1, 12, 12)
    model = nn.Sequential(
        nn.Conv2d(1, 4, 3), nn.ReLU(),  # 4x10x10
        nn.MaxPool2d(2),                # 4x5x5
        nn.Flatten(),
        nn.Linear(4 * 5 * 5, 32), nn.ReLU(),
        nn.Linear(32, 10),
        nn.Softmax(dim=1),
    )
    return model.eval(), torch.randn(shape)


MODELS = {
    "small_bn_convnet": build_small_bn_convnet,
    "softmax_convnet": build_softmax_convnet,
}

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, build in MODELS.items():
        common.generate(name, build, sys.argv[1])
