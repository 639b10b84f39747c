#!/usr/bin/env python3
"""Minimal repro: Conv3d input gradients from oneDNN against a float64 reference, by channel count.

On some AVX-512 CPUs, libtorch 2.10.0 (oneDNN 3.7.1) returns wrong input gradients (20-70 % of the largest value,
sometimes NaN, different on every call with 2 threads) for 5x5x5 Conv3d layers whose channel count is below oneDNN's
channel block (16 with AVX-512, 8 with ONEDNN_MAX_CPU_ISA=AVX2); whole blocks (16, 32, 64) are right to ~1e-6.

    python3 conv3d_input_grad.py            # torch.set_num_threads(2), as where it was seen
    ONEDNN_VERBOSE=1 python3 conv3d_input_grad.py

Prints one line per case: max |dx32 - dx64| / max |dx64| (and the forward and weight-gradient errors). Anything
above 1e-4 is wrong; correct kernels give ~1e-6.
"""
import sys
import torch

torch.set_num_threads(int(sys.argv[1]) if len(sys.argv) > 1 else 2)
print(f"torch {torch.__version__}, oneDNN {torch.backends.mkldnn.is_available()}, threads {torch.get_num_threads()}")
if hasattr(torch.backends, "cpu"):
    print(f"cpu capability: {torch.backends.cpu.get_cpu_capability()}")


def relative_error(a, reference):
    if not torch.isfinite(a).all():
        return float("inf")
    return ((a.double() - reference).abs().max() / reference.abs().max().clamp_min(1e-30)).item()


def check(cin, cout, kernel, stride, padding, batch, size, repeats=3):
    worst = [0.0, 0.0, 0.0]
    for seed in range(repeats):
        g = torch.Generator().manual_seed(seed)
        x = torch.randn(batch, cin, *size, generator=g, dtype=torch.float64).float().double()
        w = (torch.randn(cout, cin, kernel, kernel, kernel, generator=g, dtype=torch.float64) / (cin * kernel ** 3) ** 0.5).float().double()
        results = {}
        for dtype in (torch.float64, torch.float32):
            xs = x.to(dtype).detach().clone().requires_grad_()
            ws = w.to(dtype).detach().clone().requires_grad_()
            y = torch.nn.functional.conv3d(xs, ws, stride=stride, padding=padding)
            gy = torch.randn(y.shape, generator=torch.Generator().manual_seed(100 + seed), dtype=torch.float64).to(dtype)
            y.backward(gy)
            results[dtype] = (y.detach(), xs.grad, ws.grad)
        for i in range(3):
            worst[i] = max(worst[i], relative_error(results[torch.float32][i], results[torch.float64][i]))
    verdict = "WRONG" if max(worst) > 1e-4 else "ok"
    print(f"conv {cin:3d}->{cout:3d} k{kernel} s{stride} batch {batch} {size}: "
          f"fwd {worst[0]:.1e}  dx {worst[1]:.1e}  dw {worst[2]:.1e}  {verdict}")
    return verdict == "ok"


ok = True
for channels in (4, 8, 12, 16, 24, 32):
    for batch in (1, 2):
        ok &= check(channels, channels, 5, 1, 2, batch, (16, 32, 32))
ok &= check(8, 16, 2, 2, 0, 2, (16, 32, 32))
sys.exit(0 if ok else 1)
