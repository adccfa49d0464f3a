#!/usr/bin/env python3
"""tests/body-diff/run.py: jlint's body reader against real bash.

jlint reads the body of a job script statically: which commands are job
steps (srun, mpirun, mpiexec, torchrun, apptainer, singularity), their
options and values, the program they start, and a container's runtime,
verb, flags, image and arguments.  Every rule about steps and containers
rests on that reading being what bash does with the same text.

This test writes job script bodies from a seeded generator: launcher
lines whose words are quoted in every way bash allows ('...', "...",
$'...', backslashes, words glued from several quoted parts), split over
lines with backslash-newline, joined by ; && || | and &, inside ( ) and
{ ;}, if/then, and next to text that is NOT a command (here-documents in
their forms, comments, echo and printf arguments, words with # inside).
It then runs each body with real bash, the launchers replaced by one
recorder on PATH that writes down the argv it was started with, and
compares, job step by job step:

  - bash's argv must be the words the generator meant (else the generator
    is wrong: the run stops, exit 2);
  - jlint's steps (jlint parse) must be exactly the launchers bash ran,
    none more, none fewer: launcher, its options with their values (a
    variable reference in jlint's value is expanded with the body's own
    assignments), the program, for a container its runtime, verb, flags
    with their values, image and arguments, and the number of processes
    jlint says the step starts (the last -n/--ntasks, -np,
    --nproc_per_node, as getopt reads them).

Exit status: 0 every script agreed, 1 a disagreement (each printed with
its script), 2 setup or a generator error, or fewer than 10 steps compared.
Usage: run.py --jlint build/jlint [--n 300] [--seed S] [--work DIR]
"""
import argparse
import collections
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

LAUNCHERS = ("srun", "mpirun", "mpiexec", "torchrun", "apptainer",
             "singularity")
# One printf, so one write(): the launchers of a pipeline run at once,
# and two writes each could interleave their records.  A record ends with
# the argument "\\001".
RECORDER = """#!/bin/sh
printf '%s\\0' "${0##*/}" "$@" "$(printf '\\001')" >>"$JL_BODY_LOG"
"""

# srun options: (name, value or None); the written forms are chosen later.
SRUN_OPTS = [("-n", "4"), ("--ntasks", "2"), ("-N", "1"), ("-c", "2"),
             ("--cpus-per-task", "8"), ("--gpus-per-task", "1"),
             ("--mpi", "pmix"), ("--cpu-bind", "cores"), ("-l", None),
             ("--export", "ALL,A=1"), ("--exclusive", None),
             ("--gpus", "2"), ("--label", None), ("-o", "out %t.log")]
CONT_FLAGS = [("--nv", None), ("--rocm", None), ("-B", "/a:/b"),
              ("--bind", "/scratch"), ("--cleanenv", None), ("-e", None),
              ("--env", "A=1"), ("-c", None), ("--pwd", "/work dir"),
              ("--containall", None)]
VARS = {"N": "4", "IMG": "/ceph/img.sif", "OPT": "pmix"}


class Gen:
    """One body: text, and the launcher argvs bash must run, in order."""

    def __init__(self, rnd):
        self.r = rnd
        self.expect = []        # argv lists, in the order bash runs them
        self.steps = []         # (launcher, opts, program, container)

    def srun_o(self, value):
        """srun -o VALUE hostname: a step the text around it writes."""
        self.expect.append(["srun", "-o", value, "hostname"])
        self.steps.append(("srun", [("-o", value)], "hostname", None))

    # -- words -----------------------------------------------------------
    def quote(self, w, var=None):
        """w written so that bash reads it as the one word w."""
        r = self.r
        if var is not None and r.random() < 0.5:
            return r.choice(["$%s" % var, "${%s}" % var, '"$%s"' % var,
                             '"${%s}"' % var])
        safe = all(c.isalnum() or c in "-_=./:,%" for c in w) and w
        k = r.randrange(8 if safe else 5)
        if k == 0 or k >= 5:
            if safe:
                return w
            k = 1
        if k == 1:
            return "'" + w.replace("'", "'\\''") + "'"
        if k == 2:
            return '"' + "".join("\\" + c if c in '"\\$`' else c
                                 for c in w) + '"'
        if k == 3:
            return "$'" + "".join("\\" + c if c in "'\\" else c
                                  for c in w) + "'"
        # k == 4: glued from parts, each quoted its own way
        if len(w) < 2:
            return "'" + w + "'"
        i = r.randrange(1, len(w))
        a, b = w[:i], w[i:]
        qa = "'" + a.replace("'", "'\\''") + "'"
        qb = "".join("\\" + c if not (c.isalnum()) else c for c in b)
        return qa + qb

    def opt_words(self, name, val, var=None):
        """The written words of one option; the words bash must see."""
        r = self.r
        if val is None:
            return [self.quote(name)], [name]
        long = name.startswith("--")
        f = r.randrange(3)
        if long and f == 0:
            # --name=value: the value part quoted on its own, or the
            # whole word
            if var is not None and r.random() < 0.5:
                return ["%s=%s" % (name, self.quote(val, var))], \
                    ["%s=%s" % (name, val)]
            return [self.quote("%s=%s" % (name, val))], \
                ["%s=%s" % (name, val)]
        if not long and len(name) == 2 and f == 0 and " " not in val:
            return [self.quote(name + val)], [name + val]
        return [self.quote(name), self.quote(val, var)], [name, val]

    def join(self, words):
        """Words with blanks between them: some gaps a backslash-newline
        or a tab, some a redirection (bash takes it out of the argv)."""
        r = self.r
        out = []
        for i, w in enumerate(words):
            if i:
                x = r.random()
                if x < 0.12:
                    out.append(" \\\n    ")
                elif x < 0.18:
                    out.append("\t")
                elif x < 0.24:
                    out.append(" %s " % r.choice([
                        ">/dev/null", "2>&1", "2>/dev/null", "</dev/null",
                        ">>/dev/null", "&>/dev/null", "<<<'in put'"]))
                else:
                    out.append(" ")
            if i and len(w) > 3 and w.isalnum() and r.random() < 0.05:
                # a backslash-newline inside a word joins it again
                k = r.randrange(1, len(w))
                w = w[:k] + "\\\n" + w[k:]
            out.append(w)
        return "".join(out)

    # -- statements ------------------------------------------------------
    def container(self, written, argv):
        r = self.r
        rt = r.choice(["apptainer", "singularity"])
        verb = r.choice(["exec", "run"])
        written += [self.quote(rt), verb]
        argv += [rt, verb]
        flags = []
        for name, val in r.sample(CONT_FLAGS, r.randrange(0, 3)):
            w, a = self.opt_words(name, val) if not name.startswith("--") \
                or val is None else self.cont_long(name, val)
            written += w
            argv += a
            flags.append((name, val))
        img_var = "IMG" if r.random() < 0.4 else None
        img = VARS["IMG"] if img_var else r.choice(["img.sif", "/c/t f.sif"])
        written.append(self.quote(img, img_var))
        argv.append(img)
        args = r.choice([["python", "a.py"], ["./run.sh", "x y"], ["true"]])
        written += [self.quote(a) for a in args]
        argv += args
        return (rt, verb, flags, img, args)

    def cont_long(self, name, val):
        # apptainer's flags take --flag=value or --flag value
        if self.r.random() < 0.5:
            return [self.quote("%s=%s" % (name, val))], \
                ["%s=%s" % (name, val)]
        return [self.quote(name), self.quote(val)], [name, val]

    def launch(self):
        """One launcher command: written text; appends what bash runs."""
        r = self.r
        kind = r.choice(["srun", "srun", "srun", "mpirun", "torchrun",
                         "container"])
        written, argv, opts, prog, cont = [], [], [], None, None
        if kind == "container":
            cont = self.container(written, argv)
            launcher = None
            prog = cont[4][0]
        else:
            launcher = kind
            written.append(self.quote(kind))
            argv.append(kind)
            if kind == "srun":
                for name, val in r.sample(SRUN_OPTS, r.randrange(0, 4)):
                    var = None
                    if val == "4" and r.random() < 0.5:
                        var = "N"
                    if val == "pmix" and r.random() < 0.5:
                        var = "OPT"
                    w, a = self.opt_words(name, val, var)
                    written += w
                    argv += a
                    opts.append((name, val))
            elif kind == "mpirun":
                w, a = self.opt_words("-np", "2")
                written += w
                argv += a
                opts.append(("-np", "2"))
            else:
                name, val = "--nproc_per_node", r.choice(["2", "4"])
                w, a = self.cont_long(name, val)
                written += w
                argv += a
                opts.append((name, val))
            if kind == "srun" and r.random() < 0.3:
                cont = self.container(written, argv)
                prog = cont[4][0]
            else:
                args = r.choice([["python", "train.py", "--lr", "0.1"],
                                 ["./a.out"], ["hostname"],
                                 ["bash", "-c", "echo $X # not a comment"]])
                if kind == "torchrun":
                    args = ["train.py", "--epochs=2"]
                written += [self.quote(a) for a in args]
                argv += args
                prog = args[0]
        self.expect.append(argv)
        self.steps.append((launcher, opts, prog, cont))
        return self.join(written)

    def noise(self):
        """Text that runs no launcher."""
        r = self.r
        k = r.randrange(28)
        if k == 21:
            # backquotes escaped inside double quotes: text, not run
            return "echo \"a \\`srun -n 2 ./x\\` b\" >/dev/null"
        if k == 22:
            # inside $( ) an escaped backquote is a plain one
            return "echo \"$(echo \\`srun -n 2 ./x\\`)\" >/dev/null"
        if k == 23:
            # `...\\\`...\\\``: the inner backquotes stay escaped
            return "X=`echo \\\\\\`srun -n 2 ./x\\\\\\``"
        if k == 24:
            # in a here-document a backslash-newline is gone before
            # $( ) is read: the comment eats the rest, $( never closes
            return ("cat <<EOF >/dev/null 2>&1\n$(: # c\\\nsrun -n 2 "
                    "./x)\nEOF")
        if k == 25:
            # ... also inside single quotes in the $( )
            self.srun_o("ab")
            return "cat <<EOF >/dev/null\n$(srun -o 'a\\\nb' hostname)\nEOF"
        if k == 26:
            # <<-: the leading tabs are gone before $( ) is read, also
            # inside quotes; in <<EOF they stay
            if r.random() < 0.5:
                self.srun_o("a\nb")
                return ("cat <<-EOF >/dev/null\n\t$(srun -o 'a\n\tb' "
                        "hostname)\n\tEOF")
            self.srun_o("a\n\tb")
            return ("cat <<EOF >/dev/null\n$(srun -o 'a\n\tb' "
                    "hostname)\nEOF")
        if k == 27:
            # a tab-indented <<- terminator inside $( ) of <<EOF
            return ("cat <<EOF >/dev/null\n$(cat <<-X\n\tsrun -n 2 ./x\n"
                    "\tX\n)\nEOF")
        if k == 20:
            # a backslash-newline joins the next line: no end there
            return ("cat <<EOF >/dev/null\nline \\\nEOF\nsrun -n 2 ./in\n"
                    "EOF")
        if k == 15:
            return "cat <<EOF >/dev/null\npid $$(srun -n 2 ./x)\nEOF"
        if k == 16:
            return "echo \"pid $$(srun -n 2 ./x)\" >/dev/null"
        if k == 17:
            return "cat <<EOF >/dev/null\n\\$(srun -n 2 ./x)\nEOF"
        if k == 18:
            return "cat <<'EOF' >/dev/null\n$(srun -n 2 ./x) `srun y`\nEOF"
        if k == 19:
            # never closed: bash reports it when cat runs, runs nothing
            return "cat <<EOF 2>/dev/null\nH=$(srun --pty bash\nEOF"
        if k == 9:
            return "command -v srun >/dev/null; type srun >/dev/null"
        if k == 10:
            return ("cat <<E\"O\"F >/dev/null; : after\nsrun -n 2 ./x\n"
                    "EOF")
        if k == 11:
            return "cat <<A <<B >/dev/null\nsrun 1\nA\nmpirun 2\nB"
        if k == 12:
            return "echo \"a\\\nsrun -n 2 b\" >/dev/null"
        if k == 13:
            return "echo 'a\\\nsrun -n 2 b' >/dev/null"
        if k == 14:
            return "while false; do :; done; f() { :; }; f"
        if k == 0:
            return "# srun -n 8 ./not-run"
        if k == 1:
            q = r.choice(["EOF", "'EOF'", '"EOF"', "-EOF"])
            t = "\t" if q == "-EOF" else ""
            return ("cat <<%s >/dev/null\n%ssrun -n 2 ./in-heredoc\n"
                    "%sapptainer exec img.sif x\n%sEOF" % (q, t, t, t))
        if k == 2:
            return "echo 'srun -n 4 ./quoted' \"mpirun -np 2\" >/dev/null"
        if k == 3:
            return "printf '%s\\n' srun apptainer >/dev/null"
        if k == 4:
            return "X=srun#not-a-comment; : \"$X\""
        if k == 5:
            return "true # ; srun -n 1 ./after-comment"
        if k == 6:
            return "echo \\\nsrun >/dev/null"
        if k == 7:
            return "Y=$(echo srun) && : $Y"
        return ": srun mpirun"

    def wrapped(self):
        """A launcher behind words bash runs it through."""
        r = self.r
        k = r.randrange(32)
        a = self.launch()
        # a in <<- bodies: its continuation lines tab-indented (after a
        # backslash-newline the tabs are mid-line: blanks, not stripped)
        at = a.replace(" \\\n    ", " \\\n\t\t")
        if k == 20:
            # nested backquotes: the inner ones escaped, bash runs both
            return "X=`echo \\`%s\\``" % bq_esc(bq_esc(a))
        if k == 21:
            # backquotes inside $( ) inside backquotes
            return "X=`echo $(echo \\`%s\\`)`" % bq_esc(bq_esc(a))
        if k == 22:
            # backquotes inside $( )
            return "X=$(echo `%s`)" % bq_esc(a)
        if k == 23:
            # in double quotes \" is unescaped too
            return "echo \"`%s`\" >/dev/null" % bq_esc(a, True)
        if k == 24:
            return "echo \"x `echo \\`%s\\``\" >/dev/null" % \
                bq_esc(bq_esc(a), True)
        if k == 25:
            return "cat <<EOF >/dev/null\nat `echo \\`%s\\``\nEOF" % \
                bq_esc(bq_esc(a))
        if k == 26:
            # <<-: tabs go before the inner <<IN looks for IN
            return ("cat <<-EOF >/dev/null\n\t$(cat <<IN\n\t\tsrun -n 8 "
                    "./data\n\tIN\n\t%s)\n\tEOF" % at)
        if k == 27:
            return ("cat <<-EOF >/dev/null\n\t$(cat <<-IN\n\t\tsrun -n 8 "
                    "./data\n\t\tIN\n\t%s)\n\tEOF" % at)
        if k == 28:
            # an inner <<-EOF inside $( ) of an outer <<EOF: \tEOF ends
            # the inner one only
            return ("cat <<EOF >/dev/null\n$(cat <<-EOF\n\tsrun -n 8 "
                    "./data\n\tEOF\n%s)\nEOF" % a)
        if k == 29:
            # backquotes over lines in <<-
            return "cat <<-EOF >/dev/null\n\tat `:\n\t%s`\n\tEOF" % \
                bq_esc(at)
        if k == 30:
            # a line of one backslash joins the next: "EOF" ends it
            return "cat <<EOF >/dev/null\ndata\n\\\nEOF\n%s" % a
        if k == 31:
            return "cat <<-EOF >/dev/null\n\tdata\n\t\\\nEOF\n%s" % a
        if k == 18:
            # an arithmetic expression runs its substitutions
            return "X=$(( $(%s)0 + 1 ))" % a
        if k == 19:
            return "(( $(%s)0 >= 0 ))" % a
        if k == 0:
            return "A=1 B='x y' " + a
        if k == 1:
            return "env A=1 " + a
        if k == 2:
            return "time " + a
        if k == 3:
            return "nohup " + a + " >/dev/null 2>&1"
        if k == 4:
            return "command " + a
        if k == 5:
            return "! " + a
        if k == 6:
            return "Z=$(%s)" % a
        if k == 7:
            return "for i in 1; do\n  %s\ndone" % a
        if k == 8:
            return "case x in\n  x) %s ;;\nesac" % a
        if k == 9:
            return "if %s; then :; fi" % a
        if k == 10:
            return "%s &\nwait" % a
        if k == 11:
            return "true;%s&&true" % a
        if k == 12:
            return "echo \"$(%s)\" >/dev/null" % a
        if k == 13:
            # inside `...` a backslash is read once more: plain text only
            return ("X=`%s`" if "\\" not in a else "X=$(%s)") % a
        if k == 14:
            return "cat <(%s) >/dev/null" % a
        if k == 15:
            if "`" not in a and "\\" not in a and r.random() < 0.3:
                return "cat <<EOF >/dev/null\nat `%s`\nEOF" % a
            return "cat <<EOF >/dev/null\n$(%s)\nEOF" % a
        if k == 16:
            return "%s # it's a comment" % a
        return "%s # \\" % a

    def statement(self):
        r = self.r
        k = r.randrange(12)
        if k <= 2:
            return self.launch()
        if k >= 10:
            return self.wrapped()
        if k == 3:
            return self.noise()
        if k == 4:
            return "true && " + self.launch()
        if k == 5:
            a = self.launch()
            return "%s %s %s" % (a, r.choice([";", "||"]),
                                 r.choice(["true", ": x"]))
        if k == 6:
            return "( %s )" % self.launch()
        if k == 7:
            return "{ %s; }" % self.launch()
        if k == 8:
            return "if true; then\n  %s\nfi" % self.launch()
        return "%s | cat >/dev/null" % self.launch()

    def body(self):
        r = self.r
        lines = ["#!/bin/bash", "#SBATCH --time=10"]
        lines += ["%s=%s" % (k, self.quote(v)) for k, v in VARS.items()]
        for _ in range(r.randrange(2, 7)):
            k = r.randrange(12)
            if k == 0:
                # a function, called once (bash runs its body then)
                lines.append("run_%d() {\n  %s\n}" % (len(lines),
                                                      self.launch()))
                lines.append("run_%d" % (len(lines) - 1))
            elif k == 1:
                # the launcher's name in a variable with one known value
                lines.append("L=srun")
                a = self.launch()
                if self.expect[-1][0] == "srun" and a.startswith("srun "):
                    a = r.choice(["$L", "${L}", '"$L"']) + a[4:]
                lines.append(a)
            else:
                lines.append(self.statement())
        if r.random() < 0.1:
            lines.append("exec " + self.launch())
        return "\n".join(lines) + "\n"


def bq_esc(t, dq=False):
    """t written inside `...` so that bash reads the command t: there a
    backslash before \\ ` $ (and " inside double quotes) is removed."""
    special = "\\`$\"" if dq else "\\`$"
    return "".join("\\" + c if c in special else c for c in t)


def expand(v):
    """A value as jlint gives it, its variable references expanded."""
    if v is None:
        return None
    for k, x in VARS.items():
        v = v.replace("${%s}" % k, x).replace("$%s" % k, x)
    return v


def jl_steps(doc):
    out = []
    for s in doc.get("steps", []):
        c = s.get("container")
        cont = None
        if c is not None:
            cont = (c["runtime"], c["verb"],
                    [(f["name"], expand(f["value"])) for f in c["flags"]],
                    expand(c["image"]), [expand(a) for a in c["args"]])
        out.append((s.get("launcher"),
                    [(o["name"], expand(o["value"])) for o in s["options"]],
                    expand(s.get("program")), cont, s.get("processes")))
    return out


def processes(launcher, opts):
    """The task count a step starts: the last of its task options, as
    getopt reads them one after another (srun -n 4 --ntasks 2: 2)."""
    names = {"srun": ("-n", "--ntasks"), "mpirun": ("-np",),
             "torchrun": ("--nproc_per_node",)}.get(launcher, ())
    n = None
    for name, val in opts:
        if name in names:
            n = int(val)
    return n


def norm(step):
    launcher, opts, prog, cont = step[:4]
    if cont is not None:
        cont = (cont[0], cont[1], [tuple(f) for f in cont[2]], cont[3],
                list(cont[4]))
    n = step[4] if len(step) > 4 else processes(launcher, opts)
    return (launcher, [tuple(o) for o in opts], prog, cont, n)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--jlint", required=True)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--work")
    a = ap.parse_args()
    bash = shutil.which("bash")
    if bash is None:
        print("body-diff: bash not found")
        return 2
    work = a.work or tempfile.mkdtemp(prefix="jlint-body-diff.")
    os.makedirs(work, exist_ok=True)
    stubs = os.path.join(work, "bin")
    os.makedirs(stubs, exist_ok=True)
    rec = os.path.join(stubs, "jl-record")
    with open(rec, "w") as f:
        f.write(RECORDER)
    os.chmod(rec, 0o755)
    for l in LAUNCHERS:
        p = os.path.join(stubs, l)
        if not os.path.exists(p):
            os.symlink("jl-record", p)
    r = random.Random(a.seed)
    bad = compared = 0
    for i in range(a.n):
        g = Gen(r)
        text = g.body()
        path = os.path.join(work, "job-%04d.sh" % i)
        with open(path, "w") as f:
            f.write(text)
        log = os.path.join(work, "job-%04d.log" % i)
        if os.path.exists(log):
            os.unlink(log)
        env = {"PATH": stubs + ":/usr/bin:/bin", "JL_BODY_LOG": log,
               "HOME": work, "LC_ALL": "C"}
        p = subprocess.run([bash, path], env=env, cwd=work,
                           stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=20)
        ran = []
        if os.path.exists(log):
            with open(log, "rb") as f:
                for recd in f.read().split(b"\x01\x00"):
                    if recd:
                        ran.append([w.decode() for w in
                                    recd.split(b"\0")[:-1]])
        # bash runs ( ) and | parts in subshells: the order of records of
        # one statement is bash's; compare as sorted lists.
        if sorted(ran) != sorted(g.expect):
            print("body-diff: GENERATOR ERROR on %s (bash exit %d)" %
                  (path, p.returncode))
            print("  meant: %s\n  bash:  %s\n  stderr: %s" %
                  (g.expect, ran, p.stderr.decode()[:300]))
            return 2
        q = subprocess.run([a.jlint, "parse", path], capture_output=True)
        try:
            doc = json.loads(q.stdout)
        except ValueError:
            doc = None
        # jlint parse exits 0 or 1 (findings) and writes nothing to
        # stderr; anything else (a sanitizer's report) is a failure.
        if doc is None or q.returncode not in (0, 1) or q.stderr:
            print("DISAGREE %s: jlint parse exit %d: %s" %
                  (path, q.returncode, q.stderr.decode()[:300]))
            bad += 1
            continue
        want = collections.Counter(map(repr, map(norm, g.steps)))
        got = collections.Counter(map(repr, map(norm, jl_steps(doc))))
        compared += len(g.steps)
        if want != got:
            bad += 1
            if bad <= 15:
                print("DISAGREE %s" % path)
                for w, n in (want - got).items():
                    print("  bash ran, jlint did not read (%dx): %s" %
                          (n, w))
                for w, n in (got - want).items():
                    print("  jlint read, bash did not run (%dx): %s" %
                          (n, w))
                for ln in text.splitlines():
                    print("  | " + ln)
    print("body-diff: %d scripts, %d steps that bash ran compared with "
          "jlint's steps; disagreements: %d scripts" % (a.n, compared, bad))
    if not a.work and not bad:
        shutil.rmtree(work, ignore_errors=True)
    if compared < 10:
        return 2
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
