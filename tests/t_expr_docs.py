#!/usr/bin/env python3
"""tests/t_expr_docs.py: the rule language reference is true and current.

Every worked example of docs/expr-reference.yaml runs through jlint: a
policy with the example's policy keys and two site rules, `ex` (when: the
example) and `ex-not` (when: not (the example)), lints the example's
script.  true: only ex fires; false: only ex-not; null: neither; error:
the policy does not load and the error names the problem.  A message
template must give the expected text.  Then docs/expressions.md and the
EXPRESSIONS section of man/jlint-policy.5 must be what tools/expr-docs.py
generates now (make expr-docs).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

import yaml

JLINT = os.path.abspath(os.environ.get("JLINT", "build/jlint"))
failures = []


def bad(m):
    failures.append(m)
    print("FAIL expr-docs: " + m, file=sys.stderr)


def block(text, indent):
    return "\n".join(indent + ln for ln in text.rstrip("\n").split("\n"))


def run(e, t):
    pol = (e.get("policy") or "") + "site_rules:\n"
    for code, slug, when in (("EX001", "ex", e["when"]),
                             ("EX002", "ex-not", "not (%s)" % e["when"])):
        pol += ("  - code: %s\n    slug: %s\n    severity: warning\n"
                "    summary: example\n    doc: example\n"
                "    when: >-\n%s\n    message: %s\n" % (
                    code, slug, block(when, "      "),
                    json.dumps(e.get("message", "fired")
                               if slug == "ex" else "fired")))
    with open(os.path.join(t, "policy.yaml"), "w") as f:
        f.write(pol)
    with open(os.path.join(t, "job.sh"), "w") as f:
        f.write(e["script"])
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("SBATCH_") and k != "JLINT_POLICY"}
    r = subprocess.run([JLINT, "--policy", "policy.yaml", "--format", "json",
                        "job.sh"], cwd=t, capture_output=True, env=env)
    return r, pol


def main():
    with open("docs/expr-reference.yaml") as f:
        ref = yaml.safe_load(f)
    t = tempfile.mkdtemp()
    try:
        for e in ref:
            what = "%s: %s" % (e["construct"], e["when"])
            r, pol = run(e, t)
            want = str(e["expect"]).lower()
            if want == "error":
                err = r.stderr.decode()
                if r.returncode != 2 or e["error"] not in err:
                    bad("%s: expected a load error with %r, got exit %d: %s"
                        % (what, e["error"], r.returncode, err))
                continue
            try:
                out = json.loads(r.stdout)
            except ValueError:
                bad("%s: jlint failed (exit %d): %s\n%s" % (
                    what, r.returncode, r.stderr.decode(), pol))
                continue
            fired = {f["rule"]: f for f in out["findings"]
                     if f["rule"] in ("ex", "ex-not")}
            got = ("true" if set(fired) == {"ex"} else
                   "false" if set(fired) == {"ex-not"} else
                   "null" if not fired else "both?")
            if got != want:
                bad("%s: expected %s, got %s" % (what, want, got))
            if e.get("expect_message") and "ex" in fired and \
                    fired["ex"]["message"] != e["expect_message"]:
                bad("%s: message %r, expected %r" % (
                    what, fired["ex"]["message"], e["expect_message"]))
        # Current: generate into copies and compare.
        shutil.copy("man/jlint-policy.5", os.path.join(t, "man.5"))
        g = subprocess.run([sys.executable, "tools/expr-docs.py",
                            os.path.join(t, "expr.md"),
                            os.path.join(t, "man.5")],
                           capture_output=True,
                           env=dict(os.environ, JLINT=JLINT))
        if g.returncode != 0:
            bad("tools/expr-docs.py failed: %s" % g.stderr.decode())
        else:
            for mine, theirs in (("docs/expressions.md", "expr.md"),
                                 ("man/jlint-policy.5", "man.5")):
                if open(mine).read() != open(os.path.join(t, theirs)).read():
                    bad("%s is not current: run make expr-docs" % mine)
    finally:
        shutil.rmtree(t)
    if failures:
        print("expr-docs: %d failures" % len(failures))
        return 1
    print("expr-docs: %d worked examples run, reference current, ok" %
          len(ref))
    return 0


if __name__ == "__main__":
    sys.exit(main())
