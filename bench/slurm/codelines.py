#!/usr/bin/env python3
"""bench/slurm/codelines.py CALLGRIND.OUT [N]: the code footprint of one
plugin call: distinct 64-byte code lines the call executed, in all and by
object, and the N functions (default 20) that touch the most lines.

On cold caches inside slurmctld a call's cost follows the cache lines it
touches, not its instructions (bench/RESULTS.md, "Per-call footprint").
Reads a callgrind dump made with --dump-instr=yes of exactly one call:

    valgrind --tool=callgrind --dump-instr=yes --collect-atstart=no \\
        --toggle-collect=job_submit --dump-before=job_submit \\
        --callgrind-out-file=/tmp/cg.out \\
        build/pgo/plugbench build/job_submit_jlint.so \\
        policies/ai-lab.yaml tests/slurm/cases/gpu-nv.sh 3
    bench/slurm/codelines.py /tmp/cg.out.50

(--dump-before writes one file per call; a middle one is a warm call.)
"""
import collections
import re
import sys


def main():
    if sys.argv[1:2] in (["-h"], ["--help"]):
        print(__doc__)
        return 0
    if len(sys.argv) not in (2, 3) or sys.argv[1].startswith("-"):
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    top = int(sys.argv[2]) if len(sys.argv) == 3 else 20
    names = {}          # ("fn"|"ob", id) -> name (callgrind's compression)
    fn = ob = None
    last = 0
    lines = collections.defaultdict(set)    # (object, function) -> lines
    every = set()

    def name(kind, s):
        m = re.match(r"\((\d+)\)(?: (.*))?", s)
        if not m:
            return s
        if m.group(2):
            names[(kind, m.group(1))] = m.group(2)
        return names.get((kind, m.group(1)), s)

    with open(sys.argv[1]) as fp:
        for ln in fp:
            ln = ln.rstrip("\n")
            if ln.startswith("fn="):
                fn = name("fn", ln[3:])
            elif ln.startswith("ob="):
                ob = name("ob", ln[3:]).rsplit("/", 1)[-1]
            elif ln.startswith("cfn="):
                name("fn", ln[4:])
            elif ln.startswith("cob="):
                name("ob", ln[4:])
            elif ln[:1] in ("0", "+", "-", "*"):
                a = ln.split()[0]
                if a.startswith("0x"):
                    last = int(a, 16)
                elif a[0] == "+":
                    last += int(a[1:])
                elif a[0] == "-":
                    last -= int(a[1:])
                key = (ob, last >> 6)
                lines[(ob, fn)].add(key)
                every.add(key)
    byob = collections.Counter(o for o, _ in every)
    print(f"distinct code lines: {len(every)} (" + ", ".join(
        f"{o} {n}" for o, n in byob.most_common()) + ")")
    for (o, f), s in sorted(lines.items(), key=lambda kv: -len(kv[1]))[:top]:
        print(f"{len(s):6d}  {o}  {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
