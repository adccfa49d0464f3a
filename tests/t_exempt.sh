#!/bin/sh
# tests/t_exempt.sh: policy exemptions and modes as users see them (issue
# 10, defects 9 and 10).  Exemptions by user follow the real uid
# (getpwuid(getuid())), never $USER: unset under cron and CI, stale after
# runuser.  Exempted findings are shown, marked, and do not fail the job;
# `jlint policy check` warns about expired exemptions.  The runuser cases
# need root (they are skipped, and say so, otherwise).
set -u
JLINT=${JLINT:-build/jlint}
case "$JLINT" in /*) ;; *) JLINT="$PWD/$JLINT" ;; esac
T=$(mktemp -d)
chmod 755 "$T"
trap 'rm -rf "$T"' EXIT
unset JLINT_POLICY GITHUB_ACTIONS NO_COLOR
fail=0
n=0
ME=$(id -un)

# expect NAME STATUS STDOUT-REGEX STDERR-REGEX -- command...
expect() {
	name=$1 want=$2 outre=$3 errre=$4
	shift 5
	n=$((n + 1))
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL $name: exit $got, expected $want"
		sed 's/^/  | /' "$T/out" "$T/err" | head -20
		fail=1; return
	fi
	if [ -n "$outre" ] && ! grep -Eq -- "$outre" "$T/out"; then
		echo "FAIL $name: stdout does not match /$outre/"
		head -20 "$T/out" | sed 's/^/  | /'
		fail=1; return
	fi
	if [ -n "$errre" ] && ! grep -Eq -- "$errre" "$T/err"; then
		echo "FAIL $name: stderr does not match /$errre/"
		head -20 "$T/err" | sed 's/^/  | /'
		fail=1; return
	fi
}

policy() {	# policy FILE USER: missing-time-limit enforced, USER exempt
	cat > "$1" <<EOP
rules:
  missing-time-limit: { severity: error, mode: enforce }
exemptions:
  - rules: [missing-time-limit]
    users: [$2]
    reason: "long benchmark series, agreed with the admins"
    expires: 2099-12-31
EOP
}
printf '#!/bin/bash\n#SBATCH --ntasks=1\nsrun ./bench\n' > "$T/job.sh"
chmod 644 "$T/job.sh"
policy "$T/me.yaml" "$ME"
policy "$T/other.yaml" jlint-nobody-such
chmod 644 "$T/me.yaml" "$T/other.yaml"

EX='\(site policy: enforce; exempted until 2099-12-31: long benchmark series, agreed with the admins\) \[missing-time-limit\]$'
# The real user is exempt, whatever $USER says.
expect "exempt, USER unset" 0 "$EX" "" -- \
    env -u USER -u LOGNAME "$JLINT" --policy "$T/me.yaml" "$T/job.sh"
expect "exempt, USER someone else" 0 "$EX" "" -- \
    env USER=jlint-nobody-such LOGNAME=jlint-nobody-such \
    "$JLINT" --policy "$T/me.yaml" "$T/job.sh"
expect "summary counts it apart" 0 '^0 errors, 0 warnings, 1 exempted in 1 file$' "" -- \
    env -u USER "$JLINT" --policy "$T/me.yaml" "$T/job.sh"
# $USER naming an exempt user does not exempt anyone else.
expect "USER does not exempt" 1 \
    '^.*job.sh:1:1: error: .*\(site policy: enforce\) \[missing-time-limit\]$' "" -- \
    env USER=jlint-nobody-such "$JLINT" --policy "$T/other.yaml" "$T/job.sh"
expect "enforced summary" 1 'the site policy enforces 1: its job_submit plugin rejects such jobs at submission$' "" -- \
    env USER=jlint-nobody-such "$JLINT" --policy "$T/other.yaml" "$T/job.sh"
# Every format carries the mode and the exemption.
expect "json" 0 '"mode":"enforce","exempted":true,"exemption":\{"reason":"long benchmark series, agreed with the admins","until":"2099-12-31","expired":false\}' "" -- \
    env -u USER "$JLINT" --policy "$T/me.yaml" --format json "$T/job.sh"
expect "json summary" 0 '"summary":\{"errors":0,"warnings":0,"info":0,"files":1,"not_shown":0,"exempted":1\}' "" -- \
    env -u USER "$JLINT" --policy "$T/me.yaml" --format json "$T/job.sh"
expect "gcc" 0 "$EX" "" -- \
    env -u USER "$JLINT" --policy "$T/me.yaml" --format gcc "$T/job.sh"
expect "github: a notice" 0 '^::notice file=.*\(site policy: enforce; exempted until 2099-12-31: ' "" -- \
    env -u USER "$JLINT" --policy "$T/me.yaml" --format github "$T/job.sh"
expect "sarif" 0 '"suppressions":\[\{"kind":"external","status":"accepted","justification":"exempted by the site policy until 2099-12-31: long benchmark' "" -- \
    env -u USER "$JLINT" --policy "$T/me.yaml" --format sarif "$T/job.sh"
expect "not exempted: json mode" 1 '"severity":"error",.*"mode":"enforce","code":"JL2002"' "" -- \
    "$JLINT" --policy "$T/other.yaml" --format json "$T/job.sh"
expect "--fail-on info ignores exempted" 0 "" "" -- \
    "$JLINT" --policy "$T/me.yaml" --fail-on info "$T/job.sh"

# runuser: the uid decides (root only).
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1 &&
    id nobody >/dev/null 2>&1; then
	policy "$T/nobody.yaml" nobody
	chmod 644 "$T/nobody.yaml"
	# nobody runs a copy in $T: the checkout may be where nobody cannot
	# go (a clone in /root).
	cp "$JLINT" "$T/jlint" && chmod 755 "$T/jlint"
	expect "runuser: the target user is exempt" 0 "$EX" "" -- \
	    runuser -u nobody -- env USER=root LOGNAME=root \
	    "$T/jlint" --policy "$T/nobody.yaml" "$T/job.sh"
	expect "runuser: root's exemption does not follow" 1 \
	    '\(site policy: enforce\) \[missing-time-limit\]$' "" -- \
	    runuser -u nobody -- env USER=root LOGNAME=root \
	    "$T/jlint" --policy "$T/me.yaml" "$T/job.sh"
else
	echo "t_exempt: runuser cases skipped (need root and user nobody)"
fi

# policy check: an expired exemption is a warning with its place.
cat > "$T/old.yaml" <<'EOP'
rules: { missing-time-limit: enforce }
exemptions:
  - rules: [missing-time-limit]
    accounts: [procurement]
    reason: "procurement benchmarks, spring 2020"
    expires: 2020-01-31
  - rules: [missing-time-limit]
    accounts: [thesis]
    reason: "thesis deadline"
    expires: 2099-12-31
EOP
expect "policy check: expired" 0 '^.*old.yaml: ok \(.*, 1 expired exemption\)$' \
    '^.*old.yaml:3:5: warning: the exemption from missing-time-limit expired on 2020-01-31: it no longer applies' -- \
    "$JLINT" policy check "$T/old.yaml"
expect "policy check: none expired" 0 '^.*me.yaml: ok \([^,]*, [^,]*, [^,]*\)$' "" -- \
    "$JLINT" policy check "$T/me.yaml"
expect "--show-policy: expires" 0 '^    expires: 2020-01-31    # expired: applies no more$' "" -- \
    "$JLINT" --policy "$T/old.yaml" --show-policy
expect "lint: expired exemption named" 1 '\(site policy: enforce; its exemption expired on 2020-01-31\) \[missing-time-limit\]$' "" -- \
    "$JLINT" --policy "$T/old.yaml" sbatch -A procurement "$T/job.sh"

if [ "$fail" = 0 ]; then
	echo "t_exempt: $n cases, ok"
else
	echo "t_exempt: FAILED"
fi
exit $fail
