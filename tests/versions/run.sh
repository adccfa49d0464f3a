#!/bin/sh
# tests/versions/run.sh: `make check-slurm-versions`.  The plugin and the
# real-Slurm suites on each Slurm release sites run, each from Debian's own
# packages in a fresh root (tools/debroot.sh, as check-fresh builds one):
#
#   bookworm  Slurm 22.05 (Debian 12)   gcc 12
#   trixie    Slurm 24.11 (Debian 13)   gcc 14
#   sid       Slurm 26.05 (forky)       gcc 16
#
# For each: the committed tree (git archive HEAD) in /root/jlint; the build
# (jlint, the plugin, the test programs) against that release's headers and
# libslurm with -Werror; then tests/slurm (the plugin in that release's
# slurmctld, with its sbatch, srun, salloc), tests/slurm-clifilter (the
# cli_filter plugin in that release's sbatch, srun, salloc),
# tests/slurm-audit (jlint facts, --cluster, jlint audit) and
# tests/slurm-lua (the Lua module in that release's job_submit/lua,
# verdicts compared with the plugin's) and tests/slurm-acct (that
# release's slurmdbd over Debian's MariaDB: exemptions by default
# account) and tests/slurm-diff (jlint's "rejects" and "can never start"
# claims against that release's sbatch and slurmctld, with the policy's
# slurm_version set to it; JLINT_VERSIONS_DIFF_N cases per
# EnforcePartLimits value, default 60, JLINT_VERSIONS_READER_N generated
# scripts for its reader check, default 50: CI's time).  The roots share the
# host's network, so
# each suite run holds /run/lock/jlint-slurm-tests.lock; the roots are
# made and built without it, all at once in the background from the
# start (CI's time: a release's root is ready when the one before it has
# run its suites).  At the end the
# headline verdicts (section 1 of tests/slurm and of tests/slurm-lua) of
# all releases are compared.
#
# Usage: tests/versions/run.sh [SUITE...]   (default: bookworm trixie sid;
# also $JLINT_VERSIONS; JLINT_VERSIONS_REF=NAME=FILE below).  Needs root.  JLINT_VERSIONS_KEEP=1 keeps the roots.
# Exit status: 0 every release passed, 1 a release failed, 2 setup.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
DEBROOT=$TOP/tools/debroot.sh
LOCK=/run/lock/jlint-slurm-tests.lock
die() { echo "check-slurm-versions: setup failed: $*" >&2; exit 2; }
now() { date +%s; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount, daemons)"
"$TOP/tools/deps.sh" debootstrap git || die "cannot install debootstrap, git"
cd "$TOP" || die "cd $TOP"
[ $# -gt 0 ] || set -- ${JLINT_VERSIONS:-bookworm trixie sid}

W=$(mktemp -d /tmp/jlint-versions.XXXXXX) || die "mktemp"
ROOTS=
PIDS=
cleanup() {
	st=$?
	# Roots still being made or built: stop that first.
	for p in $PIDS; do
		kill "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	for r in $ROOTS; do
		if [ -n "${JLINT_VERSIONS_KEEP:-}" ]; then
			echo "check-slurm-versions: kept $r (tools/debroot.sh destroy $r)"
		elif ! "$DEBROOT" destroy "$r"; then
			echo "FAIL check-slurm-versions: $r not cleaned up"
			st=2
		fi
	done
	[ -n "${JLINT_VERSIONS_KEEP:-}" ] || rm -rf "$W"
	exit $st
}
trap cleanup EXIT
trap 'exit 2' INT TERM HUP

# What a root needs: tools/deps.sh's test group (the build, cmocka, that
# release's Slurm and munge, the tools the suites use), installed before
# the lock is taken so that the lock is held only while clusters run.
PKGS="test procps passwd"

# prepare SUITE: its root, packages and build, with no cluster (no lock).
# Every release's runs in the background from the start, so a root is
# made and built while the release before it runs its suites.  Writes
# what it says to $W/SUITE.prep and "t0 t1 t2 version" to $W/SUITE.t.
# Exit status: 0 built, 1 the build failed, 2 setup failed.
prepare() {
	suite=$1
	r=$W/$suite
	t0=$(now)
	if ! "$DEBROOT" create "$suite" "$r" >"$W/$suite.create" 2>&1; then
		tail -20 "$W/$suite.create"
		echo "cannot create a $suite root"
		return 2
	fi
	mkdir -p "$r/root/jlint"
	git archive --format=tar HEAD | tar -x -C "$r/root/jlint" ||
		{ echo "git archive HEAD"; return 2; }
	"$DEBROOT" run "$r" "cd /root/jlint && ./tools/deps.sh $PKGS" \
	    >"$W/$suite.deps" 2>&1 || {
		tail -20 "$W/$suite.deps"; echo "$suite: packages"; return 2; }
	t1=$(now)
	ver=$("$DEBROOT" run "$r" "dpkg-query -W -f '\${Version}' slurmctld")
	cc=$("$DEBROOT" run "$r" "cc -dumpfullversion")
	echo "$t0 $t1 $t1 $ver" >"$W/$suite.t"
	echo "== $suite: Slurm $ver, gcc $cc (root and packages $((t1 - t0)) s)"
	# The build: -Werror is in the Makefile's flags.
	if ! "$DEBROOT" run "$r" "cd /root/jlint && make -j2 all build/tests/slurm/t_desc build/tests/slurm/t_plugin build/tests/slurm-lua/t_lua" \
	    >"$W/$suite.build" 2>&1; then
		echo "FAIL $suite: the build against Slurm $ver"
		grep -E 'error|warning' "$W/$suite.build" | head -20
		return 1
	fi
	t2=$(now)
	echo "$t0 $t1 $t2 $ver" >"$W/$suite.t"
	# PLUGIN_PGO falls back to a plain plugin rather than fail: say which.
	if grep -q 'profile-guided build failed' "$W/$suite.build"; then
		pgo="plugin WITHOUT a profile: $(grep -m1 -E 'error' \
		    "$r/root/jlint/build/pgo.log" 2>/dev/null)"
	else
		pgo="plugin laid out by a profile"
	fi
	hot=$(cat "$r/root/jlint/build/job_submit_jlint.so.hot" 2>/dev/null)
	echo "ok   $suite: jlint and the plugin built with -Werror ($((t2 - t1)) s; $pgo; hot lines: ${hot:-no record})"
}
for suite in "$@"; do
	ROOTS="$ROOTS $W/$suite"
	prepare "$suite" >"$W/$suite.prep" 2>&1 &
	echo $! >"$W/$suite.pid"
	PIDS="$PIDS $!"
done

fail=0
summary=
for suite in "$@"; do
	r=$W/$suite
	wait "$(cat "$W/$suite.pid")"
	prc=$?
	cat "$W/$suite.prep"
	[ $prc != 2 ] || die "$(tail -1 "$W/$suite.prep")"
	read -r t0 t1 t2 ver <"$W/$suite.t"
	if [ $prc != 0 ]; then
		fail=1
		summary="$summary
$suite	$ver	build FAILED"
		continue
	fi
	flock -w 1800 "$LOCK" "$DEBROOT" run "$r" \
	    "cd /root/jlint && make check-slurm check-cluster check-slurm-lua check-slurm-acct && JLINT_DIFF_N=${JLINT_VERSIONS_DIFF_N:-60} JLINT_READER_N=${JLINT_VERSIONS_READER_N:-50} make check-diff" >"$W/$suite.out" 2>&1
	rc=$?
	t3=$(now)
	if [ $rc != 0 ]; then
		echo "FAIL $suite: the real-Slurm suites (Slurm $ver)"
		grep -E '^(FAIL|  (err|out|cli|lua<  >c)\||.*setup failed|slurm tests:|slurm-audit:|slurm-lua tests:|t_lua:|slurm-clifilter tests:|slurm-acct tests:|hot lines:|  DISAGREE|.*<-- FAIL|  (rejection claims|errors on jobs|real rejections)|nodes \()' \
		    "$W/$suite.out" | head -60
		fail=1
		res=FAILED
	else
		echo "ok   $suite: $(grep -E '^slurm tests:' "$W/$suite.out")"
		echo "ok   $suite: $(grep -E '^slurm-audit:' "$W/$suite.out" | cut -c1-60)"
		echo "ok   $suite: $(grep -E '^slurm-lua tests:' "$W/$suite.out")"
		echo "ok   $suite: $(grep -E '^slurm-clifilter tests:' "$W/$suite.out")"
		echo "ok   $suite: $(grep -E '^slurm-acct tests:' "$W/$suite.out")"
		grep -E '^  (rejection claims confirmed|errors on jobs|real rejections explained)|^nodes \(|^  disagreements|^== arrays' \
		    "$W/$suite.out" | sed -e "s/^== //" -e "s/^ */ok   $suite: slurm-diff: /"
		res=passed
	fi
	# The headline verdicts: section 1 of tests/slurm and of tests/slurm-lua,
	# as they kept them.
	if ! cat "$r/root/jlint/build/slurm-headline.out" \
	    "$r/root/jlint/build/slurm-lua-headline.out" >"$W/$suite.headline" ||
	    ! [ -s "$W/$suite.headline" ]; then
		: >"$W/$suite.headline"
		if [ "$res" = passed ]; then
			echo "FAIL $suite: the suites passed but kept no headline verdicts"
			fail=1
		fi
	fi
	summary="$summary
$suite	$ver	built, loaded, suites $res ($((t3 - t0)) s: setup $((t1 - t0)), build $((t2 - t1)), tests $((t3 - t2)))"
done

# The same verdicts from every controller.  JLINT_VERSIONS_REF="NAME=FILE..."
# adds one more release's, kept by runs of tests/slurm and tests/slurm-lua
# elsewhere (.ci/run
# passes the host's: Slurm 22.05 of Debian 12, whose suites check and
# check-fresh have just run, so it does not build a bookworm root again).
first=
compared=
if [ -n "${JLINT_VERSIONS_REF:-}" ]; then
	ref=${JLINT_VERSIONS_REF%%=*}
	: >"$W/$ref.headline"
	for f in ${JLINT_VERSIONS_REF#*=}; do
		[ -s "$f" ] || die "JLINT_VERSIONS_REF: $f is missing or empty"
		cat "$f" >>"$W/$ref.headline"
	done
	set -- "$ref" "$@"
fi
for suite in "$@"; do
	[ -s "$W/$suite.headline" ] || continue
	compared="$compared $suite"
	if [ -z "$first" ]; then
		first=$suite
	elif ! cmp -s "$W/$first.headline" "$W/$suite.headline"; then
		echo "FAIL headline verdicts differ between $first and $suite:"
		diff "$W/$first.headline" "$W/$suite.headline" | head -20
		fail=1
	fi
done
[ -n "$first" ] && [ $fail = 0 ] &&
    echo "ok   the same headline verdicts from every release ($(grep -c '^ok ' "$W/$first.headline") checks;$compared)"
echo "check-slurm-versions: release, Slurm, result:$summary"
[ $fail = 0 ] && echo "check-slurm-versions: passed" ||
    echo "check-slurm-versions: FAILED"
exit $fail
