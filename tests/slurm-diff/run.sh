#!/bin/bash
# tests/slurm-diff/run.sh: jlint's "sbatch rejects" / "slurmctld rejects"
# claims against the real sbatch --test-only (issue 10, the contract).
#
# Starts the one-node test Slurm of tests/slurm/lib.sh (two fake T4 GPUs,
# partitions prioritized (default, MaxTime 6 days), batch (12 hours) and
# short (1 hour)), writes a jlint policy with the same facts, and runs
# tests/slurm-diff/diff.py as an unprivileged user once per
# EnforcePartLimits value (NO, ANY, ALL): it generates a seeded sample of
# option combinations, lints each with `jlint sbatch`, submits each with
# `sbatch --test-only`, and compares.  Fails on any rejection claim real
# Slurm does not confirm.
#
# Needs root (packages, daemons, mknod, a test user).  Environment:
#   BUILD=build               where make put jlint
#   JLINT_SKIP_SLURM=1        skip (prints SKIP, exits 0)
#   JLINT_DIFF_N=N            cases per EnforcePartLimits value (default 800; CI time)
#   JLINT_DIFF_SEED=S         generator seed (default 20260510)
#   JLINT_READER_N=N          generated scripts for reader.py (default 400)
#   JLINT_READER_SEED=S       its seed (default 20261206)
#   JLINT_DIFF_EXPLORE=CMD    after setup, run CMD as the test user (for
#                             a look by hand) instead of the comparison
#   JLINT_SLURM_KEEP=1        keep the scratch directory
# Exit status: 0 no false claim (or skipped), 1 a false claim, 2 setup failed.
set -u
umask 022
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
JLINT="$BUILD/jlint"
TUSER=jlinttest

. "$TOP/tests/slurm/lib.sh"
slurm_suite "slurm-diff" "$JLINT"
"$TOP/tools/deps.sh" python3 || die "python3 missing"

slurm_lock
slurm_packages
slurm_release
SLURM_SCANCEL_USER=$TUSER
slurm_scratch
slurm_user_jlint	# $TUSER runs it
slurm_users $TUSER
slurm_munge
slurm_port
slurm_node
# Partition "wide" adds a second node like the first that never answers
# (DOWN): slurmctld judges a submission against the nodes' configuration,
# so diff.py's check_real sees how it spreads GPUs over two nodes
# (fixtures/policy/two-node); its jobs pend, and no generated case uses it.
PARTS="PartitionName=prioritized Nodes=@NODE@ Default=YES MaxTime=6-00:00:00 State=UP
PartitionName=batch Nodes=@NODE@ MaxTime=12:00:00 State=UP
PartitionName=short Nodes=@NODE@ MaxTime=01:00:00 State=UP
PartitionName=wide Nodes=@NODE@,zzdown2 MaxTime=1-00:00:00 State=UP"
slurm_conf "EnforcePartLimits=NO
NodeName=zzdown2 NodeAddr=127.0.0.1 Port=$((PORT + 9)) CPUs=$CPUS RealMemory=$MEM Gres=gpu:t4:2 State=DOWN Reason=never_answers" "$PARTS"
slurm_start_ctld || die "slurmctld did not start"
slurm_start_slurmd

# jlint policy: the same facts (partitions, MaxTime, node, GPUs).
policy() {	# policy EPL
	cat <<EOP
name: slurm-diff
description: the one-node test cluster of tests/slurm-diff/run.sh
slurm_version: "$SLURM_REL"
enforce_part_limits: $1
max_array_size: $(scontrol show config 2>/dev/null | sed -n 's/^MaxArraySize *= *//p')
gres_names: [gpu]
partitions:
  - name: prioritized
    default: true
    max_time: 6-00:00:00
    nodes:
      - &node { count: 1, cpus: $CPUS, mem: ${MEM}M, gpus: { t4: 2 } }
  - name: batch
    max_time: 12:00:00
    nodes: [ *node ]
  - name: short
    max_time: 01:00:00
    nodes: [ *node ]
EOP
}
cp "$HERE/diff.py" "$HERE/reader.py" "$BASE/jobs/"
chmod -R a+rX "$BASE/etc" "$BASE/jobs"

if [ -n "${JLINT_DIFF_EXPLORE:-}" ]; then
	policy NO > "$BASE/etc/policy.yaml"; chmod a+r "$BASE/etc/policy.yaml"
	(cd "$BASE/userwork" && runuser -u "$TUSER" -- env SLURM_CONF="$CONF" \
	    JLINT="$JLINT" POLICY="$BASE/etc/policy.yaml" bash -c "$JLINT_DIFF_EXPLORE")
	exit 0
fi

rc=0
# How jlint reads a script against how sbatch does (generated syntax).
policy NO > "$BASE/etc/policy.yaml"; chmod a+r "$BASE/etc/policy.yaml"
(cd "$BASE/userwork" && runuser -u "$TUSER" -- env -i PATH="$PATH" \
    HOME="$BASE/userwork" SLURM_CONF="$CONF" python3 "$BASE/jobs/reader.py" \
    --jlint "$JLINT" --policy "$BASE/etc/policy.yaml" \
    --seed "${JLINT_READER_SEED:-20261206}" --n "${JLINT_READER_N:-400}" \
    --work "$BASE/userwork/reader") || rc=1
set_epl() {	# set_epl MODE: EnforcePartLimits=MODE in the running slurmctld
	sed -i "s/^EnforcePartLimits=.*/EnforcePartLimits=$1/" "$CONF"
	scontrol reconfigure >/dev/null 2>&1 || die "scontrol reconfigure"
	for _ in $(seq 100); do
		got=$(scontrol show config 2>/dev/null | sed -n 's/^EnforcePartLimits *= *//p')
		[ "$got" = "$1" ] && break; sleep 0.1
	done
	[ "$got" = "$1" ] || die "EnforcePartLimits is $got, wanted $1"
}
for epl in NO ANY ALL; do
	set_epl "$epl"
	policy "$epl" > "$BASE/etc/policy-$epl.yaml"
	chmod a+r "$BASE/etc/policy-$epl.yaml"
	(cd "$BASE/userwork" && runuser -u "$TUSER" -- env -i PATH="$PATH" \
	    HOME="$BASE/userwork" SLURM_CONF="$CONF" python3 "$BASE/jobs/diff.py" \
	    --jlint "$JLINT" --policy "$BASE/etc/policy-$epl.yaml" --epl "$epl" \
	    --release "$SLURM_REL" \
	    --seed "${JLINT_DIFF_SEED:-20260510}" --n "${JLINT_DIFF_N:-800}" \
	    --mem-mb "$MEM" --cpus "$CPUS" --work "$BASE/userwork/$epl") || rc=1
done

# GPU types, and jobs that list several partitions (nodes.py; the cluster
# of fixtures/policy/mixed-gpus): the node now has one a100 and one v100,
# each its own device file; partition tonly is a node of two T4 GPUs that
# never answers, wide holds both.  slurmctld starts again on a fresh state
# (restart_mixed EXTRA: with slurm.conf lines EXTRA too).
restart_mixed() {
	timeout 10 scancel -u "$TUSER" >/dev/null 2>&1
	stop_pid "$SLURMD_PID"
	stop_pid "$CTLD_PID"
	rm -rf "${BASE:?}/state/ctld" && mkdir -p "$BASE/state/ctld"
	slurm_conf "EnforcePartLimits=NO
NodeName=zzdown2 NodeAddr=127.0.0.1 Port=$((PORT + 9)) CPUs=$CPUS RealMemory=$MEM Gres=gpu:t4:2 State=DOWN Reason=never_answers${1:+
$1}" \
	    "PartitionName=mixed Nodes=@NODE@ Default=YES MaxTime=1-00:00:00 State=UP
PartitionName=tonly Nodes=zzdown2 MaxTime=1-00:00:00 State=UP
PartitionName=wide Nodes=@NODE@,zzdown2 MaxTime=1-00:00:00 State=UP"
	sed -i "s/^\(NodeName=$NODE .*\)Gres=gpu:t4:2/\1Gres=gpu:a100:1,gpu:v100:1/" "$CONF"
	grep -q "^NodeName=$NODE .*Gres=gpu:a100:1,gpu:v100:1" "$CONF" || die "node gres"
	printf 'AutoDetect=off\nNodeName=%s Name=gpu Type=a100 File=%s\nNodeName=%s Name=gpu Type=v100 File=%s\n' \
	    "$NODE" "$BASE/dev/nvidia0" "$NODE" "$BASE/dev/nvidia1" > "$BASE/etc/gres.conf"
	chmod a+r "$CONF" "$BASE/etc/gres.conf"
	slurm_start_ctld || die "slurmctld did not start again"
	slurm_start_slurmd
}
restart_mixed
mkdir -p "$BASE/jobs/mixed-gpus"
cp "$HERE/nodes.py" "$BASE/jobs/"
cp "$TOP"/fixtures/policy/mixed-gpus/* "$BASE/jobs/mixed-gpus/"
chmod -R a+rX "$BASE/jobs"
for epl in NO ALL; do
	set_epl "$epl"
	(cd "$BASE/userwork" && runuser -u "$TUSER" -- env -i PATH="$PATH" \
	    HOME="$BASE/userwork" SLURM_CONF="$CONF" python3 "$BASE/jobs/nodes.py" \
	    --jlint "$JLINT" --policy "$BASE/jobs/mixed-gpus/policy.yaml" \
	    --fixtures "$BASE/jobs/mixed-gpus" --epl "$epl" --cpus "$CPUS" \
	    --release "$SLURM_REL" --work "$BASE/userwork/nodes-$epl") || rc=1
done

# Job arrays against slurm.conf's limits (arrays.py): slurmctld reads
# MaxArraySize once, at its first array job, so each pair of limits gets a
# slurmctld of its own; the policy is what `jlint facts` writes of it.
cp "$HERE/arrays.py" "$BASE/jobs/"
chmod a+r "$BASE/jobs/arrays.py"
for lim in "0 -" "40 -" "200 50" "200 0"; do
	set -- $lim
	sp=
	[ "$2" = - ] || sp="SchedulerParameters=max_array_tasks=$2"
	restart_mixed "MaxArraySize=$1${sp:+
$sp}"
	"$JLINT" facts > "$BASE/etc/policy-arrays.yaml" 2>"$BASE/log/facts.err" ||
	    { cat "$BASE/log/facts.err" >&2; die "jlint facts"; }
	chmod a+r "$BASE/etc/policy-arrays.yaml"
	tasks=$(sed -n 's/^max_array_tasks: //p' "$BASE/etc/policy-arrays.yaml")
	want=$1; [ "$2" = - ] || want=$2
	[ "$tasks" = "$want" ] || { echo "jlint facts wrote max_array_tasks: $tasks, want $want" >&2; rc=1; }
	(cd "$BASE/userwork" && runuser -u "$TUSER" -- env -i PATH="$PATH" \
	    HOME="$BASE/userwork" SLURM_CONF="$CONF" python3 "$BASE/jobs/arrays.py" \
	    --jlint "$JLINT" --policy "$BASE/etc/policy-arrays.yaml" \
	    --size "$1" --tasks "$want" --n "${JLINT_ARRAYS_N:-100}" \
	    --work "$BASE/userwork/arrays-$1-$2") || rc=1
done
exit $rc
