#!/usr/bin/env python3
"""bench/gen-hostile.py [--size MB] OUTDIR: hostile job scripts (and a
hostile policy).

Without --size: the files below at their fixed sizes.  With --size MB:
every kind that grows (SCALABLE below) at about MB * 10^6 bytes, named
KIND.sh, for the scaling table (bench.py runs 4 and 32 MB: time and peak
RSS must grow at most 9x for 8x the input).

Each file is built deterministically (seeded PRNG for the random one).
jlint must read every one in bounded time and memory and print clean
output (no raw control bytes reach the terminal).  bench/bench.py times
them and states the bound in bench/RESULTS.md.

  escapes.sh        terminal escape sequences (CSI clear screen, OSC 52
                    clipboard write, OSC 8 links, BEL, bare CR) in
                    directive values, option names, job names, comments,
                    images and commands
  line-1m.sh        one #SBATCH line with a 1 MB value
  line-16m.sh       one 16 MB body line of words (no newline at all)
  directives-100k   100 000 #SBATCH lines (most of them bad)
  steps-10k.sh      10 000 srun steps with containers
  steps-100k.sh     100 000 srun steps
  nest-10k.sh       $( ( { [[ nested 10 000 deep, then unclosed
  quotes-100k.sh    100 000 alternating quote characters
  heredocs-10k.sh   10 000 pending here-documents on one line
  cont-100k.sh      a 100 000-line backslash continuation in a directive
                    block and in the body
  functions-10k.sh  10 000 functions calling each other and traps
  regex-bait.sh     long near-miss words for backtracking regexes (image
                    paths of 100 000 'a's, '/ceph/containe' repeated)
  random-1m.sh      1 MB of seeded random bytes (NULs, invalid UTF-8)
  heredoc-late.sh   10 000 here-documents holding #SBATCH lines (data)
                    interleaved with 10 000 late #SBATCH lines
  steps-heredocs.sh 10 000 srun steps each fed by a here-document
                    (python - <<EOF), interleaved with pending bodies
  variables (--size only) variables that name each other, arrays and a
                    2000-word variable, read as srun's and torchrun's words;
                    then an array of nested $( never closed
  srun-options (--size only) srun lines each with an unknown option (the
                    did-you-mean search), an ambiguous one and a flag
                    given a value (srun-unknown-option)
  realistic (--size only) the 200 generated scripts concatenated
                    (bench/gen-scripts.py --concat): late blocks, heredoc
                    wrappers, traps, steps
  regex-bait.yaml   a policy whose site rule uses a catastrophic regex
                    ((a+)+$) on step images: PCRE2's match limit must stop
                    it (the rule is skipped), not hang
"""
import os
import random
import sys

HDR = "#!/bin/bash\n#SBATCH --time=1:00:00\n#SBATCH --gres=gpu:1\n"


def w(out, name, data):
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogateescape")
    with open(os.path.join(out, name), "wb") as fp:
        fp.write(data)


def fill(head, unit, nbytes, tail=""):
    """head, then unit(i) for i = 0, 1, ... up to about nbytes, then tail."""
    parts, n, i = [head], len(head), 0
    while n < nbytes:
        u = unit(i)
        parts.append(u)
        n += len(u)
        i += 1
    parts.append(tail)
    return "".join(parts)


def heredoc_late(nbytes):
    return fill("#!/bin/bash\n#SBATCH --time=10\necho start\n",
                lambda i: f"cat > job{i}.sh <<'EOF'\n#!/bin/bash\n"
                f"#SBATCH --time={i % 60 + 1}\n#SBATCH --gres=gpu:1\n"
                f"srun python train.py --i {i}\nEOF\n"
                f"#SBATCH --partition=p{i % 7}\nsbatch job{i}.sh\n",
                nbytes)


def steps_heredocs(nbytes):
    return fill(HDR, lambda i: f"srun -n {i % 4 + 1} apptainer exec --nv "
                f"/ceph/container/img{i % 9}.sif python - <<EOF{i} &\n"
                f"import torch\nprint({i}, torch.cuda.device_count())\n"
                f"EOF{i}\ncat <<A{i} <<B{i}\n$x {i}\nA{i}\n#SBATCH -p y\n"
                f"B{i}\n", nbytes, "wait\n")


def directives(nbytes):
    return fill("#!/bin/bash\n", lambda i: ["#SBATCH --time=%d" % i,
                "#SBATCH --bogus-%d" % i, "#SBATCH --mem",
                "#SBATCH -N x%d" % i, "#SBATCH --gres=gpu:%d" % (i % 9)]
                [i % 5] + "\n", nbytes, "srun hostname\n")


def steps(nbytes):
    return fill(HDR, lambda i: f"srun -n {i % 8 + 1} --gres=gpu:{i % 4} "
                f"apptainer exec --bind /d{i}:/d /ceph/container/img{i}.sif "
                f"python train.py --i {i} &\n", nbytes, "wait\n")


def srun_options(nbytes):
    # srun-unknown-option: an unknown (did-you-mean search), an ambiguous
    # and a flag-with-value option on every line
    return fill(HDR, lambda i: f"srun --zz-bogus-{i % 97} --nta {i % 8 + 1}"
                f" --exact={i} ./a{i}\n", nbytes)


def variables(nbytes):
    # Variables that name each other, each read where srun, a launcher or
    # a container takes its words (resolve_as(): one look per reference,
    # not a walk over every assignment), and a wide one split often.
    wide = " ".join(["-l"] * 2000)
    return fill(HDR + f'WIDE="{wide}"\n',
                lambda i: f'V{i}="--ntasks=$V{i + 1} -c2"\n'
                f'ARGS{i}=(--nnodes=1 --nproc_per_node={i % 8 + 1})\n'
                f'srun $V{i} $V{max(0, i - 50)} torchrun "${{ARGS{i}[@]}}" '
                f't.py\n' + ('srun $WIDE hostname\n' if i % 100 == 0
                             else ""), nbytes,
                # an array of nested $( never closed, to the end
                "A=( " + "$( " * (nbytes // 30) + "\n")


def functions(nbytes):
    return fill(HDR, lambda i: f"f{i}() {{ f{i + 1}; scontrol requeue "
                f"$SLURM_JOB_ID; }}\n" + (f"trap f{i} USR1 TERM EXIT\n"
                                          if i % 10 == 0 else ""),
                nbytes, "srun x\n")


def heredocs_pending(nbytes):
    n = max(1, nbytes // 16)
    return (HDR + "cat " + " ".join(f"<<E{i}" for i in range(n)) +
            "\nsrun x\n" + "".join(f"line\nE{i}\n" for i in range(0, n, 2)))


def line(nbytes):
    r = random.Random(7)
    words, n = [], 0
    while n < nbytes:
        s = "".join(r.choice("abcdefgh") for _ in range(r.randint(1, 12)))
        words.append(s)
        n += len(s) + 1
    return "#!/bin/bash\n#SBATCH --time=10\nsrun " + " ".join(words)


def cont(nbytes):
    n = max(1, nbytes // 30)
    return ("#!/bin/bash\n#SBATCH --time=10 \\\n" +
            "#SBATCH --mem=1G \\\n" * n + "srun \\\n" +
            "  -n 1 \\\n" * n + "  hostname\n")


def quotes(nbytes):
    return HDR + "echo " + "'\"`" * (nbytes // 3) + "\nsrun x\n"


def nest(nbytes):
    d = max(1, nbytes // 16)
    return HDR + "echo " + "$( ( { [[ \"`${" * d + "\n" + ")" * d + \
        "\nsrun x\n"


def rand(nbytes):
    r = random.Random(11)
    return b"#!/bin/bash\n" + r.randbytes(nbytes)


def realistic(nbytes):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    gs = __import__("gen-scripts")
    return gs.concat(nbytes)


SCALABLE = {"directives": directives, "steps": steps,
            "functions": functions, "heredocs": heredocs_pending,
            "line": line, "cont": cont, "quotes": quotes, "nest": nest,
            "random": rand, "heredoc-late": heredoc_late,
            "steps-heredocs": steps_heredocs, "realistic": realistic,
            "srun-options": srun_options, "variables": variables}


def main():
    a, usage = sys.argv[1:], __doc__.split("\n\n")[0]
    if a[:1] in (["-h"], ["--help"]):
        print(usage)
        return 0
    if not (len(a) == 1 and not a[0].startswith("-") or
            len(a) == 3 and a[0] == "--size"):
        print(usage, file=sys.stderr)
        return 2
    if len(sys.argv) == 4 and sys.argv[1] == "--size":
        out = sys.argv[3]
        os.makedirs(out, exist_ok=True)
        nbytes = int(float(sys.argv[2]) * 1e6)
        for name, f in SCALABLE.items():
            w(out, name + ".sh", f(nbytes))
        return 0
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    w(out, "heredoc-late.sh", heredoc_late(1200000))
    w(out, "steps-heredocs.sh", steps_heredocs(1400000))
    esc = ["\x1b[2J\x1b[H", "\x1b]52;c;ZWNobyBwd25lZA==\x07",
           "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\", "\x07",
           "\rrm -rf ~ # ", "\x1b[31mRED\x1b[0m", "\x9b1;1H", "\x1bP+q\x1b\\"]
    L = ["#!/bin/bash"]
    for i, e in enumerate(esc):
        L.append(f"#SBATCH --job-name=job{e}name")
        L.append(f"#SBATCH --partition={e}")
        L.append(f"#SBATCH --tim{e}e=10")
        L.append(f"#SBATCH --gres=gpu:{e}:2")
        L.append(f"#SBATCH --{e}")
        L.append(f"# comment {e}")
    L.append("echo start")
    for e in esc:
        L.append(f"#SBATCH --output=late{e}.out")
        L.append(f"srun singularity exec /img{e}.sif python {e}")
        L.append(f"trap '{e}' USR1")
        L.append(f"'{e}")
    w(out, "escapes.sh", "\n".join(L) + "\n")

    w(out, "line-1m.sh", HDR + "#SBATCH --job-name=" + "x" * (1 << 20) +
      "\nsrun hostname\n")
    r = random.Random(7)
    words = []
    n = 0
    while n < 16 * (1 << 20):
        s = "".join(r.choice("abcdefgh") for _ in range(r.randint(1, 12)))
        words.append(s)
        n += len(s) + 1
    w(out, "line-16m.sh", "#!/bin/bash\n#SBATCH --time=10\nsrun " +
      " ".join(words))

    L = ["#!/bin/bash"]
    for i in range(100000):
        L.append(["#SBATCH --time=%d" % i, "#SBATCH --bogus-%d" % i,
                  "#SBATCH --mem", "#SBATCH -N x%d" % i,
                  "#SBATCH --gres=gpu:%d" % (i % 9)][i % 5])
    L.append("srun hostname")
    w(out, "directives-100k.sh", "\n".join(L) + "\n")

    for n in (10000, 100000):
        L = [HDR.rstrip("\n")]
        for i in range(n):
            L.append(f"srun -n {i % 8 + 1} --gres=gpu:{i % 4} apptainer exec "
                     f"--bind /d{i}:/d /ceph/container/img{i}.sif "
                     f"python train.py --i {i} &")
        L.append("wait")
        w(out, f"steps-{n // 1000}k.sh", "\n".join(L) + "\n")

    d = 10000
    w(out, "nest-10k.sh", HDR + "echo " + "$( ( { [[ \"`${" * d + "\n" +
      ")" * d + "\nsrun x\n")
    w(out, "quotes-100k.sh", HDR + "echo " + "'\"`" * 33334 + "\nsrun x\n")
    w(out, "heredocs-10k.sh", HDR + "cat " + " ".join(
        f"<<E{i}" for i in range(10000)) + "\nsrun x\n" +
      "".join(f"line\nE{i}\n" for i in range(0, 10000, 2)))
    w(out, "cont-100k.sh", "#!/bin/bash\n#SBATCH --time=10 \\\n" +
      "#SBATCH --mem=1G \\\n" * 50000 + "srun \\\n" + "  -n 1 \\\n" *
      50000 + "  hostname\n")
    L = [HDR.rstrip("\n")]
    for i in range(10000):
        L.append(f"f{i}() {{ f{i + 1}; scontrol requeue $SLURM_JOB_ID; }}")
        if i % 10 == 0:
            L.append(f"trap f{i} USR1 TERM EXIT")
    L.append("srun x")
    w(out, "functions-10k.sh", "\n".join(L) + "\n")

    L = ["#!/bin/bash", "#SBATCH --time=10", "#SBATCH --gres=gpu:1",
         "#SBATCH --job-name=" + "a" * 100000 + "!"]
    for i in range(20):
        L.append("srun singularity exec --nv /" + "a" * 100000 + "! x")
        L.append("srun singularity exec --nv " + "/ceph/containe" * 5000 +
                 " x")
        L.append("srun apptainer exec docker://" + "a:" * 50000 + " x")
    w(out, "regex-bait.sh", "\n".join(L) + "\n")
    w(out, "regex-bait.yaml",
      "name: regex-bait\n"
      "site_rules:\n"
      "  - code: BAIT001\n"
      "    slug: bait-image\n"
      "    severity: warning\n"
      "    summary: catastrophic backtracking on purpose\n"
      "    doc: A nested quantifier on every step image and the job name.\n"
      "    for: steps\n"
      "    when: step.container.image matches '^/(a+)+$'\n"
      "    message: bait {step.container.image}\n"
      "  - code: BAIT002\n"
      "    slug: bait-name\n"
      "    severity: warning\n"
      "    summary: catastrophic backtracking on purpose\n"
      "    doc: A nested quantifier on the job name, over 100 kB.\n"
      "    when: job.name matches '^(a|a)*$'\n"
      "    message: bait {job.name}\n")

    r = random.Random(11)
    w(out, "random-1m.sh", b"#!/bin/bash\n" +
      bytes(r.getrandbits(8) for _ in range(1 << 20)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
