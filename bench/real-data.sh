#!/usr/bin/env bash
# The long real-data benchmark: from a clean clone of this repository's HEAD, publish the CLI, train the CPU real-data
# profile on the seeded 64/16 split of the 80 LASC 2018 training-list cases (UA-MT h5 layout), predict and evaluate
# the 16 validation cases at native resolution, and print: the machine and its load, the resolved config, per-epoch
# time, validation Dice and peak memory, the total training time, and Dice, HD95, ASSD, HD, precision and recall as
# mean ± std over the validation cases and per case.
#
# Usage: bash bench/real-data.sh [--config configs/cpu/uamt-h5-fullres.json] [--data DIR] [--out DIR] [--set k=v ...]
#   --data  the 80 cases (default: $VNETATRIA_SHARED_DATA/la2018-h5-train80, else ../shared/data/la2018-h5-train80
#           beside this repository); --out keeps the clone and the run there (default: a temporary folder, removed
#           at the end); --set passes config overrides to `vnet-atria train`.
# The profile takes about 3 hours on 2 quiet cores; run it on a quiet machine (the load is printed at start and end).
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
config=configs/cpu/uamt-h5-fullres.json
data=${VNETATRIA_SHARED_DATA:-$repo/../shared/data}/la2018-h5-train80
out=""
sets=()
while (($#)); do
  case $1 in
    --config) config=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --set) sets+=(--set "$2"); shift 2 ;;
    *) echo "real-data: unknown argument '$1' (see the usage at the top of $0)" >&2; exit 2 ;;
  esac
done
[[ -d $data ]] || { echo "real-data: the data folder '$data' does not exist; pass --data DIR (80 UA-MT h5 cases: <id>/mri_norm2.h5)." >&2; exit 2; }
data=$(cd "$data" && pwd)
work=${out:-$(mktemp -d)}
mkdir -p "$work"
clone=$work/clone
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
rm -rf "$clone"
git clone -q "$repo" "$clone"
cd "$clone"
echo "real-data: $(git rev-parse --short HEAD), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)), load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -Is)"
start=$(date +%s)
dotnet publish src/VNetAtria.Cli -c Release -o "$work/cli" -v q >"$work/publish.log" 2>&1 || { tail -20 "$work/publish.log"; exit 1; }
echo "real-data: published in $(( $(date +%s) - start )) s; training $config on $data"
run=$work/run
rm -rf "$run"
start=$(date +%s)
"$work/cli/vnet-atria" train --config "$config" --data "$data" --layout uamt-h5 --out "$run" "${sets[@]}" >"$work/train.log" 2>&1 \
  || { tail -30 "$work/train.log"; exit 1; }
wall=$(( $(date +%s) - start ))
echo "real-data: train + predict + evaluate took $wall s wall; load $(cut -d' ' -f1-3 /proc/loadavg) at $(date -Is)"
echo
echo "== config ($run/config.json)"
cat "$run/config.json"
echo
echo "== per epoch (segmenter/history.csv)"
timing=$run/segmenter/timing.csv
[[ -f $timing ]] || timing=$run/segmenter/history.csv
awk -F, 'NR == FNR { if (FNR == 1) for (i = 1; i <= NF; i++) h[$i] = i; else { vd[$1] = $h["val_dice"]; lr[$1] = $h["learning_rate"]; tl[$1] = $h["train_loss"] }; next }
  FNR == 1 { for (i = 1; i <= NF; i++) t[$i] = i; printf "%5s %10s %10s %10s %8s %10s\n", "epoch", "train_loss", "val_dice", "lr", "seconds", "peak_MiB"; next }
  { s = $t["epoch_seconds"]; total += s; printf "%5d %10.4f %10s %10.3g %8.1f %10.0f\n", $1, tl[$1], vd[$1] == "" ? "-" : sprintf("%.4f", vd[$1]), lr[$1], s, $t["peak_memory_bytes"] / 1048576
    if ($t["peak_memory_bytes"] > peak) peak = $t["peak_memory_bytes"] }
  END { printf "total training time %.0f s (%.2f h) over %d epochs, %.1f s per epoch; highest epoch peak %.0f MiB\n", total, total / 3600, FNR - 1, total / (FNR - 1), peak / 1048576 }' \
  "$run/segmenter/history.csv" "$timing"
echo
echo "== memory at the end of each epoch (log.txt)"
grep -o 'memory after epoch.*' "$run/log.txt" | sed 's/^/  /' || true
echo
echo "== post-processing ($run/postprocessing.json)"
grep -o '"reason": *"[^"]*"' "$run/postprocessing.json" | cut -d'"' -f4
echo
echo "== validation metrics (metrics.csv: the chosen post-processing; native resolution, 0.625 mm)"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) { gsub(/"/, "", $i); h[$i] = i }; n = split("Dice,HD95 (mm),ASSD (mm),HD (mm),Precision,Recall", cols, ",")
    printf "%-22s", "case"; for (k = 1; k <= n; k++) printf " %10s", cols[k]; printf "\n"; next }
  { printf "%-22s", $1; for (k = 1; k <= n; k++) { v = $h[cols[k]]; s[k] += v; q[k] += v * v; printf " %10.4f", v }; printf "\n"; m++ }
  END { printf "%-22s", "mean"; for (k = 1; k <= n; k++) printf " %10.4f", s[k] / m; printf "\n"
        printf "%-22s", "std"; for (k = 1; k <= n; k++) { v = q[k] / m - (s[k] / m) ^ 2; printf " %10.4f", sqrt(v > 0 ? v : 0) }; printf "\n"
        printf "(%d validation cases; std is the population standard deviation over cases)\n", m }' "$run/metrics.csv"
[[ -z $out ]] && rm -rf "$work"
exit 0
