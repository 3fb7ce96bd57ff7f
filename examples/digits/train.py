#!/usr/bin/python3
"""Train the bundled digits CNN and export it for dlc.

Trains a small Conv-BN-ReLU-MaxPool x2 -> Flatten -> Gemm -> ReLU -> Gemm
network on the 8x8 handwritten digits shipped with scikit-learn (1,797
images), deterministically: fixed seeds, one thread, a fixed 1,437 / 360
train / held-out split. Writes into OUTDIR:

  digits.onnx         opset 13, batch 1, input "image" [1,1,8,8] f32,
                      output "logits" [1,10]; BatchNormalization kept
  test_images.bin     the 360 held-out images, preprocessed (pixel / 16),
                      raw little-endian f32, shape [360,1,8,8]
  test_labels.bin     their labels, raw little-endian int32, shape [360]
  torch_logits.bin    torch's eval-mode logits for them, raw f32 [360,10]
  torch_accuracy.txt  torch's eval-mode accuracy on them, one line:
                      "accuracy: CORRECT/TOTAL (PCT%)"

Run with Debian's Python, which has torch, onnx and scikit-learn:
  /usr/bin/python3 examples/digits/train.py OUTDIR
"""

import argparse
import os
import sys

import numpy as np
import torch
import torch.nn as nn
from sklearn.datasets import load_digits

SEED = 0
NUM_HELD_OUT = 360
EPOCHS = 30
BATCH = 32
LR = 0.05


class DigitsNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 16, 3, padding=1),  # 16x8x8
            nn.BatchNorm2d(16),
            nn.ReLU(),
            nn.MaxPool2d(2),  # 16x4x4
            nn.Conv2d(16, 32, 3, padding=1),  # 32x4x4
            nn.BatchNorm2d(32),
            nn.ReLU(),
            nn.MaxPool2d(2),  # 32x2x2
        )
        self.classifier = nn.Sequential(
            nn.Flatten(),
            nn.Linear(32 * 2 * 2, 64),
            nn.ReLU(),
            nn.Linear(64, 10),
        )

    def forward(self, x):
        return self.classifier(self.features(x))


def format_accuracy(correct, total):
    # Keep in sync with FormatAccuracy() in digits.cpp: the two lines are
    # compared byte for byte by `dlc-digits --expect`.
    return "accuracy: %d/%d (%.2f%%)" % (correct, total,
                                         100.0 * correct / total)


def split(images, labels):
    """A fixed permutation: the last NUM_HELD_OUT images are held out."""
    order = np.random.RandomState(SEED).permutation(len(images))
    train, test = order[:-NUM_HELD_OUT], order[-NUM_HELD_OUT:]
    return images[train], labels[train], images[test], labels[test]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("outdir", help="directory to write the files into")
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args()
    os.makedirs(args.outdir, exist_ok=True)

    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)

    digits = load_digits()
    images = (digits.images / 16.0).astype(np.float32)[:, None, :, :]
    labels = digits.target.astype(np.int64)
    x_train, y_train, x_test, y_test = split(images, labels)
    x_train, y_train = torch.from_numpy(x_train), torch.from_numpy(y_train)
    x_test_t = torch.from_numpy(x_test)

    model = DigitsNet()
    opt = torch.optim.SGD(model.parameters(), lr=LR, momentum=0.9,
                          weight_decay=1e-4)
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator().manual_seed(SEED)
    for epoch in range(args.epochs):
        model.train()
        perm = torch.randperm(len(x_train), generator=gen)
        total_loss = 0.0
        for i in range(0, len(perm), BATCH):
            idx = perm[i:i + BATCH]
            opt.zero_grad()
            loss = loss_fn(model(x_train[idx]), y_train[idx])
            loss.backward()
            opt.step()
            total_loss += loss.item() * len(idx)
        if (epoch + 1) % 10 == 0:
            print("epoch %d: train loss %.4f" %
                  (epoch + 1, total_loss / len(perm)))

    # Held-out accuracy in eval mode (BN uses its running statistics), one
    # image at a time exactly as the exported batch-1 model sees them.
    model.eval()
    with torch.no_grad():
        logits = torch.cat([model(x_test_t[i:i + 1])
                            for i in range(len(x_test_t))])
    pred = logits.argmax(dim=1).numpy()
    correct = int((pred == y_test).sum())
    accuracy = format_accuracy(correct, len(y_test))
    print("torch " + accuracy)

    onnx_path = os.path.join(args.outdir, "digits.onnx")
    # PRESERVE keeps BatchNormalization as its own node (eval mode, running
    # statistics); the default export would fold it into the convolutions.
    torch.onnx.export(model, x_test_t[:1], onnx_path,
                      input_names=["image"], output_names=["logits"],
                      opset_version=13, do_constant_folding=False,
                      training=torch.onnx.TrainingMode.PRESERVE)
    finish_export(onnx_path)

    x_test.astype("<f4").tofile(os.path.join(args.outdir, "test_images.bin"))
    y_test.astype("<i4").tofile(os.path.join(args.outdir, "test_labels.bin"))
    logits.numpy().astype("<f4").tofile(
        os.path.join(args.outdir, "torch_logits.bin"))
    with open(os.path.join(args.outdir, "torch_accuracy.txt"), "w") as f:
        f.write(accuracy + "\n")
    print("wrote %s, test_images.bin, test_labels.bin, torch_logits.bin, "
          "torch_accuracy.txt "
          "(%d held-out images)" % (onnx_path, len(y_test)))


def finish_export(path):
    """Name the graph, and fail loudly if it is not the one dlc should see."""
    import onnx
    model = onnx.load(path)
    model.graph.name = "digits"  # what the compiled model reports as its name
    onnx.checker.check_model(model)
    onnx.save(model, path)
    ops = [n.op_type for n in model.graph.node]
    if ops.count("BatchNormalization") != 2:
        sys.exit("train.py: expected 2 BatchNormalization nodes in %s, got %s"
                 % (path, ops))


if __name__ == "__main__":
    main()
