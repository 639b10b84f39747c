#!/usr/bin/env bash
# Per-task overhead of a sweep, locally and on a real (single-node, private) Slurm: for every task, from the moment it
# could start (submit; the locator's end for the runs; the runs' end for the report) to its process recording its start
# (state/<task>.json), and from there to its first training batch (the "epoch 1/N, batch 1/M" line of its log), on the
# tests' tiny sweep (6 synthetic phantoms, width-2 VNets, 1 locator epoch, 2 runs of 2 epochs, 1 thread each).
# Usage: bash bench/sweep-overhead.sh          (Slurm part only as root with slurm-wlm and munge installed)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo=$(pwd)
work=$(mktemp -d /tmp/vnetatria-sweep-bench-XXXXXX)
cli=$work/cli/vnet-atria
dotnet publish src/VNetAtria.Cli -c Release -o "$work/cli" -v q >/dev/null
cat >"$work/base.json" <<'JSON'
{
  "name": "tiny",
  "data": { "synthetic": { "profile": "small", "cases": 6, "seed": 0 }, "split": { "seed": 42, "trainFraction": 0.67 } },
  "preprocessing": { "canvas": "64x128x128", "locatorScale": [0.5, 0.25, 0.25],
    "crop": { "trainingBuffer": [8, 16, 16], "predictionBuffer": [6, 12, 12], "multiple": 32 }, "segmenterInputScale": 0.5 },
  "augmentation": { "preset": "on-the-fly", "flip": { "probability": 0 }, "rotation": { "probability": 0 }, "noise": { "probability": 0 }, "translation": { "probability": 0 } },
  "locator": { "model": { "baseWidth": 2 }, "batchSize": 2, "epochs": 1 },
  "segmenter": { "model": { "baseWidth": 2 }, "batchSize": 1, "epochs": 2 },
  "device": "cpu", "threads": 1
}
JSON
echo '{ "experiments": [ { "name": "dice", "set": [] }, { "name": "hybrid", "set": ["segmenter.loss.kind=hybrid"] } ] }' >"$work/grid.json"

report() {  # report SWEEP START_EPOCH_SECONDS chain|graph (chain: each task waits for the one before, as --parallel 1)
  /usr/bin/python3 - "$1" "$2" "$3" <<'PY'
import json, os, sys, datetime as dt
sweep, submitted, chain = sys.argv[1], float(sys.argv[2]), sys.argv[3] == "chain"
plan = json.load(open(os.path.join(sweep, "sweep.json")))
def t(s): return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()
def state(name): return json.load(open(os.path.join(sweep, "state", name + ".json")))
def first_batch(log, day):
    for line in open(log):
        if "epoch 1/" in line and "batch 1/" in line:
            h, m, s = line.split(" ")[0].split(":")
            return day + int(h) * 3600 + int(m) * 60 + float(s)
runs = [(s["name"], f"segmenter-{i}") for i, s in enumerate(plan["segmenters"])]
locator_end = t(state("locator")["ended"])
runs_end = max(t(state(name)["ended"]) for name, _ in runs)
order = [("locator", "locator", submitted)] + [(n, l, locator_end) for n, l in runs] + [("report", "report", runs_end)]
if chain:
    ends = [submitted] + [t(state(n)["ended"]) for n, _, _ in order[:-1]]
    order = [(n, l, e) for (n, l, _), e in zip(order, ends)]
for name, log, ready in order:
    st = state(name)
    start, end = t(st["started"]), t(st["ended"])
    day = dt.datetime.fromtimestamp(start, dt.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0).timestamp()
    fb = first_batch(os.path.join(sweep, "logs", log + ".out"), day) if name != "report" else None
    print(f"  {name:8s} ready->start {start - ready:5.1f} s" + (f", start->first batch {fb - start:5.1f} s" if fb else "") + f", start->end {end - start:5.1f} s")
PY
}

echo "== local executor, one task at a time (load $(cut -d' ' -f1 /proc/loadavg))"
start=$(date +%s.%N)
"$cli" sweep submit --base "$work/base.json" --grid "$work/grid.json" --out "$work/local" >/dev/null
report "$work/local" "$start" chain

if [[ $EUID -eq 0 && -x /usr/sbin/slurmctld ]]; then
  trap 'tools/slurm-single-node/stop.sh "$work/slurm"' EXIT
  SLURMCTLD_PORT=${SLURMCTLD_PORT:-26817} SLURMD_PORT=${SLURMD_PORT:-26818} tools/slurm-single-node/start.sh "$work/slurm" >/dev/null
  export SLURM_CONF=$work/slurm/etc/slurm.conf
  echo "== Slurm, single node, array throttled to 2 (load $(cut -d' ' -f1 /proc/loadavg))"
  start=$(date +%s.%N)
  "$cli" sweep submit --base "$work/base.json" --grid "$work/grid.json" --out "$work/slurm-sweep" --executor slurm --throttle 2 >/dev/null 2>&1
  while [ -n "$(squeue -h)" ]; do sleep 0.5; done
  report "$work/slurm-sweep" "$start" graph
fi
echo "(folders in $work)"
