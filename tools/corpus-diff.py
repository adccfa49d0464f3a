#!/usr/bin/env python3
"""Two jlint builds over a corpus of job scripts: what changed, by rule.

    tools/corpus-diff.py OLD NEW DIR... [-p POLICY] [-j N] [--show RULE]
        [--max N] [--list FILE] [--json OUT]

OLD and NEW are jlint binaries (build/jlint of two commits, say a git
worktree of the base built with `make BUILD=/tmp/old /tmp/old/jlint`);
DIR holds the scripts (every regular file below it, or the paths listed
one per line in --list FILE).  Each script is linted by both with
`-f json` (and `-p POLICY` when given); the findings are compared per
script as (rule, severity, line, message).

Prints, per rule: findings with OLD and NEW, errors with each, and how
many findings only one of them has; then the totals, and with a policy
the enforced ones (a finding's `mode` "enforce" and not a `guess`: where
the policy rejects the job).  --show RULE lists the scripts where that rule's findings
differ, with the lines that came and went (at most --max), to read them.  --json writes
the per-script differences.  Exit status: 0 (a report, not a test), 2 on
bad usage or a binary that crashes (exit status other than 0, 1, 2 on a
script; 2 itself is counted: a script jlint could not read).

The corpus is not in the repository (public scripts are read, not
copied); the numbers a closing note quotes come from this with the note's
corpus and the two commits.
"""
import argparse, collections, concurrent.futures, json, os, subprocess, sys


def lint(binary, path, policy):
    cmd = [binary, "-f", "json"]
    if policy:
        cmd += ["-p", policy]
    cmd.append(path)
    try:
        r = subprocess.run(cmd, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return "timeout", []
    if r.returncode not in (0, 1, 2):
        return "crash %d" % r.returncode, []
    if r.returncode == 2:
        return "unreadable", []
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        return "bad json", []
    out = []
    for f in doc.get("findings", []):
        out.append((f.get("rule"), f.get("severity"), f.get("line"),
                    f.get("message"), f.get("mode") == "enforce" and
                    not f.get("guess")))
    return None, out


def files(args):
    if args.list:
        with open(args.list) as fh:
            return [l.strip() for l in fh if l.strip()]
    paths = []
    for d in args.dirs:
        if os.path.isfile(d):
            paths.append(d)
            continue
        for root, _, names in os.walk(d):
            for n in sorted(names):
                p = os.path.join(root, n)
                if os.path.isfile(p):
                    paths.append(p)
    return sorted(paths)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("dirs", nargs="*")
    ap.add_argument("-p", "--policy")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--list")
    ap.add_argument("--show", action="append", default=[])
    ap.add_argument("--max", type=int, default=40,
                    help="lines listed per --show rule (default 40)")
    ap.add_argument("--json")
    args = ap.parse_args()
    paths = files(args)
    if not paths:
        ap.error("no scripts (give DIR or --list FILE)")
    for b in (args.old, args.new):
        if not os.access(b, os.X_OK):
            ap.error("%s is not an executable" % b)

    def both(p):
        return p, lint(args.old, p, args.policy), lint(args.new, p,
                                                       args.policy)

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        results = list(ex.map(both, paths))

    per = collections.defaultdict(lambda: collections.Counter())
    tot = collections.Counter()
    trouble = collections.Counter()
    diffs = {}
    for p, (eo, fo), (en, fn) in results:
        for tag, e, fs in (("old", eo, fo), ("new", en, fn)):
            if e:
                trouble[tag + " " + e] += 1
            for f in fs:
                per[f[0]][tag] += 1
                per[f[0]][tag + "_err"] += f[1] == "error"
                tot[tag] += 1
                tot[tag + "_err"] += f[1] == "error"
                tot[tag + "_enf"] += f[4]
        co, cn = collections.Counter(fo), collections.Counter(fn)
        gone, came = co - cn, cn - co
        for f in gone.elements():
            per[f[0]]["gone"] += 1
        for f in came.elements():
            per[f[0]]["came"] += 1
        if gone or came:
            diffs[p] = {"gone": sorted(gone.elements(), key=str),
                        "came": sorted(came.elements(), key=str)}

    print("%d scripts%s; %s vs %s" % (len(paths), ", policy " +
          args.policy if args.policy else "", args.old, args.new))
    print("%-34s %7s %7s %7s %7s %6s %6s" % ("rule", "old", "new", "err-o",
          "err-n", "gone", "came"))
    for rule in sorted(per, key=lambda r: -(per[r]["gone"] +
                                            per[r]["came"])):
        c = per[rule]
        print("%-34s %7d %7d %7d %7d %6d %6d" % (rule, c["old"], c["new"],
              c["old_err"], c["new_err"], c["gone"], c["came"]))
    print("total: findings %d -> %d, errors %d -> %d, enforced %d -> %d;"
          " scripts that differ %d" % (tot["old"], tot["new"],
          tot["old_err"], tot["new_err"], tot["old_enf"], tot["new_enf"],
          len(diffs)))
    for t, n in sorted(trouble.items()):
        print("%s: %d scripts" % (t, n))
    for rule in args.show:
        print("\n== %s" % rule)
        lines = []
        for p, d in sorted(diffs.items()):
            lines += ["- %s:%s: %s: %s" % (p, f[2], f[1], f[3])
                      for f in d["gone"] if f[0] == rule]
            lines += ["+ %s:%s: %s: %s" % (p, f[2], f[1], f[3])
                      for f in d["came"] if f[0] == rule]
        for l in lines[:args.max]:
            print(l)
        if len(lines) > args.max:
            print("... %d more (--max)" % (len(lines) - args.max))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(diffs, fh, indent=1)
    return 2 if any(k.split()[1] == "crash" for k in trouble) else 0


if __name__ == "__main__":
    sys.exit(main())
