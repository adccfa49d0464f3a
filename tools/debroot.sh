#!/bin/sh
# tools/debroot.sh: throw-away Debian roots (debootstrap --variant=minbase)
# for testing a bare machine or another Debian release's Slurm.  Root only.
#
#   tools/debroot.sh tarball SUITE      print the cached pristine root of
#                                       SUITE, building it first when it is
#                                       missing or older than 7 days
#   tools/debroot.sh create SUITE DIR   unpack it into DIR (new or empty),
#                                       copy the host's resolv.conf, CA
#                                       certificates and /etc/npmrc, mount
#                                       /proc, /sys and /dev
#   tools/debroot.sh run DIR SCRIPT     bash -c SCRIPT inside DIR as root,
#                                       clean environment (env -i), cwd /
#   tools/debroot.sh destroy DIR        kill every process whose root is
#                                       DIR, unmount everything under DIR
#                                       (deepest first), delete DIR
#
# SUITE: anything this host's debootstrap knows (bookworm, trixie, sid).
# sid's Release file may be past its Valid-Until on the mirror: every root
# gets Acquire::Check-Valid-Until "false".  The cache is
# $JLINT_ROOT_CACHE (default /var/cache/jlint/roots), outside any checkout;
# builds of one suite take turns (flock).  Environment: JLINT_DEB_MIRROR
# (default http://deb.debian.org/debian).
set -eu
CACHE=${JLINT_ROOT_CACHE:-/var/cache/jlint/roots}
MIRROR=${JLINT_DEB_MIRROR:-http://deb.debian.org/debian}
MAXAGE_DAYS=7
me=tools/debroot.sh

die() { echo "$me: $*" >&2; exit 2; }
[ "$(id -u)" = 0 ] || die "needs root (debootstrap, chroot, mount)"
abs() { case "$1" in /*) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }

tarball() {	# tarball SUITE: path of a fresh enough pristine root
	suite=$1
	tgz=$CACHE/$suite-minbase.tar.gz
	mkdir -p "$CACHE"
	exec 8>"$CACHE/.$suite.lock"
	flock 8
	if [ -s "$tgz" ] && [ -z "$(find "$tgz" -mtime +$((MAXAGE_DAYS - 1)))" ]; then
		exec 8>&-
		echo "$tgz"
		return 0
	fi
	command -v debootstrap >/dev/null 2>&1 ||
		"$(dirname "$0")/deps.sh" debootstrap >&2 || die "no debootstrap"
	b=$(mktemp -d "$CACHE/.build-$suite.XXXXXX")
	t0=$(date +%s)
	echo "$me: building a pristine $suite root (debootstrap, about 70 s)" >&2
	if ! debootstrap --variant=minbase "$suite" "$b/root" "$MIRROR" \
	    >"$b/log" 2>&1; then
		tail -20 "$b/log" >&2
		unmount_all "$b/root"
		rm -rf --one-file-system "$b"
		die "debootstrap $suite failed"
	fi
	unmount_all "$b/root"
	echo 'Acquire::Check-Valid-Until "false";' \
	    >"$b/root/etc/apt/apt.conf.d/99jlint-no-valid-until"
	rm -rf "$b/root/var/cache/apt/archives/"*.deb
	tar -C "$b/root" --numeric-owner -czf "$b/root.tar.gz" . ||
		die "tar of the $suite root failed"
	mv -f "$b/root.tar.gz" "$tgz"
	rm -rf --one-file-system "$b"
	echo "$me: $tgz built in $(($(date +%s) - t0)) s" >&2
	exec 8>&-
	echo "$tgz"
}

# Mount points under DIR, deepest first.
mounts_under() {
	awk -v d="$1" '$2 == d || index($2, d "/") == 1 { print $2 }' /proc/mounts |
	    sort -r
}
unmount_all() {
	for m in $(mounts_under "$1"); do umount -l "$m" 2>/dev/null || true; done
}
# PIDs whose root directory is DIR.
pids_in() {
	for p in /proc/[0-9]*; do
		r=$(readlink "$p/root" 2>/dev/null) || continue
		[ "$r" = "$1" ] && echo "${p#/proc/}"
	done
	return 0
}

create() {
	suite=$1 dir=$(abs "$2")
	tgz=$(tarball "$suite")
	mkdir -p "$dir"
	[ -z "$(ls -A "$dir")" ] || die "$dir is not empty"
	tar -C "$dir" --numeric-owner -xzf "$tgz" || die "cannot unpack $tgz"
	cp -L /etc/resolv.conf "$dir/etc/resolv.conf"
	# The host's CA certificates (a TLS-inspecting proxy's CA among them):
	# the bundle itself, and the local CAs so that update-ca-certificates
	# (postinst of ca-certificates, pulled in by npm) keeps them.
	mkdir -p "$dir/etc/ssl/certs" "$dir/usr/local/share/ca-certificates"
	[ -f /etc/ssl/certs/ca-certificates.crt ] &&
		cp -L /etc/ssl/certs/ca-certificates.crt "$dir/etc/ssl/certs/"
	[ -d /usr/local/share/ca-certificates ] &&
		cp -RL /usr/local/share/ca-certificates/. \
		    "$dir/usr/local/share/ca-certificates/"
	[ -f /etc/npmrc ] && cp -L /etc/npmrc "$dir/etc/npmrc"
	mount -t proc proc "$dir/proc"
	mount --rbind /sys "$dir/sys" && mount --make-rslave "$dir/sys"
	mount --rbind /dev "$dir/dev" && mount --make-rslave "$dir/dev"
}

run() {
	dir=$(abs "$1")
	ca=
	[ -f "$dir/etc/ssl/certs/ca-certificates.crt" ] &&
		ca=NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
	chroot "$dir" /usr/bin/env -i HOME=/root TERM=dumb \
	    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	    LANG=C.UTF-8 $ca /bin/bash -c "cd / && $2"
}

destroy() {
	dir=$(abs "$1")
	[ -d "$dir" ] || return 0
	[ "$dir" != / ] || die "refusing to destroy /"
	# Daemons started inside (munged, slurmctld, slurmd) outlive chroot.
	for sig in TERM KILL; do
		p=$(pids_in "$dir")
		[ -n "$p" ] || break
		echo "$me: SIG$sig to processes left in $dir:" $p >&2
		kill -s "$sig" $p 2>/dev/null || true
		for _ in 1 2 3 4 5 6 7 8 9 10; do
			[ -z "$(pids_in "$dir")" ] && break
			sleep 0.5
		done
	done
	unmount_all "$dir"
	[ -z "$(mounts_under "$dir")" ] || die "still mounted under $dir"
	rm -rf --one-file-system "$dir"
}

cmd=${1:-}
[ $# -ge 1 ] && shift
case "$cmd" in
tarball) [ $# = 1 ] || die "usage: $me tarball SUITE"; tarball "$1" ;;
create) [ $# = 2 ] || die "usage: $me create SUITE DIR"; create "$1" "$2" ;;
run) [ $# = 2 ] || die "usage: $me run DIR SCRIPT"; run "$1" "$2" ;;
destroy) [ $# = 1 ] || die "usage: $me destroy DIR"; destroy "$1" ;;
*) die "usage: $me tarball|create|run|destroy ..." ;;
esac
