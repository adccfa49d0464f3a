#!/bin/sh
# fuzz/coverage.sh: source coverage of liblint reached by each harness's
# corpus ($FUZZ_BUILD/corpus/<harness> plus the seeds): every input run
# once (-runs=0) through harnesses built with clang's source-based
# coverage (no sanitizers), then llvm-cov's per-file line/region/function
# summary for lint/*.c, per harness and for the union.  `make fuzz-cov`.
# Writes $COV_BUILD/coverage.txt.
set -eu
FB=${FUZZ_BUILD:-build/fuzz}
CB=${COV_BUILD:-build/fuzzcov}
v=$(${FUZZ_CC:-clang} --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p')
PROFDATA=$(command -v "llvm-profdata-$v" || command -v llvm-profdata)
COV=$(command -v "llvm-cov-$v" || command -v llvm-cov)
rm -rf "$CB/prof"
mkdir -p "$CB/prof"
: > "$CB/coverage.txt"
for h in script policy expr; do
	mkdir -p "$FB/corpus/$h"
	LLVM_PROFILE_FILE="$CB/prof/$h-%p.profraw" "$CB/fuzz_$h" -runs=0 \
	    "$FB/corpus/$h" "$FB/seeds/$h" >"$CB/$h.log" 2>&1
	"$PROFDATA" merge -sparse -o "$CB/$h.profdata" "$CB"/prof/$h-*.profraw
	echo "== $h ($(ls "$FB/corpus/$h" | wc -l) corpus inputs + seeds)" |
	    tee -a "$CB/coverage.txt"
	"$COV" report "$CB/fuzz_$h" -instr-profile="$CB/$h.profdata" \
	    -ignore-filename-regex='(fuzz/|build/|/usr/)' |
	    tee -a "$CB/coverage.txt" | tail -1
done
"$PROFDATA" merge -sparse -o "$CB/all.profdata" "$CB"/*.profdata 2>/dev/null ||
	"$PROFDATA" merge -sparse -o "$CB/all.profdata" "$CB/script.profdata" \
	    "$CB/policy.profdata" "$CB/expr.profdata"
echo "== union of the three harnesses" | tee -a "$CB/coverage.txt"
"$COV" report "$CB/fuzz_script" -object "$CB/fuzz_policy" \
    -object "$CB/fuzz_expr" -instr-profile="$CB/all.profdata" \
    -ignore-filename-regex='(fuzz/|build/|/usr/)' | tee -a "$CB/coverage.txt"
