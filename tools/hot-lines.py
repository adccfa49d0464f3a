#!/usr/bin/env python3
"""tools/hot-lines.py [--list] DIR PLUGIN.so [MIN]: the cache lines of
PLUGIN.so that a typical job_submit() call touches, as the initialiser of
plugin/hot.c's table (one line number per entry, in the order the calls
first touch them), or with --list one number per line, on standard output.

Inside slurmctld every call starts on cold caches, and a call that finds
its code and constants one cache miss at a time spends most of its time
waiting (bench/RESULTS.md, "Cold caches"); the plugin prefetches these
lines when a call starts (plugin/hot.c), so the misses overlap.

DIR is what tools/hot-trace.sh wrote: trace.out (plugbench's "trace
base=ADDR mark=ADDR": the plugin's load address, the marker's) and
lackey.log (valgrind --tool=lackey --trace-mem=yes: every instruction and
data access, with a store to the marker before and after each traced
call).  A line is kept when at least MIN (default 0.5) of the traced calls
touched it: the lines every ordinary job needs, not those of one script's
rare path.  Line numbers count JLP_HOT_LINE bytes from the start of the
.so's first segment (its ELF header, __ehdr_start); line 0 is never kept
(0 ends the table); at most JLP_HOT_MAX - 1 are (both from plugin/hot.h).
Exit status 2, and a line on standard error, when the inputs do not fit
(no calls traced, a .so too big for 16-bit line numbers).

tools/hot-lines.py --table PLUGIN.so: the table a built plugin holds
(plugin/hot.c jlp_hot_table), one line number per line.

tools/hot-lines.py --split DIR PLUGIN.so: the lines one traced call
touches, by kind (the plugin's code and data, other code, other memory
read or written first), medians over the calls.
"""
import os
import re
import struct
import subprocess
import sys


def die(msg):
    print(f"hot-lines: {msg}", file=sys.stderr)
    sys.exit(2)


def hot_h(name):
    """A #define of plugin/hot.h: one place for the table's shape."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "plugin", "hot.h")
    with open(path) as fp:
        m = re.search(rf"^#define\s+{name}\s+\(?(\d+)", fp.read(), re.M)
    if not m:
        die(f"no {name} in {path}")
    return int(m.group(1))


LINE = hot_h("JLP_HOT_LINE")
MAX = hot_h("JLP_HOT_MAX")


def segments(path):
    """The PT_LOAD segments of a 64-bit ELF file: (vaddr, offset, filesz,
    memsz)."""
    segs = []
    with open(path, "rb") as fp:
        ehdr = fp.read(64)
        if ehdr[:4] != b"\x7fELF" or ehdr[4] != 2:
            die(f"{path}: not a 64-bit ELF file")
        phoff, = struct.unpack_from("<Q", ehdr, 32)
        phentsize, phnum = struct.unpack_from("<HH", ehdr, 54)
        for i in range(phnum):
            fp.seek(phoff + i * phentsize)
            ph = fp.read(56)
            ptype, = struct.unpack_from("<I", ph, 0)
            if ptype == 1:          # PT_LOAD
                off, vaddr = struct.unpack_from("<QQ", ph, 8)
                filesz, memsz = struct.unpack_from("<QQ", ph, 32)
                segs.append((vaddr, off, filesz, memsz))
    return segs


def table(path):
    """The line numbers in a built plugin's jlp_hot_table, up to its 0."""
    out = subprocess.run(["nm", "-S", "--defined-only", path], check=True,
                         capture_output=True, text=True).stdout
    sym = [ln.split() for ln in out.splitlines()
           if ln.endswith(" jlp_hot_table")]
    if len(sym) != 1:
        die(f"{path}: no jlp_hot_table symbol")
    addr, size = int(sym[0][0], 16), int(sym[0][1], 16)
    for vaddr, off, filesz, _ in segments(path):
        if vaddr <= addr and addr + size <= vaddr + filesz:
            with open(path, "rb") as fp:
                fp.seek(addr - vaddr + off)
                data = fp.read(size)
            lines = struct.unpack(f"<{size // 2}H", data)
            return list(lines[:lines.index(0)] if 0 in lines else lines)
    die(f"{path}: jlp_hot_table is not in a loaded segment")


def calls_of(tdir, so):
    """Each traced call: {absolute line: (first access kind "I", "L", "S"
    or "M", first rank)}; and the .so's base address and extent."""
    with open(os.path.join(tdir, "trace.out")) as fp:
        m = re.search(r"trace base=(0x[0-9a-f]+) mark=(0x[0-9a-f]+)",
                      fp.read())
    if not m:
        die(f"no 'trace base=... mark=...' in {tdir}/trace.out")
    base, mark = int(m.group(1), 16), int(m.group(2), 16)
    # The .so's lowest vaddr is 0 (the ELF header), so its extent is the
    # end of its last segment.
    size = max(v + m for v, _, _, m in segments(so))
    if (size - 1) // LINE >= 1 << 16:
        die(f"{so} is too big for 16-bit line numbers")
    out = []
    cur = None          # inside a traced call
    with open(os.path.join(tdir, "lackey.log")) as fp:
        for ln in fp:
            if ln[:1] not in (" ", "I"):
                continue            # valgrind's own lines (==pid==)
            p = ln.split()
            if len(p) != 2:
                continue
            a, _, n = p[1].partition(",")
            a = int(a, 16)
            if a == mark and p[0] in ("S", "M"):
                if cur is None:     # the store before the call
                    cur = {}
                else:               # the store after it
                    out.append(cur)
                    cur = None
                continue
            if cur is None:
                continue
            end = a + max(int(n or "1"), 1) - 1
            # An access that crosses into the next line needs both.
            for line in range(a // LINE, end // LINE + 1):
                if line not in cur:
                    cur[line] = (p[0], len(cur))
    if not out:
        die(f"no traced call in {tdir}/lackey.log")
    return out, base, size


def traced(tdir, so, least):
    """The .so's lines at least `least` of the traced calls touched, in
    the order the calls first touch them (mean rank), and the call
    count."""
    calls, base, size = calls_of(tdir, so)
    seen = {}           # line -> [calls touching it, sum of first ranks]
    for cur in calls:
        for line, (_, rank) in cur.items():
            off = line * LINE - base
            if 0 <= off < size:
                s = seen.setdefault(off // LINE, [0, 0])
                s[0] += 1
                s[1] += rank
    keep = [(s[1] / s[0], line) for line, s in seen.items()
            if line != 0 and s[0] >= least * len(calls)]
    keep.sort()
    return [line for _, line in keep[:MAX - 1]], len(calls)


def split(tdir, so):
    """What one traced call touches, by kind (bench/RESULTS.md, "Cold
    caches"): the median over the calls of each count."""
    calls, base, size = calls_of(tdir, so)
    kinds = ("plugin code", "plugin data", "other code (libc)",
             "other memory, read first", "other memory, written first")
    counts = {k: [] for k in kinds}
    for cur in calls:
        c = dict.fromkeys(kinds, 0)
        for line, (kind, _) in cur.items():
            mine = 0 <= line * LINE - base < size
            if kind == "I":
                c[kinds[0] if mine else kinds[2]] += 1
            elif mine:
                c[kinds[1]] += 1
            else:
                c[kinds[3] if kind == "L" else kinds[4]] += 1
        for k in kinds:
            counts[k].append(c[k])
    for k in kinds:
        v = sorted(counts[k])
        print(f"{k}: {v[len(v) // 2]} lines (median of {len(v)} calls;"
              f" {v[0]}-{v[-1]})")


def main():
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "--table":
        print("\n".join(str(line) for line in table(args[1])))
        return 0
    if len(args) == 3 and args[0] == "--split":
        split(args[1], args[2])
        return 0
    listing = args[:1] == ["--list"]
    if listing:
        args = args[1:]
    if len(args) not in (2, 3):
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    least = float(args[2]) if len(args) == 3 else 0.5
    lines, calls = traced(args[0], args[1], least)
    if listing:
        print("\n".join(str(line) for line in lines))
        return 0
    print(f"/* {len(lines)} lines, touched by at least {least:g} of {calls} "
          "traced calls */")
    for i in range(0, len(lines), 12):
        print(" ".join(f"{line}," for line in lines[i:i + 12]))
    print(f"{len(lines)} lines from {calls} calls", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
