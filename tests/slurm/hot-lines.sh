#!/bin/sh
# tests/slurm/hot-lines.sh: the plugin's table of hot lines (plugin/hot.h)
# is what a call of the built plugin touches.
#
# The build traced the plugin, then linked it again with the table filled
# (Makefile, PLUGIN_HOT); if the second link had moved anything, or the
# trace had gone wrong, the table would point at the wrong lines and every
# call would prefetch lines it does not use.  This traces the plugin as
# built, the same calls as the build, and requires:
#   - a table of at least 200 lines (an ordinary call touches 600-800);
#   - every line in the table among the lines the new trace keeps;
#   - at most 64 lines kept that the table lacks (the table's own lines,
#     read by the prefetch loop: 2 bytes an entry).
#
# What the build did is in job_submit_jlint.so.hot: "made N lines" is
# checked, "none: why" (no valgrind when make started, no profile) skips
# with that line, "failed: ..." or no such file fails.  Environment:
# BUILD (build).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
SO=$BUILD/job_submit_jlint.so
PB=$BUILD/pgo/plugbench

if [ ! -f "$SO.hot" ]; then
	echo "hot lines: FAIL: no $SO.hot (the Makefile writes it)"
	exit 1
fi
case $(cat "$SO.hot") in
made*) ;;
none*)	echo "hot lines: SKIP ($(cat "$SO.hot"))"; exit 0 ;;
*)	echo "hot lines: FAIL: $(cat "$SO.hot")"; exit 1 ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$TOP"
valgrind --tool=lackey --trace-mem=yes --log-file="$tmp/trace" \
    "$PB" "$SO" policies/ai-lab.yaml --trace fixtures/clean/*.sh \
    >"$tmp/out"
python3 tools/hot-lines.py "$tmp/out" "$tmp/trace" "$SO" 2>/dev/null |
    grep -v '^/\*' | tr -d ' ' | tr ',' '\n' | grep . | sort >"$tmp/now"
python3 tools/hot-lines.py --table "$SO" | sort >"$tmp/table"
n=$(wc -l <"$tmp/table")
missing=$(comm -23 "$tmp/table" "$tmp/now" | wc -l)
extra=$(comm -13 "$tmp/table" "$tmp/now" | wc -l)
echo "hot lines: table $n, traced now $(wc -l <"$tmp/now"), in the" \
    "table but not traced $missing, traced but not in the table $extra"
if [ "$n" -lt 200 ] || [ "$missing" -ne 0 ] || [ "$extra" -gt 64 ]; then
	echo "hot lines: FAIL: the table does not match this plugin's calls"
	exit 1
fi
echo "hot lines: ok"
