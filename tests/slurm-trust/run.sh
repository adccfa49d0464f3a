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
TUSER=jlinttest

if [ -n "${JLINT_SKIP_SLURM:-}" ]; then
	echo "SKIP slurm-trust tests: JLINT_SKIP_SLURM is set"; exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "SKIP slurm-trust tests: they need root"; exit 0
fi
die() { echo "slurm-trust tests: setup failed: $*" >&2; exit 2; }
[ -x "$JLINT" ] || die "$JLINT missing (run make)"
[ -f "$PLUGIN" ] || die "$PLUGIN missing (run make; needs libslurm-dev)"

. "$TOP/tests/slurm/lib.sh"
slurm_lock
slurm_packages
SLURM_SCANCEL_USER=$TUSER
slurm_scratch
POLICY=$BASE/etc/jlint.yaml
SAVED=$BASE/state/ctld/jlint-last-good-policy
slurm_users $TUSER
chown "$TUSER" "$BASE/userwork"
slurm_munge
slurm_port
slurm_node
slurm_conf "JobSubmitPlugins=jlint
EnforcePartLimits=ALL" "PartitionName=prioritized Nodes=@NODE@ Default=YES MaxTime=6-00:00:00 State=UP
PartitionName=batch Nodes=@NODE@ MaxTime=12:00:00 State=UP"
sed -e "s/@CPUS@/$CPUS/" -e "s/@MEM_MB@/$MEM/" "$TOP/tests/slurm/policy.yaml" \
    > "$BASE/etc/site-base.yaml"
# jlint.yaml extends a base file: the saved copy must carry both.
printf 'name: trust-child\nextends: site-base.yaml\nrules:\n  time-mmss: audit\n' \
    > "$BASE/etc/child.yaml"
cp "$BASE/etc/child.yaml" "$POLICY"
cp "$PLUGIN" "$BASE/plugins/job_submit_jlint.so"
cp "$TOP"/tests/slurm/cases/*.sh "$BASE/jobs/"
chmod -R a+rX "$BASE/etc" "$BASE/jobs"
slurm_start_ctld || die "slurmctld did not start"
slurm_start_slurmd
grep -q 'job_submit/jlint: init' "$LOG" || die "plugin not loaded (see $LOG)"

pass=0 fail=0
ok() { pass=$((pass + 1)); printf 'ok   %s\n' "$1"; }
bad() {
	fail=$((fail + 1)); printf 'FAIL %s: %s\n' "$1" "$2"
	[ -s "$BASE/err" ] && sed 's/^/  err| /' "$BASE/err" | head -10
	return 0
}
as() {
	u=$1; shift
	(cd "$BASE/userwork" && runuser -u "$u" -- env SLURM_CONF="$CONF" "$@") \
	    >"$BASE/out" 2>"$BASE/err" </dev/null
}
# expect NAME accept|reject ERR-REGEX -- command...
expect() {
	name=$1 want=$2 errre=$3
	shift 4
	as $TUSER "$@"
	rc=$?
	if [ "$want" = accept ] && [ $rc != 0 ]; then
		bad "$name" "rejected (exit $rc), expected accepted"; return 1
	fi
	if [ "$want" = reject ] && [ $rc = 0 ]; then
		bad "$name" "accepted, expected rejected"; return 1
	fi
	if [ -n "$errre" ] && ! grep -Eq -- "$errre" "$BASE/err"; then
		bad "$name" "stderr does not match /$errre/"; return 1
	fi
	[ -z "$errre" ] && grep -q 'jlint' "$BASE/err" &&
		{ bad "$name" "unexpected jlint message"; return 1; }
	ok "$name"
}
logged() { grep -Eq -- "$1" "$LOG"; }
count() { grep -Ec -- "$1" "$LOG"; }
replace_policy() {
	sleep 1.1
	cp "$1" "$POLICY.tmp" && chmod 644 "$POLICY.tmp" && mv -f "$POLICY.tmp" "$POLICY"
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
