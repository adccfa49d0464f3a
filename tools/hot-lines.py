#!/usr/bin/env python3
"""tools/hot-lines.py TRACE.OUT LACKEY.LOG PLUGIN.so [MIN]: the cache lines
of PLUGIN.so that a typical job_submit() call touches, as the initialiser
of plugin/hot.c's table (one 64-byte line number per entry, in the order
the calls first touch them), on standard output.

Inside slurmctld every call starts on cold caches, and a call that finds
its code and constants one cache miss at a time spends most of its time
waiting (bench/RESULTS.md, "Cold caches"); the plugin prefetches these
lines when a call starts (plugin/hot.c), so the misses overlap.

TRACE.OUT is what `plugbench PLUGIN.so POLICY --trace SCRIPT...` printed
("trace base=ADDR mark=ADDR"), LACKEY.LOG the log of the same run under
`valgrind --tool=lackey --trace-mem=yes --log-file=LACKEY.LOG`: every
instruction and data access, with a store to the marker before and after
each traced call.  A line is kept when at least MIN (default 0.5) of the
traced calls touched it: the lines every ordinary job needs, not those of
one script's rare path.  Offsets are from the start of the .so's first
segment (its ELF header, __ehdr_start); line 0 is never kept (0 ends the
table).  Exit status 2, and a line on standard error, when the inputs do
not fit (no calls traced, a .so too big for 16-bit line numbers).

tools/hot-lines.py --table PLUGIN.so: the table a built plugin holds
(plugin/hot.c jlp_hot_table), one line number per line (tests/slurm/
hot-lines.sh compares it with a new trace of the same .so).
"""
import subprocess
import re
import struct
import sys

LINE = 64
MAX = 4096          # plugin/hot.h JLP_HOT_MAX


def segments(path):
    """The PT_LOAD segments of a 64-bit ELF file: (vaddr, offset, filesz,
    memsz)."""
    segs = []
    with open(path, "rb") as fp:
        ehdr = fp.read(64)
        if ehdr[:4] != b"\x7fELF" or ehdr[4] != 2:
            sys.exit(f"hot-lines: {path}: not a 64-bit ELF file")
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


def extent(path):
    """Bytes from the .so's first segment to the end of its last."""
    return max(v + m for v, _, _, m in segments(path))


def table(path):
    """The line numbers in a built plugin's jlp_hot_table, up to its 0."""
    out = subprocess.run(["nm", "-S", "--defined-only", path], check=True,
                         capture_output=True, text=True).stdout
    sym = [ln.split() for ln in out.splitlines()
           if ln.endswith(" jlp_hot_table")]
    if len(sym) != 1:
        sys.exit(f"hot-lines: {path}: no jlp_hot_table symbol")
    addr, size = int(sym[0][0], 16), int(sym[0][1], 16)
    for vaddr, off, filesz, _ in segments(path):
        if vaddr <= addr and addr + size <= vaddr + filesz:
            with open(path, "rb") as fp:
                fp.seek(addr - vaddr + off)
                data = fp.read(size)
            lines = struct.unpack(f"<{size // 2}H", data)
            return list(lines[:lines.index(0)] if 0 in lines else lines)
    sys.exit(f"hot-lines: {path}: jlp_hot_table is not in a loaded segment")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--table":
        for line in table(sys.argv[2]):
            print(line)
        return 0
    if len(sys.argv) not in (4, 5):
        print(__doc__.split("\n\n")[0], file=sys.stderr)
        return 2
    with open(sys.argv[1]) as fp:
        m = re.search(r"trace base=(0x[0-9a-f]+) mark=(0x[0-9a-f]+)",
                      fp.read())
    if not m:
        print("hot-lines: no 'trace base=... mark=...' line in "
              f"{sys.argv[1]}", file=sys.stderr)
        return 2
    base, mark = int(m.group(1), 16), int(m.group(2), 16)
    size = extent(sys.argv[3])
    least = float(sys.argv[4]) if len(sys.argv) == 5 else 0.5
    if size // LINE >= 1 << 16:
        print(f"hot-lines: {sys.argv[3]} is too big for 16-bit line "
              "numbers", file=sys.stderr)
        return 2
    seen = {}           # line -> [calls touching it, sum of first ranks]
    calls = 0
    cur = None          # line -> first rank, inside a traced call
    with open(sys.argv[2]) as fp:
        for ln in fp:
            if ln[:1] not in (" ", "I"):
                continue            # valgrind's own lines (==pid==)
            p = ln.split()
            if len(p) != 2:
                continue
            a = int(p[1].split(",", 1)[0], 16)
            if a == mark and p[0] in ("S", "M"):
                if cur is None:
                    cur = {}
                    continue
                calls += 1
                for line, rank in cur.items():
                    s = seen.setdefault(line, [0, 0])
                    s[0] += 1
                    s[1] += rank
                cur = None
                continue
            if cur is None:
                continue
            off = a - base
            if 0 <= off < size:
                line = off // LINE
                if line not in cur:
                    cur[line] = len(cur)
    if calls == 0:
        print(f"hot-lines: no traced call in {sys.argv[2]}", file=sys.stderr)
        return 2
    keep = [(s[1] / s[0], line) for line, s in seen.items()
            if line != 0 and s[0] >= least * calls]
    keep.sort()
    keep = keep[:MAX - 1]
    print(f"/* {len(keep)} lines, touched by at least {least:g} of {calls} "
          "traced calls */")
    for i in range(0, len(keep), 12):
        print(" ".join(f"{line},"
                       for _, line in keep[i:i + 12]))
    print(f"{len(keep)} lines from {calls} calls", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
