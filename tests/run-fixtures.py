#!/usr/bin/env python3
"""Golden runner over fixtures/: runs the real jlint binary on every script.

Layout (expected results sit beside the script, never inside it):
  fixtures/<group>/<name>.sh       a job script, byte for byte
  fixtures/<group>/<name>.out      expected findings, one per line,
                                   "LINE:COL: SEVERITY: MESSAGE [slug]"
                                   (the file name is dropped); absent = clean
  fixtures/<group>/<name>.args     optional: run as "jlint sbatch ARGS name.sh"
  fixtures/<group>/<name>.env      optional: NAME=value lines added to the env
  fixtures/<group>/<name>.opts     optional: jlint options (--slurm-version 24.05)
  fixtures/policy/<site>/          run with --policy policies/<site>.yaml, or
                                   the directory's policy.yaml when no such
                                   shipped policy exists (test clusters)
  fixtures/<group>/policy.yaml     optional elsewhere: the site policy of the
                                   group's scripts, as `jlint test` reads it
  fixtures/<group>/<name>.expect   optional: assertions on `jlint parse`
                                   JSON, one per line: PATH OP JSON-VALUE
                                   with PATH like components.0.options.time.value
                                   and OP one of == != (e.g. "... == null")

Checks: output equals .out exactly, exit status is 1 iff a finding is a
warning or error that no exemption covers (else 0), every .expect assertion holds, every
fixtures/reader/<slug>*.sh names a slug that appears in its .out, and every
reader slug has at least one failing fixture.
  -u   rewrite .out files from current output (review the diff)
"""
import json, os, re, shlex, subprocess, sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
FIX = os.path.join(ROOT, "fixtures")
JLINT = os.environ.get("JLINT", os.path.join(ROOT, "build", "jlint"))
READER_SLUGS = ["empty-script", "missing-shebang", "nul-byte",
                "crlf-line-endings", "late-directive", "malformed-directive",
                "unknown-option", "missing-argument", "invalid-value",
                "unmatched-quote", "directive-no-effect", "pbs-directives",
                "unused-suppression"]

def clean_env(extra):
    # jlint sbatch reads these from the environment (the job starts with
    # APPTAINER_* and SINGULARITY_*): only a fixture's .env sets them.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("SBATCH_", "APPTAINER_", "SINGULARITY_"))
           and k not in ("SLURM_HINT", "SLURM_CLUSTERS",
                         "SLURM_GET_USER_ENV")}
    env.update(extra)
    return env

def read_env(path):
    extra = {}
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            line = line.rstrip("\n")
            if line and not line.startswith("#"):
                k, _, v = line.partition("=")
                extra[k] = v
    return extra

def run(script, parse=False):
    base = script[:-3]
    args = None
    if os.path.exists(base + ".args"):
        args = shlex.split(open(base + ".args", encoding="utf-8").read())
    cmd = [JLINT]
    parts = os.path.relpath(script, FIX).split(os.sep)
    if len(parts) >= 3 and parts[0] == "policy":
        own = os.path.join(FIX, "policy", parts[1], "policy.yaml")
        cmd += ["--policy", own if not os.path.exists(
            os.path.join(ROOT, "policies", parts[1] + ".yaml")) else
            os.path.join("policies", parts[1] + ".yaml")]
    elif os.path.exists(os.path.join(os.path.dirname(script), "policy.yaml")):
        # a test-only site policy next to the scripts, as `jlint test` reads it
        cmd += ["--policy", os.path.relpath(os.path.join(
            os.path.dirname(script), "policy.yaml"), ROOT)]
    if os.path.exists(base + ".opts"):
        cmd += shlex.split(open(base + ".opts", encoding="utf-8").read())
    cmd += (["parse"] if parse else [])
    rel = os.path.relpath(script, ROOT)
    cmd += (["sbatch"] + args + [rel]) if args is not None else [rel]
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True,
                       env=clean_env(read_env(base + ".env")), timeout=60)
    return p, rel

def lookup(doc, path):
    cur = doc
    for part in path.split("."):
        if isinstance(cur, list):
            if not part.isdigit() or int(part) >= len(cur):
                return "<missing>"
            cur = cur[int(part)]
        elif isinstance(cur, dict):
            if part not in cur:
                return "<missing>"
            cur = cur[part]
        else:
            return "<missing>"
    return cur

def main():
    update = "-u" in sys.argv[1:]
    failures, n, seen_slugs = [], 0, set()
    for dirpath, _, files in sorted(os.walk(FIX)):
        for f in sorted(files):
            if not f.endswith(".sh"):
                continue
            n += 1
            script = os.path.join(dirpath, f)
            base = script[:-3]
            p, rel = run(script)
            if p.returncode == 2:
                failures.append(f"{rel}: jlint exited 2: {p.stderr.decode()}")
                continue
            out = p.stdout.decode("utf-8", "replace").splitlines()
            got = []
            for line in out:
                if line.startswith(rel + ":"):
                    got.append(line[len(rel) + 1:])
                elif line.startswith("  fix: "):
                    got.append(line)
                elif re.match(r"^\d+ errors?, \d+ warnings?[, ]", line):
                    continue
                elif re.match(r"^ \d* +\| ", line):
                    continue    # the source excerpt under a finding
                else:
                    got.append(line)
            want = []
            if os.path.exists(base + ".out"):
                want = open(base + ".out", encoding="utf-8").read().splitlines()
            if update:
                if got:
                    with open(base + ".out", "w", encoding="utf-8") as fp:
                        fp.write("\n".join(got) + "\n")
                elif os.path.exists(base + ".out"):
                    os.remove(base + ".out")
                want = got
            if got != want:
                failures.append(f"{rel}: findings differ\n--- expected\n" +
                                "\n".join(want) + "\n--- got\n" + "\n".join(got))
            # an exempted finding is shown but does not fail the job
            bad = any(re.search(r"^\d+:\d+: (error|warning):|^ ?\(.*\): (error|warning):", g)
                      and not re.search(r"[(;] ?exempted[^\[]*\) \[[a-z0-9-]+\]$", g)
                      for g in got)
            if p.returncode != (1 if bad else 0):
                failures.append(f"{rel}: exit status {p.returncode}, "
                                f"expected {1 if bad else 0}")
            for g in got:
                m = re.search(r"\[([a-z0-9-]+)\]$", g)
                if m:
                    seen_slugs.add(m.group(1))
            if os.path.basename(dirpath) == "clean" and got:
                failures.append(f"{rel}: a clean fixture must stay clean")
            if os.path.basename(dirpath) == "reader":
                slug = next((s for s in sorted(READER_SLUGS, key=len, reverse=True)
                             if f.startswith(s)), None)
                if slug is None:
                    failures.append(f"{rel}: reader fixture name must start "
                                    "with its slug")
                elif not any(g.endswith(f"[{slug}]") for g in got):
                    failures.append(f"{rel}: does not report [{slug}]")
            if os.path.exists(base + ".expect"):
                pp, _ = run(script, parse=True)
                try:
                    doc = json.loads(pp.stdout)
                except ValueError as e:
                    failures.append(f"{rel}: parse output is not JSON: {e}")
                    continue
                for line in open(base + ".expect", encoding="utf-8"):
                    line = line.strip()
                    if not line or line.startswith("#"):
                        continue
                    path, op, val = line.split(" ", 2)
                    want_v = json.loads(val)
                    got_v = lookup(doc, path)
                    ok = (got_v == want_v) if op == "==" else (got_v != want_v)
                    if not ok:
                        failures.append(f"{rel}: {path} is {json.dumps(got_v)},"
                                        f" expected {op} {val}")
    all_slugs = sorted(f[:-5] for f in os.listdir(os.path.join(ROOT, "rules"))
                       if f.endswith(".yaml"))
    missing = [s for s in all_slugs if s not in seen_slugs]
    if missing:
        failures.append("rules without a failing fixture: " +
                        ", ".join(missing))
    for f in failures:
        print("FAIL " + f)
    print(f"fixtures: {n} scripts, {len(failures)} failures")
    return 1 if failures else 0

if __name__ == "__main__":
    sys.exit(main())
