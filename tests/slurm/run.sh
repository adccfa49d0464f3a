#!/bin/bash
# tests/slurm/run.sh: the job_submit plugin inside a real slurmctld.
#
# Starts a one-node Slurm (munge, slurmctld, slurmd from Debian packages,
# installed when missing) in a scratch directory with two fake T4 GPUs
# (mknod character devices), loads build/job_submit_jlint.so with
# JobSubmitPlugins=jlint and a test policy, submits with the real sbatch
# and srun as unprivileged users, and checks what users and the log see.
# The daemons are stopped by PID at the end, also when a test fails.
#
# Needs root (packages, daemons, mknod, test users).  Environment:
#   BUILD=build            where make put jlint and the plugin
#   JLINT_SKIP_SLURM=1     skip (prints SKIP, exits 0)
#   JLINT_SLURM_KEEP=1     keep the scratch directory for a post-mortem
#   JLINT_SLURM_PORT=N     slurmctld port (slurmd uses N+1); default: the
#                          first free pair from 6817 up (other clusters on
#                          the machine keep theirs)
#   JLINT_SLURM_VERBOSE=1  show what sbatch/srun printed for passing tests
#
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
TUSER=jlinttest		# ordinary user: the policy applies
XUSER=jlintexempt	# named in the policy's exemptions

. "$HERE/lib.sh"
slurm_suite "slurm tests" "$JLINT" "$PLUGIN"

# One run at a time: runs share munged and the test users; several
# `make check` on one machine take turns.
slurm_lock
slurm_packages
slurm_built_for	# SLURM_REL (22.05, 24.11, 26.05): the CLI reads scripts as it does

SLURM_SCANCEL_USER=$TUSER
slurm_scratch
POLICY=$BASE/etc/jlint.yaml
slurm_users $TUSER $XUSER
chown "$TUSER" "$BASE/userwork"
slurm_munge
slurm_port
slurm_node
slurm_conf "JobSubmitPlugins=jlint
EnforcePartLimits=ALL" "PartitionName=prioritized Nodes=@NODE@ Default=YES MaxTime=6-00:00:00 State=UP
PartitionName=batch Nodes=@NODE@ MaxTime=12:00:00 State=UP"

# Policies: the main one, and the "every rule enforce or off" one.
slurm_policies
for p in policy-main policy-verdict; do
	"$JLINT" --policy "$BASE/etc/$p.yaml" "$HERE/cases/clean-cpu.sh" >/dev/null 2>"$BASE/log/$p.err"
	[ $? -le 1 ] || die "$p.yaml does not load: $(cat "$BASE/log/$p.err")"
done
cp "$BASE/etc/policy-main.yaml" "$POLICY"

# A new inode, as install-plugin does.
cp "$PLUGIN" "$BASE/plugins/.job_submit_jlint.so.new" &&
	mv "$BASE/plugins/.job_submit_jlint.so.new" "$BASE/plugins/job_submit_jlint.so"
cp "$HERE"/cases/*.sh "$BASE/jobs/"
chmod -R a+rX "$BASE/etc" "$BASE/jobs"

# ---- daemons ---------------------------------------------------------------
start_ctld() { slurm_start_ctld; }
start_ctld || die "slurmctld did not start"
slurm_start_slurmd
grep -q 'job_submit/jlint: init' "$LOG" || die "plugin not loaded (see $LOG)"
T1=$(date +%s.%N)

# ---- test helpers: ok, bad, as, expect (lib.sh) ----------------------------
SB="sbatch --hold"
J=$BASE/jobs

# ---- 1. headline rules: rejected with their slug; clean twins accepted -------
echo "== headline rules"
# Section 1's results are also kept in $BUILD/slurm-headline.out: make
# check-slurm-versions compares other releases' verdicts with them
# (JLINT_VERSIONS_REF).
HEADLINE_TO=$BUILD/slurm-headline.out
: >"$HEADLINE_TO"
expect "gpu-container-no-nv rejected" reject \
    'error: jlint: gpu-container-no-nv \(line 6\): .*--nv' -- $SB "$J/gpu-no-nv.sh"
grep -q '  fix: add --nv' "$BASE/err" && grep -q '  more: jlint explain gpu-container-no-nv' "$BASE/err" &&
    grep -q 'Batch job submission failed' "$BASE/err" && ok "reject message: fix, more, Slurm's line" ||
    bad "reject message: fix, more, Slurm's line" "missing lines"
expect "gpu-container-no-nv clean" accept '' -- $SB "$J/gpu-nv.sh"
expect "gpu-over-allocation rejected" reject 'error: jlint: gpu-over-allocation \(line 4\)' -- $SB "$J/gpu-over.sh"
expect "gpu-over-allocation clean" accept '' -- $SB "$J/gpu-over-ok.sh"
expect "gpu-over-allocation, one process that may drive both: warned, not rejected" accept \
    'jlint: warning: gpu-over-allocation \(line 4\): .*unless python train.py uses several GPUs itself' -- $SB "$J/gpu-over-guess.sh"
expect "requeue-without-checkpoint rejected" reject 'error: jlint: requeue-without-checkpoint \(line 4\)' -- $SB "$J/requeue-nockpt.sh"
expect "requeue-without-checkpoint clean" accept '' -- $SB "$J/requeue-ckpt.sh"
expect "partition-time-limit rejected" reject 'error: jlint: partition-time-limit \(line 4\): --time=13:00:00 is longer than the 12:00:00 limit of partition batch' -- $SB "$J/time-over.sh"
expect "partition-time-limit clean" accept '' -- $SB "$J/time-ok.sh"
expect "partition-time-limit, default partition" reject 'error: jlint: partition-time-limit .*prioritized' -- $SB "$J/time-over-default.sh"
expect "every enforced finding listed" reject 'jlint: requeue-without-checkpoint' -- $SB --requeue "$J/gpu-no-nv.sh"
grep -q 'jlint: gpu-container-no-nv' "$BASE/err" && grep -q '2 problems to fix' "$BASE/err" &&
    ok "two rules in one message" || bad "two rules in one message" "not both listed"

HEADLINE_TO=

# ---- 2. the merged request: command line and SBATCH_* count --------------------
echo "== merged request"
expect "no GPU requested: container without --nv is fine" accept '' -- $SB "$J/nogpu-container.sh"
expect "sbatch -G 1 (GPU only on the command line)" reject \
    'jlint: gpu-container-no-nv \(line 4\)' -- $SB -G 1 "$J/nogpu-container.sh"
expect "SBATCH_GRES=gpu:1 (GPU only in the environment)" reject \
    'jlint: gpu-container-no-nv' -- env SBATCH_GRES=gpu:1 $SB "$J/nogpu-container.sh"
expect "--gres=gpu:0 on the command line lifts the GPU rule" accept '' -- $SB --gres=gpu:0 "$J/gpu-no-nv.sh"
expect "-t on the command line overrides the script's time" accept '' -- $SB -t 1:00:00 "$J/time-over.sh"
expect "-t on the command line: finding says job request" reject \
    'jlint: partition-time-limit \(job request\): --time=13:00:00' -- $SB -p batch -t 13:00:00 "$J/clean-cpu.sh"
# The environment the job starts with: the request's (sbatch builds it from
# its own by --export), where APPTAINER_NV gives the container --nv.
expect "APPTAINER_NV=1 in the submitter's environment: the job gets it" accept '' -- env APPTAINER_NV=1 $SB "$J/gpu-no-nv.sh"
expect "SINGULARITY_NV=true in the submitter's environment" accept '' -- env SINGULARITY_NV=true $SB "$J/gpu-no-nv.sh"
expect "APPTAINER_NV=0 in the environment: still no --nv" reject \
    'jlint: gpu-container-no-nv \(line 6\)' -- env APPTAINER_NV=0 $SB "$J/gpu-no-nv.sh"
# sbatch also sets SLURM_EXPORT_ENV to the list, and srun takes it as its
# --export: the step gets APPTAINER_NV=1 but no PATH (a warning; the
# clifilter suite runs such steps).
expect "--export=HOME,APPTAINER_NV=1: the job gets it" accept \
    'jlint: warning: srun-export-drops-path \(line 6\)' -- $SB --export=HOME,APPTAINER_NV=1 "$J/gpu-no-nv.sh"
# --export=NONE reaches srun the same way: its step gets the SLURM_*
# variables alone, whatever the job's environment holds: rejected.
expect "--export=NONE: srun passes no APPTAINER_NV: rejected" reject \
    'jlint: gpu-container-no-nv \(line 6\)' -- env APPTAINER_NV=1 $SB --export=NONE "$J/gpu-no-nv.sh"
# With unset SLURM_EXPORT_ENV the step gets the job's environment: not the
# submitter's APPTAINER_NV, but sbatch sets SLURM_GET_USER_ENV=1 and slurmd
# loads the login environment, which jlint cannot see: a warning, the job
# accepted (the rule is enforced).
expect "--export=NONE: the login environment may set it: warned, accepted" accept \
    'jlint: warning: gpu-container-no-nv \(line 8\): .*unless your login environment' -- env APPTAINER_NV=1 $SB --export=NONE "$J/gpu-no-nv-unset.sh"
expect "a sourced file may set APPTAINER_NV: warned, accepted" accept \
    'jlint: warning: gpu-container-no-nv \(line 7\): .*unless "source ./container-env.sh" on line 6' -- $SB "$J/gpu-no-nv-sourced.sh"
expect "a launcher script jlint does not read: warned, accepted" accept \
    'jlint: warning: gpu-over-allocation \(line 4\): .*unless ./train_ddp.sh starts several' -- $SB "$J/gpu-over-wrapper.sh"
expect "--requeue, the work in a script jlint does not read: warned, accepted" accept \
    'jlint: warning: requeue-without-checkpoint \(line 4\): .*unless ./train.sh resumes' -- $SB "$J/requeue-wrapper.sh"
expect "sbatch --test-only runs the plugin" reject 'jlint: gpu-container-no-nv' -- sbatch --test-only "$J/gpu-no-nv.sh"
expect "sbatch --wrap (no GPU, no findings)" accept '' -- $SB -t 5 --wrap "hostname"
# SBATCH_REQUEUE=0: a flag set off before Slurm 25.11; from 25.11 --requeue
# takes an optional argument (arg_set_requeue()): 25.11 and 26.05.0 take any
# value and act only on "expedite" (the job is requeueable), 26.05.1 and
# later refuse the others.  jlint mirrors the major release, so for 26.05 it
# warns of both; this root's sbatch must refuse it, as jlint says 26.05.1
# and later do.  (No 25.11 root here: that branch is read from the source.)
rel=$(echo "$SLURM_REL" | awk -F. '{ printf "%d", $1 * 100 + $2 }')
SBATCH_REQUEUE=0 "$JLINT" --slurm-version "$SLURM_REL" sbatch "$J/clean-cpu.sh" >"$BASE/cli.out" 2>&1 </dev/null
crc=$?
if [ "$rel" -ge 2605 ]; then
	expect "SBATCH_REQUEUE=0 refused by sbatch $SLURM_REL" reject \
	    'Invalid --requeue specification' -- env SBATCH_REQUEUE=0 $SB "$J/clean-cpu.sh"
	[ $crc = 1 ] && grep -q -- '--requeue=0: sbatch 26.05.1 and later reject any --requeue value but expedite (Invalid --requeue specification).*\[invalid-value\]' "$BASE/cli.out" &&
	    ok "SBATCH_REQUEUE=0: jlint --slurm-version $SLURM_REL says sbatch 26.05.1 and later reject it" ||
	    bad "SBATCH_REQUEUE=0: jlint --slurm-version $SLURM_REL" "exit $crc: $(head -2 "$BASE/cli.out")"
elif [ "$rel" -ge 2511 ]; then
	expect "SBATCH_REQUEUE=0 taken by sbatch $SLURM_REL (value ignored)" accept '' -- \
	    env SBATCH_REQUEUE=0 $SB "$J/clean-cpu.sh"
	[ $crc = 1 ] && grep -q -- '--requeue=0: sbatch 25.11 acts only on --requeue=expedite and ignores any other value' "$BASE/cli.out" &&
	    ok "SBATCH_REQUEUE=0: jlint --slurm-version $SLURM_REL says sbatch ignores the value" ||
	    bad "SBATCH_REQUEUE=0: jlint --slurm-version $SLURM_REL" "exit $crc: $(head -2 "$BASE/cli.out")"
else
	expect "SBATCH_REQUEUE=0 accepted by sbatch $SLURM_REL (flag set off)" accept '' -- \
	    env SBATCH_REQUEUE=0 $SB "$J/clean-cpu.sh"
	[ $crc = 0 ] && ok "SBATCH_REQUEUE=0: jlint --slurm-version $SLURM_REL finds nothing" ||
	    bad "SBATCH_REQUEUE=0: jlint --slurm-version $SLURM_REL" "exit $crc: $(head -2 "$BASE/cli.out")"
fi

# ---- 3. modes -----------------------------------------------------------------
echo "== modes"
expect "warn mode: accepted, message on stderr" accept \
    '^sbatch: jlint: warning: missing-time-limit \(line 1\)' -- $SB "$J/notime.sh"
grep -q '^Submitted batch job' "$BASE/out" && ok "warn mode: job submitted" || bad "warn mode: job submitted" "no job id"
expect "default mode (warning severity): accepted with message" accept \
    'jlint: warning: late-directive \(line 5\)' -- $SB "$J/late-directive.sh"
expect "audit mode: accepted silently" accept '' -- $SB "$J/mmss.sh"
uid=$(id -u "$TUSER")
sleep 0.2
logged "job_submit/jlint: audit job new uid=$uid user=$TUSER rules=time-mmss" &&
    ok "audit mode: log line in slurmctld.log" || bad "audit mode: log line in slurmctld.log" "not in $LOG"
logged "job_submit/jlint: rejected job new uid=$uid user=$TUSER rules=gpu-container-no-nv" &&
    ok "rejections logged" || bad "rejections logged" "no log line"

# ---- 4. srun and salloc: no script, job-level rules -------------------------------
echo "== srun"
expect "srun over MaxTime rejected" reject \
    '^srun: error: jlint: partition-time-limit \(job request\)' -- srun -p batch -t 13:00:00 --gres=gpu:1 hostname
expect "srun --gres=gpu:3 rejected (node has 2)" reject \
    'jlint: gpu-over-allocation \(job request\): 3 GPUs' -- srun -t 5 --gres=gpu:3 hostname
expect "srun --gres=gpu:1 runs" accept '' -- srun -t 5 --gres=gpu:1 hostname
grep -qx "$NODE" "$BASE/out" && ok "srun ran on the node" || bad "srun ran on the node" "no hostname output"
expect "srun -n 2 --gres=gpu:2: no launcher/over-allocation noise" accept '' -- srun -t 5 -n 2 --gres=gpu:2 true
expect "srun without -t: warn-mode message, no script findings" accept \
    '^srun: jlint: warning: missing-time-limit \(job request\)' -- srun true
grep -Eq 'empty-script|missing-shebang' "$BASE/err" && bad "srun: no script findings" "script finding shown" ||
    ok "srun: no script findings"
expect "salloc over MaxTime rejected" reject 'jlint: partition-time-limit' -- salloc -p batch -t 13:00:00 true
# srun's, salloc's and sbatch's own option readers against jlint's
# (srun-unknown-option; unknown-option, invalid-value, missing-argument):
# every long option jlint knows for any command, those in srun/sbatch/
# salloc --help, their abbreviations and misspellings, every short letter,
# run through this release's real srun, salloc and sbatch (they stop after
# reading their options: no command, no controller at a closed port, no
# such script file), and the same srun and salloc lines and #SBATCH lines
# read by jlint --slurm-version $SLURM_REL.
for c in srun salloc sbatch; do
	if out=$(python3 "$TOP/tests/slurm-diff/getopt.py" --cmd $c --jlint "$JLINT" 2>&1); then
		ok "$c options read as $c $SLURM_REL reads them: $(echo "$out" | head -1 | sed 's/^getopt [a-z]*: //')"
	else
		bad "$c options read as $c $SLURM_REL reads them" "$(echo "$out" | head -12)"
	fi
done

# ---- 5. exemptions --------------------------------------------------------------
echo "== exemptions"
expect "root bypasses the policy" accept '' root -- $SB "$J/gpu-no-nv.sh"
expect "policy exemption for $XUSER" accept '' $XUSER -- $SB "$J/gpu-no-nv.sh"
expect "exemption is per rule" reject 'jlint: requeue-without-checkpoint' $XUSER -- $SB "$J/requeue-nockpt.sh"

# ---- 6. job_modify: a time limit raised above every partition's MaxTime -----
echo "== job_modify"
as $TUSER $SB -t 10 "$J/clean-cpu.sh"
jid=$(sed -n 's/^Submitted batch job //p' "$BASE/out")
if [ -z "$jid" ]; then
	bad "job_modify" "could not submit a job"
else
	scontrol update job "$jid" TimeLimit=30 >/dev/null 2>&1 &&
	    ok "root lowers/raises within limits" || bad "root update" "scontrol failed"
	as $TUSER scontrol update job "$jid" TimeLimit=20
	[ $? = 0 ] && ok "user lowers the time limit" || bad "user lowers the time limit" "rejected"
	as $TUSER scontrol update job "$jid" TimeLimit=7-00:00:00
	[ $? != 0 ] && logged "job_submit/jlint: job $jid uid=$(id -u $TUSER) user=$TUSER: modify rejected: partition-time-limit: the new time limit 7-00:00:00 is longer than the 6-00:00:00 MaxTime of partition prioritized \\(the longest" &&
	    ok "user raises above every MaxTime: rejected by jlint" ||
	    bad "user raises above every MaxTime: rejected by jlint" "accepted, or no log line"
	as $TUSER scontrol update job "$jid" Partition=batch TimeLimit=13:00:00
	[ $? != 0 ] && logged "job $jid .*modify rejected: partition-time-limit: the new time limit 13:00:00 is longer than the 12:00:00 MaxTime of partition batch\$" &&
	    ok "user moves to batch with 13 hours: rejected by jlint" ||
	    bad "user moves to batch with 13 hours: rejected by jlint" "accepted, or no log line"
	m0=$(grep -c 'modify rejected' "$LOG")
	as $TUSER scontrol update job "$jid" TimeLimit=2-00:00:00
	[ "$(grep -c 'modify rejected' "$LOG")" = "$m0" ] &&
	    ok "2 days without a partition (fits prioritized): not rejected by jlint" ||
	    bad "2 days without a partition (fits prioritized): not rejected by jlint" "jlint rejected it"
fi

# ---- 7. reload: broken policy keeps the last good one; fixes are picked up ----
echo "== reload"
sed 's/^rules:$/rules: [unclosed/' "$BASE/etc/policy-main.yaml" > "$BASE/etc/broken.yaml"
replace_policy "$BASE/etc/broken.yaml"
expect "broken policy: last good policy still enforced" reject 'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"
logged "job_submit/jlint: $POLICY:[0-9]+:[0-9]+: " && logged 'not loaded \(errors above\); still using the last good policy' &&
    ok "broken policy: errors logged" || bad "broken policy: errors logged" "no error lines in $LOG"
kill -0 "$CTLD_PID" 2>/dev/null && ok "broken policy: slurmctld still up" || bad "broken policy: slurmctld still up" "it died"
sed 's/^  gpu-container-no-nv: enforce$/  gpu-container-no-nv: warn/' "$BASE/etc/policy-main.yaml" > "$BASE/etc/fixed.yaml"
replace_policy "$BASE/etc/fixed.yaml"
expect "fixed policy picked up (rule now warn)" accept 'sbatch: jlint: warning: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"
logged 'job_submit/jlint: file changed: policy "jlint-test"' && ok "reload logged" || bad "reload logged" "no line"
# In-place edit (same inode), as an editor might do.
sleep 1.1
cat "$BASE/etc/policy-main.yaml" > "$POLICY"
expect "in-place edit picked up" reject 'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"
# Up to 23.02 reconfigure reloads in place (the plugin sees a new
# slurm_conf.last_update); from 23.11 slurmctld re-executes itself and the
# plugin starts again (init).  Either way the policy is read again.
RELOADED='job_submit/jlint: (reconfigure|init): policy'
n0=$(grep -Ec "$RELOADED" "$LOG")
scontrol reconfigure >/dev/null 2>&1
for _ in $(seq 50); do port_open "$PORT" && break; sleep 0.1; done
sleep 0.2
expect "after scontrol reconfigure still enforcing" reject 'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"
for _ in $(seq 50); do [ "$(grep -Ec "$RELOADED" "$LOG")" -gt "$n0" ] && break; sleep 0.1; done
n1=$(grep -Ec "$RELOADED" "$LOG")
[ "$n1" -gt "$n0" ] && ok "reconfigure reloads the policy" || bad "reconfigure reloads the policy" "no reload logged"

# ---- 7b. extends: the plugin reads a policy as jlint does ----------------------
echo "== extends: (jlint.yaml over a base policy)"
cp "$BASE/etc/policy-main.yaml" "$BASE/etc/site-base.yaml"
chmod 644 "$BASE/etc/site-base.yaml"
printf 'name: jlint-child\nextends: site-base.yaml\nrules:\n  time-mmss: error\n' > "$BASE/etc/child.yaml"
replace_policy "$BASE/etc/child.yaml"
expect "extends: the base's enforced rule applies" reject 'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"
expect "extends: the base's partitions apply" reject \
    'partition-time-limit \(line 4\): --time=13:00:00 is longer than the 12:00:00 limit of partition batch' -- $SB "$J/time-over.sh"
expect "extends: the base's clean twin accepted" accept '' -- $SB "$J/gpu-nv.sh"
logged "policy \"jlint-child\" from $POLICY extending $BASE/etc/site-base.yaml" &&
    ok "extends: logged with the base file" || bad "extends: logged with the base file" "no line"
"$JLINT" --policy "$POLICY" "$J/time-over.sh" 2>&1 | grep -q 'limit of partition batch' &&
    ok "extends: jlint reads the same file the same way" || bad "extends: jlint reads the same file the same way" "no finding"
replace_policy "$BASE/etc/policy-main.yaml"

# ---- 8. CLI and plugin give the same verdict on every fixture ------------------
echo "== CLI versus plugin (policy: every rule enforce or off)"
replace_policy "$BASE/etc/policy-verdict.yaml"
as $TUSER $SB "$J/clean-cpu.sh"	# triggers the reload
logged 'policy "jlint-verdict"' || bad "verdict policy loaded" "not loaded"
nv=0
slurm_verdict_scripts "$J" > "$BASE/verdict-list"
while read -r g; do
	"$JLINT" --slurm-version "$SLURM_REL" --policy "$BASE/etc/policy-verdict.yaml" "$g" >"$BASE/cli.out" 2>&1 </dev/null
	crc=$?
	# Exit 1 for any finding; the plugin rejects for an enforced one,
	# which every finding is under this policy but what jlint cannot be
	# sure of ("site policy: enforce, but jlint cannot be sure here":
	# not counted in the summary's "the site policy enforces N").
	case $crc in 0) cli=accept ;; 1) cli=reject
		grep -q 'the site policy enforces [0-9]' "$BASE/cli.out" || cli=accept ;; *)
		bad "verdict $(basename "$g")" "jlint exit $crc: $(head -3 "$BASE/cli.out")"; continue ;;
	esac
	as $TUSER $SB "$g"
	src=$?
	if [ $src = 0 ]; then plug=accept how=accepted
	# A het job's lines start with its component ("error: 0: jlint:").
	elif grep -Eq 'error: ([0-9]+: )?jlint:' "$BASE/err"; then plug=reject how="rejected by jlint"
	elif grep -q 'Batch job submission failed' "$BASE/err"; then
		plug=accept how="passed jlint, refused by slurmctld: $(sed -n 's/.*submission failed: //p' "$BASE/err")"
	else plug=reject how="refused by sbatch itself: $(grep -m1 'error' "$BASE/err" | cut -c1-80)"
	fi
	nv=$((nv + 1))
	if [ "$cli" = "$plug" ]; then
		ok "verdict $(basename "$g"): $cli ($how)"
	else
		bad "verdict $(basename "$g")" "jlint says $cli, sbatch+plugin: $how"
		sed 's/^/  cli| /' "$BASE/cli.out" | head -6
	fi
done < "$BASE/verdict-list"
[ $nv -ge 30 ] && ok "compared $nv scripts" || bad "compared $nv scripts" "too few"

# ---- 9. a policy that never loads: on_error ---------------------------------
echo "== on_error (slurmctld restarted with a broken policy, no saved copy)"
stop_pid "$CTLD_PID"
# Never a good policy: the last good one kept in StateSaveLocation would
# be used instead (tests/slurm-trust/run.sh tests that).
rm -f "$BASE/state/ctld/jlint-last-good-policy"
{ echo "on_error: reject"; echo "rules: [unclosed"; } > "$POLICY"
start_ctld && ok "slurmctld starts with a broken policy" || bad "slurmctld starts with a broken policy" "did not start"
expect "on_error: reject: jobs rejected with a clear message" reject \
    'jlint: the site.s job policy could not be loaded' -- $SB "$J/clean-cpu.sh"
sleep 1.1
{ echo "on_error: accept"; echo "rules: [unclosed"; } > "$POLICY"
expect "on_error: accept: jobs accepted unchecked" accept '' -- $SB "$J/gpu-no-nv.sh"
replace_policy "$BASE/etc/policy-main.yaml"
expect "fixed policy after a broken start" reject 'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"

# ---- 10. the controller is fine ------------------------------------------------
echo "== controller health"
kill -0 "$CTLD_PID" 2>/dev/null && ok "slurmctld still running" || bad "slurmctld still running" "it is gone"
cores=$(find "$BASE" /var/lib/slurm /var/spool/slurmctld -maxdepth 3 -name 'core*' -newer "$CONF" 2>/dev/null)
[ -z "$cores" ] && ok "no core dump" || bad "no core dump" "$cores"
grep -Eq 'fatal|free\(\)|double free|corrupted|Segmentation' "$LOG" "$BASE/log/slurmctld.stdout" &&
    bad "no fatal/heap errors in the log" "$(grep -Em3 'fatal|free\(\)|corrupted|Segmentation' "$LOG")" ||
    ok "no fatal/heap errors in the log"
exp=$(nm -D --defined-only "$PLUGIN" | awk '{print $3}' | sort | tr '\n' ' ')
[ "$exp" = "fini init job_modify job_submit plugin_name plugin_type plugin_version " ] &&
    ok "plugin exports only the plugin symbols" || bad "plugin exports only the plugin symbols" "$exp"
ldd "$PLUGIN" | grep -q libslurm && bad "plugin not linked with libslurm" "$(ldd "$PLUGIN" | grep libslurm)" ||
    ok "plugin not linked with libslurm"

slurm_finish "slurm tests"
