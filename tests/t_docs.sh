#!/bin/sh
# tests/t_docs.sh: the rule pages and what SARIF says about them.
# - docs/rules/<slug>.md exists for every rule and is what
#   tools/rule-pages.py generates from rules/*.yaml now (make rule-pages);
# - SARIF: each jlint rule's helpUri is its page under $JLINT_DOCS_URL (or
#   the installed pages), a finding a # jlint disable comment suppressed is
#   a result with an inSource suppression and is not counted, and
#   partialFingerprints stay the same when lines are added above a finding
#   and differ for two equal findings on different lines.
set -u
JLINT=${JLINT:-build/jlint}
case "$JLINT" in /*) ;; *) JLINT="$PWD/$JLINT" ;; esac
ROOT=$PWD
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
unset JLINT_POLICY GITHUB_ACTIONS JLINT_DOCS_URL
fail=0
bad() { echo "FAIL docs: $*"; fail=1; }

JLINT="$JLINT" python3 tools/rule-pages.py "$T/pages" || bad "rule-pages.py failed"
diff -r docs/rules "$T/pages" >"$T/diff" || { bad "docs/rules is not current (make rule-pages):"; sed 's/^/  /' "$T/diff" | head -20; }
n=0
for s in $("$JLINT" --isolated rules --format slugs); do
	n=$((n + 1))
	[ -s "docs/rules/$s.md" ] || bad "no docs/rules/$s.md"
done
[ "$n" -ge 40 ] || bad "only $n rules"

cd "$T" || exit 1
printf '#!/bin/bash\n#SBATCH --time=10\n#SBATCH -p gpu,gpu2\necho start\n# jlint disable=late-directive -- kept for the record\n#SBATCH --mem=1G\n#SBATCH --time=12:00\n' > a.sh
{ printf '#!/bin/bash\n# a comment\n\n'; tail -n +2 a.sh; } > b.sh
printf '#!/bin/bash\n#SBATCH --time=10\necho start\n#SBATCH --mem=1G\necho two\n#SBATCH --mem=1G\n' > c.sh
for f in a b c; do
	JLINT_DOCS_URL="file://$ROOT/docs/rules/" "$JLINT" --isolated --fail-on error -f sarif $f.sh > $f.sarif
	echo $? > $f.rc
done
python3 - "$ROOT" <<'PY' || fail=1
import json, os, sys, urllib.parse
root = sys.argv[1]
fail = False
def bad(m):
    global fail
    print("FAIL docs: " + m); fail = True
def load(n):
    return json.load(open(n + ".sarif"))["runs"][0]
a, b, c = load("a"), load("b"), load("c")
for rule in a["tool"]["driver"]["rules"]:
    u = rule.get("helpUri", "")
    p = urllib.parse.urlparse(u).path
    if u != "file://%s/docs/rules/%s.md" % (root, rule["id"]) or not os.path.isfile(p):
        bad("helpUri of %s: %r" % (rule["id"], u))
sup = [r for r in a["results"] if r.get("suppressions")]
if [(r["ruleId"], r["suppressions"][0]["kind"]) for r in sup] != [("late-directive", "inSource")]:
    bad("suppressed results: %r" % sup)
if open("a.rc").read().strip() != "0":
    bad("a suppressed finding counted (exit %s)" % open("a.rc").read().strip())
fa = {(r["ruleId"], json.dumps(r.get("suppressions"))): r["partialFingerprints"]["primaryLocationLineHash"] for r in a["results"]}
fb = {(r["ruleId"], json.dumps(r.get("suppressions"))): r["partialFingerprints"]["primaryLocationLineHash"] for r in b["results"]}
if fa != fb or len(fa) < 2:
    bad("fingerprints moved with the lines: %r %r" % (fa, fb))
la = sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in a["results"])
lb = sorted(r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in b["results"])
if [x + 2 for x in la] != lb:
    bad("b.sh is not a.sh two lines down: %r %r" % (la, lb))
fc = [r["partialFingerprints"]["primaryLocationLineHash"] for r in c["results"] if r["ruleId"] == "late-directive"]
if len(fc) != 2 or fc[0] == fc[1] or fc[0].split(":")[0] != fc[1].split(":")[0] or fc[1].split(":")[1] != "2":
    bad("two equal late directives: %r" % fc)
sys.exit(1 if fail else 0)
PY
[ $fail = 0 ] && echo "docs: $n rule pages current, SARIF helpUri/suppressions/fingerprints ok"
exit $fail
