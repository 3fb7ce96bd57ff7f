#!/usr/bin/python3
"""Small conv nets with seeded random weights, for e2e tests.

  small_bn_convnet  1x3x16x16 -> [Conv3x3 -> BatchNorm -> ReLU] x2 with a
                    stride-2 conv between -> MaxPool -> Flatten -> Gemm 10.
                    The BNs are calibrated (random gamma/beta, real running
                    statistics), so folding or lowering them wrongly shows.
  softmax_convnet   1x1x12x12 -> Conv3x3 -> ReLU -> MaxPool -> Flatten
                    -> Gemm 32 -> ReLU -> Gemm 10 -> Softmax: a probability
                    vector, where small logit errors shrink and argmax stays.
  opset_convnet     1x3x16x16, made to be exported at every opset 11..17
                    (opset_convnet-opsetN): the ops whose ONNX form changes
                    between them. Clip (ReLU6; min/max inputs from 11),
                    HardSwish (its own op from 14, HardSigmoid * x before),
                    Split and Squeeze/Unsqueeze (constant inputs instead of
                    attributes from 13), Softmax on axis 1 of a 4-D tensor
                    (Transposes around it before 13), Resize (nearest, sizes
                    from a Shape chain), ReduceMean, BatchNormalization
                    (calibrated).
                    Takes -bN.

Usage: /usr/bin/python3 test/models/convnets.py OUTDIR   (writes all)
"""

import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

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


class OpsetConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(3, 8, 3, padding=1),
                                  nn.BatchNorm2d(8), nn.ReLU6())
        self.down = nn.Sequential(nn.Conv2d(8, 8, 3, stride=2, padding=1),
                                  nn.BatchNorm2d(8), nn.Hardswish())
        self.branch_a = nn.Conv2d(4, 4, 1)
        self.branch_b = nn.Conv2d(4, 4, 3, padding=1)
        self.fc = nn.Linear(8, 10)

    def forward(self, x):
        x = self.down(self.stem(x))                       # 8x8x8
        a, b = torch.split(x, 4, dim=1)                   # Split
        a = F.max_pool2d(self.branch_a(a), 2)             # 4x4x4
        a = F.interpolate(a, size=b.shape[-2:], mode="nearest")  # Resize
        b = self.branch_b(b)                              # 4x8x8
        x = torch.cat([a, b], 1)
        x = x * torch.softmax(x, dim=1)                   # Softmax on axis 1
        x = x.mean(dim=(2, 3), keepdim=True)              # ReduceMean
        x = x.squeeze(3).squeeze(2)                       # Squeeze
        x = self.fc(x).unsqueeze(1)                       # Unsqueeze
        return torch.softmax(x, dim=-1).squeeze(1)


def build_opset_convnet(batch=1):
    shape = (batch, 3, 16, 16)
    model = common.calibrate_batchnorm(OpsetConvNet(), shape)
    return model, torch.randn(shape)


MODELS = {
    "opset_convnet": build_opset_convnet,
    "small_bn_convnet": build_small_bn_convnet,
    "softmax_convnet": build_softmax_convnet,
}

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, build in MODELS.items():
        common.generate(name, build, sys.argv[1])
