"""Times the original VNet's training step (forward + backward + Adam) in PyTorch, for comparison with
`vnet-atria bench model`. Usage: /usr/bin/python3 bench_step.py D H W [iterations] [warmup] [threads]"""
import statistics
import sys
import time

import torch
import torch.nn.functional as F

from vnet_original import VNet

d, h, w = (int(a) for a in sys.argv[1:4])
iterations = int(sys.argv[4]) if len(sys.argv) > 4 else 10
warmup = int(sys.argv[5]) if len(sys.argv) > 5 else 2
torch.set_num_threads(int(sys.argv[6]) if len(sys.argv) > 6 else 2)
torch.manual_seed(0)
model = VNet().train()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-4)
x = torch.randn(1, 1, d, h, w)
target = (x > 1).float()
times = []
for i in range(warmup + iterations):
    start = time.perf_counter()
    optimizer.zero_grad()
    loss = F.binary_cross_entropy_with_logits(model(x), target)
    loss.backward()
    optimizer.step()
    times.append((time.perf_counter() - start) * 1000)
print(f"PyTorch {torch.__version__}, {torch.get_num_threads()} threads, input {d}x{h}x{w}: "
      f"warm-up {[round(t) for t in times[:warmup]]} ms, median {statistics.median(times[warmup:]):.0f} ms/step")
