#!/bin/sh
# tests/t_precommit.sh: real pre-commit (Debian package `pre-commit`,
# and git, installed when missing and root) runs this repository's
# .pre-commit-hooks.yaml in a scratch git repository: a bad job script
# blocks the commit with jlint's message, a good one (not executable,
# named *.sbatch) goes through, a build.sh that is not a job script is
# not linted, and the hook selects exactly what `jlint DIR` selects.  The hooks file is copied into a scratch
# hooks repository and committed there, so the working tree's version is
# the one tested; jlint comes from $JLINT via PATH (language: system).
set -u
JLINT=${JLINT:-build/jlint}
case "$JLINT" in /*) ;; *) JLINT="$PWD/$JLINT" ;; esac
ROOT=$PWD
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
unset JLINT_POLICY GITHUB_ACTIONS

[ "$(id -u)" = 0 ] && "$ROOT/tools/deps.sh" pre-commit git
# Debian's pre-commit runs under /usr/bin/python3; a pyenv python3 first
# on PATH must not shadow it.
PC=pre-commit
[ -x /usr/bin/pre-commit ] && PC=/usr/bin/pre-commit
if ! command -v "$PC" >/dev/null 2>&1; then
	echo "FAIL pre-commit: not installed (apt-get install pre-commit)"
	exit 1
fi
mkdir -p "$T/bin" "$T/hooks" "$T/work"
ln -s "$JLINT" "$T/bin/jlint"
export PATH="$T/bin:/usr/bin:/bin:$PATH"
export PRE_COMMIT_HOME="$T/cache"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org
export GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
export JLINT_POLICY="$ROOT/policies/default.yaml"
cd "$T/hooks" && git init -q . && cp "$ROOT/.pre-commit-hooks.yaml" . &&
    git add . && git commit -qm hooks || exit 1
rev=$(git rev-parse HEAD)
cd "$T/work" && git init -q . || exit 1
cat > .pre-commit-config.yaml <<CFG
repos:
  - repo: $T/hooks
    rev: $rev
    hooks:
      - id: jlint
CFG
git add .pre-commit-config.yaml && git commit -qm config || exit 1
"$PC" install >/dev/null || { echo "FAIL pre-commit install"; exit 1; }
fail=0
# A bad script (not executable) blocks the commit with jlint's message.
printf '#!/bin/bash\n#SBATCH --time=10\nmodule load cuda\n#SBATCH --mem=8G\nsrun x\n' > train.sbatch
git add train.sbatch
if git commit -qm bad > "$T/out" 2>&1; then
	echo "FAIL pre-commit: a bad script was committed"; fail=1
fi
grep -q 'train.sbatch:4:1: warning: this #SBATCH line is ignored' "$T/out" ||
    { echo "FAIL pre-commit: jlint's message not shown"; sed 's/^/  | /' "$T/out"; fail=1; }
# The same script fixed goes through.
printf '#!/bin/bash\n#SBATCH --time=10\n#SBATCH --mem=8G\nmodule load cuda\nsrun x\n' > train.sbatch
git add train.sbatch
if ! git commit -qm good > "$T/out" 2>&1; then
	echo "FAIL pre-commit: a good script was refused"; sed 's/^/  | /' "$T/out"; fail=1
fi
# Files that are not job scripts are not linted (issue 10, defects 3
# and 19): a repository's build.sh (no shebang, no --time) used to block
# every commit with missing-shebang and missing-time-limit.
printf 'not a job script\n' > notes.txt
printf 'make all\n' > build.sh
chmod +x build.sh
git add notes.txt build.sh
git commit -qm notes > "$T/out" 2>&1 || { echo "FAIL pre-commit: build.sh or notes.txt linted"; sed 's/^/  | /' "$T/out"; fail=1; }
# A job script without a job-script name (the #SBATCH rule) is linted.
printf '#!/bin/bash\n#SBATCH --mem=1G\nsrun x\n' > run-gpu
git add run-gpu
if git commit -qm run > "$T/out" 2>&1; then
	echo "FAIL pre-commit: run-gpu (#SBATCH, no --time) was committed"; fail=1
fi
grep -q "run-gpu:1:1: warning: no --time" "$T/out" ||
    { echo "FAIL pre-commit: run-gpu not linted"; sed 's/^/  | /' "$T/out"; fail=1; }
git reset -q HEAD run-gpu && rm -f run-gpu
# The hook and `jlint DIR` agree on what a job script is: a tree of job
# scripts and other files, each job script with one finding (no --time);
# the files the hook reports are the files `jlint .` reports.
mkdir -p agree/sub
printf '#!/bin/bash\n#SBATCH -N 1\nsrun x\n' > agree/a.sh
printf '#!/bin/bash\n#SBATCH -N 1\nsrun x\n' > agree/sub/noext
printf '#!/bin/bash\nsrun x\n' > agree/named.sbatch
printf '#!/bin/bash\nsrun x\n' > agree/named.slurm
printf 'echo hi\n#SBATCH -N 1\n' > agree/notes.txt
printf '#!/bin/sh\nmake\n' > agree/build.sh
printf 'make all\n' > agree/Makefile.sh
head -c 3000 "$JLINT" > agree/bin.sbatch
printf '%s\n' '#!/bin/bash' 'echo "#SBATCH not at the start"' > agree/echo.sh
ln -s a.sh agree/link.sh
ln -s sub agree/dirlink
git add agree
"$PC" run --files $(git diff --cached --name-only) > "$T/hook" 2>&1
grep -Eo '^[^ :]+:[0-9]+:[0-9]+:' "$T/hook" | cut -d: -f1 | sort -u > "$T/hook.files"
(cd agree && jlint . 2>&1) | grep -Eo '^[^ :]+:[0-9]+:[0-9]+:' | cut -d: -f1 |
    sed 's|^\./|agree/|' | sort -u > "$T/dir.files"
printf '%s\n' agree/a.sh agree/link.sh agree/named.sbatch agree/named.slurm \
    agree/notes.txt agree/sub/noext | sort > "$T/want.files"
cmp -s "$T/hook.files" "$T/dir.files" || { echo "FAIL pre-commit: hook and jlint DIR disagree"; diff "$T/dir.files" "$T/hook.files" | sed 's/^/  | /'; fail=1; }
cmp -s "$T/dir.files" "$T/want.files" || { echo "FAIL pre-commit: jlint DIR selection"; diff "$T/want.files" "$T/dir.files" | sed 's/^/  | /'; fail=1; }
git reset -q HEAD agree && rm -rf agree
# Fast: the selection over many files that are not job scripts.
mkdir many
i=0; while [ $i -lt 3000 ]; do printf '#!/bin/sh\necho %s\n' $i > many/f$i.sh; i=$((i + 1)); done
s=$(date +%s%N)
jlint --job-scripts-only many/* > "$T/out" 2>&1 || { echo "FAIL pre-commit: --job-scripts-only over 3000 files"; fail=1; }
ms=$(( ($(date +%s%N) - s) / 1000000 ))
echo "pre-commit: --job-scripts-only over 3000 non-job files: ${ms} ms"
[ "$ms" -lt 2000 ] || { echo "FAIL pre-commit: selection too slow"; fail=1; }
rm -rf many
echo "pre-commit: $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
