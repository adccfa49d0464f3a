#!/usr/bin/env python3
"""bench/cli-ab.py OLD NEW [DIR]: CPU per file of two jlint builds, side by
side, against `cat`: a same-core A/B of a change to the CLI's start-up.

For every tenth script of DIR (default: build/bench/ab, filled with
bench/gen-scripts.py --seed 1 --count 200 when missing), on core 0:
`perf stat -r 40 -e task-clock` of OLD, NEW and cat on that file, then OLD
and NEW again (the two builds taking turns, so the host's state cancels).
Prints the medians over the files of each command's CPU time (ms) and of
the per-file ratios NEW/OLD, OLD/cat and NEW/cat.  Task-clock is the CPU
time of the process, so exec and start-up count; wall time on a shared VM
moves too much for a 5% change.
"""
import glob
import os
import statistics
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def cpu_ms(cmd):
    out = subprocess.run(["taskset", "-c", "0", "perf", "stat", "-r", "40",
                          "-x,", "-e", "task-clock"] + cmd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         text=True, check=False).stderr
    return float(out.strip().split("\n")[-1].split(",")[0])


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[1] in ("-h", "--help"):
        print(__doc__, file=sys.stderr)
        return 2
    old, new = sys.argv[1], sys.argv[2]
    d = sys.argv[3] if len(sys.argv) == 4 else os.path.join(
        ROOT, "build", "bench", "ab")
    if not glob.glob(os.path.join(d, "*.sh")):
        os.makedirs(d, exist_ok=True)
        subprocess.run([sys.executable, os.path.join(ROOT, "bench",
                        "gen-scripts.py"), "--seed", "1", "--count", "200",
                        d], stdout=subprocess.DEVNULL, check=True)
    files = sorted(glob.glob(os.path.join(d, "*.sh")))[::10]
    o, n, c = [], [], []
    for f in files:
        a1, b1, c1 = cpu_ms([old, f]), cpu_ms([new, f]), cpu_ms(["cat", f])
        a2, b2 = cpu_ms([old, f]), cpu_ms([new, f])
        o.append((a1 + a2) / 2)
        n.append((b1 + b2) / 2)
        c.append(c1)
    med = statistics.median
    print(f"{len(files)} files; median CPU ms: old {med(o):.3f} "
          f"new {med(n):.3f} cat {med(c):.3f}")
    print(f"per file, median: new/old {med([b / a for a, b in zip(o, n)]):.3f}"
          f"; old/cat {med([a / x for a, x in zip(o, c)]):.3f}"
          f"; new/cat {med([b / x for b, x in zip(n, c)]):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
