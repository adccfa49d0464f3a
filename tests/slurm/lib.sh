# tests/slurm/lib.sh: set up a one-node test Slurm (munge, slurmctld,
# slurmd, fake GPUs).  Sourced by tests/slurm/run.sh (the plugin in a real
# slurmctld) and tests/slurm-diff/run.sh (jlint against sbatch --test-only).
#
# The caller sets TOP, then calls, in order:
#   slurm_suite NAME FILE...   skip (exit 0) under JLINT_SKIP_SLURM or when
#                              not root; die() for NAME; die unless every
#                              FILE (jlint, the plugins) was built
#   slurm_lock                 take /run/lock/jlint-slurm-tests.lock (fd 9)
#   slurm_packages             install slurmctld slurmd slurm-client munge
#   slurm_built_for            die unless the build's libslurm-dev is the
#                              installed slurmctld (plugins); SLURM_REL
#   slurm_scratch              BASE (scratch dir), CONF, LOG; cleanup on EXIT
#   slurm_user_jlint           JLINT=$BASE/bin/jlint, a copy the test users
#                              can run (the checkout may be in /root)
#   slurm_users USER...        create missing users (removed at exit)
#   slurm_munge                start munged unless one works
#   slurm_port                 PORT (slurmctld) and PORT+1 (slurmd)
#   slurm_node                 NODE CPUS MEM from slurmd -C; two fake GPUs
#   slurm_conf EXTRA PARTS     write slurm.conf (EXTRA: extra lines,
#                              PARTS: PartitionName lines, @NODE@ replaced)
#   slurm_start_ctld           start slurmctld (CTLD_PID)
#   slurm_start_slurmd         start slurmd and wait for an idle node
# SLURM_SCANCEL_USER (optional): whose jobs cleanup cancels.
# Daemons are started without the lock's descriptor and stopped by PID.
#
# For the suites that submit jobs (tests/slurm, tests/slurm-lua), after
# slurm_node:
#   slurm_policies             $BASE/etc/policy-main.yaml and
#                              policy-verdict.yaml (every rule enforce or
#                              off) from tests/slurm's templates
#   slurm_verdict_scripts DIR  print the scripts every front end must judge
#                              alike (tests/slurm/cases and the fixtures
#                              that need no sbatch arguments), copied into
#                              DIR (readable by the test users)
# and the test helpers (TUSER, POLICY, LOG set by the caller):
#   ok NAME / bad NAME WHY     count and print a result
#   slurm_finish NAME          the "NAME: P passed, F failed" line (T0, T1:
#                              start and end of setup); exit 1 with the
#                              end of slurmctld.log when a test failed
#   as USER CMD...             run as USER in $BASE/userwork; stdout and
#                              stderr in $BASE/out and $BASE/err
#   expect NAME accept|reject ERR-REGEX [USER] -- CMD...
#                              the verdict, and stderr matching ERR-REGEX
#                              (empty: stderr must not mention jlint)
#   replace_policy FILE        a new jlint.yaml (new inode and mtime)
#   logged REGEX               slurmctld.log has a matching line

slurm_suite() {
	SLURM_SUITE=$1
	shift
	if [ -n "${JLINT_SKIP_SLURM:-}" ]; then
		echo "SKIP $SLURM_SUITE: JLINT_SKIP_SLURM is set"; exit 0
	fi
	if [ "$(id -u)" != 0 ]; then
		echo "SKIP $SLURM_SUITE: needs root (packages, daemons, mknod)"
		exit 0
	fi
	for f in "$@"; do
		[ -f "$f" ] || die "$f missing (run make; the plugins need" \
		    "libslurm-dev, the Lua module liblua5.1-0-dev)"
	done
}
die() { echo "${SLURM_SUITE:-slurm}: setup failed: $*" >&2; exit 2; }

slurm_user_jlint() {
	mkdir -p "$BASE/bin" && cp "$JLINT" "$BASE/bin/jlint" &&
		chmod 755 "$BASE/bin" "$BASE/bin/jlint" ||
		die "cannot copy $JLINT"
	JLINT=$BASE/bin/jlint
}

slurm_lock() {
	LOCK=/run/lock/jlint-slurm-tests.lock
	[ -d /run/lock ] || LOCK=/tmp/jlint-slurm-tests.lock
	exec 9>"$LOCK" || die "cannot open $LOCK"
	if ! flock -n 9; then
		echo "slurm tests: waiting for another run to finish ($LOCK)"
		flock -w 900 9 || die "another run holds $LOCK"
	fi
}

slurm_packages() {
	"$TOP/tools/deps.sh" slurmctld slurmd slurm-client munge iproute2 ||
		die "cannot install slurmctld slurmd slurm-client munge iproute2"
}

# SLURM_REL: the installed slurmctld's release, "22.05".
slurm_release() {
	_have=$(dpkg-query -W -f '${Version}' slurmctld 2>/dev/null)
	SLURM_REL=$(echo "$_have" | sed -n 's/^\([0-9]*\)\.\([0-9]*\)\..*/\1.\2/p')
	[ -n "$SLURM_REL" ] || die "no slurmctld release ($_have)"
}

slurm_built_for() {
	_want=$(dpkg-query -W -f '${Version}' libslurm-dev 2>/dev/null)
	slurm_release
	[ "$_want" = "$_have" ] ||
		die "built for libslurm-dev $_want but slurmctld is $_have (rebuild)"
}

CTLD_PID= SLURMD_PID= MUNGED_PID= MADE_USERS=
stop_pid() {	# stop_pid PID: TERM, wait up to 10 s, then KILL
	[ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 0
	kill -TERM "$1" 2>/dev/null
	for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done
	kill -KILL "$1" 2>/dev/null
}
slurm_cleanup() {
	[ -n "$CTLD_PID" ] && [ -n "${SLURM_SCANCEL_USER:-}" ] &&
		kill -0 "$CTLD_PID" 2>/dev/null &&
		SLURM_CONF=$BASE/etc/slurm.conf timeout 5 scancel -u "$SLURM_SCANCEL_USER" >/dev/null 2>&1
	stop_pid "$SLURMD_PID"
	stop_pid "$CTLD_PID"
	# A controller that started others in its process group (a
	# reconfigure under --systemd): whatever is left of the group.
	[ -n "${CTLD_PGID:-}" ] && kill -KILL -- "-$CTLD_PGID" 2>/dev/null
	for p in ${SLURM_MORE_PIDS:-}; do stop_pid "$p"; done
	stop_pid "$MUNGED_PID"
	for u in $MADE_USERS; do userdel -f "$u" >/dev/null 2>&1; done
	if [ -n "${JLINT_SLURM_KEEP:-}" ]; then
		echo "kept $BASE"
	else
		rm -rf "$BASE"
	fi
}

slurm_scratch() {
	BASE=$(mktemp -d /tmp/jlint-slurm.XXXXXX) || die "mktemp"
	chmod 755 "$BASE"
	trap slurm_cleanup EXIT
	trap 'exit 2' INT TERM HUP
	mkdir -p "$BASE"/etc "$BASE"/state/ctld "$BASE"/state/d "$BASE"/run \
	    "$BASE"/log "$BASE"/plugins "$BASE"/dev "$BASE"/jobs "$BASE"/userwork
	LOG=$BASE/log/slurmctld.log
	CONF=$BASE/etc/slurm.conf
	export SLURM_CONF=$CONF
}

slurm_users() {
	for u in "$@"; do
		if ! id "$u" >/dev/null 2>&1; then
			useradd -M -d "$BASE/userwork" -s /bin/sh "$u" ||
				die "useradd $u"
			MADE_USERS="$MADE_USERS $u"
		fi
	done
	chmod 777 "$BASE/userwork"
}

slurm_munge() {
	if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
		[ -f /etc/munge/munge.key ] ||
			mungekey --create --keyfile=/etc/munge/munge.key --force >/dev/null 2>&1 ||
			die "no munge key"
		mkdir -p /run/munge /var/log/munge /var/lib/munge
		chown -R munge:munge /run/munge /var/log/munge /var/lib/munge /etc/munge
		chmod 0400 /etc/munge/munge.key
		runuser -u munge -- /usr/sbin/munged >/dev/null 2>&1 9>&- || die "munged did not start"
		for _ in $(seq 50); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
		MUNGED_PID=$(cat /run/munge/munged.pid 2>/dev/null)
		munge -n | unmunge >/dev/null 2>&1 || die "munge does not work"
	fi
}

port_busy() { ss -Htan "( sport = :$1 )" 2>/dev/null | grep -q .; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
slurm_port() {
	if [ -n "${JLINT_SLURM_PORT:-}" ]; then
		PORT=$JLINT_SLURM_PORT
	else
		for PORT in $(seq 6817 10 7017) ''; do
			port_busy "$PORT" || port_busy $((PORT + 1)) || break
		done
		[ -n "$PORT" ] || die "no free port pair in 6817-7018"
	fi
}

slurm_node() {
	facts=$(slurmd -C | head -1)
	fact() { echo "$facts" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
	NODE=$(fact NodeName) CPUS=$(fact CPUs) REALMEM=$(fact RealMemory)
	[ -n "$NODE" ] && [ -n "$CPUS" ] && [ -n "$REALMEM" ] || die "slurmd -C: $facts"
	MEM=$((REALMEM * 95 / 100))
	mknod "$BASE/dev/nvidia0" c 1 3 && mknod "$BASE/dev/nvidia1" c 1 5 || die "mknod"
}

# slurm_conf EXTRA PARTITIONS: one node with two T4 GPUs.
slurm_conf() {
	cat > "$CONF" <<EOF
# jlint test cluster: one node, generated by tests/slurm/lib.sh
ClusterName=jlinttest
SlurmctldHost=$NODE(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$PORT
SlurmdPort=$((PORT + 1))
AuthType=auth/munge
CredType=cred/munge
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
DefMemPerCPU=500
ReturnToService=2
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MinJobAge=60
GresTypes=gpu
$1
NodeName=$NODE NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM Gres=gpu:t4:2 State=UNKNOWN
$(echo "$2" | sed "s/@NODE@/$NODE/g")
EOF
	cat > "$BASE/etc/gres.conf" <<EOF
AutoDetect=off
NodeName=$NODE Name=gpu Type=t4 File=$BASE/dev/nvidia[0-1]
EOF
}

slurm_start_ctld() {
	port_open "$PORT" && die "port $PORT is in use (another slurmctld?); set JLINT_SLURM_PORT"
	setsid /usr/sbin/slurmctld -D -f "$CONF" >>"$BASE/log/slurmctld.stdout" 2>&1 </dev/null 9>&- &
	CTLD_PID=$!
	for _ in $(seq 200); do
		port_open "$PORT" && return 0
		kill -0 "$CTLD_PID" 2>/dev/null || break
		sleep 0.05
	done
	tail -20 "$LOG" "$BASE/log/slurmctld.stdout" >&2
	return 1
}

slurm_start_slurmd() {
	port_open $((PORT + 1)) && die "port $((PORT + 1)) is in use (another slurmd?)"
	setsid /usr/sbin/slurmd -D -f "$CONF" >>"$BASE/log/slurmd.stdout" 2>&1 </dev/null 9>&- &
	SLURMD_PID=$!
	for _ in $(seq 300); do
		st=$(sinfo -h -N -o %T 2>/dev/null | head -1)
		[ "$st" = idle ] && break
		sleep 0.1
	done
	[ "$st" = idle ] || { tail -20 "$BASE/log/slurmd.log" >&2; die "node not idle ($st)"; }
}

slurm_policies() {
	_t=$TOP/tests/slurm
	_subst() { sed -e "s/@CPUS@/$CPUS/" -e "s/@MEM_MB@/$MEM/" "$1"; }
	_subst "$_t/policy.yaml" > "$BASE/etc/policy-main.yaml"
	_off=" missing-time-limit mem-zero output-dir-missing "
	for _f in "$TOP"/rules/*.yaml; do
		_s=$(sed -n 's/^slug: *//p' "$_f")
		case "$_off" in *" $_s "*) echo "  $_s: off" ;; *) echo "  $_s: enforce" ;; esac
	done > "$BASE/etc/verdict-rules"
	_subst "$_t/policy-verdict.yaml" | sed -e "/^@RULES@$/{r $BASE/etc/verdict-rules" -e 'd}' \
	    > "$BASE/etc/policy-verdict.yaml"
}

slurm_verdict_scripts() {
	mkdir -p "$1/fx"
	for _f in "$TOP"/tests/slurm/cases/*.sh "$TOP"/fixtures/clean/*.sh "$TOP"/fixtures/rules/*.sh \
	    "$TOP"/fixtures/policy/ai-lab/*.sh "$TOP"/fixtures/reader/*.sh; do
		[ -f "${_f%.sh}.args" ] && continue	# needs sbatch arguments
		# sbatch drops --hint next to a per-core option before it
		# builds the request: the plugin never sees what the CLI
		# warns about (README, "Modes").
		case "$_f" in */conflicting-options-hint.sh) continue ;; esac
		# sbatch sets the task count from the GPUs before it sends
		# the request (gres_job_state_validate(): --ntasks-per-gpu,
		# --gpus-per-node over --gpus-per-task), so the plugin judges
		# a request that no longer holds the script's -n; slurmctld
		# refuses it itself when it places the job (a job submitted
		# with --hold, as here, is taken and never starts).  The CLI's
		# error is checked against real sbatch by tests/slurm-diff.
		case "$_f" in */conflicting-options-gpus-per-node-tasks.sh | \
		    */conflicting-options-ntasks-per-gpu-tasks.sh | \
		    */conflicting-options-ntasks-per-gpu-tasks-nodes.sh) continue ;; esac
		case "$_f" in "$TOP"/tests/slurm/cases/*) _g="$1/$(basename "$_f")" ;;
		*) _g="$1/fx/$(basename "$(dirname "$_f")")-$(basename "$_f")" ;;
		esac
		cp "$_f" "$_g" && chmod a+r "$_g" && echo "$_g"
	done
	chmod a+rx "$1" "$1/fx"
}

pass=0 fail=0
ok() {
	pass=$((pass + 1)); printf 'ok   %s\n' "$1"
	[ -n "${HEADLINE_TO:-}" ] && printf 'ok   %s\n' "$1" >>"$HEADLINE_TO"
	[ -n "${JLINT_SLURM_VERBOSE:-}" ] && [ -s "$BASE/err" ] &&
		sed 's/^/  err| /' "$BASE/err" | head -30
	return 0
}
bad() {
	fail=$((fail + 1)); printf 'FAIL %s: %s\n' "$1" "$2"
	[ -n "${HEADLINE_TO:-}" ] && printf 'FAIL %s: %s\n' "$1" "$2" >>"$HEADLINE_TO"
	[ -s "$BASE/out" ] && sed 's/^/  out| /' "$BASE/out" | head -5
	[ -s "$BASE/err" ] && sed 's/^/  err| /' "$BASE/err" | head -15
	return 0
}
as() {
	u=$1; shift
	(cd "$BASE/userwork" && runuser -u "$u" -- env SLURM_CONF="$CONF" "$@") \
	    >"$BASE/out" 2>"$BASE/err" </dev/null
}
# The plugins cut their messages to 80 columns, a cut line going on 4 or
# more columns in (plugin/judge.c jlp_wrap): patterns match the lines
# joined again ("sbatch: error: 1:     rest" onto the line before).
slurm_unwrap() {
	awk '{ if (NR > 1 && match($0, /^([a-z_]+: (error: )?([0-9]+: )?)?    +/)) cur = cur " " substr($0, RLENGTH + 1)
	       else { if (NR > 1) print cur; cur = $0 } } END { if (NR > 0) print cur }'
}
expect() {
	name=$1 want=$2 errre=$3 user=$TUSER
	shift 3
	[ "$1" != -- ] && { user=$1; shift; }
	shift
	if [ "$user" = root ]; then
		(cd "$BASE/userwork" && "$@") >"$BASE/out" 2>"$BASE/err" </dev/null
	else
		as "$user" "$@"
	fi
	rc=$?
	if [ "$want" = accept ] && [ $rc != 0 ]; then
		bad "$name" "rejected (exit $rc), expected accepted"; return
	fi
	if [ "$want" = reject ] && [ $rc = 0 ]; then
		bad "$name" "accepted, expected rejected"; return
	fi
	if [ -n "$errre" ]; then
		slurm_unwrap < "$BASE/err" | grep -Eq -- "$errre" ||
			{ bad "$name" "stderr does not match /$errre/"; return; }
	elif grep -q 'jlint' "$BASE/err"; then
		bad "$name" "unexpected jlint message"; return
	fi
	ok "$name"
}
# The plugins look at the file at most once a second.
replace_policy() {
	sleep 1.1
	cp "$1" "$POLICY.tmp" && chmod 644 "$POLICY.tmp" && mv -f "$POLICY.tmp" "$POLICY"
}
# The job_submit plugin writes its decision lines from a thread of its own
# after the call (plugin/later.h): a line may come a moment after sbatch
# returns, so wait up to 5 s for it (a line that is not expected costs
# the wait).
logged() {
	local i
	for i in $(seq 50); do
		grep -Eq -- "$1" "$LOG" && return 0
		sleep 0.1
	done
	return 1
}
# The same thread appends to the policy's decisions log.  settle FILE [N]:
# wait (at most 5 s) until FILE has N lines, if given, then until it has
# stopped growing (no new line for 0.5 s; the writer looks every 0.1 s),
# at least 1 s in all, before reading it.
settle() {
	local i n m
	for i in $(seq 50); do
		[ -z "${2:-}" ] && break
		[ "$(cat "$1" 2>/dev/null | wc -l)" -ge "$2" ] && break
		sleep 0.1
	done
	sleep 0.5
	n=$(cat "$1" 2>/dev/null | wc -l)
	for i in $(seq 10); do
		sleep 0.5
		m=$(cat "$1" 2>/dev/null | wc -l)
		[ "$m" = "$n" ] && return 0
		n=$m
	done
}

slurm_finish() {
	T2=$(date +%s.%N)
	echo
	awk -v n="$1" -v p="$pass" -v f="$fail" -v t0="$T0" -v t1="$T1" \
	    -v t2="$T2" 'BEGIN { printf "%s: %d passed, %d failed (setup " \
	    "%.1f s, tests %.1f s)\n", n, p, f, t1 - t0, t2 - t1 }'
	if [ "$fail" -gt 0 ]; then
		echo "--- last lines of slurmctld.log"
		grep -v 'pmix\|mpi/' "$LOG" | tail -25
		exit 1
	fi
	exit 0
}
