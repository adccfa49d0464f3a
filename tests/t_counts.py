#!/usr/bin/env python3
"""Counts near the integer limits, through the real CLI.

Generated job scripts (seeded, so a failure can be replayed) give the
count options values at and past INT32_MAX, UINT32_MAX and INT64_MAX,
with memory suffixes, in random mixes with GPU, task, node and array
options and body steps, and run $JLINT over them under several policies
and releases.  jlint must answer every one (exit 0, 1 or 2) and say
nothing from a sanitizer: under `make check-asan` an overflowing product
of two counts is undefined behaviour that UBSan stops at.

  JLINT=build/jlint tests/t_counts.py [N [SEED]]   (default 1000 scripts, seed 1)
"""
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JLINT = os.environ.get("JLINT", os.path.join(ROOT, "build", "jlint"))
N = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
SEED = int(sys.argv[2]) if len(sys.argv) > 2 else 1

POLICIES = [
    "policies/ai-lab.yaml",
    "policies/lumi.yaml",
    "policies/default.yaml",
    "fixtures/policy/two-node/policy.yaml",
    "fixtures/policy/mixed-gpus/policy.yaml",
    "fixtures/policy/epl-all/policy.yaml",
    "fixtures/policy/epl-no/policy.yaml",
]
RELEASES = [[], ["--slurm-version", "24.11"], ["--slurm-version", "22.05"]]

VALS = ["0", "1", "2", "3", "65535", "65536", "3037000500", "2147483647",
        "2147483648", "4294967295", "4294967296", "4611686018427387904",
        "9223372036854775807", "9223372036854775808",
        "99999999999999999999"]
PARTS = ["gpu", "cpu", "small,big", "wide", "mixed,wide", "batch", "standard-g"]


def gen(rng):
    v = lambda: rng.choice(VALS)
    mem = lambda: v() + rng.choice(["", "K", "M", "G", "T"])
    opts = [
        lambda: "-n %s" % v(), lambda: "-N %s" % v(), lambda: "-N 1",
        lambda: "-N %s-%s" % (v(), v()), lambda: "-c %s" % v(),
        lambda: "--cpus-per-task=%s" % v(), lambda: "--mincpus=%s" % v(),
        lambda: "--mem=%s" % mem(), lambda: "--mem-per-cpu=%s" % mem(),
        lambda: "--mem-per-gpu=%s" % mem(), lambda: "--tmp=%s" % mem(),
        lambda: "--gpus=%s" % v(), lambda: "--gpus=a100:%s" % v(),
        lambda: "-G %s" % v(), lambda: "--gpus-per-node=%s" % v(),
        lambda: "--gpus-per-node=t4:%s" % v(),
        lambda: "--gpus-per-task=%s" % v(),
        lambda: "--gpus-per-socket=%s" % v(),
        lambda: "--cpus-per-gpu=%s" % v(),
        lambda: "--ntasks-per-node=%s" % v(),
        lambda: "--ntasks-per-gpu=%s" % v(),
        lambda: "--ntasks-per-core=%s" % v(),
        lambda: "--ntasks-per-socket=%s" % v(),
        lambda: "--sockets-per-node=%s" % v(),
        lambda: "--cores-per-socket=%s" % v(),
        lambda: "--threads-per-core=%s" % v(),
        lambda: "-B %s:%s:%s" % (v(), v(), v()),
        lambda: "--gres=gpu:%s" % v(),
        lambda: "--gres=gpu:a100:%s,gpu:v100:%s" % (v(), v()),
        lambda: "--gres=gpu:%s,gpu:%s" % (v(), v()),
        lambda: "--array=0-%s" % v(),
        lambda: "--array=1-%s:%s%%%s" % (v(), v(), v()),
        lambda: "--time=%s" % v(), lambda: "--time=%s-%s:00:00" % (v(), v()),
        lambda: "--distribution=plane=%s" % v(),
        lambda: "--exclusive", lambda: "--overcommit",
        lambda: "-p %s" % rng.choice(PARTS),
    ]
    steps = ["srun -n %s ./a.out", "srun --gpus=%s ./a.out",
             "srun -c %s --mem=%sG ./a.out", "mpirun -np %s ./a.out",
             "torchrun --nproc_per_node=%s train.py",
             "srun --ntasks-per-node=%s -N %s ./a.out",
             "srun --gpus-per-task=%s -n %s ./a.out"]
    lines = ["#!/bin/bash"]
    for _ in range(rng.randint(2, 8)):
        lines.append("#SBATCH " + rng.choice(opts)())
    for _ in range(rng.randint(0, 2)):
        s = rng.choice(steps)
        lines.append(s % tuple(v() for _ in range(s.count("%s"))))
    return "\n".join(lines) + "\n"


# Shapes the random mixes found hard to reach (a review found the first).
FIXED = [
    ["-N 1", "-c 4", "--gpus=4611686018427387904", "--gpus-per-task=1"],
    ["-N 1", "--gpus=9223372036854775807", "--cpus-per-gpu=2", "-n 3"],
    ["--gpus=9223372036854775807", "--gpus-per-node=1", "-N 2-3"],
    ["-n 9223372036854775807", "--gpus=2", "--cpus-per-gpu=1", "-p solo"],
]


def main():
    rng = random.Random(SEED)
    bad = 0
    with tempfile.TemporaryDirectory(prefix="jlint-counts.") as d:
        files = []
        for i, opts in enumerate(FIXED):
            f = os.path.join(d, "fixed-%d.sh" % i)
            with open(f, "w") as fh:
                fh.write("#!/bin/bash\n" + "".join("#SBATCH %s\n" % o
                                                   for o in opts) +
                         "srun ./a.out\n")
            files.append(f)
        for i in range(N):
            f = os.path.join(d, "job-%04d.sh" % i)
            with open(f, "w") as fh:
                fh.write(gen(rng))
            files.append(f)
        for pol in POLICIES:
            for rel in RELEASES:
                cmd = [JLINT, "--policy", os.path.join(ROOT, pol)] + rel + \
                    ["-f", "json"]
                # In batches, so a failure names a few files, not all.
                for k in range(0, len(files), 100):
                    batch = files[k:k + 100]
                    p = subprocess.run(cmd + batch, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, text=True,
                                       errors="replace")
                    err = p.stderr
                    if p.returncode not in (0, 1, 2) or \
                            "runtime error" in err or "Sanitizer" in err:
                        bad += 1
                        print("FAIL: %s %s (seed %d, scripts %d-%d): exit %d"
                              % (pol, " ".join(rel), SEED, k, k + len(batch)
                                 - 1, p.returncode))
                        for ln in err.splitlines():
                            if "runtime error" in ln or "ERROR" in ln or \
                                    "SUMMARY" in ln:
                                print("  " + ln)
                        # The script it stopped at, to replay.
                        for f in batch:
                            q = subprocess.run(cmd + [f],
                                               stdout=subprocess.DEVNULL,
                                               stderr=subprocess.PIPE,
                                               text=True, errors="replace")
                            if q.returncode not in (0, 1, 2) or \
                                    "runtime error" in q.stderr:
                                print("  script:\n" + open(f).read())
                                break
    runs = len(POLICIES) * len(RELEASES)
    print("counts: %d scripts x %d policy/release runs, %d failed"
          % (len(FIXED) + N, runs, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
