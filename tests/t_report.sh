#!/bin/bash
# tests/t_report.sh: jlint report over a decisions log (issue 17.6) without
# a cluster: counts per decision, rule, user and partition, --since and
# --until, damaged lines, usage errors.  tests/slurm-trust/run.sh runs it
# over a log the real plugin wrote.
set -u
JLINT=${JLINT:-build/jlint}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
fail=0 n=0
check() {	# check NAME COMMAND...: the command must succeed
	n=$((n + 1))
	if ! eval "$2"; then echo "FAIL $1"; fail=$((fail + 1)); fi
}
rec() {	# rec TIME DECISION USER PARTS RULES
	printf '{"time":"%s","by":"job_submit/jlint","job_id":null,"decision":"%s","uid":1,"user":"%s","account":null,"partitions":%s,"job_name":"j","rules":[%s],"policy":"p","hash":"0123456789abcdef"}\n' "$@"
}
R1='{"rule":"gpu-container-no-nv","mode":"enforce","action":"reject","findings":1}'
W1='{"rule":"missing-time-limit","mode":"warn","action":"warn","findings":1}'
A1='{"rule":"time-mmss","mode":"audit","action":"audit","findings":2}'
E1='{"rule":"gpu-container-no-nv","mode":"enforce","action":"exempt","findings":1}'
{
	rec 2026-12-01T10:00:00.000Z reject alice '["batch"]' "$R1,$W1"
	rec 2026-12-02T10:00:00.000Z warn bob null "$W1"
	echo '{"time":"2026-12-02T11:00:0'		# cut by logrotate
	rec 2026-12-03T23:59:59.999Z audit bob '["a","b"]' "$A1"
	rec 2026-12-04T00:00:00.000Z exempt carol '["batch"]' "$E1"
} > "$d/log"
# Decisions on changes to submitted jobs (job_modify: "event":"modify").
{
	cat "$d/log"
	rec 2026-12-05T10:00:00.000Z reject alice '["batch"]' "$R1" |
	    sed 's/"decision":"reject",/&"event":"modify","changed":["--gres=gpu:t4:1"],/'
	rec 2026-12-05T11:00:00.000Z warn bob null "$W1" |
	    sed 's/"decision":"warn",/&"event":"modify","changed":["--partition=batch"],/'
} > "$d/mlog"

"$JLINT" report -f json "$d/log" > "$d/all.json" 2> "$d/err"
rc=$?; check "exit 0" '[ $rc = 0 ]'
check "bad line named" "grep -q 'log:3: not a decision record' '$d/err'"
check "json counts" "python3 - '$d/all.json' <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert (r['decisions'], r['reject'], r['warn'], r['audit'], r['exempt']) == (4, 1, 1, 1, 1), r
assert r['skipped_lines'] == 1 and r['would_reject'] == 2, r
rules = {x['name']: x for x in r['rules']}
assert rules['missing-time-limit']['warn'] == 2 and rules['missing-time-limit']['would_reject'] == 2
assert rules['missing-time-limit']['users'] == 2
assert rules['gpu-container-no-nv']['reject'] == 1 and rules['gpu-container-no-nv']['exempt'] == 1
assert rules['gpu-container-no-nv']['would_reject'] == 0
parts = {x['name']: x for x in r['partitions']}
assert parts['batch']['reject'] == 1 and parts['batch']['exempt'] == 1 and parts['(default)']['warn'] == 1
assert parts['a']['audit'] == 1 and parts['b']['audit'] == 1
assert {x['name'] for x in r['users']} == {'alice', 'bob', 'carol'}
PY"
"$JLINT" report --since 2026-12-02 --until 2026-12-03 -f json "$d/log" > "$d/p.json" 2>/dev/null
check "--until DATE takes the whole day" "grep -q '\"decisions\":2,\"reject\":0,\"warn\":1,\"audit\":1,' '$d/p.json'"
"$JLINT" report --since 2026-12-03T23:59:59 --until 2026-12-04T00:00 -f json "$d/log" > "$d/p.json" 2>/dev/null
check "--since/--until with times" "grep -q '\"decisions\":1,\"reject\":0,\"warn\":0,\"audit\":1,' '$d/p.json'"
"$JLINT" report "$d/log" > "$d/all.txt" 2>/dev/null
check "text: totals" "grep -q '^4 decisions from 2026-12-01T10:00:00.000Z to 2026-12-04T00:00:00.000Z: 1 rejected, 1 warned, 1 audited, 1 with an exemption used' '$d/all.txt'"
check "text: would reject" "grep -q 'would have rejected 2 more jobs' '$d/all.txt'"
check "text: rule row" "grep -Eq '^missing-time-limit +0 +2 +0 +0 +2 +2$' '$d/all.txt'"
: > "$d/empty"
"$JLINT" report "$d/empty" > "$d/e.txt" 2>&1
rc=$?; check "empty log: 0 decisions, exit 0" "[ \$rc = 0 ] && grep -q '^0 decisions: ' '$d/e.txt'"
"$JLINT" report "$d/nope" >/dev/null 2>"$d/err"
rc=$?; check "missing log: exit 2" "[ \$rc = 2 ] && grep -q 'nope: No such file' '$d/err'"
"$JLINT" report --since yesterday "$d/log" >/dev/null 2>"$d/err"
rc=$?; check "bad time: exit 2" "[ \$rc = 2 ] && grep -q 'not a time' '$d/err'"
"$JLINT" report >/dev/null 2>&1
rc=$?; check "no log: usage, exit 2" '[ $rc = 2 ]'
# Modifications: counted as decisions, and apart.
"$JLINT" report -f json "$d/mlog" > "$d/m.json" 2>/dev/null
check "modify: json counts" "python3 - '$d/m.json' <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert (r['decisions'], r['reject'], r['warn']) == (6, 2, 2), r
assert r['modify'] == {'decisions': 2, 'reject': 1, 'warn': 1, 'audit': 0, 'exempt': 0}, r['modify']
PY"
"$JLINT" report -f json "$d/log" > "$d/p.json" 2>/dev/null
check "modify: none in a log without them" "grep -q '\"modify\":{\"decisions\":0,\"reject\":0,' '$d/p.json'"
"$JLINT" report "$d/mlog" > "$d/m.txt" 2>/dev/null
check "modify: text" "grep -q '^2 of them on a change to a submitted job (modify: scontrol update): 1 rejected, 1 warned, 0 audited, 0 with an exemption used' '$d/m.txt'"
"$JLINT" report "$d/log" > "$d/p.txt" 2>/dev/null
check "modify: no line without them" "! grep -q 'modify' '$d/p.txt'"
# Scripts over script_read_kb, not read: "script_unread": true on the
# record; accepted with nothing found: decision "unchecked" (still a record).
{
	cat "$d/log"
	rec 2026-12-06T10:00:00.000Z unchecked alice '["batch"]' "" |
	    sed 's/"job_name":"j",/&"script_unread":true,/'
	P1='{"rule":"partition-time-limit","mode":"enforce","action":"reject","findings":1}'
	rec 2026-12-06T11:00:00.000Z reject bob null "$P1" |
	    sed 's/"job_name":"j",/&"script_unread":true,/'
} > "$d/ulog"
"$JLINT" report -f json "$d/ulog" > "$d/u.json" 2> "$d/err"
rc=$?; check "unread: exit 0, only the cut line skipped" "[ \$rc = 0 ] && [ \$(grep -c 'not a decision record' '$d/err') = 1 ]"
check "unread: json counts" "python3 - '$d/u.json' <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert (r['decisions'], r['reject'], r['unchecked'], r['script_unread']) == (6, 2, 1, 2), r
assert r['skipped_lines'] == 1, r
assert r['last'] == '2026-12-06T11:00:00.000Z', r
PY"
check "unread: none in an ordinary log" "grep -q '\"unchecked\":0,\"script_unread\":0,' '$d/all.json'"
"$JLINT" report "$d/ulog" > "$d/u.txt" 2>/dev/null
check "unread: text" "grep -q '^2 with the script not read (over script_read_kb; the request judged alone): 1 accepted unchecked' '$d/u.txt'"
check "unread: no line without them" "! grep -q 'script_read_kb' '$d/p.txt'"
# jlint explain never advises suppressing a rule the site enforces (17.7).
printf 'rules:\n  gpu-over-allocation: enforce\n' > "$d/enf.yaml"
"$JLINT" --policy "$d/enf.yaml" explain gpu-over-allocation > "$d/x.txt" 2>&1
check "explain, enforced: says a disable comment does not lift it" \
    "grep -q 'The site policy enforces this rule: a \"# jlint disable\" comment does not lift it' '$d/x.txt' &&
     grep -q 'ask the\$' '$d/x.txt' && grep -q 'where the site enforces the rule, ask for' '$d/x.txt'"
check "explain, enforced: lines within 100 columns" "! awk 'length > 100' '$d/x.txt' | grep -q ."
printf 'rules:\n  gpu-over-allocation: warn\n' > "$d/warn.yaml"
"$JLINT" --policy "$d/warn.yaml" explain gpu-over-allocation > "$d/x.txt" 2>&1
check "explain, not enforced: no such note" "! grep -q 'enforces this rule' '$d/x.txt'"
echo "report: $n cases, $fail failed"
[ $fail = 0 ]
