#!/usr/bin/env python3
"""gen-argtypes.py - generates what the kernel reads of each syscall argument.

Writes compiler/arch/argtypes.c and its internal header argtypes.h: for every
arch, every syscall number, the parameters of the kernel entry point that
number calls (name, declared type, bits read, signedness) in seccomp_data.args[]
order.  See docs/syscall-tables.md ("Argument widths").

Sources, all read from the kernel tree (Debian's linux-source-6.12 tarball by
default, or an unpacked tree):

  - each arch's syscall table says WHICH entry point a number calls:
    arch/x86/entry/syscalls/syscall_{64,32}.tbl, arch/arm64/tools/syscall_{64,32}.tbl,
    scripts/syscall.tbl (+ arch/*/kernel/Makefile.syscalls ABIs),
    arch/s390/kernel/syscalls/syscall.tbl, arch/powerpc/kernel/syscalls/syscall.tbl,
    arch/mips/kernel/syscalls/syscall_{n64,n32,o32}.tbl.  The 32-bit arches
    seccompc covers run under a 64-bit kernel (x86 under x86_64, arm under
    aarch64, ...), so their entries are the tables' compat entry points.
  - the entry point's own definition: SYSCALL_DEFINEn, COMPAT_SYSCALL_DEFINEn,
    PPC32_SYSCALL_DEFINEn, SYSCALL32_DEFINEn, or a plain asmlinkage function;
    #if conditions around a definition are evaluated with the arch's Kconfig
    choices that decide between variants (CONFIG_CLONE_BACKWARDS, ...).
  - syscalls newer than the tree: tools/syscall-signatures-after-6.12.txt
    (signatures from the patches, each with its source).

Entries the kernel does not implement (sys_ni_syscall, '-') and entry points
without a C signature (assembly) are listed in tools/argtypes-exceptions.txt
with the reason; the script fails when that list and the tables disagree, so
every syscall of seccompc's tables has a signature or a documented reason.

Run:
    apt-get install -y linux-source-6.12
    python3 tools/gen-argtypes.py            # writes the files
    python3 tools/gen-argtypes.py --check    # exit 1 if they are stale
    python3 tools/gen-argtypes.py --kernel DIR_OR_TARBALL

Python 3 standard library only; output is deterministic.
"""

import argparse
import os
import re
import sys
import tarfile

sys.dont_write_bytecode = True      # no tools/__pycache__
import toolsupport                  # noqa: E402  (tools/toolsupport.py)

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_KERNEL = "/usr/src/linux-source-6.12.tar.xz"
KERNEL_VERSION = "6.12"


def die(msg):
    sys.stderr.write("gen-argtypes: %s\n" % msg)
    sys.exit(1)


def load_gen_tables():
    """tools/gen-tables.py as a module: its tables' layout and file readers."""
    return toolsupport.load_tool("gen-tables.py")


# ---------------------------------------------------------------------------
# The arches.  For each seccompc arch (enum arch_id order): its syscall table
# in the kernel tree, the ABIs that table gives it, whether the entry is the
# table's compat column (a 32-bit arch under a 64-bit kernel), the data model
# of the handler, its byte order (for the lo/hi order of split 64-bit
# arguments), the number base seccompc adds, and the Kconfig choices that pick
# between variants of one definition (from arch/*/Kconfig).
#
# Data models:  "lp64"  the 64-bit kernel's own C types, one register each;
#               "ilp32" a 32-bit ABI under a 64-bit kernel: every register is
#                       32 bits, so nothing wider than 32 bits is read per slot.
# x32 is "lp64": numbers 0..511 call the native handlers, which read `long`
# and pointers as the whole 64-bit register; 512..547 call compat handlers,
# whose compat_* types are 32 bits (docs/syscall-tables.md).
X86_CONFIG = {"CONFIG_CLONE_BACKWARDS": 1, "CONFIG_CLONE_BACKWARDS2": 0,
              "CONFIG_CLONE_BACKWARDS3": 0, "CONFIG_OLD_SIGSUSPEND": 0,
              "CONFIG_OLD_SIGSUSPEND3": 1}
ARM64_CONFIG = dict(X86_CONFIG)           # arch/arm64/Kconfig: CLONE_BACKWARDS, OLD_SIGSUSPEND3
RISCV_CONFIG = dict(X86_CONFIG, CONFIG_OLD_SIGSUSPEND3=0)   # arch/riscv/Kconfig: CLONE_BACKWARDS
LOONGARCH_CONFIG = dict(RISCV_CONFIG, CONFIG_CLONE_BACKWARDS=0)
S390_CONFIG = dict(X86_CONFIG, CONFIG_CLONE_BACKWARDS=0, CONFIG_CLONE_BACKWARDS2=1)
PPC_CONFIG = dict(X86_CONFIG, CONFIG_OLD_SIGSUSPEND=1, CONFIG_OLD_SIGSUSPEND3=0)
MIPS_CONFIG = dict(X86_CONFIG, CONFIG_OLD_SIGSUSPEND3=0)    # mips defines its own sigsuspend

TBL_X86_64 = "arch/x86/entry/syscalls/syscall_64.tbl"
TBL_X86 = "arch/x86/entry/syscalls/syscall_32.tbl"
TBL_ARM64 = "arch/arm64/tools/syscall_64.tbl"
TBL_ARM = "arch/arm64/tools/syscall_32.tbl"
TBL_GENERIC = "scripts/syscall.tbl"
TBL_S390 = "arch/s390/kernel/syscalls/syscall.tbl"
TBL_PPC = "arch/powerpc/kernel/syscalls/syscall.tbl"
TBL_N64 = "arch/mips/kernel/syscalls/syscall_n64.tbl"
TBL_N32 = "arch/mips/kernel/syscalls/syscall_n32.tbl"
TBL_O32 = "arch/mips/kernel/syscalls/syscall_o32.tbl"

# (enum, name, table key of gen-tables.py, tbl, ABIs, compat column, model,
#  big endian, arch dir, config)
ARCHES = [
    ("ARCH_X86_64", "x86_64", "x86_64", TBL_X86_64, {"common", "64"}, False, "lp64", False, "x86", X86_CONFIG),
    ("ARCH_X86", "x86", "x86", TBL_X86, {"i386"}, True, "ilp32", False, "x86", X86_CONFIG),
    ("ARCH_X32", "x32", "x32", TBL_X86_64, {"common", "x32"}, False, "lp64", False, "x86", X86_CONFIG),
    ("ARCH_AARCH64", "aarch64", "aarch64", TBL_ARM64,
     {"common", "64", "renameat", "rlimit", "memfd_secret"}, False, "lp64", False, "arm64", ARM64_CONFIG),
    ("ARCH_ARM", "arm", "arm", TBL_ARM, {"common"}, True, "ilp32", False, "arm64", ARM64_CONFIG),
    ("ARCH_RISCV64", "riscv64", "riscv64", TBL_GENERIC,
     {"common", "64", "riscv", "rlimit", "memfd_secret"}, False, "lp64", False, "riscv", RISCV_CONFIG),
    ("ARCH_S390X", "s390x", "s390x", TBL_S390, {"common", "64"}, False, "lp64", True, "s390", S390_CONFIG),
    ("ARCH_S390", "s390", "s390", TBL_S390, {"common", "32"}, True, "ilp32", True, "s390", S390_CONFIG),
    ("ARCH_PPC64LE", "ppc64le", "ppc64", TBL_PPC, {"common", "64", "nospu"}, False, "lp64", False, "powerpc", PPC_CONFIG),
    ("ARCH_PPC64", "ppc64", "ppc64", TBL_PPC, {"common", "64", "nospu"}, False, "lp64", True, "powerpc", PPC_CONFIG),
    ("ARCH_PPC", "ppc", "ppc", TBL_PPC, {"common", "32", "nospu"}, True, "ilp32", True, "powerpc", PPC_CONFIG),
    ("ARCH_MIPS64", "mips64", "mips_n64", TBL_N64, {"n64", "common"}, False, "lp64", True, "mips", MIPS_CONFIG),
    ("ARCH_MIPS64N32", "mips64n32", "mips_n32", TBL_N32, {"n32"}, False, "ilp32", True, "mips", MIPS_CONFIG),
    ("ARCH_MIPS", "mips", "mips_o32", TBL_O32, {"o32"}, True, "ilp32", True, "mips", MIPS_CONFIG),
    ("ARCH_MIPSEL64", "mipsel64", "mips_n64", TBL_N64, {"n64", "common"}, False, "lp64", False, "mips", MIPS_CONFIG),
    ("ARCH_MIPSEL64N32", "mipsel64n32", "mips_n32", TBL_N32, {"n32"}, False, "ilp32", False, "mips", MIPS_CONFIG),
    ("ARCH_MIPSEL", "mipsel", "mips_o32", TBL_O32, {"o32"}, True, "ilp32", False, "mips", MIPS_CONFIG),
    ("ARCH_LOONGARCH64", "loongarch64", "loongarch64", TBL_GENERIC,
     {"common", "64"}, False, "lp64", False, "loongarch", LOONGARCH_CONFIG),
]
ARCH_DIRS = {a[8] for a in ARCHES}

# Directories of the tree that hold syscall definitions and their types.
SOURCE_DIRS = ("arch", "block", "drivers", "fs", "include", "init", "io_uring", "ipc",
               "kernel", "lib", "mm", "net", "security", "virt")


# ---------------------------------------------------------------------------
# Reading the tree

# Files a 64-bit kernel of seccompc's arches does not build, so their
# definitions are not read: stubs for configurations without the real
# syscalls (kernel/time/Makefile: posix-stubs.o when !CONFIG_POSIX_TIMERS) and
# 32-bit kernel variants (arch/powerpc/kernel/Makefile: pci_$(BITS).o).
STUB_FILES = {"kernel/time/posix-stubs.c", "arch/powerpc/kernel/pci_32.c"}


def wanted(rel):
    parts = rel.split("/")
    if rel in STUB_FILES:
        return False
    if rel.endswith(".tbl"):
        return rel in {a[3] for a in ARCHES}
    if not rel.endswith((".c", ".h")) or parts[0] not in SOURCE_DIRS:
        return False
    if parts[0] == "arch":
        return len(parts) > 2 and parts[1] in ARCH_DIRS and parts[2] not in ("um", "boot", "tools")
    return True


def load_tree(path):
    """{relative path: text} of the files this script reads."""
    files = {}
    if os.path.isdir(path):
        for root, _dirs, names in os.walk(path):
            for n in names:
                full = os.path.join(root, n)
                rel = os.path.relpath(full, path).replace(os.sep, "/")
                if wanted(rel):
                    with open(full, encoding="utf-8", errors="replace") as f:
                        files[rel] = f.read()
    elif os.path.isfile(path):
        links = {}
        with tarfile.open(path, "r|*") as tar:
            for m in tar:
                rel = m.name.split("/", 1)[1] if "/" in m.name else m.name
                if m.isfile() and wanted(rel):
                    files[rel] = tar.extractfile(m).read().decode("utf-8", "replace")
                elif m.issym() and wanted(rel):   # arm64's syscall_64.tbl -> scripts/syscall.tbl
                    links[rel] = os.path.normpath(os.path.join(os.path.dirname(rel), m.linkname))
        for rel, target in links.items():
            if target in files:
                files[rel] = files[target]
    else:
        die("no kernel tree at %s (apt-get install linux-source-6.12, or --kernel DIR)" % path)
    if not any(k.endswith(".tbl") for k in files):
        die("%s holds no syscall tables" % path)
    return files


def strip_comments(text):
    """Removes C comments, keeping line breaks (so lines stay lines)."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


# ---------------------------------------------------------------------------
# Preprocessor conditions: each definition remembers the #if conditions it
# sits under; an arch evaluates those that involve only the Kconfig symbols it
# decides (the others are taken as true).

def cond_stack_at(lines):
    """Yields (line index, [condition strings]) for every line."""
    stack = []          # per #if group: (list of earlier branch conds, current cond)
    for i, line in enumerate(lines):
        s = line.strip()
        m = re.match(r"#\s*(if|ifdef|ifndef|elif|else|endif)\b(.*)", s)
        if m:
            d, rest = m.group(1), m.group(2).strip()
            if d == "ifdef":
                stack.append(([], "defined(%s)" % rest))
            elif d == "ifndef":
                stack.append(([], "!defined(%s)" % rest))
            elif d == "if":
                stack.append(([], rest))
            elif d in ("elif", "else") and stack:
                prev, cur = stack.pop()
                prev = prev + [cur]
                now = rest if d == "elif" else "1"
                stack.append((prev, now))
            elif d == "endif" and stack:
                stack.pop()
        conds = []
        for prev, cur in stack:
            conds += ["!(%s)" % p for p in prev] + [cur]
        yield i, conds


def cond_holds(cond, config):
    """False when config decides cond false; True otherwise (an expression
    with symbols config does not decide is taken as true)."""
    expr = re.sub(r"\bIS_ENABLED\s*\(\s*(\w+)\s*\)", r"defined(\1)", cond)
    expr = re.sub(r"\bdefined\s*\(?\s*(\w+)\s*\)?", r"defined(\1)", expr)
    expr = re.sub(r"defined\((\w+)\)",
                  lambda m: " %d " % config[m.group(1)] if m.group(1) in config else m.group(0), expr)
    expr = re.sub(r"\b(CONFIG_\w+)\b",
                  lambda m: " %d " % config[m.group(1)] if m.group(1) in config else m.group(0), expr)
    if re.search(r"[A-Za-z_]", expr):
        return True
    expr = expr.replace("&&", " and ").replace("||", " or ")
    expr = re.sub(r"!(?!=)", " not ", expr)
    try:
        return bool(eval(expr, {"__builtins__": {}}, {}))  # digits, parentheses, and/or/not
    except SyntaxError:
        return True


# ---------------------------------------------------------------------------
# Definitions

DEFINE_RE = re.compile(r"\b(COMPAT_SYSCALL_DEFINE|PPC32_SYSCALL_DEFINE|SYSCALL32_DEFINE|"
                       r"SYSCALL_DEFINE)([0-6])\s*\(")
# the symbol each macro defines on a 64-bit kernel (the kernels seccompc's
# filters run on): PPC32_SYSCALL_DEFINE (arch/powerpc/kernel/sys_ppc32.c) and
# SYSCALL32_DEFINE (include/linux/syscalls.h) are compat definitions there.
DEFINE_PREFIXES = {
    "SYSCALL_DEFINE": "sys_",
    "COMPAT_SYSCALL_DEFINE": "compat_sys_",
    "PPC32_SYSCALL_DEFINE": "compat_sys_",
    "SYSCALL32_DEFINE": "compat_sys_",
}


class Definition:
    def __init__(self, symbol, path, conds, params, text):
        self.symbol, self.path, self.conds = symbol, path, conds
        self.params = params      # [(type, name)] or, for macro lists, flat items
        self.text = text          # as written, for messages

    def arch_dir(self):
        parts = self.path.split("/")
        return parts[1] if parts[0] == "arch" else None


def balanced(text, start):
    """Index just past the ')' closing the '(' before start."""
    depth, j = 1, start
    while depth and j < len(text):
        if text[j] == "(":
            depth += 1
        elif text[j] == ")":
            depth -= 1
        j += 1
    return j


def split_top(text):
    """Splits at commas outside parentheses."""
    out, depth, cur = [], 0, ""
    for ch in text:
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
            continue
        depth += ch == "("
        depth -= ch == ")"
        cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def scan_definitions(files):
    """{symbol: [Definition]} from every SYSCALL_DEFINE-style macro."""
    defs = {}
    for path in sorted(files):
        text = files[path]
        if not path.endswith((".c", ".h")) or "DEFINE" not in text:
            continue
        text = strip_comments(text)
        lines = text.split("\n")
        conds_at = dict(cond_stack_at(lines))
        for m in DEFINE_RE.finditer(text):
            line_no = text.count("\n", 0, m.start())
            if lines[line_no].lstrip().startswith("#"):
                continue            # the macro's own #define
            end = balanced(text, m.end())
            items = split_top(text[m.end():end - 1])
            name = items[0]
            if not re.fullmatch(r"\w+", name):
                continue
            d = Definition(DEFINE_PREFIXES[m.group(1)] + name, path, conds_at[line_no],
                           ("macro", items[1:]), " ".join(text[m.start():end].split()))
            defs.setdefault(d.symbol, []).append(d)
    return defs


PLAIN_RE = r"(?:^|\n)[ \t]*(?:asmlinkage\s+)?(?:(?:unsigned\s+)?(?:long|int)|void|ssize_t)\s+%s\s*\(([^)]*)\)\s*(\{|;)"


def find_plain(files, symbol, arch_dir):
    """A plain C definition (or, failing that, prototype) of symbol."""
    found = []
    for path in sorted(files):
        if not path.endswith((".c", ".h")) or symbol not in files[path]:
            continue
        parts = path.split("/")
        if parts[0] == "arch" and parts[1] != arch_dir:
            continue
        text = strip_comments(files[path])
        for m in re.finditer(PLAIN_RE % re.escape(symbol), text):
            params = m.group(1).strip()
            text_at = " ".join(m.group(0).split())
            found.append((m.group(2) == "{", Definition(symbol, path, [], ("c", params), text_at)))
    found.sort(key=lambda f: not f[0])
    return found[0][1] if found else None


# ---------------------------------------------------------------------------
# Parameters: macro expansion, then C types to widths.

def expand_macro_items(items, big_endian):
    """Flat [type, name, ...] with the split-argument macros expanded."""
    out = []
    for it in items:
        m = re.fullmatch(r"(SC_ARG64|compat_arg_u64_dual|arg_u32p)\s*\(\s*(\w+)\s*\)", it)
        if m:     # include/linux/syscalls.h, compat.h, arch/arm64/kernel/sys32.c
            for ctype, name in split_halves(m.group(2), big_endian):
                out += [ctype, name]
        elif "(" in it:
            die("unknown macro in a syscall definition: %s" % it)
        else:
            out.append(it)
    return out


def split_halves(name, big_endian):
    """The two u32 halves a split 64-bit argument occupies, in register order."""
    halves = [name + "_hi", name + "_lo"] if big_endian else [name + "_lo", name + "_hi"]
    return [("u32", halves[0]), ("u32", halves[1])]


def c_params(text, big_endian):
    """[(type, name)] from a C parameter list ("int fd, char __user *buf")."""
    text = text.strip()
    if text in ("", "void"):
        return []
    out = []
    for p in split_top(text):
        m = re.fullmatch(r"compat_arg_u64\s*\(\s*(\w+)\s*\)", p)
        if m:
            out += split_halves(m.group(1), big_endian)
            continue
        m = re.fullmatch(r"(.*?[\s*])(\w+)", p.strip())
        if not m:
            die("cannot read parameter %r" % p)
        out.append((normalize_type(m.group(1)), m.group(2)))
    return out


def normalize_type(t):
    """One spelling per type: single spaces, "char __user *"."""
    return " ".join(t.replace("*", " * ").split()).replace("* *", "**")


def params_of(d, big_endian):
    kind, body = d.params
    if kind == "c":
        return c_params(body, big_endian)
    items = expand_macro_items(body, big_endian)
    if len(items) % 2:
        die("%s: odd argument list in %s" % (d.path, d.text))
    return [(normalize_type(items[i]), items[i + 1]) for i in range(0, len(items), 2)]


# Integer types: (bits the 64-bit kernel reads, signed); an ilp32 table
# caps them at 32.  Every type that appears must be here: nothing is guessed.
INT_TYPES = {
    "char": (8, True), "unsigned char": (8, False), "u8": (8, False), "__u8": (8, False),
    "short": (16, True), "unsigned short": (16, False), "u16": (16, False), "__u16": (16, False),
    "umode_t": (16, False),
    # kernel/uid16.c: old_uid_t/old_gid_t are unsigned short on every 64-bit
    # kernel that has the 16-bit uid calls (x86_64, arm64, s390 posix_types.h)
    "old_uid_t": (16, False), "old_gid_t": (16, False),
    "int": (32, True), "signed int": (32, True), "unsigned int": (32, False), "unsigned": (32, False),
    "s32": (32, True), "__s32": (32, True), "u32": (32, False), "__u32": (32, False),
    "int32_t": (32, True), "uint32_t": (32, False),
    "pid_t": (32, True), "uid_t": (32, False), "gid_t": (32, False), "qid_t": (32, False),
    "key_serial_t": (32, True), "clockid_t": (32, True), "timer_t": (32, True),
    "rwf_t": (32, True), "mqd_t": (32, True), "key_t": (32, True), "dev_t": (32, False),
    "__kernel_rwf_t": (32, True), "old_sigset_t": (64, False),
    "long": (64, True), "unsigned long": (64, False), "size_t": (64, False), "uintptr_t": (64, False),
    "uint": (32, False),
    "ssize_t": (64, True), "off_t": (64, True), "__kernel_old_time_t": (64, True),
    "time_t": (64, True), "aio_context_t": (64, False), "__kernel_ulong_t": (64, False),
    "long long": (64, True), "unsigned long long": (64, False), "loff_t": (64, True),
    "u64": (64, False), "__u64": (64, False), "s64": (64, True), "__s64": (64, True),
}
# typedefs of pointers (include/uapi/linux/capability.h, asm-generic/signal-defs.h)
POINTER_TYPEDEFS = {"cap_user_header_t", "cap_user_data_t", "__sighandler_t"}
# compat_* types are 32 bits (asm-generic/compat.h), compat_uptr_t included.
COMPAT_SIGNED = {"compat_long_t", "compat_off_t", "compat_pid_t", "compat_clock_t",
                 "compat_time_t", "compat_ssize_t", "compat_int_t", "compat_key_t",
                 "compat_timer_t", "compat_loff_t"}
# compat types narrower than 32 bits on some arches: compat_mode_t is u16 in
# arch/{x86,arm64,s390}/include/asm/compat.h (u32 in asm-generic/compat.h).
COMPAT_NARROW = {("compat_mode_t", "x86"): 16, ("compat_mode_t", "arm64"): 16,
                 ("compat_mode_t", "s390"): 16}


def width_of(ctype, model, arch_dir):
    """(bits, signed) the handler reads of a parameter of type ctype."""
    t = " ".join(re.sub(r"\b(const|volatile|__user|__force)\b", " ", ctype).split())
    if "*" in t or t in POINTER_TYPEDEFS:
        bits, signed = 64, False
    elif t.startswith("compat_"):
        return COMPAT_NARROW.get((t, arch_dir), 32), t in COMPAT_SIGNED
    elif t.startswith("enum "):
        bits, signed = 32, False    # an enum of non-negative constants: unsigned int
    elif t in INT_TYPES:
        bits, signed = INT_TYPES[t]
    else:
        raise ValueError("unknown parameter type %r (add it to INT_TYPES with its width)" % ctype)
    if model == "ilp32":
        bits = min(bits, 32)
    return bits, signed


# ---------------------------------------------------------------------------
# Tables

def read_tbl(text, abis, compat):
    """[(nr, name, entry point or None)] for the given ABIs."""
    rows = []
    for line in text.split("\n"):
        f = line.split("#", 1)[0].split()
        if len(f) < 3 or f[1] not in abis:
            continue
        native = f[3] if len(f) > 3 else None
        comp = f[4] if len(f) > 4 and f[4] != "-" else None
        ep = comp if compat and comp else native
        if ep == "-":
            ep = None
        rows.append((int(f[0]), f[2], ep))
    return rows


def choose(defs, symbol, arch):
    """The definition of symbol that arch's kernel compiles, or None."""
    cands = defs.get(symbol, [])
    own = [d for d in cands if d.arch_dir() == arch[8]]
    pool = own or [d for d in cands if d.arch_dir() is None]
    pool = [d for d in pool if all(cond_holds(c, arch[9]) for c in d.conds)]
    distinct = {}
    for d in pool:
        distinct.setdefault(tuple(map(tuple, params_of(d, arch[7]))), d)
    if len(distinct) > 1:
        die("%s on %s: %d different definitions (%s); decide with the arch's Kconfig"
            % (symbol, arch[1], len(distinct), ", ".join(d.path for d in distinct.values())))
    return next(iter(distinct.values()), None)


# Entry points written in assembly that only save registers and jump to a C
# function with the same parameters (mips __sys_clone -> sys_clone, ...).
ASM_ALIASES = {
    "__sys_clone": "sys_clone", "__sys_clone3": "sys_clone3", "__sys_fork": "sys_fork",
    "__sys_sysmips": "sys_sysmips",
}
NOT_IMPLEMENTED = {"sys_ni_syscall", None}
# Why a syscall has no signature, when it is not in argtypes-exceptions.txt.
REASON_NI = "not implemented: the kernel's table gives it no entry point or sys_ni_syscall (ENOSYS)"
REASON_NO_ENTRY = "not in %s: the number is unused, the kernel answers ENOSYS"


def read_after(gt, path):
    """tools/syscall-signatures-after-6.12.txt: {name: C parameter list}."""
    sigs = {}
    for lineno, text in gt.read_lines(path):
        m = re.fullmatch(r"(\w+)\s*\((.*)\)", text)
        if not m:
            die("%s:%d: want NAME(PARAMETERS)" % (path, lineno))
        sigs[m.group(1)] = m.group(2)
    return sigs


def read_exceptions(gt, path):
    """tools/argtypes-exceptions.txt: {(arch name, syscall name): reason}."""
    out = {}
    for lineno, (arches, name, reason) in gt.read_columns(path, 3, rest=True):
        for a in arches.split(","):
            if a not in {x[1] for x in ARCHES}:
                die("%s:%d: unknown arch %s" % (path, lineno, a))
            out[(a, name)] = reason
    return out


def build(files):
    gt = load_gen_tables()
    defs = scan_definitions(files)
    after = read_after(gt, os.path.join(ROOT, "tools", "syscall-signatures-after-6.12.txt"))
    exceptions = read_exceptions(gt, os.path.join(ROOT, "tools", "argtypes-exceptions.txt"))
    ours = gt.read_generated_tables()[0]
    after_list = gt.read_after_61(os.path.join(ROOT, "tools", "syscalls-after-6.1.txt"))
    result, problems, used_exc = {}, [], set()
    for arch in ARCHES:
        enum, name, key, tbl, abis, compat, model, be = arch[:8]
        rows = read_tbl(files[tbl], abis, compat)
        by_nr = {}
        for nr, sname, ep in rows:
            by_nr[gt.full_nr(key, nr)] = (sname, ep)
        # syscalls newer than the tree: their signature from the after-6.12
        # file, or (an older syscall newly wired up on this arch, such as
        # LoongArch's memfd_secret in 7.0) the tree's own sys_ definition
        for sname, nr, spec, since, lineno in after_list:
            if key in gt.arches_of(spec, lineno):
                full = gt.full_nr(key, nr)
                by_nr.setdefault(full, (sname, "after:" + sname if sname in after else "sys_" + sname))
        table = {}
        for nr, sname in sorted(ours[key].items()):
            kname, ep = by_nr.get(nr, (None, None))
            if kname is not None and kname != sname:
                problems.append("%s %d: seccompc says %s, %s says %s" % (name, nr, sname, tbl, kname))
            sig, src = None, None
            if ep and ep.startswith("after:"):
                sig = c_params(after[ep[6:]], be)
                src = "tools/syscall-signatures-after-6.12.txt"
            elif ep not in NOT_IMPLEMENTED:
                sym = ASM_ALIASES.get(ep, ep)
                d = choose(defs, sym, arch) or find_plain(files, sym, arch[8])
                if d:
                    sig, src = params_of(d, be), d.path
            listed = (name, sname) in exceptions
            if listed:
                used_exc.add((name, sname))
            if sig is None:
                if listed:
                    table[nr] = exceptions[(name, sname)]
                elif kname is None:
                    table[nr] = REASON_NO_ENTRY % tbl
                elif ep in NOT_IMPLEMENTED:
                    table[nr] = REASON_NI
                else:
                    problems.append("%s %s (%s): no signature for %s and not in argtypes-exceptions.txt"
                                    % (name, sname, nr, ep))
                continue
            if listed:
                problems.append("%s %s: has a signature (%s) but is listed in argtypes-exceptions.txt"
                                % (name, sname, src))
            args = []
            try:
                for ctype, pname in sig:
                    bits, signed = width_of(ctype, model, arch[8])
                    args.append((pname, ctype, bits, signed))
            except ValueError as e:
                problems.append("%s %s (%s): %s" % (name, sname, src, e))
                continue
            # mips o32 passes arguments 5.. on the stack; seccomp_data holds six
            # (fadvise64 and sync_file_range have seven; the seventh is not seen).
            table[nr] = tuple(args[:6])
        result[enum] = table
    for k in sorted(set(exceptions) - used_exc):
        problems.append("argtypes-exceptions.txt lists %s %s, which needs no exception" % k)
    if problems:
        die("\n  " + "\n  ".join(problems))
    return result


# ---------------------------------------------------------------------------
# Output

HEADER = """/*
 * %s - GENERATED by tools/gen-argtypes.py from the Linux %s sources plus
 * tools/syscall-signatures-after-6.12.txt; do not edit, rerun the script.
 * %s
 */
"""


def c_str(s):
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def emit(result):
    """The text of argtypes.c and argtypes.h."""
    c_array = load_gen_tables().c_array
    sigs = sorted({v for t in result.values() for v in t.values() if isinstance(v, tuple)})
    reasons = sorted({v for t in result.values() for v in t.values() if isinstance(v, str)})
    if len(sigs) >= REASON_BASE or len(reasons) > 0xffff - REASON_BASE:
        die("too many signatures for uint16_t indices")
    index = {s: i for i, s in enumerate(sigs)}
    index.update({r: REASON_BASE + i for i, r in enumerate(reasons)})
    out = [HEADER % ("argtypes.c", KERNEL_VERSION,
                     "What the kernel reads of each syscall argument, per arch (see arch.h)."),
           '#include "argtypes.h"\n']
    flat, starts = [], []
    for sig in sigs:
        starts.append(len(flat))
        flat += sig
    starts.append(len(flat))
    out.append("const struct syscall_arg argtype_args[%d] = {" % len(flat))
    for pname, ctype, bits, signed in flat:
        out.append("\t{ %s, %s, %d, %s }," % (c_str(pname), c_str(ctype), bits,
                                             "true" if signed else "false"))
    out.append("};\n")
    out.append(c_array("const uint16_t", "argtype_sig_start", [str(v) for v in starts], 12))
    out.append("")
    out.append("const char *const argtype_reasons[%d] = {" % len(reasons))
    out += ["\t%s," % c_str(r) for r in reasons]
    out.append("};\n")
    hdr = [HEADER % ("argtypes.h", KERNEL_VERSION, "Internal to compiler/arch: the arrays behind arch_syscall_args()."),
           "#ifndef SECCOMPC_ARCH_ARGTYPES_H\n#define SECCOMPC_ARCH_ARGTYPES_H\n",
           '#include "arch.h"\n',
           "/* Every syscall of one arch, numbers ascending; sigs[i] is the index of",
           " * its signature, args argtype_args[argtype_sig_start[s] .. [s + 1]), or",
           " * ARGTYPE_REASON_BASE + k when it has none, argtype_reasons[k] saying why. */",
           "struct argtype_table {\n\tconst uint32_t *nrs;\n\tconst uint16_t *sigs;\n\tsize_t n;\n};\n",
           "#define ARGTYPE_REASON_BASE 0x%x\n" % REASON_BASE,
           "extern const struct syscall_arg argtype_args[%d];" % len(flat),
           "extern const uint16_t argtype_sig_start[%d];" % len(starts),
           "extern const char *const argtype_reasons[%d];" % len(reasons),
           "extern const struct argtype_table argtype_tables[ARCH_COUNT];\n",
           "#endif"]
    arrays, names = {}, {}
    for enum, aname, *_ in ARCHES:
        nrs = sorted(result[enum])
        idx = [index[result[enum][nr]] for nr in nrs]
        key = (tuple(nrs), tuple(idx))
        if key in arrays:
            names[enum] = arrays[key]
            continue
        arrays[key] = names[enum] = aname
        out.append("/* %s: %d syscalls */" % (aname, len(nrs)))
        out.append(c_array("static const uint32_t", "at_%s_nrs" % aname,
                           ["0x%x" % v if v >= 0x40000000 else str(v) for v in nrs], 8))
        out.append(c_array("static const uint16_t", "at_%s_sigs" % aname,
                           ["0x%x" % v if v >= REASON_BASE else str(v) for v in idx], 12))
        out.append("")
    out.append("const struct argtype_table argtype_tables[ARCH_COUNT] = {")
    for enum, aname, *_ in ARCHES:
        n = names[enum]
        out.append("\t[%s] = { at_%s_nrs, at_%s_sigs, sizeof at_%s_nrs / sizeof at_%s_nrs[0] },"
                   % (enum, n, n, n, n))
    out.append("};")
    return "\n".join(out) + "\n", "\n".join(hdr) + "\n"


REASON_BASE = 0xff00


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--check", action="store_true",
                    help="compare with the committed files instead of writing them")
    ap.add_argument("--kernel", default=DEFAULT_KERNEL,
                    help="kernel tree or tarball (default %(default)s)")
    args = ap.parse_args()
    result = build(load_tree(args.kernel))
    c_text, h_text = emit(result)
    files = {"compiler/arch/argtypes.c": c_text, "compiler/arch/argtypes.h": h_text}
    return load_gen_tables().write_outputs("gen-argtypes", files, args.check)


if __name__ == "__main__":
    sys.exit(main())
