#!/bin/bash
# tests/slurm-lua/run.sh: the jlint Lua module (build/jlint.so) inside a
# real slurmctld with JobSubmitPlugins=lua.
#
# The one-node Slurm of tests/slurm/lib.sh (munge, slurmctld, slurmd, two
# fake T4 GPUs; the lock /run/lock/jlint-slurm-tests.lock is held for the
# whole run) with a site-style job_submit.lua (written below) that does
# things of its own (a default comment, a banned job name, a deliberate
# Lua bug) and calls jlint.check() with package.cpath pointing at a copy of
# the module.  Checks: the headline rules rejected with their slug, clean
# jobs accepted, warn and audit modes, srun, a Lua error in the site's
# code, a broken policy (last good kept), a reloaded job_submit.lua; then
# every script of tests/slurm/cases and the fixtures submitted once under
# JobSubmitPlugins=lua and once under JobSubmitPlugins=jlint (the C
# plugin): the verdicts and the jlint lines users see must be equal, job
# by job.
#
# Needs root.  Environment: BUILD, JLINT_SKIP_SLURM, JLINT_SLURM_KEEP,
# JLINT_SLURM_PORT, JLINT_SLURM_VERBOSE as tests/slurm/run.sh.
# Exit status: 0 all passed (or skipped), 1 a test failed, 2 setup failed.
set -u
umask 022
T0=$(date +%s.%N)
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
SLURM_T=$TOP/tests/slurm
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
LUAMOD="$BUILD/jlint.so"
PLUGIN="$BUILD/job_submit_jlint.so"
TUSER=jlinttest
XUSER=jlintexempt

. "$SLURM_T/lib.sh"
slurm_suite "slurm-lua tests" "$LUAMOD" "$PLUGIN"

slurm_lock
slurm_packages	# slurmctld brings job_submit_lua.so (slurm-wlm-basic-plugins)
slurm_built_for
JSL=/usr/lib/x86_64-linux-gnu/slurm-wlm/job_submit_lua.so
[ -f "$JSL" ] || die "$JSL missing"

SLURM_SCANCEL_USER=$TUSER
slurm_scratch
POLICY=$BASE/etc/jlint.yaml
slurm_users $TUSER $XUSER
chown "$TUSER" "$BASE/userwork"
slurm_munge
slurm_port
slurm_node
PARTS="PartitionName=prioritized Nodes=@NODE@ Default=YES MaxTime=6-00:00:00 State=UP
PartitionName=batch Nodes=@NODE@ MaxTime=12:00:00 State=UP"
conf() { slurm_conf "JobSubmitPlugins=$1
EnforcePartLimits=ALL" "$PARTS"; }
conf lua

# The policies of tests/slurm/run.sh.
slurm_policies
cp "$BASE/etc/policy-main.yaml" "$POLICY"

mkdir -p "$BASE/lua"
cp "$LUAMOD" "$BASE/lua/.jlint.so.new" && mv "$BASE/lua/.jlint.so.new" "$BASE/lua/jlint.so"
cp "$PLUGIN" "$BASE/plugins/.job_submit_jlint.so.new" &&
	mv "$BASE/plugins/.job_submit_jlint.so.new" "$BASE/plugins/job_submit_jlint.so"
cp "$SLURM_T"/cases/*.sh "$BASE/jobs/"

# A site's job_submit.lua: its own rules around jlint's three lines.
site_lua() {
	cat > "$BASE/etc/job_submit.lua.new" <<EOF
-- job_submit.lua of the jlint test site ($1)
package.cpath = "$BASE/lua/?.so;" .. package.cpath
local jlint = require("jlint")

function slurm_job_submit(job_desc, part_list, submit_uid)
	-- site: every job carries a comment
	if job_desc.comment == nil then
		job_desc.comment = "site-lua"
	end
	-- site: a banned job name, with the site's own message
	if job_desc.name == "sitebanned" then
		slurm.log_user("site: the job name sitebanned is not allowed here")
		return slurm.ESLURM_ACCESS_DENIED
	end
	-- site: a bug in the site's own code (calls a nil value)
	if job_desc.name == "luabug" then
		local cfg = nil
		cfg.no_such_function()
	end

	local verdict, message = jlint.check(job_desc, submit_uid)
	if message then slurm.log_user("%s", message) end
	if verdict == "reject" then return slurm.ESLURM_ACCESS_DENIED end

	return slurm.SUCCESS
end

function slurm_job_modify(job_desc, job_rec, part_list, modify_uid)
	return slurm.SUCCESS
end
EOF
	mv -f "$BASE/etc/job_submit.lua.new" "$BASE/etc/job_submit.lua"
}
site_lua "first version"
chmod -R a+rX "$BASE/etc" "$BASE/jobs" "$BASE/lua"

# ---- daemons ---------------------------------------------------------------
slurm_start_ctld || die "slurmctld did not start"
slurm_start_slurmd
T1=$(date +%s.%N)

# ---- test helpers: ok, bad, as, expect, replace_policy, logged (lib.sh) ----
SB="sbatch --hold"
J=$BASE/jobs
TAG='job_submit/lua: jlint'

# ---- 1. the module loads; headline rules rejected, clean twins accepted ------
echo "== headline rules (JobSubmitPlugins=lua)"
HEADLINE_TO=$BUILD/slurm-lua-headline.out	# compared across releases (tests/versions)
: >"$HEADLINE_TO"
expect "gpu-container-no-nv rejected" reject \
    'error: jlint: gpu-container-no-nv \(line 6\): .*--nv' -- $SB "$J/gpu-no-nv.sh"
grep -q '  fix: add --nv' "$BASE/err" && grep -q '  more: jlint explain gpu-container-no-nv' "$BASE/err" &&
    grep -q 'Batch job submission failed: Access/permission denied' "$BASE/err" &&
    ok "reject message: fix, more, Slurm's line" || bad "reject message: fix, more, Slurm's line" "missing lines"
logged "$TAG: init: policy \"jlint-test\" from $POLICY" && logged "$TAG: module for job_submit.lua" &&
    ok "module loaded the policy next to slurm.conf" || bad "module loaded the policy" "no log line in $LOG"
expect "gpu-container-no-nv clean" accept '' -- $SB "$J/gpu-nv.sh"
expect "gpu-over-allocation rejected" reject 'error: jlint: gpu-over-allocation \(line 4\)' -- $SB "$J/gpu-over.sh"
expect "gpu-over-allocation clean" accept '' -- $SB "$J/gpu-over-ok.sh"
expect "requeue-without-checkpoint rejected" reject 'error: jlint: requeue-without-checkpoint \(line 4\)' -- $SB "$J/requeue-nockpt.sh"
expect "requeue-without-checkpoint clean" accept '' -- $SB "$J/requeue-ckpt.sh"
expect "partition-time-limit rejected" reject \
    'error: jlint: partition-time-limit \(line 4\): --time=13:00:00 is longer than the 12:00:00 limit of partition batch' -- $SB "$J/time-over.sh"
expect "partition-time-limit clean" accept '' -- $SB "$J/time-ok.sh"
expect "two rules in one message" reject 'jlint: requeue-without-checkpoint' -- $SB --requeue "$J/gpu-no-nv.sh"
grep -q 'jlint: gpu-container-no-nv' "$BASE/err" && grep -q '2 problems to fix' "$BASE/err" &&
    ok "two rules in one message: both listed" || bad "two rules in one message: both listed" "not both"
expect "sbatch -G 1 (GPU only on the command line)" reject \
    'jlint: gpu-container-no-nv \(line 4\)' -- $SB -G 1 "$J/nogpu-container.sh"
expect "--signal=B:USR1 on the command line (only the job_desc_msg_t has it)" reject \
    'jlint: requeue-without-checkpoint' -- $SB --requeue --signal=B:USR1@60 -p batch -t 60 --wrap "srun python train.py"
expect "--signal=USR1 on the command line, a trainer that catches it" accept '' -- \
    $SB --requeue --signal=USR1@60 -p batch -t 60 --wrap "srun python lightning_train.py"

HEADLINE_TO=

echo "== modes, srun, exemptions"
expect "warn mode: accepted, message on stderr" accept \
    '^sbatch: jlint: warning: missing-time-limit \(line 1\)' -- $SB "$J/notime.sh"
grep -q '^Submitted batch job' "$BASE/out" && ok "warn mode: job submitted" || bad "warn mode: job submitted" "no job id"
expect "audit mode: accepted silently" accept '' -- $SB "$J/mmss.sh"
sleep 0.2
logged "$TAG: audit job new uid=$(id -u $TUSER) user=$TUSER rules=time-mmss" &&
    ok "audit mode: logged with the Lua tag" || bad "audit mode: logged with the Lua tag" "no line"
expect "srun over MaxTime rejected" reject \
    '^srun: error: jlint: partition-time-limit \(job request\)' -- srun -p batch -t 13:00:00 --gres=gpu:1 hostname
expect "srun --gres=gpu:1 runs" accept '' -- srun -t 5 --gres=gpu:1 hostname
expect "policy exemption for $XUSER" accept '' $XUSER -- $SB "$J/gpu-no-nv.sh"

# ---- 2. the site's own code around jlint -------------------------------------
echo "== the site's job_submit.lua"
expect "site rule: banned name, the site's message" reject \
    'site: the job name sitebanned is not allowed here' -- $SB -J sitebanned "$J/gpu-nv.sh"
as $TUSER $SB "$J/gpu-nv.sh"
jid=$(sed -n 's/^Submitted batch job //p' "$BASE/out")
[ -n "$jid" ] && scontrol show job "$jid" 2>/dev/null | grep -q 'Comment=site-lua' &&
    ok "site change to job_desc kept (Comment=site-lua)" || bad "site change kept" "no comment on job ${jid:-?}"
as $TUSER $SB -J luabug "$J/gpu-no-nv.sh"
sleep 0.3
kill -0 "$CTLD_PID" 2>/dev/null && ok "Lua error in the site's code: slurmctld still up" ||
    bad "Lua error in the site's code: slurmctld still up" "it died"
logged "job_submit/lua.*job_submit.lua.*attempt to (index|call)" &&
    ok "Lua error in the site's code: logged by job_submit/lua" || bad "Lua error logged" "no line in $LOG"
expect "after the Lua error: jlint still rejects" reject 'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"
expect "after the Lua error: clean job accepted" accept '' -- $SB "$J/gpu-nv.sh"
# job_submit/lua reloads a changed job_submit.lua into a new Lua state; the
# module stays loaded and keeps its policy.
n0=$(grep -c "$TAG: init: policy" "$LOG")
sleep 1.1
site_lua "second version"
expect "job_submit.lua changed: jlint still rejects" reject 'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"
[ "$(grep -c "$TAG: init: policy" "$LOG")" = "$n0" ] &&
    ok "job_submit.lua changed: the held policy kept (no second load)" ||
    bad "job_submit.lua changed: the held policy kept" "policy loaded again"

# ---- 3. reload: a broken policy keeps the last good one ----------------------
echo "== reload"
sed 's/^rules:$/rules: [unclosed/' "$BASE/etc/policy-main.yaml" > "$BASE/etc/broken.yaml"
replace_policy "$BASE/etc/broken.yaml"
expect "broken policy: last good policy still enforced" reject 'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"
logged "$TAG: $POLICY:[0-9]+:[0-9]+: " && logged "$TAG: policy $POLICY not loaded \\(errors above\\); still using the last good policy" &&
    ok "broken policy: errors logged with the Lua tag" || bad "broken policy: errors logged" "no lines in $LOG"
sed 's/^  gpu-container-no-nv: enforce$/  gpu-container-no-nv: warn/' "$BASE/etc/policy-main.yaml" > "$BASE/etc/fixed.yaml"
replace_policy "$BASE/etc/fixed.yaml"
expect "fixed policy picked up (rule now warn)" accept 'sbatch: jlint: warning: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"

# ---- 4. Lua module and C plugin: the same verdict on every script ---------------
# submit_all OUT: every script once; one line per script: name, verdict,
# then the jlint lines of stderr (the message users see).
LIST=$BASE/list
slurm_verdict_scripts "$J" > "$LIST"
submit_all() {
	mkdir -p "$1"
	while read -r g; do
		as $TUSER $SB "$g"
		rc=$?
		n=$(basename "$g" .sh)
		if [ $rc = 0 ]; then v=accept
		elif grep -q 'error: jlint:' "$BASE/err"; then v=reject
		else v="refused ($(grep -m1 'error' "$BASE/err" | sed 's/.*error: //' | cut -c1-60))"
		fi
		{ echo "verdict: $v"; grep 'jlint' "$BASE/err" | sed 's/^[a-z]*: //'; } > "$1/$n"
	done < "$LIST"
}
echo "== Lua module versus C plugin (policy: every rule enforce or off)"
replace_policy "$BASE/etc/policy-verdict.yaml"
submit_all "$BASE/v-lua"
logged "$TAG: file changed: policy \"jlint-verdict\"" || bad "verdict policy loaded (Lua)" "not loaded"
stop_pid "$CTLD_PID"
conf jlint
slurm_start_ctld || die "slurmctld (JobSubmitPlugins=jlint) did not start"
for _ in $(seq 100); do
	[ "$(sinfo -h -N -o %T 2>/dev/null | head -1)" = idle ] && break; sleep 0.1
done
logged 'job_submit/jlint: init' || bad "C plugin loaded" "no init line"
submit_all "$BASE/v-c"
nv=0 nrej=0
while read -r g; do
	n=$(basename "$g" .sh)
	nv=$((nv + 1))
	grep -q '^verdict: reject' "$BASE/v-c/$n" && nrej=$((nrej + 1))
	if cmp -s "$BASE/v-lua/$n" "$BASE/v-c/$n"; then
		ok "same verdict and message: $n ($(head -1 "$BASE/v-c/$n" | cut -d' ' -f2-))"
	else
		bad "same verdict and message: $n" "they differ"
		diff "$BASE/v-lua/$n" "$BASE/v-c/$n" | sed 's/^/  lua<  >c| /' | head -10
	fi
done < "$LIST"
[ $nv -ge 30 ] && [ $nrej -ge 10 ] && [ $nrej -lt $nv ] &&
    ok "compared $nv scripts ($nrej rejected, $((nv - nrej)) not)" ||
    bad "compared $nv scripts" "too few, or all the same verdict ($nrej rejected)"

# ---- 5. the controller is fine ------------------------------------------------
echo "== controller health"
kill -0 "$CTLD_PID" 2>/dev/null && ok "slurmctld still running" || bad "slurmctld still running" "it is gone"
grep -Eq 'fatal|free\(\)|double free|corrupted|Segmentation' "$LOG" "$BASE/log/slurmctld.stdout" &&
    bad "no fatal/heap errors in the log" "$(grep -Em3 'fatal|free\(\)|corrupted|Segmentation' "$LOG")" ||
    ok "no fatal/heap errors in the log"
exp=$(nm -D --defined-only "$LUAMOD" | awk '{print $3}' | tr '\n' ' ')
[ "$exp" = "luaopen_jlint " ] && ok "module exports luaopen_jlint alone" || bad "module exports luaopen_jlint alone" "$exp"
ldd "$LUAMOD" | grep -Eq 'libslurm|liblua' && bad "module not linked with libslurm or liblua" "$(ldd "$LUAMOD")" ||
    ok "module not linked with libslurm or liblua"
need=$(readelf -d "$JSL" | sed -n 's/.*\(liblua[0-9.]*\)\.so.*/\1/p' | head -1)
built=$(strings "$LUAMOD" | grep -o 'Lua [0-9.]*' | head -1 | tr -d ' ' | tr 'L' 'l')
[ "lib$built" = "$need" ] && ok "module built for the Lua job_submit_lua.so links ($need)" ||
    bad "module built for the Lua job_submit_lua.so links" "module: $built, job_submit_lua.so: $need"

slurm_finish "slurm-lua tests"
