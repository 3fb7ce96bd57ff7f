#!/usr/bin/python3
"""An FCN-style segmentation net with seeded random weights, for e2e tests.

  fcn_small           1x3x64x64 -> per-pixel scores for 6 classes, 1x6x64x64.
                      Encoder: three stride-2 Conv-BN-ReLU stages (/8) and a
                      dilated 3x3 conv (dilation 2). Head, as in FCN-16s: a
                      1x1 score conv at /8, a learned 2x upsampling
                      (ConvTranspose 4x4, stride 2, pad 1, group 1) added to
                      a 1x1 score of the /4 features, then Resize (nearest)
                      x4 back to the input size.
  fcn_small_bilinear  the same with FCN's own upsampling: the ConvTranspose
                      is per class (group 6) and the final Resize is bilinear
                      (half_pixel, align_corners=False), as torchvision's FCN.

Both take -bN and -sN (N a multiple of 8).

Usage: /usr/bin/python3 test/models/segmentation.py OUTDIR   (writes all)
"""

import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

import common

CLASSES = 6


def conv_bn_relu(cin, cout, stride=1, dilation=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride=stride, padding=dilation,
                  dilation=dilation, bias=False),
        nn.BatchNorm2d(cout), nn.ReLU())


class FcnSmall(nn.Module):
    def __init__(self, bilinear=False):
        super().__init__()
        self.bilinear = bilinear
        self.stage1 = conv_bn_relu(3, 16, stride=2)                 # /2
        self.stage2 = conv_bn_relu(16, 32, stride=2)                # /4
        self.stage3 = nn.Sequential(conv_bn_relu(32, 64, stride=2),  # /8
                                    conv_bn_relu(64, 64, dilation=2))
        self.score8 = nn.Conv2d(64, CLASSES, 1)
        self.score4 = nn.Conv2d(32, CLASSES, 1)
        self.up2 = nn.ConvTranspose2d(CLASSES, CLASSES, 4, stride=2,
                                      padding=1,
                                      groups=CLASSES if bilinear else 1)

    def forward(self, x):
        size = x.shape[-2:]
        f4 = self.stage2(self.stage1(x))
        f8 = self.stage3(f4)
        s = self.up2(self.score8(f8)) + self.score4(f4)   # /4
        # As torchvision's FCN: back to the input's size (Resize with sizes
        # from a Shape -> Slice -> Concat chain).
        return F.interpolate(s, size=size,
                             mode="bilinear" if self.bilinear else "nearest",
                             align_corners=False if self.bilinear else None)


def build(bilinear, batch, size):
    if size % 8:
        raise ValueError("fcn_small: the input size must be a multiple of 8")
    shape = (batch, 3, size, size)
    model = common.calibrate_batchnorm(FcnSmall(bilinear), shape)
    return model, torch.randn(shape)


def build_fcn_small(batch=1, size=64):
    return build(False, batch, size)


def build_fcn_small_bilinear(batch=1, size=64):
    return build(True, batch, size)


MODELS = {
    "fcn_small": build_fcn_small,
    "fcn_small_bilinear": build_fcn_small_bilinear,
}

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, build_fn in MODELS.items():
        common.generate(name, build_fn, sys.argv[1])
