#!/usr/bin/env bash
# Runs the README's main command (`dotnet run --project src/VNetAtria.Cli -- demo`) N times from a clean clone of
# this repository's HEAD and prints, per run: exit code, wall time, mean validation Dice, and sha256 of the files
# that must not change between runs (both stages' history.csv, metrics.csv). The demo is deterministic for a given
# machine and thread count, so every successful run must print the same Dice and hashes.
# Usage: bash bench/demo-repeat.sh [N=10] [clone-dir]     (the clone is removed at the end unless a dir is given)
set -euo pipefail
n=${1:-10}
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
clone=${2:-$(mktemp -d)/vnetatria-clone}
keep=${2:+yes}
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
git clone -q "$repo" "$clone"
cd "$clone"
echo "demo-repeat: $n runs of the demo from a clean clone of $(git rev-parse --short HEAD) in $clone; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
start=$(date +%s)
dotnet build src/VNetAtria.Cli -v q >"$clone/build.log" 2>&1 || { tail -20 "$clone/build.log"; exit 1; }
echo "demo-repeat: built in $(( $(date +%s) - start )) s (each run's wall time below includes dotnet run's up-to-date check)"
hash() { [[ -f $1 ]] && sha256sum "$1" | cut -c1-16 || echo "-"; }
printf '%-4s %-5s %-8s %-8s %-17s %-17s %-17s\n' run exit wall_s dice locator_history segmenter_history metrics
declare -A seen=()
ok=0
for i in $(seq 1 "$n"); do
  out="$clone/runs/repeat-$i"
  start=$(date +%s.%N)
  set +e
  dotnet run --project src/VNetAtria.Cli -- demo --out "$out" >"$clone/runs-repeat-$i.log" 2>&1
  code=$?
  set -e
  wall=$(echo "$(date +%s.%N) - $start" | bc)
  dice=$(grep -oE 'Mean validation Dice [0-9.]+' "$clone/runs-repeat-$i.log" | awk '{print $4}' || true)
  row=$(printf '%-8s %-17s %-17s %-17s' "${dice:--}" "$(hash "$out/locator/history.csv")" "$(hash "$out/segmenter/history.csv")" "$(hash "$out/metrics.csv")")
  printf '%-4s %-5s %-8.1f %s\n' "$i" "$code" "$wall" "$row"
  if ((code == 0)); then ok=$((ok + 1)); seen["$row"]=1; else tail -3 "$clone/runs-repeat-$i.log" | sed 's/^/     | /'; fi
done
distinct=${#seen[@]}
echo "demo-repeat: $ok/$n runs succeeded; $distinct distinct result(s) among them"
[[ -z $keep ]] && rm -rf "$(dirname "$clone")"
((ok == n && distinct == 1))
