#!/usr/bin/env bash
# Fingerprints the numbers a refactoring must not move: the README's demo and the two short real-data checks of
# tests/VNetAtria.Tests/Pipeline/RealDataPipelineTests (3 LASC cases, width-2 segmenter), run with this checkout's CLI.
# Prints the sha256 (16 hex digits) of every history.csv and metrics.csv, and the mean Dice; run it before and after a
# change on the same machine and thread count and compare. With a notebook artefact folder (VNETATRIA_NOTEBOOK_KEEP_RUNS
# of a test run) as a second argument, also hashes the notebooks' history/metrics files.
# Usage: bash bench/metrics-fingerprint.sh OUT-DIR [NOTEBOOK-RUNS-DIR]     (SKIP_DEMO=1: only the real-data checks)
set -euo pipefail
out=${1:?usage: bash bench/metrics-fingerprint.sh OUT-DIR [NOTEBOOK-RUNS-DIR]}
notebooks=${2:-}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$repo"
dotnet build src/VNetAtria.Cli -v q >"$out/build.log" 2>&1 || { tail -20 "$out/build.log"; exit 1; }
cli() { dotnet run --no-build --project src/VNetAtria.Cli -- "$@"; }
hashes() { # every history.csv and metrics.csv under $1, relative names
  (cd "$1" && find . \( -name history.csv -o -name metrics.csv \) -print0 | sort -z | xargs -0 -r sha256sum) |
    awk -v run="$2" '{printf "%-12s %-40s %s\n", run, $2, substr($1, 1, 16)}'
}

if [[ -z ${SKIP_DEMO:-} ]]; then
  cli demo --out "$out/demo" >"$out/demo.log" 2>&1
  hashes "$out/demo" demo
  grep -oE 'Mean validation Dice [0-9.]+' "$out/demo.log" | sed 's/^/demo         /'
fi

sample="$repo/../shared/data/la2018-h5-sample"
if [[ -d $sample ]]; then
  data="$out/real-data/data"
  for id in $(grep -v '^\s*$' "$sample/cases.txt" | head -3); do
    mkdir -p "$data/$id"; cp "$sample/$id/mri_norm2.h5" "$data/$id/"
  done
  cli train --config configs/cpu/uamt-h5-segmenter.json --out "$out/real-data/halfres" --set "data.root=$data" \
    --set segmenter.epochs=1 --set segmenter.model.baseWidth=2 --set segmenter.batchSize=1 >"$out/real-halfres.log" 2>&1
  hashes "$out/real-data/halfres" real-halfres
  cli train --config configs/cpu/uamt-h5-fullres.json --out "$out/real-data/fullres" --set "data.root=$data" \
    --set segmenter.epochs=2 --set segmenter.schedule.warmupEpochs=1 --set segmenter.model.baseWidth=2 \
    --set segmenter.batchSize=1 --set 'segmenter.patches.size=[32,64,64]' >"$out/real-fullres.log" 2>&1
  hashes "$out/real-data/fullres" real-fullres
else
  echo "real-data: skipped ($sample is absent)"
fi
[[ -z $notebooks ]] || hashes "$notebooks" notebooks
