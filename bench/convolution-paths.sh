#!/usr/bin/env bash
# The candidate convolution paths side by side (docs/onednn-convolutions.md): VNet training steps (forward + backward +
# Adam) with every partly-blocked convolution forced onto each path, interleaved so machine load affects them alike.
# Usage: bash bench/convolution-paths.sh [rounds=3] [threads=2]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-3}
threads=${2:-2}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
dotnet publish src/VNetAtria.Cli -c Release -o "$out/cli" -v q >/dev/null
echo "convolution paths: $rounds rounds, $threads threads, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) at start"
# name | bench options
cases=(
  "demo locator (width 4, 32x32x32, batch 3)|--width 4 --input 32,32,32 --batch 3"
  "demo segmenter (width 8, 32x64x64, batch 2)|--width 8 --input 32,64,64 --batch 2"
  "half-res LASC (width 4, 48x80x128, batch 2)|--width 4 --input 48,80,128 --batch 2"
  "full-res patch (width 8, 80x112x112, batch 1)|--width 8 --input 80,112,112 --batch 1"
)
declare -A results=()
for round in $(seq 1 "$rounds"); do
  for c in "${cases[@]}"; do
    name=${c%%|*}; opts=${c#*|}
    for path in onednn padded without-onednn; do
      # shellcheck disable=SC2086
      ms=$("$out/cli/vnet-atria" bench model $opts --device cpu --threads "$threads" --iterations 3 --warmup 1 \
             --convolution-path "$path" --json 2>/dev/null | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["medianMs"])')
      results["$name|$path"]+="$ms "
    done
  done
done
printf '%-48s %12s %12s %16s %8s %8s\n' "model" "onednn ms" "padded ms" "without-onednn" "padded/" "off/"
for c in "${cases[@]}"; do
  name=${c%%|*}
  med() { tr ' ' '\n' <<<"${results["$name|$1"]}" | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
  a=$(med onednn); b=$(med padded); d=$(med without-onednn)
  printf '%-48s %12.0f %12.0f %16.0f %8.2f %8.2f\n' "$name" "$a" "$b" "$d" "$(echo "$b/$a" | bc -l)" "$(echo "$d/$a" | bc -l)"
done
echo "load $(cut -d' ' -f1-3 /proc/loadavg) at end"
