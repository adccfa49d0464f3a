#!/bin/sh
# tests/slurm/hot-lines.sh: the plugin's table of hot lines (plugin/hot.h)
# is what a call of the built plugin touches.
#
# The build traced the plugin, then linked it again with the table filled
# (Makefile, PLUGIN_HOT); if the second link had moved anything, or the
# trace had gone wrong, the table would point at the wrong lines and every
# call would prefetch lines it does not use.  This traces the plugin as
# built, the same way (tools/hot-trace.sh), and requires:
#   - a table of at least 200 lines (an ordinary call touches 600-800);
#   - every line in the table among those at least 0.2 of the new trace's
#     calls touch (the build kept those of at least 0.5: the margin is
#     for paths that depend on the clock, such as the policy file's
#     stat() at most once a second);
#   - at most 64 lines that at least 0.8 of the calls touch missing from
#     the table (the table's own lines, which the prefetch loop reads:
#     2 bytes an entry; valgrind does not count a prefetch as an access,
#     so the loop does not mark the lines it prefetches).
#
# What the build did is in job_submit_jlint.so.hot: "made N lines" is
# checked, "none: why" (no valgrind when make started, no profile) skips
# with that line, "failed: ..." or no such file fails.  Environment:
# BUILD (build).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
BUILD=${BUILD:-build}
case "$BUILD" in /*) ;; *) BUILD="$TOP/$BUILD" ;; esac
SO=$BUILD/job_submit_jlint.so
PB=$BUILD/pgo/plugbench
fail() { echo "hot lines: FAIL: $*"; exit 1; }

[ -f "$SO.hot" ] || fail "no $SO.hot (the Makefile writes it)"
case $(cat "$SO.hot") in
made*) ;;
none*)	echo "hot lines: SKIP ($(cat "$SO.hot"))"; exit 0 ;;
*)	fail "$(cat "$SO.hot")" ;;
esac
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$TOP" || exit 1
"$TOP/tools/hot-trace.sh" "$SO" "$PB" "$tmp" 2>"$tmp/err" ||
	fail "tools/hot-trace.sh: $(tail -3 "$tmp/err")"
python3 tools/hot-lines.py --list "$tmp" "$SO" 0.2 2>"$tmp/err" |
    sort >"$tmp/some" && [ -s "$tmp/some" ] ||
	fail "tools/hot-lines.py: $(cat "$tmp/err")"
python3 tools/hot-lines.py --list "$tmp" "$SO" 0.8 2>"$tmp/err" |
    sort >"$tmp/most" && [ -s "$tmp/most" ] ||
	fail "tools/hot-lines.py: $(cat "$tmp/err")"
python3 tools/hot-lines.py --table "$SO" 2>"$tmp/err" | sort >"$tmp/table"
n=$(wc -l <"$tmp/table")
missing=$(comm -23 "$tmp/table" "$tmp/some" | wc -l)
extra=$(comm -13 "$tmp/table" "$tmp/most" | wc -l)
echo "hot lines: table $n; in the table, not touched by 0.2 of the calls" \
    "now: $missing; touched by 0.8, not in the table: $extra"
[ "$n" -ge 200 ] || fail "the table holds $n lines $(cat "$tmp/err")"
[ "$missing" -eq 0 ] && [ "$extra" -le 64 ] ||
	fail "the table does not match this plugin's calls"
echo "hot lines: ok"
