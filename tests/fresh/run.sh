#!/bin/sh
# tests/fresh/run.sh: `make check-fresh`.  The README's two Quick start
# commands, verbatim, on a bare Debian 12 (debootstrap --variant=minbase
# bookworm: no make, gcc, pkg-config, python3, groff, git or npm), as root
# in a clean environment, on the COMMITTED tree (git archive HEAD) copied
# to /root/jlint.  What a new user does; what a green CI must prove.
#
#   1. a fresh root from the cached pristine tarball (tools/debroot.sh;
#      built by debootstrap when missing or older than 7 days)
#   2. command 1 must build build/jlint and lint the example: exit 1 (the
#      example has findings) with findings for examples/train-gpu.sh
#   3. command 2 (the whole suite) must exit 0.  It starts real Slurm
#      clusters on the host's ports (the root shares the network), so it
#      holds the host's /run/lock/jlint-slurm-tests.lock meanwhile.
#   4. always (trap): processes left in the root killed, everything under
#      it unmounted, the root deleted.
#
# Needs root.  Environment: JLINT_FRESH_SUITE (default bookworm),
# JLINT_FRESH_SAMPLES (variables exported for command 2; default
# "JLINT_DIFF_N=300 JLINT_READER_N=100 JLINT_VALGRIND_EVERY=5", empty
# for the full samples),
# JLINT_FRESH_KEEP=1 (keep the root for a post-mortem: it stays mounted;
# remove it with tools/debroot.sh destroy DIR).
# Exit status: 0 passed, 1 a command did not do what README says, 2 setup.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
SUITE=${JLINT_FRESH_SUITE:-bookworm}
# Smaller samples for the differential tests against real sbatch and for
# valgrind over the fixtures: what this run proves is that README's
# commands work on a bare machine; the full samples run on the host in
# the same CI (make check).
SAMPLES=${JLINT_FRESH_SAMPLES-JLINT_DIFF_N=300 JLINT_READER_N=100 JLINT_VALGRIND_EVERY=5}
DEBROOT=$TOP/tools/debroot.sh
LOCK=/run/lock/jlint-slurm-tests.lock
die() { echo "check-fresh: setup failed: $*" >&2; exit 2; }
now() { date +%s; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount)"
"$TOP/tools/deps.sh" debootstrap git || die "cannot install debootstrap, git"
cd "$TOP" || die "cd $TOP"

# ---- the two commands, from README.md's Quick start block ------------------
CMDS=$(awk '/^## Quick start/ { q = 1; next }
	q && /^## / { exit }
	q && /^```/ { if (f) exit; f = 1; next }
	f { print }' README.md)
[ "$(printf '%s\n' "$CMDS" | wc -l)" = 2 ] ||
	die "README.md's Quick start block is not exactly two lines: $CMDS"
CMD1=$(printf '%s\n' "$CMDS" | sed -n 1p)
CMD2=$(printf '%s\n' "$CMDS" | sed -n 2p)

T0=$(now)
W=$(mktemp -d /tmp/jlint-fresh.XXXXXX) || die "mktemp"
R=$W/root
cleanup() {
	st=$?
	if [ -n "${JLINT_FRESH_KEEP:-}" ]; then
		echo "check-fresh: kept $R (tools/debroot.sh destroy $R)"
		exit $st
	fi
	tc=$(now)
	if ! "$DEBROOT" destroy "$R" || grep -q " $W" /proc/mounts; then
		echo "FAIL check-fresh: $R not cleaned up (mounts or processes left)"
		exit 2
	fi
	rm -rf "$W"
	echo "check-fresh: cleanup (processes, mounts, root) $(($(now) - tc)) s;" \
	    "total $(($(now) - T0)) s"
	exit $st
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP

TGZ=$("$DEBROOT" tarball "$SUITE") || die "no pristine $SUITE root"
T1=$(now)
"$DEBROOT" create "$SUITE" "$R" || die "cannot create the root"
mkdir -p "$R/root/jlint"
git archive --format=tar HEAD | tar -x -C "$R/root/jlint" ||
	die "git archive HEAD"
T2=$(now)
echo "check-fresh: $SUITE root from $TGZ ($(git rev-parse --short HEAD) in /root/jlint)"

# ---- command 1 ---------------------------------------------------------------
fail=0
echo "check-fresh: command 1: $CMD1"
"$DEBROOT" run "$R" "cd /root/jlint && $CMD1" >"$W/cmd1.out" 2>"$W/cmd1.err"
rc1=$?
T3=$(now)
if [ "$rc1" != 1 ] || [ ! -x "$R/root/jlint/build/jlint" ] ||
    ! grep -q '^examples/train-gpu.sh:[0-9]*:[0-9]*: ' "$W/cmd1.out"; then
	echo "FAIL check-fresh: command 1 exited $rc1 (expected 1: built," \
	    "then findings for examples/train-gpu.sh)"
	sed 's/^/  out| /' "$W/cmd1.out" | tail -30
	sed 's/^/  err| /' "$W/cmd1.err" | tail -40
	fail=1
elif inroot=$("$DEBROOT" run "$R" "dpkg-query -W -f '\${Package} \${db:Status-Status}\\n' libcmocka-dev python3 valgrind 2>/dev/null | grep ' installed\$'"); [ -n "$inroot" ]; then
	echo "FAIL check-fresh: command 1 (a plain build) installed what only tests need: $inroot"
	fail=1
else
	echo "ok   command 1: built, $(grep -c '^examples/train-gpu.sh:' "$W/cmd1.out") findings, exit 1 ($((T3 - T2)) s)"
fi

# ---- command 2 ---------------------------------------------------------------
T4=$T3
if [ $fail = 0 ]; then
	pre=
	[ -n "$SAMPLES" ] && pre="export $SAMPLES && "
	echo "check-fresh: command 2: $CMD2 (${SAMPLES:+with $SAMPLES; }waiting for $LOCK)"
	flock -w 1800 "$LOCK" "$DEBROOT" run "$R" "cd /root/jlint && $pre$CMD2" \
	    >"$W/cmd2.out" 2>&1
	rc2=$?
	T4=$(now)
	if [ "$rc2" != 0 ]; then
		echo "FAIL check-fresh: command 2 exited $rc2"
		grep -E '^(FAIL|== |make: \*\*\*|jlint: |.*setup failed)' "$W/cmd2.out" | tail -40
		echo "  --- last lines"
		tail -40 "$W/cmd2.out" | sed 's/^/  | /'
		fail=1
	else
		echo "ok   command 2: the whole suite passed ($((T4 - T3)) s)"
	fi
fi
echo "check-fresh: root $((T1 - T0)) s, unpack and copy $((T2 - T1)) s," \
    "command 1 $((T3 - T2)) s, command 2 $((T4 - T3)) s"
[ $fail = 0 ] && echo "check-fresh: passed" || echo "check-fresh: FAILED"
exit $fail
