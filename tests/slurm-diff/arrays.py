#!/usr/bin/env python3
"""jlint's --array verdicts against real slurmctld, under `jlint facts`.

tests/slurm-diff/run.sh starts slurmctld with a MaxArraySize and a
SchedulerParameters max_array_tasks of its choice, writes the policy with
`jlint facts` (so the facts are read as a site would read them), and runs
this as the test user.  Each case is one `#SBATCH --array=SPEC` script:
jlint under that policy, then `sbatch --test-only`.  slurmctld's
_valid_array_inx() is exact and jlint claims to mirror it, so the two
must agree both ways: jlint says "slurmctld rejects the job (Invalid job
array specification)" exactly when sbatch prints that refusal, and jlint
gives no other error.  Exit status 0 when they agree on every case.
"""
import argparse, concurrent.futures, json, os, random, subprocess, sys

REFUSAL = "Invalid job array specification"


def gen(rng, size, tasks):
    """A spec near the limits: ranges, steps, repeats, a throttle."""
    hi = max(size, 8) + max(size, 8) // 4
    toks = []
    for _ in range(rng.choice([1, 1, 1, 2, 2, 3])):
        a = rng.randrange(0, hi)
        k = rng.random()
        if k < 0.2:
            toks.append("%d" % a)
        elif k < 0.7:
            n = rng.choice([tasks - 1, tasks, tasks + 1, rng.randrange(
                1, max(tasks, 2) * 2)]) if tasks > 0 else rng.randrange(1, 9)
            b = min(a + max(n, 1) - 1, hi)
            toks.append("%d-%d" % (a, b))
        else:
            s = rng.randrange(2, 6)
            b = a + s * rng.randrange(1, max(tasks, 2) + 2)
            toks.append("%d-%d:%d" % (a, b, s))
    spec = ",".join(toks)
    if rng.random() < 0.3:
        spec += "%%%d" % rng.randrange(1, 10)
    return spec


FIXED = ["0", "1-3", ",,", "0-%(m1)d", "0-%(m)d", "%(m)d", "1-%(t)d",
         "0-%(t)d", "0-%(t)d%%2", "0-%(t)d,0-%(t)d", "0-%(t1)d:2",
         "5,5,5", "1-%(m1)d:%(m1)d"]


def run(args, i, spec):
    d = os.path.join(args.work, "a%04d" % i)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "job.sh")
    with open(path, "w") as f:
        f.write("#!/bin/bash\n#SBATCH --time=5\n#SBATCH --array=%s\n"
                "srun hostname\n" % spec)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SBATCH_")}
    j = subprocess.run([args.jlint, "--policy", args.policy, "--format",
                        "json", path], cwd=d, env=env, capture_output=True,
                       text=True, timeout=60)
    try:
        findings = json.loads(j.stdout)["findings"]
    except (ValueError, KeyError):
        findings = None
    s = subprocess.run(["sbatch", "--test-only", path], cwd=d, env=env,
                       capture_output=True, text=True, timeout=60)
    return dict(spec=spec, jrc=j.returncode, jerr=j.stderr.strip(),
                findings=findings, src=s.returncode, serr=s.stderr.strip())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jlint", required=True)
    ap.add_argument("--policy", required=True)
    ap.add_argument("--size", type=int, required=True)   # MaxArraySize
    ap.add_argument("--tasks", type=int, required=True)  # max_array_tasks
    ap.add_argument("--n", type=int, default=120)
    ap.add_argument("--seed", type=int, default=20261207)
    ap.add_argument("--work", required=True)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    v = dict(m=args.size, m1=max(args.size - 1, 0), t=args.tasks,
             t1=max(args.tasks - 1, 0))
    specs = [f % v for f in FIXED]
    rng = random.Random(args.seed)
    specs += [gen(rng, args.size, args.tasks) for _ in range(args.n)]
    with concurrent.futures.ThreadPoolExecutor(6) as ex:
        res = list(ex.map(lambda c: run(args, *c), enumerate(specs)))
    bad = []
    claims = refused = accepted = 0
    for r in res:
        if r["findings"] is None or r["jrc"] == 2:
            bad.append(("jlint failed", r))
            continue
        errs = [f for f in r["findings"] if f["severity"] == "error"]
        claim = [f for f in errs if REFUSAL in f["message"]]
        real = r["src"] != 0
        claims += bool(claim)
        refused += real
        accepted += not real
        if claim and not (real and REFUSAL in r["serr"]):
            bad.append(("jlint says refused, sbatch: %s" % (
                r["serr"] or "accepted"), r))
        elif real and REFUSAL in r["serr"] and not claim:
            bad.append(("sbatch refused, jlint did not say so", r))
        elif not real and errs:
            bad.append(("error on a job sbatch accepts", r))
        elif real and REFUSAL not in r["serr"]:
            bad.append(("sbatch refused it otherwise: %s" % r["serr"], r))
    print("== arrays MaxArraySize=%d max_array_tasks=%d: %d cases: "
          "%d refused by slurmctld, %d accepted; jlint claims %d" % (
              args.size, args.tasks, len(res), refused, accepted, claims))
    for why, r in bad[:20]:
        print("  DISAGREE --array=%s: %s" % (r["spec"], why))
        for f in r["findings"] or []:
            print("    jlint: %s: %s" % (f["severity"], f["message"]))
        if r["jerr"]:
            print("    jlint stderr: %s" % r["jerr"][:300])
    if bad:
        print("  %d disagreements" % len(bad))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
