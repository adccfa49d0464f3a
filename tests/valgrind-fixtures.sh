#!/bin/sh
# tests/valgrind-fixtures.sh: valgrind memcheck over the jlint CLI on every
# fixture script (issue 7): no invalid access, no use of uninitialised
# memory, no definite leak.  Uses the fixture's policy folder, .args and
# .opts like tests/run-fixtures.py.
#
# JLINT_VALGRIND_JOBS (default 2): fixtures checked side by side.
# JLINT_VALGRIND_EVERY=K: only every K-th fixture (check-fresh, which has
# just seen the whole set pass on the host in the same CI run).
set -u
JLINT=${JLINT:-build/jlint}
JOBS=${JLINT_VALGRIND_JOBS:-2}
EVERY=${JLINT_VALGRIND_EVERY:-1}
[ "$(id -u)" = 0 ] && ./tools/deps.sh valgrind
command -v valgrind >/dev/null 2>&1 || { echo "valgrind: not installed"; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# One fixture: exit 1 (and its report on stdout) on a valgrind error.
check_one() {
	f=$1
	vg=$T/vg.$2
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
	valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite "$JLINT" "$@" >/dev/null 2>"$vg"
	if [ $? = 99 ]; then
		echo "FAIL valgrind: $f"
		head -30 "$vg"
		return 1
	fi
	return 0
}

find fixtures -name '*.sh' | sort | awk -v k="$EVERY" '(NR - 1) % k == 0' \
    >"$T/list"
n=$(wc -l <"$T/list")
# JOBS workers, worker w taking every JOBS-th line of the list.
w=0
while [ $w -lt "$JOBS" ]; do
	(
		fail=0
		i=0
		while read -r f; do
			if [ $((i % JOBS)) = $w ]; then
				check_one "$f" "$w" || fail=1
			fi
			i=$((i + 1))
		done <"$T/list"
		echo $fail >"$T/rc.$w"
	) &
	w=$((w + 1))
done
wait
fail=0
w=0
while [ $w -lt "$JOBS" ]; do
	[ "$(cat "$T/rc.$w" 2>/dev/null)" = 0 ] || fail=1
	w=$((w + 1))
done
echo "valgrind: $n fixtures$([ "$EVERY" -gt 1 ] && echo " (every $EVERY-th)"), $([ $fail = 0 ] && echo clean || echo FAILED)"
exit $fail
