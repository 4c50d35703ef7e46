#!/usr/bin/env python3
"""gen-tables.py - generates seccompc's syscall and errno tables.

Writes compiler/arch/syscalls.c, compiler/arch/errnos.c and the internal
header compiler/arch/tables.h from Linux uapi headers plus the documented
list tools/syscalls-after-6.1.txt (syscalls added in Linux 6.2 .. 7.1, which
Debian 12's 6.1 headers lack), and each syscall's age per table (the release
that added it there) from tools/syscall-ages.txt, the SINCE column of that
list and tools/ages/ (libseccomp's kver columns, man-pages' syscalls(2)).  The output is committed: building seccompc
never needs the cross headers.  See docs/syscall-tables.md.

Rerun (Debian 12, as root once for the headers):

    apt-get install -y linux-libc-dev linux-libc-dev-arm64-cross \\
        linux-libc-dev-armhf-cross linux-libc-dev-riscv64-cross \\
        linux-libc-dev-s390x-cross linux-libc-dev-ppc64el-cross \\
        linux-libc-dev-ppc64-cross linux-libc-dev-powerpc-cross \\
        linux-libc-dev-mips-cross linux-libc-dev-mipsel-cross \\
        linux-libc-dev-mips64-cross linux-libc-dev-mips64el-cross \\
        linux-libc-dev-mipsn32-cross linux-libc-dev-mipsn32el-cross
    python3 tools/gen-tables.py            # writes the files
    python3 tools/gen-tables.py --check    # exit 1 if they are stale

Every `__NR_*` macro is obtained by running the C preprocessor (`gcc -E -dM`
with -nostdinc and the arch's include directory and the macros the arch's
compiler would predefine), then evaluated here (macro bodies are integer
expressions over other macros, e.g. `(__NR_Linux + 5)`).  A macro whose body is
just another syscall's macro is an alias (arm's sync_file_range2): it gets a
number but not a row of its own in the by-number table.

Python 3 standard library only.  Output is deterministic (sorted everywhere).
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VERSION = "7.1"

X32_BIT = 0x40000000

# Syscall tables.  Several arches share one (ppc64/ppc64le, the mips ABIs of
# both byte orders).  key: (include dir, source text, predefined macros, base)
# `base` is what the arch adds to a generic number (for the post-6.1 list).
HOST = "/usr/include"
HOST_ARCH = "/usr/include/x86_64-linux-gnu"


def cross(triplet):
    return "/usr/%s/include" % triplet


TABLES = [
    ("x86_64", [HOST_ARCH, HOST], "#include <asm/unistd_64.h>\n",
     ["__x86_64__", "__LP64__"], 0),
    ("x86", [HOST_ARCH, HOST], "#include <asm/unistd_32.h>\n",
     ["__i386__"], 0),
    ("x32", [HOST_ARCH, HOST],
     "#define __X32_SYSCALL_BIT 0x40000000\n#include <asm/unistd_x32.h>\n",
     ["__x86_64__", "__ILP32__"], X32_BIT),
    ("aarch64", [cross("aarch64-linux-gnu")], "#include <asm/unistd.h>\n",
     ["__aarch64__", "__LP64__"], 0),
    ("arm", [cross("arm-linux-gnueabihf")], "#include <asm/unistd.h>\n",
     ["__arm__", "__ARM_EABI__"], 0),
    ("riscv64", [cross("riscv64-linux-gnu")], "#include <asm/unistd.h>\n",
     ["__riscv", "__LP64__", "__riscv_xlen=64", "__SIZEOF_POINTER__=8"], 0),
    ("s390x", [cross("s390x-linux-gnu")], "#include <asm/unistd.h>\n",
     ["__s390__", "__s390x__", "__LP64__"], 0),
    ("s390", [cross("s390x-linux-gnu")], "#include <asm/unistd.h>\n",
     ["__s390__"], 0),
    ("ppc64", [cross("powerpc64le-linux-gnu")], "#include <asm/unistd.h>\n",
     ["__powerpc__", "__powerpc64__", "__LP64__"], 0),
    ("ppc", [cross("powerpc-linux-gnu")], "#include <asm/unistd.h>\n",
     ["__powerpc__"], 0),
    ("mips_n64", [cross("mips64el-linux-gnuabi64")], "#include <asm/unistd.h>\n",
     ["__mips__", "_MIPS_SIM=3", "__LP64__"], 5000),
    ("mips_n32", [cross("mips64el-linux-gnuabin32")], "#include <asm/unistd.h>\n",
     ["__mips__", "_MIPS_SIM=2"], 6000),
    ("mips_o32", [cross("mipsel-linux-gnu")], "#include <asm/unistd.h>\n",
     ["__mips__", "_MIPS_SIM=1"], 4000),
    # Debian 12 has no loong64 cross headers: LoongArch uses the generic
    # table with the __ARCH_WANT_* of arch/loongarch/include/uapi/asm/unistd.h
    # (Linux 6.1: SYS_CLONE, SYS_CLONE3; no NEW_STAT, no SET_GET_RLIMIT,
    # no RENAMEAT, no MEMFD_SECRET).  fstat/newfstatat came back in 6.11:
    # see syscalls-after-6.1.txt.
    ("loongarch64", [cross("aarch64-linux-gnu")],
     "#define __BITS_PER_LONG 64\n#define __ARCH_WANT_SYS_CLONE\n"
     "#define __ARCH_WANT_SYS_CLONE3\n#include <asm-generic/unistd.h>\n",
     ["__loongarch__", "__LP64__"], 0),
]

# Which table each arch_id uses, in enum arch_id order (compiler/arch/arch.h).
ARCHES = [
    ("ARCH_X86_64", "x86_64"), ("ARCH_X86", "x86"), ("ARCH_X32", "x32"),
    ("ARCH_AARCH64", "aarch64"), ("ARCH_ARM", "arm"),
    ("ARCH_RISCV64", "riscv64"), ("ARCH_S390X", "s390x"), ("ARCH_S390", "s390"),
    ("ARCH_PPC64LE", "ppc64"), ("ARCH_PPC64", "ppc64"), ("ARCH_PPC", "ppc"),
    ("ARCH_MIPS64", "mips_n64"), ("ARCH_MIPS64N32", "mips_n32"),
    ("ARCH_MIPS", "mips_o32"), ("ARCH_MIPSEL64", "mips_n64"),
    ("ARCH_MIPSEL64N32", "mips_n32"), ("ARCH_MIPSEL", "mips_o32"),
    ("ARCH_LOONGARCH64", "loongarch64"),
]

# Macros that look like syscalls but are not.  mips' reservedNNN and o32's
# unusedNN are placeholders for numbers the kernel never implemented
# (syscall_o32.tbl: "18 o32 unused18 sys_ni_syscall").
NOT_SYSCALLS = {"syscalls", "arch_specific_syscall"}
NOT_SYSCALL_RE = re.compile(r"(reserved|unused)[0-9]+")

# Errno styles: (enum name, include dirs, source, predefined macros)
ERRNO_STYLES = [
    ("ERRNO_GENERIC", [HOST_ARCH, HOST], "#include <asm-generic/errno.h>\n", []),
    ("ERRNO_MIPS", [cross("mipsel-linux-gnu")], "#include <asm/errno.h>\n",
     ["__mips__", "_MIPS_SIM=1"]),
    ("ERRNO_PPC", [cross("powerpc-linux-gnu")], "#include <asm/errno.h>\n",
     ["__powerpc__"]),
]
# Names that are macros in errno.h but not errno values.
NOT_ERRNOS = {"EMAXERRNO"}
# glibc's spelling, kept for profiles that use it: ENOTSUP == EOPNOTSUPP.
ERRNO_EXTRA_ALIASES = {"ENOTSUP": "EOPNOTSUPP"}


def die(msg):
    sys.stderr.write("gen-tables: %s\n" % msg)
    sys.exit(1)


def preprocess(incdirs, source, defines):
    """Returns {macro: body} for every object-like macro the source defines."""
    for d in incdirs:
        if not os.path.isdir(d):
            die("missing %s (install the headers listed in this script)" % d)
    with tempfile.NamedTemporaryFile("w", suffix=".c", delete=False) as f:
        f.write(source)
        path = f.name
    try:
        cmd = ["gcc", "-E", "-dM", "-undef", "-nostdinc"]
        for d in incdirs:
            cmd += ["-I", d]
        cmd += ["-D" + d for d in defines] + [path]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    macros = {}
    for line in out.splitlines():
        m = re.match(r"#define\s+([A-Za-z_]\w*)(?!\()\s*(.*)$", line)
        if m:
            macros[m.group(1)] = m.group(2).strip()
    return macros


EXPR_OK = re.compile(r"^[\s0-9a-fA-FxX()+\-*|&<>~]*$")


def evaluate(name, macros, seen=()):
    """Integer value of macro `name`, expanding other macros; None if not one."""
    if name in seen or name not in macros:
        return None
    body = macros[name]
    def repl(m):
        v = evaluate(m.group(0), macros, seen + (name,))
        if v is None:
            raise ValueError(m.group(0))
        return str(v)
    try:
        expr = re.sub(r"\b[A-Za-z_]\w*\b", lambda m: m.group(0)
                      if re.fullmatch(r"0[xX][0-9a-fA-F]+", m.group(0))
                      else repl(m), body)
    except ValueError:
        return None
    expr = re.sub(r"(?<=[0-9a-fA-F])[uUlL]+\b", "", expr)
    if not expr or not EXPR_OK.match(expr):
        return None
    return int(eval(expr, {"__builtins__": {}}, {}))  # digits and operators only


def syscalls_from_headers(incdirs, source, defines):
    """{name: number} and the set of alias names, from one table's headers."""
    macros = preprocess(incdirs, source, defines)
    table, aliases = {}, set()
    for macro, body in macros.items():
        if macro.startswith("__NR_"):
            name = macro[5:]
        elif macro.startswith("__ARM_NR_") and macro != "__ARM_NR_BASE":
            name = macro[9:]
        else:
            continue
        if name in NOT_SYSCALLS or NOT_SYSCALL_RE.fullmatch(name) or not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            continue
        nr = evaluate(macro, macros)
        if nr is None:
            die("cannot evaluate %s = %s" % (macro, body))
        table[name] = nr
        if re.fullmatch(r"\(?\s*__NR_[a-z]\w*\s*\)?", body):
            aliases.add(name)  # spelled as another syscall's macro
    return table, aliases


def read_after_61(path):
    """Entries of syscalls-after-6.1.txt: (name, nr, arches spec, since, line)."""
    return [(name, int(nr, 0), arches, since, lineno)
            for lineno, (name, nr, arches, since) in read_columns(path, 4)]


def arches_of(spec, lineno):
    """Table keys an ARCHES field names: `all`, `all,-x32`, `x86_64,x32`."""
    keys = [t[0] for t in TABLES]
    out = set()
    for part in spec.split(","):
        if part == "all":
            out |= set(keys)
        elif part.startswith("-") and part[1:] in keys:
            out.discard(part[1:])
        elif part in keys:
            out.add(part)
        else:
            die("syscalls-after-6.1.txt:%d: unknown table %r" % (lineno, part))
    return out


def build_syscalls():
    tables, aliases = {}, {}
    for key, incdirs, source, defines, _base in TABLES:
        tables[key], aliases[key] = syscalls_from_headers(incdirs, source, defines)
    bases = {t[0]: t[4] for t in TABLES}
    for name, nr, spec, since, lineno in read_after_61(
            os.path.join(ROOT, "tools", "syscalls-after-6.1.txt")):
        for key in sorted(arches_of(spec, lineno)):
            full = bases[key] + nr if bases[key] != X32_BIT else X32_BIT | nr
            old = tables[key].get(name)
            if old is not None and old != full:
                die("%s on %s: headers say %d, list says %d" % (name, key, old, full))
            tables[key][name] = full
    for key, table in tables.items():
        by_nr = {}
        for name, nr in table.items():
            if name in aliases[key]:
                continue
            if nr in by_nr:
                die("%s: %s and %s share %d" % (key, by_nr[nr], name, nr))
            by_nr[nr] = name
        for name in aliases[key]:
            if table[name] not in by_nr:
                die("%s: alias %s of nothing" % (key, name))
    return tables, aliases


def parse_version(text):
    """(major, minor) of "6.18" or "2.6.16" (the third part is dropped)."""
    parts = text.split(".")
    if len(parts) < 2 or not all(p.isdigit() for p in parts):
        raise ValueError(text)
    return int(parts[0]), int(parts[1])


def read_lines(path):
    """(line number, text) of each line of a tools/ file that is not blank or
    a comment ('#' to the end of a line)."""
    with open(path) as f:
        for lineno, line in enumerate(f, 1):
            text = line.split("#", 1)[0].strip()
            if text:
                yield lineno, text


def read_columns(path, nfields, rest=False):
    """The lines of a tools/ file split into nfields fields (rest: the last
    field is the rest of the line)."""
    rows = []
    for lineno, text in read_lines(path):
        fields = text.split(None, nfields - 1) if rest else text.split()
        if len(fields) != nfields:
            die("%s:%d: want %d fields" % (path, lineno, nfields))
        rows.append((lineno, fields))
    return rows


def full_nr(key, nr):
    """A table's number for generic number nr (mips ABI base, x32 bit)."""
    base = {t[0]: t[4] for t in TABLES}[key]
    return X32_BIT | nr if base == X32_BIT else base + nr


# Ages are tracked from 3.1: a syscall of 3.0 or older has age 0.
OLDEST_TRACKED = (3, 0)


def build_ages(tables, aliases):
    """{table key: {name: (major, minor) or (0, 0)}}: the release that added
    each syscall to each table, by the rules of tools/syscall-ages.txt;
    also the list of places where the sources disagree and how it was
    decided (printed by --report-ages)."""
    tools = os.path.join(ROOT, "tools")
    keys = [t[0] for t in TABLES]
    overrides, floors = {}, {}
    for lineno, (name, spec, since) in read_columns(os.path.join(tools, "syscall-ages.txt"), 3):
        for key in sorted(arches_of(spec, lineno)):
            if name == "*":
                floors[key] = parse_version(since)
            else:
                overrides[(key, name)] = (parse_version(since), "syscall-ages.txt:%d" % lineno)
    after = {}
    for name, _nr, spec, since, lineno in read_after_61(os.path.join(tools, "syscalls-after-6.1.txt")):
        for key in arches_of(spec, lineno):
            after[(key, name)] = (parse_version(since), "syscalls-after-6.1.txt:%d" % lineno)
    lsc = {}
    for _lineno, (name, key, nr, since) in read_columns(os.path.join(tools, "ages", "libseccomp-kver.txt"), 4):
        if key not in keys:
            die("libseccomp-kver.txt: unknown table %s" % key)
        if since != "-":        # SCMP_KV_UNDEF: no version
            lsc[(key, name)] = (full_nr(key, int(nr)), parse_version(since))
    # "unimplemented": a slot reserved before 3.0 and never implemented
    man = {name: (0, 0) if v == "unimplemented" else parse_version(v) for _l, (name, v) in
           read_columns(os.path.join(tools, "ages", "man-pages.txt"), 2)}
    ages, notes = {}, []
    for key in keys:
        ages[key] = {}
        for name, nr in sorted(tables[key].items()):
            if name in aliases[key]:
                continue
            chosen = overrides.get((key, name)) or after.get((key, name))
            theirs = lsc.get((key, name))
            if theirs and theirs[0] != nr:
                notes.append("%s %s: libseccomp's number %d is not %d; its version is not used"
                             % (key, name, theirs[0], nr))
                theirs = None
            if chosen is None and theirs:
                chosen = (theirs[1], "libseccomp")
            if chosen is None and name in man:
                chosen = (man[name], "man-pages")
            # a generic syscall man-pages 6.03 does not list yet: its x86_64
            # (or x86) release in libseccomp, the first arch to get these
            for other in ("x86_64", "x86"):
                if chosen is None and (other, name) in lsc:
                    chosen = (lsc[(other, name)][1], "libseccomp (%s)" % other)
            if chosen is None:
                die("no age for %s on %s: add it to tools/syscall-ages.txt" % (name, key))
            since, source = chosen
            if theirs and theirs[1] != since:
                notes.append("%s %s: libseccomp says %d.%d, %s says %d.%d"
                             % ((key, name) + theirs[1] + (source,) + since))
            if name in man and man[name] > since and man[name] > OLDEST_TRACKED:
                die("%s on %s: %s says %d.%d, before man-pages' first release %d.%d"
                    % ((name, key, source) + since + man[name]))
            since = max(since, floors.get(key, (0, 0)))
            ages[key][name] = since if since > OLDEST_TRACKED else (0, 0)
    return ages, notes


def c_array(ctype, name, values, per_line):
    lines = ["%s %s[%d] = {" % (ctype, name, len(values))]
    for i in range(0, len(values), per_line):
        lines.append("\t" + " ".join("%s," % v for v in values[i:i + per_line]))
    lines.append("};")
    return "\n".join(lines)


HEADER = """/*
 * %s - GENERATED by tools/gen-tables.py from Linux %s uapi headers plus
 * tools/syscalls-after-6.1.txt, tools/syscall-ages.txt and tools/ages/;
 * do not edit, rerun the script.
 * %s
 */
"""


def emit_syscalls(tables, aliases, ages):
    names = sorted({n for t in tables.values() for n in t})
    ids = {n: i for i, n in enumerate(names)}
    if len(names) > 0xffff:
        die("too many names for uint16_t ids")
    out = [HEADER % ("syscalls.c", "6.1", "Syscall names and per-arch numbers (see arch.h)."),
           '#include "arch.h"\n#include "tables.h"\n']
    out.append("const char syscall_tables_version[] = \"%s\";\n" % VERSION)
    out.append("const char *const syscall_names[] = {")
    out += ['\t"%s",' % n for n in names]
    out.append("};\n")
    out.append("const size_t syscall_name_count = %d;\n" % len(names))
    hdr = [HEADER % ("tables.h", "6.1", "Per-table arrays for arch.c; internal to compiler/arch."),
           "#ifndef SECCOMPC_ARCH_TABLES_H\n#define SECCOMPC_ARCH_TABLES_H\n",
           "#include <stdint.h>\n",
           "#define SYSCALL_NAME_COUNT %d\n" % len(names)]
    for key, *_ in TABLES:
        table = tables[key]
        rows = sorted((nr, n) for n, nr in table.items() if n not in aliases[key])
        nr_by_id = [table.get(n, -1) for n in names]
        out.append("/* %s: %d syscalls */" % (key, len(rows)))
        out.append(c_array("const uint16_t", "sc_%s_ids" % key,
                           [ids[n] for _, n in rows], 12))
        out.append(c_array("const uint32_t", "sc_%s_nrs" % key,
                           ["0x%x" % nr if nr >= X32_BIT else str(nr) for nr, _ in rows], 8))
        out.append(c_array("const int32_t", "sc_%s_nr_by_id" % key,
                           ["0x%x" % v if v >= X32_BIT else str(v) for v in nr_by_id], 8))
        out.append(c_array("const uint16_t", "sc_%s_since" % key,
                           [str(ages[key][n][0] * 1000 + ages[key][n][1]) for _, n in rows], 12))
        out.append("")
        hdr.append("extern const uint16_t sc_%s_ids[%d];" % (key, len(rows)))
        hdr.append("extern const uint32_t sc_%s_nrs[%d];" % (key, len(rows)))
        hdr.append("extern const int32_t sc_%s_nr_by_id[SYSCALL_NAME_COUNT];" % key)
        hdr.append("extern const uint16_t sc_%s_since[%d];" % (key, len(rows)))
    hdr.append("")
    return "\n".join(out), hdr


def read_generated_tables():
    """From the committed compiler/arch/syscalls.c, for the tools that check
    other sources against it: ({table key: {nr: name}} of the by-number rows,
    {table key: {name: nr}} with aliases such as arm's sync_file_range2)."""
    with open(os.path.join(ROOT, "compiler", "arch", "syscalls.c")) as f:
        src = f.read()
    names = re.findall(r'"([^"]+)"', re.search(r"syscall_names\[\] = \{(.*?)\};", src, re.S).group(1))
    number = r"-?0x[0-9a-f]+|-?\d+"
    by_nr, by_name = {}, {}
    for key, *_ in TABLES:
        def array(kind):
            body = re.search(r"sc_%s_%s\[\w+\] = \{(.*?)\};" % (key, kind), src, re.S).group(1)
            return [int(x, 0) for x in re.findall(number, body)]
        by_nr[key] = {nr: names[i] for nr, i in zip(array("nrs"), array("ids"))}
        by_name[key] = {names[i]: nr for i, nr in enumerate(array("nr_by_id")) if nr >= 0}
    return by_nr, by_name


def build_errnos():
    styles = {}
    for enum, incdirs, source, defines in ERRNO_STYLES:
        macros = preprocess(incdirs, source, defines)
        table, canon = {}, {}
        for macro, body in macros.items():
            if not re.fullmatch(r"E[A-Z0-9]+", macro) or macro in NOT_ERRNOS:
                continue
            nr = evaluate(macro, macros)
            if nr is None:
                die("cannot evaluate %s = %s" % (macro, body))
            table[macro] = nr
            if not re.fullmatch(r"E[A-Z0-9]+", body):   # defined by number
                if nr in canon:
                    die("%s: %s and %s both %d" % (enum, canon[nr], macro, nr))
                canon[nr] = macro
        for alias, target in ERRNO_EXTRA_ALIASES.items():
            table.setdefault(alias, table[target])
        styles[enum] = (table, canon)
    return styles


def emit_errnos(styles, hdr):
    out = [HEADER % ("errnos.c", "6.1", "Errno names and numbers per errno style (see arch.h)."),
           '#include "tables.h"\n']
    for enum, (table, canon) in styles.items():
        key = enum[6:].lower()
        by_name = sorted(table.items())
        out.append("const struct errno_entry errnos_%s_by_name[%d] = {" % (key, len(by_name)))
        out += ['\t{ "%s", %d },' % (n, v) for n, v in by_name]
        out.append("};")
        by_nr = sorted((v, n) for v, n in canon.items())
        out.append("const struct errno_entry errnos_%s_by_nr[%d] = {" % (key, len(by_nr)))
        out += ['\t{ "%s", %d },' % (n, v) for v, n in by_nr]
        out.append("};\n")
        hdr.append("extern const struct errno_entry errnos_%s_by_name[%d];" % (key, len(by_name)))
        hdr.append("extern const struct errno_entry errnos_%s_by_nr[%d];" % (key, len(by_nr)))
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="compare with the committed files instead of writing them")
    ap.add_argument("--report-ages", action="store_true",
                    help="list where the sources of syscall ages disagree and what was decided")
    args = ap.parse_args()
    tables, aliases = build_syscalls()
    ages, notes = build_ages(tables, aliases)
    if args.report_ages:
        print("\n".join(notes))
        print("%d disagreements" % len(notes))
    syscalls_c, hdr = emit_syscalls(tables, aliases, ages)
    hdr.append("\n/* One errno: its name and number. */")
    hdr.append("struct errno_entry {\n\tconst char *name;\n\tint nr;\n};\n")
    errnos_c = emit_errnos(build_errnos(), hdr)
    hdr.append("\n#endif")
    files = {
        "compiler/arch/syscalls.c": syscalls_c,
        "compiler/arch/errnos.c": errnos_c,
        "compiler/arch/tables.h": "\n".join(hdr) + "\n",
    }
    return write_outputs("gen-tables", files, args.check)


def write_outputs(tool, files, check):
    """Writes {path relative to the tree: text}, or with check compares
    instead; returns the exit status (1: a file is stale)."""
    stale = False
    for rel, text in files.items():
        path = os.path.join(ROOT, rel)
        if check:
            try:
                with open(path) as f:
                    same = f.read() == text
            except OSError:
                same = False
            if not same:
                sys.stderr.write("%s: %s is stale\n" % (tool, rel))
                stale = True
        else:
            with open(path, "w") as f:
                f.write(text)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
