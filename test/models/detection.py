#!/usr/bin/python3
"""A small YOLO-style detector with seeded random weights, for e2e tests.

  yolo_tiny   1x3x128x128 -> two detection outputs, as YOLOv3-tiny:
              backbone of Conv-BN-LeakyRelu(0.1), downsampling by stride-2
              convs (/32), YOLOv3-tiny's ZeroPad2d((0, 1, 0, 1)) + 2x2
              stride-1 MaxPool, an SPP block (Concat of the input and two
              stride-1 MaxPools, 5x5 and 9x9); head 1 at /32, and a branch
              that is upsampled x2 (nn.Upsample, nearest: a Resize whose
              scales are a Concat of two Constants), concatenated with the
              /16 features and sent to head 2. Each head's 1x1 conv gives
              3 anchors x (4 box + 1 objectness + 4 classes) channels,
              reshaped and transposed to N x 3 x H x W x 9:
              output_0 1x3x4x4x9 and output_1 1x3x8x8x9.
              Takes -bN and -sN (N a multiple of 32).

Usage: /usr/bin/python3 test/models/detection.py OUTDIR   (writes all)
"""

import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

import common

ANCHORS = 3
CLASSES = 4


def cbl(cin, cout, k=3, stride=1):
    """Conv-BN-LeakyRelu, YOLO's basic block."""
    return nn.Sequential(
        nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False),
        nn.BatchNorm2d(cout), nn.LeakyReLU(0.1))


class Detect(nn.Module):
    """1x1 conv to ANCHORS x (5 + CLASSES) channels, as N x A x H x W x K."""

    def __init__(self, cin):
        super().__init__()
        self.conv = nn.Conv2d(cin, ANCHORS * (5 + CLASSES), 1)

    def forward(self, x):
        y = self.conv(x)
        n, _, h, w = y.shape
        return y.view(n, ANCHORS, 5 + CLASSES, h, w).permute(0, 1, 3, 4, 2)


class YoloTiny(nn.Module):
    def __init__(self):
        super().__init__()
        self.backbone16 = nn.Sequential(
            cbl(3, 8), cbl(8, 16, stride=2), cbl(16, 32, stride=2),   # /4
            cbl(32, 32), cbl(32, 64, stride=2), cbl(64, 64, stride=2))  # /16
        self.down32 = cbl(64, 128, stride=2)                          # /32
        self.pool = nn.Sequential(nn.ZeroPad2d((0, 1, 0, 1)),
                                  nn.MaxPool2d(2, stride=1))
        self.upsample = nn.Upsample(scale_factor=2, mode="nearest")
        self.spp_reduce = cbl(128 * 3, 128, k=1)
        self.neck = cbl(128, 64, k=1)
        self.detect32 = nn.Sequential(cbl(64, 128), Detect(128))
        self.lateral = cbl(64, 32, k=1)
        self.detect16 = nn.Sequential(cbl(32 + 64, 64), Detect(64))

    def forward(self, x):
        f16 = self.backbone16(x)
        f32 = self.pool(self.down32(f16))
        spp = torch.cat([f32, F.max_pool2d(f32, 5, 1, 2),
                         F.max_pool2d(f32, 9, 1, 4)], 1)
        p32 = self.neck(self.spp_reduce(spp))
        up = self.upsample(self.lateral(p32))
        return self.detect32(p32), self.detect16(torch.cat([up, f16], 1))


def build_yolo_tiny(batch=1, size=128):
    if size % 32:
        raise ValueError("yolo_tiny: the input size must be a multiple of 32")
    shape = (batch, 3, size, size)
    model = common.calibrate_batchnorm(YoloTiny(), shape)
    return model, torch.randn(shape)


MODELS = {
    "yolo_tiny": build_yolo_tiny,
}

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, build in MODELS.items():
        common.generate(name, build, sys.argv[1])
