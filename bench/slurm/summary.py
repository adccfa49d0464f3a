#!/usr/bin/env python3
"""bench/slurm/summary.py OUT SOAK_N: tables from bench/slurm/run.sh's raw files.

  chain-<workload>-<config>-r<round>.ns     ns per submission in the chain
  chain-<workload>-<config>-r<round>.lat    client lines: i job rc msg t0 t1
  chain-<workload>-<config>-r<round>.sdiag  sdiag after the run
Writes chain.json: {workload: {config: added us, median over rounds}}.
  soak-<name>.lat / .rss / .log            soak submissions, RSS samples
"""
import glob
import json
import os
import re
import statistics as st
import sys

GOOD = {"gpu-nv.sh", "gpu-over-ok.sh", "requeue-ckpt.sh", "time-ok.sh",
        "clean-cpu.sh"}
BAD = {"gpu-no-nv.sh", "gpu-over.sh", "requeue-nockpt.sh", "time-over.sh"}


def pct(xs, q):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] if xs else 0


def read_ns(path):
    try:
        return [int(x) / 1000.0 for x in open(path) if x.strip()]
    except OSError:
        return []


def read_lat(path):
    rows = []
    try:
        for line in open(path):
            p = line.split()
            if len(p) == 6:
                rows.append((int(p[0]), p[1], int(p[2]), int(p[3]),
                             float(p[4]), float(p[5])))
    except OSError:
        pass
    return rows


def read_cpu(path):
    """timer1's .cpu file: thread CPU ns, voluntary and involuntary
    context switches per submission."""
    rows = []
    try:
        for line in open(path):
            p = line.split()
            if len(p) == 3:
                rows.append((int(p[0]) / 1000.0, int(p[1]), int(p[2])))
    except OSError:
        pass
    return rows


def sdiag_ave(path):
    try:
        m = re.search(r"REQUEST_SUBMIT_BATCH_JOB\s*\(\s*\d+\)\s*count:(\d+)\s*"
                      r"ave_time:(\d+)", open(path).read())
        return int(m.group(2)) if m else None
    except OSError:
        return None


def chain(out):
    files = glob.glob(os.path.join(out, "chain-*-r*.ns"))
    if not files:
        return
    keys = {}
    for f in files:
        m = re.match(r"chain-(\w+)-(\w+)-r(\d+)\.ns$", os.path.basename(f))
        if m:
            keys.setdefault((m.group(1), m.group(2)), []).append(int(m.group(3)))
    print("### job_submit chain inside slurmctld (timer0,X,timer1)")
    print()
    print("Microseconds from timer0 to timer1 for each submission that reached "
          "timer1 (a plugin that rejects ends the chain); 'added' is the "
          "median minus the empty chain's median in the same round.  Client: "
          "the sbatch round trip as the user sees it; sdiag: "
          "REQUEST_SUBMIT_BATCH_JOB ave_time over the run (whole RPC).  "
          "cpu us: the median of the thread's CPU time over the same "
          "interval (it includes the timers' own clock reads, about 2 us); "
          "switches: context switches per submission (voluntary + "
          "involuntary): wall time well above CPU time, or switches, mean "
          "the plugin waited rather than computed.")
    print()
    result = {}
    names = {"twins": "the five accepted headline twins of tests/slurm/cases",
             "corpus": "the 200 generated scripts, requests rewritten to fit "
             "the cluster",
             "worst": "one 4 MB script of concatenated corpus bodies "
             "(gen-scripts.py --concat 4)"}
    for w in ("twins", "corpus", "worst"):
        rounds = sorted({r for (ww, c), rs in keys.items() if ww == w
                         for r in rs})
        if not rounds:
            continue
        print(f"Workload: {w} ({names[w]})")
        print()
        print("| round | config | samples | median us | p90 us | p99 us | max us "
              "| added us | cpu us | switches | client median ms | accepted "
              "| sdiag ave us |")
        print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
        added = {"jlint": [], "jlint-b": [], "jlint4": [], "lua": [],
                 "cfour": []}
        for r in rounds:
            base = None
            for cfg in ("none", "jlint", "jlint-b", "jlint4", "lua",
                        "cfour"):
                ns = read_ns(os.path.join(out, f"chain-{w}-{cfg}-r{r}.ns"))
                lat = read_lat(os.path.join(out, f"chain-{w}-{cfg}-r{r}.lat"))
                sd = sdiag_ave(os.path.join(out, f"chain-{w}-{cfg}-r{r}.sdiag"))
                cpu = read_cpu(os.path.join(out, f"chain-{w}-{cfg}-r{r}.ns.cpu"))
                if not ns:
                    continue
                med = st.median(ns)
                if cfg == "none":
                    base = med
                add = med - base if base is not None else float("nan")
                if cfg in added:
                    added[cfg].append(add)
                cl = st.median([(t1 - t0) * 1e3 for *_, t0, t1 in lat]) if lat else 0
                acc = sum(1 for x in lat if x[2] == 0)
                print(f"| {r} | {cfg} | {len(ns)} | {med:.1f} | "
                      f"{pct(ns, 0.9):.1f} | {pct(ns, 0.99):.1f} | {max(ns):.0f} | "
                      f"{'-' if cfg == 'none' else f'{add:.1f}'} | "
                      f"{st.median(c[0] for c in cpu) if cpu else float('nan'):.1f} | "
                      f"{sum(c[1] + c[2] for c in cpu) / len(cpu) if cpu else float('nan'):.2f} | "
                      f"{cl:.2f} | "
                      f"{acc}/{len(lat)} | {sd if sd is not None else '?'} |")
        print()
        m = {c: st.median(v) for c, v in added.items() if v}
        if "jlint" in m or "lua" in m:
            result[w] = m
        says = []
        if "jlint" in m and "lua" in m:
            says.append(f"Added cost per submission, median over rounds: "
                        f"jlint {m['jlint']:.1f} us, job_submit.lua "
                        f"{m['lua']:.1f} us: jlint/lua = "
                        f"{m['jlint'] / m['lua']:.3f} (target <= 0.2).")
        if "jlint4" in m and "lua" in m:
            says.append(f"The same four rules in jlint (config jlint4: the "
                        f"ai-lab policy with every other rule off): "
                        f"{m['jlint4']:.1f} us = "
                        f"{m['jlint4'] / m['lua']:.3f} of job_submit.lua"
                        + (f"; jlint/jlint4 = {m['jlint'] / m['jlint4']:.2f}"
                           if "jlint" in m else "") + ".")
        if "jlint" in m and "cfour" in m:
            share = (f" = {m['cfour'] / m['lua']:.3f} of job_submit.lua"
                     if "lua" in m else "")
            says.append(f"Floor: the same four rules written directly in C "
                        f"(bench/slurm/cfour.c) {m['cfour']:.1f} us{share}; "
                        f"jlint/cfour = {m['jlint'] / m['cfour']:.2f}.")
        if "jlint" in m and "jlint-b" in m:
            says.append(f"A/B: jlint {m['jlint']:.1f} us, jlint-b "
                        f"(BENCH_SLURM_PLUGIN_B) {m['jlint-b']:.1f} us: "
                        f"jlint/jlint-b = {m['jlint'] / m['jlint-b']:.3f}.")
        for line in says:
            print(line)
            print()
    with open(os.path.join(out, "chain.json"), "w") as fp:
        json.dump(result, fp)


def soak(out, n):
    rows = {}
    for name in ("baseline", "jlint"):
        lat = read_lat(os.path.join(out, f"soak-{name}.lat"))
        rss = []
        try:
            for line in open(os.path.join(out, f"soak-{name}.rss")):
                p = line.split()
                if len(p) >= 2 and p[1].isdigit():
                    rss.append((int(p[0]), int(p[1]), " ".join(p[2:])))
                elif len(p) >= 2 and p[1] == "dead":
                    rss.append((int(p[0]), -1, "dead"))
        except OSError:
            pass
        if lat or rss:
            rows[name] = (lat, rss)
    if not rows:
        return
    print("### Soak: sbatch --test-only through the plugin")
    print()
    print(f"{n} submissions per run cycling the nine headline twins "
          "(5 good, 4 bad); jlint run: policy reloaded (same rules) at 30%, "
          "broken policy file from 50% to 70%, then restored.  RSS of "
          "slurmctld (VmRSS) every 250 submissions.")
    print()
    print("| run | submissions | slurmctld alive | good rejected | bad accepted "
          "| other failures | RSS after 250 KB | RSS at end KB | growth KB | "
          "max KB |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, (lat, rss) in rows.items():
        alive = not any(r[1] == -1 for r in rss)
        good_rej = sum(1 for x in lat if x[1] in GOOD and x[2] != 0 and x[3])
        other = sum(1 for x in lat if x[2] != 0 and not x[3])
        bad_acc = sum(1 for x in lat if x[1] in BAD and x[2] == 0)
        vals = [r for r in rss if r[1] > 0]
        r250 = next((r[1] for r in vals if r[0] >= 250), 0)
        end = vals[-1][1] if vals else 0
        mx = max((r[1] for r in vals), default=0)
        ba = "-" if name == "baseline" else str(bad_acc)
        print(f"| {name} | {len(lat)} | {'yes' if alive else 'NO'} | {good_rej} "
              f"| {ba} | {other} | {r250} | {end} | {end - r250:+d} | {mx} |")
    print()
    print("(baseline: JobSubmitPlugins empty, so bad jobs are accepted by "
          "design and not counted.)")
    print()
    for name in rows:
        path = os.path.join(out, f"soak-{name}.log")
        if os.path.exists(path) and os.path.getsize(path) > 0:
            print(f"Plugin log lines about the policy ({name} run), counted:")
            print()
            print("```")
            print(open(path).read().rstrip())
            print("```")
            print()
    if "jlint" in rows:
        print("RSS samples (jlint run): " + ", ".join(
            f"{r[0]}:{r[1]}{'(' + r[2] + ')' if r[2] else ''}"
            for r in rows["jlint"][1]))
        print()


def warm(out):
    path = os.path.join(out, "warm.txt")
    if not os.path.exists(path):
        return
    rows = []
    for line in open(path):
        p = line.split()
        if len(p) >= 4:
            kv = dict(x.split("=", 1) for x in p[1:] if "=" in x)
            rows.append((p[0], float(kv.get("us_per_call", "nan")),
                         kv.get("verdict", "?")))
    print("### The plugin outside slurmctld, warm caches (plugbench.c)")
    print()
    print("job_submit() of job_submit_jlint.so called in a loop by a fake "
          "controller with the request sbatch makes (ai-lab policy, "
          "60-entry environment): the cost with everything in cache.")
    print()
    print("| script | us per call | verdict |")
    print("|---|---|---|")
    for name, us, v in rows:
        if not name.startswith("corpus/"):
            print(f"| {name} | {us:.2f} | {v} |")
    cor = [r for r in rows if r[0].startswith("corpus/")]
    if cor:
        acc = [r[1] for r in cor if r[2] == "accept"]
        rej = [r[1] for r in cor if r[2] == "reject"]
        print(f"| corpus, {len(cor)} scripts: median accepted "
              f"({len(acc)}) | {st.median(acc) if acc else 0:.2f} | accept |")
        if rej:
            print(f"| corpus: median rejected ({len(rej)}) | "
                  f"{st.median(rej):.2f} | reject |")
    print()


def main():
    out = sys.argv[1]
    n = sys.argv[2] if len(sys.argv) > 2 else "?"
    v = os.path.join(out, "verdicts.txt")
    if os.path.exists(v):
        print("### Verdicts on the headline twins (sbatch --test-only)")
        print()
        print("```")
        print(open(v).read().rstrip())
        print("```")
        print()
    warm(out)
    chain(out)
    soak(out, n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
