#!/bin/sh
# tests/t_init.sh: jlint init writes a commented starter .jlint.yaml that
# loads, validates against the policy schema and is the policy jlint then
# finds; it never overwrites; with a site policy (/etc/jlint/policy.yaml,
# made in a private mount namespace) it says extends: site.
set -u
JLINT=${JLINT:-build/jlint}
case "$JLINT" in /*) ;; *) JLINT="$PWD/$JLINT" ;; esac
ROOT=$PWD
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
unset JLINT_POLICY
fail=0
bad() { echo "FAIL init: $*"; fail=1; }

mkdir "$T/repo" "$T/repo/.git"
cd "$T/repo" || exit 1
if [ -e /etc/jlint/policy.yaml ]; then
	echo "FAIL init: /etc/jlint/policy.yaml exists here; the test needs a machine without a site policy"
	exit 1
fi
out=$("$JLINT" init 2>&1) || bad "init failed: $out"
[ -s .jlint.yaml ] || bad "no .jlint.yaml"
grep -qx 'extends: default' .jlint.yaml || bad "no extends: default"
grep -q '^# yaml-language-server: \$schema=' .jlint.yaml || bad "no schema line"
"$JLINT" policy check .jlint.yaml >/dev/null 2>&1 || bad "the starter does not load"
PYTHONDONTWRITEBYTECODE=1 python3 - "$ROOT" <<'PY' || bad "the starter does not validate against the schema"
import json, sys, yaml
sys.path.insert(0, sys.argv[1] + "/tests")
from t_schema import Yaml12Loader
import jsonschema
s = json.load(open(sys.argv[1] + "/schema/jlint-policy.schema.json"))
jsonschema.validate(yaml.load(open(".jlint.yaml"), Loader=Yaml12Loader), s)
PY
printf '#!/bin/bash\n#SBATCH --time=10\nsrun true\n' > job.sh
"$JLINT" --show-policy job.sh | grep -q "$T/repo/.jlint.yaml" || bad "jlint does not find the starter"
echo "name: mine" > .jlint.yaml
"$JLINT" init >/dev/null 2>"$T/err"; rc=$?
[ $rc = 2 ] || bad "init over an existing file: exit $rc"
grep -q "exists; jlint init does not overwrite it" "$T/err" || bad "no message: $(cat "$T/err")"
[ "$(cat .jlint.yaml)" = "name: mine" ] || bad "init overwrote .jlint.yaml"
rm .jlint.yaml
mkdir sub
"$JLINT" init sub >/dev/null || bad "init DIR failed"
[ -s sub/.jlint.yaml ] || bad "init DIR wrote nothing"
"$JLINT" init no/such/dir >/dev/null 2>&1 && bad "init into a missing directory succeeded"
"$JLINT" init a b >/dev/null 2>&1; [ $? = 2 ] || bad "init a b: not a usage error"

# A site policy: extends: site, and the effective policy has its facts.
# /etc/jlint/policy.yaml is a fixed path: a private /etc where mount
# namespaces work, else (a chroot, as check-fresh) a real /etc/jlint made
# for the test and removed after it, never one that already exists.
site_check() {
	grep -qx 'extends: site' .jlint.yaml || bad "no extends: site"
	grep -q '"ai-lab"' .jlint.yaml || bad "the site policy's name is not given"
	grep -q '^#   1. /etc/jlint/policy.yaml' "$T/show" || bad "the site policy is not the base: $(head -5 "$T/show")"
}
mkdir "$T/site"
cp "$ROOT/policies/ai-lab.yaml" "$T/site/policy.yaml"
rm -f .jlint.yaml
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
	unshare -m sh -c "mount -t tmpfs tmpfs /etc && mkdir /etc/jlint &&
	    cp '$T/site/policy.yaml' /etc/jlint/ && '$JLINT' init >/dev/null &&
	    '$JLINT' --show-policy job.sh" > "$T/show" 2>&1 || bad "init with a site policy: $(cat "$T/show")"
	site_check
elif [ "$(id -u)" = 0 ] && [ ! -e /etc/jlint ]; then
	trap 'rm -rf /etc/jlint; rm -rf "$T"' EXIT
	mkdir /etc/jlint && cp "$T/site/policy.yaml" /etc/jlint/ &&
	    "$JLINT" init >/dev/null && "$JLINT" --show-policy job.sh \
	    > "$T/show" 2>&1 || bad "init with a site policy: $(cat "$T/show")"
	rm -rf /etc/jlint
	site_check
else
	echo "SKIP init: the site branch needs root, and unshare -m or no /etc/jlint"
fi
[ $fail = 0 ] && echo "init: ok"
exit $fail
