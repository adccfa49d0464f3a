#!/bin/sh
# tools/deps.sh: make sure the Debian packages jlint builds against are here.
# Installs what is missing when run as root (apt-get); otherwise prints the
# exact command to run and fails.  Nothing is vendored.
set -u
need=""
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
command -v pkg-config >/dev/null 2>&1 || need="$need pkg-config"
command -v cc >/dev/null 2>&1 || need="$need gcc"
command -v make >/dev/null 2>&1 || need="$need make"
have_pc yaml-0.1 || need="$need libyaml-dev"
have_pc libpcre2-8 || need="$need libpcre2-dev"
have_pc cmocka || need="$need libcmocka-dev"
[ -f /usr/include/slurm/slurm.h ] || need="$need libslurm-dev"
for extra in "$@"; do
	case "$extra" in
	python3) command -v python3 >/dev/null 2>&1 || need="$need python3" ;;
	*) dpkg -s "$extra" >/dev/null 2>&1 || need="$need $extra" ;;
	esac
done
[ -z "$need" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "jlint: installing missing packages:$need" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >/dev/null &&
	apt-get install -y -qq --no-install-recommends $need >/dev/null || {
		echo "jlint: apt-get install$need failed" >&2; exit 1; }
	exit 0
fi
echo "jlint: missing build dependencies; run as root:" >&2
echo "  apt-get install -y --no-install-recommends$need" >&2
exit 1
