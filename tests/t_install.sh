#!/bin/sh
# tests/t_install.sh: `make install` honours PREFIX and DESTDIR and
# installs the binary, both man pages, bash completion and the shipped
# policies and rules; the installed binary runs and its man page renders.
set -u
BUILD=${BUILD:-build}
# man renders the installed page (installed when missing and root).
[ "$(id -u)" = 0 ] && ./tools/deps.sh groff-base man-db
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
make -s install BUILD="$BUILD" PREFIX=/opt/jl DESTDIR="$T/root" >"$T/log" 2>&1 ||
    { echo "FAIL install: make install failed"; sed 's/^/  | /' "$T/log"; exit 1; }
R="$T/root/opt/jl"
for f in bin/jlint share/man/man1/jlint.1 share/man/man5/jlint-policy.5 \
    share/bash-completion/completions/jlint share/jlint/policies/default.yaml \
    share/jlint/policies/ai-lab.yaml share/jlint/rules/late-directive.yaml \
    share/jlint/rules/unused-suppression.yaml \
    share/jlint/jlint-policy.schema.json; do
	[ -s "$R/$f" ] || { echo "FAIL install: $f missing"; fail=1; }
done
[ -x "$R/bin/jlint" ] || { echo "FAIL install: jlint not executable"; fail=1; }
[ "$(ls rules/*.yaml | wc -l)" = "$(ls "$R"/share/jlint/rules/*.yaml | wc -l)" ] ||
    { echo "FAIL install: not every rule installed"; fail=1; }
"$R/bin/jlint" --version | grep -q '^jlint ' || { echo "FAIL install: binary"; fail=1; }
MANWIDTH=80 man -l "$R/share/man/man1/jlint.1" 2>/dev/null | grep -q 'EXIT STATUS' ||
    { echo "FAIL install: man page"; fail=1; }
# Nothing outside DESTDIR.
[ ! -e /opt/jl ] || { echo "FAIL install: wrote outside DESTDIR"; fail=1; }
echo "install: $([ $fail = 0 ] && echo ok || echo FAILED)"
exit $fail
