#!/usr/bin/env python3
"""fuzz/mkseeds.py OUTDIR: seed corpora for the harnesses, from the tree.

  OUTDIR/script/  fixtures/**/*.sh, examples/*.sh, every rule's bad/good
                  example (rules/*.yaml, policies' site_rules)
  OUTDIR/policy/  policies/*.yaml; each expression rule of rules/ turned
                  into a policy with it as a site rule; rules/*.yaml as-is
                  (a rule document is not a policy: exercises the errors)
  OUTDIR/expr/    every when:, message: and fix: of the rules, with the
                  mode byte fuzz_expr.c expects (0x1 step, 0x4 template)

Deterministic: names are derived from the source paths.
"""
import glob, os, re, sys
import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def put(d, name, data):
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as fp:
        fp.write(data)


def rules_of(path):
    doc = yaml.safe_load(open(path, encoding="utf-8"))
    if not isinstance(doc, dict):
        return []
    if "site_rules" in doc:
        return doc.get("site_rules") or []
    return [doc]


def main():
    out = sys.argv[1]
    sd, pd, ed = (os.path.join(out, k) for k in ("script", "policy", "expr"))
    for f in sorted(glob.glob(os.path.join(ROOT, "fixtures", "**", "*.sh"),
                              recursive=True) +
                    glob.glob(os.path.join(ROOT, "examples", "*.sh"))):
        rel = os.path.relpath(f, ROOT).replace("/", "_")
        put(sd, rel, open(f, "rb").read())
    for f in sorted(glob.glob(os.path.join(ROOT, "policies", "*.yaml"))):
        put(pd, os.path.basename(f), open(f, "rb").read())
    n = 0
    for f in sorted(glob.glob(os.path.join(ROOT, "rules", "*.yaml")) +
                    glob.glob(os.path.join(ROOT, "policies", "*.yaml"))):
        base = os.path.basename(f)[:-5]
        if "/rules/" in f:
            put(pd, "rule-" + base + ".yaml", open(f, "rb").read())
        for r in rules_of(f):
            if not isinstance(r, dict):
                continue
            slug = str(r.get("slug", base))
            ex = r.get("examples") or {}
            for k in ("bad", "good"):
                if isinstance(ex.get(k), str):
                    put(sd, f"example_{slug}_{k}.sh", ex[k])
            step = 0x1 if r.get("for") == "steps" else 0
            if isinstance(r.get("when"), str):
                put(ed, f"{slug}-when", bytes([step]) + r["when"].encode())
                put(ed, f"{slug}-when-value",
                    bytes([step | 0x2]) + r["when"].encode())
            for k in ("message", "fix"):
                if isinstance(r.get(k), str):
                    put(ed, f"{slug}-{k}",
                        bytes([step | 0x4]) + r[k].encode())
            if "when" in r and r.get("check") is None:
                n += 1
                site = dict(r)
                site["code"] = f"SITE{n:03d}"
                site["slug"] = "site-" + slug
                pol = {"name": "fuzz", "gpu_flag": "--nv",
                       "partitions": [{"name": "batch", "default": True,
                                       "max_time": "12:00:00",
                                       "nodes": [{"count": 2, "cpus": 64,
                                                  "mem": "256G",
                                                  "gpus": {"a40": 4}}]}],
                       "site_rules": [site]}
                put(pd, f"site-{slug}.yaml",
                    yaml.safe_dump(pol, sort_keys=False))
    # Expressions the unit tests use (tests/t_expr.c): every C string
    # literal (adjacent literals joined, as C does) is a seed.
    texpr = os.path.join(ROOT, "tests", "t_expr.c")
    if os.path.exists(texpr):
        src = open(texpr, encoding="utf-8").read()
        lit = r'"(?:[^"\\\n]|\\.)*"'
        seen = set()
        for m in re.finditer(lit + r'(?:\s*' + lit + ')*', src):
            parts = re.findall(lit, m.group(0))
            text = "".join(bytes(x[1:-1], "utf-8").decode("unicode_escape")
                           for x in parts)
            if len(text) < 3 or text in seen:
                continue
            seen.add(text)
            mode = 0x1 if "step" in text else 0
            i = len(seen)
            put(ed, f"t_expr-{i:04d}", bytes([mode]) + text.encode())
            put(ed, f"t_expr-{i:04d}-value", bytes([mode | 0x2]) +
                text.encode())
    return 0


if __name__ == "__main__":
    sys.exit(main())
