#!/usr/bin/env python3
"""jlint's reader against real sbatch: generated script syntax.

Run by tests/slurm-diff/run.sh as an unprivileged user, against the
one-node test cluster.  diff.py checks what jlint says of option
*values*; this checks how jlint *reads* a script: where the #SBATCH scan
stops, what is a directive and what is a comment, tokenising (quotes,
backslashes, '#' comments, tabs), getopt_long (abbreviations, attached
and separate arguments, a required argument taken from the next line,
last one wins), and the precedence of the command line and SBATCH_*
variables over the script.

For a seeded sample of generated scripts (no oracle: the generator only
writes text), each is read by `jlint parse sbatch [ARGS] SCRIPT` and
submitted held by the real `sbatch --hold --parsable [ARGS] SCRIPT` with
the same environment; an accepted job's name, time limit, partition,
task count, memory, requeue flag and comment are read back with
scontrol, then it is cancelled.  The test fails when:
  - sbatch accepts the job and jlint says sbatch rejects it
    (sbatch_would_reject), or jlint's value of one of those fields
    differs from what slurmctld stored;
  - sbatch refuses the script while reading it (a message of its reader
    or getopt: invalid directive, unmatched quote, unrecognized or
    ambiguous option, missing argument, DOS line breaks) and jlint finds
    no error.
Refusals for other reasons are counted and listed, not failed.
Exit status: 0 agreement, 1 a disagreement, 2 setup error.
"""
import argparse, concurrent.futures, json, os, random, re, subprocess, sys

# sbatch's own reading errors (src/sbatch/opt.c, getopt): jlint must see
# every one of them.
READER_ERR = re.compile(
    r"Invalid directive|Unmatched|Unexpected .:.|unrecognized option|"
    r"invalid option|is ambiguous|requires an argument|"
    r"doesn't allow an argument|DOS line breaks|Invalid numeric value|"
    r"Invalid --time specification|does not look like a batch script|"
    r"mutually exclusive|Invalid --requeue specification", re.I)

NAMES = ["job1", "a b", "x#y", "run-7", "q'uote", 'd"q', "t\tab", "hash#",
         "back\\slash", "long_name_with_words"]
TIMES = ["5", "10", "1:00:00", "30:00", "0-1", "2-0", "45", "1-00:00:00",
         "90"]
PARTS = ["batch", "short", "prioritized", "batch,short"]
NTASKS = ["1", "2"]
# run.sh's partitions and their MaxTime in minutes.
MAXTIME = {"prioritized": 6 * 1440, "batch": 12 * 60, "short": 60}
COMMENTS = ["hello", "two words", "with#hash", "semi;colon"]
MEMS = ["100M", "200", "150M"]


def quote(rng, v):
    """One way of writing the value v in a directive (may change it:
    the point is that jlint and sbatch read the same text the same)."""
    k = rng.random()
    if k < 0.35:
        return v
    if k < 0.55:
        return '"%s"' % v
    if k < 0.7:
        return "'%s'" % v
    if k < 0.8 and len(v) > 1:
        return '%s"%s"' % (v[0], v[1:])   # a quote starting mid-word
    if k < 0.9:
        return re.sub(r'([#"\' \t\\])', r"\\\1", v)   # escaped
    return v.replace(" ", "\\ ")                      # 22.05: ends the word


def option(rng):
    """A directive's option words: (kind, list of tokens as written)."""
    kind = rng.choice(["name", "name", "time", "time", "part", "ntasks",
                       "comment", "mem", "requeue", "bad"])
    if kind == "requeue":
        return kind, [rng.choice(["--requeue", "--no-requeue", "--req",
                                  "--no-req"])]
    if kind == "bad":
        return kind, [rng.choice([
            "--cpus=2", "--foo=1", "--mem-per=1G", "-J", "--time",
            "--exclusive user", "--ntasks=x", "--time=1:2:3:4",
            "stray", ":", "--", "--hint=nomultithread"])]
    if kind == "name":
        spell = ["--job-name=", "--job-name ", "-J ", "-J", "--job=",
                 "--job-n=", "--jo "]
        v = rng.choice(NAMES)
    elif kind == "time":
        spell = ["--time=", "--time ", "-t ", "-t", "--ti=", "--tim "]
        v = rng.choice(TIMES)
    elif kind == "part":
        spell = ["--partition=", "-p ", "-p", "--part=", "--parti "]
        v = rng.choice(PARTS)
    elif kind == "ntasks":
        spell = ["--ntasks=", "-n ", "-n", "--ntasks "]
        v = rng.choice(NTASKS)
    elif kind == "mem":
        spell = rng.choice([["--mem=", "--mem "], ["--mem-per-cpu=",
                                                   "--mem-per-c="]])
        v = rng.choice(MEMS)
    else:
        spell = ["--comment=", "--comm=", "--comment "]
        v = rng.choice(COMMENTS)
    s = rng.choice(spell)
    if s.endswith(" ") and rng.random() < 0.1:
        # the argument on the next #SBATCH line (getopt takes it)
        return kind, [s.rstrip(), "\n", quote(rng, v)]
    return kind, [s + quote(rng, v)]


def directive(rng):
    """One #SBATCH-ish line (text without the newline)."""
    words = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        words += option(rng)[1]
    sep = rng.choice([" ", " ", "\t", "  ", ""])
    prefix = rng.choice(["#SBATCH"] * 12 + ["  #SBATCH", "# SBATCH",
                                            "##SBATCH", "#sbatch",
                                            "#SLURM", "#SBATCHX"])
    tail = rng.choice([""] * 6 + [" # a comment", "#x", " \t"])
    text = prefix + sep + " ".join(words) + tail
    return text.replace(" \n ", "\n#SBATCH ")


def gen_script(rng):
    lines = ["#!/bin/bash"]
    stopped = False
    for _ in range(rng.randint(1, 8)):
        k = rng.random()
        if k < 0.65:
            lines.append(directive(rng))
        elif k < 0.75:
            lines.append(rng.choice(["", "   ", "\t"]))
        elif k < 0.8:
            lines.append(rng.choice(["# plain comment", "#!/bin/sh",
                                     "  # indented comment"]))
        elif k < 0.85:
            # #PBS and #BSUB: translated after the #SBATCH pass, not
            # stopped by a command; #SBATCH --ignore-pbs turns both off;
            # one family only, #BSUB first (a script with both: its #PBS
            # lines are not read)
            lines.append(rng.choice([
                "#PBS -N pbs-name", "#PBS -l walltime=00:20:00",
                "#PBS -q short", "#PBS -l mem=120mb", "#PBS -r y",
                "#PBS -r n", "#SBATCH --ignore-pbs", " #PBS -N indented",
                "#BSUB -J bsub-name", "#BSUB -W 25", "#BSUB -q batch"]))
        elif k < 0.88:
            # het components: a line-leading hetjob/packjob starts the
            # next one and ends its line; elsewhere the word is dropped
            lines.append(rng.choice([
                "#SBATCH hetjob", "#SBATCH packjob", "#SBATCH  HETJOB",
                "#SBATCH hetjob -n 2", "#SBATCH -n 2 hetjob",
                "#SBATCH\thetjob # next", "#SBATCHhetjob -n 2"]))
        elif not stopped or rng.random() < 0.5:
            lines.append(rng.choice(["echo start", ":", "set -e",
                                     "export A=1", "module load x"]))
            stopped = True
    if rng.random() < 0.08:
        # both families, each naming the job and its partition: sbatch
        # reads the #BSUB lines and not the #PBS ones
        for line in (rng.choice(["#BSUB -J bsub-both", "#BSUB -q short"]),
                     rng.choice(["#PBS -N pbs-both", "#PBS -q batch"])):
            lines.insert(rng.randint(1, len(lines)), line)
    lines.append("srun hostname")
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.02:
        text = text.replace("\n", "\r\n")
    return text


def gen_cli_env(rng):
    cli, env = [], {}
    if rng.random() < 0.15:
        cli += rng.choice([["-J", "cli name"], ["--time=3"], ["-p", "short"],
                           ["--ntasks=1"], ["--comment=cli"]])
    if rng.random() < 0.1:
        cli += rng.choice([["--mem=110M"], ["--mem-per-cpu=90M"],
                           ["--requeue"], ["--no-requeue"]])
    for _ in range(2):
        if rng.random() < 0.15:
            k, v = rng.choice([
                ("SBATCH_JOB_NAME", "env-name"), ("SBATCH_TIMELIMIT", "4"),
                ("SBATCH_PARTITION", "batch"), ("SBATCH_MEM_PER_NODE", "130M"),
                ("SBATCH_MEM_PER_CPU", "70M"),
                ("SBATCH_REQUEUE", rng.choice(["", "1", "yes", "0", "no"])),
                ("SBATCH_NO_REQUEUE", rng.choice(["", "1", "0", "no"]))])
            env[k] = v
    return cli, env


def minutes(t):
    """scontrol's TimeLimit (or jlint's minutes) -> minutes, or None."""
    if t is None or t in ("UNLIMITED", "Partition_Limit", "NONE"):
        return None
    if isinstance(t, int):
        return t
    d = 0
    if "-" in t:
        a, t = t.split("-", 1)
        d = int(a)
    p = [int(x) for x in t.split(":")]
    while len(p) < 3:
        p.insert(0, 0)
    return d * 1440 + p[0] * 60 + p[1] + (1 if p[2] else 0)


def mbytes(v):
    """scontrol's 100M / 1G -> MB."""
    if not v:
        return None
    m = re.match(r"(\d+)([KMGT]?)", v)
    if not m:
        return None
    return int(m.group(1)) * {"K": 1.0 / 1024, "M": 1, "": 1, "G": 1024,
                              "T": 1024 * 1024}[m.group(2)]


def scontrol_fields(jid):
    """The fields of each component (a list: one job, or a het job's
    components in offset order)."""
    s = subprocess.run(["scontrol", "show", "job", jid], capture_output=True,
                       text=True, timeout=30).stdout
    blocks = re.split(r"(?m)^(?=JobId=)", s)
    return [block_fields(b) for b in blocks if b.startswith("JobId=")]


def block_fields(s):
    out = {}
    # One KEY=VALUE per field; JobName and Comment run to the end of
    # their line (their values may hold blanks).
    for key in ("JobName", "Comment"):
        m = re.search(r"\b%s=(.*)$" % key, s, re.M)
        # scontrol ends the Comment line with a blank
        out[key] = m.group(1).rstrip(" ") if m and key == "Comment" \
            else m.group(1) if m else None
    for key in ("TimeLimit", "Partition", "NumTasks", "MinMemoryNode",
                "MinMemoryCPU", "Requeue", "HetJobOffset"):
        m = re.search(r"\b%s=(\S*)" % key, s)
        out[key] = m.group(1) if m else None
    return out


def slurm_minutes(t):
    """A --time value as sbatch reads it (M, M:S, H:M:S, D-H, D-H:M,
    D-H:M:S; seconds round up) -> minutes, or None."""
    if t is None or t.upper() in ("UNLIMITED", "INFINITE", "-1"):
        return None
    d, rest = (t.split("-", 1) + [None])[:2] if "-" in t else (None, t)
    p = [int(x) for x in rest.split(":")]
    if d is not None:
        p += [0] * (3 - len(p))
        h, m, sec = p
        return int(d) * 1440 + h * 60 + m + (1 if sec else 0)
    if len(p) == 1:
        return p[0]
    if len(p) == 2:
        return p[0] + (1 if p[1] else 0)
    return p[0] * 60 + p[1] + (1 if p[2] else 0)


def run_case(args, i, text, cli, extra_env):
    d = os.path.join(args.work, "r%05d" % i)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "job.sh")
    with open(path, "w", newline="") as f:
        f.write(text)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SBATCH_")}
    env.update(extra_env)
    j = subprocess.run([args.jlint, "--policy", args.policy, "parse",
                        "sbatch"] + cli + [path], cwd=d, env=env,
                       capture_output=True, text=True, timeout=60)
    try:
        model = json.loads(j.stdout)
    except ValueError:
        model = None
    s = subprocess.run(["sbatch", "--hold", "--parsable", "--output=/dev/null"]
                       + cli + [path], cwd=d, env=env, capture_output=True,
                       text=True, timeout=60)
    real = None
    if s.returncode == 0:
        jid = s.stdout.strip().split(";")[0]
        real = scontrol_fields(jid)
        subprocess.run(["scancel", jid], capture_output=True, timeout=30)
    return dict(i=i, path=path, text=text, cli=cli, env=extra_env,
                model=model, jerr=j.stderr, src=s.returncode,
                serr=s.stderr.strip(), real=real)


def compare(r):
    """Disagreements of one accepted job: list of (field, jlint, real)."""
    job = r["model"]["job"]
    opts = r["model"]["components"][0]["options"]
    comps = r["real"]
    real = comps[0]
    bad = []
    if len(comps) != r["model"]["het_components"]:
        bad.append(("het components", r["model"]["het_components"],
                    len(comps)))
    else:
        # later het components: the values each one holds (its own and
        # those carried over), as jlint lists them
        for k in range(1, len(comps)):
            o = r["model"]["components"][k]["options"]
            c = comps[k]
            v = lambda n: o.get(n, {}).get("value")
            nt = v("ntasks") or "1"
            if str(nt) != c["NumTasks"]:
                bad.append(("ntasks of component %d" % k, nt, c["NumTasks"]))
            if v("job-name") is not None and v("job-name") != c["JobName"]:
                bad.append(("name of component %d" % k, v("job-name"),
                            c["JobName"]))
            if v("time") is not None and slurm_minutes(v("time")) != \
                    minutes(c["TimeLimit"]):
                bad.append(("time of component %d" % k, v("time"),
                            c["TimeLimit"]))
            if v("comment") is not None and v("comment") != c["Comment"]:
                bad.append(("comment of component %d" % k, v("comment"),
                            c["Comment"]))
    name = job["name"] if job["name"] is not None else "job.sh"
    if name != real["JobName"]:
        bad.append(("name", name, real["JobName"]))
    part = ",".join(job["partitions"]) if job["partitions"] \
        else "prioritized"
    # No --time: the partition's MaxTime (run.sh sets no DefaultTime).
    t = job["time"] if job["time"] is not None else MAXTIME.get(part)
    if (t is not None or "," not in part) and minutes(t) != minutes(
            real["TimeLimit"]):
        bad.append(("time", job["time"], real["TimeLimit"]))
    if part != real["Partition"]:
        bad.append(("partition", part, real["Partition"]))
    nt = job["ntasks"] if job["ntasks"] is not None else 1
    if str(nt) != real["NumTasks"]:
        bad.append(("ntasks", nt, real["NumTasks"]))
    # memory: scontrol prints MinMemoryNode= or MinMemoryCPU= (MB, with
    # a unit letter); without either, the node's default
    for key, field in (("mem", "MinMemoryNode"), ("mem_per_cpu",
                                                  "MinMemoryCPU")):
        if job[key] is not None and mbytes(real[field]) != job[key]:
            bad.append((key, job[key], real[field]))
    # no --requeue/--no-requeue: the cluster's JobRequeue (1, the
    # default; run.sh does not set it)
    rq = 1 if job["requeue"] is None else int(job["requeue"])
    if str(rq) != real["Requeue"]:
        bad.append(("requeue", job["requeue"], real["Requeue"]))
    com = opts.get("comment", {}).get("value")
    if com != real["Comment"]:
        bad.append(("comment", com, real["Comment"]))
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jlint", required=True)
    ap.add_argument("--policy", required=True)
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--work", required=True)
    ap.add_argument("--jobs", type=int, default=6)
    args = ap.parse_args()
    os.makedirs(args.work, exist_ok=True)
    rng = random.Random(args.seed)
    # Fixed shapes first (negative numbers), on every release: a backslash
    # before a tab ends the word outside quotes (22.05 to 26.05; from
    # 24.05 a backslash escapes a space only), and keeps it inside them;
    # alone, it ends the line.
    cases = [(-1 - k, "#!/bin/bash\n#SBATCH --time=5\n%s\nsrun hostname\n"
              % line, [], {}) for k, line in enumerate((
                  "#SBATCH --job-name=t\\\tab --ntasks=1",
                  "#SBATCH --job-name='t\\\tab' --ntasks=1",
                  "#SBATCH --comment=a\\ b --job-name=sp",
                  # a lone backslash before a tab: the line ends there
                  "#SBATCH --job-name=lb \\\t--ntasks=2"))]
    for i in range(args.n):
        text = gen_script(rng)
        cli, env = gen_cli_env(rng)
        cases.append((i, text, cli, env))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as ex:
        res = list(ex.map(lambda c: run_case(args, *c), cases))

    accepted = agree = refused = reader_refused = caught = het = 0
    fails, other = [], {}
    for r in res:
        m = r["model"]
        if m is None:
            fails.append((r, "jlint parse failed: %s" % r["jerr"][:200]))
            continue
        # An option no Slurm release has is a warning that says "unless
        # a SPANK plugin of this site adds it, sbatch rejects the script":
        # this cluster has none, so it counts as the claim.  So does a
        # value whose refusal depends on the patch release ("sbatch
        # 26.05.1 and later reject ..."; jlint mirrors the major one).
        jreject = m["sbatch_would_reject"] or any(
            "unless a SPANK plugin of this site adds it, sbatch rejects" in
            f["message"] or re.search(r"sbatch \d+\.\d+\.\d+ and later "
                                      r"reject", f["message"])
            for f in m["findings"])
        if r["src"] == 0:
            accepted += 1
            if jreject:
                errs = [f["message"] for f in m["findings"]
                        if f["severity"] == "error"]
                fails.append((r, "sbatch accepted it; jlint says sbatch "
                              "rejects it: %s" % "; ".join(errs)[:300]))
                continue
            het += len(r["real"]) > 1
            bad = compare(r)
            if bad:
                fails.append((r, "jlint and slurmctld differ: " + "; ".join(
                    "%s jlint %r, real %r" % b for b in bad)))
            else:
                agree += 1
            continue
        refused += 1
        if READER_ERR.search(r["serr"]):
            reader_refused += 1
            if jreject:
                caught += 1
            else:
                fails.append((r, "sbatch refused it while reading it, "
                              "jlint found no error: %s" % r["serr"][:200]))
        else:
            k = re.sub(r"\d+", "N", r["serr"].splitlines()[-1]
                       if r["serr"] else "")[:100]
            other.setdefault(k, r)

    print("== slurm-diff reader: %d generated scripts (seed %d)" % (
        len(res), args.seed))
    print("  accepted by sbatch: %d (%d het jobs); jlint read the same "
          "name, time, partition, tasks, memory, requeue, comment and het "
          "components: %d/%d" % (accepted, het, agree, accepted))
    print("  refused by sbatch while reading: %d; jlint said sbatch rejects"
          " it: %d/%d" % (reader_refused, caught, reader_refused))
    print("  refused for other reasons: %d" % (refused - reader_refused))
    for k, r in sorted(other.items()):
        print("    other refusal: %s  (e.g. %s)" % (k, r["path"]))
    for r, why in fails[:40]:
        print("  DISAGREE case %d: %s\n    sbatch %s job.sh%s\n%s" % (
            r["i"], why, " ".join(r["cli"]),
            "".join(" [%s=%s]" % kv for kv in r["env"].items()),
            "".join("    | %r\n" % l for l in r["text"].splitlines(True))))
    print("  disagreements: %d" % len(fails))
    if fails:
        return 1
    # A run where sbatch accepted nothing or refused nothing while
    # reading (slurmctld down, a broken generator) tested nothing.
    if accepted < len(res) // 10 or reader_refused < len(res) // 10:
        print("  SETUP: too few accepted or refused scripts to compare")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
