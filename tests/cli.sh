#!/bin/sh
# tests/cli.sh: the jlint command on bad input and its contracts (exit
# status, formats, stdin, sbatch mode).  Every case states its expected
# outcome; any mismatch fails the suite.
set -u
JLINT=${JLINT:-build/jlint}
case "$JLINT" in /*) ;; *) JLINT="$PWD/$JLINT" ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
n=0

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

json_ok() {
	python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1"
}

printf '#!/bin/bash\n#SBATCH -t 10\nsrun hostname\n' > "$T/ok.sh"
printf '#!/bin/bash\n#SBATCH -t 10\nset -e\n#SBATCH --mem=1G\n' > "$T/late.sh"

expect "usage without args" 2 "" "usage: jlint" -- "$JLINT"
expect "help" 0 "usage: jlint" "" -- "$JLINT" --help
expect "unknown format" 2 "" "unknown format" -- "$JLINT" --format xml "$T/ok.sh"
expect "bad slurm version" 2 "" "not a release" -- "$JLINT" --slurm-version abc "$T/ok.sh"
expect "clean script" 0 "" "" -- "$JLINT" "$T/ok.sh"
[ -s "$T/out" ] && { echo "FAIL clean script printed something"; fail=1; }
expect "late directive" 1 "late.sh:4:1: warning: .*\\[late-directive\\]" "" -- "$JLINT" "$T/late.sh"
expect "summary line" 1 "^0 errors, 1 warning in 1 file$" "" -- "$JLINT" "$T/late.sh"
expect "missing file" 2 "" "nosuch.sh: No such file or directory" -- "$JLINT" "$T/nosuch.sh"
expect "directory is searched" 1 "late.sh:4:1:" "" -- "$JLINT" "$T"
expect "missing file among good" 2 "" "nosuch" -- "$JLINT" "$T/ok.sh" "$T/nosuch.sh"

# An unreadable file (as root, drop to nobody to make permissions count).
printf '#!/bin/bash\n' > "$T/secret.sh"; chmod 000 "$T/secret.sh"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	# nobody runs a copy in $T: the checkout may be where nobody cannot go
	# (a clone in /root).
	chmod 755 "$T"
	cp "$JLINT" "$T/jlint-copy"
	expect "unreadable file" 2 "" "Permission denied" -- setpriv --reuid=65534 --regid=65534 --clear-groups "$T/jlint-copy" "$T/secret.sh"
	rm -f "$T/jlint-copy"
else
	expect "unreadable file" 2 "" "Permission denied" -- "$JLINT" "$T/secret.sh"
fi

# JSON findings: valid JSON with the contract fields.
expect "json" 1 '"rule":"late-directive"' "" -- "$JLINT" --format json "$T/late.sh"
json_ok "$T/out" || { echo "FAIL json: not valid JSON"; fail=1; }
for k in file line column end_line end_column rule severity message fix; do
	grep -q "\"$k\":" "$T/out" || { echo "FAIL json: no \"$k\""; fail=1; }
done
expect "json clean" 0 '^\{"version":1,"findings":\[\],' "" -- "$JLINT" --format json "$T/ok.sh"

# stdin with --stdin-filename.
n=$((n + 1))
"$JLINT" --stdin-filename job.sh - < "$T/late.sh" > "$T/out" 2>&1
[ $? = 1 ] && grep -q '^job.sh:4:1:' "$T/out" || { echo "FAIL stdin"; fail=1; }

# parse prints a JSON model.
expect "parse" 0 '"schema":1' "" -- "$JLINT" parse "$T/ok.sh"
json_ok "$T/out" || { echo "FAIL parse: not valid JSON"; fail=1; }

# Invalid UTF-8 and control bytes: JSON stays valid, text is sanitised.
printf '#!/bin/bash\n#SBATCH --job-name=\377\376\033[31mred\n#SBATCH --bogus\xff\n' > "$T/utf8.sh"
expect "invalid utf-8 json" 1 "" "" -- "$JLINT" --format json "$T/utf8.sh"
json_ok "$T/out" || { echo "FAIL invalid utf-8: JSON output invalid"; fail=1; }
expect "parse invalid utf-8" 0 "" "" -- "$JLINT" parse "$T/utf8.sh"
json_ok "$T/out" || { echo "FAIL parse invalid utf-8: JSON invalid"; fail=1; }
"$JLINT" "$T/utf8.sh" > "$T/out" 2>&1
if grep -q "$(printf '\033')" "$T/out"; then echo "FAIL escape sequence reached the output raw"; fail=1; fi

# Big and hostile inputs: finish, no crash, bounded output.
python3 - "$T" <<'PY'
import sys, os
t = sys.argv[1]
open(os.path.join(t, "longline.sh"), "w").write("#!/bin/bash\n#SBATCH -t 5\n#SBATCH --job-name=" + "x" * (10 * 1024 * 1024) + "\necho hi\n")
open(os.path.join(t, "many.sh"), "w").write("#!/bin/bash\n" + "#SBATCH --time=10\n" * 100000 + "srun hostname\n")
open(os.path.join(t, "manybad.sh"), "w").write("#!/bin/bash\n" + "#SBATCH --tiem=10\n" * 100000)
open(os.path.join(t, "nest.sh"), "w").write("#!/bin/bash\n#SBATCH -t 5\n" + "(" * 20000 + "srun x" + ")" * 20000 + "\n" + "echo \"$(" * 5000 + "\n")
open(os.path.join(t, "quotes.sh"), "w").write("#!/bin/bash\n#SBATCH --job-name=" + "'\"" * 50000 + "\n")
open(os.path.join(t, "heredoc.sh"), "w").write("#!/bin/bash\ncat <<EOF\n#SBATCH -N 2\nsrun x\n")
PY
expect "10 MB line" 0 "" "" -- "$JLINT" "$T/longline.sh"
expect "100000 directives" 0 "" "" -- "$JLINT" "$T/many.sh"
expect "100000 bad directives (bounded findings)" 1 "more findings not shown" "" -- "$JLINT" "$T/manybad.sh"
[ "$(wc -l < "$T/out")" -lt 4100 ] || { echo "FAIL findings not bounded"; fail=1; }
expect "deep nesting" 0 "" "" -- "$JLINT" "$T/nest.sh"
expect "parse deep nesting" 0 "" "" -- "$JLINT" parse "$T/nest.sh"
expect "quote soup" 1 "unmatched-quote" "" -- "$JLINT" "$T/quotes.sh"
expect "unterminated heredoc parse" 0 '"unterminated_heredoc":true' "" -- "$JLINT" parse "$T/heredoc.sh"

# sbatch mode: command line and SBATCH_* override the script.
printf '#!/bin/bash\n#SBATCH --partition=batch\n#SBATCH -t 60\n#SBATCH --mem-per-cpu=2G\nsrun x\n' > "$T/sb.sh"
expect "sbatch cli" 0 '"partition":\{"value":"gpu"' "" -- "$JLINT" parse sbatch -p gpu "$T/sb.sh"
expect "sbatch env" 0 '"partition":\{"value":"debug".*"variable":"SBATCH_PARTITION"' "" -- env SBATCH_PARTITION=debug "$JLINT" parse sbatch "$T/sb.sh"
expect "script alone ignores env" 0 '"partition":\{"value":"batch"' "" -- env SBATCH_PARTITION=debug "$JLINT" parse "$T/sb.sh"
# parse reads the script for the policy's release, as lint does: "\ " is
# a space from 24.05 on (a word of its own before).
printf '#!/bin/bash\n#SBATCH --comment=two\\ words\n' > "$T/esc.sh"
printf 'name: r2411\nslurm_version: "24.11"\n' > "$T/r2411.yaml"
expect "parse policy release" 0 '"slurm_version":"24.11","sbatch_would_reject":false' "" -- "$JLINT" --policy "$T/r2411.yaml" parse "$T/esc.sh"
expect "parse default release" 0 '"slurm_version":"22.05","sbatch_would_reject":true' "" -- "$JLINT" parse "$T/esc.sh"
expect "sbatch mem conflict" 1 "conflicting-options" "" -- "$JLINT" sbatch --mem=4G "$T/sb.sh"
expect "sbatch env mem discarded" 0 "" "" -- env SBATCH_MEM_PER_NODE=4G "$JLINT" sbatch "$T/sb.sh"
expect "sbatch unknown cli option" 1 "\\(command line\\): warning: unknown option --partion; unless a SPANK plugin of this site adds it, sbatch rejects.*" "" -- "$JLINT" sbatch --partion=gpu "$T/sb.sh"
expect "sbatch --wrap" 0 "" "" -- "$JLINT" sbatch -t 5 --wrap "srun hostname"
expect "sbatch --wrap with args" 2 "" "not permitted" -- "$JLINT" sbatch --wrap "x" "$T/sb.sh"

# explain prints the doc as lines, not with escaped newlines.
expect "explain" 0 "^are minutes and seconds" "" -- "$JLINT" explain time-mmss
grep -q 'x0a' "$T/out" && { echo "FAIL explain: escaped newline in doc"; fail=1; }

echo "cli: $n cases, $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
