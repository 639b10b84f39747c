#!/bin/bash
# Starts a private single-node Slurm cluster (munged, slurmctld, slurmd; one node, no systemd, no cgroups, no
# accounting database) whose files all live under one folder, so it disturbs nothing else on the machine and several
# can run side by side. Run as root (the daemons need it). The test fixture
# tests/VNetAtria.Tests/Recipes/Slurm/SingleNodeSlurm.cs calls it; it also works by hand:
#
#   tools/slurm-single-node/start.sh /tmp/my-slurm      # prints SLURM_CONF=/tmp/my-slurm/etc/slurm.conf last
#   export SLURM_CONF=/tmp/my-slurm/etc/slurm.conf; sbatch --wrap 'hostname'; squeue
#   tools/slurm-single-node/stop.sh /tmp/my-slurm       # stops the three daemons by their pids
#
# Environment: SLURMCTLD_PORT, SLURMD_PORT (default 6817, 6818: pick free ones to run beside another cluster),
# SLURM_CPUS_OVERRIDE=N (advertise N CPUs instead of nproc). Needs Debian's slurm-wlm and munge packages.
set -euo pipefail
BASE=$(realpath -m "${1:-/tmp/vnetatria-slurm}")
HOST=$(hostname -s)
CPUS=${SLURM_CPUS_OVERRIDE:-$(nproc)}
MEM_MB=$(( $(awk '/MemTotal/{print $2}' /proc/meminfo) / 1024 - 512 ))
CTLD_PORT=${SLURMCTLD_PORT:-6817}
SLURMD_PORT=${SLURMD_PORT:-6818}

for tool in munged munge slurmctld slurmd sinfo; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || { echo "start.sh: $tool is missing (apt-get install slurm-wlm munge)" >&2; exit 3; }
done
[ "$(id -u)" = 0 ] || { echo "start.sh: the Slurm daemons need root (running as $(id -un))" >&2; exit 3; }
for f in "$BASE"/run/*.pid; do
  [ -s "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null && { echo "start.sh: a cluster already runs in $BASE ($f); run stop.sh $BASE first" >&2; exit 1; }
done

rm -rf "$BASE/state" "$BASE/spool"
mkdir -p "$BASE/etc" "$BASE/state" "$BASE/spool" "$BASE/log" "$BASE/run" "$BASE/munge"
chmod 755 "$BASE" "$BASE/run"
# munge: a private key and socket (munged refuses group/world-readable keys).
[ -s "$BASE/munge/munge.key" ] || dd if=/dev/urandom of="$BASE/munge/munge.key" bs=1 count=1024 status=none
chmod 700 "$BASE/munge"; chmod 400 "$BASE/munge/munge.key"
SOCKET=$BASE/run/munge.socket

cat > "$BASE/etc/slurm.conf" <<CONF
ClusterName=vnetatria
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$SOCKET
CredType=cred/munge
SlurmctldPort=$CTLD_PORT
SlurmdPort=$SLURMD_PORT
StateSaveLocation=$BASE/state
SlurmdSpoolDir=$BASE/spool
SlurmctldPidFile=$BASE/run/slurmctld.daemon.pid
SlurmdPidFile=$BASE/run/slurmd.daemon.pid
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmdLogFile=$BASE/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
SwitchType=switch/none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=sched_interval=1,bf_interval=1
MinJobAge=300
KillWait=10
${SLURM_CPUS_OVERRIDE:+SlurmdParameters=config_overrides}
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM_MB State=UNKNOWN
PartitionName=debug Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$BASE/etc/slurm.conf

setsid /usr/sbin/munged -F --force --socket="$SOCKET" --key-file="$BASE/munge/munge.key" \
  --pid-file="$BASE/run/munged.daemon.pid" --log-file="$BASE/log/munged.log" --seed-file="$BASE/munge/seed" \
  >"$BASE/log/munged.out" 2>&1 </dev/null &
echo $! >"$BASE/run/munged.pid"
for _ in $(seq 50); do munge -S "$SOCKET" -n </dev/null 2>/dev/null | unmunge -S "$SOCKET" >/dev/null 2>&1 && break; sleep 0.1; done
munge -S "$SOCKET" -n </dev/null | unmunge -S "$SOCKET" >/dev/null || { echo "start.sh: munged did not start ($BASE/log/munged.out)" >&2; exit 1; }

setsid /usr/sbin/slurmctld -D -i -f "$SLURM_CONF" >"$BASE/log/slurmctld.out" 2>&1 </dev/null &
echo $! >"$BASE/run/slurmctld.pid"
setsid /usr/sbin/slurmd -D -f "$SLURM_CONF" >"$BASE/log/slurmd.out" 2>&1 </dev/null &
echo $! >"$BASE/run/slurmd.pid"

state=""
for _ in $(seq 300); do
  state=$(sinfo -h -o '%T' 2>/dev/null | head -1 || true)
  [ "$state" = idle ] && break
  sleep 0.2
done
[ "$state" = idle ] || { echo "start.sh: the node did not become idle (state '${state:-none}'; see $BASE/log)" >&2; exit 1; }
echo "SLURM_CONF=$SLURM_CONF"
