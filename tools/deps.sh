#!/bin/sh
# tools/deps.sh [WHAT...]: make sure the Debian packages a target needs are
# here.  Installs what is missing when run as root (apt-get); otherwise
# prints the exact command to run and fails.  Nothing is vendored.  This is
# the one list of what each part of jlint needs:
#
#   make     make alone (tools/make.sh installs it, make does the rest)
#   build    the jlint command and the Slurm plugin (the default): gcc,
#            libc6-dev, make, pkg-config, libyaml-dev, libpcre2-dev,
#            libslurm-dev (the command links libslurm; the plugin needs
#            <slurm/slurm.h>), liblua5.1-0-dev (the Lua module for
#            job_submit.lua: Debian 12, 13 and sid build job_submit_lua.so
#            with Lua 5.1)
#   unit     build, plus libcmocka-dev for the unit-test binaries
#   test     unit, plus every tool `make check` uses: python3 (fixtures,
#            CLI tests), python3-jsonschema and npm (SARIF schema), python3-yaml (policy schema),
#            pre-commit and git, groff-base and man-db (man pages), valgrind,
#            Slurm's daemons and clients and munge, iproute2 (ss), patch (--diff),
#            neovim (jlint lsp in a real editor), the acct group
#   acct     mariadb-server and slurmdbd: real accounting for
#            tests/slurm-acct (exemptions by default account)
#   bench    python3, hyperfine, shellcheck, time (bench/run.sh)
#   fuzz     clang, python3, python3-yaml (fuzz/deps.sh adds the runtime)
#   NAME     any other word is a Debian package name
set -u
pkgs=""
add() { pkgs="$pkgs $*"; }
group() {
	case "$1" in
	make) add make ;;
	build) add make gcc libc6-dev pkg-config libyaml-dev libpcre2-dev \
	    libslurm-dev liblua5.1-0-dev ;;
	unit) group build; add libcmocka-dev ;;
	test) group unit; add python3 python3-jsonschema python3-yaml npm pre-commit git \
	    groff-base man-db valgrind slurmctld slurmd slurm-client munge iproute2 \
	    patch neovim; group acct ;;
	acct) add mariadb-server slurmdbd ;;
	bench) add python3 hyperfine shellcheck time ;;
	fuzz) add clang python3 python3-yaml ;;
	*) add "$1" ;;
	esac
}
[ $# = 0 ] && set -- build
for w in "$@"; do group "$w"; done
# Missing: not installed according to dpkg (one query for all) and, for a
# tool, no such command either (a node or python3 from elsewhere counts;
# Debian's npm cannot even be installed next to NodeSource's nodejs).
# Without dpkg (not Debian) nothing can be checked or installed here.
command -v dpkg-query >/dev/null 2>&1 || exit 0
present() {
	case "$1" in
	python3-jsonschema) m=jsonschema ;;
	python3-yaml) m=yaml ;;
	*) m= ;;
	esac
	if [ -n "$m" ]; then
		python3 -c "import $m" 2>/dev/null ||
		    /usr/bin/python3 -c "import $m" 2>/dev/null
		return
	fi
	case "$1" in
	gcc) c=cc ;; groff-base) c=groff ;; man-db) c=man ;; iproute2) c=ss ;;
	time) c=/usr/bin/time ;;
	neovim) c=nvim ;;
	patch) c=patch ;;
	make|pkg-config|python3|npm|pre-commit|git|valgrind|shellcheck|\
	hyperfine|clang|debootstrap) c=$1 ;;
	*) return 1 ;;
	esac
	command -v "$c" >/dev/null 2>&1
}
pkgs=$(for p in $pkgs; do echo "$p"; done | sort -u)
have=$(dpkg-query -W -f '${Package} ${db:Status-Status}\n' $pkgs 2>/dev/null |
    awk '$2 == "installed" { print $1 }')
need=$(for p in $pkgs; do
	echo "$have" | grep -qx -- "$p" || present "$p" || echo "$p"
done | tr '\n' ' ')
need=${need% }
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	# One apt-get at a time (make -jN, concurrent runs): wait for the lock.
	lock=/run/lock/jlint-deps.lock
	[ -d /run/lock ] && [ -w /run/lock ] || lock=/tmp/jlint-deps.lock
	exec 7>"$lock"
	flock 7
	echo "jlint: installing missing packages: $need" >&2
	export DEBIAN_FRONTEND=noninteractive
	# Package lists first when there are none (a fresh machine) or the
	# install fails on stale ones.
	inst() { apt-get install -y -qq -o DPkg::Lock::Timeout=600 \
	    --no-install-recommends $need >"$log" 2>&1; }
	log=$(mktemp) || exit 1
	if [ -z "$(ls /var/lib/apt/lists/ 2>/dev/null | grep -v -e '^lock$' -e '^partial$' -e '^auxfiles$')" ] || ! inst; then
		apt-get update -qq >"$log" 2>&1 && inst || {
			cat "$log" >&2; rm -f "$log"
			echo "jlint: apt-get install $need failed" >&2; exit 1; }
	fi
	rm -f "$log"
	exit 0
fi
echo "jlint: missing packages; run as root:" >&2
echo "  apt-get install -y --no-install-recommends $need" >&2
exit 1
