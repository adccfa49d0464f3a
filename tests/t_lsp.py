#!/usr/bin/env python3
"""tests/t_lsp.py: jlint lsp at the protocol level.

Drives the real server ($JLINT lsp) over stdio the way an editor does:
initialize, didOpen, didChange (debounced), hover, completion,
codeAction, shutdown and exit.  The policy is found the way the CLI finds
it (a .jlint.yaml beside the script); the safe-fix code action must write
exactly what `jlint --fix` writes; a broken message, a broken document and
a broken policy must not end the server.  Prints "lsp: N checks, ok" or
the failures, and exits 1 on any failure.
"""
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time

JLINT = os.path.abspath(os.environ.get("JLINT", "build/jlint"))
failures = []
nchecks = 0


def check(cond, what):
    global nchecks
    nchecks += 1
    if not cond:
        failures.append(what)
        print("FAIL lsp: " + what, file=sys.stderr)
    return cond


class Server:
    def __init__(self, cwd, env=None):
        e = dict(os.environ)
        e.pop("JLINT_POLICY", None)
        e["JLINT_LSP_DEBOUNCE_MS"] = "300"
        if env:
            e.update(env)
        self.p = subprocess.Popen([JLINT, "lsp"], cwd=cwd, env=e,
                                  stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE)
        self.buf = b""
        self.next_id = 1

    def send_raw(self, body):
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.p.stdin.flush()

    def send(self, obj):
        self.send_raw(json.dumps(obj).encode())

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def recv(self, timeout=10):
        """The next message, or None after timeout seconds."""
        end = time.time() + timeout
        while True:
            i = self.buf.find(b"\r\n\r\n")
            if i >= 0:
                hdr = self.buf[:i].decode()
                n = int([h for h in hdr.split("\r\n")
                         if h.lower().startswith("content-length:")][0]
                        .split(":")[1])
                if len(self.buf) >= i + 4 + n:
                    body = self.buf[i + 4:i + 4 + n]
                    self.buf = self.buf[i + 4 + n:]
                    return json.loads(body)
            left = end - time.time()
            if left <= 0:
                return None
            r, _, _ = select.select([self.p.stdout], [], [], left)
            if not r:
                return None
            chunk = os.read(self.p.stdout.fileno(), 65536)
            if not chunk:
                return None
            self.buf += chunk

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method,
                   "params": params})
        while True:
            m = self.recv()
            if m is None:
                return None
            if m.get("id") == rid:
                return m

    def diagnostics(self, uri, timeout=10):
        """The next publishDiagnostics for uri."""
        while True:
            m = self.recv(timeout)
            if m is None:
                return None
            if (m.get("method") == "textDocument/publishDiagnostics" and
                    m["params"]["uri"] == uri):
                return m["params"]


def apply_edits(text, edits):
    """Apply LSP TextEdits (UTF-16 positions; ASCII text here)."""
    lines = text.split("\n")
    starts = [0]
    for ln in lines[:-1]:
        starts.append(starts[-1] + len(ln) + 1)

    def off(pos):
        return starts[pos["line"]] + pos["character"]
    for e in sorted(edits, key=lambda e: off(e["range"]["start"]),
                    reverse=True):
        a, b = off(e["range"]["start"]), off(e["range"]["end"])
        text = text[:a] + e["newText"] + text[b:]
    return text


def pos(line, ch):
    return {"line": line, "character": ch}


def main():
    if not os.access(JLINT, os.X_OK):
        print("FAIL lsp: no %s" % JLINT)
        return 1
    t = tempfile.mkdtemp()
    try:
        return run(t)
    finally:
        shutil.rmtree(t)


POLICY = """\
name: lsp-test
partitions:
  - name: gpu
    default: true
    max_time: 1-00:00:00
    nodes:
      - { count: 2, cpus: 32, mem: 256G, gpus: { a100: 4, t4: 2 } }
  - name: long
    max_time: 7-00:00:00
rules:
  missing-shebang: enforce
"""


def run(t):
    proj = os.path.join(t, "proj")
    os.mkdir(proj)
    with open(os.path.join(proj, ".jlint.yaml"), "w") as f:
        f.write(POLICY)
    path = os.path.join(proj, "job.sh")
    uri = "file://" + path
    s = Server(proj)

    r = s.request("initialize", {"processId": None, "rootUri": None,
                                 "capabilities": {}})
    caps = r and r.get("result", {}).get("capabilities", {})
    check(caps and caps.get("textDocumentSync", {}).get("change") == 1,
          "initialize: full text sync")
    check(caps and caps.get("hoverProvider") and
          caps.get("completionProvider") and caps.get("codeActionProvider"),
          "initialize: hover, completion, code actions")
    s.notify("initialized", {})

    # -- diagnostics on open: rule code, severity, related information --
    text = ("#!/bin/bash\n"
            "#SBATCH --time=12:00\n"
            "#SBATCH --partition=gpu\n"
            "#SBATCH -p long\n"
            "echo start\n"
            "#SBATCH --mem=4G\n")
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri, "languageId": "sh", "version": 1, "text": text}})
    d = s.diagnostics(uri)
    check(d is not None, "didOpen: diagnostics published")
    by = {x["data"]["rule"]: x for x in (d or {}).get("diagnostics", [])}
    tm = by.get("time-mmss")
    check(tm is not None and tm["code"] == "JL2003" and tm["severity"] == 2
          and tm["range"]["start"] == pos(1, 8) and
          "fix:" in tm["message"], "time-mmss: code, severity, range, fix")
    late = by.get("late-directive")
    check(late is not None and late["range"]["start"]["line"] == 5 and
          late.get("relatedInformation", [{}])[0].get("location", {})
          .get("range", {}).get("start") == pos(4, 0),
          "late-directive: related information at the first command")

    # A value taken from the next line: related information there.
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": "#!/bin/bash\n#SBATCH --job-name\n"
                            "#SBATCH --time=10\nsrun x\n"}]})
    d = s.diagnostics(uri)
    ma = [x for x in (d or {}).get("diagnostics", [])
          if x["data"]["rule"] == "missing-argument"]
    check(ma and ma[0]["range"]["start"]["line"] == 1 and
          [r["location"]["range"]["start"] for r in
           ma[0].get("relatedInformation", [])] == [pos(2, 0)],
          "missing-argument: related information at the line the value "
          "came from: %r" % ma)

    # -- didChange: debounced, one publish for the last version --
    t0 = time.time()
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 2},
        "contentChanges": [{"text": text + "#SBATCH -t 5\n"}]})
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 3},
        "contentChanges": [{"text": "#!/bin/bash\n#SBATCH -t 30\n"
                            "srun hostname\n"}]})
    d = s.diagnostics(uri)
    waited = time.time() - t0
    check(d is not None and d.get("version") == 3,
          "didChange: the publish is for the last version")
    check(waited >= 0.25, "didChange: debounced (%.2fs)" % waited)
    check(d is not None and d["diagnostics"] == [],
          "didChange: a clean script has no diagnostics")
    check(s.diagnostics(uri, timeout=0.8) is None,
          "didChange: no second publish")

    # -- hover --
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 4},
        "contentChanges": [{"text": text}]})
    s.diagnostics(uri)
    h = s.request("textDocument/hover", {"textDocument": {"uri": uri},
                                         "position": pos(1, 10)})
    hv = ((h or {}).get("result") or {}).get("contents", {}).get("value", "")
    check("**--time**" in hv and "12 minutes" in hv and "SBATCH_TIMELIMIT"
          in hv and "sets the effective value" in hv,
          "hover --time: doc, value read back, origin: %r" % hv)
    h = s.request("textDocument/hover", {"textDocument": {"uri": uri},
                                         "position": pos(2, 12)})
    hv = ((h or {}).get("result") or {}).get("contents", {}).get("value", "")
    check("Overridden" in hv and "line 4" in hv,
          "hover --partition: overridden by line 4: %r" % hv)
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 5},
        "contentChanges": [{"text": "#!/bin/bash\n#SBATCH --nodes=2\n"
                            "#SBATCH --gres=gpu:a100:4\n"
                            "#SBATCH --mem=0\n#SBATCH -t 1-0\nsrun x\n"}]})
    s.diagnostics(uri)
    hv = []
    for line in (2, 3, 4):
        h = s.request("textDocument/hover", {"textDocument": {"uri": uri},
                                             "position": pos(line, 10)})
        hv.append(((h or {}).get("result") or {}).get("contents", {})
                  .get("value", ""))
    check("4 GPUs per node of type a100 (8 in all)" in hv[0],
          "hover --gres: the GPUs read back: %r" % hv[0])
    check("all the memory of each node" in hv[1],
          "hover --mem=0: read back: %r" % hv[1])
    check("1440 minutes (1-00:00:00)" in hv[2],
          "hover -t 1-0: read back: %r" % hv[2])
    # A rule slug in a suppression comment.
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 5},
        "contentChanges": [{"text": "#!/bin/bash\n# jlint disable="
                            "time-mmss -- short test job\n"
                            "#SBATCH --time=5:00\nsrun true\n"}]})
    s.diagnostics(uri)
    h = s.request("textDocument/hover", {"textDocument": {"uri": uri},
                                         "position": pos(1, 20)})
    hv = ((h or {}).get("result") or {}).get("contents", {}).get("value", "")
    check("JL2003 time-mmss" in hv and "minutes:seconds" in hv and
          "Write 2:00:00" in hv,
          "hover on a rule slug: summary, doc and fix: %r" % hv)
    h = s.request("textDocument/hover", {"textDocument": {"uri": uri},
                                         "position": pos(3, 3)})
    check(h is not None and h.get("result") is None,
          "hover on a command: nothing")

    # -- completion --
    def complete(txt, line, ch):
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 6},
            "contentChanges": [{"text": txt}]})
        s.diagnostics(uri)
        c = s.request("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": pos(line, ch)})
        return ((c or {}).get("result") or {}).get("items", [])
    items = complete("#!/bin/bash\n#SBATCH --part\n", 1, 14)
    labels = [i["label"] for i in items]
    check("--partition=" in labels and all(
        lb.startswith("--part") for lb in labels),
          "completion: long names by prefix: %r" % labels)
    check(any(i.get("preselect") and i["label"] == "--partition="
              for i in items), "completion: the abbreviation sbatch takes")
    items = complete("#!/bin/bash\n#SBATCH -\n", 1, 9)
    labels = [i["label"] for i in items]
    check("-p" in labels and "-t" in labels and "--time=" in labels,
          "completion: short and long names after '-'")
    items = complete("#!/bin/bash\n#SBATCH --partition=\n", 1, 20)
    check(sorted(i["label"] for i in items) == ["gpu", "long"],
          "completion: the policy's partitions: %r" % items)
    items = complete("#!/bin/bash\n#SBATCH -p \n", 1, 11)
    check(sorted(i["label"] for i in items) == ["gpu", "long"],
          "completion: partitions after -p")
    items = complete("#!/bin/bash\n#SBATCH --gres=\n", 1, 15)
    check(sorted(i["label"] for i in items) == ["gpu:a100:1", "gpu:t4:1"],
          "completion: GPU types for --gres: %r" %
          [i["label"] for i in items])
    items = complete("#!/bin/bash\necho --part\n", 1, 11)
    check(items == [], "completion: nothing outside #SBATCH lines")

    # -- code actions: the safe fix is exactly --fix --
    crlf = "#!/bin/bash\r\n#SBATCH --time=1:00:00\r\nsrun true\r\n"
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 7},
        "contentChanges": [{"text": crlf}]})
    d = s.diagnostics(uri)
    check(any(x["data"]["rule"] == "crlf-line-endings"
              for x in d["diagnostics"]), "crlf-line-endings reported")
    ca = s.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": pos(0, 0), "end": pos(0, 0)},
        "context": {"diagnostics": d["diagnostics"]}})
    acts = (ca or {}).get("result") or []
    fix = [a for a in acts if a["title"].startswith("Apply jlint's safe")]
    check(len(fix) == 1 and fix[0].get("isPreferred"),
          "code action: the safe fixes: %r" % [a["title"] for a in acts])
    fixed = open(os.path.join(t, "fixme.sh"), "w")
    fixed.write(crlf)
    fixed.close()
    subprocess.run([JLINT, "--policy", os.path.join(proj, ".jlint.yaml"),
                    "--fix", os.path.join(t, "fixme.sh")],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    want = open(os.path.join(t, "fixme.sh")).read()
    if fix:
        got = apply_edits(crlf, fix[0]["edit"]["changes"][uri])
        check(got == want, "code action = jlint --fix: %r vs %r" %
              (got, want))
    # A late directive whose value would change the job: no safe fix,
    # but "disable here"; none for the enforced rule.
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 8},
        "contentChanges": [{"text": text}]})
    d = s.diagnostics(uri)
    ca = s.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": pos(5, 0), "end": pos(5, 3)},
        "context": {"diagnostics": []}})
    acts = (ca or {}).get("result") or []
    titles = [a["title"] for a in acts]
    check(titles == ["Disable late-directive here (suppression comment)"],
          "code actions on the late directive: %r" % titles)
    if acts:
        new = apply_edits(text, acts[0]["edit"]["changes"][uri])
        check("\n# jlint disable=late-directive -- TODO: " in new,
              "disable: the comment with a reason to fill in")
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": 9},
            "contentChanges": [{"text": new}]})
        d = s.diagnostics(uri)
        check(d and not any(x["data"]["rule"] == "late-directive"
                            for x in d["diagnostics"]),
              "disable: the finding is gone")
    noshebang = "#SBATCH --time=10\nsrun true\n"
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 10},
        "contentChanges": [{"text": noshebang}]})
    d = s.diagnostics(uri)
    ms = [x for x in d["diagnostics"] if x["data"]["rule"] ==
          "missing-shebang"]
    check(ms and ms[0]["data"]["mode"] == "enforce" and
          "site policy: enforce" in ms[0]["message"],
          "diagnostic: the site's mode")
    ca = s.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": pos(0, 0), "end": pos(0, 0)},
        "context": {"diagnostics": []}})
    titles = [a["title"] for a in (ca or {}).get("result") or []]
    check(not any("missing-shebang" in x for x in titles),
          "no 'disable' for a rule the site enforces: %r" % titles)

    # -- nothing kills the server --
    s.send_raw(b"{not json")
    r = s.recv()
    check(r is not None and r.get("error", {}).get("code") == -32700,
          "bad JSON: a parse error")
    # A didOpen without text (found by fuzzing: the document had none).
    s.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri + "x", "languageId": "sh", "version": 1, "tet": "x"}})
    r = s.request("textDocument/hover", {"textDocument": {"uri": uri + "x"},
                                         "position": pos(0, 0)})
    check(r is not None and "result" in r, "didOpen without text: hover")
    r = s.request("textDocument/formatting", {"textDocument": {"uri": uri}})
    check(r is not None and r.get("error", {}).get("code") == -32601,
          "unknown method: method not found")
    bad = "#!/bin/bash\n#SBATCH --time='\x00\xff\n" + "x" * 200000 + "\n\\"
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 11},
        "contentChanges": [{"text": bad}]})
    d = s.diagnostics(uri)
    check(d is not None and d["version"] == 11,
          "a broken document: diagnostics, server alive")
    r = s.request("textDocument/hover", {"textDocument": {"uri": uri},
                                         "position": pos(99, 99)})
    check(r is not None and "result" in r, "hover past the end")
    r = s.request("textDocument/completion", {
        "textDocument": {"uri": uri}, "position": pos(1, 999)})
    check(r is not None and "result" in r, "completion past the line end")
    # A broken policy: a diagnostic at the top, then fixed on disk.
    with open(os.path.join(proj, ".jlint.yaml"), "w") as f:
        f.write("partitions: [ {name: gpu\nrules: {time-mmss: sometimes}\n")
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 12},
        "contentChanges": [{"text": text}]})
    d = s.diagnostics(uri)
    check(d is not None and len(d["diagnostics"]) == 1 and
          d["diagnostics"][0]["code"] == "policy" and ".jlint.yaml" in
          d["diagnostics"][0]["message"],
          "broken policy: one diagnostic naming the file: %r" % d)
    r = s.request("textDocument/codeAction", {
        "textDocument": {"uri": uri},
        "range": {"start": pos(0, 0), "end": pos(0, 0)},
        "context": {"diagnostics": []}})
    check(r is not None and "result" in r, "broken policy: code action")
    time.sleep(0.05)
    with open(os.path.join(proj, ".jlint.yaml"), "w") as f:
        f.write(POLICY)
    s.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": 13},
        "contentChanges": [{"text": text}]})
    d = s.diagnostics(uri)
    check(d is not None and any(x["data"]["rule"] == "time-mmss"
                                for x in d["diagnostics"]),
          "policy fixed: read again")
    s.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    d = s.diagnostics(uri)
    check(d is not None and d["diagnostics"] == [], "didClose: cleared")

    r = s.request("shutdown", None)
    check(r is not None and r.get("result") is None and "error" not in r,
          "shutdown")
    s.notify("exit", None)
    try:
        rc = s.p.wait(timeout=5)
    except subprocess.TimeoutExpired:
        s.p.kill()
        rc = None
    check(rc == 0, "exit after shutdown: status 0 (got %r)" % rc)

    # exit without shutdown: status 1; end of input: the server ends.
    s2 = Server(proj)
    s2.request("initialize", {"capabilities": {}})
    s2.notify("exit", None)
    check(s2.p.wait(timeout=5) == 1, "exit without shutdown: status 1")
    s3 = Server(proj)
    s3.p.stdin.close()
    check(s3.p.wait(timeout=5) == 1, "end of input: the server ends")

    if failures:
        print("lsp: %d of %d checks failed" % (len(failures), nchecks))
        return 1
    print("lsp: %d checks, ok" % nchecks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
