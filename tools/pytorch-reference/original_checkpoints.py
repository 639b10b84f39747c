"""Checkpoints as the original project's train.py saved them, and the original module's own forward pass.

The import-pytorch test (tests/VNetAtria.Tests/Pipeline/PyTorchRunImportTests.cs) runs this with Debian's PyTorch:

  /usr/bin/python3 original_checkpoints.py write OUT_DIR WIDTH
      writes OUT_DIR/segmenter.pt ({"epoch", "model_state", "best_dice", "mean", "std"}, numpy scalars as the
      original) and OUT_DIR/locator.pt ({"epoch", "model_state"}) of seeded width-WIDTH VNets, initialised as the
      original and then nudged, so that every parameter (zero biases and PReLU slopes included) carries a value of its own.
  /usr/bin/python3 original_checkpoints.py forward CHECKPOINT INPUT.f32 D H W OUTPUT.f32 WIDTH
      loads the checkpoint's model_state strictly into the original module and writes sigmoid(model(x)) for the
      float32 C-order volume x (1 x 1 x D x H x W), as float32.
"""
import sys

import numpy as np
import torch

from vnet_original import VNet, count

torch.set_num_threads(1)


def model_of(seed, width):
    torch.manual_seed(seed)
    model = VNet(width=width)
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.01 * torch.randn_like(p))
    return model


def write(out, width):
    segmenter = model_of(11, width)
    torch.save({"epoch": 173, "model_state": segmenter.state_dict(), "best_dice": 0.88,
                "mean": np.float64(61.25), "std": np.float32(40.5)}, f"{out}/segmenter.pt")
    locator = model_of(5, width)
    torch.save({"epoch": 188, "model_state": locator.state_dict()}, f"{out}/locator.pt")
    print("parameters", count(segmenter))


def forward(checkpoint, source, d, h, w, target, width):
    model = VNet(width=width)
    model.load_state_dict(torch.load(checkpoint)["model_state"], strict=True)
    model.eval()
    x = torch.from_numpy(np.fromfile(source, dtype=np.float32).reshape(1, 1, d, h, w))
    with torch.no_grad():
        torch.sigmoid(model(x)).numpy().astype(np.float32).tofile(target)


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], int(sys.argv[3]))
    else:
        forward(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), sys.argv[7], int(sys.argv[8]))
