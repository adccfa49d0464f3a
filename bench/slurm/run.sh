#!/bin/bash
# bench/slurm/run.sh [chain|soak|all]: the job_submit plugin inside a real
# slurmctld (issue 7): what it costs per submission, and a soak.
#
# chain  The time slurmctld spends in the job_submit chain per submission,
#        measured by two tiny plugins that bracket it (timer0.c, timer1.c;
#        JobSubmitPlugins=timer0,X,timer1) for X = nothing, jlint (the full
#        policies/ai-lab.yaml), jlint4 (the same with only the Lua's four
#        rules on), job_submit.lua (the four headline rules as a site
#        writes them) and cfour (those four in C, cfour.c), BENCH_SLURM_N
#        sequential `sbatch --hold`
#        submissions per configuration, the configurations interleaved for
#        BENCH_SLURM_ROUNDS rounds, slurmctld restarted clean (-c) for each.
#        Workloads: the five accepted headline twins of tests/slurm/cases,
#        the generated corpus (bench/gen-scripts.py, requests rewritten
#        to fit the one-node cluster), and the worst case: one 4 MB script
#        (Slurm's default max_script_size is 4 MiB) of concatenated corpus
#        bodies (gen-scripts.py --concat 4, rewritten the same way),
#        BENCH_SLURM_WORST_N submissions (20).  Also the whole-submission view: the
#        sbatch round trip and sdiag's REQUEST_SUBMIT_BATCH_JOB average.
# soak   BENCH_SOAK_N submissions (`sbatch --test-only`: the plugin runs, no
#        job record is kept, so slurmctld's RSS shows the plugin's memory)
#        cycling the nine headline twins, whose verdicts are known; the
#        policy is reloaded (new file, same rules) at 30%, replaced by a
#        broken file from 50% to 70% (the plugin keeps the last good one),
#        then restored.  Checks: slurmctld never dies, no good job is
#        rejected, no bad job accepted, RSS sampled every 250 submissions.
#        The same run with JobSubmitPlugins empty is the RSS baseline.
#
# Needs root: Debian's slurmctld/slurmd/munge (installed when missing), its
# own munged on a private socket, a test user, mknod'ed fake GPUs.  Results
# go to $BENCH_OUT/slurm (default build/bench/out/slurm): raw samples and
# summary.md.  Environment: BUILD, BENCH_OUT, BENCH_SLURM_N (500),
# BENCH_SLURM_ROUNDS (2), BENCH_SOAK_N (10000), BENCH_SLURM_KEEP=1,
# BENCH_SLURM_WORKLOADS ("twins corpus worst"), BENCH_SLURM_CONFIGS
# ("none jlint jlint4 lua cfour"; while iterating; jlint4 is the jlint
# plugin with only the Lua's four rules on; cfour is the Lua's four rules
# written directly in C, bench/slurm/cfour.c: the floor for any plugin),
# BENCH_SLURM_PROFILE=DIR (perf record -g and perf stat of slurmctld
# during each plugin's submission loop, into DIR: for finding where the
# time goes, not for the numbers;
# BENCH_SLURM_PERF_ARGS replaces perf record's "-g -F 4999"; with dwarf
# call graphs, bench/slurm/perf-split.py splits jlint's share by function),
# BENCH_SLURM_PLUGIN_B=SO (another job_submit_jlint.so, run as config
# "jlint-b" in the same rounds: an A/B of a change, e.g.
# BENCH_SLURM_CONFIGS="none jlint jlint-b lua").
set -u
umask 022
MODE=${1:-all}
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
PLUGIN=$BUILD/job_submit_jlint.so
PLUGIN_B=${BENCH_SLURM_PLUGIN_B:-}
OUT=${BENCH_OUT:-$BUILD/bench/out}/slurm
N=${BENCH_SLURM_N:-500}
NWORST=${BENCH_SLURM_WORST_N:-20}
ROUNDS=${BENCH_SLURM_ROUNDS:-2}
SOAK=${BENCH_SOAK_N:-10000}
WORKLOADS=${BENCH_SLURM_WORKLOADS:-twins corpus worst}
CONFIGS=${BENCH_SLURM_CONFIGS:-none jlint jlint4 lua cfour}
PROFILE=${BENCH_SLURM_PROFILE:-}
BUSER=jlintbench

die() { echo "bench/slurm: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "needs root (daemons, packages, a test user)"
[ -f "$PLUGIN" ] || die "$PLUGIN missing (make; needs libslurm-dev)"
case " $CONFIGS " in *" jlint-b "*)
	[ -f "$PLUGIN_B" ] || die "config jlint-b needs BENCH_SLURM_PLUGIN_B=SO" ;;
esac
"$TOP/tools/deps.sh" slurmctld slurmd slurm-client munge libslurm-dev ||
	die "cannot install Slurm"
want=$(dpkg-query -W -f '${Version}' libslurm-dev 2>/dev/null)
have=$(dpkg-query -W -f '${Version}' slurmctld 2>/dev/null)
[ "$want" = "$have" ] || die "plugin built for $want, slurmctld is $have"
mkdir -p "$OUT"

BASE=$(mktemp -d /tmp/benchslurm.XXXXXX) || die mktemp
chmod 755 "$BASE"
CTLD_PID= SLURMD_PID= MUNGED_PID= MADE_USER=
stop_pid() {
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
	kill -TERM "$1" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL "$1" 2>/dev/null
}
cleanup() {
	stop_pid "$SLURMD_PID"
	stop_pid "$CTLD_PID"
	stop_pid "$MUNGED_PID"
	[ -n "$MADE_USER" ] && userdel "$BUSER" >/dev/null 2>&1
	if [ -n "${BENCH_SLURM_KEEP:-}" ]; then echo "kept $BASE"; else rm -rf "$BASE"; fi
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP
mkdir -p "$BASE"/etc "$BASE"/state "$BASE"/run "$BASE"/log "$BASE"/plugins \
    "$BASE"/dev "$BASE"/jobs "$BASE"/corpus "$BASE"/work "$BASE"/munge
CONF=$BASE/etc/slurm.conf
LOG=$BASE/log/slurmctld.log
export SLURM_CONF=$CONF

# ---- a user (the plugin exempts root and SlurmUser) --------------------------
if ! id "$BUSER" >/dev/null 2>&1; then
	useradd -M -d "$BASE/work" -s /bin/bash "$BUSER" || die "useradd"
	MADE_USER=1
fi
chown "$BUSER" "$BASE/work"

# ---- our own munged on a private socket (other clusters keep theirs) --------
MSOCK=$BASE/munge/munge.socket
mungekey --create --keyfile="$BASE/munge/munge.key" --force >/dev/null 2>&1 ||
	die "mungekey"
chown -R munge:munge "$BASE/munge"
chmod 755 "$BASE/munge"		# munged wants the socket directory traversable
chmod 400 "$BASE/munge/munge.key"
runuser -u munge -- /usr/sbin/munged --socket="$MSOCK" \
    --key-file="$BASE/munge/munge.key" --pid-file="$BASE/munge/munged.pid" \
    --log-file="$BASE/munge/munged.log" --seed-file="$BASE/munge/seed" \
    >/dev/null 2>&1 || die "munged did not start"
for _ in $(seq 50); do [ -s "$BASE/munge/munged.pid" ] && break; sleep 0.1; done
MUNGED_PID=$(cat "$BASE/munge/munged.pid" 2>/dev/null)
munge -S "$MSOCK" -n | unmunge -S "$MSOCK" >/dev/null 2>&1 || die "munge does not work"

# ---- cluster -------------------------------------------------------------------
port_busy() { ss -Htan "( sport = :$1 )" 2>/dev/null | grep -q .; }
for PORT in $(seq 6917 10 7217) ''; do
	port_busy "$PORT" || port_busy $((PORT + 1)) || break
done
[ -n "$PORT" ] || die "no free port pair"
facts=$(slurmd -C | head -1)
fact() { echo "$facts" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
NODE=$(fact NodeName) CPUS=$(fact CPUs) REALMEM=$(fact RealMemory)
MEM=$((REALMEM * 95 / 100))
mknod "$BASE/dev/nvidia0" c 1 3 && mknod "$BASE/dev/nvidia1" c 1 5 || die mknod
cat > "$BASE/etc/gres.conf" <<EOF
AutoDetect=off
NodeName=$NODE Name=gpu Type=t4 File=$BASE/dev/nvidia[0-1]
EOF
write_conf() {	# write_conf JOBSUBMITPLUGINS
	cat > "$CONF" <<EOF
# generated by bench/slurm/run.sh
ClusterName=jlintbench
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$MSOCK
StateSaveLocation=$BASE/state/ctld
SlurmdSpoolDir=$BASE/state/d
SlurmctldPidFile=$BASE/run/slurmctld.pid
SlurmdPidFile=$BASE/run/slurmd.pid
SlurmctldLogFile=$LOG
SlurmdLogFile=$BASE/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
SchedulerType=sched/backfill
MpiDefault=none
MailProg=/bin/true
PluginDir=/usr/lib/x86_64-linux-gnu/slurm-wlm:$BASE/plugins
$([ -n "$1" ] && echo "JobSubmitPlugins=$1")
DefMemPerCPU=500
EnforcePartLimits=ALL
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MaxJobCount=100000
MinJobAge=10
GresTypes=gpu
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM Gres=gpu:t4:2 State=UNKNOWN
PartitionName=prioritized Nodes=$NODE Default=YES MaxTime=6-00:00:00 State=UP
PartitionName=batch Nodes=$NODE MaxTime=12:00:00 State=UP
EOF
}

# Plugins: jlint (a new inode, as install-plugin does), the timers.
cp "$PLUGIN" "$BASE/plugins/job_submit_jlint.so"
# cfour.c knows write_conf's partitions and their MaxTime.
for t in timer0 timer1 cfour; do
	cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -fPIC -shared \
	    -fvisibility=hidden -Wl,-soname,job_submit_$t.so \
	    -o "$BASE/plugins/job_submit_$t.so" "$HERE/$t.c" -ldl ||
		die "building $t"
done
# Policies: the full ai-lab policy; the same with another comment (reload);
# a broken one (a YAML syntax error).
cp "$TOP/policies/ai-lab.yaml" "$BASE/etc/policy-good.yaml"
{ cat "$TOP/policies/ai-lab.yaml"; echo "# reloaded by bench/slurm/run.sh"; } \
    > "$BASE/etc/policy-reload.yaml"
{ cat "$TOP/policies/ai-lab.yaml"; printf 'limits: { max_gpus_per_job: [\n'; } \
    > "$BASE/etc/policy-broken.yaml"
cp "$BASE/etc/policy-good.yaml" "$BASE/etc/jlint.yaml"
# Config jlint4: the same plugin and ai-lab policy with every rule off but
# the Lua's four (its site rules dropped): jlint doing the Lua's work, the
# script still read as sbatch reads it.  Made only when jlint4 is asked
# for, from the slugs of BUILD's own jlint (the plugin's revision; never a
# site policy's: --isolated); verdicts() (chain, all) stops the run if the
# plugin under it does not give the twins' verdicts.
case " $CONFIGS " in *" jlint4 "*)
	[ -x "$BUILD/jlint" ] || die "config jlint4 needs $BUILD/jlint (the rule names of the plugin's build)"
	{
		awk '/^[a-z_]+:/ { skip = ($1 == "rules:" || $1 == "site_rules:") } !skip' \
		    "$TOP/policies/ai-lab.yaml"
		echo "rules:"
		"$BUILD/jlint" --isolated rules --format slugs | while read -r slug; do
			case $slug in
			gpu-container-no-nv|gpu-over-allocation|requeue-without-checkpoint|partition-time-limit)
				echo "  $slug: enforce" ;;
			*)	echo "  $slug: off" ;;
			esac
		done
	} > "$BASE/etc/policy-four.yaml"
	[ "$(grep -c ': enforce$' "$BASE/etc/policy-four.yaml")" = 4 ] ||
		die "policy-four.yaml: not the four rules (jlint rules --format slugs)"
	"$BUILD/jlint" policy check "$BASE/etc/policy-four.yaml" >/dev/null ||
		die "policy-four.yaml is not a valid policy"
	;;
esac
cp "$HERE/job_submit.lua" "$BASE/etc/job_submit.lua"

# Jobs: the headline twins (known verdicts) and the generated corpus with
# its requests rewritten to fit this cluster.
GOOD="gpu-nv gpu-over-ok requeue-ckpt time-ok clean-cpu"
BAD="gpu-no-nv gpu-over requeue-nockpt time-over"
for j in $GOOD $BAD; do
	cp "$TOP/tests/slurm/cases/$j.sh" "$BASE/jobs/" || die "missing case $j"
done
python3 "$TOP/bench/gen-scripts.py" --seed 1 --count 200 "$BASE/corpus.raw" ||
	die "gen-scripts"
python3 "$TOP/bench/gen-scripts.py" --concat 4 "$BASE/corpus.raw/worst.big" ||
	die "gen-scripts --concat"
mkdir -p "$BASE/worst"
for f in "$BASE"/corpus.raw/*.sh "$BASE/corpus.raw/worst.big"; do
	case $f in *.big) dst=$BASE/worst/worst.sh ;;
	*) dst=$BASE/corpus/$(basename "$f") ;; esac
	sed -E -e 's/^(#SBATCH (--partition=|-p ?)).*/#SBATCH --partition=prioritized/' \
	    -e 's/^#SBATCH --gres=gpu.*/#SBATCH --gres=gpu:t4:1/' \
	    -e 's/^#SBATCH --gpus-per-node=.*/#SBATCH --gpus-per-node=t4:1/' \
	    -e 's/^#SBATCH (--gpus=|-G ).*/#SBATCH --gpus=1/' \
	    -e 's/^#SBATCH --nodes=.*/#SBATCH --nodes=1/' \
	    -e 's/^#SBATCH --ntasks-per-node=.*/#SBATCH --ntasks-per-node=1/' \
	    -e 's/^#SBATCH --cpus-per-task=.*/#SBATCH --cpus-per-task=1/' \
	    -e 's/^#SBATCH --mem=.*/#SBATCH --mem=1G/' \
	    -e 's/^#SBATCH --mem-per-cpu=.*/#SBATCH --mem-per-cpu=500M/' \
	    -e 's/^#SBATCH --mem-per-gpu=.*/#SBATCH --mem-per-gpu=1G/' \
	    -e '/^#SBATCH (--constraint|--qos|--account)/d' \
	    "$f" > "$dst"
done
chmod -R a+rX "$BASE/etc" "$BASE/jobs" "$BASE/corpus" "$BASE/worst"

# The submission loop, run as the user: one line per submission:
#   index job rc jlint-or-site-message(0/1) start end   (seconds)
cat > "$BASE/submit.sh" <<'EOF'
#!/bin/bash
# submit.sh FLAG N OUT FIRST JOB...: N submissions of sbatch FLAG, cycling
# the jobs from index FIRST.
flag=$1 n=$2 out=$3 first=$4
shift 4
jobs=("$@")
k=${#jobs[@]}
err=$(mktemp)
for ((i = first; i < first + n; i++)); do
	j=${jobs[i % k]}
	t0=$EPOCHREALTIME
	sbatch $flag "$j" >/dev/null 2>"$err"
	rc=$?
	t1=$EPOCHREALTIME
	e=$(<"$err")
	m=0
	[[ $e == *jlint:* || $e == *site:* ]] && m=1
	echo "$i ${j##*/} $rc $m $t0 $t1" >> "$out"
done
rm -f "$err"
EOF
chmod 755 "$BASE/submit.sh"
as_user() { (cd "$BASE/work" && runuser -u "$BUSER" -- env SLURM_CONF="$CONF" "$@") </dev/null; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
start_cluster() {	# start_cluster PLUGINS TIMER-OUT
	write_conf "$1"
	rm -rf "$BASE/state"/*
	mkdir -p "$BASE/state/ctld" "$BASE/state/d"
	# In the scratch directory: a core slurmctld's helpers leave when
	# stopped (22.05's slurmscriptd in track_script_flush(), now and then)
	# goes there, not into the checkout.
	(cd "$BASE/log" && JLINT_TIMER_OUT=$2 exec setsid /usr/sbin/slurmctld \
	    -D -c -f "$CONF" >>"$BASE/log/slurmctld.stdout" 2>&1 </dev/null \
	    9>&-) &
	CTLD_PID=$!
	for _ in $(seq 200); do
		port_open "$PORT" && break
		kill -0 "$CTLD_PID" 2>/dev/null || die "slurmctld died: $(tail -5 "$LOG")"
		sleep 0.05
	done
	(cd "$BASE/log" && exec setsid /usr/sbin/slurmd -D -f "$CONF" \
	    >>"$BASE/log/slurmd.stdout" 2>&1 </dev/null 9>&-) &
	SLURMD_PID=$!
	for _ in $(seq 300); do
		st=$(sinfo -h -N -o %T 2>/dev/null | head -1)
		[ "$st" = idle ] && return 0
		sleep 0.1
	done
	die "node not idle ($st): $(tail -5 "$BASE/log/slurmd.log")"
}
stop_cluster() {
	scancel -u "$BUSER" >/dev/null 2>&1
	stop_pid "$SLURMD_PID"; SLURMD_PID=
	stop_pid "$CTLD_PID"; CTLD_PID=
}
rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$CTLD_PID/status" 2>/dev/null; }
plugins_of() {
	case $1 in
	none)  echo timer0,timer1 ;;
	jlint|jlint-b|jlint4) echo timer0,jlint,timer1 ;;
	lua)   echo timer0,lua,timer1 ;;
	cfour) echo timer0,cfour,timer1 ;;
	esac
}
# The policy a configuration's plugin reads (jlint4: the four rules only).
policy_of() {
	case $1 in
	jlint4) cp "$BASE/etc/policy-four.yaml" "$BASE/etc/jlint.yaml" ;;
	*)	cp "$BASE/etc/policy-good.yaml" "$BASE/etc/jlint.yaml" ;;
	esac
}

# ---- verdicts: the configurations agree on the twins ------------------------
verdicts() {
	: > "$OUT/verdicts.txt"
	cfgs="jlint lua cfour"
	case " $CONFIGS " in *" jlint4 "*) cfgs="jlint jlint4 lua cfour" ;; esac
	for cfg in $cfgs; do
		policy_of $cfg
		start_cluster "$(plugins_of $cfg)" /dev/null
		for j in $GOOD $BAD; do
			as_user sbatch --test-only "$BASE/jobs/$j.sh" >/dev/null 2>"$BASE/err"
			rc=$?
			want=0
			case " $BAD " in *" $j "*) want=1 ;; esac
			got=0
			[ $rc != 0 ] && grep -Eq 'jlint:|site:' "$BASE/err" && got=1
			echo "$cfg $j want=$([ $want = 1 ] && echo reject || echo accept)" \
			    "got=$([ $got = 1 ] && echo reject || echo accept) rc=$rc" \
			    >> "$OUT/verdicts.txt"
		done
		stop_cluster
	done
	cat "$OUT/verdicts.txt"
	grep -q 'want=accept got=reject\|want=reject got=accept' "$OUT/verdicts.txt" &&
		echo "WARNING: a configuration disagrees with the expected verdicts" >&2
	# jlint4's numbers mean something only if its policy is in force (a
	# policy the plugin refused leaves it accepting every job: on_error).
	grep -q '^jlint4 .*\(want=accept got=reject\|want=reject got=accept\)' \
	    "$OUT/verdicts.txt" && die "jlint4 does not give the twins' verdicts"
	return 0
}

# ---- chain ---------------------------------------------------------------------
chain() {
	rm -f "$OUT"/chain-*
	for r in $(seq "$ROUNDS"); do
		for w in $WORKLOADS; do
			for cfg in $CONFIGS; do
				echo "chain: round $r, $w, $cfg" >&2
				ns="$OUT/chain-$w-$cfg-r$r.ns"
				lat="$OUT/chain-$w-$cfg-r$r.lat"
				# jlint-b: the other build under the same name
				# (a new inode each time, as install-plugin does)
				so=$PLUGIN; [ $cfg = jlint-b ] && so=$PLUGIN_B
				rm -f "$BASE/plugins/job_submit_jlint.so"
				cp "$so" "$BASE/plugins/job_submit_jlint.so"
				policy_of $cfg
				start_cluster "$(plugins_of $cfg)" "$ns"
				chmod 666 "$ns" 2>/dev/null
				sdiag -r >/dev/null 2>&1
				touch "$lat"; chown "$BUSER" "$lat"
				n=$N
				if [ $w = twins ]; then
					jobs=""; for j in $GOOD; do jobs="$jobs $BASE/jobs/$j.sh"; done
				elif [ $w = worst ]; then
					jobs=$BASE/worst/worst.sh n=$NWORST
				else
					jobs=$(ls "$BASE"/corpus/*.sh)
				fi
				perf_pid=
				if [ -n "$PROFILE" ] && [ $cfg != none ]; then
					# Where slurmctld spends the chain's time
					# (not in the timed numbers' method: the
					# samples come from a separate run).
					# shellcheck disable=SC2086
					perf record -q ${BENCH_SLURM_PERF_ARGS:--g -F 4999} -p "$CTLD_PID" \
					    -o "$PROFILE/perf-$w-$cfg-r$r.data" \
					    >/dev/null 2>&1 &
					perf_pid=$!
					perf stat -e page-faults,minor-faults,major-faults,context-switches,instructions,cycles \
					    -p "$CTLD_PID" -o "$PROFILE/stat-$w-$cfg-r$r.txt" \
					    >/dev/null 2>&1 &
					perf_pid="$perf_pid $!"
					sleep 0.5
				fi
				# shellcheck disable=SC2086
				as_user "$BASE/submit.sh" --hold "$n" "$lat" 0 $jobs
				# shellcheck disable=SC2086
				[ -n "$perf_pid" ] && { kill -INT $perf_pid; wait $perf_pid 2>/dev/null; }
				sdiag > "$OUT/chain-$w-$cfg-r$r.sdiag" 2>&1
				echo "$(rss_kb)" > "$OUT/chain-$w-$cfg-r$r.rss"
				stop_cluster
			done
		done
	done
	rm -f "$BASE/plugins/job_submit_jlint.so"
	cp "$PLUGIN" "$BASE/plugins/job_submit_jlint.so"
	policy_of jlint
}

# ---- soak ----------------------------------------------------------------------
soak_one() {	# soak_one NAME PLUGINS
	name=$1
	lat="$OUT/soak-$name.lat"
	rss="$OUT/soak-$name.rss"
	: > "$rss"
	rm -f "$lat"; touch "$lat"; chown "$BUSER" "$lat"
	cp "$BASE/etc/policy-good.yaml" "$BASE/etc/jlint.yaml"
	log0=$(wc -l < "$LOG" 2>/dev/null || echo 0)
	start_cluster "$2" /dev/null
	jobs=""; for j in $GOOD $BAD; do jobs="$jobs $BASE/jobs/$j.sh"; done
	i=0 step=250 phase=0
	echo "0 $(rss_kb) start" >> "$rss"
	while [ $i -lt "$SOAK" ]; do
		event= new=
		if [ $phase = 0 ] && [ $i -ge $((SOAK * 3 / 10)) ]; then
			new=policy-reload event=reload
		elif [ $phase = 1 ] && [ $i -ge $((SOAK * 5 / 10)) ]; then
			new=policy-broken event=broken
		elif [ $phase = 2 ] && [ $i -ge $((SOAK * 7 / 10)) ]; then
			new=policy-good event=restored
		fi
		if [ -n "$event" ]; then
			# A new file (rename), as an admin's editor writes it.
			cp "$BASE/etc/$new.yaml" "$BASE/etc/jlint.yaml.new"
			mv "$BASE/etc/jlint.yaml.new" "$BASE/etc/jlint.yaml"
			phase=$((phase + 1))
			sleep 1.1	# the plugin stat()s at most once a second
		fi
		n=$step
		[ $((i + n)) -gt "$SOAK" ] && n=$((SOAK - i))
		# shellcheck disable=SC2086
		as_user "$BASE/submit.sh" --test-only $n "$lat" $i $jobs
		i=$((i + n))
		kill -0 "$CTLD_PID" 2>/dev/null || { echo "$i dead" >> "$rss"; break; }
		echo "$i $(rss_kb) $event" >> "$rss"
	done
	# This run's plugin lines about the policy, timestamps dropped.
	tail -n +"$((log0 + 1))" "$LOG" | grep 'job_submit/jlint' |
	    grep -Ei 'policy|error|load' | sed 's/^\[[^]]*\] //' |
	    sed "s|$BASE|\$BASE|g" | sort | uniq -c | sort -rn | head -20 \
	    > "$OUT/soak-$name.log" 2>/dev/null
	stop_cluster
}
soak() {
	soak_one baseline ""
	soak_one jlint jlint
}

# ---- the plugin outside slurmctld, warm caches (plugbench.c) ------------------
warm() {
	cc -std=c11 -D_GNU_SOURCE -O2 -rdynamic -o "$BASE/plugbench" \
	    "$HERE/plugbench.c" -ldl -lpthread || die "building plugbench"
	: > "$OUT/warm.txt"
	: > "$OUT/cold.txt"
	# The request is fixed (one T4, ten minutes): only the script varies,
	# so only script rules can reject (gpu-no-nv).
	for j in $GOOD gpu-no-nv; do
		echo "$j $("$BASE/plugbench" "$BASE/plugins/job_submit_jlint.so" \
		    "$BASE/etc/policy-good.yaml" "$BASE/jobs/$j.sh" 20000)" \
		    >> "$OUT/warm.txt"
		# The same call as slurmctld makes it (plugbench.c: cold).
		echo "$j $("$BASE/plugbench" "$BASE/plugins/job_submit_jlint.so" \
		    "$BASE/etc/policy-good.yaml" "$BASE/jobs/$j.sh" 300 cold)" \
		    >> "$OUT/cold.txt"
	done
	for f in $(ls "$BASE"/corpus/*.sh | head -50); do
		echo "corpus/${f##*/} $("$BASE/plugbench" \
		    "$BASE/plugins/job_submit_jlint.so" \
		    "$BASE/etc/policy-good.yaml" "$f" 2000)" >> "$OUT/warm.txt"
	done
}

case $MODE in
chain) verdicts; warm; chain ;;
timing) chain ;;	# the chain only (iterating: no verdicts, no plugbench)
soak)  soak ;;
all)   verdicts; warm; chain; soak ;;
*)     die "usage: bench/slurm/run.sh [chain|timing|soak|all]" ;;
esac
python3 "$HERE/summary.py" "$OUT" "$SOAK" | tee "$OUT/summary.md"
