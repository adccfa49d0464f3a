#!/bin/sh
# tools/hot-trace.sh PLUGIN.so PLUGBENCH DIR: trace ordinary calls of a
# job_submit plugin for its table of hot lines (plugin/hot.h).
#
# Runs PLUGBENCH --trace (bench/slurm/plugbench.c: two calls per script,
# the second between two stores to a marker) under valgrind's lackey,
# with the ai-lab policy over fixtures/clean/*.sh, and writes DIR/trace.out
# (plugbench's "trace base=... mark=..." line) and DIR/lackey.log (every
# instruction and data access), which tools/hot-lines.py DIR PLUGIN.so
# reads.  The Makefile (PLUGIN_HOT) and tests/slurm/hot-lines.sh both
# trace this way.  Run from anywhere; exit status non-zero when the trace
# fails.
set -eu
[ $# = 3 ] || { echo "usage: tools/hot-trace.sh PLUGIN.so PLUGBENCH DIR" >&2
	exit 2; }
TOP=$(cd "$(dirname "$0")/.." && pwd)
so=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
pb=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
mkdir -p "$3"
dir=$(cd "$3" && pwd)
cd "$TOP"
valgrind --tool=lackey --trace-mem=yes --log-file="$dir/lackey.log" \
    "$pb" "$so" policies/ai-lab.yaml --trace fixtures/clean/*.sh \
    >"$dir/trace.out" 2>"$dir/stderr"
grep -q '^trace base=' "$dir/trace.out"
# The plugin logs errors (a policy it could not load: the trace would be
# of the error path) with slurm_error(), which plugbench prints here.
if [ -s "$dir/stderr" ]; then
	echo "tools/hot-trace.sh: the plugin said:" >&2
	cat "$dir/stderr" >&2
	exit 1
fi
