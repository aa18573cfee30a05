#!/usr/bin/env bash
# make test-slurm: `lth check --slurm` against a real single-node Slurm on this machine.
#
# 1. installs Debian's slurm-wlm and munge when missing (needs root: apt-get);
# 2. writes a munge key and a single-node slurm.conf in a temporary folder (own ports, own state,
#    accounting off) and starts munged, slurmctld and slurmd from it (nothing under /etc changes);
# 3. runs the demo configuration (Experiments/theory-demo.yaml, 25 cells) locally, then as a Slurm
#    array (--slurm), waits for the array and its collect job (bounded), requires every task's log
#    to show it computed its cell, and the two report folders to be identical, byte for byte; the
#    same command again without --slurm must reuse all cells and agree too; then the same for a
#    small `lth rewinding` grid (3 cells, one per IMP seed) and `lth reproduce --quick` (2 cells);
# 4. submits a slower array (Tests/Slurm/tiny-check.yaml, 4 cells) one task at a time, cancels its running task 0 with
#    `scancel JOBID_0`, requires `lth status` to call that cell failed, resubmits it with
#    `lth status --resubmit-failed`, and requires every cell and the report to exist at the end;
# 5. stops the daemons it started (trap on exit) and removes the temporary folder.
# Without root it says what it needs and fails (exit 1): a CI run never passes without the test.
# LTH (default .build/debug/lth) is the binary under test; TIMEOUT (default 600) bounds each wait in s.
set -euo pipefail
cd "$(dirname "$0")/../.."
LTH=${LTH:-.build/debug/lth}
TIMEOUT=${TIMEOUT:-600}
DEMO=Experiments/theory-demo.yaml
CONFIG=Tests/Slurm/tiny-check.yaml

say() { echo "test-slurm: $*"; }
fail() { echo "test-slurm: FAILED: $*" >&2; exit 1; }

if [ "$(id -u)" != "0" ]; then
  fail "needs root, to install slurm-wlm and munge (apt-get) and to start munged, slurmctld and slurmd as a single-node cluster; run 'sudo make test-slurm' (nothing was tested)"
fi
[ -x "$LTH" ] || fail "$LTH is not built (run 'swift build --product lth' or 'make test-slurm')"
LTH=$(readlink -f "$LTH")

missing=""
for p in slurm-wlm munge; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  say "installing$missing (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null || fail "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null || fail "apt-get install$missing failed"
fi
# Debian starts its own munge service on installation; ours runs beside it on its own socket.

WORK=$(mktemp -d /tmp/lth-test-slurm.XXXXXX)
chmod 755 "$WORK"
STARTED=()
cleanup() {
  local status=$?
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$WORK/slurmctld.pid" ]; then
    squeue -h -o %i 2>/dev/null | xargs -r scancel 2>/dev/null || true
  fi
  for pidfile in "$WORK/slurmd.pid" "$WORK/slurmctld.pid" "$WORK/munge/munged.pid"; do
    if [ -f "$pidfile" ]; then
      pid=$(cat "$pidfile")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
    fi
  done
  if [ "$status" != "0" ]; then
    for log in "$WORK"/slurmctld.log "$WORK"/slurmd.log "$WORK"/*/slurm/logs/*; do
      [ -f "$log" ] && { echo "--- $log"; tail -20 "$log"; }
    done
  fi
  [ -n "${KEEP:-}" ] && say "kept $WORK" || rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

# munge: a fresh key and its own socket.
mkdir -p "$WORK/munge"
head -c 1024 /dev/urandom > "$WORK/munge/munge.key"
chown -R munge:munge "$WORK/munge"
chmod 755 "$WORK/munge"
chmod 400 "$WORK/munge/munge.key"
su -s /bin/sh munge -c "/usr/sbin/munged --key-file=$WORK/munge/munge.key --socket=$WORK/munge/munge.socket \
  --pid-file=$WORK/munge/munged.pid --log-file=$WORK/munge/munged.log --seed-file=$WORK/munge/munged.seed" \
  || fail "munged did not start"
munge --socket="$WORK/munge/munge.socket" -n | unmunge --socket="$WORK/munge/munge.socket" >/dev/null || fail "munge does not work"

HOST=$(hostname -s)
CPUS=$(nproc)
MEM=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 * 9 / 10 ))
mkdir -p "$WORK/state" "$WORK/spool"
cat > "$WORK/slurm.conf" <<EOF
ClusterName=lthtest
SlurmctldHost=$HOST
SlurmUser=root
SlurmdUser=root
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$WORK/munge/munge.socket
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
StateSaveLocation=$WORK/state
SlurmdSpoolDir=$WORK/spool
SlurmctldPidFile=$WORK/slurmctld.pid
SlurmdPidFile=$WORK/slurmd.pid
SlurmctldLogFile=$WORK/slurmctld.log
SlurmdLogFile=$WORK/slurmd.log
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
KillWait=5
NodeName=$HOST CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=main Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
EOF
export SLURM_CONF="$WORK/slurm.conf"
/usr/sbin/slurmctld -c || fail "slurmctld did not start"
/usr/sbin/slurmd || fail "slurmd did not start"
start=$SECONDS
until sinfo -h -o %T 2>/dev/null | grep -q idle; do
  (( SECONDS - start < 60 )) || fail "the node did not become idle within 60 s ($(sinfo -h -o %T 2>&1))"
  sleep 1
done
say "Slurm $(sinfo -V | awk '{print $2}') up on $HOST ($CPUS CPUs, $MEM MiB) after $((SECONDS - start)) s"

# Waits until none of the given jobs is in the queue.
wait_jobs() {
  local start=$SECONDS
  while [ -n "$(squeue -h -r -o %i -j "$1" 2>/dev/null)" ]; do
    (( SECONDS - start < TIMEOUT )) || fail "jobs $1 still queued after $TIMEOUT s: $(squeue -h -r -o '%i %T' -j "$1" | tr '\n' ' ')"
    sleep 1
  done
}
# The n-th (0-based) submission's "ARRAY,COLLECT" job ids from DIR/slurm/submissions.json.
jobs_of() {
  python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))[int(sys.argv[2])]; print(s["arrayJob"] + "," + s["collectJob"])' "$1/slurm/submissions.json" "$2"
}

# Requires each task log of DIR's first submission to show that its task computed its cell.
tasks_computed() {
  local dir=$1 count=$2 array=${3%%,*} i
  for i in $(seq 0 $((count - 1))); do
    log="$dir/slurm/logs/${array}_$i.out"
    [ -f "$log" ] || fail "task ${array}_$i left no log ($log)"
    grep -q "kept from an earlier run" "$log" && fail "task ${array}_$i did not compute its cell: $(head -3 "$log")"
    [ -s "$log" ] || fail "task ${array}_$i wrote an empty log"
  done
}

# (3) the demo check locally and on Slurm.
t0=$SECONDS
"$LTH" check "$DEMO" --out "$WORK/local" > "$WORK/local.log" 2>&1 || fail "the local check failed ($(tail -3 "$WORK/local.log"))"
say "local run of $DEMO: $((SECONDS - t0)) s"
t0=$SECONDS
# The tasks run on one CPU each (the default) while the local run used all of them: the report
# must not depend on the thread count (the engine's reductions and LAPACK are thread-invariant).
"$LTH" check "$DEMO" --out "$WORK/array" --slurm --time 30 > "$WORK/submit.log" \
  || fail "lth check --slurm failed"
cat "$WORK/submit.log"
jobs=$(jobs_of "$WORK/array" 0)
cells=$(wc -l < "$WORK/array/slurm/cells.tsv")
DEMO_CELLS=25  # 5 sizes m x 5 seeds in Experiments/theory-demo.yaml
[ "$cells" = "$DEMO_CELLS" ] || fail "the demo configuration has $cells cells, expected $DEMO_CELLS"
wait_jobs "$jobs"
say "array and collect jobs $jobs ($cells tasks) finished in $((SECONDS - t0)) s"
tasks_computed "$WORK/array" "$cells" "$jobs"
[ -f "$WORK/array/report/tables.md" ] || fail "the collect job wrote no report ($(cat "$WORK"/array/slurm/logs/collect_* 2>/dev/null | tail -3))"
diff -r "$WORK/local/report" "$WORK/array/report" > "$WORK/diff.txt" || fail "the Slurm report differs from the local one: $(head -20 "$WORK/diff.txt")"
say "report of the Slurm run identical to the local run ($(ls "$WORK/array/report" | wc -l) files)"
"$LTH" status "$WORK/array" | tee "$WORK/status1.txt"
grep -q ": $DEMO_CELLS cells: $DEMO_CELLS done, 0 running, 0 pending, 0 failed" "$WORK/status1.txt" || fail "lth status does not report $DEMO_CELLS done cells"
grep -q "accounting is off" "$WORK/status1.txt" || fail "lth status does not say that accounting is off"
rm -rf "$WORK/array/report"
"$LTH" check "$DEMO" --out "$WORK/array" > "$WORK/again.log" 2>&1 || fail "the check without --slurm failed"
[ "$(grep -c 'kept from an earlier run' "$WORK/again.log")" = "$DEMO_CELLS" ] || fail "the check without --slurm did not reuse the $DEMO_CELLS cells"
diff -r "$WORK/local/report" "$WORK/array/report" > "$WORK/diff.txt" || fail "the report collected by hand differs: $(head -20 "$WORK/diff.txt")"
say "the same command without --slurm reused the $DEMO_CELLS cells; report identical"

# (3b) a small rewinding grid locally and on Slurm (one cell per IMP seed).
REWINDING=(rewinding --data "synthetic:sphere?m=300&d=8&seed=1" --samples 200 --width 32 --steps 40 --batch 50
           --rewind 20,0 --levels 1 --checkpoints every:20 --k 10 --seeds 0,1,2 --no-controls)
"$LTH" "${REWINDING[@]}" --out "$WORK/rewinding-local" > "$WORK/rewinding-local.log" 2>&1 || fail "the local rewinding grid failed"
t0=$SECONDS
"$LTH" "${REWINDING[@]}" --out "$WORK/rewinding" --slurm --slurm-option cpus-per-task="$CPUS" > /dev/null || fail "lth rewinding --slurm failed"
jobs=$(jobs_of "$WORK/rewinding" 0)
wait_jobs "$jobs"
tasks_computed "$WORK/rewinding" 3 "$jobs"
[ -f "$WORK/rewinding/rewinding_grid.md" ] || fail "the rewinding collect job wrote no grid ($(cat "$WORK"/rewinding/slurm/logs/collect_* 2>/dev/null | tail -3))"
diff -r -x units -x slurm "$WORK/rewinding-local" "$WORK/rewinding" > "$WORK/diff.txt" || fail "the Slurm rewinding grid differs from the local one: $(head -20 "$WORK/diff.txt")"
say "rewinding grid on Slurm (3 tasks, jobs $jobs, $((SECONDS - t0)) s) identical to the local run ($(ls "$WORK/rewinding-local" | grep -vc units) files)"

# (3c) the paper reproduction (--quick: 2 cells on Fashion-MNIST) locally and on Slurm.
"$LTH" reproduce --quick --out "$WORK/reproduce-local" > "$WORK/reproduce-local.log" 2>&1 || fail "the local reproduction failed ($(tail -3 "$WORK/reproduce-local.log"))"
t0=$SECONDS
"$LTH" reproduce --quick --out "$WORK/reproduce" --slurm --slurm-option cpus-per-task="$CPUS" > /dev/null || fail "lth reproduce --slurm failed"
jobs=$(jobs_of "$WORK/reproduce" 0)
wait_jobs "$jobs"
tasks_computed "$WORK/reproduce" 2 "$jobs"
[ -f "$WORK/reproduce/tables.md" ] || fail "the reproduction's collect job wrote no tables ($(cat "$WORK"/reproduce/slurm/logs/collect_* 2>/dev/null | tail -3))"
diff -r -x units -x slurm "$WORK/reproduce-local" "$WORK/reproduce" > "$WORK/diff.txt" || fail "the Slurm reproduction differs from the local one: $(head -20 "$WORK/diff.txt")"
say "reproduction on Slurm (2 tasks, jobs $jobs, $((SECONDS - t0)) s) identical to the local run ($(ls "$WORK/reproduce-local" | grep -vc units) files)"

# (4) cancel a running task (each cell of 300000 steps runs several seconds, so the cancel lands
#     while the first one runs), then resubmit the missing cell.
"$LTH" check "$CONFIG" --out "$WORK/cancel" --steps 300000 --slurm --array-limit 1 > /dev/null || fail "second submission failed"
jobs=$(jobs_of "$WORK/cancel" 0)
array=${jobs%%,*}
start=$SECONDS
until squeue -h -r -o '%i %T' -j "$array" | grep -q "^${array}_0 RUNNING"; do
  (( SECONDS - start < TIMEOUT )) || fail "task ${array}_0 never ran"
  sleep 0.2
done
sleep 1
scancel "${array}_0"
say "cancelled task ${array}_0 while it ran"
wait_jobs "$jobs"
"$LTH" status "$WORK/cancel" | tee "$WORK/status2.txt"
grep -q ": 4 cells: 3 done, 0 running, 0 pending, 1 failed" "$WORK/status2.txt" || fail "lth status does not report the cancelled cell as failed"
grep -qP "^  0\tm60-seed0\tfailed" "$WORK/status2.txt" || fail "lth status does not name cell 0 as failed"
[ ! -e "$WORK/cancel/units/m60-seed0.lock" ] || say "note: the cancelled task left its lock (it was killed before its SIGTERM handler ran)"
[ ! -f "$WORK/cancel/report/tables.md" ] || fail "the collect job wrote a report with a cell missing"
grep -q "1 cell is not finished" "$WORK"/cancel/slurm/logs/collect_*.out || fail "the collect job did not name the missing cell"
"$LTH" status "$WORK/cancel" --resubmit-failed | tee "$WORK/resubmit.txt"
grep -q "resubmitted 1 cell as" "$WORK/resubmit.txt" || fail "--resubmit-failed did not resubmit exactly one cell"
jobs=$(jobs_of "$WORK/cancel" 1)
wait_jobs "$jobs"
"$LTH" status "$WORK/cancel" | tee "$WORK/status3.txt"
grep -q ": 4 cells: 4 done, 0 running, 0 pending, 0 failed" "$WORK/status3.txt" || fail "the resubmitted cell did not complete"
[ -f "$WORK/cancel/report/tables.md" ] || fail "the second collect job wrote no report"
say "the resubmitted cell completed and its collect job wrote the report"
say "passed in $SECONDS s"
