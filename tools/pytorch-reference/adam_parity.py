"""Trains the original VNet with torch.optim.Adam in float64 from given weights and batches, for the C# Adam parity test.

Usage: /usr/bin/python3 adam_parity.py WEIGHTS.pt BATCHES.pt SETTINGS_JSON OUT.pt
WEIGHTS.pt: a state_dict (float32) of VNet(**settings["model"]), converted to float64 here.
BATCHES.pt: {"images": (K, N, 1, D, H, W), "labels": same shape}, float64; step s uses batch s % K.
SETTINGS_JSON: {"model": {...VNet kwargs}, "steps": 200, "lr": 1e-3, "weight_decay": 1e-4, "lr_at": {"100": 5e-4}}
Each step: zero_grad, binary_cross_entropy_with_logits(model(images), labels), backward, (set lr), step.
Writes {"losses": (steps,) float64, "<parameter name>": final float64 tensor, ...} to OUT.pt.
float64 keeps oneDNN out (it has no double kernels), so the comparison is of the optimisers, not of two conv builds.
"""
import json
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from vnet_original import VNet  # noqa: E402

weights, batches_path, settings, out = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
torch.set_num_threads(1)
model = VNet(**settings["model"])
model.load_state_dict(torch.load(weights), strict=True)
model.double()
model.train()
batches = torch.load(batches_path)
images, labels = batches["images"], batches["labels"]
# PyTorch 1.13's defaults, spelled out; foreach=False is the single-tensor path the C# optimiser follows.
optimizer = torch.optim.Adam(model.parameters(), lr=settings["lr"], betas=(0.9, 0.999), eps=1e-8,
                             weight_decay=settings["weight_decay"], amsgrad=False, foreach=False)
lr_at = {int(k): v for k, v in settings.get("lr_at", {}).items()}
losses = []
for step in range(settings["steps"]):
    k = step % images.shape[0]
    optimizer.zero_grad()
    loss = F.binary_cross_entropy_with_logits(model(images[k]), labels[k])
    loss.backward()
    if step in lr_at:
        for group in optimizer.param_groups:
            group["lr"] = lr_at[step]
    optimizer.step()
    losses.append(loss.item())
result = {"losses": torch.tensor(losses, dtype=torch.float64)}
result.update({name: p.detach().clone() for name, p in model.named_parameters()})
torch.save(result, out)
print("ok", torch.__version__, len(losses), "steps, last loss", losses[-1])
