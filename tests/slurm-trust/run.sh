#!/bin/bash
# tests/slurm-trust/run.sh: enforcement a user or a broken file cannot get
# round (issue 17), in a real slurmctld with the job_submit plugin:
#   A. the last good policy on disk: slurmctld restarted with a broken or
#      missing policy (its extends: base gone too) keeps enforcing it,
#      loudly at every reload attempt; on_error only without one.
#   B. decisions on record: one JSON line per decision in the policy's
#      decision log, the job's AdminComment, `jlint report`.
# Uses tests/slurm/lib.sh (one-node cluster, two fake T4 GPUs) and the
# job scripts of tests/slurm/cases.  Needs root; holds the cluster lock
# for its whole run.  Environment as tests/slurm/run.sh (BUILD,
# JLINT_SKIP_SLURM, JLINT_SLURM_KEEP, JLINT_SLURM_PORT).
# Exit status: 0 all passed (or skipped), 1 a test failed, 2 setup failed.
set -u
umask 022
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
JLINT="$BUILD/jlint"
PLUGIN="$BUILD/job_submit_jlint.so"
TUSER=jlinttest		# ordinary user
XUSER=jlintexempt	# named in the policy's exemptions

. "$TOP/tests/slurm/lib.sh"
slurm_suite "slurm-trust tests" "$JLINT" "$PLUGIN"

slurm_lock
slurm_packages
slurm_release
SLURM_SCANCEL_USER=$TUSER
slurm_scratch
slurm_user_jlint	# the test users run jlint audit (section F)
POLICY=$BASE/etc/jlint.yaml
SAVED=$BASE/state/ctld/jlint-last-good-policy
slurm_users $TUSER $XUSER
chown "$TUSER" "$BASE/userwork"
slurm_munge
slurm_port
slurm_node
# lua first: it sets an AdminComment jlint must append to, not replace.
slurm_conf "JobSubmitPlugins=lua,jlint
EnforcePartLimits=ALL" "PartitionName=prioritized Nodes=@NODE@ Default=YES MaxTime=6-00:00:00 State=UP
PartitionName=batch Nodes=@NODE@ MaxTime=12:00:00 DefaultTime=1:00:00 State=UP"
sed -e "s/@CPUS@/$CPUS/" -e "s/@MEM_MB@/$MEM/" "$TOP/tests/slurm/policy.yaml" \
    > "$BASE/etc/site-base.yaml"
# jlint.yaml extends a base file: the saved copy must carry both.
printf 'name: trust-child\nextends: site-base.yaml\nrules:\n  time-mmss: audit\n' \
    > "$BASE/etc/child.yaml"
cp "$BASE/etc/child.yaml" "$POLICY"
cat > "$BASE/etc/job_submit.lua" <<'LUA'
-- Another site plugin: tags jobs named "luatag" in AdminComment.
function slurm_job_submit(job_desc, part_list, submit_uid)
	if job_desc.name == "luatag" then
		job_desc.admin_comment = "lua: tagged"
	end
	return slurm.SUCCESS
end
function slurm_job_modify(job_desc, job_rec, part_list, modify_uid)
	return slurm.SUCCESS
end
LUA
cp "$PLUGIN" "$BASE/plugins/job_submit_jlint.so"
cp "$TOP"/tests/slurm/cases/*.sh "$BASE/jobs/"
chmod -R a+rX "$BASE/etc" "$BASE/jobs"
slurm_start_ctld || die "slurmctld did not start"
slurm_start_slurmd
grep -q 'job_submit/jlint: init' "$LOG" || die "plugin not loaded (see $LOG)"

count() { grep -Ec -- "$1" "$LOG"; }
# Issue 17.7: no line a user sees from the plugin exceeds 100 columns,
# whatever the message (every expect below is checked; the summary test
# is at the end).
nmsg=0 nwide=0 nmsgwrapped=0
eval "expect_lines() $(declare -f expect | sed 1d)"
expect() {
	expect_lines "$@"
	if grep -q 'jlint' "$BASE/err"; then
		nmsg=$((nmsg + 1))
		if awk 'length > 100 { bad = 1 } END { exit !bad }' "$BASE/err"; then
			nwide=$((nwide + 1))
			echo "  (over 100 columns, from: $1)"; awk 'length > 100' "$BASE/err" | head -2
		fi
		[ "$(slurm_unwrap < "$BASE/err" | wc -l)" -lt "$(wc -l < "$BASE/err")" ] && nmsgwrapped=$((nmsgwrapped + 1))
	fi
	return 0
}
restart_ctld() {
	stop_pid "$CTLD_PID"
	slurm_start_ctld || return 1
	for _ in $(seq 100); do
		[ "$(sinfo -h -N -o %T 2>/dev/null | head -1)" = idle ] && return 0
		sleep 0.1
	done
	return 0
}
SB="sbatch --hold"
J=$BASE/jobs

# ---- A. the last good policy on disk -----------------------------------------
echo "== A. last good policy on disk (issue 17.4)"
expect "good policy (extends a base) enforced" reject 'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"
[ -s "$SAVED" ] && logged "job_submit/jlint: last good policy \(hash [0-9a-f]{16}\) saved in $SAVED" &&
    ok "saved in StateSaveLocation" || bad "saved in StateSaveLocation" "no $SAVED or no log line"
[ "$(stat -c %a "$SAVED" 2>/dev/null)" = 600 ] && ok "saved copy is mode 600" ||
    bad "saved copy is mode 600" "$(stat -c %a "$SAVED" 2>/dev/null)"
hash1=$(sed -n 's/.*policy "trust-child" from .*hash \([0-9a-f]*\)$/\1/p' "$LOG" | tail -1)

# slurmctld restarted with the top file broken and the base it extends gone.
{ echo "on_error: accept"; echo "rules: [unclosed"; } > "$POLICY"
mv "$BASE/etc/site-base.yaml" "$BASE/etc/site-base.yaml.away"
restart_ctld || die "slurmctld did not restart"
expect "restart, broken file, base gone: last good policy enforced" reject \
    'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"
expect "restart, broken file: the base's partition limits still apply" reject \
    'partition-time-limit \(line 4\): --time=13:00:00 is longer than the 12:00:00 limit of partition batch' -- $SB "$J/time-over.sh"
expect "restart, broken file: clean job accepted" accept '' -- $SB "$J/gpu-nv.sh"
logged "job_submit/jlint: USING THE LAST GOOD POLICY saved in $SAVED on [0-9T:Z-]+: policy \"trust-child\" \(hash $hash1\)" &&
    ok "restart: loud line naming the saved copy and its hash" ||
    bad "restart: loud line naming the saved copy and its hash" "no line (hash $hash1)"
logged "policy $POLICY not loaded \(errors above\); still using the last good policy: policy \"trust-child\" \(hash $hash1, from the saved copy\); THE FILE IS NOT IN EFFECT" &&
    ok "restart: the broken file is reported" || bad "restart: the broken file is reported" "no line"
logged 'jobs are accepted unchecked' && bad "on_error not followed with a saved copy" "accepted unchecked" ||
    ok "on_error not followed with a saved copy"

# Every reload attempt while broken says so again.
n0=$(count 'not loaded .*still using the last good policy')
{ echo "rules:"; echo "  no-such-rule: enforce"; echo "bogus: 1"; } > "$BASE/etc/broken2.yaml"
replace_policy "$BASE/etc/broken2.yaml"
expect "second broken version: still enforcing" reject 'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"
[ "$(count 'not loaded .*still using the last good policy')" -gt "$n0" ] &&
    ok "loud line at the next reload attempt" || bad "loud line at the next reload attempt" "no new line"
logged "$POLICY:3:1: unknown key \"bogus\"" && logged "$POLICY:2:3: unknown rule \"no-such-rule\"" &&
    ok "keys and rule names in one report" || bad "keys and rule names in one report" "not both logged"
n0=$(count 'not loaded .*still using the last good policy')
sleep 1.1
rm -f "$POLICY"
expect "file deleted: still enforcing" reject 'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"
logged "policy $POLICY not loaded \(No such file or directory\); still using the last good policy" &&
    [ "$(count 'not loaded .*still using the last good policy')" -gt "$n0" ] &&
    ok "file deleted: loud line" || bad "file deleted: loud line" "no line"

# Restart with the file missing altogether.
restart_ctld || die "slurmctld did not restart"
expect "restart, file missing: last good policy enforced" reject 'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"

# A fixed policy replaces the saved copy.
mv "$BASE/etc/site-base.yaml.away" "$BASE/etc/site-base.yaml"
sed 's/^  gpu-container-no-nv: enforce$/  gpu-container-no-nv: warn/' "$BASE/etc/site-base.yaml" > "$BASE/etc/warn.yaml"
replace_policy "$BASE/etc/warn.yaml"
expect "fixed policy (rule now warn) picked up" accept 'jlint: warning: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"
restart_ctld || die "slurmctld did not restart"
{ echo "rules: [unclosed"; } > "$POLICY"
sleep 1.1
expect "after restart with a new saved copy: the newer policy (warn) applies" accept \
    'jlint: warning: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"

# Never a good policy: on_error decides (the saved copy removed).
stop_pid "$CTLD_PID"
rm -f "$SAVED"
{ echo "on_error: reject"; echo "rules: [unclosed"; } > "$POLICY"
restart_ctld || die "slurmctld did not restart"
expect "no saved copy, on_error: reject: rejected" reject \
    'jlint: the site.s job policy could not be loaded' -- $SB "$J/clean-cpu.sh"
[ ! -e "$SAVED" ] && ok "a broken policy is never saved" || bad "a broken policy is never saved" "$SAVED exists"
# A damaged saved copy: reported, on_error applies, slurmctld stays up.
stop_pid "$CTLD_PID"
printf 'jlint last good policy 1\nsaved: 1\nfile 99999 /x\nshort\n' > "$SAVED"
restart_ctld || die "slurmctld did not restart"
expect "damaged saved copy: on_error: reject applies" reject \
    'jlint: the site.s job policy could not be loaded' -- $SB "$J/clean-cpu.sh"
logged "last good policy $SAVED not usable: not a saved policy" &&
    ok "damaged saved copy reported" || bad "damaged saved copy reported" "no line"
cp "$BASE/etc/child.yaml" "$POLICY"
replace_policy "$BASE/etc/child.yaml"
expect "fixed again: enforcing" reject 'jlint: gpu-container-no-nv' -- $SB "$J/gpu-no-nv.sh"

# ---- B. decisions on record ---------------------------------------------------
echo "== B. decisions on record (issue 17.6)"
DLOG=$BASE/log/decisions.jsonl
{ cat "$BASE/etc/child.yaml"; printf 'decisions:\n  log: %s\n' "$DLOG"; } > "$BASE/etc/rec.yaml"
"$JLINT" policy check "$BASE/etc/rec.yaml" >/dev/null 2>&1 || die "rec.yaml does not load"
replace_policy "$BASE/etc/rec.yaml"
jid_of() { sed -n 's/^Submitted batch job //p' "$BASE/out"; }
field() {	# field JSON-LINE KEY: the value, by python (the judge of JSON)
	python3 -c 'import json,sys; v=json.loads(sys.argv[1]).get(sys.argv[2]); print(json.dumps(v) if not isinstance(v,str) else v)' "$1" "$2"
}
expect "reject recorded" reject 'jlint: gpu-container-no-nv' -- $SB -p batch -J rej1 "$J/gpu-no-nv.sh"
for _ in $(seq 50); do [ -s "$DLOG" ] && break; sleep 0.1; done
settle "$DLOG"
l=$(tail -1 "$DLOG" 2>/dev/null)
if python3 -c 'import json,sys; json.loads(sys.argv[1])' "$l" 2>/dev/null; then
	ok "decisions log: one JSON line"
	[ "$(field "$l" decision)" = reject ] && [ "$(field "$l" user)" = $TUSER ] &&
	[ "$(field "$l" job_id)" = null ] && [ "$(field "$l" partitions)" = '["batch"]' ] &&
	[ "$(field "$l" job_name)" = rej1 ] && [ "$(field "$l" policy)" = trust-child ] &&
	[ "$(field "$l" account)" = null ] &&
	[ "$(field "$l" uid)" = "$(id -u $TUSER)" ] &&
	echo "$l" | grep -q '{"rule":"gpu-container-no-nv","mode":"enforce","action":"reject","findings":1}' &&
	echo "$l" | grep -q '{"rule":"preemptible-without-requeue","mode":"warn","action":"warn","findings":1}' &&
	field "$l" hash | grep -Eq '^[0-9a-f]{16}$' && field "$l" time | grep -Eq '^20[0-9-]{8}T[0-9:.]{12}Z$' &&
	    ok "reject record: user, job, partitions, name, rules with mode and action, policy and hash" ||
	    bad "reject record: fields" "$l"
else
	bad "decisions log: one JSON line" "not JSON: $l"
fi
logged "rejected job new uid=$(id -u $TUSER) user=$TUSER rules=gpu-container-no-nv account=\(default\) partition=batch name=rej1" &&
    ok "slurmctld.log line names account, partition, job name" || bad "slurmctld.log line names account, partition, job name" "no line"

n0=$(wc -l < "$DLOG")
expect "warn: accepted" accept 'jlint: warning: missing-time-limit' -- $SB "$J/notime.sh"
jid=$(jid_of)
settle "$DLOG" $((n0 + 1))
l=$(tail -1 "$DLOG")
[ "$(wc -l < "$DLOG")" = $((n0 + 1)) ] && [ "$(field "$l" decision)" = warn ] &&
    [ "$(field "$l" partitions)" = null ] && [ "$(field "$l" job_name)" = notime ] &&
    ok "warn recorded" || bad "warn recorded" "$l"
ac=$(scontrol show job "$jid" 2>/dev/null | sed -n 's/^ *AdminComment=//p' | sed 's/ *$//')
echo "$ac" | grep -Eq '^jlint: warn=missing-time-limit \(policy trust-child [0-9a-f]{8}\)$' &&
    ok "warn: the job's AdminComment says so" || bad "warn: the job's AdminComment says so" "AdminComment=$ac"
logged "warned job new uid=$(id -u $TUSER) user=$TUSER rules=missing-time-limit account=\(default\) partition=\(default\) name=notime" &&
    ok "warn: slurmctld.log line" || bad "warn: slurmctld.log line" "no line"

expect "audit: accepted silently" accept '' -- $SB "$J/mmss.sh"
jid=$(jid_of)
settle "$DLOG"
l=$(tail -1 "$DLOG")
[ "$(field "$l" decision)" = audit ] && echo "$l" | grep -q '"rule":"time-mmss","mode":"audit","action":"audit"' &&
    ok "audit recorded" || bad "audit recorded" "$l"
scontrol show job "$jid" | grep -q 'AdminComment=jlint: audit=time-mmss' &&
    ok "audit: AdminComment" || bad "audit: AdminComment" "$(scontrol show job "$jid" | grep AdminComment)"

expect "exemption used: accepted" accept '' $XUSER -- $SB "$J/gpu-no-nv.sh"
jid=$(jid_of)
settle "$DLOG"
l=$(tail -1 "$DLOG")
[ "$(field "$l" decision)" = exempt ] && [ "$(field "$l" user)" = $XUSER ] &&
    echo "$l" | grep -q '"rule":"gpu-container-no-nv","mode":"enforce","action":"exempt"' &&
    ok "exemption use recorded" || bad "exemption use recorded" "$l"
logged "exemption used by job new uid=$(id -u $XUSER) user=$XUSER rules=gpu-container-no-nv" &&
    ok "exemption use in slurmctld.log" || bad "exemption use in slurmctld.log" "no line"

n0=$(wc -l < "$DLOG")
expect "clean job: accepted" accept '' -- $SB "$J/gpu-nv.sh"
jid=$(jid_of)
settle "$DLOG"
[ "$(wc -l < "$DLOG")" = "$n0" ] && ok "clean job: no record" || bad "clean job: no record" "$(tail -1 "$DLOG")"
scontrol show job "$jid" | grep -Eq 'AdminComment=$|AdminComment=\(null\)' || ! scontrol show job "$jid" | grep -q AdminComment &&
    ok "clean job: no AdminComment" || bad "clean job: no AdminComment" "$(scontrol show job "$jid" | grep AdminComment)"

# Another plugin's AdminComment is kept; jlint's is appended.
expect "lua tagged + warn" accept 'jlint: warning: missing-time-limit' -- $SB -J luatag "$J/notime.sh"
jid=$(jid_of)
ac=$(scontrol show job "$jid" 2>/dev/null | sed -n 's/^ *AdminComment=//p' | sed 's/ *$//')
echo "$ac" | grep -Eq '^lua: tagged \| jlint: warn=missing-time-limit \(policy' &&
    ok "AdminComment: another plugin's text kept, jlint's appended" ||
    bad "AdminComment: another plugin's text kept, jlint's appended" "AdminComment=$ac"
expect "lua tagged, clean" accept '' -- $SB -J luatag "$J/gpu-nv.sh"
jid=$(jid_of)
scontrol show job "$jid" | grep -q 'AdminComment=lua: tagged *$' &&
    ok "AdminComment: untouched without a decision" || bad "AdminComment: untouched without a decision" "$(scontrol show job "$jid" | grep AdminComment)"

# admin_comment: false
{ cat "$BASE/etc/rec.yaml"; echo "  admin_comment: false"; } > "$BASE/etc/rec2.yaml"
replace_policy "$BASE/etc/rec2.yaml"
expect "admin_comment: false: warn" accept 'jlint: warning: missing-time-limit' -- $SB "$J/notime.sh"
jid=$(jid_of)
scontrol show job "$jid" | grep -q 'AdminComment=jlint' && bad "admin_comment: false" "comment set" ||
    ok "admin_comment: false: no AdminComment"
settle "$DLOG"
[ "$(field "$(tail -1 "$DLOG")" decision)" = warn ] && ok "admin_comment: false: still in the log" ||
    bad "admin_comment: false: still in the log" "no line"

# jlint report over the real log.
settle "$DLOG"
"$JLINT" report "$DLOG" > "$BASE/report.txt" 2>"$BASE/err"
rrc=$?
"$JLINT" report -f json "$DLOG" > "$BASE/report.json" 2>>"$BASE/err"
python3 - "$BASE/report.json" "$DLOG" <<'PY' && [ $rrc = 0 ] && ok "jlint report: counts match the log" || bad "jlint report: counts match the log" "$(cat "$BASE/report.txt")"
import json, sys, collections
rep = json.load(open(sys.argv[1]))
recs = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
assert rep["decisions"] == len(recs), (rep["decisions"], len(recs))
for k in ("reject", "warn", "audit", "exempt"):
    assert rep[k] == sum(r["decision"] == k for r in recs), k
rules = {r["name"]: r for r in rep["rules"]}
want = collections.Counter((x["rule"], x["action"]) for r in recs for x in r["rules"])
for (rule, act), n in want.items():
    assert rules[rule][act] == n, (rule, act, rules[rule][act], n)
assert rules["missing-time-limit"]["would_reject"] == want[("missing-time-limit", "warn")]
users = {u["name"]: u for u in rep["users"]}
assert users["jlintexempt"]["exempt"] == 1
assert rep["skipped_lines"] == 0
PY
grep -q '^missing-time-limit ' "$BASE/report.txt" && grep -q 'would have rejected' "$BASE/report.txt" &&
    ok "jlint report: text" || bad "jlint report: text" "$(cat "$BASE/report.txt")"
"$JLINT" report --since 2000-01-01 --until 2000-01-02 -f json "$DLOG" | grep -q '^{"decisions":0,' &&
    ok "jlint report --since/--until: outside the period, nothing" || bad "jlint report --since/--until" "counted"

# Issue 17.5: a partition exemption covers -p a,b only when both are
# exempt, in either order; the load log names an expired exemption.
# (In the site file itself: a file that extends it cannot exempt from a
# rule the site enforces.)
sed '/^exemptions:/r /dev/stdin' "$BASE/etc/site-base.yaml" > "$BASE/etc/part.yaml" <<'EOP'
  - rules: [gpu-container-no-nv]
    partitions: [prioritized]
    reason: "test: containers checked by hand in prioritized"
  - rules: [missing-time-limit]
    users: [nobody]
    reason: "test: an old agreement"
    expires: 2020-01-31
EOP
"$JLINT" policy check "$BASE/etc/part.yaml" >/dev/null 2>&1 || die "part.yaml does not load"
replace_policy "$BASE/etc/part.yaml"
expect "partition exemption: -p prioritized exempt" accept '' -- $SB -p prioritized "$J/gpu-no-nv.sh"
expect "partition exemption: -p prioritized,batch not covered" reject 'jlint: gpu-container-no-nv' -- $SB -p prioritized,batch "$J/gpu-no-nv.sh"
expect "partition exemption: -p batch,prioritized not covered" reject 'jlint: gpu-container-no-nv' -- $SB -p batch,prioritized "$J/gpu-no-nv.sh"
logged "job_submit/jlint: $POLICY:[0-9]+:[0-9]+: the exemption from missing-time-limit expired on 2020-01-31" &&
    ok "load log names the expired exemption" || bad "load log names the expired exemption" "no line"
replace_policy "$BASE/etc/rec.yaml"

# ---- C. scontrol update judged as a submission -------------------------------
echo "== C. job_modify: the change judged with the job's script (issue 17.3)"
replace_policy "$BASE/etc/rec.yaml"	# child.yaml and a decisions log
upd() {	# upd JOBID FIELD=VALUE...: as the test user; rc in $urc
	as $TUSER scontrol update jobid="$@"; urc=$?
}
modlog() { grep -c "job_submit/jlint: job $1 uid=.*modify rejected" "$LOG"; }
as $TUSER $SB "$J/nogpu-container.sh"; jid=$(jid_of)
[ -n "$jid" ] || die "could not submit nogpu-container.sh"
upd "$jid" gres=gpu:t4:1
[ $urc != 0 ] && logged "job_submit/jlint: job $jid uid=.* modify rejected: 1 rule the change brings in \(with the batch script\)" &&
    logged "job_submit/jlint: job $jid: jlint: gpu-container-no-nv \(script line [0-9]+\): " &&
    ok "update gres=gpu:t4:1 on a container job without --nv: rejected, reason logged" ||
    bad "update gres=gpu:t4:1 on a container job without --nv: rejected, reason logged" "rc=$urc"
grep -q 'Access/permission denied' "$BASE/err" && ok "22.05: the user sees Slurm's text for the error" ||
    bad "22.05: the user sees Slurm's text for the error" "$(cat "$BASE/err")"
settle "$DLOG"
l=$(tail -1 "$DLOG")
[ "$(field "$l" event)" = modify ] && [ "$(field "$l" decision)" = reject ] &&
    [ "$(field "$l" job_id)" = "$jid" ] && [ "$(field "$l" changed)" = '["--gres=gpu:t4:1"]' ] &&
    [ "$(field "$l" user)" = $TUSER ] && [ "$(field "$l" policy)" = trust-child ] &&
    echo "$l" | grep -q '"rules":\[{"rule":"gpu-container-no-nv","mode":"enforce","action":"reject","findings":1}\]' &&
    ok "modify rejected: on record (event modify, job id, what changed, the rule)" ||
    bad "modify rejected: on record (event modify, job id, what changed, the rule)" "$l"
logged "rejected change to job $jid uid=$(id -u $TUSER) user=$TUSER rules=gpu-container-no-nv" &&
    ok "modify rejected: slurmctld.log line as a submission's" || bad "modify rejected: slurmctld.log line as a submission's" "no line"
scontrol show job "$jid" | grep -Eq 'TresPerNode=gres:gpu|TresPerNode=gres/gpu' &&
    bad "the job is as it was" "GPU added" || ok "the job is as it was"
n0=$(wc -l < "$DLOG")
upd "$jid" TimeLimit=20
[ $urc = 0 ] && ok "the same job: an unrelated change accepted" || bad "the same job: an unrelated change accepted" "rc=$urc"
settle "$DLOG"
[ "$(wc -l < "$DLOG")" = "$n0" ] && ok "a change with nothing to decide: no record" ||
    bad "a change with nothing to decide: no record" "$(tail -1 "$DLOG")"
# A change that brings in a warned rule: accepted, on record as a warning.
upd "$jid" Partition=batch
settle "$DLOG"
l=$(tail -1 "$DLOG")
[ $urc = 0 ] && [ "$(field "$l" event)" = modify ] && [ "$(field "$l" decision)" = warn ] &&
    [ "$(field "$l" job_id)" = "$jid" ] && [ "$(field "$l" changed)" = '["--partition=batch"]' ] &&
    echo "$l" | grep -q '"rule":"preemptible-without-requeue","mode":"warn","action":"warn"' &&
    ! echo "$l" | grep -q 'gpu-container-no-nv' &&
    ok "Partition=batch (preemptible): accepted, the warning on record, nothing the job had before" ||
    bad "Partition=batch (preemptible): accepted, the warning on record" "rc=$urc $l"
logged "warned change to job $jid uid=$(id -u $TUSER) user=$TUSER rules=preemptible-without-requeue" &&
    ok "modify warned: slurmctld.log line" || bad "modify warned: slurmctld.log line" "no line"

as $TUSER $SB "$J/gpu-nv-device.sh"; jid=$(jid_of)
m0=$(modlog "$jid")
upd "$jid" NumTasks=1
[ $urc = 0 ] && [ "$(modlog "$jid")" = "$m0" ] && ok "clean twin: NumTasks=1 on a GPU job with --nv accepted" ||
    bad "clean twin: NumTasks=1 on a GPU job with --nv accepted" "rc=$urc"
# The same verdict as submitting the changed job: 2 GPUs, one process
# told one device (without that, one process may drive both: a guess).
upd "$jid" gres=gpu:t4:2
as $TUSER sbatch --test-only --gres=gpu:t4:2 "$J/gpu-nv-device.sh"
[ $urc != 0 ] && logged "job_submit/jlint: job $jid: jlint: gpu-over-allocation: 2 GPUs requested" &&
    slurm_unwrap < "$BASE/err" | grep -q 'jlint: gpu-over-allocation' &&
    ok "gres=gpu:t4:2, one process: rejected, as sbatch --gres=gpu:t4:2 is" ||
    bad "gres=gpu:t4:2, one process: rejected, as sbatch --gres=gpu:t4:2 is" "rc=$urc"
upd "$jid" gres=gpu:t4:3
[ $urc != 0 ] && logged "job_submit/jlint: job $jid: jlint: gpu-over-allocation" &&
    ok "gres=gpu:t4:3 (the node has 2): rejected by jlint" || bad "gres=gpu:t4:3 (the node has 2): rejected by jlint" "rc=$urc"

# conflicting-options does not judge a change: it says what sbatch (or
# slurmctld creating the job) refuses, and scontrol update goes through
# neither.  slurmctld 22.05 takes MinMemoryNode=100 for a job of
# --mem-per-cpu (the new limit replaces it), where sbatch refuses --mem
# with --mem-per-cpu; with the rule enforced, jlint neither refuses nor
# records the change.  Whatever a later release's update does with it is
# slurmctld's own answer, not jlint's.
printf 'name: trust-co\nextends: site-base.yaml\nrules:\n  time-mmss: audit\n  conflicting-options: enforce\ndecisions:\n  log: %s\n' \
    "$DLOG" > "$BASE/etc/rec-co.yaml"
replace_policy "$BASE/etc/rec-co.yaml"
printf '#!/bin/bash\n#SBATCH --time=10\n#SBATCH --mem-per-cpu=100M\nsrun hostname\n' > "$J/mem-cpu.sh"
chmod a+r "$J/mem-cpu.sh"
expect "--mem-per-cpu, conflicting-options enforced: accepted" accept '' -- $SB "$J/mem-cpu.sh"
jid=$(jid_of)
settle "$DLOG"
n0=$(wc -l < "$DLOG"); m0=$(modlog "$jid")
upd "$jid" MinMemoryNode=100
settle "$DLOG"
[ "$(modlog "$jid")" = "$m0" ] && [ "$(wc -l < "$DLOG")" = "$n0" ] && ! grep -q jlint "$BASE/err" &&
    ok "MinMemoryNode=100 on a --mem-per-cpu job (sbatch refuses both): not refused or recorded by jlint (slurmctld rc=$urc)" ||
    bad "MinMemoryNode=100 on a --mem-per-cpu job: not refused or recorded by jlint" "rc=$urc $(tail -1 "$DLOG")"
{ [ "$SLURM_REL" != 22.05 ] || [ $urc = 0 ]; } && ok "22.05: slurmctld takes the change" ||
    bad "22.05: slurmctld takes the change" "rc=$urc $(cat "$BASE/err")"
replace_policy "$BASE/etc/rec.yaml"

# A change of partition judged with the script's time limit.
printf '#!/bin/bash\n#SBATCH --job-name=day\n#SBATCH --time=1-00:00:00\n#SBATCH --requeue\n#SBATCH --signal=B:USR1@300\ntrap "touch ckpt; scontrol requeue $SLURM_JOB_ID" USR1\nsrun hostname\n' > "$J/day.sh"
chmod a+r "$J/day.sh"
expect "one day in prioritized: accepted" accept '' -- $SB "$J/day.sh"
jid=$(jid_of)
upd "$jid" Partition=batch
[ $urc != 0 ] && logged "job_submit/jlint: job $jid: jlint: partition-time-limit \(script line 3\)" &&
    ok "Partition=batch (MaxTime 12:00:00) with the script's one day: rejected by jlint" ||
    bad "Partition=batch with the script's one day: rejected by jlint" "rc=$urc"
m0=$(modlog "$jid")
upd "$jid" Partition=batch TimeLimit=10:00:00
[ $urc = 0 ] && [ "$(modlog "$jid")" = "$m0" ] && ok "Partition=batch with TimeLimit=10:00:00: accepted" ||
    bad "Partition=batch with TimeLimit=10:00:00: accepted" "rc=$urc $(tail -3 "$LOG")"

# What the job got past at submission (the command line) is not the change's.
as $TUSER $SB --gres=gpu:0 "$J/gpu-no-nv.sh"; jid=$(jid_of)
m0=$(modlog "$jid")
upd "$jid" NumTasks=1
[ $urc = 0 ] && [ "$(modlog "$jid")" = "$m0" ] &&
    ok "a finding of the script the command line lifted: not blamed on an unrelated change" ||
    bad "a finding of the script the command line lifted: not blamed on an unrelated change" "rc=$urc"
# The time-limit check (section 6 of tests/slurm/run.sh) still applies.
upd "$jid" TimeLimit=7-00:00:00
[ $urc != 0 ] && logged "job $jid .*modify rejected: partition-time-limit: the new time limit 7-00:00:00" &&
    ok "TimeLimit above every MaxTime: still rejected" || bad "TimeLimit above every MaxTime: still rejected" "rc=$urc"
settle "$DLOG"
l=$(tail -1 "$DLOG")
[ "$(field "$l" event)" = modify ] && [ "$(field "$l" decision)" = reject ] && [ "$(field "$l" job_id)" = "$jid" ] &&
    [ "$(field "$l" changed)" = '["--time=7-00:00:00"]' ] &&
    echo "$l" | grep -q '"rules":\[{"rule":"partition-time-limit","mode":"enforce","action":"reject","findings":1}\]' &&
    ok "TimeLimit rejection on record" || bad "TimeLimit rejection on record" "$l"
# root is not judged.
n0=$(wc -l < "$DLOG")
scontrol update jobid="$jid" gres=gpu:t4:1 >/dev/null 2>&1
settle "$DLOG"
[ "$(modlog "$jid")" = "$((m0 + 1))" ] && [ "$(wc -l < "$DLOG")" = "$n0" ] && ok "root's update not judged" ||
    bad "root's update not judged" "judged"
# Why a change's decision is not put in the AdminComment: slurmctld refuses
# an AdminComment in a user's update (_update_job(), the check a plugin's
# job_desc->admin_comment would meet too), so the update would fail.
upd "$jid" AdminComment=jlint
[ $urc != 0 ] && ! scontrol show job "$jid" | grep -q 'AdminComment=jlint' &&
    ok "slurmctld refuses an AdminComment in a user's update (so job_modify records in the log only)" ||
    bad "slurmctld refuses an AdminComment in a user's update" "rc=$urc $(cat "$BASE/err")"
# jlint report counts the modifications among the decisions.
settle "$DLOG"
"$JLINT" report -f json "$DLOG" > "$BASE/report.json" 2>"$BASE/err"
"$JLINT" report "$DLOG" > "$BASE/report.txt" 2>>"$BASE/err"
python3 - "$BASE/report.json" "$DLOG" <<'PY' && grep -Eq '^[0-9]+ of them on a change to a submitted job \(modify: scontrol update\): [0-9]+ rejected, 1 warned' "$BASE/report.txt" &&
import json, sys
rep = json.load(open(sys.argv[1]))
recs = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
mod = [r for r in recs if r.get("event") == "modify"]
assert len(mod) >= 5, len(mod)
assert rep["decisions"] == len(recs)
assert rep["modify"]["decisions"] == len(mod), rep["modify"]
for k in ("reject", "warn", "audit", "exempt"):
    assert rep["modify"][k] == sum(r["decision"] == k for r in mod), k
PY
    ok "jlint report: modifications counted (modify)" || bad "jlint report: modifications counted (modify)" "$(head -3 "$BASE/report.txt")"

# ---- E. messages inside slurmctld (issue 17.7) ---------------------------------
echo "== E. messages for srun, salloc, --wrap; warnings inside rejections"
replace_policy "$BASE/etc/child.yaml"
noscript_words() {	# nothing that assumes a script the user wrote
	! grep -Eq '#SBATCH|job\.sh|\(line [0-9]+\)|jlint on the script' "$BASE/err"
}
expect "srun over MaxTime: rejected" reject 'to fix in the job.s options' -- srun -p batch -t 13:00:00 hostname
noscript_words && ok "srun rejection: no #SBATCH, no job.sh, no script line" ||
    bad "srun rejection: no #SBATCH, no job.sh, no script line" "$(grep -E '#SBATCH|job.sh|line' "$BASE/err")"
expect "srun without -t: warned" accept 'jlint: warning: missing-time-limit \(job request\)' -- srun true
slurm_unwrap < "$BASE/err" | grep -q 'fix: add --time=' && noscript_words &&
    ok "srun warning: the fix names the option, not an #SBATCH line" ||
    bad "srun warning: the fix names the option, not an #SBATCH line" "$(grep fix "$BASE/err")"
expect "salloc over MaxTime: rejected" reject 'to fix in the job.s options' -- salloc -p batch -t 13:00:00 true
noscript_words && ok "salloc rejection: no #SBATCH, no job.sh" || bad "salloc rejection: no #SBATCH, no job.sh" "see err"
expect "sbatch --wrap, container without --nv: rejected" reject \
    'jlint: gpu-container-no-nv \(--wrap command\)' -- $SB -t 5 --gres=gpu:t4:1 --wrap "singularity exec /ceph/container/x.sif python t.py"
noscript_words && slurm_unwrap < "$BASE/err" | grep -q 'to fix in the --wrap command or the options' &&
    ok "--wrap: no line of a script the user never wrote, no job.sh" ||
    bad "--wrap: no line of a script the user never wrote, no job.sh" "see err"
expect "sbatch --wrap with --nv: accepted" accept '' -- $SB -t 5 --gres=gpu:t4:1 --wrap "singularity exec --nv /ceph/container/x.sif python t.py"
expect "script: line numbers and jlint job.sh kept" reject \
    'jlint: gpu-container-no-nv \(line 6\).*' -- $SB "$J/gpu-no-nv.sh"
slurm_unwrap < "$BASE/err" | grep -q 'jlint --policy .* job.sh' && ok "script rejection: still says how to check the script" ||
    bad "script rejection: still says how to check the script" "no closing line"
expect "warning inside a rejection says so" reject \
    'error: jlint: warning \(not a cause of the rejection\): preemptible-without-requeue' -- $SB -p batch "$J/gpu-no-nv.sh"
slurm_unwrap < "$BASE/err" | grep -q 'error: jlint: gpu-container-no-nv (line 6)' && slurm_unwrap < "$BASE/err" | grep -q '1 problem to fix' &&
    ok "the rejection counts only its causes" || bad "the rejection counts only its causes" "see err"

# ---- D. heterogeneous jobs: each step judged in its component (issue 17.2) ----
echo "== D. het jobs: GPUs in component 1, the container step there"
replace_policy "$BASE/etc/child.yaml"
cp "$TOP/fixtures/rules/gpu-container-no-nv-het.sh" "$J/het-nonv.sh"
cp "$TOP/fixtures/clean/het-gpu-container-nv.sh" "$J/het-nv.sh"
chmod a+r "$J"/het-*.sh
"$JLINT" --policy "$POLICY" "$J/het-nonv.sh" >/dev/null 2>&1
[ $? = 1 ] && ok "CLI: het component 1's container without --nv found" || bad "CLI: het component 1's container without --nv found" "exit 0"
"$JLINT" --policy "$POLICY" "$J/het-nv.sh" >/dev/null 2>&1
[ $? = 0 ] && ok "CLI: het clean twin clean" || bad "CLI: het clean twin clean" "findings"
# slurmctld prefixes each line of a component's message with its offset:
# the finding is component 1's, and made once.
expect "plugin: het job with component 1's container without --nv rejected, in component 1" reject \
    'error: 1: jlint: gpu-container-no-nv \(line 10\)' -- $SB "$J/het-nonv.sh"
logged "rejected job new\+1 uid=$(id -u $TUSER) user=$TUSER rules=gpu-container-no-nv " &&
    ok "het: slurmctld.log names the component (new+1)" || bad "het: slurmctld.log names the component (new+1)" "no line"
[ "$(grep -c 'gpu-container-no-nv (line' "$BASE/err")" = 1 ] && ok "het: the finding reported once" ||
    bad "het: the finding reported once" "$(grep -c 'gpu-container-no-nv (line' "$BASE/err") times"
expect "plugin: het clean twin accepted" accept '' -- $SB "$J/het-nv.sh"
# A step over both components, the GPUs in the second.
sed 's/^srun --het-group=1 /srun --het-group=0,1 /' "$J/het-nonv.sh" > "$J/het-span.sh"
expect "het: a step in components 0,1 without --nv, GPUs in 1: rejected in component 1" reject \
    'error: 1: jlint: gpu-container-no-nv \(line 10\)' -- $SB "$J/het-span.sh"
# GPUs in component 0; component 1's step does not get them.
cat > "$J/het-borrow.sh" <<'SH'
#!/bin/bash
#SBATCH --job-name=het-borrow
#SBATCH --time=00:30:00
#SBATCH --gres=gpu:t4:1
#SBATCH hetjob
#SBATCH --time=00:30:00
#SBATCH --ntasks=1
# The GPU and --nv in component 0; component 1 is CPU only, no --nv needed.
srun --het-group=0 singularity exec --nv /ceph/container/pytorch.sif python train.py
srun --het-group=1 singularity exec /ceph/container/tools.sif python report.py
SH
# The het job given on sbatch's command line (components split by ":"):
# the script's steps name the components, its directives are component 0's.
cat > "$J/het-cli.sh" <<'SH'
#!/bin/bash
#SBATCH --job-name=het-cli
#SBATCH --time=00:30:00
srun --het-group=0 python prepare.py
srun --het-group=1 singularity exec /ceph/container/pytorch.sif python train.py
SH
sed 's/singularity exec /singularity exec --nv /' "$J/het-cli.sh" > "$J/het-cli-nv.sh"
chmod a+r "$J"/het-*.sh
"$JLINT" --policy "$POLICY" "$J/het-borrow.sh" >/dev/null 2>&1
[ $? = 0 ] && ok "CLI: component 1's step does not borrow component 0's GPUs" ||
    bad "CLI: component 1's step does not borrow component 0's GPUs" "findings"
expect "plugin: component 1's step does not borrow component 0's GPUs" accept '' -- $SB "$J/het-borrow.sh"
expect "sbatch -n1 : -n1 --gres=gpu:t4:1 (het on the command line), no --nv: rejected in component 1" reject \
    'error: 1: jlint: gpu-container-no-nv \(line 5\)' -- $SB -n1 : -n1 -t 30 --gres=gpu:t4:1 "$J/het-cli.sh"
grep -q 'error: 0: jlint' "$BASE/err" && bad "het on the command line: nothing said of component 0" "$(cat "$BASE/err")" ||
    ok "het on the command line: nothing said of component 0"
expect "het on the command line, --nv: accepted" accept '' -- $SB -n1 : -n1 -t 30 --gres=gpu:t4:1 "$J/het-cli-nv.sh"
expect "het on the command line, GPUs in component 0 only: component 1's step does not borrow them" accept '' \
    -- $SB -n1 --gres=gpu:t4:1 : -n1 -t 30 "$J/het-cli.sh"
# Component 1's own request is still judged with the job-level rules.
expect "het on the command line: component 1 over MaxTime rejected in component 1" reject \
    'error: 1: jlint: partition-time-limit' -- $SB -n1 : -n1 -p batch -t 13:00:00 "$J/het-cli-nv.sh"

# ---- F. jlint audit by a user who cannot read others' scripts (issue 17.8) ----
echo "== F. audit as an ordinary user"
# A clean job of the exempt user (its script is not the test user's).
as $XUSER $SB "$J/clean-cpu.sh"
xjid=$(jid_of)
as $TUSER "$JLINT" audit --no-progress -f json -p "$POLICY"
cp "$BASE/out" "$BASE/audit-user.json"
python3 - "$BASE/audit-user.json" "$xjid" <<'PY' && ok "unreadable scripts counted as unreadable, never clean" ||
import json, sys
r = json.load(open(sys.argv[1]))
jobs = r["jobs"]
x = [j for j in jobs if str(j["job_id"]) == sys.argv[2]]
assert x and x[0]["script"] == "unreadable", x
unread = [j for j in jobs if j["script"] == "unreadable"]
clean = [j for j in jobs if j["script"] != "unreadable" and not j["exempt"]
         and not j["findings"]]
s = r["summary"]
assert s["unreadable"] == len(unread), s
assert s["clean"] == len(clean), (s["clean"], len(clean), len(unread))
PY
    bad "unreadable scripts counted as unreadable, never clean" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"])' "$BASE/audit-user.json" 2>&1)"
as $TUSER "$JLINT" audit --no-progress -p "$POLICY"
grep -Eq '[0-9]+ with an unreadable script' "$BASE/out" && ok "audit text: unreadable count shown" ||
    bad "audit text: unreadable count shown" "$(tail -3 "$BASE/out")"

# ---- G. jlint audit gives the plugin's verdict, job by job (issue 17.1) -------
echo "== G. audit == plugin on a generated mix (every rule in audit mode)"
for f in "$TOP"/rules/*.yaml; do
	echo "  $(sed -n 's/^slug: *//p' "$f"): audit"
done > "$BASE/etc/all-audit-rules"
{ sed '/^rules:/,$d' "$BASE/etc/site-base.yaml"; echo "name: parity"; echo "rules:";
  cat "$BASE/etc/all-audit-rules"; printf 'decisions:\n  log: %s\n' "$BASE/log/parity.jsonl"; } |
    grep -v '^name: jlint-test' > "$BASE/etc/parity.yaml"
"$JLINT" policy check "$BASE/etc/parity.yaml" >/dev/null 2>"$BASE/err" || die "parity.yaml: $(cat "$BASE/err")"
replace_policy "$BASE/etc/parity.yaml"
scancel -u $TUSER >/dev/null 2>&1; scancel -u $XUSER >/dev/null 2>&1
mkdir -p "$J/mix"
# Every combination of: partition (default, batch, prioritized), --time or
# not, --requeue / --no-requeue / nothing, checkpointing or not, a GPU
# container with --nv, without, or no GPU.
python3 - "$J/mix" <<'PY'
import itertools, os, sys
d = sys.argv[1]
n = 0
for part, tim, rq, ck, gpu in itertools.product(
        [None, "batch", "prioritized"], [None, "02:00:00"],
        [None, "--requeue", "--no-requeue"], [False, True],
        ["none", "nv", "nonv"]):
    n += 1
    name = "mix-%03d" % n
    lines = ["#!/bin/bash", "#SBATCH --job-name=" + name]
    if part: lines.append("#SBATCH --partition=" + part)
    if tim: lines.append("#SBATCH --time=" + tim)
    if rq: lines.append("#SBATCH " + rq)
    if gpu != "none": lines.append("#SBATCH --gres=gpu:t4:1")
    if ck:
        lines += ["#SBATCH --signal=B:USR1@300",
                  'trap "touch ckpt.flag; scontrol requeue $SLURM_JOB_ID" USR1',
                  "[ -f ckpt.flag ] && resume=--resume"]
    if gpu == "nv":
        lines.append("srun singularity exec --nv /ceph/container/t.sif python t.py $resume")
    elif gpu == "nonv":
        lines.append("srun singularity exec /ceph/container/t.sif python t.py $resume")
    else:
        lines.append("srun hostname")
    open(os.path.join(d, name + ".sh"), "w").write("\n".join(lines) + "\n")
PY
# Het jobs (issue 17.1 and 17.2): audit judges each component as the
# plugin does, with the steps that run in it.  GPUs in component 1 and
# its step a container without and with --nv; GPUs in component 0 only,
# the container step in component 1; het on sbatch's command line.
# Every component carries the job name (the comparison is per component).
hetmix() {	# hetmix NAME GRES0 GRES1 NV
	printf '#!/bin/bash\n#SBATCH --job-name=%s\n#SBATCH --time=00:30:00\n' "$1"
	[ -n "$2" ] && echo "#SBATCH --gres=$2"
	printf '#SBATCH hetjob\n#SBATCH --job-name=%s\n#SBATCH --time=00:30:00\n#SBATCH --ntasks=1\n' "$1"
	[ -n "$3" ] && echo "#SBATCH --gres=$3"
	echo "srun --het-group=0 python prepare.py"
	echo "srun --het-group=1 singularity exec $4 /ceph/container/t.sif python t.py"
}
hetmix mix-het-g1-nonv "" gpu:t4:1 "" > "$J/mix-het-g1-nonv.sh"
hetmix mix-het-g1-nv "" gpu:t4:1 --nv > "$J/mix-het-g1-nv.sh"
hetmix mix-het-g0-nonv gpu:t4:1 "" "" > "$J/mix-het-g0-nonv.sh"
printf '#!/bin/bash\n#SBATCH --time=00:30:00\nsrun --het-group=0 python prepare.py\nsrun --het-group=1 singularity exec %s /ceph/container/t.sif python t.py\n' \
    "" > "$J/mix-hetcli-nonv.sh"
printf '#!/bin/bash\n#SBATCH --time=00:30:00\nsrun --het-group=0 python prepare.py\nsrun --het-group=1 singularity exec %s /ceph/container/t.sif python t.py\n' \
    --nv > "$J/mix-hetcli-nv.sh"
chmod -R a+rX "$J/mix" "$J"/mix-het*.sh
nmix=0 nsub=0 ncomp=0
for f in "$J"/mix/*.sh; do
	nmix=$((nmix + 1)) ncomp=$((ncomp + 1))
	as $TUSER $SB "$f" && nsub=$((nsub + 1))
done
for f in "$J"/mix-het-*.sh; do
	nmix=$((nmix + 1)) ncomp=$((ncomp + 2))
	as $TUSER $SB "$f" && nsub=$((nsub + 1))
done
for v in nonv nv; do
	nmix=$((nmix + 1)) ncomp=$((ncomp + 2))
	as $TUSER $SB -J mix-hetcli-$v -n1 : -J mix-hetcli-$v -n1 -t 30 --gres=gpu:t4:1 \
	    "$J/mix-hetcli-$v.sh" && nsub=$((nsub + 1))
done
[ "$nsub" = "$nmix" ] && ok "all $nmix generated jobs accepted (audit mode)" ||
    bad "all $nmix generated jobs accepted (audit mode)" "$nsub submitted"
"$JLINT" audit --no-progress -f json -p "$POLICY" > "$BASE/parity-audit.json" 2>"$BASE/err"
settle "$BASE/log/parity.jsonl"
python3 - "$BASE/log/parity.jsonl" "$BASE/parity-audit.json" "$ncomp" > "$BASE/parity.out" 2>&1 <<'PY'
# Job by job, and for a het job component by component: the plugin's
# record of component k (het_component) against audit's job "N+k".
import json, subprocess, sys
recs = {}
for l in open(sys.argv[1]):
    r = json.loads(l)
    if r["job_name"] and r["job_name"].startswith("mix-"):
        recs[(r["job_name"], r.get("het_component"))] = sorted(
            x["rule"] for x in r["rules"] if x["action"] == "audit")
audit = {}
for j in json.load(open(sys.argv[2]))["jobs"]:
    audit[j["id"]] = j
ids = {}
out = subprocess.run(["squeue", "-h", "-u", "jlinttest", "-o", "%i %j"],
                     capture_output=True, text=True).stdout
for line in out.split("\n"):
    if line.strip():
        i, n = line.split()
        k = int(i.split("+")[1]) if "+" in i else None
        ids[(n, k)] = i
bad = 0
keys = sorted((k for k in ids if k[0].startswith("mix-")),
              key=lambda k: (k[0], -1 if k[1] is None else k[1]))
for key in keys:
    a = audit.get(ids[key])
    got = sorted(a["log"]) if a else None
    want = recs.get(key, [])
    if got != want:
        bad += 1
        print("%s (job %s): plugin %s, audit %s" % (key[0], ids[key], want, got))
nhet = len([k for k in keys if k[1] is not None])
hetrules = len([k for k in keys if k[1] is not None and recs.get(k)])
print("compared %d jobs (%d het components, %d of them with findings), %d differ"
      % (len(keys), nhet, hetrules, bad))
sys.exit(1 if bad or len(keys) != int(sys.argv[3]) or nhet != 10 else 0)
PY
prc=$?
[ $prc = 0 ] && ok "audit == plugin, job by job: $(tail -1 "$BASE/parity.out")" ||
    bad "audit == plugin, job by job" "$(head -12 "$BASE/parity.out")"
grep -q '"job_name":"mix-het-g1-nonv","het_component":1,"rules":\[[^]]*"rule":"gpu-container-no-nv"' "$BASE/log/parity.jsonl" &&
    ok "the mix exercises a het component's step (gpu-container-no-nv in component 1)" ||
    bad "the mix exercises a het component's step (gpu-container-no-nv in component 1)" "$(grep mix-het-g1-nonv "$BASE/log/parity.jsonl")"
grep -q '"requeue-without-checkpoint"' "$BASE/log/parity.jsonl" &&
    ok "the mix exercises requeue-without-checkpoint" || bad "the mix exercises requeue-without-checkpoint" "no record"

# ---- H. reconfigure under slurmctld --systemd (Debian's unit, 23.11+) --------
# Debian 13's slurmctld.service runs `slurmctld --systemd`.  From 23.11
# `scontrol reconfigure` (and the unit's reload, SIGHUP) start a new
# controller: the old one forks, the middle child forks the new one and
# exit()s, and the old one waits for it, tells systemd the new main PID
# and _exit()s (controller.c _try_to_reconfig()).  The plugin's exit
# handler runs in that middle child: it must not hang there (the old
# controller would wait for ever) nor write the plugin's queue of records
# a second time.  Rejections come just before the reconfigure, so some
# may still be queued when it forks: with the old exit handler, sysd9 and
# sysd10 were recorded twice in one of two runs on 24.11; and before the
# plugin wrote its queue ahead of a fork (plugin/later.c later_prefork()),
# the last one or two were missing when the old controller _exit()ed
# within the writer's 0.1 s tick (about one CI run in two, on 24.11 or
# 26.05).  Both happen only when the fork comes within the tick:
# tests/slurm/t_plugin.c exit_records() is the check that does not depend
# on it.  22.05 has no --systemd; its reconfigure reloads in place
# (tests/slurm section 7).
if /usr/sbin/slurmctld -h 2>&1 | grep -q -- --systemd; then
	echo "== H. reconfigure under slurmctld --systemd (Debian's unit)"
	replace_policy "$BASE/etc/rec.yaml"	# rejects gpu-no-nv, keeps $DLOG
	NOTIFY=$BASE/notify.sock
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
with open(sys.argv[2], "a") as f:
    while True:
        f.write(s.recv(4096).decode(errors="replace") + "\n")
        f.flush()' "$NOTIFY" "$BASE/log/notify.log" </dev/null >/dev/null 2>&1 &
	SLURM_MORE_PIDS="${SLURM_MORE_PIDS:-} $!"	# slurm_cleanup stops it
	for _ in $(seq 50); do [ -S "$NOTIFY" ] && break; sleep 0.1; done
	[ -S "$NOTIFY" ] || die "no notify socket"
	stop_pid "$CTLD_PID"
	NOTIFY_SOCKET=$NOTIFY setsid /usr/sbin/slurmctld --systemd -f "$CONF" \
	    >>"$BASE/log/slurmctld.stdout" 2>&1 </dev/null 9>&- &
	CTLD_PID=$!
	CTLD_PGID=$CTLD_PID	# setsid: the new controllers stay in its group
	for _ in $(seq 200); do port_open "$PORT" && break; sleep 0.05; done
	for _ in $(seq 100); do
		[ "$(sinfo -h -N -o %T 2>/dev/null | head -1)" = idle ] && break
		sleep 0.1
	done
	expect "--systemd: the controller runs the plugin" reject 'jlint: gpu-container-no-nv' -- $SB -J sysd0 "$J/gpu-no-nv.sh"
	settle "$DLOG"
	for i in 1 2 3 4 5 6 7 8 9 10; do
		as $TUSER $SB -J "sysd$i" "$J/gpu-no-nv.sh"
	done
	old=$CTLD_PID
	scontrol reconfigure >/dev/null 2>&1
	for _ in $(seq 600); do kill -0 "$old" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$old" 2>/dev/null; then
		bad "--systemd reconfigure: the old controller exits" "still running after 60 s: $(ps -o pid,stat,args --ppid "$old" 2>/dev/null | tail -n +2)"
	else
		ok "--systemd reconfigure: the old controller exits"
	fi
	# The old controller sends the new PID, then _exit()s at once.
	for _ in $(seq 50); do
		new=$(sed -n 's/^MAINPID=//p' "$BASE/log/notify.log" | tail -1)
		[ -n "$new" ] && [ "$new" != "$old" ] && break
		sleep 0.1
	done
	if [ -n "$new" ] && [ "$new" != "$old" ] && kill -0 "$new" 2>/dev/null; then
		CTLD_PID=$new
		ok "--systemd reconfigure: systemd is told the new controller ($new)"
	else
		bad "--systemd reconfigure: systemd is told the new controller" "MAINPID=${new:-none}"
	fi
	for _ in $(seq 100); do port_open "$PORT" && break; sleep 0.1; done
	expect "--systemd reconfigure: still enforcing" reject 'jlint: gpu-container-no-nv' -- $SB -J sysd11 "$J/gpu-no-nv.sh"
	settle "$DLOG"
	miss= twice=
	for i in 1 2 3 4 5 6 7 8 9 10 11; do
		c=$(grep -c "\"job_name\":\"sysd$i\"" "$DLOG")
		[ "$c" = 0 ] && miss="$miss sysd$i"
		[ "$c" -gt 1 ] && twice="$twice sysd$i($c)"
	done
	[ -z "$miss$twice" ] && ok "--systemd reconfigure: each of the 11 rejections recorded once" ||
	    bad "--systemd reconfigure: each rejection recorded once" "missing:${miss:- none}; more than once:${twice:- none}"
else
	echo "== H. skipped: this slurmctld has no --systemd (Slurm before 23.11 reloads in place)"
fi

echo "== message width (issue 17.7)"
[ "$nmsg" -ge 20 ] && [ "$nwide" = 0 ] && [ "$nmsgwrapped" -ge 10 ] &&
    ok "no line of any of the $nmsg jlint messages exceeds 100 columns ($nmsgwrapped had lines cut)" ||
    bad "no line of any jlint message exceeds 100 columns" "$nwide of $nmsg messages had wider lines ($nmsgwrapped cut)"

echo "== controller health"
kill -0 "$CTLD_PID" 2>/dev/null && ok "slurmctld still running" || bad "slurmctld still running" "gone"
grep -Eq 'fatal|free\(\)|double free|corrupted|Segmentation' "$LOG" "$BASE/log/slurmctld.stdout" &&
    bad "no fatal/heap errors in the log" "$(grep -Em3 'fatal|free\(\)|corrupted|Segmentation' "$LOG")" ||
    ok "no fatal/heap errors in the log"

echo
echo "slurm-trust tests: $pass passed, $fail failed"
if [ $fail -gt 0 ]; then
	echo "--- last jlint lines of slurmctld.log"
	grep 'jlint' "$LOG" | tail -25
	exit 1
fi
exit 0
