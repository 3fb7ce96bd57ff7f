#!/usr/bin/python3
"""LeNet-5 (LeCun et al., 1998) with seeded random weights, for e2e tests.

  lenet5        the classic net: 1x32x32 -> C1 conv5x5 6 -> tanh -> S2 avgpool
                -> C3 conv5x5 16 -> tanh -> S4 avgpool -> Flatten
                -> Gemm 120 -> tanh -> Gemm 84 -> tanh -> Gemm 10
  lenet5_relu   the modern variant: ReLU and max pooling, and BatchNorm after
                both convolutions (calibrated, so it is not the identity)

Usage: /usr/bin/python3 test/models/lenet5.py OUTDIR   (writes both)
"""

import sys

import torch
import torch.nn as nn

import common

INPUT_SHAPE = (1, 1, 32, 32)


class LeNet5(nn.Module):
    def __init__(self, modern=False):
        super().__init__()
        act = nn.ReLU if modern else nn.Tanh
        pool = nn.MaxPool2d if modern else nn.AvgPool2d
        bn = nn.BatchNorm2d if modern else (lambda c: nn.Identity())
        self.features = nn.Sequential(
            nn.Conv2d(1, 6, 5), bn(6), act(), pool(2),    # 6x28x28 -> 6x14x14
            nn.Conv2d(6, 16, 5), bn(16), act(), pool(2),  # 16x10x10 -> 16x5x5
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(16 * 5 * 5, 120), act(),
            nn.Linear(120, 84), act(),
            nn.Linear(84, 10),
        )

    def forward(self, x):
        return self.classifier(self.features(x))


def build_lenet5():
    return LeNet5().eval(), torch.randn(INPUT_SHAPE)


def build_lenet5_relu():
    model = common.calibrate_batchnorm(LeNet5(modern=True), INPUT_SHAPE)
    return model, torch.randn(INPUT_SHAPE)


MODELS = {
    "lenet5": build_lenet5,
    "lenet5_relu": build_lenet5_relu,
}

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, build in MODELS.items():
        common.generate(name, build, sys.argv[1])
