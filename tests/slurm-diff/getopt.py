#!/usr/bin/env python3
"""tests/slurm-diff/getopt.py: srun's, salloc's and sbatch's option
readers against jlint's.

jlint says "srun refuses it and the step never runs" (srun-unknown-option)
for an option on an srun line (or salloc line) of the body, and "sbatch rejects the
script" (unknown-option, invalid-value "takes no value", missing-argument)
for one in a #SBATCH line, when that command's getopt_long() refuses it.
This test runs the real command on every long option name jlint knows for
any Slurm command (lint/opt-table.c), on the long names real srun, sbatch
and salloc print in --help, on every abbreviation of them, on misspelt
ones, and on every short option letter; and it compares what the command
did with what jlint says of the same srun line or #SBATCH line.

None needs a controller: srun stops with "No command given to
execute", sbatch with "Unable to open file" (or an empty script on
stdin) and salloc with "Unable to contact slurm controller" (its own
slurm.conf names a closed port, MessageTimeout=1) after reading their
options.  sbatch reads #SBATCH lines with the
same option table and getopt_long() as its command line.

  CMD --WORD=1       -> "is ambiguous"                 ambiguous
                        "unrecognized option"          unknown
                        "doesn't allow an argument"    novalue
                        anything else                  ok
  CMD -C             -> "invalid option"               unknown
                        "requires an argument"         missing
                        anything else                  ok
  srun --NAME        -> (as both above, for every full name; salloc too)

jlint reads scripts with one such srun line (or #SBATCH line) per word,
under --slurm-version of the command here, and its findings are matched
by line number.  A word on which jlint and the command disagree is a
failure.

Usage: getopt.py [--jlint BUILD/jlint] [--cmd srun|salloc|sbatch] [--jobs N]
Environment: SLURM_CONF (a slurm.conf; a minimal one is written when
unset or missing).  Exit status: 0 agree, 1 disagreements, 2 setup error
(no such command, the command not stopping as expected, too few words of
each kind compared, jlint failing).
"""
import argparse
import concurrent.futures
import json
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


def real_class(cmd, env, args):
    try:
        p = subprocess.run([cmd] + args, capture_output=True, text=True,
                           env=env, timeout=10, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return "timeout", ""
    err = p.stderr
    for what, cls in (("is ambiguous", "ambiguous"),
                      ("unrecognized option", "unknown"),
                      ("invalid option", "unknown"),
                      ("doesn't allow an argument", "novalue"),
                      ("requires an argument", "missing")):
        if what in err:
            return cls, err
    return "ok", err


def jlint_class(f):
    """What a jlint finding says getopt did, or None (another matter)."""
    rule, msg = f.get("rule"), f.get("message", "")
    if rule not in ("srun-unknown-option", "unknown-option",
                    "invalid-value", "missing-argument"):
        return None
    if "is ambiguous" in msg:
        return "ambiguous"
    if re.match(r"--\S+ takes no value", msg):
        return "novalue"
    if rule == "missing-argument" or "needs a value" in msg:
        return "missing"
    if rule == "invalid-value":
        return None		# a value the option refuses: getopt took it
    return "unknown"


def jlint_said(o, rel, tmp, lines):
    """{index: class} for scripts whose body lines are `lines`."""
    CHUNK, first, said = 200, 3, {}
    for c0 in range(0, len(lines), CHUNK):
        script = os.path.join(tmp, f"opts{c0}.sh")
        with open(script, "w") as f:
            f.write("#!/bin/bash\n#SBATCH --time=10\n")
            f.write("".join(l + "\n" for l in lines[c0:c0 + CHUNK]))
            f.write("true\n")
        p = subprocess.run([o.jlint, "--slurm-version", rel, "-f", "json",
                            script], capture_output=True, text=True)
        if p.returncode not in (0, 1) or p.stderr:
            raise RuntimeError(f"jlint exit {p.returncode}: "
                               f"{p.stderr[:500]}")
        out = json.loads(p.stdout)
        if out["summary"].get("not_shown"):
            raise RuntimeError("jlint left findings out")
        for fnd in out["findings"]:
            c = jlint_class(fnd)
            if c is not None:
                said.setdefault(c0 + fnd["line"] - first, c)
    return said


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jlint", default=os.path.join(TOP, "build", "jlint"))
    ap.add_argument("--cmd", default="srun",
                    choices=("srun", "salloc", "sbatch"))
    ap.add_argument("--jobs", type=int, default=4)
    o = ap.parse_args()
    tag = f"getopt {o.cmd}"

    env = dict(os.environ)
    for k in list(env):
        if k.startswith(("SLURM_", "SRUN_", "SALLOC_", "SBATCH_")) and \
                k != "SLURM_CONF":
            del env[k]
    tmp = tempfile.mkdtemp(prefix="getopt.")
    # salloc asks a controller for an allocation after its options: never
    # a real one (a closed port, at once).
    if o.cmd == "salloc" or not os.path.exists(
            env.get("SLURM_CONF", "/etc/slurm/slurm.conf")):
        conf = os.path.join(tmp, "slurm.conf")
        with open(conf, "w") as f:
            # Addresses, not names: a bare root may have no resolver.
            f.write("ClusterName=probe\n"
                    "SlurmctldHost=localhost(127.0.0.1)\n"
                    "SlurmctldPort=1\nMessageTimeout=1\n"
                    "NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 "
                    "State=UNKNOWN\n"
                    "PartitionName=batch Nodes=localhost Default=YES\n")
        env["SLURM_CONF"] = conf

    try:
        v = subprocess.run([o.cmd, "--version"], capture_output=True,
                           text=True, env=env, timeout=20).stdout
    except (OSError, subprocess.TimeoutExpired) as e:
        print(f"{tag}: cannot run {o.cmd}: {e}", file=sys.stderr)
        return 2
    m = re.search(r"(\d+)\.(\d+)\.", v)
    if not m:
        print(f"{tag}: {o.cmd} --version said {v!r}", file=sys.stderr)
        return 2
    rel = f"{int(m.group(1))}.{int(m.group(2)):02d}"
    # After its options the command must stop before any controller.
    nofile = os.path.join(tmp, "no-such-dir", "job.sh")
    extra = [nofile] if o.cmd == "sbatch" else []
    stop = {"srun": "No command given", "sbatch": "Unable to open file",
            "salloc": "Unable to contact slurm controller"}[o.cmd]
    cls, err = real_class(o.cmd, env, ["--ntasks=1"] + extra)
    if stop not in err:
        print(f"{tag}: {o.cmd} --ntasks=1 did not stop with '{stop}': "
              f"{err.strip()[:300]}", file=sys.stderr)
        return 2

    names, spank = table_names()
    names |= spank
    for prog in ("srun", "sbatch", "salloc"):
        names |= help_names(prog, env)
    longs = words_of(names)
    shorts = list(string.ascii_letters + string.digits)
    cases = [("--" + w + "=1", False) for w in longs] + \
            [("-" + c, True) for c in shorts]
    # srun, salloc: every full name with nothing after it too ("requires
    # an argument"; sbatch would take its script's name as the value)
    if o.cmd != "sbatch":
        cases += [("--" + w, True) for w in sorted(names)
                  if re.fullmatch(r"[A-Za-z0-9_-]+", w)]

    with concurrent.futures.ThreadPoolExecutor(o.jobs) as ex:
        real = list(ex.map(lambda c: real_class(
            o.cmd, env, [c[0]] + ([] if c[1] else extra)), cases))
    # A word getopt refuses stops the command at once; one it takes may
    # go on to the controller (srun --test-only in 26.05 asks slurmctld):
    # a few such are "ok", many mean the command does not stop at all.
    slow = [c[0] for c, r in zip(cases, real) if r[0] == "timeout"]
    if len(slow) > 5:
        print(f"{tag}: {o.cmd} did not stop on {slow[:5]}...",
              file=sys.stderr)
        return 2
    real = [("ok", "(went on past its options)") if r[0] == "timeout"
            else r for r in real]

    # jlint: an srun line, or a #SBATCH line, per long word; a script of
    # its own per short letter (a #SBATCH option's value may be the next
    # line's word).
    try:
        if o.cmd != "sbatch":
            said = jlint_said(o, rel, tmp, [f"{o.cmd} {w}"
                                            for w, _ in cases])
        else:
            nl = len(longs)
            said = jlint_said(o, rel, tmp, [f"#SBATCH {w}"
                                            for w, _ in cases[:nl]])
            for i in range(nl, len(cases)):
                one = jlint_said(o, rel, tmp, [f"#SBATCH {cases[i][0]}"])
                if 0 in one:
                    said[i] = one[0]
    except RuntimeError as e:
        print(f"{tag}: {e}", file=sys.stderr)
        return 2

    # jlint assumes srun, salloc and sbatch have the pyxis SPANK plugin
    # (its options are in the table; pyxis registers them in sbatch and
    # salloc too unless its sbatch_support=0); the ones here have none, so
    # a word that abbreviates a pyxis option may differ: it is left out.
    disagree, counts, npyxis = [], {}, 0
    for i, ((word, short), (rc, err)) in enumerate(zip(cases, real)):
        jc = said.get(i, "ok")
        counts[rc] = counts.get(rc, 0) + 1
        name = word[2:].split("=")[0]
        if jc != rc and word.startswith("--") and \
                any(x.startswith(name) for x in spank):
            npyxis += 1
            continue
        if jc != rc:
            disagree.append((word, rc, jc, err.strip().splitlines()[:1]))
    n = len(cases) - npyxis
    left = f"; {npyxis} abbreviate a pyxis option and differ, left out" \
        if npyxis else ""
    print(f"{tag}: {o.cmd} {rel}: {len(cases)} words ("
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
          + f"{left}): {n - len(disagree)} agree, {len(disagree)} disagree")
    for word, rc, jc, err in disagree[:40]:
        print(f"  {o.cmd} {word}: {o.cmd} {rc}, jlint {jc}  {err}")
    if counts.get("ambiguous", 0) < 10 or counts.get("unknown", 0) < 10 \
            or counts.get("ok", 0) < 100:
        print(f"{tag}: too few words of each kind compared",
              file=sys.stderr)
        return 2
    return 1 if disagree else 0


if __name__ == "__main__":
    sys.exit(main())
