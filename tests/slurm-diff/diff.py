#!/usr/bin/env python3
"""jlint's rejection claims against real sbatch --test-only (issue 10).

Run by tests/slurm-diff/run.sh as an unprivileged user, once per
EnforcePartLimits value, against the one-node test cluster (partitions
prioritized (default, MaxTime 6 days), batch (12 h), short (1 h); two T4
GPUs; GresTypes=gpu).  For a seeded sample of option combinations it
writes a job script (most options as #SBATCH lines, some on the command
line), lints it with `jlint --format json sbatch [ARGS] SCRIPT` under a
policy with the same facts, and submits it with `sbatch --test-only`.

An error finding on a job that sbatch accepts (and that jlint does not
say pends forever) is a false error and fails the test too.  Some cases
get a second het component ("#SBATCH hetjob" and one more option).

A claim is a finding whose message says "sbatch rejects" or "slurmctld
rejects" (the job is refused at submission) or "can never start" (no node
can hold it: slurmctld refuses it, "Requested node configuration is not
available").  Every claim must be confirmed by a real refusal: one that is
not fails the test.  A claim "pends forever" (EnforcePartLimits=NO) must
come with an accepted submission.  Every real refusal is then matched to
a jlint error; the refusals jlint does not explain are listed by Slurm's
message.  Exit status: 0 no false claim, 1 a false claim, 2 setup error.
"""
import argparse, collections, concurrent.futures, json, os, random, re
import subprocess, sys

REJECT = re.compile(r"\b(sbatch|slurmctld) rejects\b|can never start")
PENDS = re.compile(r"pends forever")


def gen_case(rng, mem_mb, cpus):
    """One combination: a list of sbatch options (each one argv word)."""
    o = []
    r = rng.random
    # partitions
    if r() < 0.55:
        o.append("--partition=" + rng.choice([
            "batch", "prioritized", "short", "batch,prioritized",
            "prioritized,batch", "batch,short", "short,batch",
            "short,batch,prioritized", "nosuch", "short,nosuch"]))
    # time
    if r() < 0.85:
        o.append("--time=" + rng.choice([
            "10", "30:00", "45", "1:00:00", "01:00:01", "2:00:00",
            "12:00:00", "13:00:00", "1-0", "2-00:00:00", "6-00:00:00",
            "7-00:00:00", "UNLIMITED", "0", "90", "1:2:3:4", "2h", "1.5"]))
        if r() < 0.1:
            o.append("--time-min=" + rng.choice(["5", "30", "3:00:00"]))
    # GPUs
    if r() < 0.7:
        n = rng.choice([0, 1, 1, 2, 2, 3])
        o.append(rng.choice([
            "--gpus=%d" % n, "-G%d" % n, "--gpus=t4:%d" % n,
            "--gres=gpu:%d" % n, "--gres=gpu:t4:%d" % n,
            "--gres=gpu:v100:%d" % n, "--gres=gpus:%d" % n,
            "--gres=mps:%d" % n, "--gpus-per-node=%d" % n,
            "--gpus-per-task=%d" % n, "--gpus-per-socket=%d" % n]))
    # tasks and nodes
    k = rng.choice([1, 2, 3, 4])
    t = rng.random()
    if t < 0.25:
        o.append("--ntasks=%d" % k)
    elif t < 0.5:
        o.append("--ntasks-per-node=%d" % k)
    elif t < 0.6:
        o += ["--nodes=%d" % rng.choice([1, 2]), "--ntasks=%d" % k]
    elif t < 0.7:
        o += ["--nodes=%d" % rng.choice([1, 2]),
              "--ntasks-per-node=%d" % k]
    elif t < 0.75:
        o.append("--nodes=%d" % rng.choice([1, 2]))
    # CPUs
    t = rng.random()
    if t < 0.25:
        o.append("--cpus-per-task=%d" % rng.choice([1, 2, cpus, cpus + 1]))
    elif t < 0.4:
        o.append("--cpus-per-gpu=%d" % rng.choice([1, 2, cpus + 1]))
    # memory
    big = "%dM" % (mem_mb + 100)
    t = rng.random()
    if t < 0.2:
        o.append("--mem=" + rng.choice(["500M", "1G", "0", big]))
    elif t < 0.35:
        o.append("--mem-per-cpu=" + rng.choice(["200M", "1G", big]))
    elif t < 0.5:
        o.append("--mem-per-gpu=" + rng.choice(["500M", "1G", big]))
    # arrays
    if r() < 0.12:
        o.append("--array=" + rng.choice(["0-3", "1-10%2", "0-2000",
                                          "1,3,5", "5-1"]))
    # words sbatch checks (issue 10 defect 14), good and bad
    if r() < 0.3:
        o.append(rng.choice([
            "--distribution=blok", "--distribution=block:cyclic",
            "--distribution=plane=2", "--distribution=plane",
            "--distribution=cyclic:fcyclic,Pack", "--distribution=fcyclic",
            "--gres-flags=foo", "--gres-flags=enforce-binding",
            "--profile=foo", "--profile=task", "--mem-bind=foo",
            "--mem-bind=local", "--mem-bind=map_mem:", "--propagate=FOO",
            "--propagate=CORE", "--propagate=core", "--nice=abc",
            "--nice=10", "--exclusive", "--ntasks-per-gpu=1"]))
    # values whose grammar changed between releases (jl_value_release(),
    # lint/lex.c): node lists and steps (23.02), --gres-flags lists and
    # *-per-sharing (23.11.2), --exclusive=topo (24.05), =allocation
    # (26.05); each root's sbatch says whether jlint's release verdict
    # holds there
    if r() < 0.12:
        o.append(rng.choice([
            "--nodes=1,2", "--nodes=1-2:1", "--nodes=1-3:2",
            "--gres-flags=disable-binding,enforce-binding",
            "--gres-flags=one-task-per-sharing",
            "--gres-flags=multiple-tasks-per-sharing",
            "--exclusive=topo", "--exclusive=allocation",
            "--exclusive=mcs"]))
    # a second GPU option: --gpus with --gpus-per-task (typed or not)
    if r() < 0.25:
        o.append(rng.choice(["--gpus-per-task=1", "--gpus-per-task=t4:1",
                             "--gpus-per-task=2", "--ntasks-per-gpu=1"]))
    # typed and untyped GPUs together (conflicting-options: "with and
    # without type identification"), or one type in two options
    if r() < 0.08:
        o.append(rng.choice(["--gpus-per-node=1", "--gpus-per-node=t4:1",
                             "--gres=gpu:t4:1,gpu:1", "--gpus=t4:1",
                             "--gpus-per-socket=1"]))
    # --ntasks-per-gpu: the task count from the GPUs (not -n), GPUs
    # derived from -n, a node range, and what takes the task cap away
    if r() < 0.1:
        o += rng.choice([["--ntasks-per-gpu=2"],
                         ["--ntasks-per-gpu=1", "--overcommit"],
                         ["--ntasks-per-gpu=1", "--nodes=1-2"],
                         ["--ntasks-per-gpu=1", "--ntasks-per-core=1"]])
    # --hint with a per-core option: sbatch drops --hint, accepts the job
    if r() < 0.1:
        o.append("--hint=" + rng.choice(["nomultithread", "compute_bound"]))
    if r() < 0.1:
        o.append(rng.choice(["--ntasks-per-core=1", "--threads-per-core=1"]))
    # sockets, cores and threads with --ntasks-per-gpu: without -n, a
    # fixed -N (or -B alone: one node) sends N x S x C x T tasks
    # (_opt_verify()), whose GPUs slurmctld derives (jlint knows only
    # that -N >= K gets some, JL_GPUS_SOME, and nothing below K)
    if r() < 0.08:
        o += rng.choice([
            ["--nodes=1", "--ntasks-per-gpu=1", "--extra-node-info=1:1:1"],
            ["--nodes=2", "--ntasks-per-gpu=2", "--threads-per-core=1"],
            ["--nodes=1", "--ntasks-per-gpu=1", "--hint=nomultithread"],
            ["--nodes=1", "--ntasks-per-gpu=2", "--sockets-per-node=1",
             "--cores-per-socket=2"],
            ["--nodes=1", "--ntasks-per-gpu=1", "--extra-node-info=*:*:1"],
            ["--extra-node-info=1:2", "--ntasks-per-gpu=1"],
            ["--extra-node-info=1:1", "--ntasks-per-gpu=2"],
            ["--nodes=1", "--ntasks-per-gpu=1", "--cores-per-socket=1",
             "--cpus-per-gpu=1"]])
    rng.shuffle(o)
    # a second het component (script only): --mem of the first stays set
    # in it, --mem-per-cpu and --mem-per-gpu do not
    if r() < 0.1:
        o += ["hetjob", rng.choice(["--mem=500M", "--mem-per-cpu=200M",
                                    "--mem-per-gpu=500M", "--ntasks=1"])]
    return o


def run_case(args, i, opts, rng_cli):
    d = os.path.join(args.work, "c%05d" % i)
    os.makedirs(d, exist_ok=True)
    het = opts.index("hetjob") if "hetjob" in opts else len(opts)
    cli = [x for k, (x, c) in enumerate(zip(opts, rng_cli))
           if c and k < het]
    script_opts = [x for k, (x, c) in enumerate(zip(opts, rng_cli))
                   if not c or k >= het]
    path = os.path.join(d, "job.sh")
    with open(path, "w") as f:
        f.write("#!/bin/bash\n")
        for x in script_opts:
            f.write("#SBATCH %s\n" % x)
        f.write("srun hostname\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SBATCH_")}
    j = subprocess.run([args.jlint, "--policy", args.policy, "--format",
                        "json", "sbatch"] + cli + [path], cwd=d, env=env,
                       capture_output=True, text=True, timeout=60)
    try:
        findings = json.loads(j.stdout)["findings"] if j.stdout else []
    except ValueError:
        findings = None
    s = subprocess.run(["sbatch", "--test-only"] + cli + [path], cwd=d,
                       env=env, capture_output=True, text=True, timeout=60)
    return dict(i=i, opts=opts, cli=cli, jrc=j.returncode, jerr=j.stderr,
                findings=findings, src=s.returncode,
                serr=s.stderr.strip())


def real_reason(serr):
    """Slurm's message, without job ids and numbers: a refusal class."""
    lines = [l for l in serr.splitlines()
             if "error" in l or "failure" in l] or serr.splitlines() or [""]
    m = lines[-1]
    m = re.sub(r"^sbatch: error: ", "", m)
    m = re.sub(r"\d+", "N", m)
    return m[:100]


def real_submit(args, opts, final=(), taken_only=False):
    """Submit for real; poll squeue for (state, reason, partition) until
    the job leaves the states a scheduler passes through on its way, or
    pends for one of the reasons in final.  taken_only: ("TAKEN", "", "")
    once sbatch has taken it (no polling: a job that waits for the busy
    node would hold the run up to 45 s)."""
    import time
    d = os.path.join(args.work, "real-%d" % len(os.listdir(args.work)))
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "job.sh")
    with open(path, "w") as f:
        f.write("#!/bin/bash\n")
        for x in opts:
            f.write("#SBATCH %s\n" % x)
        f.write("#SBATCH --output=/dev/null\nsrun hostname\n")
    s = subprocess.run(["sbatch", "--parsable", path], cwd=d,
                       capture_output=True, text=True, timeout=60)
    if s.returncode != 0:
        return ("REJECTED", s.stderr.strip(), "")
    jid = s.stdout.strip().split(";")[0]
    if taken_only:
        subprocess.run(["scancel", jid], capture_output=True, timeout=30)
        return ("TAKEN", "", "")
    got = ("?", "?", "?")
    # Up to 45 s: a loaded machine's scheduler may take its time.
    for _ in range(150):
        q = subprocess.run(["squeue", "-h", "-j", jid, "-o", "%T %r %P"],
                           capture_output=True, text=True, timeout=30)
        f = q.stdout.split()
        if len(f) >= 3:     # a reason may have spaces: "ReqNodeNotAvail,
            got = (f[0], " ".join(f[1:-1]), f[-1])  # UnavailableNodes:x"
            if got[0] == "PENDING" and got[1] in final:
                break
            # PartitionConfig first, PartitionTimeLimit once the
            # scheduler has looked at it.
            if got[0] != "PENDING" or got[1] not in (
                    "None", "Priority", "Resources", "PartitionConfig"):
                break
        time.sleep(0.3)
    subprocess.run(["scancel", jid], capture_output=True, timeout=30)
    return got


def check_real(args):
    """What slurmctld really does with a --time over MaxTime, and with
    the option combinations conflicting-options says it refuses."""
    want = {
        "NO": [(["--partition=batch", "--time=2-00:00:00"],
                lambda g: g[0] == "PENDING" and g[1] == "PartitionTimeLimit",
                "pends with reason PartitionTimeLimit"),
               # Accepted and never held for PartitionTimeLimit; when the
               # scheduler gets to it, it runs in prioritized (how soon
               # varies with the machine's load: both count).
               (["--partition=batch,prioritized", "--time=2-00:00:00"],
                lambda g: g[0] != "REJECTED" and g[1] != "PartitionTimeLimit"
                and (g[2] == "prioritized" or g[0] == "PENDING"),
                "accepted, not held for PartitionTimeLimit"),
               # --time-min over MaxTime: refused even with NO
               # (partition-time-limit says "slurmctld rejects").
               (["--partition=short", "--time=2-00:00:00",
                 "--time-min=3:00:00"],
                lambda g: g[0] == "REJECTED", "rejected at submission")],
        "ANY": [(["--partition=batch,prioritized", "--time=2-00:00:00"],
                 lambda g: g[0] != "REJECTED" and g[1] != "PartitionTimeLimit"
                 and (g[2] == "prioritized" or g[0] == "PENDING"),
                 "accepted, not held for PartitionTimeLimit"),
                (["--partition=batch,short", "--time=2-00:00:00"],
                 lambda g: g[0] == "REJECTED", "rejected at submission")],
        "ALL": [(["--partition=batch,prioritized", "--time=2-00:00:00"],
                 lambda g: g[0] == "REJECTED", "rejected at submission")],
    }[args.epl]
    # GRES and het refusals conflicting-options claims (any
    # EnforcePartLimits): sbatch or slurmctld refuse each at submission.
    # Each refused for the reason jlint gives (Slurm's message), not for
    # another one (the node has two GPUs).
    want += [(opts, lambda g, why=why: g[0] == "REJECTED" and why in g[1],
              "rejected at submission: " + why)
             for opts, why in (
                 (["--array=0-3", "hetjob", "--ntasks=1"],
                  "Invalid job array specification"),
                 (["--gpus=1", "hetjob", "--mem-per-gpu=500M"],
                  "did not request any GPU"),
                 (["--gpus=1", "--gpus-per-task=2"], "Failed to ensure"),
                 (["--gpus-per-node=1", "--gpus-per-task=2", "--ntasks=1"],
                  "Failed to ensure"),
                 # 24.11 and 26.05: "--gpus-per-task or --tres-per-task
                 # used without either --gpus or -n"
                 (["--gpus=t4:0", "--gpus-per-task=t4:1"],
                  "used without either --gpus or -n"),
                 # missing-argument's one error: --partition takes the
                 # next #SBATCH line's option as its value
                 (["--partition", "--time=5"],
                  "invalid partition specified"),
                 # --ntasks-per-gpu (conflicting-options): the task count
                 # is GPUs x K, not -n, and the node holds only those
                 # tasks' CPUs (2 CPUs here: not for want of CPUs)
                 (["--gpus=1", "--ntasks=2", "--ntasks-per-gpu=1"],
                  "Requested node configuration is not available"),
                 # --gpus (here derived from -n / K too) below -N
                 (["--nodes=2", "--gpus=1", "--ntasks-per-gpu=1"],
                  "Invalid generic resource"),
                 (["--nodes=2", "--ntasks=2", "--ntasks-per-gpu=2"],
                  "Invalid generic resource"),
                 # derived GPUs: -n not a multiple of K; a node range
                 (["--ntasks=3", "--ntasks-per-gpu=2"],
                  "Invalid generic resource"),
                 (["--nodes=1-2", "--ntasks-per-gpu=1"],
                  "Invalid generic resource"),
                 (["--nodes=1-2", "--ntasks-per-gpu=1", "--gres=gpu:0"],
                  "Invalid generic resource"),
                 # GPUs per node over --gpus-per-task: tasks per node
                 # above -n
                 (["--gpus-per-node=2", "--gpus-per-task=1", "--ntasks=1"],
                  "Requested node configuration is not available"),
                 # GPUs per node over --gpus-per-task: another
                 # --ntasks-per-node (untyped, and one typed record)
                 (["--nodes=1", "--ntasks-per-node=2",
                   "--gpus-per-node=1", "--gpus-per-task=1"],
                  "Invalid generic resource"),
                 (["--gres=gpu:t4:2", "--gpus-per-task=t4:1",
                   "--ntasks-per-node=1"], "Invalid generic resource"),
                 # a plane over -N before sbatch lowers -N to -n
                 (["--nodes=2", "--ntasks=1", "--distribution=plane=2"],
                  "Too few processes for the requested {plane,node}"),
                 # --gpus over the GPUs per node sets the node count,
                 # which -N must hold (conflicting-options; --gres=gpu
                 # too)
                 (["--nodes=1", "--gpus=2", "--gpus-per-node=1"],
                  "Invalid generic resource"),
                 (["--nodes=2", "--gpus=2", "--gres=gpu:2"],
                  "Invalid generic resource"),
                 # ... after sbatch lowers -N's maximum to -n
                 # (fixtures/policy/two-node)
                 (["--nodes=1-4", "--ntasks=2", "--gpus=4",
                   "--gpus-per-node=1"], "Invalid generic resource"),
                 (["--partition=wide", "--nodes=1-2", "--ntasks=1",
                   "--gpus=2", "--gpus-per-node=1"],
                  "Invalid generic resource"))]
    rel = tuple(int(x) for x in args.release.split("."))
    # "Can never start" where the releases differ in how: refused at
    # submission (22.05; 24.11 and 26.05 with EnforcePartLimits ANY or
    # ALL say "More processors requested than permitted"), or, in 26.05
    # (24.11 for some) with NO, taken and held for PartitionConfig.
    never = ("rejected at submission (Requested node configuration is "
             "not available, More processors requested than permitted, "
             "Node count specification invalid, or Task count "
             "specification invalid: 26.05, -n 1 on the two nodes the "
             "GPU options set), or held for PartitionConfig")

    def never_runs(g):
        return ((g[0] == "REJECTED" and any(
            m in g[1] for m in ("Requested node configuration is not "
                                "available", "More processors requested "
                                "than permitted", "Node count "
                                "specification invalid", "Task count "
                                "specification invalid"))) or
                # the node count over the one-node partition's: held
                # for PartitionNodeLimit (seen once on 22.05 with NO,
                # where PartitionConfig came in other runs)
                (g[0] == "PENDING" and g[1] in ("PartitionConfig",
                                                "PartitionNodeLimit")))
    # cpus-exceed-node: the derived GPUs' --cpus-per-gpu
    want.append((["--ntasks=2", "--ntasks-per-gpu=1", "--cpus-per-gpu=2"],
                 never_runs, never))
    # gpu-over-allocation: the GPUs --ntasks-per-gpu derives (-n / K,
    # shown by the "--gpus < -N" refusals above) over the partition's;
    # -n / K within them: taken (fixtures/policy/epl-no).  Here a node
    # has as many CPUs as GPUs, and each of those tasks wants its CPU
    # even with --overcommit (below), so the CPUs cannot be kept from
    # deciding too: this confirms "can never start", not which count.
    want.append((["--partition=batch", "--ntasks=3", "--overcommit",
                  "--ntasks-per-gpu=1"], never_runs, never))
    want.append((["--partition=batch", "--ntasks=2", "--ntasks-per-gpu=1"],
                 lambda g: g[0] != "REJECTED", "accepted"))
    # cpus-exceed-node: --ntasks-per-gpu's tasks on a node each want
    # their CPUs under --overcommit too (2 GPUs, 1 CPU a task: taken on
    # 2 CPUs)
    want.append((["--gres=gpu:t4:1", "--cpus-per-task=1", "--overcommit",
                  "--ntasks-per-gpu=%d" % (args.cpus + 1)],
                 never_runs, never))
    want.append((["--gres=gpu:t4:2", "--cpus-per-task=1", "--overcommit",
                  "--ntasks-per-gpu=1"], lambda g: g[0] != "REJECTED",
                 "accepted"))
    # --cpus-per-gpu without a GPU: taken by 22.05, refused from 23.02
    want.append((["--ntasks=1", "--cpus-per-gpu=1"],
                 (lambda g: g[0] == "REJECTED" and
                  "Invalid generic resource" in g[1]) if rel >= (23, 2)
                 else (lambda g: g[0] != "REJECTED"),
                 "rejected at submission: Invalid generic resource"
                 if rel >= (23, 2) else "accepted"))
    # GPUs x --cpus-per-gpu CPUs for more tasks, one node: taken by
    # 22.05, never run by 24.11 and 26.05; enough CPUs: taken
    want.append((["--gpus=1", "--cpus-per-gpu=1", "--ntasks=2"],
                 never_runs if rel >= (24, 11) else
                 (lambda g: g[0] != "REJECTED"),
                 never if rel >= (24, 11) else "accepted"))
    want.append((["--gpus=1", "--cpus-per-gpu=2", "--ntasks=2"],
                 lambda g: g[0] != "REJECTED", "accepted"))
    # cpus-exceed-node: --gpus over the GPUs per node takes that many
    # nodes (-n 1 too), more than this one-node partition has; a
    # quotient of one: taken (fixtures/policy/epl-no)
    want += [(opts, never_runs, never) for opts in (
        ["--ntasks=2", "--gpus=2", "--gpus-per-node=1"],
        ["--ntasks=1", "--gpus=2", "--gpus-per-node=1"],
        ["--gpus=4", "--gpus-per-node=2", "--nodes=1-3"])]
    want.append((["--ntasks=2", "--gpus=2", "--gpus-per-node=2"],
                 lambda g: g[0] != "REJECTED", "accepted"))
    # cpus-exceed-node: the GPUs per node over the GPUs per task set the
    # tasks per node; -n above them takes more nodes than this one-node
    # partition has (typed, and --overcommit, too); two per node: taken
    # (fixtures/policy/epl-no)
    want += [(opts, never_runs, never) for opts in (
        ["--ntasks=2", "--gpus-per-node=1", "--gpus-per-task=1"],
        ["--ntasks=2", "--gpus-per-node=t4:1", "--gpus-per-task=t4:1",
         "--overcommit"])]
    want.append((["--ntasks=2", "--gpus-per-node=2", "--gpus-per-task=1"],
                 lambda g: g[0] != "REJECTED", "accepted"))
    # conflicting-options, 22.05 only: --ntasks-per-node without -N is
    # the task count (sbatch _opt_verify(), dropped in 23.02), and
    # --gpus over --gpus-per-task must equal it
    if rel < (23, 2):
        want += [
            (["--ntasks-per-node=2", "--gpus=1", "--gpus-per-task=1"],
             lambda g: g[0] == "REJECTED" and
             "number of requested tasks differ" in g[1],
             "rejected at submission: number of requested tasks differ"),
            (["--ntasks-per-node=2", "--gpus=2", "--gpus-per-task=1"],
             lambda g: g[0] != "REJECTED", "accepted")]
    # 26.05 sbatch: --gpus-per-node with --gres naming gpu is fatal;
    # before it, the later one counts (fixtures/policy/epl-no)
    want.append((["--gpus-per-node=1", "--gres=gpu:1"],
                 (lambda g: g[0] == "REJECTED" and
                  "mutually exclusive" in g[1]) if rel >= (26, 5)
                 else (lambda g: g[0] != "REJECTED"),
                 "rejected by sbatch: mutually exclusive" if rel >= (26, 5)
                 else "accepted"))
    # From 23.02 --ntasks-per-node without -N sets no task count:
    # --gpus-per-task then has neither -n nor --gpus (24.11, 26.05:
    # refused; 22.05: taken, one task); -n given: taken
    want.append((["--ntasks-per-node=1", "--gpus-per-task=1"],
                 (lambda g: g[0] == "REJECTED" and
                  ("used without either" in g[1] or
                   "Invalid generic resource" in g[1])) if rel >= (23, 2)
                 else (lambda g: g[0] != "REJECTED"),
                 "rejected at submission: used without either --gpus or -n"
                 if rel >= (23, 2) else "accepted"))
    want.append((["--ntasks-per-node=1", "--gpus-per-task=1", "--ntasks=1"],
                 lambda g: g[0] != "REJECTED", "accepted"))
    # ... and the same --ntasks-per-node: taken
    # (fixtures/clean/gpus-per-node-ntasks-per-node)
    want.append((["--nodes=1", "--ntasks-per-node=2", "--gpus-per-node=2",
                  "--gpus-per-task=1"], lambda g: g[0] != "REJECTED",
                 "accepted"))
    # gpu-over-allocation ("can never start"), partition wide: two nodes
    # of two GPUs (one never answers).  Without -N, --gpus and
    # --gpus-per-task spread over both nodes; -N or -n bound the nodes;
    # more GPUs than both nodes hold never fit.  The same options as
    # fixtures/policy/two-node, where jlint says so (or nothing).
    # Slurm 24.11 and later take -n 1 without -N over both nodes;
    # 26.05 takes -N 1 with more GPUs than a node has and holds it (it
    # can never start: jlint says so, and the test sees it taken).
    want += [(["--partition=wide"] + opts,
              (lambda g: g[0] == "PENDING" and
               g[1].startswith(("ReqNodeNotAvail", "Nodes required for "
                                "job are DOWN"))) if ok else
              (lambda g: g[0] == "REJECTED" and "Requested node "
               "configuration is not available" in g[1]),
              "accepted, pends for the second node (ReqNodeNotAvail, or "
              "Nodes required for job are DOWN)" if ok
              else "rejected at submission: Requested node configuration "
              "is not available")
             for opts, ok in (
                 (["--gpus=4", "--ntasks=4"], True),
                 (["--gpus=4"], True),
                 (["--gpus-per-task=1", "--ntasks=4"], True),
                 (["--gpus=3", "--nodes=1-2", "--ntasks=3"], True),
                 (["--gpus=2", "--gpus-per-node=1", "--nodes=1-2",
                   "--ntasks=2"], True),
                 (["--gpus=4", "--nodes=1", "--ntasks=2"], rel >= (26, 5)),
                 (["--gpus=4", "--ntasks=1"], rel >= (24, 11)),
                 (["--gpus=5", "--ntasks=4"], False),
                 (["--gpus-per-task=3", "--ntasks=1"], False))]
    # cpus-exceed-node: --ntasks-per-node over a node's CPUs is refused
    # even when -n is below it (a maximum for the tasks, but each node is
    # asked for that many CPUs: sbatch prints "CPU count per node can not
    # be satisfied", then slurmctld's refusal), on one node and on two
    # (fixtures/policy/two-node).
    want += [(opts + ["--ntasks=2", "--ntasks-per-node=%d" % (args.cpus + 1)],
              lambda g: g[0] == "REJECTED" and "Requested node "
              "configuration is not available" in g[1],
              "rejected at submission: Requested node configuration is "
              "not available") for opts in ([], ["--partition=wide"])]
    # cpus-exceed-node ("can never start"): -n's CPUs count though
    # --ntasks-per-gpu gives the job one task (--ntasks-per-core takes the
    # task-cap rule away).  More CPUs than the partition has: with
    # EnforcePartLimits=NO slurmctld takes the job and holds it for
    # PartitionConfig (--test-only refuses it), else it refuses it.
    # (24.11 refuses it with NO too.)
    want.append((["--ntasks=3", "--gres=gpu:1", "--ntasks-per-gpu=1",
                  "--ntasks-per-core=1"],
                 never_runs if args.epl == "NO" else
                 (lambda g: g[0] == "REJECTED" and
                  "More processors requested than permitted" in g[1]),
                 never if args.epl == "NO"
                 else "rejected at submission: More processors requested "
                 "than permitted"))
    bad = 0
    for opts, ok, what in want:
        # Held for PartitionConfig is where that job stays: no need to
        # wait the 45 s a reason that comes later would need.
        g = real_submit(args, opts, ("PartitionConfig",)
                        if what.endswith("PartitionConfig") else (),
                        taken_only=what == "accepted")
        fine = ok(g)
        bad += not fine
        print("  real submission %s: %s (%s)%s" % (
            " ".join(opts), what, " ".join(g)[:120],
            "" if fine else "  <-- FAIL"))
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jlint", required=True)
    ap.add_argument("--policy", required=True)
    ap.add_argument("--epl", required=True)
    ap.add_argument("--release", required=True)   # "22.05"
    ap.add_argument("--seed", type=int, default=20260510)
    ap.add_argument("--n", type=int, default=800)
    ap.add_argument("--work", required=True)
    ap.add_argument("--jobs", type=int, default=6)
    ap.add_argument("--mem-mb", type=int, default=int(os.environ.get(
        "JLINT_DIFF_MEM_MB", "1000")))
    ap.add_argument("--cpus", type=int, default=int(os.environ.get(
        "JLINT_DIFF_CPUS", "2")))
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    rng = random.Random("%d-%s" % (args.seed, args.epl))
    cases = []
    for i in range(args.n):
        opts = gen_case(rng, args.mem_mb, args.cpus)
        on_cli = [rng.random() < 0.15 for _ in opts]
        cases.append((i, opts, on_cli))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        res = list(ex.map(lambda c: run_case(args, *c), cases))

    claims = confirmed = pends = pends_ok = pends_other = 0
    rejected = explained = 0
    false_claims, false_pends, jlint_errors = [], [], []
    false_errors = []   # an error on a job sbatch accepts, no pends claim
    unexplained = collections.Counter()
    example = {}
    by_rule = collections.Counter()
    for r in res:
        if r["findings"] is None or r["jrc"] == 2:
            jlint_errors.append(r)
            continue
        claim = [f for f in r["findings"] if REJECT.search(f["message"])]
        pend = [f for f in r["findings"] if PENDS.search(f["message"])]
        errors = [f for f in r["findings"] if f["severity"] == "error"]
        real = r["src"] != 0
        for f in claim:
            claims += 1
            by_rule[f["rule"]] += 1
            if real:
                confirmed += 1
            else:
                false_claims.append((r, f))
        for f in pend:
            pends += 1
            if not real or claim:
                pends_ok += 1
            elif re.search(r"time limit|time-min", r["serr"], re.I):
                false_pends.append((r, f))
            else:
                pends_other += 1    # refused for a reason jlint missed
        if not real and not pend:
            false_errors += [(r, f) for f in errors if f not in claim]
        if real:
            rejected += 1
            if claim or errors:
                explained += 1
            else:
                k = real_reason(r["serr"])
                unexplained[k] += 1
                example.setdefault(k, r)

    tag = "EnforcePartLimits=%s" % args.epl
    print("== slurm-diff %s: %d cases (seed %d)" % (tag, len(res), args.seed))
    print("  rejection claims confirmed by sbatch --test-only: %d/%d%s" % (
        confirmed, claims, " (%.1f%%)" % (100.0 * confirmed / claims)
        if claims else ""))
    print("  claims per rule: " + ", ".join(
        "%s %d" % kv for kv in sorted(by_rule.items())))
    print("  'pends forever' claims with the job accepted: %d/%d"
          " (%d refused for another reason)" % (pends_ok, pends, pends_other))
    print("  real rejections explained by a jlint error: %d/%d%s" % (
        explained, rejected, " (%.1f%%)" % (100.0 * explained / rejected)
        if rejected else ""))
    for k, n in unexplained.most_common():
        e = example[k]
        print("    not explained (%d): %s  e.g. %s" % (
            n, k, " ".join(e["opts"])))
    for r in jlint_errors[:10]:
        print("  JLINT ERROR case %d: %s: %s" % (
            r["i"], " ".join(r["opts"]), r["jerr"].strip()[:200]))
    for r, f in false_claims[:30]:
        print("  FALSE CLAIM case %d: sbatch %s job.sh [script: %s]\n"
              "    jlint %s: %s\n    sbatch: %s" % (
                  r["i"], " ".join(r["cli"]), " ".join(
                      x for x in r["opts"] if x not in r["cli"]),
                  f["rule"], f["message"], r["serr"][:200]))
    for r, f in false_errors[:30]:
        print("  FALSE ERROR case %d: sbatch %s job.sh [script: %s]\n"
              "    jlint %s: %s\n    sbatch accepted it" % (
                  r["i"], " ".join(r["cli"]), " ".join(
                      x for x in r["opts"] if x not in r["cli"]),
                  f["rule"], f["message"]))
    for r, f in false_pends[:10]:
        print("  REJECTED BUT 'pends' case %d: %s\n    sbatch: %s" % (
            r["i"], " ".join(r["opts"]), r["serr"][:200]))
    bad_real = check_real(args)
    print("  errors on jobs sbatch accepted: %d" % len(false_errors))
    return 1 if false_claims or jlint_errors or false_pends or bad_real \
        or false_errors else 0


if __name__ == "__main__":
    sys.exit(main())
