#!/usr/bin/python3
"""Models that exercise dlc's graph passes, for e2e tests.

  weight_subgraph_net  1x3x12x12. Weights computed from other weights in
                       forward(), which torch.onnx.export (without constant
                       folding) leaves as ONNX ops on initializers for
                       dlc-fold-constants: a conv weight scaled per output
                       channel (Reshape, Mul), a bias sum (Add), a kernel
                       made of a 3x3 one zero-padded to 5x5 (Concat with
                       zero buffers: F.pad exports a shape subgraph dlc does
                       not import) and a 5x5 slice of a 7x7 one (Slice,
                       Concat), a sigmoid channel gate (Sigmoid, Reshape),
                       a transposed MatMul weight (Transpose). BatchNorms where dlc-fold-batch-norm
                       must look beyond the conv right before: before a conv
                       without padding, after a conv through a Flatten, and
                       before a Linear. All BatchNorms are calibrated.

Usage: /usr/bin/python3 test/models/graph_models.py OUTDIR   (writes all)
"""

import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

import common


class WeightSubgraphNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.bn_in = nn.BatchNorm2d(3)          # folds into conv1 (no pads)
        self.conv1 = nn.Conv2d(3, 8, 1)
        self.v = nn.Parameter(torch.randn(8, 8, 3, 3) * 0.2)
        self.g = nn.Parameter(torch.rand(8) + 0.5)
        self.b2a = nn.Parameter(torch.randn(8) * 0.1)
        self.b2b = nn.Parameter(torch.randn(8) * 0.1)
        self.k_small = nn.Parameter(torch.randn(4, 8, 3, 3) * 0.2)
        self.register_buffer("zero_cols", torch.zeros(4, 8, 3, 1))
        self.register_buffer("zero_rows", torch.zeros(4, 8, 1, 5))
        self.k_large = nn.Parameter(torch.randn(4, 8, 7, 7) * 0.1)
        self.gate = nn.Parameter(torch.randn(8))
        self.conv4 = nn.Conv2d(8, 16, 6)        # 6x6 -> 1x1
        self.bn_flat = nn.BatchNorm1d(16)       # conv4 -> Flatten -> BN
        self.bn_fc = nn.BatchNorm1d(16)         # BN -> Linear
        self.fc = nn.Linear(16, 16)
        self.w_out = nn.Parameter(torch.randn(10, 16) * 0.3)

    def forward(self, x):
        x = F.relu(self.conv1(self.bn_in(x)))                   # 8x12x12
        w2 = self.v * self.g.view(-1, 1, 1, 1)
        x = F.relu(F.conv2d(x, w2, self.b2a + self.b2b, padding=1))
        padded = torch.cat([self.zero_cols, self.k_small, self.zero_cols], 3)
        padded = torch.cat([self.zero_rows, padded, self.zero_rows], 2)
        w3 = torch.cat([padded, self.k_large[:, :, 1:6, 1:6]], 0)
        x = F.conv2d(x, w3, stride=2, padding=2)                # 8x6x6
        x = x * torch.sigmoid(self.gate).view(1, -1, 1, 1)
        x = self.bn_flat(torch.flatten(self.conv4(x), 1))       # 16
        x = self.fc(self.bn_fc(F.relu(x)))
        return F.relu(x) @ self.w_out.t()                       # 10


def build_weight_subgraph_net():
    shape = (1, 3, 12, 12)
    model = common.calibrate_batchnorm(WeightSubgraphNet(), shape)
    return model, torch.randn(shape)


MODELS = {
    "weight_subgraph_net": build_weight_subgraph_net,
}

if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    for name, build in MODELS.items():
        common.generate(name, build, sys.argv[1])
