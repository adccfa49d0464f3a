#!/usr/bin/env python3
"""tests/slurm-audit/check.py: the reports of `jlint audit` over the held
jobs run.sh submitted, against what each job must give (exactly: no other
job, slug, rule or count).

usage: check.py "label=id ..." audit.txt audit.json audit.csv
                audit-rules.csv audit-nobody.json audit-user.json
                audit-part.json
"""
import csv
import json
import sys

# label: (user, partition, script, reject, warn, log)
JOBS = {
    "clean":    ("root",   "prioritized", "read", [], [], []),
    "nonv":     ("root",   "prioritized", "read", ["gpu-container-no-nv"], [], []),
    "cli_gpu":  ("root",   "prioritized", "read", ["gpu-container-no-nv"], [], []),
    "cli_time": ("root",   "batch",       "read", ["partition-time-limit"], [], []),
    "notime":   ("root",   "prioritized", "read", [], [], ["missing-time-limit"]),
    "array":    ("root",   "prioritized", "read", [], ["array-output-clobber"], []),
    "nobody":   ("nobody", "batch",       "read", [], ["preemptible-without-requeue"], []),
    "salloc":   ("root",   "batch",       "none", ["partition-time-limit"], [], []),
}
# rule: (mode, action, jobs, users)
RULES = {
    "gpu-container-no-nv":         ("enforce", "reject", 2, 1),
    "partition-time-limit":        ("enforce", "reject", 2, 1),
    "missing-time-limit":          ("audit",   "log",    1, 1),
    "array-output-clobber":        ("default", "warn",   1, 1),
    "preemptible-without-requeue": ("warn",    "warn",   1, 1),
}
# As nobody, root's batch scripts cannot be read: job rules only, so the
# body rules (gpu-container-no-nv) are quiet for them.
NOBODY = dict(JOBS)
for k in ("clean", "nonv", "cli_gpu", "cli_time", "notime", "array"):
    u, p, _, r, w, l = JOBS[k]
    NOBODY[k] = (u, p, "unreadable", r, w, l)
NOBODY["nonv"] = ("root", "prioritized", "unreadable", [], [], [])
NOBODY["cli_gpu"] = ("root", "prioritized", "unreadable", [], [], [])

errors = []


def check(what, got, want):
    if got != want:
        errors.append("%s: got %r, want %r" % (what, got, want))


def job_ids(ids):
    out = {}
    for label, jid in ids.items():
        out[label] = jid + "_[1-4]" if label == "array" else jid
    return out


def check_json(name, path, ids, expect, labels):
    with open(path) as f:
        doc = json.load(f)
    byid = {j["id"]: j for j in doc["jobs"]}
    want_ids = sorted(ids[l] for l in labels)
    check(name + ": job ids", sorted(byid), want_ids)
    for label in labels:
        j = byid.get(ids[label])
        if j is None:
            continue
        user, part, script, rej, warn, log = expect[label]
        got = (j["user"], j["partition"], j["script"], j["reject"],
               j["warn"], j["log"])
        check("%s: job %s (%s)" % (name, label, ids[label]), got,
              (user, part, script, rej, warn, log))
        check("%s: job %s state" % (name, label), j["state"], "PENDING")
        if script == "unreadable" and not j.get("script_error"):
            errors.append("%s: job %s: no script_error" % (name, label))
        for f in j["findings"]:
            if not f["message"] or f["action"] not in ("reject", "warn", "log"):
                errors.append("%s: job %s: bad finding %r" % (name, label, f))
    return doc


def main():
    ids = job_ids(dict(kv.split("=", 1) for kv in sys.argv[1].split()))
    check("labels", sorted(ids), sorted(JOBS))
    txt, js, jcsv, rcsv, nobody, userjs, partjs = sys.argv[2:9]
    every = list(JOBS)

    doc = check_json("json", js, ids, JOBS, every)
    rules = {r["rule"]: (r["mode"], r["action"], r["jobs"], r["users"])
             for r in doc["rules"]}
    check("json: rules", rules, RULES)
    for r in doc["rules"]:
        want = sorted(ids[l] for l, v in JOBS.items()
                      if r["rule"] in v[3] + v[4] + v[5])
        check("json: rule %s job ids" % r["rule"], sorted(r["job_ids"]), want)
    check("json: summary", doc["summary"],
          {"seen": 8, "jobs": 8, "rejected": 4, "warned": 2, "logged": 1,
           "clean": 1, "no_script": 1, "unreadable": 0})

    with open(jcsv, newline="") as f:
        rows = list(csv.DictReader(f))
    got = {r["job_id"]: (r["user"], r["partition"], r["script"],
                         r["reject"].split(), r["warn"].split(),
                         r["log"].split()) for r in rows}
    check("csv: jobs", got, {ids[l]: v for l, v in JOBS.items()})
    with open(rcsv, newline="") as f:
        rows = list(csv.DictReader(f))
    got = {r["rule"]: (r["mode"], r["action"], int(r["jobs"]), int(r["users"]))
           for r in rows}
    check("csv: rules", got, RULES)

    with open(txt) as f:
        text = f.read()
    for label, (user, part, script, rej, warn, log) in JOBS.items():
        if not (rej or warn or log):
            continue
        line = [l for l in text.splitlines() if l.split()[:1] == [ids[label]]]
        if not line:
            errors.append("text: no line for job %s (%s)" % (label, ids[label]))
            continue
        words = line[0].split()
        check("text: job %s" % label, words[1:3], [user, part])
        for s in rej + warn + log:
            if s not in line[0]:
                errors.append("text: job %s: %s missing: %r" % (label, s, line[0]))
    for rule, (mode, action, jobs, users) in RULES.items():
        line = [l for l in text.splitlines() if l.split()[:1] == [rule]]
        check("text: rule %s" % rule, line[0].split() if line else None,
              [rule, mode, action, str(jobs), str(users)])
    if ("8 jobs: 4 would be rejected, 2 warned, 1 logged only, 1 clean; "
            "1 without a script, 0 with an unreadable script") not in text:
        errors.append("text: summary line wrong:\n" + text)
    if "no batch script" not in text:
        errors.append("text: the salloc job is not listed as without a script")

    doc = check_json("as nobody", nobody, ids, NOBODY, every)
    check("as nobody: counts", (doc["summary"]["unreadable"],
                                doc["summary"]["no_script"]), (6, 1))
    check_json("--user nobody", userjs, ids, JOBS, ["nobody"])
    check_json("--partition batch", partjs, ids, JOBS,
               ["cli_time", "nobody", "salloc"])

    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
