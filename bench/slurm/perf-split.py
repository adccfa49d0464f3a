#!/usr/bin/env python3
"""bench/slurm/perf-split.py PERF.DATA [SUBMISSIONS] [FREQ]: where a plugin's
time goes inside slurmctld.

Reads the perf data that bench/slurm/run.sh records with
BENCH_SLURM_PROFILE=DIR and BENCH_SLURM_PERF_ARGS="--call-graph dwarf,32768
-F 10000" (call graphs are needed: without them a sample in malloc or
strlen cannot be charged to the plugin that called it), keeps the samples
of slurmctld's RPC threads whose stack holds the jlint plugin's
job_submit(), and prints, inclusive, the jlint functions those samples
pass through, the leaf functions (any library), and the first non-jlint
function each sample entered from jlint.  With SUBMISSIONS and FREQ
(samples per second, 10000 above) it also gives microseconds per
submission.  perf's own unwinding slows the plugin by about half again: read
the split, not the absolute numbers (those come from the timers).

    BENCH_SLURM_PROFILE=/tmp/p BENCH_SLURM_WORKLOADS=twins \\
    BENCH_SLURM_CONFIGS=jlint BENCH_SLURM_N=1000 BENCH_SLURM_ROUNDS=1 \\
    BENCH_SLURM_PERF_ARGS="--call-graph dwarf,32768 -F 10000" \\
        flock /run/lock/jlint-slurm-tests.lock bench/slurm/run.sh timing
    bench/slurm/perf-split.py /tmp/p/perf-twins-jlint-r1.data 1000 10000
"""
import collections
import re
import subprocess
import sys

FRAME = re.compile(r"\s*[0-9a-f]+ (\S+) \((.*)\)")


def stacks(data):
    p = subprocess.Popen(["perf", "script", "-i", data, "--comm", "srvcn",
                          "-F", "comm,ip,sym,dso"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True)
    cur = []
    for line in p.stdout:
        m = FRAME.match(line)
        if m:
            cur.append((m.group(1), m.group(2).rsplit("/", 1)[-1]))
        elif not line.strip():
            if cur:
                yield cur
            cur = []
    if cur:
        yield cur
    p.wait()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    subs = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    freq = float(sys.argv[3]) if len(sys.argv) > 3 else 0
    total = inside = 0
    incl, leaf, entered = (collections.Counter() for _ in range(3))
    for fr in stacks(sys.argv[1]):
        total += 1
        mine = [s for s, dso in fr if "jlint" in dso]
        if "job_submit" not in mine:
            continue
        inside += 1
        leaf[f"{fr[0][0]} ({fr[0][1]})"] += 1
        for s in set(mine):
            incl[s] += 1
        for i in range(len(fr) - 1):
            if "jlint" not in fr[i][1] and "jlint" in fr[i + 1][1]:
                entered[f"{fr[i][0]} ({fr[i][1]}) <- {fr[i + 1][0]}"] += 1
                break
    print(f"samples of RPC threads: {total}; in jlint's job_submit: {inside}")
    if subs and freq:
        print(f"= {inside / freq / subs * 1e6:.1f} us per submission "
              f"(perf-inflated)")

    def table(title, c, n=30):
        print(f"\n{title}")
        for k, v in c.most_common(n):
            print(f"{v:7d} {100.0 * v / max(inside, 1):5.1f}%  {k}")
    table("inclusive, jlint functions", incl, 45)
    table("leaf functions", leaf)
    table("entered from jlint", entered, 20)


if __name__ == "__main__":
    main()
