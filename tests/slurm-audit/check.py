#!/usr/bin/env python3
"""tests/slurm-audit/check.py: the reports of `jlint audit` over the held
jobs run.sh submitted, against what each job must give (exactly: no other
job, slug, rule or count).

usage: check.py "label=id ..." audit.txt audit.json audit.csv
                audit-rules.csv audit-nobody.json audit-daemon.json
                audit-user.json audit-part.json
"""
import csv
import json
import sys


def job(user, part, script="read", reject=(), warn=(), log=(),
        exempt=False):
    return {"user": user, "partition": part, "script": script,
            "reject": list(reject), "warn": list(warn), "log": list(log),
            "exempt": exempt}


JOBS = {
    "clean":     job("nobody", "prioritized"),
    "nonv":      job("nobody", "prioritized", reject=["gpu-container-no-nv"]),
    "cli_gpu":   job("nobody", "prioritized", reject=["gpu-container-no-nv"]),
    "cli_time":  job("nobody", "batch", reject=["partition-time-limit"]),
    "notime":    job("nobody", "prioritized", log=["missing-time-limit"]),
    "array":     job("nobody", "prioritized", warn=["array-output-clobber"]),
    "preempt":   job("nobody", "batch", warn=["preemptible-without-requeue"]),
    "salloc":    job("nobody", "batch", "none",
                     reject=["partition-time-limit"]),
    # root's: the rules find it, the plugin would not judge it.
    "root_nonv": job("root", "prioritized", reject=["gpu-container-no-nv"],
                     exempt=True),
    # Het jobs, one entry per component (label/k is job N+k), each judged
    # with the steps that run in it, as the plugin judges them: the
    # container step without --nv is component 1's finding (its GPU);
    # a step in component 1 does not borrow component 0's GPU.
    "het_nonv/0":   job("nobody", "prioritized"),
    "het_nonv/1":   job("nobody", "prioritized",
                        reject=["gpu-container-no-nv"]),
    "het_nv/0":     job("nobody", "prioritized"),
    "het_nv/1":     job("nobody", "prioritized"),
    "het_gpu0/0":   job("nobody", "prioritized"),
    "het_gpu0/1":   job("nobody", "prioritized"),
    "het_cli/0":    job("nobody", "prioritized"),
    "het_cli/1":    job("nobody", "prioritized",
                        reject=["gpu-container-no-nv"]),
    "het_cli_g0/0": job("nobody", "prioritized"),
    "het_cli_g0/1": job("nobody", "prioritized"),
}
HET = ("het_nonv", "het_nv", "het_gpu0", "het_cli", "het_cli_g0")
# rule: (mode, action, jobs, users); exempt jobs do not count
RULES = {
    "gpu-container-no-nv":         ("enforce", "reject", 4, 1),
    "partition-time-limit":        ("enforce", "reject", 2, 1),
    "missing-time-limit":          ("audit",   "log",    1, 1),
    "array-output-clobber":        ("default", "warn",   1, 1),
    "preemptible-without-requeue": ("warn",    "warn",   1, 1),
}
SUMMARY = {"seen": 19, "jobs": 19, "rejected": 6, "warned": 2, "logged": 1,
           "clean": 9, "exempt": 1, "no_script": 1, "unreadable": 0}


def unreadable(label):
    """A job whose script cannot be read: the job rules only, so the
    rules that read the body (gpu-container-no-nv,
    preemptible-without-requeue) are quiet."""
    j = dict(JOBS[label])
    j["script"] = "unreadable"
    if label in ("nonv", "cli_gpu", "root_nonv") or label.startswith("het"):
        j["reject"] = []
    if label == "preempt":
        j["warn"] = []
    return j


# As nobody only root's script is unreadable; as daemon every script is.
NOBODY = dict(JOBS, root_nonv=unreadable("root_nonv"))
DAEMON = {k: (v if v["script"] == "none" else unreadable(k))
          for k, v in JOBS.items()}

errors = []


def check(what, got, want):
    if got != want:
        errors.append("%s:\n    got  %r\n    want %r" % (what, got, want))


def check_json(name, path, ids, expect, labels):
    with open(path) as f:
        doc = json.load(f)
    byid = {j["id"]: j for j in doc["jobs"]}
    check(name + ": job ids", sorted(byid), sorted(ids[l] for l in labels))
    for label in labels:
        j = byid.get(ids[label])
        if j is None:
            continue
        got = {k: j[k] for k in expect[label]}
        check("%s: job %s (%s)" % (name, label, ids[label]), got,
              expect[label])
        check("%s: job %s state" % (name, label), j["state"], "PENDING")
        if j["script"] == "unreadable" and not j.get("script_error"):
            errors.append("%s: job %s: no script_error" % (name, label))
        for f in j["findings"]:
            if not f["message"] or f["action"] not in ("reject", "warn",
                                                       "log"):
                errors.append("%s: job %s: bad finding %r" % (name, label, f))
    return doc


def main():
    ids = dict(kv.split("=", 1) for kv in sys.argv[1].split())
    ids["array"] += "_[1-4]"
    for label in HET:	# submitted as N: its components N+0, N+1
        if label in ids:
            base = ids.pop(label)
            ids[label + "/0"], ids[label + "/1"] = base + "+0", base + "+1"
    check("labels", sorted(ids), sorted(JOBS))
    (txt, js, jcsv, rcsv, nobody, daemon, userjs,
     partjs) = sys.argv[2:10]
    every = list(JOBS)

    doc = check_json("json", js, ids, JOBS, every)
    rules = {r["rule"]: (r["mode"], r["action"], r["jobs"], r["users"])
             for r in doc["rules"]}
    check("json: rules", rules, RULES)
    for r in doc["rules"]:
        want = sorted(ids[l] for l, v in JOBS.items() if not v["exempt"] and
                      r["rule"] in v["reject"] + v["warn"] + v["log"])
        check("json: rule %s job ids" % r["rule"], sorted(r["job_ids"]), want)
        check("json: rule %s users" % r["rule"], r["user_names"], ["nobody"])
    check("json: summary", doc["summary"], SUMMARY)

    with open(jcsv, newline="") as f:
        rows = list(csv.DictReader(f))
    got = {r["job_id"]: (r["user"], r["partition"], r["script"], r["exempt"],
                         r["reject"].split(), r["warn"].split(),
                         r["log"].split()) for r in rows}
    want = {ids[l]: (v["user"], v["partition"], v["script"],
                     "yes" if v["exempt"] else "no", v["reject"], v["warn"],
                     v["log"]) for l, v in JOBS.items()}
    check("csv: jobs", got, want)
    with open(rcsv, newline="") as f:
        rows = list(csv.DictReader(f))
    got = {r["rule"]: (r["mode"], r["action"], int(r["jobs"]),
                       int(r["users"])) for r in rows}
    check("csv: rules", got, RULES)

    with open(txt) as f:
        text = f.read()
    lines = text.splitlines()
    for label, v in JOBS.items():
        slugs = v["reject"] + v["warn"] + v["log"]
        mine = [l for l in lines if l.split()[:2] == [ids[label], v["user"]]
                and "no batch script" not in l and "not readable" not in l]
        if not slugs:
            if mine:
                errors.append("text: clean job %s listed: %r" % (label, mine))
            continue
        if len(mine) != 1:
            errors.append("text: job %s (%s): %d lines" % (label, ids[label],
                                                           len(mine)))
            continue
        check("text: job %s" % label, mine[0].split()[1:2], [v["user"]])
        for s in slugs:
            if s not in mine[0]:
                errors.append("text: job %s: %s missing: %r" % (label, s,
                                                                mine[0]))
    for rule, (mode, action, jobs, users) in RULES.items():
        mine = [l for l in lines if l.split()[:1] == [rule]]
        check("text: rule %s" % rule, mine[0].split() if mine else None,
              [rule, mode, action, str(jobs), str(users)])
    for want in ("19 jobs: 6 would be rejected, 2 warned, 1 logged only, "
                 "9 clean, 1 exempt; 1 without a script, 0 with an "
                 "unreadable script",
                 "Exempt: the plugin does not judge jobs of root",
                 "no batch script (srun/salloc"):
        if want not in text:
            errors.append("text: no %r in:\n%s" % (want, text))

    doc = check_json("as nobody", nobody, ids, NOBODY, every)
    check("as nobody: unreadable, no script",
          (doc["summary"]["unreadable"], doc["summary"]["no_script"]), (1, 1))
    doc = check_json("as daemon", daemon, ids, DAEMON, every)
    check("as daemon: unreadable, no script",
          (doc["summary"]["unreadable"], doc["summary"]["no_script"]), (18, 1))
    check_json("--user root", userjs, ids, JOBS, ["root_nonv"])
    check_json("--partition batch", partjs, ids, JOBS,
               ["cli_time", "preempt", "salloc"])

    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
