#!/bin/bash
# tests/slurm-acct/run.sh: `make check-slurm-acct`.  Exemptions by account
# (issue 17.5) with real accounting, as sites run it: MariaDB (Debian's
# mariadb-server, started by hand on a private datadir, socket and port;
# no systemd), slurmdbd storing in it, slurmctld with
# AccountingStorageType=accounting_storage/slurmdbd and
# AccountingStorageEnforce=associations, accounts and users made with
# sacctmgr.  The policy exempts the account "exemptlab" from
# gpu-container-no-nv (enforced); the job is tests/slurm/cases/gpu-no-nv.sh.
#
#   jlacdef    default account exemptlab            no -A: exempt
#   jlacplain  default account plainlab             no -A: rejected
#   jlacpick   default plainlab, also exemptlab     -A exemptlab: exempt;
#                                                   no -A: rejected
#   jlacaway   default exemptlab, also plainlab     -A plainlab: rejected
#
# Both front ends inside slurmctld judge every job (JobSubmitPlugins=
# lua,jlint: the site's job_submit.lua calls the Lua module and lets the C
# plugin decide): the verdict, the slurmctld.log lines of both (account=A,
# "(default)" when it came from the association), the decisions log
# records (account, account_default), the account slurmctld charged
# (squeue %a) and job_submit/lua's own job_desc.default_account must
# agree.  Then: a default account changed with sacctmgr while slurmctld
# runs, and slurmdbd stopped (slurmctld's cached associations still
# answer).  The cli_filter plugin in sbatch (no assoc_mgr there) asks
# slurmdbd for the default account when only that can lift a rejection.
# Without accounting only -A counts: tests/slurm-trust checks
# "account=(default)" and a null account there.
#
# Uses tests/slurm/lib.sh.  Needs root; holds /run/lock/jlint-slurm-tests.
# lock for the whole run (MariaDB and slurmdbd too: ports 7301-7392).
# Environment as tests/slurm/run.sh (BUILD, JLINT_SKIP_SLURM,
# JLINT_SLURM_KEEP, JLINT_SLURM_PORT, JLINT_SLURM_VERBOSE).
# Exit status: 0 all passed (or skipped), 1 a test failed, 2 setup failed.
set -u
umask 022
T0=$(date +%s.%N)
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
JLINT="$BUILD/jlint"
PLUGIN="$BUILD/job_submit_jlint.so"
LUAMOD="$BUILD/jlint.so"
CLIF="$BUILD/cli_filter_jlint.so"
TUSER=jlacplain
USERS="jlacdef jlacplain jlacpick jlacaway"

. "$TOP/tests/slurm/lib.sh"
slurm_suite "slurm-acct tests" "$JLINT" "$PLUGIN" "$LUAMOD" "$CLIF"

slurm_lock
slurm_packages
"$TOP/tools/deps.sh" acct || die "cannot install mariadb-server slurmdbd"
slurm_built_for
SLURM_SCANCEL_USER=$TUSER
slurm_scratch
DB_PID= DBD_PID=
acct_cleanup() {
	stop_pid "$SLURMD_PID"
	stop_pid "$CTLD_PID"
	stop_pid "$DBD_PID"
	stop_pid "$DB_PID"
	slurm_cleanup
}
trap acct_cleanup EXIT
POLICY=$BASE/etc/jlint.yaml
DLOG=$BASE/log/decisions.jsonl
slurm_users $USERS
slurm_munge
slurm_port
# MariaDB and slurmdbd: a free pair in 7301-7392 (tests/slurm: 6817-7018).
for DBPORT in $(seq 7301 10 7391) ''; do
	port_busy "$DBPORT" || port_busy $((DBPORT + 1)) || break
done
[ -n "$DBPORT" ] || die "no free port pair in 7301-7392"
DBDPORT=$((DBPORT + 1))
slurm_node
slurm_conf "JobSubmitPlugins=lua,jlint
EnforcePartLimits=ALL
AccountingStorageHost=127.0.0.1
AccountingStoragePort=$DBDPORT
AccountingStorageEnforce=associations" \
    "PartitionName=prioritized Nodes=@NODE@ Default=YES MaxTime=6-00:00:00 State=UP
PartitionName=batch Nodes=@NODE@ MaxTime=12:00:00 State=UP"
sed -i 's|^AccountingStorageType=.*|AccountingStorageType=accounting_storage/slurmdbd|' "$CONF"

# ---- MariaDB: a private server in the scratch directory ----------------------
# --force: a bare root (check-fresh) may not resolve its hostname, which
# only the grant tables' host names would need (slurm connects by IP).
DB=$BASE/db SOCK=$BASE/run/mariadb.sock
mkdir -p "$DB"
mariadb-install-db --no-defaults --datadir="$DB" --user=root --force \
    --skip-test-db >"$BASE/log/mariadb-install.log" 2>&1 ||
	{ tail -n 20 "$BASE/log/mariadb-install.log" >&2; die "mariadb-install-db"; }
setsid mariadbd --no-defaults --datadir="$DB" --socket="$SOCK" \
    --port="$DBPORT" --bind-address=127.0.0.1 --skip-name-resolve \
    --user=root --pid-file="$BASE/run/mariadb.pid" \
    --log-error="$BASE/log/mariadb.log" --innodb-buffer-pool-size=64M \
    --innodb-log-file-size=48M </dev/null >/dev/null 2>&1 9>&- &
DB_PID=$!
sql() { mariadb --no-defaults -S "$SOCK" -u root -e "$1"; }
for _ in $(seq 300); do
	sql 'select 1' >/dev/null 2>&1 && break
	kill -0 "$DB_PID" 2>/dev/null || break
	sleep 0.1
done
sql 'select 1' >/dev/null 2>&1 ||
	{ tail -n 20 "$BASE/log/mariadb.log" >&2; die "mariadbd did not start"; }
DBPASS=jlint-$$-$RANDOM
sql "CREATE USER 'slurm'@'127.0.0.1' IDENTIFIED BY '$DBPASS';
GRANT ALL ON jlint_acct.* TO 'slurm'@'127.0.0.1';" || die "CREATE USER"

# ---- slurmdbd (reads slurmdbd.conf next to $SLURM_CONF) ----------------------
cat > "$BASE/etc/slurmdbd.conf" <<EOF
# jlint test accounting, generated by tests/slurm-acct/run.sh
AuthType=auth/munge
DbdHost=localhost
DbdAddr=127.0.0.1
DbdPort=$DBDPORT
SlurmUser=root
PidFile=$BASE/run/slurmdbd.pid
LogFile=$BASE/log/slurmdbd.log
DebugLevel=info
StorageType=accounting_storage/mysql
StorageHost=127.0.0.1
StoragePort=$DBPORT
StorageUser=slurm
StoragePass=$DBPASS
StorageLoc=jlint_acct
EOF
chmod 600 "$BASE/etc/slurmdbd.conf"
start_dbd() {
	setsid /usr/sbin/slurmdbd -D >>"$BASE/log/slurmdbd.stdout" 2>&1 </dev/null 9>&- &
	DBD_PID=$!
	# The first start creates the tables: give it two minutes.
	for _ in $(seq 1200); do
		port_open "$DBDPORT" && return 0
		kill -0 "$DBD_PID" 2>/dev/null || break
		sleep 0.1
	done
	tail -n 20 "$BASE/log/slurmdbd.log" "$BASE/log/slurmdbd.stdout" >&2
	return 1
}
if ! start_dbd; then
	# Debian 13's slurmdbd 24.11.5 and sid's 26.05.5 cannot query their
	# own MariaDB 11.8 (libmariadb error 5027 at slurmdbd's first query,
	# while the mariadb client works with the same server): nothing
	# jlint can change, so the suite says so and stops; any other
	# failure to start fails it.
	if grep -q 'mysql_query failed: 5027 ' "$BASE/log/slurmdbd.log" 2>/dev/null; then
		echo "slurm-acct tests: skipped: this slurmdbd ($(dpkg-query -W -f '${Version}' slurmdbd)) cannot query this MariaDB ($(dpkg-query -W -f '${Version}' mariadb-server)): $(grep -m1 'mysql_query failed' "$BASE/log/slurmdbd.log" | sed 's/^\[[^]]*\] //')"
		exit 0
	fi
	die "slurmdbd did not start: $(grep -h -E 'error|fatal' \
	    "$BASE/log/slurmdbd.log" "$BASE/log/slurmdbd.stdout" 2>/dev/null | tail -3)"
fi

# ---- associations, as an admin makes them --------------------------------------
sam() { sacctmgr -i "$@" >>"$BASE/log/sacctmgr.log" 2>&1 || die "sacctmgr $*"; }
sam add cluster jlinttest
sam add account exemptlab,plainlab cluster=jlinttest Description=test Organization=test
sam add user jlacdef account=exemptlab defaultaccount=exemptlab
sam add user jlacplain account=plainlab defaultaccount=plainlab
sam add user jlacpick account=plainlab,exemptlab defaultaccount=plainlab
sam add user jlacaway account=exemptlab,plainlab defaultaccount=exemptlab
[ "$(sacctmgr -nP show user jlacpick format=defaultaccount)" = plainlab ] ||
	die "sacctmgr: jlacpick's default account is not plainlab"
# A QOS that lets its jobs past a partition's MaxTime (section QOS).
sam add qos long flags=PartitionTimeLimit
sam modify user jlacplain set qos+=long

# ---- the policy, the site's job_submit.lua, slurmctld ---------------------------
sed -e "s/@CPUS@/$CPUS/" -e "s/@MEM_MB@/$MEM/" -e '/^exemptions:/,$d' \
    "$TOP/tests/slurm/policy.yaml" > "$POLICY"
cat >> "$POLICY" <<EOF
exemptions:
  - rules: [gpu-container-no-nv]
    accounts: [exemptlab]
    reason: "test: exemptlab's containers are checked by hand"
decisions:
  log: $DLOG
enforce_part_limits: ALL
on_error: accept
EOF
"$JLINT" policy check "$POLICY" >/dev/null 2>&1 || die "the test policy does not load"
mkdir -p "$BASE/lua"
cp "$LUAMOD" "$BASE/lua/jlint.so"
cp "$PLUGIN" "$BASE/plugins/job_submit_jlint.so"
cp "$CLIF" "$BASE/plugins/cli_filter_jlint.so"
cat > "$BASE/etc/job_submit.lua" <<EOF
-- The site's job_submit.lua: the Lua module judges and logs; the C
-- plugin (next in JobSubmitPlugins) decides.
package.cpath = "$BASE/lua/?.so;" .. package.cpath
local jlint = require("jlint")
function slurm_job_submit(job_desc, part_list, submit_uid)
	local verdict = jlint.check(job_desc, submit_uid)
	slurm.log_info("acct-test: lua verdict=%s name=%s default_account=%s",
	    verdict, tostring(job_desc.name),
	    tostring(job_desc.default_account))
	return slurm.SUCCESS
end
function slurm_job_modify(job_desc, job_rec, part_list, modify_uid)
	return slurm.SUCCESS
end
EOF
cp "$TOP"/tests/slurm/cases/*.sh "$BASE/jobs/"
chmod -R a+rX "$BASE/etc" "$BASE/jobs" "$BASE/lua"
chmod 600 "$BASE/etc/slurmdbd.conf"
slurm_start_ctld || die "slurmctld did not start"
slurm_start_slurmd
grep -q 'job_submit/jlint: init' "$LOG" || die "plugin not loaded (see $LOG)"
# has_default USER ACCOUNT: slurmctld's associations say so (within 10 s).
has_default() {
	for _ in $(seq 100); do
		scontrol show assoc_mgr users="$1" flags=users 2>/dev/null |
		    grep -q "DefAccount=$2" && return 0
		sleep 0.1
	done
	return 1
}
# slurmctld has the associations (loaded from slurmdbd at start).
has_default jlacaway exemptlab ||
	die "slurmctld has no associations from slurmdbd (see $BASE/log/slurmdbd.log)"
T1=$(date +%s.%N)

SB="sbatch --hold"
J=$BASE/jobs/gpu-no-nv.sh
R='gpu-container-no-nv'
jid_of() { sed -n 's/^Submitted batch job //p' "$BASE/out"; }
field() {	# field JSON-LINE KEY
	python3 -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print(json.dumps(v) if not isinstance(v,str) else v)' "$1" "$2"
}
# The newest record of a front end ("job_submit/jlint" or
# "job_submit/lua: jlint") for job name NAME.
# The job_submit plugin writes its records from a thread of its own
# (plugin/later.h): wait up to 5 s for one.
record() {
	python3 - "$DLOG" "$1" "$2" <<'PY'
import json, sys, time
for _ in range(50):
    last = ""
    try:
        for l in open(sys.argv[1]):
            r = json.loads(l)
            if r.get("by") == sys.argv[2] and r.get("job_name") == sys.argv[3]:
                last = l.strip()
    except FileNotFoundError:
        pass
    if last:
        break
    time.sleep(0.1)
print(last)
PY
}

# check NAME USER VERDICT ACCOUNT DEFAULT [SBATCH-ARGS...]
#   (its variables are not expect()'s: name, want, user are lib.sh's)
#   VERDICT exempt|reject; ACCOUNT the one slurmctld charges; DEFAULT
#   1: it is the user's default (no -A).  Each job gets its own name.
n=0
check() {
	cname=$1 cuser=$2 cwant=$3 acct=$4 def=$5
	shift 5
	n=$((n + 1))
	jn=acct$n
	uid=$(id -u "$cuser")
	suffix= part='\(default\)'
	[ "$def" = 1 ] && suffix='\(default\)'
	[ "${1:-}" = -p ] && part=$2
	if [ "$cwant" = exempt ]; then
		expect "$cname: accepted" accept '' "$cuser" -- $SB -J "$jn" "$@" "$J"
		line="exemption used by job new uid=$uid user=$cuser rules=$R account=$acct$suffix partition=$part name=$jn\$"
		lverdict=accept
	else
		expect "$cname: rejected" reject "jlint: $R" "$cuser" -- $SB -J "$jn" "$@" "$J"
		line="rejected job new uid=$uid user=$cuser rules=$R account=$acct$suffix partition=$part name=$jn\$"
		lverdict=reject
	fi
	jid=$(jid_of)
	logged "job_submit/jlint: $line" && ok "$cname: plugin log line" ||
	    bad "$cname: plugin log line" "no line /$line/: $(grep "name=$jn" "$LOG" | head -3)"
	logged "job_submit/lua: jlint: $line" && ok "$cname: Lua module log line" ||
	    bad "$cname: Lua module log line" "no line /$line/"
	logged "acct-test: lua verdict=$lverdict name=$jn " && ok "$cname: Lua verdict $lverdict" ||
	    bad "$cname: Lua verdict $lverdict" "$(grep "name=$jn " "$LOG" | grep acct-test)"
	for by in "job_submit/jlint" "job_submit/lua: jlint"; do
		l=$(record "$by" "$jn")
		wantdef=null
		[ "$def" = 1 ] && wantdef=true
		[ -n "$l" ] && [ "$(field "$l" account)" = "$acct" ] &&
		    [ "$(field "$l" account_default)" = "$wantdef" ] &&
		    [ "$(field "$l" decision)" = "$cwant" ] &&
		    [ "$(field "$l" user)" = "$cuser" ] &&
		    ok "$cname: $by record: account $acct, default $wantdef" ||
		    bad "$cname: $by record" "${l:-no record}"
	done
	if [ "$cwant" = exempt ]; then
		got=$(squeue -h -j "$jid" -o %a 2>/dev/null)
		[ "$got" = "$acct" ] && ok "$cname: slurmctld charged $acct too" ||
		    bad "$cname: slurmctld charged $acct too" "squeue %a: '$got' (job $jid)"
	fi
	if [ "$def" = 1 ]; then
		logged "acct-test: lua verdict=$lverdict name=$jn default_account=$acct\$" &&
		    ok "$cname: job_submit/lua's default_account is $acct too" ||
		    bad "$cname: job_submit/lua's default_account" "$(grep "name=$jn " "$LOG" | grep acct-test)"
	fi
}

echo "== default accounts from slurmdbd (issue 17.5)"
check "default account exempt, no -A" jlacdef exempt exemptlab 1
check "default account not exempt, no -A" jlacplain reject plainlab 1
check "default not exempt, -A the exempt account" jlacpick exempt exemptlab 0 -A exemptlab
check "default not exempt, no -A" jlacpick reject plainlab 1
check "default exempt, -A another account" jlacaway reject plainlab 0 -A plainlab
check "-A in capitals (slurmctld lowercases it)" jlacpick exempt exemptlab 0 -A EXEMPTLAB
check "default exempt, -p prioritized" jlacdef exempt exemptlab 1 -p prioritized
expect "a clean job of a non-exempt user: accepted" accept '' jlacplain -- $SB "$BASE/jobs/gpu-nv.sh"

echo "== a default account changed while slurmctld runs"
sam add user jlacplain account=exemptlab
sam modify user jlacplain set defaultaccount=exemptlab
has_default jlacplain exemptlab
check "sacctmgr made exemptlab the default: exempt" jlacplain exempt exemptlab 1
sam modify user jlacplain set defaultaccount=plainlab
has_default jlacplain plainlab
check "and back to plainlab: rejected" jlacplain reject plainlab 1

echo "== the cli_filter plugin in sbatch: no -A, slurmdbd asked for the default"
# sbatch reads slurm.conf at every run: the cli_filter from now on.
echo "CliFilterPlugins=jlint" >> "$CONF"
nctl=$(grep -c 'job_submit/jlint: ' "$LOG")
expect "cli_filter: default account exempt, no -A: accepted" accept '' jlacdef -- $SB -J clf1 "$J"
logged "job_submit/jlint: exemption used by job new uid=$(id -u jlacdef) user=jlacdef rules=$R account=exemptlab\(default\) partition=\(default\) name=clf1\$" &&
    ok "cli_filter: and slurmctld exempted it" || bad "cli_filter: and slurmctld exempted it" "no line"
expect "cli_filter: default account not exempt, no -A: stopped in sbatch" reject \
    "jlint: $R.*|stops this job before it is submitted" jlacplain -- $SB -J clf2 "$J"
grep -q 'stops this job before it is submitted' "$BASE/err" && ! logged "name=clf2\$" &&
    ok "cli_filter: stopped before slurmctld" || bad "cli_filter: stopped before slurmctld" "reached slurmctld"
expect "cli_filter: default not exempt, -A the exempt account: accepted" accept '' jlacpick -- $SB -J clf3 -A exemptlab "$J"
expect "cli_filter: default exempt, -A another account: stopped" reject \
    'stops this job before it is submitted' jlacaway -- $SB -J clf4 -A plainlab "$J"
expect "cli_filter: a clean job: accepted" accept '' jlacplain -- $SB -J clf5 "$BASE/jobs/gpu-nv.sh"
sed -i '/^CliFilterPlugins=/d' "$CONF"

echo "== QOS: PartitionTimeLimit"
# slurmctld skips the partition's MaxTime for a QOS with the flag
# (_part_access_check(), _valid_job_part()); the policy does not know a
# QOS's flags, so jlint's finding is a guess, never enforced.
expect "QOS long (PartitionTimeLimit), 13 h on batch (12 h): warned, accepted" accept \
    'jlint: warning: partition-time-limit \(job request\): .*unless QOS long' jlacplain -- \
    $SB -J qos1 -p batch -t 13:00:00 --qos=long "$BASE/jobs/clean-cpu.sh"
expect "QOS normal, 13 h on batch: slurmctld refuses it itself" reject \
    'jlint: warning: partition-time-limit .*unless QOS normal.*|Requested time limit is invalid' jlacplain -- \
    $SB -J qos2 -p batch -t 13:00:00 --qos=normal "$BASE/jobs/clean-cpu.sh"
grep -q 'Requested time limit is invalid' "$BASE/err" && ok "QOS normal: the refusal is slurmctld's (time limit)" ||
    bad "QOS normal: the refusal is slurmctld's (time limit)" "$(tail -2 "$BASE/err")"
expect "no QOS, 13 h on batch: rejected by jlint" reject \
    'error: jlint: partition-time-limit \(job request\)' jlacplain -- \
    $SB -J qos3 -p batch -t 13:00:00 "$BASE/jobs/clean-cpu.sh"

echo "== slurmdbd down: slurmctld's cached associations"
stop_pid "$DBD_PID"
check "slurmdbd stopped: default still exempt" jlacdef exempt exemptlab 1
check "slurmdbd stopped: default still not exempt" jlacplain reject plainlab 1
start_dbd || bad "slurmdbd restarts" "see $BASE/log/slurmdbd.log"

echo "== controller health"
kill -0 "$CTLD_PID" 2>/dev/null && ok "slurmctld still running" || bad "slurmctld still running" "gone"
grep -Eq 'fatal|free\(\)|double free|corrupted|Segmentation' "$LOG" "$BASE/log/slurmctld.stdout" &&
    bad "no fatal/heap errors in the log" "$(grep -Em3 'fatal|free\(\)|corrupted|Segmentation' "$LOG")" ||
    ok "no fatal/heap errors in the log"

slurm_finish "slurm-acct tests"
