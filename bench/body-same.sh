#!/bin/sh
# bench/body-same.sh OLDBUILD [NEWBUILD]: do two builds read scripts the
# same way?  A checking aid for speed work on the body reader (lint/body*.c):
# each BUILD directory holds jlint and liblint.a (as build/ does; copy them
# aside before the change).  For the 4000 generated scripts (seed 1), every
# fixtures/**/*.sh and the hostile generators' outputs (fixed sizes, and
# --size 1), it compares byte for byte:
#   bench/bodydump.c built against each liblint.a (every field of the body),
#   `jlint --isolated -f json` (findings) and `jlint parse` (the model).
# Prints the first differences and exits 1 when any output differs.
# BODY_SAME_DIR: where the scripts and outputs go (default: a fresh
# directory under ${TMPDIR:-/tmp}, kept for inspection).
set -eu
[ $# -ge 1 ] || { echo "usage: $0 OLDBUILD [NEWBUILD]" >&2; exit 2; }
old=$1
new=${2:-build}
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${BODY_SAME_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/body-same.XXXXXX")}
mkdir -p "$dir/gen" "$dir/hostile" "$dir/hostile1"
[ -e "$dir/gen/job-3999.sh" ] ||
	python3 "$top/bench/gen-scripts.py" --seed 1 --count 4000 "$dir/gen" >/dev/null
[ -e "$dir/hostile/escapes.sh" ] ||
	python3 "$top/bench/gen-hostile.py" "$dir/hostile" >/dev/null
[ -e "$dir/hostile1/realistic.sh" ] ||
	python3 "$top/bench/gen-hostile.py" --size 1 "$dir/hostile1" >/dev/null
(cd "$top" && find fixtures -name '*.sh' | sort | sed "s|^|$top/|") >"$dir/fixtures.list"
ls "$dir"/gen/*.sh >"$dir/gen.list"
# The 16 MB and 11 MB files are read too: the reader must agree on them.
ls "$dir"/hostile/*.sh "$dir"/hostile1/*.sh >"$dir/hostile.list"
cat "$dir/gen.list" "$dir/fixtures.list" "$dir/hostile.list" >"$dir/all.list"

status=0
for side in old new; do
	eval b=\$$side
	cc -O1 -std=c11 -I"$top/lint" "$top/bench/bodydump.c" "$b/liblint.a" \
	    -lyaml -lpcre2-8 -lpthread -o "$dir/bodydump.$side"
	xargs "$dir/bodydump.$side" <"$dir/all.list" >"$dir/dump.$side" || true
	xargs "$b/jlint" --isolated -f json <"$dir/all.list" \
	    >"$dir/json.$side" 2>&1 || true
	while read -r f; do
		"$b/jlint" --isolated parse "$f" 2>&1 || true
	done <"$dir/all.list" >"$dir/parse.$side"
done
for kind in dump json parse; do
	if cmp -s "$dir/$kind.old" "$dir/$kind.new"; then
		echo "same: $kind ($(wc -c <"$dir/$kind.new") bytes)"
	else
		echo "DIFFERENT: $kind"
		diff "$dir/$kind.old" "$dir/$kind.new" | head -20
		status=1
	fi
done
echo "files: $(wc -l <"$dir/all.list") in $dir"
exit $status
