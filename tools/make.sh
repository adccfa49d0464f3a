#!/bin/sh
# tools/make.sh [TARGET...]: the entry point of a bare machine (README,
# Quick start).  Needs nothing but POSIX sh and, as root on Debian,
# apt-get: installs make when missing (tools/deps.sh), builds jlint with
# `make -jN` (the Makefile installs what each target needs before it
# compiles anything), then runs `make TARGET...` when targets are given
# (`tools/make.sh check` runs every test, installing what they use).
#
# Exit status: that of `make TARGET...`; 3 when the packages could not be
# installed or the build failed, so that it cannot be mistaken for jlint's
# own 1 (findings) or 2 (bad input) in `tools/make.sh && build/jlint ...`.
set -u
cd "$(dirname "$0")/.." || exit 3
fail() { echo "tools/make.sh: $*" >&2; exit 3; }
./tools/deps.sh make || fail "cannot install make (see above)"
n=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
make -j"$n" all || fail "the build failed (make -j$n all, see above)"
[ $# = 0 ] && exit 0
exec make "$@"
