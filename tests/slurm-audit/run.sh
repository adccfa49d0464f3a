#!/bin/bash
# tests/slurm-audit/run.sh: `jlint facts`, `jlint --cluster` and
# `jlint audit` against a real slurmctld (issue 6).
#
# Starts its own controller in a scratch directory: a private munged (own
# key and socket, AuthInfo=socket=...), slurmctld on the first free port
# of 7117-7317 (tests/slurm/run.sh scans 6817-7017), and no slurmd: held
# jobs, partitions and node records need only the controller, and without
# slurmd the node sizes and GPUs come from slurm.conf whatever this
# machine has.  Nothing is shared with tests/slurm/run.sh (not munged, not
# ports, not users: the jobs belong to "nobody", and "daemon" is the user
# who may read none of them), so both can run at the same time.  The
# daemons are stopped by PID at the end, also when a test fails.
#
# The program under test is build/jlint: `jlint facts`, `jlint audit` and
# `jlint --cluster` (the entry points of cmd/cluster.h), and loading the
# facts as a policy.
#
# Needs root (packages, daemons, runuser).  Environment:
#   BUILD=build              where make put the binaries
#   JLINT_SKIP_SLURM=1       skip (prints SKIP, exits 0)
#   JLINT_SLURM_KEEP=1       keep the scratch directory
#   SANFLAGS=...             set by `make check-asan`: LeakSanitizer
#                            ignores libslurm's own allocations
# Exit status: 0 passed (or skipped), 1 a test failed, 2 setup failed.
set -u
umask 022
T0=$(date +%s.%N)
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
JLINT="$BUILD/jlint"

if [ -n "${JLINT_SKIP_SLURM:-}" ]; then
	echo "SKIP slurm-audit tests: JLINT_SKIP_SLURM is set"; exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "SKIP slurm-audit tests: they need root (packages, daemons)"
	exit 0
fi
die() { echo "slurm-audit tests: setup failed: $*" >&2; exit 2; }
[ -x "$JLINT" ] || die "$JLINT missing (run make)"
if [ -n "${SANFLAGS:-}" ]; then
	export LSAN_OPTIONS="suppressions=$HERE/lsan.supp:print_suppressions=0"
fi

"$TOP/tools/deps.sh" slurmctld slurm-client munge python3 ||
	die "cannot install slurmctld slurm-client munge python3"

# ---- scratch directory, cleanup ------------------------------------------
BASE=$(mktemp -d /tmp/jlint-audit.XXXXXX) || die "mktemp"
chmod 755 "$BASE"
if [ -n "${SANFLAGS:-}" ]; then	# readable by nobody too (below)
	cp "$HERE/lsan.supp" "$BASE/lsan.supp" && chmod 644 "$BASE/lsan.supp"
	export LSAN_OPTIONS="suppressions=$BASE/lsan.supp:print_suppressions=0"
fi
CTLD_PID= MUNGED_PID= SALLOC_PID=
stop_pid() {	# stop_pid PID: TERM, wait up to 10 s, then KILL
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
	kill -TERM "$1" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL "$1" 2>/dev/null
}
cleanup() {
	stop_pid "$SALLOC_PID"
	stop_pid "$CTLD_PID"
	stop_pid "$MUNGED_PID"
	if [ -n "${JLINT_SLURM_KEEP:-}" ]; then
		echo "kept $BASE"
	else
		rm -rf "$BASE"
	fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP
mkdir -p "$BASE"/etc "$BASE"/state/ctld "$BASE"/run "$BASE"/log \
    "$BASE"/munge "$BASE"/jobs "$BASE"/out
chmod 755 "$BASE"/munge "$BASE"/jobs
chmod 777 "$BASE"/out
CONF=$BASE/etc/slurm.conf
export SLURM_CONF=$CONF

# ---- munge: a private daemon ----------------------------------------------
MSOCK=$BASE/munge/munge.socket
dd if=/dev/urandom of="$BASE/munge/munge.key" bs=1024 count=1 2>/dev/null ||
	die "munge key"
chmod 0400 "$BASE/munge/munge.key"
/usr/sbin/munged --force -S "$MSOCK" --key-file="$BASE/munge/munge.key" \
    --pid-file="$BASE/run/munged.pid" --log-file="$BASE/log/munged.log" \
    --seed-file="$BASE/munge/seed" >/dev/null 2>&1 || die "munged did not start"
for _ in $(seq 50); do [ -s "$BASE/run/munged.pid" ] && break; sleep 0.1; done
MUNGED_PID=$(cat "$BASE/run/munged.pid" 2>/dev/null)
munge -S "$MSOCK" -n | unmunge -S "$MSOCK" >/dev/null 2>&1 || die "munge does not work"

# ---- slurm.conf ----------------------------------------------------------------
# Something listens on 127.0.0.1:PORT (no ss needed: bash connects).
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for PORT in $(seq 7117 10 7317) ''; do
	port_busy "$PORT" || break
done
[ -n "$PORT" ] || die "no free port in 7117-7317"
DEADPORT=$((PORT + 5))
port_busy "$DEADPORT" && die "port $DEADPORT (the unreachable case) is in use"
HOST=$(hostname -s)
VERSION=$(dpkg-query -W -f '${Version}' slurmctld | sed 's/-.*//')
RELEASE=$(echo "$VERSION" | cut -d. -f1,2)	# 22.05, 24.11, 26.05
# A partition that limits who may use it, for the facts comments.  From
# 26.05 slurmctld refuses AllowQos naming a QOS it does not have (no
# accounting here: none), so there the limit is on accounts.
case $RELEASE in
2[0-5].*) ALLOW=AllowQos=normal ;;
*) ALLOW=AllowAccounts=physics ;;
esac

# Two node classes; "prioritized" (tier 2) shares the T4 nodes with
# "batch" (tier 1, PreemptMode=REQUEUE), so batch is preemptible.
# EnforcePartLimits=NO: a job over MaxTime is accepted and pends, which is
# what an audit should find.
cat > "$CONF" <<EOF
# jlint audit test: controller only, generated by tests/slurm-audit/run.sh
ClusterName=jlaudit
SlurmctldHost=$HOST(127.0.0.1)
SlurmUser=root
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
AuthInfo=socket=$MSOCK
CredType=cred/munge
StateSaveLocation=$BASE/state/ctld
SlurmdSpoolDir=$BASE/state/d
SlurmctldPidFile=$BASE/run/slurmctld.pid
SlurmctldLogFile=$BASE/log/slurmctld.log
SlurmctldDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
MpiDefault=none
MailProg=/bin/true
DefMemPerCPU=1000
EnforcePartLimits=NO
JobRequeue=0
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
PreemptType=preempt/partition_prio
PreemptMode=REQUEUE
GresTypes=gpu
NodeName=t4n[1-2] NodeAddr=127.0.0.1 CPUs=64 RealMemory=256000 Gres=gpu:t4:6 State=UNKNOWN
NodeName=cpun1 NodeAddr=127.0.0.1 CPUs=32 RealMemory=128000 State=UNKNOWN
PartitionName=prioritized Nodes=t4n[1-2] Default=YES MaxTime=6-00:00:00 PriorityTier=2 State=UP
PartitionName=batch Nodes=t4n[1-2],cpun1 MaxTime=12:00:00 DefaultTime=1:00:00 PriorityTier=1 $ALLOW State=UP
EOF
sed "s/^SlurmctldPort=.*/SlurmctldPort=$DEADPORT/" "$CONF" > "$BASE/etc/dead.conf"

# ---- start slurmctld, wait for its port (a client started earlier blocks) --
setsid /usr/sbin/slurmctld -D -f "$CONF" >"$BASE/log/slurmctld.stdout" 2>&1 </dev/null &
CTLD_PID=$!
up=0
for _ in $(seq 150); do
	kill -0 "$CTLD_PID" 2>/dev/null || break
	if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then up=1; break; fi
	sleep 0.1
done
[ "$up" = 1 ] || { tail -20 "$BASE/log/slurmctld.log" >&2; die "slurmctld did not listen on $PORT"; }
timeout 20 squeue >/dev/null 2>&1 || die "squeue does not work"

# ---- helpers -------------------------------------------------------------------
fail=0 n=0
ok() { n=$((n + 1)); [ -n "${VERBOSE:-}" ] && echo "ok $1"; return 0; }
bad() { n=$((n + 1)); echo "FAIL $1"; shift; for l in "$@"; do echo "  | $l"; done; fail=1; }
# expect NAME STATUS STDOUT-REGEX STDERR-REGEX -- command...
expect() {
	local name=$1 want=$2 outre=$3 errre=$4 got
	shift 5
	"$@" >"$BASE/out.txt" 2>"$BASE/err.txt"
	got=$?
	if [ "$got" != "$want" ]; then
		bad "$name: exit $got, expected $want" "$(head -c 2000 "$BASE/out.txt")" "$(head -c 2000 "$BASE/err.txt")"; return 1
	fi
	if [ -n "$outre" ] && ! grep -Eq -- "$outre" "$BASE/out.txt"; then
		bad "$name: stdout does not match /$outre/" "$(head -c 2000 "$BASE/out.txt")"; return 1
	fi
	if [ "$errre" = EMPTY ] && [ -s "$BASE/err.txt" ]; then
		bad "$name: stderr is not empty" "$(head -c 2000 "$BASE/err.txt")"; return 1
	fi
	if [ -n "$errre" ] && [ "$errre" != EMPTY ] &&
	    ! grep -Eq -- "$errre" "$BASE/err.txt"; then
		bad "$name: stderr does not match /$errre/" "$(head -c 2000 "$BASE/err.txt")"; return 1
	fi
	ok "$name"
}
# The YAML without comments and blank lines.
strip() { grep -v '^[[:space:]]*#' "$1" | grep -v '^[[:space:]]*$'; }

# ---- jlint facts ---------------------------------------------------------------
expect "facts" 0 "" "" -- "$JLINT" facts
cp "$BASE/out.txt" "$BASE/etc/site.yaml"
sed "s/@VERSION@/$VERSION/" "$HERE/facts.expected" > "$BASE/facts.expected"
if strip "$BASE/etc/site.yaml" | diff -u "$BASE/facts.expected" - >"$BASE/diff.txt"; then
	ok "facts: partitions, limits, node classes, GPUs"
else
	bad "facts output differs from tests/slurm-audit/facts.expected" "$(cat "$BASE/diff.txt")"
fi
for c in "PreemptType=preempt/partition_prio" "$ALLOW" \
    "gpu_flag: NVIDIA GPUs \\(t4\\)" "partition prioritized \\(PriorityTier 2\\) shares its nodes"; do
	grep -Eq -- "$c" "$BASE/etc/site.yaml" && ok "facts comment $c" ||
		bad "facts: no comment matching /$c/" "$(cat "$BASE/etc/site.yaml")"
done
printf '#!/bin/bash\n#SBATCH -t 10\nsrun hostname\n' > "$BASE/jobs/tiny.sh"
expect "facts load as a policy (jlint --policy site.yaml)" 0 "" EMPTY -- \
    "$JLINT" --policy "$BASE/etc/site.yaml" "$BASE/jobs/tiny.sh"
printf '#!/bin/bash\n#SBATCH -p batch\n#SBATCH -t 13:00:00\nsrun hostname\n' > "$BASE/jobs/long.sh"
expect "facts as a policy: MaxTime of batch applies" 1 "partition-time-limit" "" -- \
    "$JLINT" --policy "$BASE/etc/site.yaml" "$BASE/jobs/long.sh"
expect "facts --help" 0 "usage: jlint facts" "" -- "$JLINT" facts --help
expect "facts: bad argument" 2 "" "unexpected argument" -- "$JLINT" facts --nope

# ---- jlint --cluster: live facts over a stale policy ------------------------
cat > "$BASE/etc/stale.yaml" <<'EOF'
name: stale
partitions:
  - name: prioritized
    default: true
    max_time: 1-00:00:00
  - name: retired
    max_time: 1:00:00
rules:
  partition-time-limit: enforce
EOF
expect "stale policy alone: batch unknown" 1 "unknown-partition" "" -- \
    "$JLINT" --policy "$BASE/etc/stale.yaml" "$BASE/jobs/long.sh"
expect "--cluster: live MaxTime of batch" 1 \
    "long.sh:3:[0-9]+: error: .*12:00:00.*\\[partition-time-limit\\]" "" -- \
    "$JLINT" --cluster --policy "$BASE/etc/stale.yaml" "$BASE/jobs/long.sh"
grep -q unknown-partition "$BASE/out.txt" &&
	bad "--cluster: batch is still unknown" "$(cat "$BASE/out.txt")"
expect "--cluster --show-policy says what came live" 0 \
    "^# live: partitions.prioritized.max_time: 6-00:00:00 \\(policy: 1-00:00:00\\)$" "" -- \
    "$JLINT" --cluster --policy "$BASE/etc/stale.yaml" --show-policy "$BASE/jobs/long.sh"
for l in "^# live: slurm_version: $RELEASE \\(policy: not given\\)$" \
    "^# live: gpu_flag: --nv \\(policy: not given\\)$" \
    "^# live: partitions.batch: \\(added from the cluster\\)" \
    "^# live: partitions.retired: \\(removed: not on the cluster\\)" \
    "^# live: partitions.prioritized.nodes: \\{ count: 2, cpus: 64, mem: 256000M, gpus: \\{ t4: 6 \\} \\}" \
    "^  partition-time-limit: " ; do
	grep -Eq -- "$l" "$BASE/out.txt" && ok "show-policy $l" ||
		bad "--show-policy: no line matching /$l/" "$(cat "$BASE/out.txt")"
done

# ---- the queue: held jobs ----------------------------------------------------------
cp "$HERE"/jobs/*.sh "$BASE/jobs/"
chmod 644 "$BASE"/jobs/*.sh
cd "$BASE/out" || die "cd"
declare -A ID
submit() {	# submit LABEL [runuser USER --] sbatch args...
	local label=$1 out
	shift
	out=$("$@" 2>&1) || { bad "submit $label: $*" "$out"; return 1; }
	ID[$label]=$(echo "$out" | sed -n 's/^Submitted batch job \([0-9]*\)$/\1/p')
	[ -n "${ID[$label]}" ] || bad "submit $label: no job id" "$out"
}
J=$BASE/jobs
# The jobs belong to "nobody": the plugin does not judge root's.
U="runuser -u nobody --"
submit clean       $U sbatch --hold "$J/clean.sh"
submit nonv        $U sbatch --hold "$J/gpu-nonv.sh"
submit cli_gpu     $U sbatch --hold -G t4:1 "$J/container.sh"
submit cli_time    $U sbatch --hold -p batch -t 13:00:00 --requeue "$J/checkpoint.sh"
submit notime      $U sbatch --hold "$J/notime.sh"
submit array       $U sbatch --hold "$J/array.sh"
submit preempt     $U sbatch --hold "$J/preempt.sh"
submit root_nonv   sbatch --hold "$J/gpu-nonv.sh"
# Het jobs: audit judges each component (shown N+k) with its steps, as
# the plugin does (issue 17.1, 17.2).
submit het_nonv    $U sbatch --hold "$J/het-nonv.sh"
submit het_nv      $U sbatch --hold "$J/het-nv.sh"
submit het_gpu0    $U sbatch --hold "$J/het-gpu0.sh"
submit het_cli     $U sbatch --hold -n1 : -n1 -t 30 --gres=gpu:t4:1 "$J/het-cli.sh"
submit het_cli_g0  $U sbatch --hold -n1 --gres=gpu:t4:1 : -n1 -t 30 "$J/het-cli.sh"
# An allocation without a script: salloc waits (held) until we stop it.
setsid setpriv --reuid=65534 --regid=65534 --clear-groups \
    salloc --hold -p batch -t 13:00:00 --no-shell >"$BASE/salloc.out" 2>&1 </dev/null &
SALLOC_PID=$!
for _ in $(seq 100); do
	ID[salloc]=$(sed -n 's/.*Pending job allocation \([0-9]*\).*/\1/p' "$BASE/salloc.out" 2>/dev/null)
	[ -n "${ID[salloc]}" ] && break
	sleep 0.1
done
[ -n "${ID[salloc]}" ] || bad "salloc: no job id" "$(cat "$BASE/salloc.out")"
cd "$TOP" || die "cd"
sed "s|@SITE@|$BASE/etc/site.yaml|" "$HERE/policy.yaml" > "$BASE/etc/policy.yaml"
# The facts work as the base of a policy (extends:) in the jlint command.
expect "jlint --policy P, P extends the facts" 1 \
    "long.sh:3:[0-9]+: error: .*12:00:00.*\\[partition-time-limit\\]" "" -- \
    "$JLINT" --policy "$BASE/etc/policy.yaml" "$BASE/jobs/long.sh"
IDS=$(for k in "${!ID[@]}"; do echo "$k=${ID[$k]}"; done | sort | tr '\n' ' ')

# ---- jlint audit -------------------------------------------------------------------------
expect "audit text" 1 "would be rejected" "" -- \
    "$JLINT" audit --policy "$BASE/etc/policy.yaml"
cp "$BASE/out.txt" "$BASE/audit.txt"
expect "audit json" 1 "" "" -- "$JLINT" audit --policy "$BASE/etc/policy.yaml" -f json
cp "$BASE/out.txt" "$BASE/audit.json"
expect "audit csv" 1 "" "" -- "$JLINT" audit --policy "$BASE/etc/policy.yaml" -f csv
cp "$BASE/out.txt" "$BASE/audit.csv"
expect "audit csv rules" 1 "" "" -- "$JLINT" audit --policy "$BASE/etc/policy.yaml" -f csv --table rules
cp "$BASE/out.txt" "$BASE/audit-rules.csv"
# nobody and daemon run a copy in the scratch directory: the checkout may
# be where they cannot go (a clone in /root).
mkdir -p "$BASE/bin" && cp "$JLINT" "$BASE/bin/jlint" && chmod 755 "$BASE/bin" "$BASE/bin/jlint"
expect "audit as nobody" 1 "" "" -- runuser -u nobody -- \
    "$BASE/bin/jlint" audit --policy "$BASE/etc/policy.yaml" -f json
cp "$BASE/out.txt" "$BASE/audit-nobody.json"
expect "audit as daemon (reads no script)" 1 "" "" -- runuser -u daemon -- \
    "$BASE/bin/jlint" audit --policy "$BASE/etc/policy.yaml" -f json
cp "$BASE/out.txt" "$BASE/audit-daemon.json"
expect "audit --user root" 0 "" "" -- "$JLINT" audit --policy "$BASE/etc/policy.yaml" -f json --user root
cp "$BASE/out.txt" "$BASE/audit-user.json"
expect "audit --partition batch" 1 "" "" -- "$JLINT" audit --policy "$BASE/etc/policy.yaml" -f json -P batch
cp "$BASE/out.txt" "$BASE/audit-part.json"
expect "audit --running: no running jobs" 0 "^jlint audit: 0 jobs \\(running\\)" "" -- \
    "$JLINT" audit --policy "$BASE/etc/policy.yaml" --running
expect "audit --cluster (live facts over a policy without them)" 1 "partition-time-limit" "" -- \
    "$JLINT" audit --policy "$BASE/etc/stale.yaml" --cluster
expect "audit: bad format" 2 "" "unknown format" -- "$JLINT" audit -f xml
expect "audit --help" 0 "usage: jlint audit" "" -- "$JLINT" audit --help
# The plugin's policy (jlint.yaml next to slurm.conf) is the default.
cp "$BASE/etc/policy.yaml" "$BASE/etc/jlint.yaml"
expect "audit: default policy is jlint.yaml next to slurm.conf" 1 \
    "policy $BASE/etc/jlint.yaml" "" -- env -u JLINT_POLICY "$JLINT" audit

if python3 "$HERE/check.py" "$IDS" "$BASE/audit.txt" "$BASE/audit.json" \
    "$BASE/audit.csv" "$BASE/audit-rules.csv" "$BASE/audit-nobody.json" \
    "$BASE/audit-daemon.json" "$BASE/audit-user.json" "$BASE/audit-part.json" \
    >"$BASE/check.txt" 2>&1; then
	ok "audit reports exactly the expected jobs and rules"
else
	bad "audit reports (tests/slurm-audit/check.py)" "$(cat "$BASE/check.txt")" \
	    "$(cat "$BASE/audit.txt")"
fi

# ---- no controller: one line, exit 2, bounded ----------------------------------------------
unreachable() {	# unreachable NAME command...
	local name=$1 t0 t1 ms
	shift
	t0=$(date +%s%N)
	SLURM_CONF=$BASE/etc/dead.conf "$@" >"$BASE/out.txt" 2>"$BASE/err.txt"
	got=$?
	t1=$(date +%s%N)
	ms=$(((t1 - t0) / 1000000))
	if [ "$got" != 2 ]; then
		bad "$name: exit $got, expected 2" "$(cat "$BASE/err.txt")"
	elif [ "$(wc -l <"$BASE/err.txt")" != 1 ] ||
	    ! grep -Eq "^jlint: cannot reach slurmctld at 127.0.0.1:$DEADPORT within 2 s: " "$BASE/err.txt"; then
		bad "$name: not the one-line message" "$(cat "$BASE/err.txt")"
	elif [ "$ms" -ge 3500 ]; then
		bad "$name: took $ms ms (bound: 2 s + slack)"
	else
		ok "$name ($ms ms)"
		echo "  unreachable controller, $name: $ms ms"
	fi
}
unreachable "facts, controller down" "$JLINT" facts
unreachable "audit, controller down" "$JLINT" audit
unreachable "--cluster, controller down" "$JLINT" --cluster --policy "$BASE/etc/stale.yaml" "$BASE/jobs/long.sh"
expect "no configuration" 2 "" "^jlint: SLURM_CONF=$BASE/nonexistent: No such file or directory$" -- \
    env SLURM_CONF="$BASE/nonexistent" "$JLINT" facts

# The controller survived all of it.
kill -0 "$CTLD_PID" 2>/dev/null && ok "slurmctld still running" ||
	bad "slurmctld died" "$(tail -20 "$BASE/log/slurmctld.log")"

T1=$(date +%s.%N)
printf 'slurm-audit: %d checks, %s, %.1f s (jobs: %s)\n' "$n" \
    "$([ $fail = 0 ] && echo passed || echo FAILED)" \
    "$(awk -v a="$T0" -v b="$T1" 'BEGIN { printf "%.1f", b - a }')" "$IDS"
exit $fail
