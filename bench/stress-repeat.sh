#!/usr/bin/env bash
# The scalar-race stress test, repeated: trains the tiny VNet of tests/VNetAtria.TrainingHost once quietly, then N
# times under stress (a GC hammer thread forcing collections and finalisers, DOTNET_GCgen0size=0x10000, loader
# workers, a spinning thread competing for the CPU) and requires every stressed run to end with weights and
# history.csv bit-identical to the quiet run's. Prints one line per run and the pass/fail counts; exits 1 on a failure.
# Usage: bash bench/stress-repeat.sh N [epochs]
# Environment: SEED (7), THREADS (libtorch intra-op threads, 1), WORKERS (loader workers, 2), BUSY (spinning threads, 1),
#              HOST (a built VNetAtria.TrainingHost.dll; default: build this checkout's, Release).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:?usage: bash bench/stress-repeat.sh N [epochs]}
epochs=${2:-20}
seed=${SEED:-7}
threads=${THREADS:-1}
workers=${WORKERS:-2}
busy=${BUSY:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [[ -z ${HOST:-} ]]; then
  dotnet build tests/VNetAtria.TrainingHost -c Release -o "$work/host" -v q >/dev/null
  HOST="$work/host/VNetAtria.TrainingHost.dll"
fi
common=("$epochs" "$seed" --threads "$threads" --loader-workers "$workers")

start=$(date +%s)
if ! dotnet "$HOST" "$work/quiet" "${common[@]}" >"$work/quiet.out" 2>"$work/quiet.err"; then
  echo "the quiet reference run failed:"; tail -5 "$work/quiet.err"; exit 1
fi
echo "quiet reference: $(( $(date +%s) - start )) s, $epochs epochs x 16 steps, seed $seed, $threads thread(s), $workers loader workers"

pass=0; fail=0
kept=$(mktemp -d /tmp/stress-failures.XXXXXX) # each failed run's stdout/stderr, kept for diagnosis
for ((i = 1; i <= runs; i++)); do
  dir="$work/stress-$i"
  start=$(date +%s)
  status=0
  DOTNET_GCgen0size=0x10000 dotnet "$HOST" "$dir" "${common[@]}" --gc-hammer --busy-threads "$busy" >"$dir.out" 2>"$dir.err" || status=$?
  if [[ $status -ne 0 ]]; then
    fail=$((fail + 1))
    # The TorchSharp call that failed and our frame that made it.
    where=$( (grep -E '^ +at TorchSharp' "$dir.err" | grep -v CheckForErrors | head -1; grep -m1 -E '^ +at VNetAtria' "$dir.err") | sed 's/^ *at //; s/ in .*//' | paste -sd' ' || true)
    verdict="FAIL: exit code $status: $(grep -m1 -iE 'exception' "$dir.err" || tail -1 "$dir.err") ${where:+[$where]}"
  elif cmp -s "$work/quiet/final-weights.bin" "$dir/final-weights.bin" && cmp -s "$work/quiet/history.csv" "$dir/history.csv"; then
    pass=$((pass + 1)); verdict="pass"
  else
    fail=$((fail + 1)); verdict="FAIL: weights or history.csv differ from the quiet run"
    diff "$work/quiet/history.csv" "$dir/history.csv" | head -4 || true
  fi
  [[ $verdict == pass ]] || cp "$dir.out" "$dir.err" "$kept/" 2>/dev/null || true
  echo "run $i/$runs: $verdict ($(( $(date +%s) - start )) s; $(grep -m1 'garbage collections' "$dir.err" || echo 'no GC count'))"
  rm -rf "$dir"
done
echo "stress runs: $pass passed, $fail failed, of $runs"
if ((fail > 0)); then echo "failed runs' output: $kept"; else rmdir "$kept"; fi
[[ $fail -eq 0 ]]
