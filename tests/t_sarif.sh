#!/bin/sh
# tests/t_sarif.sh: `jlint --format sarif` validates against the SARIF
# 2.1.0 JSON schema and carries what GitHub code scanning needs.  The
# schema is not vendored: it comes from the npm package
# @microsoft/jest-sarif (lib/schemas/sarif-2.1.0-rtm.5.json, Microsoft's
# copy of the OASIS schema), fetched with `npm pack` into a cache
# directory at test time.  Validation uses python3's jsonschema (the
# Debian package python3-jsonschema, installed when missing and root).
# If the schema or the validator cannot be had, the test FAILS.
set -u
JLINT=${JLINT:-build/jlint}
case "$JLINT" in /*) ;; *) JLINT="$PWD/$JLINT" ;; esac
ROOT=$PWD
CACHE=${JLINT_TEST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/jlint-test}
PKG=@microsoft/jest-sarif@1.0.0-beta.0
SCHEMA=$CACHE/jest-sarif/package/lib/schemas/sarif-2.1.0-rtm.5.json
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
unset JLINT_POLICY GITHUB_ACTIONS

# npm and the validator: installed when missing and root (tools/deps.sh).
[ "$(id -u)" = 0 ] && "$ROOT/tools/deps.sh" npm python3-jsonschema
if [ ! -s "$SCHEMA" ]; then
	mkdir -p "$CACHE/jest-sarif" &&
	(cd "$CACHE/jest-sarif" && npm pack --silent "$PKG" >/dev/null 2>&1 &&
	    tar xzf microsoft-jest-sarif-*.tgz) || true
fi
if [ ! -s "$SCHEMA" ]; then
	echo "FAIL sarif: cannot fetch the SARIF schema ($PKG from npm)"
	exit 1
fi
PY=python3
$PY -c 'import jsonschema' 2>/dev/null || PY=/usr/bin/python3
if ! $PY -c 'import jsonschema' 2>/dev/null; then
	echo "FAIL sarif: no jsonschema validator (apt-get install python3-jsonschema)"
	exit 1
fi

cd "$T" || exit 1
printf '#!/bin/bash\n#SBATCH -t 10\nset -e\n#SBATCH --mem=1G\n' > late.sh
printf '#!/bin/bash\n#SBATCH --time=12:00\n#SBATCH --gres=gpu:1\nsrun singularity exec "/my img.sif" python x.py\n' > 'gpu job.sh'
cp "$ROOT/policies/ai-lab.yaml" site.yaml
"$JLINT" --policy site.yaml --format sarif late.sh 'gpu job.sh' > out.sarif
rc1=$?
"$JLINT" --isolated --format sarif sbatch --partion=x late.sh > cli.sarif
"$JLINT" --isolated --format sarif late.sh > /dev/null
printf '#!/bin/bash\n#SBATCH -t 10\nsrun x\n' > ok.sh
"$JLINT" --isolated --format sarif ok.sh > clean.sarif
rc2=$?
# The site's mode (properties.mode) and an exemption (an external
# suppression), issue 10 defects 9 and 10.
cat > exempt.yaml <<'EOF'
partitions: [{ name: batch, default: true }, { name: bench }]
rules: { missing-time-limit: { severity: error, mode: enforce } }
exemptions:
  - { rules: [missing-time-limit], partitions: [bench],
      reason: "benchmarks", expires: 2099-12-31 }
EOF
printf '#!/bin/bash\n#SBATCH -p bench\nsrun x\n' > bench.sh
printf '#!/bin/bash\n#SBATCH -p batch\nsrun x\n' > batch.sh
"$JLINT" --policy exempt.yaml --format sarif bench.sh batch.sh > exempt.sarif
$PY - "$SCHEMA" out.sarif cli.sarif clean.sarif "$rc1" "$rc2" exempt.sarif <<'PY'
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
fails = []
for path in sys.argv[2:5]:
    doc = json.load(open(path))
    v = jsonschema.Draft4Validator(schema)
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    for e in errs[:5]:
        fails.append(f"{path}: {list(e.path)}: {e.message}")
    run = doc["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    if len(ids) != len(set(ids)):
        fails.append(f"{path}: duplicate rule ids")
    for r in run["tool"]["driver"]["rules"]:
        for k in ("shortDescription", "fullDescription", "help",
                  "defaultConfiguration"):
            if k not in r:
                fails.append(f"{path}: rule {r['id']} lacks {k}")
    for res in run["results"]:
        # What code scanning needs of each result.
        if res["ruleId"] not in ids or ids[res["ruleIndex"]] != res["ruleId"]:
            fails.append(f"{path}: ruleId/ruleIndex mismatch")
        loc = res["locations"][0]["physicalLocation"]
        reg = loc["region"]
        if reg["startLine"] < 1 or reg["startColumn"] < 1:
            fails.append(f"{path}: bad region {reg}")
        if not res["message"]["text"]:
            fails.append(f"{path}: empty message")
doc = json.load(open("out.sarif"))
run = doc["runs"][0]
assert doc["version"] == "2.1.0"
assert run["tool"]["driver"]["name"] == "jlint"
rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
need = {"late-directive", "time-mmss", "gpu-container-no-nv", "image-outside-ceph"}
if not need <= set(rules):
    fails.append(f"rules missing: {need - set(rules)}")
else:
    if rules["gpu-container-no-nv"]["defaultConfiguration"]["level"] != "error":
        fails.append("level of gpu-container-no-nv")
    if rules["late-directive"]["properties"]["code"] != "JL1005":
        fails.append("code property")
    if "Singularity" not in rules["gpu-container-no-nv"]["help"]["text"]:
        fails.append("help text is the rule's doc")
    if rules["image-outside-ceph"]["properties"]["code"] != "AILAB001":
        fails.append("site rule metadata")
uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
if uris != {"late.sh", "gpu%20job.sh"}:
    fails.append(f"uris {uris}")
late = [r for r in run["results"] if r["ruleId"] == "late-directive"][0]
reg = late["locations"][0]["physicalLocation"]["region"]
if (reg["startLine"], reg["startColumn"], reg["endLine"], reg["endColumn"]) != (4, 1, 4, 17):
    fails.append(f"late-directive region {reg}")
if late["level"] != "warning":
    fails.append("level")
if sys.argv[5] != "1" or sys.argv[6] != "0":
    fails.append(f"exit status {sys.argv[5]} {sys.argv[6]}")
clean = json.load(open("clean.sarif"))
if clean["runs"][0]["results"] != []:
    fails.append("clean run has results")
ex = json.load(open(sys.argv[7]))
for e in sorted(jsonschema.Draft4Validator(schema).iter_errors(ex),
                key=lambda e: list(e.path))[:5]:
    fails.append(f"exempt.sarif: {list(e.path)}: {e.message}")
res = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r
       for r in ex["runs"][0]["results"]}
if set(res) != {"bench.sh", "batch.sh"}:
    fails.append(f"exempt.sarif results {sorted(res)}")
else:
    for uri in res:
        if res[uri].get("properties", {}).get("mode") != "enforce":
            fails.append(f"exempt.sarif: {uri}: no properties.mode")
    sup = res["bench.sh"].get("suppressions", [])
    if (len(sup) != 1 or sup[0]["kind"] != "external" or
            "benchmarks" not in sup[0].get("justification", "")):
        fails.append(f"exempt.sarif: bench.sh suppressions {sup}")
    if "suppressions" in res["batch.sh"]:
        fails.append("exempt.sarif: batch.sh is not exempted")
for f in fails:
    print("FAIL sarif: " + f)
print(f"sarif: {'ok' if not fails else 'FAILED'} (schema {sys.argv[1].rsplit('/', 1)[-1]})")
sys.exit(1 if fails else 0)
PY
