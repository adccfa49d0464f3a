#!/bin/sh
# tests/t_lsp_nvim.sh: jlint lsp in a real editor.  Neovim (Debian's
# neovim, tools/deps.sh group "test"), headless, with its built-in LSP
# client running $JLINT lsp on a job script: diagnostics, hover, the
# safe-fix and disable-here code actions applied to the buffer
# (tests/lsp/test-init.lua does the editor's part).  No Neovim: FAIL.
set -u
JLINT=${JLINT:-build/jlint}
case "$JLINT" in /*) ;; *) JLINT="$PWD/$JLINT" ;; esac
ROOT=$PWD
[ "$(id -u)" = 0 ] && "$ROOT/tools/deps.sh" neovim
if ! command -v nvim >/dev/null 2>&1; then
	echo "FAIL lsp-nvim: no nvim (apt-get install neovim)"
	exit 1
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
unset JLINT_POLICY
mkdir "$T/proj"
printf 'name: nvim-test\ngpu_flag: --nv\n' > "$T/proj/.jlint.yaml"
printf '#!/bin/bash\n#SBATCH --time=1:00:00\n#SBATCH --gres=gpu:1\nsingularity exec /ceph/container/pytorch.sif python train.py\n' \
    > "$T/proj/job.sh"
cd "$T" || exit 1
OUT="$T/result" JOB="$T/proj/job.sh" JLINT="$JLINT" HOME="$T" \
    XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data" \
    XDG_STATE_HOME="$T/state" XDG_CACHE_HOME="$T/cache" \
    timeout 120 nvim --headless -n -i NONE -u "$ROOT/tests/lsp/test-init.lua" \
    </dev/null >"$T/nvim.log" 2>&1
rc=$?
if [ $rc != 0 ] || grep -q '^FAIL' "$T/result" 2>/dev/null ||
    ! grep -q '^ok the suppressed finding is gone' "$T/result" 2>/dev/null; then
	echo "FAIL lsp-nvim (nvim exit $rc):"
	cat "$T/result" "$T/nvim.log" 2>/dev/null | sed 's/^/  /'
	exit 1
fi
echo "lsp-nvim: $(grep -c '^ok' "$T/result") checks in Neovim $(nvim --version | sed -n '1s/^NVIM v//p'), ok"
