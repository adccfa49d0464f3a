#!/bin/sh
# tests/t_cli2.sh: the jlint command people live with (issue 4): output
# formats, colour, exit status and --fail-on, directories, stdin,
# progress, suppressions, extends and --show-policy, rules, explain,
# test, policy check, --fix and --diff, the README rule table, the man
# pages and bash completion.  Every case states its expected outcome.
set -u
JLINT=${JLINT:-build/jlint}
case "$JLINT" in /*) ;; *) JLINT="$PWD/$JLINT" ;; esac
ROOT=$PWD
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
n=0
# Tests do not depend on the machine's /etc/jlint or the caller's env.
unset JLINT_POLICY GITHUB_ACTIONS NO_COLOR

# expect NAME STATUS STDOUT-REGEX STDERR-REGEX -- command...
expect() {
	name=$1 want=$2 outre=$3 errre=$4
	shift 5
	n=$((n + 1))
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL $name: exit $got, expected $want"; sed 's/^/  | /' "$T/out" "$T/err" | head -20
		fail=1; return
	fi
	if [ -n "$outre" ] && ! grep -Eq -- "$outre" "$T/out"; then
		echo "FAIL $name: stdout does not match /$outre/"; head -20 "$T/out" | sed 's/^/  | /'
		fail=1; return
	fi
	if [ -n "$errre" ] && ! grep -Eq -- "$errre" "$T/err"; then
		echo "FAIL $name: stderr does not match /$errre/"; head -20 "$T/err" | sed 's/^/  | /'
		fail=1; return
	fi
}
check() {	# check NAME COMMAND...: a shell condition
	name=$1; shift
	n=$((n + 1))
	if ! "$@"; then echo "FAIL $name"; fail=1; fi
}
J() { "$JLINT" --isolated "$@"; }

mkdir -p "$T/w" && cd "$T/w" || exit 1
git init -q . 2>/dev/null
printf '#!/bin/bash\n#SBATCH -t 10\nsrun hostname\n' > ok.sh
printf '#!/bin/bash\n#SBATCH -t 10\nset -e\n#SBATCH --mem=1G\n' > late.sh
printf '#!/bin/bash\n#SBATCH --time=12:00\nsrun hostname\n' > mmss.sh
printf '#!/bin/bash\n#SBATCH -t 10\n#SBATCH --gres=gpu:a100:1\nsrun singularity exec /img.sif python x.py\n' > gpu.sh

# --- text output: location, excerpt with ^~~, fix, summary ----------------
expect "text finding" 1 '^late.sh:4:1: warning: .* \[late-directive\]$' "" -- J late.sh
expect "text excerpt" 1 '^ 4 \| #SBATCH --mem=1G$' "" -- J late.sh
expect "text underline" 1 '^   \| \^~{15}$' "" -- J late.sh
expect "text fix" 1 '^  fix: move it above line 3$' "" -- J late.sh
expect "text summary" 1 '^0 errors, 1 warning in 1 file$' "" -- J late.sh
expect "summary several files" 1 '^1 error, 2 warnings in 4 files$' "" -- J ok.sh late.sh mmss.sh gpu.sh
expect "clean is silent" 0 "" "" -- J ok.sh
check "clean prints nothing" test ! -s "$T/out"
expect "span underline width" 1 '^   \|         \^~~~~~~~~~~~$' "" -- J mmss.sh

# --- colour: only on a terminal, never with NO_COLOR ------------------------
ESC=$(printf '\033')
J late.sh > "$T/o1" 2>&1
check "no colour into a pipe" sh -c "! grep -q '$ESC' '$T/o1'"
J --color=always late.sh > "$T/o2" 2>&1
check "colour with --color=always" grep -q "$ESC\\[1;33mwarning" "$T/o2"
NO_COLOR=1 J --color=always late.sh > "$T/o3" 2>&1
check "NO_COLOR wins" sh -c "! grep -q '$ESC' '$T/o3'"
if command -v script >/dev/null 2>&1; then
	script -qec "'$JLINT' --isolated late.sh" /dev/null > "$T/o4" 2>&1
	check "colour on a terminal" grep -q "$ESC\\[" "$T/o4"
	NO_COLOR=1 script -qec "'$JLINT' --isolated late.sh" /dev/null > "$T/o5" 2>&1
	check "no colour on a terminal with NO_COLOR" sh -c "! grep -q '$ESC\\[' '$T/o5'"
	# Progress on stderr when a run takes longer than the threshold.
	JLINT_PROGRESS_MS=0 script -qec "'$JLINT' --isolated ok.sh mmss.sh late.sh 2>&1 >/dev/null" /dev/null > "$T/o6" 2>&1
	check "progress on a terminal" grep -q "jlint: 1/3 files" "$T/o6"
fi
JLINT_PROGRESS_MS=0 J ok.sh mmss.sh > /dev/null 2> "$T/o7"
check "no progress off a terminal" test ! -s "$T/o7"

# Script text is sanitised: escapes never reach the terminal raw.
printf '#!/bin/bash\n#SBATCH -t 10\nset -e\n#SBATCH --comment="\033]0;pwned\007\033[2J \302\233 \342\200\256x"\n' > esc.sh
J --color=always esc.sh > "$T/o8" 2>&1
check "escape sequences sanitised" sh -c "grep -q '\\\\x1b\\]0;pwned' '$T/o8' && ! grep -q \"\$(printf '\\033]0')\" '$T/o8' && ! grep -q \"\$(printf '\\007')\" '$T/o8'"
check "C1 and bidi controls sanitised" sh -c "grep -q '\\\\xc2\\\\x9b' '$T/o8' && grep -q '\\\\u{202e}' '$T/o8'"

# --- gcc, json, github --------------------------------------------------------
expect "gcc" 1 '^late.sh:4:1: warning: .* \[late-directive\]$' "" -- J --format gcc late.sh
check "gcc one line per finding" test "$(wc -l < "$T/out")" = 1
expect "json version" 1 '^\{"version":1,"findings":\[' "" -- J --format json late.sh
python3 - "$T/out" <<'PY' || { echo "FAIL json contract"; fail=1; }
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == 1
f = d["findings"][0]
for k in ["file", "line", "column", "end_line", "end_column", "rule",
          "severity", "message", "fix", "code"]:
    assert k in f, k
assert f["code"] == "JL1005" and f["line"] == 4 and f["end_column"] == 17
PY
expect "json clean" 0 '"findings":\[\]' "" -- J --format json ok.sh
expect "github" 1 '^::warning file=late.sh,line=4,col=1,endLine=4,endColumn=17,title=late-directive::this #SBATCH line' "" -- J --format github late.sh
expect "github fix on a new line" 1 '%0Afix: move it above line 3$' "" -- J --format github late.sh
expect "github auto" 1 '^::warning file=late.sh,' "" -- env GITHUB_ACTIONS=true "$JLINT" --isolated late.sh
expect "github auto yields to --format" 1 '^late.sh:4:1:' "" -- env GITHUB_ACTIONS=true "$JLINT" --isolated --format gcc late.sh
printf '#!/bin/bash\n#SBATCH -t 10\nset -e\n#SBATCH --comment=a,b:c%%d\n' > 'we,ird:name.sh'
expect "github escapes" 1 'file=we%2Cird%3Aname.sh,.*::this' "" -- J --format github 'we,ird:name.sh'
expect "unknown format" 2 "" "unknown format" -- J --format xml ok.sh

# --- exit status and --fail-on -----------------------------------------------
expect "fail-on error: warnings pass" 0 "late-directive" "" -- J --fail-on error late.sh
expect "fail-on error: errors fail" 1 "gpu-container-no-nv" "" -- J --fail-on error gpu.sh
expect "fail-on warning default" 1 "" "" -- J mmss.sh
expect "fail-on bad" 2 "" "not error, warning or info" -- J --fail-on fatal ok.sh
expect "options after files" 1 '"version":1' "" -- J late.sh --format json
expect "missing file is 2" 2 "" "nosuch" -- J ok.sh nosuch.sh
expect "help documents exit status" 0 "Exit status: 0 nothing at or above --fail-on" "" -- J --help

# --- files: directories, binaries, .git, stdin -------------------------------
mkdir -p d/sub d/.git d/bin
cp late.sh d/sub/a.txt
printf '#!/bin/bash\nsrun x\n' > d/plain.sh              # no #SBATCH: skipped
printf '#!/bin/bash\n#SBATCH --time=5:00\nsrun x\n' > d/job.slurm
printf '#!/bin/bash\nsrun x\n' > d/named.sbatch
cp late.sh d/.git/hook.sh
printf '#SBATCH \000binary' > d/bin/blob
expect "directory recursion" 1 'd/sub/a.txt:4:1: warning' "" -- J --format gcc d
check "directory: *.slurm" grep -q '^d/job.slurm:2:9:' "$T/out"
check "directory: *.sbatch linted" grep -q '^d/named.sbatch:1:1:' "$T/out"
check "directory: no .git, no binaries, no plain scripts" sh -c "! grep -Eq '\\.git/|bin/blob|plain.sh' '$T/out'"
expect "stdin" 1 '^job.sh:4:1: warning' "" -- sh -c "'$JLINT' --isolated --stdin-filename job.sh - < late.sh"

# --- suppressions ---------------------------------------------------------------
cat > sup.sh <<'EOF'
#!/bin/bash
#SBATCH --time=1:00:00
module load cuda
# jlint disable=late-directive -- kept for the record
#SBATCH --mem=8G
#SBATCH --mem=9G
EOF
expect "inline suppression covers the next line only" 1 '^sup.sh:6:1: warning: .*\[late-directive\]' "" -- J --format gcc sup.sh
check "suppressed line 5" sh -c "! grep -q '^sup.sh:5:' '$T/out'"
printf '#!/bin/bash\n# jlint disable-file=JL1005,unused-suppression -- legacy\n#SBATCH -t 5\nset -e\n#SBATCH --mem=1G\n' > supf.sh
expect "disable-file by code" 0 "" "" -- J supf.sh
printf '#!/bin/bash\n#SBATCH -t 5\n#SBATCH --gres=gpu:1\n# jlint disable=gpu-container-no-nv -- testing\nsrun singularity exec \\\n   /img.sif python\n' > supc.sh
expect "suppression covers a continued command" 0 "" "" -- J supc.sh
printf 'rules:\n  gpu-container-no-nv: enforce\n' > enforce.yaml
expect "enforced rule is not suppressed" 1 'not suppressed: the site policy enforces gpu-container-no-nv, so the job_submit plugin rejects the job anyway' "" -- "$JLINT" --policy enforce.yaml supc.sh
expect "unused suppression" 1 '^unused.sh:3:17: warning: .*\[unused-suppression\]' "" -- sh -c "printf '#!/bin/bash\n#SBATCH -t 5\n# jlint disable=time-mmss -- x\nsrun x\n' > unused.sh; '$JLINT' --isolated --format gcc unused.sh"
expect "unknown slug in a suppression" 1 'not a jlint rule; did you mean "late-directive"' "" -- sh -c "printf '#!/bin/bash\n#SBATCH -t 5\n# jlint disable=late-directve -- x\nsrun x\n' > unk.sh; '$JLINT' --isolated unk.sh"

# --- extends and --show-policy ------------------------------------------------
mkdir -p repo/jobs site && (cd repo && git init -q . 2>/dev/null)
cat > site/site.yaml <<'EOF'
name: site
gpu_flag: --nv
rules:
  gpu-container-no-nv: enforce
  time-mmss: error
EOF
cat > repo/.jlint.yaml <<'EOF'
extends: ../site/site.yaml
rules:
  late-directive: off
  time-mmss: warning
EOF
cp late.sh repo/jobs/late.sh
cp mmss.sh repo/jobs/mmss.sh
expect "extends: repo turns off a rule the site allows" 0 "" "" -- "$JLINT" repo/jobs/late.sh
expect "extends: repo lowers a non-enforced rule" 1 'warning: .*\[time-mmss\]' "" -- "$JLINT" repo/jobs/mmss.sh
expect "show-policy layers" 0 '^#   1\. repo/\.jlint\.yaml/\.\./site/site\.yaml|site/site\.yaml' "" -- "$JLINT" --show-policy repo/jobs/late.sh
check "show-policy: gpu_flag from the site" grep -Eq '^gpu_flag: --nv  # from .*site/site.yaml$' "$T/out"
check "show-policy: late-directive from the repo" grep -Eq '^  late-directive: \{ enabled: false \}  # from .*repo/.jlint.yaml$' "$T/out"
check "show-policy: enforce kept" grep -Eq '^  gpu-container-no-nv: \{ enabled: true, mode: enforce \}' "$T/out"
printf 'extends: ../site/site.yaml\nrules:\n  gpu-container-no-nv: off\n' > repo/.jlint.yaml
expect "extends: enforced rule cannot be turned off" 2 "" 'repo/.jlint.yaml:3:3: rule "gpu-container-no-nv" is enforced by the site policy' -- "$JLINT" repo/jobs/late.sh
printf 'extends: default\nrules:\n  late-directive: off\n' > repo/.jlint.yaml
expect "extends: default" 0 "" "" -- "$JLINT" repo/jobs/late.sh
expect "show-policy default" 0 'embedded default' "" -- "$JLINT" --show-policy ok.sh
expect "JLINT_POLICY" 0 'JLINT_POLICY' "" -- env JLINT_POLICY=enforce.yaml "$JLINT" --show-policy ok.sh
# Per enforcement point modes (issue 14): shown per point, noted at the
# terminal with the cli point's mode (by default job_submit's).
printf 'rules:\n  late-directive: { mode: { cli_filter: warn, job_submit: enforce } }\n  time-mmss: { mode: { job_submit: enforce, cli: warn } }\n  unknown-option: { mode: { cli_filter: audit } }\n' > staged.yaml
expect "show-policy: modes per point" 0 '^  late-directive: \{ enabled: true, mode: \{ job_submit: enforce, cli_filter: warn, cli: enforce, audit: enforce \} \}' "" -- "$JLINT" --policy staged.yaml --show-policy ok.sh
check "show-policy: only the points with a mode" grep -Eq '^  unknown-option: \{ enabled: true, mode: \{ cli_filter: audit \} \}' "$T/out"
expect "cli point follows job_submit" 1 'late\.sh:[0-9]+:1: warning: .*\(site policy: enforce\) \[late-directive\]' "" -- "$JLINT" --policy staged.yaml repo/jobs/late.sh
printf 'rules:\n  late-directive: { mode: { cli_filter: enforce, cli: warn } }\n' > staged2.yaml
expect "cli point of its own" 1 '\(site policy: warn\) \[late-directive\]' "" -- "$JLINT" --policy staged2.yaml repo/jobs/late.sh
printf 'rules:\n  late-directive: { mode: { slurmctld: enforce } }\n' > badpoint.yaml
expect "unknown enforcement point" 2 "" 'badpoint\.yaml:2:29: unknown key "slurmctld" in mode of rule "late-directive"; did you mean "job_submit"\?' -- "$JLINT" --policy badpoint.yaml repo/jobs/late.sh

# --- rules, explain ---------------------------------------------------------------
expect "rules" 0 '^JL1005 +late-directive +warning +- +#SBATCH after the first command is ignored$' "" -- J rules
expect "rules json" 0 '"slug":"late-directive"' "" -- J rules --format json
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert len(d["rules"]) > 30' "$T/out" || { echo "FAIL rules json"; fail=1; }
expect "rules under a policy" 0 'gpu-container-no-nv +error +enforce' "" -- "$JLINT" --policy enforce.yaml rules
expect "explain slug" 0 '^late-directive \(JL1005\)' "" -- J explain late-directive
check "explain doc, fix and examples" sh -c "grep -q 'sbatch reads #SBATCH lines only until' '$T/out' && grep -q '^bad:' '$T/out' && grep -q '^good:' '$T/out'"
expect "explain code" 0 '^time-mmss \(JL2003\)' "" -- J explain jl2003
expect "explain unknown" 2 "" 'did you mean "late-directive"' -- J explain late-directiv

# --- jlint test ---------------------------------------------------------------------
mkdir -p pt/sub
printf 'rules:\n  time-mmss: error\n' > pt/policy.yaml
cp mmss.sh pt/mmss.sh
printf '2:9: error: --time=12:00 means 12 minutes and 00 seconds (minutes:seconds), not hours: the job is killed after 12 minutes [time-mmss]\n  fix: write --time=12:00:00 for 12 hours, or 12 for 12 minutes\n' > pt/mmss.out
cp late.sh pt/sub/late.sh
printf '# short form: [LINE:]slug\n4:late-directive\n' > pt/sub/late.out
cp ok.sh pt/sub/clean.sh
expect "jlint test passes" 0 '^jlint test: 3 passed, 0 failed$' "" -- J test pt
printf 'late-directive\nmissing-time-limit\n' > pt/sub/late.out
expect "jlint test mismatch" 1 'expected, not found: missing-time-limit' "" -- J test pt
check "jlint test names the script" grep -q '^FAIL pt/sub/late.sh' "$T/out"
expect "jlint test repository fixtures" 0 'passed, 0 failed' "" -- "$JLINT" test "$ROOT/fixtures"

# --- policy check -----------------------------------------------------------------
expect "policy check ok" 0 'ai-lab.yaml: ok \(1 site rule' "" -- J policy check "$ROOT/policies/ai-lab.yaml"
printf 'partitions:\n  - name: gpu\n    max_tme: 1:00:00\nrules:\n  late-directve: off\n' > bad.yaml
expect "policy check errors" 2 "" 'bad.yaml:3:5: .*max_tme' -- J policy check bad.yaml
cat > badex.yaml <<'EOF'
site_rules:
  - code: SITE001
    slug: long-job
    severity: warning
    summary: Jobs over a day
    doc: Jobs over a day must say so in the comment field.
    when: job.time > 1d
    message: "over a day"
    examples:
      bad: "#!/bin/bash\n#SBATCH --time=10\nsrun x\n"
      good: "#!/bin/bash\n#SBATCH --time=10\nsrun x\n"
EOF
expect "policy check site rule examples" 2 "" 'badex.yaml:2:1: site rule long-job: its bad example does not trigger it' -- J policy check badex.yaml

# --- --fix and --diff: each fix, then zero findings of its rule -------------------
# patch applies the --diff output (installed when missing and root).
[ "$(id -u)" = 0 ] && "$ROOT/tools/deps.sh" patch
fixcase() {	# fixcase NAME RULE FILE-CONTENT
	fx=$1 fr=$2
	printf "$3" > "fx-$fx.sh"
	chmod 640 "fx-$fx.sh"
	cp "fx-$fx.sh" "fx-$fx.orig"
	J --format gcc "fx-$fx.sh" > "$T/before" 2>&1
	check "fix $fx: finds $fr first" grep -q "\\[$fr\\]" "$T/before"
	J --diff "fx-$fx.sh" > "fx-$fx.patch"
	check "fix $fx: --diff exit 1" test $? = 1
	check "fix $fx: --diff changes nothing" cmp -s "fx-$fx.sh" "fx-$fx.orig"
	J --fix "fx-$fx.sh" > /dev/null 2>&1
	J --format gcc "fx-$fx.sh" > "$T/after" 2>&1
	check "fix $fx: no $fr after --fix" sh -c "! grep -q '\\[$fr\\]' '$T/after'"
	check "fix $fx: mode kept" test "$(stat -c %a "fx-$fx.sh")" = 640
	cp "fx-$fx.orig" "fx-$fx.p"
	patch -s "fx-$fx.p" < "fx-$fx.patch" >/dev/null 2>&1
	check "fix $fx: the diff applies to the same result" cmp -s "fx-$fx.p" "fx-$fx.sh"
	J --diff "fx-$fx.sh" > /dev/null
	check "fix $fx: nothing left to fix" test $? = 0
}
fixcase nv gpu-container-no-nv '#!/bin/bash\n#SBATCH -t 10\n#SBATCH --gres=gpu:a100:1\nsrun singularity exec /img.sif python x.py\napptainer instance start /img.sif i1\n'
check "fix nv: flag after the verb" grep -q '^srun singularity exec --nv /img.sif python x.py$' fx-nv.sh
# A fix that would change what the job asks for is not applied (issue 10):
# moving an ignored #SBATCH line into effect, or "# SBATCH" -> "#SBATCH",
# gives the job options it did not have.  The old expectations here (moved,
# rewritten) were wrong: they changed the request.
nofixcase() {	# nofixcase NAME RULE FILE-CONTENT [STDERR]: suggestion only
	fx=$1 fr=$2 why=${4-"not applied \\($fr\\): .* would change what the job asks for"}
	printf "$3" > "nf-$fx.sh"
	cp "nf-$fx.sh" "nf-$fx.orig"
	expect "no fix $fx: --diff exit 0, says why" 0 "" "$why" -- J --diff "nf-$fx.sh"
	check "no fix $fx: no diff" test ! -s "$T/out"
	expect "no fix $fx: --fix leaves it, keeps the suggestion" 1 "\\[$fr\\]" "$why" -- J --fix "nf-$fx.sh"
	check "no fix $fx: fix: line shown" grep -q '^  fix: ' "$T/out"
	check "no fix $fx: file unchanged" cmp -s "nf-$fx.sh" "nf-$fx.orig"
	check "no fix $fx: not reported as fixed" sh -c "! grep -q 'fixed 1 file' '$T/err'"
}
nofixcase late late-directive '#!/bin/bash\n#SBATCH -t 10\nmodule load cuda\n#SBATCH --mem=1G\ncat <<EOF\n#SBATCH --not-a-directive\nEOF\n#SBATCH --gres=gpu:1\nsrun x\n'
# Nor one that makes sbatch reject the script: a late line sbatch cannot
# parse stays where it is ignored (the request alone did not change).
nofixcase colon late-directive '#!/bin/bash\n#SBATCH -t 10\nmodule load x\n#SBATCH: no options below this line\nsrun x\n'
nofixcase quote late-directive '#!/bin/bash\n#SBATCH -t 10\necho hi\n#SBATCH --job-name="x\nsrun x\n'
check "no fix quote: late line kept, no unmatched-quote error" sh -c "! grep -q unmatched-quote '$T/out'"
nofixcase near malformed-directive '#!/bin/bash\n#SBATCH -t 10\n# SBATCH --mem=1G\n#sbatch --cpus-per-task=2\n  #SBATCH -J x\nsrun x\n'
# Nothing names the GPU vendor (untyped GPUs, no CUDA or ROCm word): --nv
# is a guess (AMD GPUs need no flag), a suggestion, not a fix.
nofixcase nvguess gpu-container-no-nv '#!/bin/bash\n#SBATCH -t 10\n#SBATCH --gres=gpu:1\nsrun singularity exec /img.sif python x.py\n' ""
check "no fix nvguess: a warning" grep -q 'warning: .*\[gpu-container-no-nv\]' "$T/out"
# Defect 2: --time=30:00 is a valid 30-minute job; 30:00:00 is another job.
nofixcase mmss time-mmss '#!/bin/bash\n#SBATCH --time=30:00\nsrun x\n' ""
check "no fix mmss: the value kept" grep -q '^#SBATCH --time=30:00$' nf-mmss.sh
expect "mmss: both readings suggested" 1 'fix: write --time=30:00:00 for 30 hours, or 30 for 30 minutes' "" -- J nf-mmss.sh
# The same moves are applied when the job asks for the same after them.
fixcase late late-directive '#!/bin/bash\n#SBATCH -t 10\nmodule load cuda\n#SBATCH -t 10\nsrun x\n'
check "fix late: moved above the first command (same request)" sh -c "sed -n 2,4p fx-late.sh | tr '\\n' '|' | grep -q '^#SBATCH -t 10|#SBATCH -t 10|module load cuda|'"
fixcase near malformed-directive '#!/bin/bash\n#SBATCH --mem=1G\n# SBATCH --mem=1024M\nsrun x\n'
check "fix near: #SBATCH (1G = 1024M)" grep -q '^#SBATCH --mem=1024M$' fx-near.sh
# A fix whose edits are only safe together is all or nothing: the late
# line is not deleted without its copy above (it was, one edit at a time).
printf '#!/bin/bash\n#SBATCH -t 10\nmodule load x\n#SBATCH -J late\nsrun x\n' > grp.sh
cp grp.sh grp.orig
J --fix grp.sh >/dev/null 2>&1
check "fix late: the ignored line not dropped alone" cmp -s grp.sh grp.orig
# With an nv fix and a late line in one script: nv applied, late kept.
printf '#!/bin/bash\n#SBATCH -t 10\n#SBATCH --gres=gpu:h100:1\nmodule load x\n#SBATCH -J late\nsrun apptainer exec img.sif x\n' > mix.sh
expect "mixed: nv applied, late not" 1 '^\+srun apptainer exec --nv img.sif x$' "1 fix not applied \\(late-directive\\)" -- J --diff mix.sh
check "mixed: diff keeps the late line" sh -c "! grep -q '^[-+]#SBATCH -J late' '$T/out'"
fixcase crlf crlf-line-endings '#!/bin/bash\r\n#SBATCH -t 10\r\nsrun x\r\n'
check "fix crlf: no CR left" sh -c "! grep -q \"\$(printf '\\r')\" fx-crlf.sh"
printf '#!/bin/bash\n#SBATCH --time=2:5\nsrun x\n' > nofix.sh
expect "no fix where minutes may be meant" 0 "" "" -- J --diff nofix.sh
expect "--fix refuses stdin" 2 "" "cannot rewrite standard input" -- sh -c "'$JLINT' --isolated --fix - < gpu.sh"

# --- --diff headers: git apply and patch -p1 from the current directory -----
# Issue 10 defect 11: an absolute name gave "a//abs/..." headers.  Names
# are now relative to the current directory (symbolic links resolved).
mkdir -p sub/deep && cp gpu.sh sub/job.sh && ln -sfn "$T/w" "$T/wl"
dcase() {	# dcase NAME DIR FILE HEADER: git apply --check and patch -p1 in DIR
	( cd "$2" && "$JLINT" --isolated --diff "$3" > "$T/d.patch" 2>"$T/d.err" )
	check "diff $1: header $4" sh -c "head -2 '$T/d.patch' | tr '\\n' '|' | grep -qxF -- '--- a/$4|+++ b/$4|'"
	check "diff $1: git apply --check" sh -c "cd '$2' && git apply --check < '$T/d.patch'"
	check "diff $1: patch -p1 --dry-run" sh -c "cd '$2' && patch -p1 --dry-run -s < '$T/d.patch' >/dev/null"
	check "diff $1: no note" test ! -s "$T/d.err"
}
dcase relative "$T/w" gpu.sh gpu.sh
dcase "./ and //" "$T/w" ./sub//job.sh sub/job.sh
dcase absolute "$T/w" "$T/w/sub/job.sh" sub/job.sh
dcase "absolute via a symbolic link" "$T/wl" "$T/wl/sub/job.sh" sub/job.sh
dcase "../ back inside" "$T/w/sub" ../sub/job.sh job.sh
dcase "absolute, cwd below the repository top" "$T/w/sub" "$T/w/sub/job.sh" job.sh
# Outside the current directory: a ../ name (git apply --unsafe-paths
# takes it; patch refuses any ../ name) and a note saying so.
( cd "$T/w/sub/deep" && "$JLINT" --isolated --diff ../../gpu.sh > "$T/d.patch" 2>"$T/d.err" )
check "diff outside: ../ header" sh -c "head -1 '$T/d.patch' | grep -qxF -- '--- a/../../gpu.sh'"
check "diff outside: note" grep -q 'outside the current directory: git apply takes the diff only with --unsafe-paths' "$T/d.err"
check "diff outside: git apply --unsafe-paths --check" sh -c "cd '$T/w/sub/deep' && git apply --unsafe-paths --check < '$T/d.patch'"
( cd "$T/w/sub" && "$JLINT" --isolated --diff "$T/w/gpu.sh" > "$T/d.patch" 2>/dev/null )
check "diff outside (absolute): ../ header" sh -c "head -1 '$T/d.patch' | grep -qxF -- '--- a/../gpu.sh'"
check "diff outside (absolute): patch -p1 from the top" sh -c "cd '$T/w' && sed 's|^\\([-+]\\{3\\} [ab]/\\)\\.\\./|\\1|' '$T/d.patch' | patch -p1 --dry-run -s >/dev/null"

# --- directories: unreadable files, empty directories, binary files -------
# Defect 8: an unreadable file in a directory was skipped silently (exit 0)
# and an empty directory gave exit 0 without a word.
mkdir -p empty notjobs && printf '#!/bin/sh\nmake\n' > notjobs/build.sh
expect "empty directory: said, exit 2" 2 "" 'empty: no job scripts found \(a job script is named \*\.sbatch' -- J empty
expect "directory without job scripts: said, exit 2" 2 "" 'notjobs: no job scripts found' -- J notjobs
expect "a directory with scripts next to an empty one" 2 "" 'empty: no job scripts found' -- J empty "$ROOT/fixtures/clean"
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1; then
	U=$(mktemp -d) && chmod 755 "$U" && mkdir -p "$U/jobs/locked"
	printf '#!/bin/bash\nsrun x\n' > "$U/jobs/a.sbatch"
	printf '#!/bin/bash\n#SBATCH -t 10\nsrun x\n' > "$U/jobs/secret.sh"
	printf '#!/bin/bash\n#SBATCH -t 10\nsrun x\n' > "$U/jobs/locked/b.sh"
	cp "$JLINT" "$U/jlint"
	chmod 755 "$U/jobs" "$U/jlint" && chmod 644 "$U/jobs/a.sbatch" &&
	    chmod 600 "$U/jobs/secret.sh" && chmod 700 "$U/jobs/locked"
	expect "unreadable job script in a directory: named, exit 2 (as nobody)" 2 "" "jobs/secret.sh: Permission denied \\(cannot tell whether it is a job script\\)" -- runuser -u nobody -- "$U/jlint" --isolated "$U/jobs"
	check "unreadable directory named too" grep -q 'jobs/locked: Permission denied' "$T/err"
	check "the readable script still linted" grep -q 'a.sbatch:1:1: warning: no --time' "$T/out"
	expect "unreadable file named on the command line: exit 2" 2 "" "secret.sh: Permission denied" -- runuser -u nobody -- "$U/jlint" --isolated "$U/jobs/secret.sh"
	rm -rf "$U"
else
	echo "skip: unreadable files (needs root and runuser to test as nobody)"
fi

# Defect 12: a binary file named on the command line: one short finding.
head -c 20000 "$JLINT" > prog
expect "binary (ELF): one nul-byte finding, exit 1" 1 '^prog:1:1: error: not a text file \(an ELF executable or library: a NUL byte at offset [0-9]+\); slurmctld does not accept scripts with NUL characters' "" -- J prog
check "binary: one finding, short output ($(wc -c < "$T/out") bytes)" sh -c "test \$(grep -c '^prog:' '$T/out') = 1 && test \$(wc -c < '$T/out') -lt 600"
printf '#!/bin/bash\n#SBATCH -t 10\nsrun x\n' | gzip > job.sh.gz
expect "binary (gzip)" 1 'not a text file \(gzip data' "" -- J job.sh.gz
printf '\377\376#\000!\000/\000b\000i\000n\000/\000s\000h\000\n\000' > utf16.sh
expect "UTF-16 text" 1 '^utf16.sh:1:1: error: not a text file \(UTF-16 text' "" -- J utf16.sh
check "UTF-16 text: fix says save as UTF-8" grep -q '^  fix: save the script as UTF-8: iconv -f UTF-16 -t UTF-8$' "$T/out"
expect "binary in JSON: one finding" 1 '"findings":\[\{"file":"prog","line":1,"column":1,[^]]*"rule":"nul-byte"[^]]*\}\],"summary":\{"errors":1,"warnings":0' "" -- J --format json prog
expect "binary: --diff leaves it alone" 0 "" "" -- J --diff prog
mkdir -p bins && cp prog bins/prog.sbatch
expect "binary *.sbatch is not a job script in a directory" 2 "" 'bins: no job scripts found' -- J bins
expect "a script with a stray NUL is still a script" 1 'x.sh:4:1: error: the script contains a NUL byte' "" -- sh -c "printf '#!/bin/bash\\n#SBATCH -t 10\\nsrun x\\n\\000\\n' > x.sh && '$JLINT' --isolated x.sh"

# --- the --fix contract over every fixture: the job model is unchanged ---------
# jlint --fix on a copy of each fixture script (its policy, options,
# sbatch arguments and environment as tests/run-fixtures.py uses them),
# then `jlint parse` of the original and the fixed copy: the components
# (every effective option with its value, validity and spelling, and the
# normalised resources), positions left out, must be equal.
mkdir -p "$T/prop"
python3 - "$JLINT" "$ROOT/fixtures" "$T/prop" > "$T/prop.out" 2>&1 <<'PY'
import json, os, shlex, shutil, subprocess, sys
jlint, fix, tmp = sys.argv[1:4]
POS = {"line", "column", "end_line", "end_column", "span", "file"}
def strip(x):
    if isinstance(x, dict):
        return {k: strip(v) for k, v in x.items() if k not in POS}
    if isinstance(x, list):
        return [strip(v) for v in x]
    return x
def model(cmd, env):
    r = subprocess.run(cmd, capture_output=True, env=env)
    if r.returncode != 0:
        return None
    j = json.loads(r.stdout)
    return strip({"het_components": j["het_components"],
                  "components": j["components"]})
bad = changed = total = 0
for d, _, names in sorted(os.walk(fix)):
    for n in sorted(names):
        if not n.endswith(".sh"):
            continue
        src = os.path.join(d, n)
        base = src[:-3]
        rel = os.path.relpath(src, fix).split(os.sep)
        opts = []
        if len(rel) >= 3 and rel[0] == "policy":
            opts += ["--policy", os.path.join(fix, "..", "policies",
                                              rel[1] + ".yaml")]
        else:
            opts += ["--isolated"]
        if os.path.exists(base + ".opts"):
            opts += shlex.split(open(base + ".opts").read())
        args = None
        if os.path.exists(base + ".args"):
            args = shlex.split(open(base + ".args").read())
        env = {k: v for k, v in os.environ.items()
               if not k.startswith("SBATCH_")}
        if os.path.exists(base + ".env"):
            for line in open(base + ".env"):
                line = line.rstrip("\n")
                if line and not line.startswith("#"):
                    k, _, v = line.partition("=")
                    env[k] = v
        total += 1
        work = os.path.join(tmp, "%d-%s" % (total, n))
        shutil.copyfile(src, work)
        tail = (["sbatch"] + args if args is not None else []) + [work]
        before = model([jlint, "parse"] + tail, env)
        subprocess.run([jlint] + opts + ["--fix"] + tail, env=env,
                       capture_output=True)
        after = model([jlint, "parse"] + tail, env)
        if open(work, "rb").read() != open(src, "rb").read():
            changed += 1
        if before != after:
            bad += 1
            print("model changed by --fix:", os.path.relpath(src, fix))
print("fix-model: %d scripts, %d rewritten by --fix, %d with a changed model"
      % (total, changed, bad))
sys.exit(1 if bad or total == 0 else 0)
PY
st=$?
check "--fix keeps every fixture's job model ($(tail -1 "$T/prop.out"))" test $st = 0
[ $st = 0 ] && tail -1 "$T/prop.out" || sed "s/^/  | /" "$T/prop.out" | head -20

# --- README rule table matches jlint rules --format markdown ------------------------
J rules --format markdown > "$T/table"
sed -n '/^<!-- rules:begin/,/^<!-- rules:end/p' "$ROOT/README.md" | sed '1d;$d' > "$T/readme-table"
check "README rule table is generated (make readme-rules)" cmp -s "$T/table" "$T/readme-table"

# --- man pages render without warnings; completion --------------------------------
# groff and man (installed when missing and root).
[ "$(id -u)" = 0 ] && "$ROOT/tools/deps.sh" groff-base man-db
for page in "$ROOT/man/jlint.1" "$ROOT/man/jlint-policy.5"; do
	check "man: $page exists" test -s "$page"
	w=$(groff -ww -z -man "$page" 2>&1)
	check "man: $page groff -ww clean: $w" test -z "$w"
	MANWIDTH=80 man -l "$page" > "$T/man.txt" 2>"$T/man.err"
	check "man -l renders $page" test -s "$T/man.txt"
done
check "man: exit status documented" grep -q 'EXIT STATUS' "$ROOT/man/jlint.1"
if command -v bash >/dev/null 2>&1; then
	out=$(PATH="$(dirname "$JLINT"):$PATH" bash -c '. "$1"; COMP_WORDS=(jlint expl); COMP_CWORD=1; _jlint; printf "%s\n" "${COMPREPLY[@]}"' _ "$ROOT/completion/jlint.bash")
	check "completion: commands ($out)" test "$out" = explain
	out=$(PATH="$(dirname "$JLINT"):$PATH" bash -c '. "$1"; COMP_WORDS=(jlint explain late-d); COMP_CWORD=2; _jlint; printf "%s\n" "${COMPREPLY[@]}"' _ "$ROOT/completion/jlint.bash")
	check "completion: rule slugs ($out)" test "$out" = late-directive
	out=$(bash -c '. "$1"; COMP_WORDS=(jlint --format s); COMP_CWORD=2; _jlint; printf "%s\n" "${COMPREPLY[@]}"' _ "$ROOT/completion/jlint.bash")
	check "completion: formats ($out)" test "$out" = sarif
fi

echo "cli2: $n cases, $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
