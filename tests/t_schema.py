#!/usr/bin/env python3
"""tests/t_schema.py: schema/jlint-policy.schema.json.

- It is current: `jlint policy schema` (generated from the policy loader's
  key table and the field table) prints exactly the file (`make schema`
  rewrites it).
- It is a valid draft-07 schema, and every shipped policy (policies/*.yaml)
  and every other policy in the tree that `jlint policy check` accepts
  validates against it with a real validator (python3-jsonschema).
- Broken policies fail it, and `jlint policy check` rejects each of them
  too (the schema and the loader agree).

YAML is read as editors read it (YAML 1.2 core schema, as the
yaml-language-server does): yes/no/on/off and dates stay strings.
Prints "schema: N checks, ok" or the failures; exits 1 on any failure.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

JLINT = os.path.abspath(os.environ.get("JLINT", "build/jlint"))
SCHEMA = "schema/jlint-policy.schema.json"

try:
    import jsonschema
    import yaml
except ImportError as e:
    print("FAIL schema: %s (apt-get install python3-jsonschema "
          "python3-yaml)" % e)
    sys.exit(1)


class Yaml12Loader(yaml.SafeLoader):
    """SafeLoader with the YAML 1.2 core schema's implicit types."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, rx, first in [
        ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$",
         "tTfF"),
        ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$",
         "-+0123456789"),
        ("tag:yaml.org,2002:float",
         r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
         r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
        ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$",
         ["~", "n", "N", ""])]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(rx), list(first))

failures = []
nchecks = 0


def check(cond, what):
    global nchecks
    nchecks += 1
    if not cond:
        failures.append(what)
        print("FAIL schema: " + what, file=sys.stderr)
    return cond


def policy_ok(path):
    r = subprocess.run([JLINT, "policy", "check", path],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       env=dict(os.environ, JLINT_POLICY=""))
    return r.returncode == 0, r.stderr.decode()


def schema_errors(validator, path):
    with open(path) as f:
        try:
            doc = yaml.load(f, Loader=Yaml12Loader)
        except yaml.YAMLError as e:
            return ["not YAML: %s" % e]
    return [e.message for e in validator.iter_errors(doc)]


# Broken policies: each must fail the schema and the loader.
# Policies that load and must validate: shapes no shipped file has.
GOOD = {
    "mode-per-point": "rules:\n  late-directive: { mode: { cli_filter: "
                      "warn, job_submit: enforce } }\n  time-mmss: "
                      "{ mode: { default: audit, cli: warn } }\n"
                      "  gpu-container-no-nv: enforce\n",
}

BROKEN = {
    "unknown-key": "name: x\npartiton: []\n",
    "unknown-partition-key": "partitions:\n  - { name: gpu, walltime: 10 }\n",
    "bad-gpu-flag": "gpu_flag: --cuda\n",
    "bad-runtime": "container_runtimes: [singularty]\n",
    "bad-duration": "partitions:\n  - { name: gpu, max_time: 3 days }\n",
    "bad-size": "limits: { max_mem_per_gpu: lots }\n",
    "bad-count": "limits: { max_gpus_per_job: -2 }\n",
    "bad-partition-limit": "partitions:\n  - { name: gpu, limits: "
                           "{ max_cpus_per_gpu: -1 } }\n",
    "bad-setting": "rules:\n  time-mmss: sometimes\n",
    "bad-mode": "rules:\n  time-mmss: { mode: reject }\n",
    "bad-mode-point": "rules:\n  time-mmss: { mode: { slurmctld: warn } }\n",
    "bad-point-mode": "rules:\n  time-mmss: { mode: { cli_filter: stop } }\n",
    "bad-severity-key": "rules:\n  time-mmss: { level: error }\n",
    "bad-release": "slurm_version: \"21.08\"\n",
    "bad-on-error": "on_error: maybe\n",
    "bad-date": "exemptions:\n  - { rules: [time-mmss], users: [a], "
                "reason: r, expires: next week }\n",
    "bad-node-key": "partitions:\n  - name: gpu\n    nodes:\n"
                    "      - { count: 2, gres: { a100: 4 } }\n",
    "bad-site-rule-key": "site_rules:\n  - { code: X1, slug: x, "
                         "severity: warning, summary: s, doc: d, "
                         "whenever: 'true' }\n",
}


def main():
    if not os.access(JLINT, os.X_OK):
        print("FAIL schema: no %s" % JLINT)
        return 1
    gen = subprocess.run([JLINT, "policy", "schema"], capture_output=True)
    with open(SCHEMA, "rb") as f:
        have = f.read()
    check(gen.returncode == 0 and gen.stdout == have,
          "%s is not current: run make schema" % SCHEMA)
    schema = json.loads(have)
    try:
        jsonschema.Draft7Validator.check_schema(schema)
        check(True, "")
    except jsonschema.SchemaError as e:
        check(False, "not a valid draft-07 schema: %s" % e.message)
        return 1
    v = jsonschema.Draft7Validator(schema)

    shipped = sorted(glob.glob("policies/*.yaml"))
    check(len(shipped) >= 3, "shipped policies found")
    for p in shipped:
        ok, err = policy_ok(p)
        check(ok, "%s: jlint policy check fails: %s" % (p, err))
        errs = schema_errors(v, p)
        check(errs == [], "%s: schema errors: %s" % (p, errs[:3]))
    others = sorted(set(glob.glob("fixtures/**/*.yaml", recursive=True) +
                        glob.glob("tests/**/*.yaml", recursive=True) +
                        glob.glob("examples/**/*.yaml", recursive=True)))
    nother = 0
    for p in others:
        ok, _ = policy_ok(p)
        if not ok:
            continue    # templates, and policies that are broken on purpose
        nother += 1
        errs = schema_errors(v, p)
        check(errs == [], "%s: loads, but schema errors: %s" % (p, errs[:3]))
    check(nother >= 3, "other policies that load: %d" % nother)

    with tempfile.TemporaryDirectory() as t:
        for name, text in sorted(GOOD.items()):
            p = os.path.join(t, name + ".yaml")
            with open(p, "w") as f:
                f.write(text)
            ok, err = policy_ok(p)
            check(ok, "%s: jlint policy check fails: %s" % (name, err))
            errs = schema_errors(v, p)
            check(errs == [], "%s: schema errors: %s" % (name, errs[:3]))
        for name, text in sorted(BROKEN.items()):
            p = os.path.join(t, name + ".yaml")
            with open(p, "w") as f:
                f.write(text)
            ok, _ = policy_ok(p)
            check(not ok, "%s: jlint policy check accepts it" % name)
            check(schema_errors(v, p) != [],
                  "%s: the schema accepts it" % name)

    if failures:
        print("schema: %d of %d checks failed" % (len(failures), nchecks))
        return 1
    print("schema: %d checks (%d shipped, %d other policies, %d broken), ok"
          % (nchecks, len(shipped), nother, len(BROKEN)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
