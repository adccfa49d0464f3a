#!/usr/bin/env python3
"""GPU types and jobs that list several partitions: jlint against real
slurmctld (run by tests/slurm-diff/run.sh's "nodes" phase).

The cluster is fixtures/policy/mixed-gpus/policy.yaml: the one real node
has one a100 and one v100 (gres.conf: a device file each), partition
tonly is a node of two T4 GPUs that never answers, wide holds both.  For
every fixture script there, and for the cases below, jlint's verdict
under that policy is compared with what slurmctld does with the same
#SBATCH lines:

  jlint says "can never start" (gpu-over-allocation, gpu-type-unavailable)
      or "slurmctld rejects" (cpus-exceed-node, EnforcePartLimits=ALL)
      <=> slurmctld refuses it for one of REFUSED's reasons;
  and a job slurmctld takes gets no jlint error of any rule.

The policy is the fixture's with this run's EnforcePartLimits and the
nodes' CPUs (the machine's, as the cluster has them) added.

The fixtures' expected outputs (.out) must agree too, so a fixture cannot
claim what the real controller does not do.  Exit 0 when all agree.
"""
import argparse, json, os, subprocess, sys


REFUSED = ("Requested node configuration is not available",
           "Node count specification invalid",
           "More processors requested than permitted",
           "with and without type identification")
RULES = ("gpu-over-allocation", "gpu-type-unavailable", "cpus-exceed-node")

# More shapes than the fixtures: each (options, whether slurmctld 22.05
# took them when this was written, or {EnforcePartLimits: that}, where
# "that" may be a function of the release, (24, 11); the test checks it
# again).  {C}: a node's CPUs, {2C} twice that.
CASES = [
    # EnforcePartLimits=ALL: every listed partition must hold the job
    (["--partition=mixed,wide", "--ntasks={2C}"], {"NO": True, "ALL": False}),
    (["--partition=mixed,wide", "--nodes=2"], {"NO": True, "ALL": False}),
    # ... also when --gpus over the GPUs per node makes the same count
    (["--partition=mixed,wide", "--nodes=2", "--gpus=2",
      "--gpus-per-node=1"], {"NO": True, "ALL": False}),
    (["--partition=wide", "--gpus=4", "--gpus-per-node=2"], True),
    (["--partition=wide", "--ntasks={2C}"], True),
    # ... and slurmctld compares sbatch's min_cpus: -n x -c in 22.05 (so
    # it takes this in either mode), from 24.05 GPUs x --cpus-per-gpu too
    # (24.11 and 26.05 refuse it under ALL)
    (["--partition=mixed,wide", "--gpus=2", "--cpus-per-gpu={C}"],
     {"NO": True, "ALL": lambda rel: rel < (24, 5)}),
    # --overcommit: CPUs as for one task per node, unless
    # --ntasks-per-node asks for more
    (["--partition=mixed", "--ntasks={2C}", "--overcommit"], True),
    (["--partition=mixed", "--ntasks={2C}", "--ntasks-per-node={2C}",
      "--overcommit"], False),
    # a GPU type in one element and none in another: refused, in one
    # option or two; two types: taken
    (["--gres=gpu:1,gpu:a100:1"], False),
    (["--gpus=1", "--gpus-per-node=a100:1"], False),
    (["--gres=gpu:2", "--gpus-per-socket=a100:1", "--sockets-per-node=1"],
     False),
    (["--gpus=a100:1", "--gpus-per-node=a100:1"], True),
    (["--gpus-per-node=a100:1", "--gpus-per-task=v100:1", "--ntasks=1"],
     True),
    (["--gpus=2", "--nodes=1", "--ntasks=2"], True),
    (["--gpus-per-node=a100:1"], True),
    (["--gres=gpu:a100:1,gpu:v100:1"], True),
    (["--gpus=a100:2"], False),
    (["--partition=mixed,tonly", "--gpus=t4:1"], True),
    (["--partition=tonly,mixed", "--gpus-per-node=3"], False),
    (["--partition=tonly,wide", "--gpus=t4:3"], False),
    (["--partition=wide", "--gpus=4", "--ntasks=4"], True),
    (["--partition=wide", "--gpus=5", "--ntasks=4"], False),
    (["--partition=wide", "--gpus-per-node=2", "--nodes=2"], True),
    (["--partition=wide", "--gpus-per-node=v100:1", "--nodes=2"], False),
    (["--partition=tonly,wide", "--gpus-per-node=a100:1", "--nodes=2"],
     False),
]


def sbatch_lines(path):
    """The #SBATCH options of a fixture (its block, one per line)."""
    opts = []
    with open(path) as f:
        for line in f:
            if line.startswith("#SBATCH "):
                opts.append(line[len("#SBATCH "):].strip())
            elif line.strip() and not line.startswith("#"):
                break
    return opts


def submit(path):
    """sbatch the script for real: ("REJECTED", why) or ("TOOK", id).
    Taken is all this test asks (no claim here is about a job that is
    taken and then held), so the job is cancelled at once."""
    s = subprocess.run(["sbatch", "--parsable", path],
                       cwd=os.path.dirname(path), capture_output=True,
                       text=True, timeout=60)
    if s.returncode != 0:
        return ("REJECTED", s.stderr.strip())
    jid = s.stdout.strip().split(";")[0]
    subprocess.run(["scancel", jid], capture_output=True, timeout=30)
    return ("TOOK", "job " + jid)


def jlint_says(args, policy, path):
    p = subprocess.run([args.jlint, "-f", "json", "-p", policy, path],
                       capture_output=True, text=True, timeout=60)
    if p.returncode not in (0, 1):
        raise SystemExit("jlint failed on %s: %s" % (path, p.stderr))
    fs = json.loads(p.stdout)["findings"]
    never = [f for f in fs if (f["rule"] in RULES and
             ("can never start" in f["message"] or
              "slurmctld rejects" in f["message"])) or
             (f["rule"] == "conflicting-options" and
              "with and without type identification" in f["message"])]
    errors = [f for f in fs if f["severity"] == "error"]
    return never, errors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jlint", required=True)
    ap.add_argument("--policy", required=True)
    ap.add_argument("--fixtures", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--epl", required=True)
    ap.add_argument("--cpus", type=int, required=True)
    ap.add_argument("--release", required=True)     # "22.05"
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    policy = os.path.join(args.work, "policy.yaml")
    with open(args.policy) as f:
        text = f.read()
    if "{ count: 1, gpus" not in text:
        raise SystemExit("nodes.py: %s has no node entry to add CPUs to" %
                         args.policy)
    with open(policy, "w") as f:
        f.write(text.replace("{ count: 1, gpus", "{ count: 1, cpus: %d, "
                             "gpus" % args.cpus) +
                "enforce_part_limits: %s\n" % args.epl +
                'slurm_version: "%s"\n' % args.release)
    rel = tuple(int(x) for x in args.release.split("."))
    todo = []
    for name in sorted(os.listdir(args.fixtures)):
        if name.endswith(".sh"):
            path = os.path.join(args.fixtures, name)
            out = path[:-3] + ".out"
            said = open(out).read() if os.path.exists(out) else ""
            todo.append((name, sbatch_lines(path),
                         "can never start" in said))
    for i, (opts, ok) in enumerate(CASES):
        opts = [o.replace("{2C}", str(2 * args.cpus)).replace(
            "{C}", str(args.cpus)) for o in opts]
        if isinstance(ok, dict):
            ok = ok[args.epl]
        if callable(ok):
            ok = ok(rel)
        todo.append(("case %d" % i, ["--time=10"] + opts, not ok))
    bad = agree = 0
    for k, (name, opts, want_never) in enumerate(todo):
        # jlint and sbatch on the very same script.
        path = os.path.join(args.work, "jlint-%d.sh" % k)
        with open(path, "w") as f:
            f.write("#!/bin/bash\n")
            for x in opts:
                f.write("#SBATCH %s\n" % x)
            f.write("#SBATCH --output=/dev/null\nsrun hostname\n")
        never, errors = jlint_says(args, policy, path)
        g = submit(path)
        refused = g[0] == "REJECTED"
        why = []
        if refused and not any(r in g[1] for r in REFUSED):
            why.append("refused for another reason")
        if bool(never) != refused:
            why.append("jlint %s" % ("says it can never start" if never
                                     else "says nothing"))
        if not refused and errors:
            why.append("jlint error on a job slurmctld takes: " +
                       errors[0]["message"])
        if want_never != refused:
            why.append("%s says %s" % (
                "its .out" if name.endswith(".sh") else "CASES",
                "slurmctld refuses it" if want_never else
                "slurmctld takes it"))
        print("  EnforcePartLimits=%s %s: %s; slurmctld %s%s" % (
            args.epl, name, " ".join(opts),
            ("refused: " + g[1][:80]) if refused else
            "took it (%s)" % g[1],
            ("  <-- FAIL: " + "; ".join(why)) if why else ""))
        bad += bool(why)
        agree += not why
    print("nodes (EnforcePartLimits=%s): %d of %d agree with slurmctld" %
          (args.epl, agree, agree + bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
