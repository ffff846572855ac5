#!/usr/bin/env bash
# Starts a real single-node Slurm on this machine for tests/slurm/main.rs:
# installs Debian's slurm-wlm and munge if they are missing, writes a
# minimal slurm.conf (no cgroups, no accounting database) under
# $ORBITAI_SLURM_DIR (default /tmp/orbitai-slurm), and starts munged,
# slurmctld and slurmd on localhost. Idempotent: what runs already is kept.
# When Slurm cannot be installed it writes the reason to
# $ORBITAI_SLURM_DIR/unavailable (the test then says it is skipped) and
# exits 0. Stop it all with tests/slurm/stop.sh.
set -euo pipefail
dir="${ORBITAI_SLURM_DIR:-/tmp/orbitai-slurm}"
mkdir -p "$dir"/{state,spool,log}
rm -f "$dir/unavailable"

unavailable() { echo "$1" > "$dir/unavailable"; echo "slurm: $1"; exit 0; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null || ! command -v sbatch >/dev/null; then
    [ "$(id -u)" = 0 ] || unavailable "slurm-wlm is not installed and this is not root"
    command -v apt-get >/dev/null || unavailable "slurm-wlm is not installed and there is no apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q slurm-wlm munge >/dev/null 2>&1 \
        || { apt-get update -q >/dev/null 2>&1 && apt-get install -y -q slurm-wlm munge >/dev/null 2>&1; } \
        || unavailable "apt-get could not install slurm-wlm and munge"
fi

host="$(hostname -s)"
cpus="$(nproc)"
conf="$dir/slurm.conf"
cat > "$conf" <<CONF
# A single-node Slurm for the tests (written by tests/slurm/start.sh).
ClusterName=orbitai-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/slurmctld.pid
SlurmdPidFile=$dir/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.txt
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
NodeName=$host CPUs=$cpus RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$conf"

# munge: a key, then the daemon (as the munge user when there is one).
if [ ! -s /etc/munge/munge.key ]; then
    mkdir -p /etc/munge
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
    chown munge:munge /etc/munge/munge.key 2>/dev/null || true
    chmod 400 /etc/munge/munge.key
fi
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
    mkdir -p /run/munge /var/lib/munge /var/log/munge
    chown munge:munge /run/munge /var/lib/munge /var/log/munge 2>/dev/null || true
    if id munge >/dev/null 2>&1; then
        runuser -u munge -- /usr/sbin/munged || unavailable "munged would not start"
    else
        /usr/sbin/munged --force || unavailable "munged would not start"
    fi
    sleep 1
fi

if ! scontrol ping 2>/dev/null | grep -q UP; then
    slurmctld || unavailable "slurmctld would not start (see $dir/log/slurmctld.log)"
fi
if ! [ -s "$dir/slurmd.pid" ] || ! kill -0 "$(cat "$dir/slurmd.pid")" 2>/dev/null; then
    slurmd || unavailable "slurmd would not start (see $dir/log/slurmd.log)"
fi

for _ in $(seq 60); do
    state="$(sinfo -h -o %T 2>/dev/null | head -1)"
    case "$state" in idle*|mix*|alloc*) echo "slurm: up ($host, $cpus CPUs), SLURM_CONF=$conf"; exit 0;; esac
    sleep 0.5
done
echo "slurm: the node did not become idle: $(sinfo 2>&1 | tail -1)" >&2
tail -5 "$dir/log/slurmctld.log" "$dir/log/slurmd.log" >&2 || true
exit 1
