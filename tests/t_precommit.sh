#!/bin/sh
# tests/t_precommit.sh: real pre-commit (Debian package `pre-commit`,
# and git, installed when missing and root) runs this repository's
# .pre-commit-hooks.yaml in a scratch git repository: a bad job script
# blocks the commit with jlint's message, a good one (not executable,
# named *.sbatch) goes through.  The hooks file is copied into a scratch
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
# Files the pattern does not select are not linted.
printf 'not a job script\n' > notes.txt
git add notes.txt
git commit -qm notes > "$T/out" 2>&1 || { echo "FAIL pre-commit: notes.txt"; fail=1; }
echo "pre-commit: $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
