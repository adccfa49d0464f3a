#!/bin/sh
# bench/run.sh: `make bench`.  Installs what the benchmarks need (Debian:
# hyperfine, shellcheck, time, python3) when run as root, then runs
# bench/bench.py, which writes $BUILD/bench/out/results.md (the tables of
# bench/RESULTS.md) and prints it.  About 5-8 minutes on 2 cores.
set -eu
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
./tools/deps.sh bench
[ -x "$BUILD/jlint" ] && [ -x "$BUILD/bench/jlbench" ] || {
	echo "bench: build $BUILD/jlint and $BUILD/bench/jlbench first" \
	    "(make bench does)" >&2
	exit 1
}
export BUILD
exec python3 bench/bench.py
