#!/bin/sh
# fuzz/deps.sh: what `make fuzz` needs beyond the build: clang with its
# libFuzzer/sanitizer runtime (Debian: clang, libclang-rt-14-dev) and
# python3-yaml for fuzz/mkseeds.py.  Installs what is missing when run as
# root, through tools/deps.sh (apt-get); otherwise says what to install.
set -eu
cc=${FUZZ_CC:-clang}
pkgs="python3 python3-yaml"
command -v "$cc" >/dev/null 2>&1 || pkgs="$pkgs clang"
./tools/deps.sh $pkgs
# The runtime: try to link a trivial fuzzer.
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' >"$t/f.c"
if ! "$cc" -fsanitize=fuzzer,address,undefined -o "$t/f" "$t/f.c" \
    >/dev/null 2>&1; then
	v=$("$cc" --version | sed -n 's/.*clang version \([0-9]*\).*/\1/p')
	./tools/deps.sh "libclang-rt-${v:-14}-dev"
	"$cc" -fsanitize=fuzzer,address,undefined -o "$t/f" "$t/f.c" || {
		echo "fuzz: $cc cannot link libFuzzer (install" \
		    "libclang-rt-${v:-14}-dev)" >&2
		exit 1
	}
fi
