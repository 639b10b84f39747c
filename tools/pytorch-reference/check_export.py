"""Loads weights exported by VNetAtria into the original PyTorch module strictly and runs it in eval mode.

Usage: /usr/bin/python3 check_export.py WEIGHTS.pt OPTIONS_JSON INPUT_AND_OUTPUT.pt
OPTIONS_JSON: {"num_layers":1,"prelu":true,"dilation":1,"attention":false,"att_reduction":4,"att_dilation":4,"width":8}
The input is read from INPUT_AND_OUTPUT.pt ({"input": tensor}) and {"input", "output"} is written back.
The C# test compares "output" with its own forward pass.
"""
import json
import sys

import torch

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from vnet_original import VNet  # noqa: E402

weights, options, io_path = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
model = VNet(**options)
model.load_state_dict(torch.load(weights), strict=True)
model.eval()
x = torch.load(io_path)["input"]
with torch.no_grad():
    y = model(x)
torch.save({"input": x, "output": y}, io_path)
print("ok", tuple(y.shape))
