#!/bin/sh
# fuzz/run.sh SECONDS [HARNESS...]: run each libFuzzer harness (script,
# policy, expr by default) for SECONDS, one after the other, on one core.
# The corpus grows in $FUZZ_BUILD/corpus/<harness> (kept between runs);
# seeds come from $FUZZ_BUILD/seeds/<harness> (fuzz/mkseeds.py).  A crash,
# leak or timeout leaves its input in $FUZZ_BUILD/artifacts/ and makes
# this script fail.  Each run's log is $FUZZ_BUILD/<harness>.log; the
# last lines (executions, coverage) are printed.
set -eu
FB=${FUZZ_BUILD:-build/fuzz}
secs=$1
shift
[ $# -gt 0 ] || set -- script policy expr
mkdir -p "$FB/artifacts"
rc=0
for h in "$@"; do
	case $h in
	script) maxlen=65536 ;;
	policy) maxlen=16384 ;;
	expr)   maxlen=8192 ;;
	*) echo "fuzz/run.sh: unknown harness $h" >&2; exit 2 ;;
	esac
	mkdir -p "$FB/corpus/$h"
	echo "== fuzz_$h: ${secs}s"
	# -timeout: one input may take at most 10 s (a hang is a bug);
	# -rss_limit_mb: 2 GB (a blow-up is a bug); leaks are detected.
	if ! "$FB/fuzz_$h" -max_total_time="$secs" -timeout=10 \
	    -rss_limit_mb=2048 -max_len=$maxlen -print_final_stats=1 \
	    -dict="fuzz/$h.dict" -artifact_prefix="$FB/artifacts/$h-" \
	    ${FUZZ_FLAGS:-} "$FB/corpus/$h" "$FB/seeds/$h" \
	    >"$FB/$h.log" 2>&1; then
		rc=1
		echo "fuzz_$h FAILED: see $FB/$h.log and $FB/artifacts/"
		grep -E 'ERROR|SUMMARY|^ +#[0-9]+ ' "$FB/$h.log" | head -30
	fi
	grep -E '^#[0-9]+[[:space:]]+(DONE|pulse|NEW)' "$FB/$h.log" | tail -1
	grep -E '^stat::(number_of_executed_units|peak_rss_mb)' \
	    "$FB/$h.log" || true
done
exit $rc
