#!/usr/bin/env bash
# VNet step benchmarks, ours against the original PyTorch module on the same machine (Debian's python3-torch).
# Usage: bash bench/model-steps.sh [threads]     (figures in the closing notes of the VNet issue came from this)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
threads=${1:-2}
out=$(mktemp -d)
dotnet publish src/VNetAtria.Cli -c Release -o "$out" -v q >/dev/null
run() { "$out/vnet-atria" bench model --threads "$threads" --device cpu "$@"; }
for size in "48 64 64" "48 160 160" "96 144 224"; do
  read -r d h w <<<"$size"
  iterations=$([[ $size == "48 64 64" ]] && echo 10 || echo 3)
  echo "== ${d}x${h}x${w}, batch 1, forward + backward + Adam"
  (cd tools/pytorch-reference && /usr/bin/python3 bench_step.py "$d" "$h" "$w" "$iterations" 1 "$threads")
  run --input "$d,$h,$w" --iterations "$iterations" --warmup 1
done
echo "== memory across 100 steps at 48x64x64"
run --input 48,64,64 --iterations 100 --warmup 3
echo "== forward only (inference) at the locator input 48x160x160"
run --input 48,160,160 --iterations 3 --warmup 1 --forward-only
