#!/usr/bin/env python3
"""tests/slurm-diff/srun-opts.py: srun's option reader against jlint's.

jlint's rule srun-unknown-option says "srun refuses it and the step never
runs" for an option on an srun line of the body that srun's getopt_long()
refuses.  This test runs the real srun on every long option name jlint
knows for any Slurm command (lint/opt-table.c, the rows of SPANK plugins
left out: the srun here has none), on the long names real srun, sbatch
and salloc print in --help, on every abbreviation of them, on misspelt
ones, and on every short option letter; and it compares what srun did
with what jlint says of the same srun line.

Real srun needs no controller for this: it reads its options, then stops
with "No command given to execute" before contacting slurmctld.

  srun --WORD=1      -> "is ambiguous"                 ambiguous
                        "unrecognized option"          unknown
                        "doesn't allow an argument"    novalue
                        anything else                  ok
  srun -C            -> "invalid option"               unknown
                        "requires an argument"         missing
                        anything else                  ok

jlint reads one script with one such srun line per word (its findings of
srun-unknown-option by line number), under --slurm-version of the srun
here.  A word on which jlint and srun disagree is a failure.

Usage: srun-opts.py [--jlint BUILD/jlint] [--srun srun] [--jobs N]
Environment: SLURM_CONF (a slurm.conf for srun; a minimal one is written
when unset or missing).  Exit status: 0 agree, 1 disagreements, 2 setup
error (no srun, srun not answering as expected, too few words compared).
"""
import argparse
import concurrent.futures
import os
import re
import string
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


def table_names():
    """Long names of lint/opt-table.c: other rows, SPANK rows."""
    text = open(os.path.join(TOP, "lint", "opt-table.c")).read()
    body = text[text.index("jl_opt_table[] = {"):]
    names, spank = set(), set()
    for row in re.split(r"\n\t\{ ", body)[1:]:
        m = re.match(r'"([^"]+)"', row)
        if m:
            (spank if "JL_OF_SPANK" in row.split("},")[0] else
             names).add(m.group(1))
    return names, spank


def help_names(prog, env):
    try:
        out = subprocess.run([prog, "--help"], capture_output=True,
                             text=True, env=env, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    return set(re.findall(r"--([a-z][a-z0-9_-]+)", out.stdout + out.stderr))


def words_of(names):
    words = set()
    for n in names:
        for k in range(1, len(n) + 1):
            words.add(n[:k])
        if len(n) > 3:
            mid = len(n) // 2
            words.add(n[:mid] + n[mid + 1:])		# a letter dropped
            words.add(n + "s")
            words.add(n.replace("-", "_"))
    return sorted(w for w in words if re.fullmatch(r"[A-Za-z0-9_-]+", w))


def real_class(srun, env, args, short):
    try:
        p = subprocess.run([srun] + args, capture_output=True, text=True,
                           env=env, timeout=20, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    err = p.stderr
    if short:
        if "invalid option" in err:
            return "unknown", err
        if "requires an argument" in err:
            return "missing", err
        return "ok", err
    if "is ambiguous" in err:
        return "ambiguous", err
    if "unrecognized option" in err:
        return "unknown", err
    if "doesn't allow an argument" in err:
        return "novalue", err
    return "ok", err


def jlint_class(msg):
    if "is ambiguous" in msg:
        return "ambiguous"
    if "takes no value" in msg:
        return "novalue"
    if "needs a value" in msg:
        return "missing"
    return "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jlint", default=os.path.join(TOP, "build", "jlint"))
    ap.add_argument("--srun", default="srun")
    ap.add_argument("--jobs", type=int, default=4)
    o = ap.parse_args()

    env = dict(os.environ)
    for k in list(env):
        if k.startswith(("SLURM_", "SRUN_", "SALLOC_", "SBATCH_")) and \
                k != "SLURM_CONF":
            del env[k]
    tmp = tempfile.mkdtemp(prefix="srun-opts.")
    if not os.path.exists(env.get("SLURM_CONF", "/etc/slurm/slurm.conf")):
        conf = os.path.join(tmp, "slurm.conf")
        with open(conf, "w") as f:
            f.write("ClusterName=probe\nSlurmctldHost=localhost\n"
                    "NodeName=localhost CPUs=2 State=UNKNOWN\n"
                    "PartitionName=batch Nodes=localhost Default=YES\n")
        env["SLURM_CONF"] = conf

    try:
        v = subprocess.run([o.srun, "--version"], capture_output=True,
                           text=True, env=env, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired) as e:
        print(f"srun-opts: cannot run {o.srun}: {e}", file=sys.stderr)
        return 2
    m = re.search(r"(\d+)\.(\d+)\.", v)
    if not m:
        print(f"srun-opts: {o.srun} --version said {v!r}", file=sys.stderr)
        return 2
    rel = f"{int(m.group(1))}.{int(m.group(2)):02d}"
    # srun with no command must stop after its options
    cls, err = real_class(o.srun, env, ["--ntasks=1"], False)
    if "No command given" not in err:
        print("srun-opts: srun --ntasks=1 did not stop with 'No command "
              f"given': {err.strip()[:300]}", file=sys.stderr)
        return 2

    names, spank = table_names()
    for prog in (o.srun, "sbatch", "salloc"):
        names |= help_names(prog, env)
    longs = words_of(names)
    shorts = list(string.ascii_letters + string.digits)
    cases = [("--" + w + "=1", False) for w in longs] + \
            [("-" + c, True) for c in shorts]

    with concurrent.futures.ThreadPoolExecutor(o.jobs) as ex:
        real = list(ex.map(lambda c: real_class(o.srun, env, [c[0]], c[1]),
                           cases))
    if any(r[0] == "timeout" for r in real):
        bad = [c[0] for c, r in zip(cases, real) if r[0] == "timeout"]
        print(f"srun-opts: srun did not stop on {bad[:5]}", file=sys.stderr)
        return 2

    # jlint: scripts of CHUNK srun lines each (below its findings cap)
    import json
    CHUNK, first = 200, 3
    said = {}
    for c0 in range(0, len(cases), CHUNK):
        script = os.path.join(tmp, f"opts{c0}.sh")
        with open(script, "w") as f:
            f.write("#!/bin/bash\n#SBATCH --time=10\n")
            for word, _ in cases[c0:c0 + CHUNK]:
                f.write(f"srun {word}\n")
        p = subprocess.run([o.jlint, "--slurm-version", rel, "-f", "json",
                            script], capture_output=True, text=True)
        if p.returncode not in (0, 1) or p.stderr:
            print(f"srun-opts: jlint exit {p.returncode}: {p.stderr[:500]}",
                  file=sys.stderr)
            return 2
        out = json.loads(p.stdout)
        if out["summary"].get("not_shown"):
            print("srun-opts: jlint left findings out", file=sys.stderr)
            return 2
        for fnd in out["findings"]:
            if fnd.get("rule") == "srun-unknown-option":
                said[c0 + fnd["line"] - first] = jlint_class(fnd["message"])

    # jlint assumes srun has the pyxis SPANK plugin (its options are
    # in the table); the srun here has none, so a word that abbreviates a
    # pyxis option may differ: it is left out (pyxis warnings only).
    disagree = []
    counts = {}
    npyxis = 0
    for i, ((word, short), (rc, err)) in enumerate(zip(cases, real)):
        jc = said.get(i, "ok")
        counts[rc] = counts.get(rc, 0) + 1
        name = word[2:].split("=")[0]
        if jc != rc and not short and any(x.startswith(name)
                                           for x in spank):
            npyxis += 1
            continue
        if jc != rc:
            disagree.append((word, rc, jc, err.strip().splitlines()[:1]))
    n = len(cases) - npyxis
    print(f"srun-opts: srun {rel}: {len(cases)} words ("
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
          + f"; {npyxis} abbreviate a pyxis option and differ, left out): "
          f"{n - len(disagree)} agree, {len(disagree)} disagree")
    for word, rc, jc, err in disagree[:40]:
        print(f"  srun {word}: srun {rc}, jlint {jc}  {err}")
    if counts.get("ambiguous", 0) < 10 or counts.get("unknown", 0) < 10 \
            or counts.get("ok", 0) < 100:
        print("srun-opts: too few words of each kind compared",
              file=sys.stderr)
        return 2
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
