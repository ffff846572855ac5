#!/usr/bin/env bash
# Stops what tests/slurm/start.sh started: slurmd, slurmctld, munged.
dir="${ORBITAI_SLURM_DIR:-/tmp/orbitai-slurm}"
export SLURM_CONF="$dir/slurm.conf"
for pid in "$dir/slurmd.pid" "$dir/slurmctld.pid"; do
    [ -s "$pid" ] && kill "$(cat "$pid")" 2>/dev/null
done
[ -s /run/munge/munged.pid ] && kill "$(cat /run/munge/munged.pid)" 2>/dev/null
sleep 1
echo "slurm: stopped"
exit 0
