"""Writes the PyTorch parity fixtures the C# tests read (tests/VNetAtria.Tests/Fixtures/pytorch/).

For each case: the seeded model's state_dict (torch.save(model.state_dict())), an input, and the eval-mode output.
Reduced widths keep the files small while keeping the original's key structure (same module tree).
Also writes the full-width key lists (name and shape of every state_dict entry) of the original configurations.

Run: /usr/bin/python3 tools/pytorch-reference/make_fixtures.py   (Debian's python3-torch, PyTorch 1.13)
"""
import hashlib
import os
import torch
from vnet_original import VNet, count

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "VNetAtria.Tests", "Fixtures", "pytorch")
os.makedirs(OUT, exist_ok=True)
torch.set_num_threads(1)


def fixture(name, seed, input_shape, **kwargs):
    torch.manual_seed(seed)
    model = VNet(**kwargs)
    # A few training-mode passes give the BatchNorm layers non-trivial running statistics.
    model.train()
    with torch.no_grad():
        for _ in range(3):
            model(torch.randn(2, *input_shape[1:]))
    model.eval()
    x = torch.randn(*input_shape)
    with torch.no_grad():
        y = model(x)
    torch.save(model.state_dict(), os.path.join(OUT, f"{name}.state_dict.pt"))
    torch.save({"input": x, "output": y}, os.path.join(OUT, f"{name}.io.pt"))
    # Fingerprints of the seeded initial weights (sha256 of each tensor's float32 bytes), for the
    # bit-identical initialisation test, without committing a second weight file.
    torch.manual_seed(seed)
    init = VNet(**kwargs)
    with open(os.path.join(OUT, f"{name}.init-sha256.txt"), "w") as f:
        for k, v in init.state_dict().items():
            if v.dtype == torch.float32:
                f.write(f"{k} {hashlib.sha256(v.contiguous().numpy().tobytes()).hexdigest()}\n")
    print(name, count(model), "params, output mean", float(y.mean()))


def key_list(name, **kwargs):
    model = VNet(**kwargs)
    with open(os.path.join(OUT, f"{name}.keys.txt"), "w") as f:
        f.write(f"# trainable parameters: {count(model)}\n")
        for k, v in model.state_dict().items():
            f.write(f"{k} {'x'.join(str(s) for s in v.shape) or 'scalar'}\n")


fixture("plain-w1", 1234, (1, 1, 16, 32, 32), width=1)
fixture("attention-w1", 4321, (1, 1, 16, 32, 32), width=1, attention=True, att_reduction=1, att_dilation=3, dilation=2)
key_list("vnet-n1", num_layers=1)
key_list("vnet-n2", num_layers=2)
key_list("vnet-attention", attention=True)
key_list("vnet-elu", prelu=False)


def original_checkpoint():
    """A checkpoint dict as the original's train.py saved it (weights under 'model_state', numpy scalars)."""
    import numpy as np
    state = torch.load(os.path.join(OUT, "plain-w1.state_dict.pt"))
    torch.save({"epoch": 7, "model_state": state, "best_dice": 0.5,
                "mean": np.float64(61.25), "std": np.float32(40.5)},
               os.path.join(OUT, "plain-w1.original-checkpoint.pt"))


original_checkpoint()
