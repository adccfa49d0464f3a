#!/bin/sh
# bench/slurm/phases.sh [ROUNDS]: where a job_submit() call of the plugin
# spends its time on cold caches, phase by phase (issue 15).
#
# Builds the plugin seven times from this commit (a git worktree under
# $BENCH_OUT, default build/bench/phases; uncommitted changes are not in
# it), each the usual profile-guided build with its hot lines, the first
# six patched by bench/slurm/phases.patch to return early (each build's
# hot lines are those of its own calls, so a build prefetches what it
# runs):
#
#   1  after the hot lines' prefetch (plugin/hot.c): the call's entry
#   2  after the request's options are spelled from job_desc (plugin/desc.c)
#      and the policy taken, before the script is read
#   3  after the #SBATCH block is read (lint/lex.c jl_script_read)
#   4  after the job model is built, without the body
#   5  after the body is lexed and parsed, no step analysis or facts
#   6  after the whole body (steps, facts), no rules
#   7  the whole call: rules, verdict, messages (patched, no stop)
#
# then times each with bench/slurm/plugbench's cold mode, the seven
# interleaved, ROUNDS (default 5) rounds of 100 calls each, on the headline
# twin gpu-nv.sh and on generated scripts (@LIST: gen-scripts.py seed 1;
# a run of 100 calls reads the first 100 of them once each), in
# two modes: PLUGBENCH_COLD (default tpsei: what slurmctld sees, see
# plugbench.c) and "-" (nothing between calls: the warm floor).  Prints a
# markdown table of the medians over the rounds: each phase's cumulative
# time and what it adds.  Each build has its own profile and hot lines,
# so what a phase adds includes their differences; stops 2-6 still give
# the verdict on what the model found so far.  Needs what `make plugin`
# needs, valgrind and python3 (hot lines), taskset; about 15 minutes.
set -eu
TOP=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-5}
OUT=${BENCH_OUT:-$TOP/build/bench/phases}
case $OUT in /*) ;; *) OUT=$(pwd)/$OUT ;; esac	# used from other dirs
MODE=${PLUGBENCH_COLD:-tpsei}
N=7

rm -rf "$OUT"
mkdir -p "$OUT"
git -C "$TOP" worktree prune
git -C "$TOP" worktree add -q --detach "$OUT/src" HEAD
trap 'git -C "$TOP" worktree remove --force "$OUT/src" 2>/dev/null || :' EXIT
trap 'exit 1' INT TERM	# so that the EXIT trap removes the worktree
git -C "$OUT/src" apply "$TOP/bench/slurm/phases.patch" || {
	echo "phases.sh: bench/slurm/phases.patch no longer applies;" \
	    "update it" >&2; exit 1; }
k=1
while [ $k -le $N ]; do
	flags="-O2 -g -DJLP_BENCH_STOP=$k"	# 7: no stop (-Wundef)
	echo "phases.sh: building stop $k" >&2
	make -C "$OUT/src" -s BUILD="$OUT/s$k" CFLAGS="$flags" PLUGIN_HOT_MIN=1 \
	    "$OUT/s$k/job_submit_jlint.so" >"$OUT/s$k.log" 2>&1 || {
		echo "phases.sh: build $k failed, see $OUT/s$k.log" >&2
		exit 1; }
	k=$((k + 1))
done
cc -std=c11 -D_GNU_SOURCE -O2 -rdynamic -o "$OUT/plugbench" \
    "$TOP/bench/slurm/plugbench.c" -ldl -lpthread
python3 "$TOP/bench/gen-scripts.py" --seed 1 --count 200 "$OUT/corpus" \
    >/dev/null
ls "$OUT"/corpus/*.sh >"$OUT/corpus.list"

r=1
while [ $r -le "$ROUNDS" ]; do
	echo "phases.sh: round $r of $ROUNDS" >&2
	for m in "$MODE" -; do
		k=1
		while [ $k -le $N ]; do
			for w in twins corpus; do
				if [ $w = twins ]; then
					s=$TOP/tests/slurm/cases/gpu-nv.sh
				else
					s=@$OUT/corpus.list
				fi
				v=$(cd "$TOP" && PLUGBENCH_COLD=$m taskset -c 0 \
				    "$OUT/plugbench" "$OUT/s$k/job_submit_jlint.so" \
				    policies/ai-lab.yaml "$s" 100 cold) || {
					echo "phases.sh: plugbench failed" >&2
					exit 1; }
				echo "$m $k $w $v"
			done
			k=$((k + 1))
		done
	done
	r=$((r + 1))
done >"$OUT/raw.txt"

python3 - "$OUT/raw.txt" "$MODE" <<'EOF'
import collections
import re
import statistics
import sys

names = ["entry, prefetch",
         "request -> options (desc.c), policy taken",
         "#SBATCH block read (jl_script_read)",
         "rest of the model, no body (getopt, values)",
         "body lexed and parsed",
         "steps and facts of the body",
         "rules, verdict, messages"]
t = collections.defaultdict(list)
for line in open(sys.argv[1]):
    mode, k, w, rest = line.split(" ", 3)
    t[(mode, int(k), w)].append(
        float(re.search(r"cold_median_us=([0-9.]+)", rest).group(1)))
cold = sys.argv[2]
print(f"Medians over {len(t[(cold, 1, 'twins')])} rounds of 100 calls, "
      f"PLUGBENCH_COLD={cold} (cold) and - (warm); us per call, "
      "cumulative (+ what the phase adds)\n")
print("| phase | twin gpu-nv cold | warm | generated cold | warm |")
print("|---|---|---|---|---|")
prev = {}
for k, name in enumerate(names, 1):
    row = [f"{k}. {name}"]
    for w in ("twins", "corpus"):
        for mode in (cold, "-"):
            v = statistics.median(t[(mode, k, w)])
            d = v - prev.get((mode, w), 0.0)
            prev[(mode, w)] = v
            row.append(f"{v:.1f} ({d:+.1f})" if k > 1 else f"{v:.1f}")
    print("| " + " | ".join(row) + " |")
EOF
