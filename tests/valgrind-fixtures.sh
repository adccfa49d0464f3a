#!/bin/sh
# tests/valgrind-fixtures.sh: valgrind memcheck over the jlint CLI on every
# fixture script (issue 7): no invalid access, no use of uninitialised
# memory, no definite leak.  Uses the fixture's policy folder, .args and
# .opts like tests/run-fixtures.py.
set -u
JLINT=${JLINT:-build/jlint}
[ "$(id -u)" = 0 ] && ./tools/deps.sh valgrind
command -v valgrind >/dev/null 2>&1 || { echo "valgrind: not installed"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fail=0
for f in $(find fixtures -name '*.sh' | sort); do
	base=${f%.sh}
	set -- --isolated
	case "$f" in
	fixtures/policy/*/*) pol=$(echo "$f" | cut -d/ -f3)
		set -- --policy "policies/$pol.yaml" ;;
	esac
	[ -f "$base.opts" ] && set -- "$@" $(cat "$base.opts")
	if [ -f "$base.args" ]; then
		set -- "$@" sbatch $(cat "$base.args") "$f"
	else
		set -- "$@" "$f"
	fi
	n=$((n + 1))
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite "$JLINT" "$@" >/dev/null 2>"$T/vg"
	if [ $? = 99 ]; then
		echo "FAIL valgrind: $f"
		head -30 "$T/vg"
		fail=1
	fi
done
echo "valgrind: $n fixtures, $([ $fail = 0 ] && echo clean || echo FAILED)"
exit $fail
