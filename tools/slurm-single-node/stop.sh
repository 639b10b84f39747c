#!/bin/bash
# Stops the cluster start.sh started in BASE: cancels its jobs and waits for them to end, then stops slurmd, slurmctld and munged by the pids
# start.sh recorded (SIGTERM, then SIGKILL after 10 s). Safe to run twice or when start.sh failed half-way.
BASE=$(realpath -m "${1:-/tmp/vnetatria-slurm}")
export SLURM_CONF=$BASE/etc/slurm.conf
# Jobs first, and wait for them to end (KillWait in start.sh's slurm.conf sends SIGKILL after 10 s): a job step
# outlives slurmd, and its slurmstepd would be left behind.
if [ -f "$SLURM_CONF" ] && [ -s "$BASE/run/slurmctld.pid" ] && kill -0 "$(cat "$BASE/run/slurmctld.pid")" 2>/dev/null; then
  timeout 10 scancel --user=root >/dev/null 2>&1
  for _ in $(seq 150); do
    [ -z "$(timeout 5 squeue -h -o %i 2>/dev/null)" ] && break
    sleep 0.2
  done
fi
for daemon in slurmd slurmctld munged; do
  file=$BASE/run/$daemon.pid
  [ -s "$file" ] || continue
  pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && { echo "stop.sh: $daemon ($pid) still alive after 10 s, SIGKILL" >&2; kill -KILL "$pid"; }
  fi
  rm -f "$file"
done
exit 0
