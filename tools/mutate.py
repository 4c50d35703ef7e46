#!/usr/bin/env python3
"""mutate.py - does the test suite catch bugs? seccompc's own mutation run.

Each mutant is one small edit of the product code (a file, a source snippet
that occurs exactly once in it, its replacement) that a real bug could make,
with why it matters: what a user would get if it shipped. For each mutant
the script applies the edit in a scratch copy of the tree, builds it (the
normal build, no -Werror), and runs the test suite (`meson test`, stopping at
the first failure, the tests most likely to fail first). A mutant is

  killed      a test failed (or the suite ran past the mutant's time limit,
              or a build step after the C compiler refused what the mutant
              made: the build compiles the shipped profiles with
              verification, and builds the Go and Rust examples from
              seccompc's output);
  survived    every test passed: the suite does not notice this bug;
  no-compile  it does not build (not counted);
  equivalent  listed with the reason it provably changes no behaviour, not
              run (not counted).

The score is killed / (killed + survived). docs/hardening.md records the
last run and what each survivor means. The script is not part of CI: a run
takes an hour or more on two cores.

usage: tools/mutate.py [--list] [--check] [--only NAME]... [--random N [--seed S]]
                       [--timeout S] [--keep] [--scratch DIR] [--markdown FILE]

  --list          the mutants, their files and why they matter; no build
  --check         that every snippet occurs exactly once in its file; no build
  --only NAME     run only this mutant (repeatable; a trailing * matches a prefix)
  --random N      instead of the list, N mutants drawn at random from the product's
                  C sources (an operator flipped on one line: == !=, < <=, > >=,
                  && ||, true false, a negation dropped, a constant moved by one):
                  a sample the list was not written against. Their survivors
                  need a look: some change nothing
  --seed S        the draw (default 1): the same seed, tree and N give the same set
  --timeout S     per mutant, build and tests together (default 1200)
  --keep          keep the scratch tree (its path is printed)
  --scratch DIR   build in DIR (reused when it holds a copy already)
  --markdown F    also write the results as a markdown table to F
"""

import argparse
import fnmatch
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
C_ERROR = re.compile(r"\.[ch]:\d+:\d+: error:")   # the C compiler's, not a build step's


@dataclass
class Mutant:
    name: str
    file: str
    find: str
    replace: str
    why: str
    first: list = field(default_factory=list)   # tests likely to fail first
    equivalent: str = ""                         # why it changes nothing (not run)
    after: str = ""          # the snippet's first occurrence after this unique anchor
    line_no: int = 0         # random mutants: the line the snippet is

    def apply(self, text):
        """text with the mutation applied; None when it does not apply once."""
        if self.line_no:
            lines = text.split("\n")
            if self.line_no > len(lines) or lines[self.line_no - 1] != self.find:
                return None
            lines[self.line_no - 1] = self.replace
            return "\n".join(lines)
        start = 0
        if self.after:
            if text.count(self.after) != 1:
                return None
            start = text.index(self.after)
        elif text.count(self.find) != 1:
            return None
        at = text.find(self.find, start)
        if at < 0:
            return None
        return text[:at] + self.replace + text[at + len(self.find):]


M = Mutant
MUTANTS = [
    # ---- parse ---------------------------------------------------------------
    M("parse-errno-with-allow", "compiler/parse.c",
      "if (have_kind && a->kind != ACT_ERRNO && a->kind != ACT_TRACE)",
      "if (have_kind && a->kind != ACT_ERRNO && a->kind != ACT_TRACE && a->kind != ACT_ALLOW)",
      "errnoRet on an ALLOW rule is accepted silently (the OCI spec makes it an error)",
      ["parse"]),
    M("parse-index-6", "compiler/parse.c",
      'parse_get_uint(c, v, parse_join_key(c, path, "index"), 5,',
      'parse_get_uint(c, v, parse_join_key(c, path, "index"), 6,',
      "args index 6 accepted: a condition on an argument that does not exist",
      ["parse"]),
    M("parse-valuetwo-lost", "compiler/parse.c",
      'parse_get_uint(c, two, parse_join_key(c, path, "valueTwo"), UINT64_MAX, u64,\n\t\t\t       &a->value_two);',
      'parse_get_uint(c, two, parse_join_key(c, path, "valueTwo"), UINT64_MAX, u64,\n\t\t\t       &u);',
      "valueTwo is read but dropped: every SCMP_CMP_MASKED_EQ compares with 0",
      ["semantics_args", "parse"]),
    M("parse-min-kernel-ignored", "compiler/parse.c",
      "\tf->has_min_kernel = true;\n",
      "\tf->has_min_kernel = false;\n",
      "minKernel is parsed but never applied: ptrace allowed on kernels before 4.8",
      ["semantics", "compile"]),
    M("parse-name-field-ignored", "compiler/parse.c",
      "\tif (name) {\n\t\tconst char *s, *p = parse_join_key(c, path, \"name\");",
      "\tif (name && 0) {\n\t\tconst char *s, *p = parse_join_key(c, path, \"name\");",
      "the old single \"name\" field is refused: old-format profiles stop working",
      ["parse", "compile"]),
    M("parse-strict-warnings-pass", "compiler/parse.c",
      "return diag->errors == errors && !(diag->strict && diag->warnings > warnings);",
      "return diag->errors == errors;",
      "--strict no longer fails on a profile with warnings (unknown fields, typos)",
      ["parse", "cli"]),
    M("parse-negative-number", "compiler/parse_values.c",
      "\tif (s[0] == '-') {\n\t\tdiag_error(c->diag, &n->loc, path, \"found a negative number",
      "\tif (s[0] == '-' && 0) {\n\t\tdiag_error(c->diag, &n->loc, path, \"found a negative number",
      "a negative value is read digit by digit as garbage instead of refused",
      ["parse"]),
    M("parse-unknown-flag-accepted", "compiler/parse.c",
      "\tif (parse_in_list(flag_names, s))\n\t\treturn true;",
      "\tif (parse_in_list(flag_names, s) || 1)\n\t\treturn true;",
      "an unknown filter flag is accepted and passed on",
      ["parse"]),
    # ---- resolve -------------------------------------------------------------
    M("resolve-excludes-caps-ignored", "compiler/resolve.c",
      "\t\tif (has_cap(c, ex->caps[i]))\n\t\t\treturn false;",
      "\t\tif (has_cap(c, ex->caps[i]) && 0)\n\t\t\treturn false;",
      "excludes.caps ignored: podman's socket(16, 3, 9) flips from ALLOW to ERRNO(22)",
      ["semantics", "differential"]),
    M("resolve-includes-arches-go-name-only", "compiler/resolve.c",
      "strcmp(f->arches[i], c->target->go_name) == 0 ||\n\t\t    strcmp(f->arches[i], c->target->name) == 0",
      "strcmp(f->arches[i], c->target->go_name) == 0",
      "includes.arches: [\"x86_64\"] silently never matches",
      ["semantics"]),
    M("resolve-includes-arches-ignored", "compiler/resolve.c",
      "if (in->narches && !arch_listed(c, in))",
      "if (0 && in->narches && !arch_listed(c, in))",
      "rules for other arches (s390's, arm64's) apply everywhere",
      ["semantics", "differential"]),
    M("resolve-includes-caps-any", "compiler/resolve.c",
      "\tfor (size_t i = 0; i < in->ncaps; i++)\n\t\tif (!has_cap(c, in->caps[i]))",
      "\tfor (size_t i = 0; i < in->ncaps && i < 1; i++)\n\t\tif (!has_cap(c, in->caps[i]))",
      "includes.caps: holding the first capability listed is enough",
      ["semantics"]),
    M("resolve-min-kernel-minor-strict", "compiler/resolve.c",
      "return c->kernel_minor >= f->min_kernel_minor;",
      "return c->kernel_minor > f->min_kernel_minor;",
      "minKernel 4.8 does not hold on 4.8",
      ["semantics", "compile"]),
    M("resolve-excludes-min-kernel-inverted", "compiler/resolve.c",
      "if (ex->has_min_kernel && kernel_at_least(c, ex))",
      "if (ex->has_min_kernel && !kernel_at_least(c, ex))",
      "excludes.minKernel drops the rule on older kernels instead of newer ones",
      ["semantics"]),
    M("resolve-default-equal-rules-kept", "compiler/resolve.c",
      "if (nr < 0 || action[ai] == c->out->default_action_by_arch[c->arches[ai]->id])",
      "if (nr < 0)",
      "rules equal to the default are kept: an unconditional one hides a later rule",
      ["semantics"]),
    M("resolve-default-equal-on-native", "compiler/resolve.c",
      "if (nr < 0 || action[ai] == c->out->default_action_by_arch[c->arches[ai]->id])",
      "if (nr < 0 || action[ai] == c->out->default_action)",
      "compares with the native arch's default instead of the arch's own",
      equivalent="every family's arches share one errno numbering, so the native default "
      "and each member's are equal"),
    M("resolve-repeated-index-anded", "compiler/resolve.c",
      "if (r->nargs == 0 || !index_repeats(r)) {",
      "if (r->nargs == 0 || index_repeats(r) || 1) {",
      "a repeated argument index ANDed: runc's process_vm_writev 1337 changes answer",
      ["semantics", "differential"]),
    M("resolve-last-unconditional-decides", "compiler/resolve.c",
      "\t\tfor (size_t k = i; k < j && !nrules; k++)\n\t\t\tif (l->items[k].rule.nconds == 0)",
      "\t\tfor (size_t k = j; k-- > i && !nrules;)\n\t\t\tif (l->items[k].rule.nconds == 0)",
      "the last unconditional rule for a syscall decides, not the first",
      ["semantics"]),
    M("resolve-file-order-over-restrictive", "compiler/resolve.c",
      "\tif (rx != ry)\n\t\treturn rx - ry;",
      "\tif (0)\n\t\treturn rx - ry;",
      "among conditional rules the first in the file wins, not the most restrictive",
      ["semantics"]),
    M("resolve-least-restrictive-wins", "compiler/resolve.c",
      "\t\treturn rx - ry;",
      "\t\treturn ry - rx;",
      "among conditional rules the least restrictive wins",
      ["semantics"]),
    M("resolve-trace-loses-errnoret", "compiler/resolve.c",
      "if (pa->kind == ACT_ERRNO || pa->kind == ACT_TRACE) {",
      "if (pa->kind == ACT_ERRNO) {",
      "TRACE loses its errnoRet: the tracer sees 0 instead of the profile's data",
      ["semantics"]),
    M("resolve-default-errno-0", "compiler/resolve.c",
      "data = 1;  /* EPERM, as runc defaults */",
      "data = 0;  /* EPERM, as runc defaults */",
      "ERRNO without errnoRet returns 0: denied syscalls look successful",
      ["semantics", "compile"]),
    M("resolve-errno-name-over-errnoret", "compiler/resolve.c",
      "\t\tif (pa->has_errno_ret) {",
      "\t\tif (pa->has_errno_ret && !pa->errno_name) {",
      "errno wins over errnoRet when both are given",
      ["semantics"]),
    M("resolve-enosys-under-log", "compiler/resolve.c",
      "dflt == ACT_ALLOW || dflt == ACT_LOG || dflt == ACT_TRACE",
      "dflt == ACT_ALLOW || dflt == ACT_TRACE",
      "the --enosys-newer stub applies under a LOG default: new syscalls fail instead of being logged",
      ["semantics_enosys"]),
    M("resolve-enosys-last-skips-dropped", "compiler/resolve.c",
      "\t\t\tif (nr > (int64_t)c->last_nr[ai])",
      "\t\t\tif (nr > (int64_t)c->last_nr[ai] && action[ai] != c->out->default_action_by_arch[c->arches[ai]->id])",
      "--enosys-newer: rules equal to the default no longer count for the last number (runc counts them)",
      ["semantics_enosys"]),
    M("resolve-enosys-newest-ignored", "compiler/resolve.c",
      "ta->enosys_since = c->newest[ai];",
      "ta->enosys_since = 99999;",
      "--enosys-newer by number only: uprobe (336, 6.18) is EPERM under moby's profile",
      ["semantics_enosys", "enosys"]),
    M("resolve-arch-map-any-entry", "compiler/resolve.c",
      "\t\tif (a != c->target)\n\t\t\tcontinue;",
      "\t\tif (a != c->target && 0)\n\t\t\tcontinue;",
      "archMap: sub-arches listed under another native arch's entry are added",
      ["semantics"]),
    M("resolve-architectures-any-family", "compiler/resolve.c",
      "\t\tif (a && a->native == c->target->id)\n\t\t\tadd_arch(c, a);\n\t}\n\treturn true;",
      "\t\tif (a)\n\t\t\tadd_arch(c, a);\n\t}\n\treturn true;",
      "architectures: arches of other families join the filter",
      ["semantics", "compile"]),
    M("resolve-unknown-name-silent", "compiler/resolve.c",
      "\t\t\tdiag_report(c->diag, DIAG_WARNING, SC_UNKNOWN_SYSCALL, NULL, &pn->origin.loc,",
      "\t\t\tif (0) diag_report(c->diag, DIAG_WARNING, SC_UNKNOWN_SYSCALL, NULL, &pn->origin.loc,",
      "a misspelt syscall name is silently ignored, even under --strict",
      ["semantics", "parse"]),
    M("resolve-bad-arch-kill-thread", "compiler/resolve.c",
      "c->opts->bad_arch_action : RET_KILL_PROCESS;",
      "c->opts->bad_arch_action : RET_KILL_THREAD;",
      "a foreign arch kills only the thread by default",
      ["semantics", "select"]),
    M("resolve-sign-extension-warns", "compiler/resolve.c",
      "\treturn (v & ~m) == ~m && ((v >> (bits - 1)) & 1);",
      "\treturn false;",
      "AT_FDCWD written as a 64-bit -100 warns that it does not fit an int",
      ["semantics_args"]),
    M("resolve-register-width-ignored", "compiler/resolve.c",
      "\tif (c->opts->register_width)\n\t\treturn arch->is64 ? 64 : 32;",
      "\tif (0)\n\t\treturn arch->is64 ? 64 : 32;",
      "--arg-width register has no effect: no byte-for-byte runc behaviour",
      ["semantics_args", "widths", "differential"]),
    M("resolve-register-width-x32-64", "compiler/resolve.c",
      "\t\treturn arch->is64 ? 64 : 32;",
      "\t\treturn arch->is64 || arch->id == ARCH_X32 ? 64 : 32;",
      "--arg-width register compares x32's registers on 64 bits (libseccomp: 32)",
      ["semantics_args"]),
    # ---- table ---------------------------------------------------------------
    M("table-width-ignored", "compiler/table.c",
      "\tuint64_t a = arg & width_mask(c->bits);",
      "\tuint64_t a = arg;",
      "the table (sim, --report, resolve) compares bits the kernel ignores",
      ["semantics_args", "widths"]),
    M("table-no-bad-arch-above-2-30", "compiler/table.c",
      "\t\tif (ta->arch->id == ARCH_X86_64 && nr >= X32_BIT &&\n\t\t    (nr != 0xffffffffu || table_arch(t, ARCH_X32)))",
      "\t\tif (ta->arch->id == ARCH_X86_64 && nr >= X32_BIT && table_arch(t, ARCH_X32))",
      "without x32 in the filter, x32 numbers are decided as x86_64's",
      ["semantics", "compile"]),
    M("table-minus-one-bad-arch", "compiler/table.c",
      "\t\tif (ta->arch->id == ARCH_X86_64 && nr >= X32_BIT &&\n\t\t    (nr != 0xffffffffu || table_arch(t, ARCH_X32)))",
      "\t\tif (ta->arch->id == ARCH_X86_64 && nr >= X32_BIT)",
      "nr -1 (a tracer's skipped syscall) gets the bad-arch action: the traced process is killed",
      ["semantics", "compile"]),
    M("table-enosys-zero-everywhere", "compiler/table.c",
      "if (nr == 0 && (ta->arch->id == ARCH_S390X || ta->arch->id == ARCH_S390))",
      "if (nr == 0)",
      "--enosys-newer answers ENOSYS for syscall 0 (read on x86_64) on every arch",
      ["semantics_enosys"]),
    M("table-enosys-above-inclusive", "compiler/table.c",
      "\tif (nr > ta->enosys_above)",
      "\tif (nr >= ta->enosys_above)",
      "--enosys-newer answers ENOSYS for the largest syscall the profile names",
      ["semantics_enosys", "enosys"]),
    M("table-enosys-minus-one-x86_64", "compiler/table.c",
      "if (!ta->enosys || (ta->arch->id == ARCH_X86_64 && nr >= X32_BIT))",
      "if (!ta->enosys)",
      "--enosys-newer answers ENOSYS for nr -1 on x86_64, unlike runc's stub",
      ["semantics_enosys"]),
    # ---- plan ----------------------------------------------------------------
    M("plan-minus-one-bad-arch", "compiler/plan.c",
      "seg[n++] = (struct segment){ 0xffffffffu, 0xffffffffu, NULL, t->default_action };",
      "seg[n++] = (struct segment){ 0xffffffffu, 0xffffffffu, NULL, t->bad_arch_action };",
      "the planner sends nr -1 to the bad-arch action (the verifier must refuse it)",
      ["compile"]),
    M("plan-x32-weight-ignored", "compiler/plan.c",
      "double per = x32 ? c->opts->x32_weight : 1.0;",
      "double per = 1.0;",
      "x32 ranges weigh as much as native ones: the native search gets slower",
      ["performance"]),
    M("plan-no-chains", "compiler/plan.c",
      "\to->max_chain = 4;",
      "\to->max_chain = 0;",
      "no equality chains: more instructions run per syscall",
      ["performance"]),
    M("plan-no-max-run", "compiler/plan.c",
      "\to->max_run = 16;",
      "\to->max_run = 0;",
      "no bound on the longest path: the slowest syscalls get slower",
      ["performance"]),
    M("plan-leaf-cost-ignored", "compiler/plan.c",
      "\treturn o->leaf_cost && decision < o->nleaf_cost ? o->leaf_cost[decision] : 1;",
      "\treturn 1;",
      "argument checks' length ignored by the search: syscalls with checks sit deep",
      ["performance"]),
    M("plan-empty-ranges-heavy", "compiler/plan.c",
      "g->weight = g->nreal * per + 0.05;",
      "g->weight = g->nreal * per + 5;",
      "ranges without syscalls weigh like real ones: real syscalls sit deeper",
      ["performance"]),
    # ---- codegen / argplan ---------------------------------------------------
    M("codegen-search-is-a-chain", "compiler/codegen.c",
      "\tif (cost > e->bucket) {",
      "\tif (cost > SIZE_MAX - 1) {",
      "every search over an argument word is a chain: the hot syscall's path grows with its constants",
      ["performance"]),
    M("trie-shared-value-tested-first", "compiler/argplan_trie.c",
      "if ((best_count < 2 || (!b->compact && argplan_is_point(&best))) && npoints[w] >= 3)",
      "if (best_count < 2 && npoints[w] >= 3)",
      "a value two terms share is tested before the split: one more test per group on the path",
      ["performance"]),
    M("trie-compact-splits-shared-values", "compiler/argplan_trie.c",
      "(best_count < 2 || (!b->compact && argplan_is_point(&best)))",
      "(best_count < 2 || argplan_is_point(&best))",
      "the compact trie splits on shared values like the fast one: 1,008 wide rules no longer fit",
      ["fit_ladder"]),
    M("trie-splits-degenerate-high-word", "compiler/argplan_trie.c",
      "score[v] = 2 * most[v] > npoints[v] ? npoints[v] - most[v] : npoints[v];",
      "score[v] = npoints[v];",
      "a high word that is 0 for most constants is split first: 111 instructions on conds-500's path",
      ["performance"]),
    M("plan-weight-uncapped", "compiler/plan.c",
      "\t\t\t\tif (w[i] == before)\n\t\t\t\t\tcontinue;",
      "\t\t\t\tw[i] = before * 1e3;",
      "a leaf too costly for the aim weighs without bound: trees decided by float rounding",
      ["compile", "performance"]),
    M("codegen-word-order-host", "compiler/codegen.c",
      "return base + ((hi != c->big_endian) ? 4u : 0u);",
      "return base + (hi ? 4u : 0u);",
      "argument words in little-endian order on big-endian targets",
      ["compile"]),
    M("codegen-jset-inverted", "compiler/codegen.c",
      "return block(c, !have, w, 0, BPF_JMP | BPF_JSET | BPF_K, m, d ? yes : no,\n\t\t\t     d ? no : yes);",
      "return block(c, !have, w, 0, BPF_JMP | BPF_JSET | BPF_K, m, d ? no : yes,\n\t\t\t     d ? yes : no);",
      "a one-bit mask test with its branches swapped",
      ["compile"]),
    M("codegen-interval-off-by-one", "compiler/codegen.c",
      "return jump_on(c, now, w, vmax, BPF_JGT, hi, no, yes);",
      "return jump_on(c, now, w, vmax, BPF_JGE, hi, no, yes);",
      "`arg <= hi` emitted as `arg < hi`",
      ["compile"]),
    M("codegen-and-skipped", "compiler/codegen.c",
      "\tuint32_t and_mask = (have ? now.mask : 0xffffffffu) == mask ? 0 : mask;\n\treturn block(c, !have, word, and_mask",
      "\tuint32_t and_mask = 0;\n\treturn block(c, !have, word, and_mask",
      "16- and 8-bit arguments compared without masking the bits the kernel ignores",
      ["compile", "widths"]),
    M("codegen-stale-accumulator", "compiler/codegen.c",
      "\tbool have = now.word == word && (now.mask & mask) == mask;",
      "\tbool have = now.word == word;",
      "a word masked for one test is reused unmasked by the next",
      ["compile", "widths"]),
    M("codegen-bad-arch-default", "compiler/codegen.c",
      "bpf_label next = ret_label(&c, plan->bad_arch_action);",
      "bpf_label next = ret_label(&c, plan->default_action);",
      "foreign arches get the default action instead of --bad-arch",
      ["compile"]),
    M("argplan-ne-64-high-only", "compiler/argplan_terms.c",
      "\t\tout[1] = (struct alt){ { in_atom(H, false, vh, vh), in_atom(L, true, vl, vl) }, 2 };\n\t\treturn 2;",
      "\t\tout[1] = (struct alt){ { in_atom(H, false, vh, vh), in_atom(L, true, vl, vl) }, 2 };\n\t\treturn 1;",
      "64-bit `!=` tests only the high word",
      ["compile", "verify"]),
    M("argplan-gt-inclusive", "compiler/argplan_terms.c",
      "case CMP_GT: if (v >= max) return 0; *a = in_atom(L, false, v + 1, max); break;",
      "case CMP_GT: if (v >= max) return 0; *a = in_atom(L, false, v, max); break;",
      "32-bit `>` emitted as `>=`",
      ["compile"]),
    M("argplan-same-action-past-other", "compiler/argplan_terms.c",
      "(k > i && run[k] != run[i])",
      "(k > i && l->items[k].action != t->action)",
      "a rule is dropped as covered by a later one of its action past a rule of another "
      "errno: ERRNO(13) answers where the first ERRNO(1) should (a fuzz finding)",
      ["exactness", "compile"]),
    M("resolve-empty-architectures-beside-arch-map", "compiler/resolve.c",
      "if (p->narch_map && p->narchitectures)",
      "if (p->has_arch_map && p->has_architectures)",
      "an empty architectures beside archMap refused, though moby accepts it (a fuzz finding)",
      ["compile"]),
    M("argplan-intersection-wrong", "compiler/argplan_terms.c",
      "\t\t\tprev->a = x->a > prev->a ? x->a : prev->a;",
      "\t\t\tprev->a = x->a < prev->a ? x->a : prev->a;",
      "two intervals on one word joined instead of intersected",
      ["compile", "verify"],
      equivalent="a term holds two atoms on one word only when a rule has two conditions "
      "on one argument, and resolve.c splits every such rule into one rule a condition"),
    # ---- verify / meaning / bdd -----------------------------------------------
    M("verify-compares-nothing", "compiler/verify.c",
      "\t\t\tmeaning_compare(got, want, report, c);",
      "\t\t\t(void)report;",
      "the verifier passes every program",
      ["verify"]),
    M("verify-skips-validation", "compiler/verify.c",
      "\tif (!bpf_validate(prog, diag)) {",
      "\tif (0 && !bpf_validate(prog, diag)) {",
      "the verifier passes programs the kernel refuses",
      ["verify"]),
    M("verify-two-threads-trust-helper", "compiler/verify_parallel.c",
      "\tmc->same = !(d->a & HELPER_ID) && bdd_match(mc->match, d->a, d->b & ~HELPER_ID);",
      "\tmc->same = (d->a & HELPER_ID) || bdd_match(mc->match, d->a, d->b & ~HELPER_ID);",
      "on two threads, the syscalls the helper read pass unchecked: a wrong filter is written",
      ["verify"]),
    M("verify-two-threads-trust-caller", "compiler/verify_parallel.c",
      "\tmc->same = !(d->a & HELPER_ID) && bdd_match(mc->match, d->a, d->b & ~HELPER_ID);",
      "\tmc->same = !(d->a & HELPER_ID) || bdd_match(mc->match, d->a, d->b & ~HELPER_ID);",
      "on two threads, the syscalls the caller read pass unchecked: a wrong filter is written",
      ["verify"]),
    M("verify-two-threads-same-half", "compiler/verify_parallel.c",
      "\treturn !helper_reads(r, arg);",
      "\treturn helper_reads(r, arg);",
      "both threads read the same syscalls: the fast path never concludes and every big "
      "profile is proved on one thread (slower compiles)",
      ["verify"]),
    M("bdd-match-forgets-partner", "compiler/bdd.c",
      "\t\treturn (bdd_node)*s == g;",
      "\t\treturn true;",
      "a node matched once matches any other node after: two different functions pass as one",
      ["classes", "verify"]),
    M("classes-same-ignores-cuts", "compiler/bdd_classes.c",
      "\t\tif (x->nintervals != y->nintervals || x->bits != y->bits || x->nvars != y->nvars ||\n"
      "\t\t    memcmp(x->starts, y->starts, x->nintervals * sizeof *x->starts))",
      "\t\tif (x->nintervals != y->nintervals || x->bits != y->bits || x->nvars != y->nvars)",
      "managers cut at other values count as alike: diagrams of one are read as the other's",
      ["classes", "verify"]),
    M("meaning-first-stripe-only", "compiler/meaning.c",
      "\tfor (size_t s = 0; s < nstripes && go; s++) {",
      "\tfor (size_t s = 0; s < nstripes && s < 2 && go; s++) {",
      "the comparison stops after the first arch values: later arches are never checked",
      ["verify"]),
    M("meaning-last-difference-dropped", "compiler/meaning.c",
      "\t\tif (have && go)\n\t\t\tgo = each(&pending, arg);",
      "\t\tif (have && go && 0)\n\t\t\tgo = each(&pending, arg);",
      "the last run of differences of each arch is not reported: a lone wrong syscall passes",
      ["verify"]),
    M("meaning-program-word-order", "compiler/meaning_program.c",
      "\tbool high = lower == big_endian;",
      "\tbool high = !lower;",
      "the verifier reads big-endian programs' argument words in the wrong order",
      ["compile", "verify"]),
    M("meaning-program-jgt-as-jge", "compiler/meaning_program.c",
      "uint64_t first = op == BPF_JGE ? (uint64_t)k : (uint64_t)k + 1;",
      "uint64_t first = (uint64_t)k;",
      "the verifier reads `jgt` on nr or arch as `jge`",
      ["verify"]),
    M("meaning-program-jset-on-nr", "compiler/meaning_program.c",
      "\tuint32_t mask = op == BPF_JSET ? a.k & k : a.k;",
      "\tuint32_t mask = a.k;",
      "the verifier reads `jset` on nr as a test of the whole number",
      ["verify"]),
    M("meaning-table-ages-ignored", "compiler/meaning_table.c",
      "\t\t\tstreams[nstreams++] = (struct point_stream){ ta->arch->nrs, ta->arch->nsyscalls, 0 };",
      "\t\t\t(void)0;",
      "the table's meaning misses --enosys-newer's answers by age",
      ["compile", "enosys"]),
    M("meaning-table-width-ignored", "compiler/meaning_table.c",
      "uint64_t mask = c->op == CMP_MASKED_EQ ? c->value : width_mask(c->bits);",
      "uint64_t mask = c->op == CMP_MASKED_EQ ? c->value : ~0ull;",
      "the verifier's table compares bits the kernel ignores (16-bit arguments)",
      ["widths", "compile"]),
    M("bdd-le-as-lt", "compiler/bdd.c",
      "\tbool on_eq = op == CMP_EQ || op == CMP_LE || op == CMP_GE;",
      "\tbool on_eq = op == CMP_EQ || op == CMP_GE;",
      "the verifier's `<=` is `<`",
      ["verify"]),
    M("bdd-ite-cache-collision", "compiler/bdd.c",
      "\tif (e->p == p && e->f == f && e->g == g)\n\t\treturn e->r;",
      "\tif (e->p == p && e->f == f)\n\t\treturn e->r;",
      "the diagram cache answers for another function",
      ["verify"]),
    M("bdd-witness-wrong-branch", "compiler/bdd.c",
      "\t\tbool one = f0 == g0;",
      "\t\tbool one = f0 != g0;",
      "the input the verifier reports is not one on which the program is wrong",
      ["verify"]),
    M("classes-mask-bit-d-ignored", "compiler/bdd_classes.c",
      "\tuint32_t below = d == 31 ? FULL : (2u << d) - 1;",
      "\tuint32_t below = d == 31 ? FULL : (1u << d) - 1;",
      "a mask that changes at an interval's highest differing bit is taken as constant "
      "there: two values the profile tells apart share a class",
      ["classes", "verify"]),
    M("classes-whole-interval-constant", "compiler/bdd_classes.c",
      "\tif (mask_constant_on(lo, hi, a->mask))\n\t\treturn atom_holds(a, lo);",
      "\tif (1 || mask_constant_on(lo, hi, a->mask))\n\t\treturn atom_holds(a, lo);",
      "a masked comparison is read off an interval's first value wherever it varies",
      ["classes", "verify"]),
    M("classes-last-class-not-extended", "compiler/bdd_classes.c",
      "uint32_t hi = ranges[i][1] + 1 >= wc->nintervals ? FULL",
      "uint32_t hi = ranges[i][1] + 1 > wc->nintervals ? FULL",
      "class numbers past the last class stand for no values: functions differing only "
      "there look different, and equal ones can too",
      ["classes", "verify"]),
    M("classes-masked-extreme-reversed", "compiler/bdd_classes.c",
      "\treturn prefix + (clear < set ? clear : set);",
      "\treturn prefix + (clear > set ? clear : set);",
      "a masked `>` is taken as holding on a whole interval where it holds on part of it",
      ["classes", "verify"]),
    M("classes-greatest-below-hi-misses", "compiler/bdd_classes.c",
      "if ((hi & bit) && above + (mask & (bit - 1)) > best)",
      "if ((hi & bit) && above + (mask & bit) > best)",
      "the greatest masked value of an interval is too small: a masked `>` is taken as "
      "failing on values where it holds",
      ["classes"]),
    M("classes-masked-value-passes-early", "compiler/bdd_classes.c",
      "\t\t\t\t\tfound = prefix | bit | (v & (bit - 1));",
      "\t\t\t\t\tfound = prefix | bit;",
      "a masked `==` is taken as met on an interval that ends just before its first value",
      ["classes"]),
    M("classes-split-guessed", "compiler/bdd_classes.c",
      "\tif (nsome && !var) {\n\t\tm->classes_missed = true;\n\t\tf = m->f;",
      "\tif (nsome && !var) {\n\t\tf = m->f;",
      "an unannounced comparison that splits a class is guessed instead of missed",
      ["classes"]),
    M("verify-ignores-class-miss", "compiler/verify.c",
      "\t\tif (!ok || !bdd_classes_missed(c->m))",
      "\t\tif (1 || !ok || !bdd_classes_missed(c->m))",
      "a comparison that escaped the classes is read as false: the proof may be of another "
      "program",
      ["classes"]),
    M("classes-whole-block-off-by-one", "compiler/bdd_classes.c",
      "\treturn start + size - 1 <= hi;",
      "\treturn start + size - 1 <= (uint64_t)hi + 1;",
      "an interval one value short of a whole block of the mask is taken to hold every "
      "masked value: a masked comparison is answered wrongly on it",
      ["classes"]),
    M("classes-one-bit-form-inverted", "compiler/bdd_classes.c",
      "\t\tholds_when_set = x->k == b;",
      "\t\tholds_when_set = x->k != b;",
      "a one-bit comparison such as \"x & 8 is 0\" is read as its negation: the verifier "
      "refuses right programs and passes wrong ones",
      ["classes", "verify"]),
    M("real-codes-of-the-whole-word", "compiler/bdd_real.c",
      "ncur = interval_patterns(&ps, wc->starts[i], interval_last(wc, i), &cur,",
      "ncur = interval_patterns(&ps, 0, FULL, &cur,",
      "the answer patterns of masked comparisons are taken from the whole word, not each "
      "interval: right programs are refused where the profile's masks and ranges interact",
      ["classes", "verify"]),
    M("witness-takes-the-agreeing-branch", "compiler/bdd_real.c",
      "\t\tbool one = !apart_on(m, &memo, lo[0], lo[1], lo[2]);",
      "\t\tbool one = apart_on(m, &memo, lo[0], lo[1], lo[2]);",
      "the verifier's counterexample follows a branch where program and profile agree: "
      "the error names an input on which nothing is wrong",
      ["verify", "classes"]),
    M("equal-on-every-code", "compiler/bdd_real.c",
      "\tbool apart = !real || apart_on(m, &memo, f, g, real);",
      "\tbool apart = !real || apart_on(m, &memo, f, g, m->t);",
      "functions are compared on codes no value has: right programs are refused",
      ["classes", "verify"]),
    M("collect-last-root-unmarked", "compiler/bdd.c",
      "\tfor (size_t i = 0; i < m->nroots; i++)\n\t\tbdd_mark(m, m->roots[i]);",
      "\tfor (size_t i = 0; i + 1 < m->nroots; i++)\n\t\tbdd_mark(m, m->roots[i]);",
      "a collection frees a function still held: its nodes are reused for others",
      ["collect", "verify"]),
    M("collect-ite-cache-kept", "compiler/bdd.c",
      "\tmemset(m->cache, 0, m->cache_cap * sizeof *m->cache);",
      "\t(void)0;",
      "after a collection the operation cache answers with freed, reused nodes",
      ["collect", "verify"]),
    M("collect-drops-before-last-use", "compiler/meaning_program.c",
      "\t\tif (s->uses > 0)\n\t\t\tbdd_mark(m, s->fn);",
      "\t\tif (s->uses > 1)\n\t\t\tbdd_mark(m, s->fn);",
      "a collection drops a program function one call too early: it is made again, and "
      "again below it (800 rules of 64-bit constants took minutes instead of a second)",
      ["collect"]),
    M("collect-branch-not-held", "compiler/meaning_program.c",
      "\tbdd_root_push(c->m, t);   /* held while the other way is made */",
      "\t(void)0;",
      "a collection while the program's other branch is made frees the first one",
      ["collect", "verify"]),
    M("collect-partial-or-not-held", "compiler/meaning_table.c",
      "\t\t\tbdd_root_push(m, any);\n",
      "",
      "a collection between a syscall's rules frees the OR of those before it",
      ["collect", "verify"]),
    # ---- bpf/ ----------------------------------------------------------------
    M("validate-unaligned-load", "compiler/bpf/validate.c",
      "\t\t} else if (f->k & 3) {",
      "\t\t} else if (0) {",
      "an unaligned load of seccomp_data passes the validator (the kernel refuses it)",
      ["bpf_validate"]),
    M("validate-jump-one-past", "compiler/bpf/validate.c",
      "\t\t\tif (t >= len || e >= len) {",
      "\t\t\tif (t > len || e > len) {",
      "a jump to just past the end passes the validator",
      ["bpf_validate"]),
    M("validate-memory-pass-skipped", "compiler/bpf/validate.c",
      "\t\tok = check_memory(prog, diag);",
      "\t\tok = true;",
      "reads of unwritten scratch memory pass the validator",
      ["bpf_validate"]),
    M("validate-div-zero", "compiler/bpf/validate.c",
      "\tcase BPF_ALU | BPF_DIV | BPF_K:\n\t\tif (f->k == 0) {",
      "\tcase BPF_ALU | BPF_DIV | BPF_K:\n\t\tif (f->k == 1) {",
      "division by constant 0 passes the validator",
      ["bpf_validate"]),
    M("simulate-jgt-as-jge", "compiler/bpf/simulate.c",
      "\t\t\tpc += m.A > k ? f->jt : f->jf;",
      "\t\t\tpc += m.A >= k ? f->jt : f->jf;",
      "`seccompc sim` and stats run `jgt` as `jge`",
      ["bpf_simulate", "semantics"]),
    M("simulate-word-order", "compiler/bpf/simulate.c",
      "\tbool low_half = lower != in->big_endian;",
      "\tbool low_half = lower;",
      "`seccompc sim` reads big-endian targets' argument words in the wrong order",
      ["bpf_simulate", "verify"]),
    M("simulate-ret-a", "compiler/bpf/simulate.c",
      "\t\t*action = m->A;",
      "\t\t*action = k;",
      "`ret a` returns the instruction's constant",
      ["bpf_simulate"]),
    M("simulate-len", "compiler/bpf/simulate.c",
      "\t\t\tv = SECCOMP_DATA_SIZE;",
      "\t\t\tv = 0;",
      "`ld len` is 0 instead of 64",
      ["bpf_simulate"]),
    M("assemble-jump-256", "compiler/bpf/assemble.c",
      "#define MAX_JUMP 255u",
      "#define MAX_JUMP 256u",
      "a conditional jump of 256 wraps to 0 in its 8-bit offset",
      ["compile"]),
    M("assemble-pads-never-returns", "compiler/bpf/assemble.c",
      "\t\t\tif (t->nbody == 0 && t->term == TERM_RET)",
      "\t\t\tif (0)",
      "long jumps to a return go through a JA instead of a copy of the return",
      ["compile", "performance"]),
    M("assemble-no-goto-elision", "compiler/bpf/assemble.c",
      "\treturn bl->term == TERM_GOTO && L->gaps[i].n == 0 && i + 1 < L->n &&\n\t       L->order[i + 1] == bl->jt;",
      "\treturn false;",
      "a `ja 0` after every goto to the next block: larger, slower filters",
      ["performance", "bpf_assemble"]),
    M("raw-big-endian-code", "compiler/bpf/raw.c",
      "\t\t\tb[0] = (uint8_t)(f->code >> 8); b[1] = (uint8_t)f->code;",
      "\t\t\tb[0] = (uint8_t)f->code; b[1] = (uint8_t)(f->code >> 8);",
      "raw blobs for big-endian targets have their opcodes byte-swapped",
      ["bpf_io"]),
    M("listing-half-names", "compiler/bpf/listing.c",
      "\tconst char *half = lower != big_endian ? \"lo\" : \"hi\";",
      "\tconst char *half = lower ? \"lo\" : \"hi\";",
      "listings of big-endian filters call the high word .lo",
      ["bpf_io", "compile"]),
    M("listing-read-jf", "compiler/bpf/listing_read.c",
      "\t\t} else {\n\t\t\tf->jf = (uint8_t)off;",
      "\t\t} else {\n\t\t\tf->jf = (uint8_t)(off ? off - 1 : 0);",
      "`seccompc asm` lands false branches one instruction early",
      ["bpf_io", "bpf_cli"]),
    M("stats-cache-jgt", "compiler/stats.c",
      "\t\t\tpc += a > in->k ? in->jt : in->jf;",
      "\t\t\tpc += a >= in->k ? in->jt : in->jf;",
      "`seccompc stats` mis-counts the action cache on filters with `jgt` on nr (libseccomp's)",
      ["stats", "bpf_cli"]),
    # ---- compile / caps / output ----------------------------------------------
    M("compile-notify-keeps-rule-errno", "compiler/compile.c",
      "\t\t\t\tif (notified(rules[r].action, denials))\n\t\t\t\t\trules[r].action = RET_USER_NOTIF;",
      "\t\t\t\tif (0)\n\t\t\t\t\trules[r].action = RET_USER_NOTIF;",
      "--report never hears of calls a rule denies (only of the default's)",
      ["report"]),
    M("compile-ladder-chain-after-fast", "compiler/compile.c",
      "\t{ false, 4 }, { false, 8 }, { false, 16 }, { false, 32 }, { false, 64 },\n"
      "\t{ true, 4 }, { true, 8 }, { true, 16 }, { true, 32 }, { true, 64 }, { true, UINT_MAX },",
      "\t{ false, 4 }, { true, UINT_MAX },",
      "past the fast shape's limit the program drops to chains: 6,000 ioctl requests run 3,892 "
      "instructions instead of 48",
      ["fit_ladder"]),
    M("compile-ladder-refuses-silently", "compiler/compile.c",
      "\t\tgenerate(table, &cg, arena, diag, out);\n\t}",
      "\t}",
      "a profile no shape fits is refused without saying why (or how large it is)",
      ["fit_ladder", "cli"]),
    M("compile-ladder-reports-last-rung", "compiler/compile.c",
      "\t\tif (!ok && out->len && out->len < closest_len) {",
      "\t\tif (!ok && out->len && out->len < closest_len && 0) {",
      "a refusal names the chain's size, not the smallest any shape needed: 1,009 wide rules "
      "\"need\" 4,383 instructions where 4,130 would do",
      ["fit_ladder"]),
    M("compile-proof-no-compact-retry", "compiler/compile.c",
      "\tbool may_retry = rung < FIRST_COMPACT_RUNG;",
      "\tbool may_retry = false;",
      "a fast program whose proof runs out of room ends the compile: conds-780 is refused "
      "although its compact program proves",
      ["proof_room"]),
    M("verify-room-said-wrong", "compiler/verify.c",
      "\t\t\t*stats = (struct verify_stats){ .nodes = full, .out_of_room = true };",
      "\t\t\t*stats = (struct verify_stats){ .nodes = full, .out_of_room = false };",
      "a two-thread proof that ran out of room reads as a program proved wrong: no other "
      "shape is tried",
      ["proof_room"]),
    M("codegen-compact-ignores-bucket", "compiler/codegen.c",
      "\t\tc->opts.bucket = c->opts.compact ? UINT_MAX : DEFAULT_BUCKET;",
      "\t\tc->opts.bucket = c->opts.compact ? UINT_MAX : DEFAULT_BUCKET;\n"
      "\tif (c->opts.compact)\n\t\tc->opts.bucket = UINT_MAX;",
      "the compact plans search only with chains: 1,008 wide rules are refused",
      ["fit_ladder"]),
    M("caps-docker-without-audit-write", "compiler/caps.c",
      "\t\"CAP_KILL\",\n\t\"CAP_AUDIT_WRITE\",\n\tNULL,",
      "\t\"CAP_KILL\",\n\tNULL,",
      "Docker's default set lacks CAP_AUDIT_WRITE: podman's socket(16, 3, 9) is refused",
      ["semantics", "select"]),
    M("caps-option-order-matters", "compiler/caps.c",
      "\t\t\to->base = 0;",
      "\t\t\to->base = 0;\n\t\t\to->added = 0;",
      "--cap before --caps none is forgotten: the options' order matters",
      ["semantics", "select"]),
    M("output-not-atomic", "compiler/buf.c",
      "\tif (ok && rename(tmp, path) != 0) {",
      "\tif (ok && (unlink(path), rename(tmp, path)) != 0) {",
      "the output is removed before the new one is in place (a reader may see none)",
      ["cli"],
      equivalent="rename() replaces the target atomically either way; the window in which no "
      "file exists is not observable by a test that does not race the compiler"),
    # ---- runtime -------------------------------------------------------------
    M("exec-install-failure-ignored", "runtime/exec.c",
      "\t\telse if (install_filter(&f, NULL) == 0)\n\t\t\texec_command(l.argv);\n\t\telse\n\t\t\tstatus = LAUNCH_FAILED;",
      "\t\telse if (install_filter(&f, NULL) == 0 || 1)\n\t\t\texec_command(l.argv);\n\t\telse\n\t\t\tstatus = LAUNCH_FAILED;",
      "the command runs without its filter when the kernel refuses it",
      ["failclosed"]),
    M("spawn-install-failure-ignored", "runtime/spawn.c",
      "\tif (install_filter(&req->filter, req->listener ? &listener : NULL) != 0) {",
      "\tif (install_filter(&req->filter, req->listener ? &listener : NULL) != 0 && 0) {",
      "--report and --isolate-pids run the command unfiltered when the kernel refuses the filter",
      ["failclosed"]),
    M("runtime-no-new-privs-skipped", "runtime/seccompc-runtime.h",
      "if (!(flags & SECCOMPC_FLAG_HAVE_SYS_ADMIN) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)",
      "if (0 && !(flags & SECCOMPC_FLAG_HAVE_SYS_ADMIN) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)",
      "no_new_privs is not set: as root the filter installs, and setuid programs keep their power",
      ["runtime", "exec"]),
    M("runtime-validate-unaligned", "runtime/seccompc-runtime.h",
      "\t\tif (f->k & 3)\n\t\t\treturn \"load from an unaligned offset of struct seccomp_data\";",
      "\t\tif (0)\n\t\t\treturn \"load from an unaligned offset of struct seccomp_data\";",
      "the runtime's validator passes an unaligned load (the kernel refuses it, with no reason given)",
      ["runtime"]),
    M("runtime-flags-through-prctl", "runtime/seccompc-runtime.h",
      "\tif (kflags)   /* flags need seccomp(2): missing here, or refused by the caller */",
      "\tif (0)   /* flags need seccomp(2): missing here, or refused by the caller */",
      "filter flags (TSYNC, LOG) are silently dropped when prctl installs the filter",
      ["runtime"]),
    M("report-answers-eperm", "runtime/report.c",
      "\treturn -(int32_t)(e > MAX_ERRNO ? MAX_ERRNO : e);",
      "\treturn -EPERM;",
      "under --report the program sees EPERM, not the profile's errno",
      ["report"]),
    M("report-decider-default", "runtime/report.c",
      "\tif (k->rule)\n\t\tsnprintf(out, size, \"%s (%s:%d)\"",
      "\tif (0)\n\t\tsnprintf(out, size, \"%s (%s:%d)\"",
      "--report blames defaultAction for what a rule denied",
      ["report"]),
    M("supervise-signal-not-forwarded", "runtime/supervise.c",
      "\t\t\t\tif (!exited)\n\t\t\t\t\tkill(pid, sig);",
      "\t\t\t\tif (!exited)\n\t\t\t\t\tkill(pid, 0);",
      "SIGTERM to seccompc-exec no longer reaches the supervised command",
      ["exec", "report"]),
    M("supervise-exit-not-signal", "runtime/supervise.c",
      "\t\traise(sig);\n",
      "",
      "a command killed by a signal makes seccompc-exec exit 128+N instead of dying the same way",
      ["exec", "report"]),
    M("exec-report-none-allowed", "runtime/exec.c",
      "if (l->report && l->filter && strcmp(l->filter, \"none\") == 0)",
      "if (0 && l->report && l->filter && strcmp(l->filter, \"none\") == 0)",
      "--report none is accepted and reports nothing",
      ["exec", "report"]),
    M("exec-caps-with-raw-blob", "runtime/exec.c",
      "\t\tif (l->select_given) {",
      "\t\tif (0) {",
      "--cap with a raw blob is accepted and silently means nothing",
      ["exec", "select"]),
    M("decode-escape-quote", "runtime/decode.c",
      "\t\tif (c == '\\\\' || c == '\"')",
      "\t\tif (c == '\\\\')",
      "--report prints a program's string with a bare quote: its output can be forged",
      ["decode", "report"]),
    # ---- more of the pipeline's edges ------------------------------------------
    M("json-duplicate-keys-silent", "compiler/json.c",
      "\t\tif (m->key_len == n && memcmp(m->key, s, n) == 0) {",
      "\t\tif (0) {",
      "a key given twice is not an error: which value counts is a guess",
      ["parse"]),
    M("json-columns-count-bytes", "compiler/json.c",
      "\t\t} else if ((ch & 0xc0) != 0x80) {",
      "\t\t} else {",
      "columns in messages count bytes, not characters, after a non-ASCII one",
      ["parse"]),
    M("diag-no-column", "compiler/diag.c",
      "\"%d:%d:\", m->loc.line, m->loc.col);",
      "\"%d:\", m->loc.line);",
      "messages lose the column of what is wrong",
      ["parse"]),
    M("table-default-run-one", "compiler/table.c",
      "\t\tif (table_default(t, ta, (uint32_t)at) != action)\n\t\t\treturn (uint32_t)at - 1;",
      "\t\tif (0)\n\t\t\treturn (uint32_t)at - 1;",
      "the planner sees one default run where --enosys-newer changes the answer",
      ["enosys", "semantics_enosys"]),
    M("meaning-table-no-minus-one", "compiler/meaning_table.c",
      "{ 0, 0x3fffffffu, 0x7fffffffu, 0xbfffffffu, 0xfffffffeu };",
      "{ 0, 0x3fffffffu, 0x7fffffffu, 0xbfffffffu };",
      "the verifier's table gives nr -1 the answer of the numbers below it",
      ["compile", "verify"]),
    M("validate-ja-past-end", "compiler/bpf/validate.c",
      "\t\tif ((uint64_t)f->k >= (uint64_t)(len - pc - 1)) {",
      "\t\tif ((uint64_t)f->k > (uint64_t)(len - pc - 1)) {",
      "a ja to just past the end passes the validator",
      ["bpf_validate"]),
    M("validate-last-not-return", "compiler/bpf/validate.c",
      "\tif (last != (BPF_RET | BPF_K) && last != (BPF_RET | BPF_A)) {",
      "\tif (0) {",
      "a program that can run off its end passes the validator",
      ["bpf_validate"]),
    M("asm-jump-to-itself", "compiler/bpf/listing_read.c",
      "\t\tif (dest <= fx->pc) {",
      "\t\tif (dest < fx->pc) {",
      "`seccompc asm` accepts a jump to the jump itself (an offset of -1)",
      ["bpf_assemble", "bpf_io"]),
    M("oci-trace-errnoret-dropped", "compiler/oci.c",
      "\tif (kind == ACT_ERRNO || kind == ACT_TRACE)\n\t\tbuf_printf(b, \",\\n%s\\\"%s\\\": %u\"",
      "\tif (kind == ACT_ERRNO)\n\t\tbuf_printf(b, \",\\n%s\\\"%s\\\": %u\"",
      "resolve --oci drops TRACE's errnoRet: runc gives the tracer another value",
      ["oci"]),
    M("oci-enosys-limit-lost", "compiler/oci.c",
      "\t\tif (!ta || !ta->enosys || largest_named(c, arch) >= (int64_t)ta->enosys_above)",
      "\t\tif (1)",
      "resolve --oci drops the name that sets runc's ENOSYS limit: new syscalls get EPERM under runc",
      ["oci"]),
    M("oci-masked-datum-lost", "compiler/oci.c",
      "a->op == CMP_MASKED_EQ ? a->value_two : 0, cmp_op_name(a->op));",
      "0, cmp_op_name(a->op));",
      "resolve --oci writes every MASKED_EQ with valueTwo 0",
      ["oci"]),
    M("oci-split-rule-first-arg", "compiler/oci.c",
      "\t\tif (o->arg >= 0)\n\t\t\twrite_arg(b, &src->args[o->arg], true);",
      "\t\tif (o->arg >= 0)\n\t\t\twrite_arg(b, &src->args[0], true);",
      "resolve --oci writes the first condition in every rule split from a repeated index",
      ["oci"]),
    M("base64-no-padding", "compiler/bpf/base64.c",
      "left > 1 ? digits[v >> 6 & 63] : '='",
      "digits[v >> 6 & 63]",
      "base64 output without its padding: crun cannot decode it",
      ["embed", "cli", "example-crun"]),
    M("c-output-jt-jf-swapped", "compiler/bpf/c_output.c",
      "\t\t\t   i->code, i->jt, i->jf, i->k, pc, text);",
      "\t\t\t   i->code, i->jf, i->jt, i->k, pc, text);",
      "the C header's filter has every jump's branches swapped",
      ["embed", "example-lockdown"]),
    M("embed-x86-64-condition-takes-x32", "compiler/bpf/embed.c",
      "\t[ARCH_X86_64] = { \"defined(__x86_64__) && !defined(__ILP32__)\",",
      "\t[ARCH_X86_64] = { \"defined(__x86_64__)\",",
      "an x32 program that includes the header gets the x86_64 filter",
      ["embed"]),
    M("go-output-no-tsync", "compiler/bpf/go_output.c",
      "syscall.RawSyscall(nrSeccomp, 1, 1, uintptr(unsafe.Pointer(&prog)))",
      "syscall.RawSyscall(nrSeccomp, 1, 0, uintptr(unsafe.Pointer(&prog)))",
      "the Go output locks down one thread only: other goroutines run unfiltered",
      ["example-go", "embed"]),
    M("rust-output-no-nnp", "compiler/bpf/rust_output.c",
      "prctl(38, 1 as c_ulong, 0 as c_ulong, 0 as c_ulong, 0 as c_ulong)",
      "prctl(38, 0 as c_ulong, 0 as c_ulong, 0 as c_ulong, 0 as c_ulong)",
      "the Rust output does not set no_new_privs: as root the filter installs anyway",
      ["example-rust", "embed"]),
    M("cli-b64-written-raw", "compiler/cmd/cmd_compile.c",
      "{ \".b64\", FMT_BASE64 }",
      "{ \".b64\", FMT_RAW }",
      "-o filter.b64 writes the raw blob",
      ["cli", "embed"]),
    M("cli-enosys-newer-ignored", "compiler/cmd/cli.c",
      "\t\ts->opts.enosys_newer = true;",
      "\t\ts->opts.enosys_newer = false;",
      "seccompc --enosys-newer is accepted and does nothing",
      ["enosys", "cli"]),
    M("sim-blames-the-default", "compiler/cmd/cmd_sim.c",
      "\t\tprintf(\"decided by: %s (line %d)\\n\", r->source->origin.path, r->source->origin.loc.line);",
      "\t\tprintf(\"decided by: defaultAction (no rule matches)\\n\");",
      "seccompc sim names the default where a rule decided",
      ["bpf_cli", "cli"]),
    M("nearest-none", "compiler/editdist.c",
      "\tif (d < n->best_d) {",
      "\tif (0) {",
      "an unknown name (capability, syscall, errno, field) gets no did-you-mean",
      ["select", "parse"]),
    M("runtime-install-file-partial", "runtime/seccompc-runtime.h",
      "\tif (!err && got % sizeof(struct sock_filter))",
      "\tif (0)",
      "seccompc_install_file() installs a truncated blob's whole instructions",
      ["runtime"]),
    M("report-every-errno-a-fallback", "runtime/notified.c",
      "\t    (int)(action & RET_DATA) != arch_errno_nr(arch, \"ENOSYS\"))",
      "\t    0)",
      "--report files a clone3 refused with EPERM under expected fallbacks, and does not report it",
      ["report"]),
    M("suggest-past-unconditional", "runtime/suggest.c",
      "\tif (r && r->nconds == 0) {",
      "\tif (0) {",
      "--report suggests adding a rule that an earlier unconditional rule makes useless",
      ["report"],
      equivalent="the early return is a short cut: past it no added rule allows the calls "
      "(the unconditional rule still decides first) and the end of the function names the "
      "same deciding rule"),
    M("supervise-stops-following", "runtime/supervise.c",
      "\twhile (!exited || (sv->follow && !hung_up && !childless)) {",
      "\twhile (!exited) {",
      "--report stops when the command exits, though its children still hold the filter",
      ["report"]),
    M("learn-call-not-run", "runtime/learn.c",
      "\t\tresp->val = 0;\n\t\tresp->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;",
      "\t\tresp->val = 0;",
      "--learn answers a refused call 0 without running it: the program goes on with wrong results",
      ["learn"]),
    M("learn-no-unchanged-check", "runtime/learn_out.c",
      "\treturn check_learned(f, after) && check_unchanged(f, before, after);",
      "\treturn check_learned(f, after);",
      "--learn writes a profile without checking that it decides as the original elsewhere",
      ["learn"]),
    M("lint-duplicate-names-silent", "compiler/lint_rules.c",
      "\t\twhile (i < r->nnames && strcmp(sorted[i]->name, first->name) == 0) {",
      "\t\twhile (0) {",
      "lint no longer warns about a syscall named twice in one rule",
      ["lint"]),
    M("lint-ored-args-silent", "compiler/lint_rules.c",
      "\t\tif (n < 2)\n\t\t\tcontinue;\n\t\tconst char *times",
      "\t\tif (n < 200)\n\t\t\tcontinue;\n\t\tconst char *times",
      "lint no longer warns that a repeated argument index ORs the conditions",
      ["lint"]),
    M("lint-mask-zero-silent", "compiler/lint_rules.c",
      "\t\tif (a->value == 0) {\n\t\t\tlint_warn(l, SC_MASK_ZERO",
      "\t\tif (0) {\n\t\t\tlint_warn(l, SC_MASK_ZERO",
      "lint no longer warns about a mask of 0 (a condition that always holds)",
      ["lint"]),
    # ---- tables --------------------------------------------------------------
    M("tables-aarch64-getpid", "compiler/arch/syscalls.c",
      "\t-1, 102, 205, 155, -1, 172, -1, 173,",
      "\t-1, 102, 205, 155, -1, 171, -1, 173,",
      "getpid renumbered on aarch64 (172 -> 171): a profile allows getppid instead",
      ["tables", "semantics"], after="const int32_t sc_aarch64_nr_by_id"),
    M("tables-s390x-getpid", "compiler/arch/syscalls.c",
      "\t-1, 105, 368, 132, 65, 20, 188, 64,",
      "\t-1, 105, 368, 132, 65, 21, 188, 64,",
      "getpid renumbered on s390x (20 -> 21)",
      ["tables", "semantics"]),
    M("errnos-mips-edeadlock", "compiler/arch/errnos.c",
      "\t{ \"EDEADLK\", 45 },\n\t{ \"EDEADLOCK\", 56 },",
      "\t{ \"EDEADLK\", 45 },\n\t{ \"EDEADLOCK\", 35 },",
      "EDEADLOCK is 35 on mips (it is 56): errno names resolve wrong there",
      ["tables", "semantics"]),
    M("argtypes-socket-family-64", "compiler/arch/argtypes.c",
      "\t{ \"error_code\", \"int\", 32, true },\n\t{ \"family\", \"int\", 32, true },",
      "\t{ \"error_code\", \"int\", 32, true },\n\t{ \"family\", \"int\", 64, true },",
      "socket's family compared on 64 bits: socket(0x100000028) bypasses `!= AF_VSOCK`",
      ["widths", "semantics_args"]),
]


# ---- running ---------------------------------------------------------------

# ---- random mutants ----------------------------------------------------------

RANDOM_FILES = ["compiler/*.c", "compiler/bpf/*.c", "compiler/cmd/*.c", "runtime/*.c",
                "runtime/seccompc-runtime.h"]
OPERATORS = [   # (pattern, replacement): one occurrence on a line is changed
    (r"==", "!="), (r"!=", "=="), (r"(?<![<>-])<(?![<=])", "<="), (r"<=", "<"),
    (r"(?<![<>-])>(?![>=])", ">="), (r">=", ">"), (r"&&", "||"), (r"\|\|", "&&"),
    (r"\btrue\b", "false"), (r"\bfalse\b", "true"), (r"\bif \(!", "if ("),
    (r"(?<=[ (\[])1(?=[;,)\] ])", "2"), (r"(?<=[ (\[])0(?=[;,)\] ])", "1"),
]


def code_spans(line):
    """The parts of a line outside string and character literals and comments."""
    spans, i, start, quote = [], 0, 0, None
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote, start = None, i + 1
        elif ch in "\"'":
            spans.append((start, i))
            quote = ch
        elif line.startswith("/*", i) or line.startswith("//", i):
            break
        i += 1
    if not quote:
        spans.append((start, i))
    return spans


def random_mutants(n, seed):
    import random
    rng = random.Random(seed)
    candidates = []
    for pattern in RANDOM_FILES:
        for path in sorted(ROOT.glob(pattern)):
            rel = str(path.relative_to(ROOT))
            for no, line in enumerate(path.read_text().splitlines(), 1):
                stripped = line.strip()
                if not stripped or stripped[0] in "*#/" or "assert" in line or "static_assert" in line:
                    continue
                for pat, rep in OPERATORS:
                    for m in re.finditer(pat, line):
                        if any(a <= m.start() and m.end() <= b for a, b in code_spans(line)):
                            new = line[:m.start()] + rep + line[m.end():]
                            candidates.append((rel, no, line, new))
    rng.shuffle(candidates)
    out, seen = [], set()
    for rel, no, line, new in candidates:
        if len(out) == n:
            break
        if (rel, no) in seen:
            continue
        seen.add((rel, no))
        out.append(Mutant("random-%s:%d" % (rel, no), rel, line, new,
                          "%s:%d: %s  ->  %s" % (rel, no, line.strip(), new.strip()),
                          line_no=no))
    return out


def die(msg):
    print("mutate.py: " + msg, file=sys.stderr)
    sys.exit(2)


def selected(mutants, only):
    if not only:
        return mutants
    out = [m for m in mutants if any(fnmatch.fnmatchcase(m.name, pat) for pat in only)]
    if not out:
        die("no mutant matches " + ", ".join(only) + " (--list shows them)")
    return out


def check(mutants, root):
    """Each snippet once in its file; returns the problems."""
    problems = []
    for m in mutants:
        path = root / m.file
        if not path.exists():
            problems.append("%s: %s does not exist" % (m.name, m.file))
            continue
        text = path.read_text()
        if m.apply(text) is None:
            problems.append("%s: the snippet occurs %d times in %s%s" % (
                m.name, text.count(m.find), m.file,
                " (or its anchor is not there once)" if m.after else ""))
        if m.find == m.replace:
            problems.append("%s: the replacement is the snippet" % m.name)
    names = [m.name for m in mutants]
    for n in sorted(set(x for x in names if names.count(x) > 1)):
        problems.append("%s: the name is used twice" % n)
    return problems


def tree_files(root):
    out = subprocess.run(["git", "-C", str(root), "ls-files", "-co", "--exclude-standard", "-z"],
                         check=True, capture_output=True).stdout.decode()
    return [f for f in out.split("\0") if f]


def copy_tree(root, dest):
    for rel in tree_files(root):
        src = root / rel
        if not src.is_file():
            continue
        dst = dest / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dst)


def run(cmd, cwd, deadline, log):
    """Runs cmd in its own process group; returns its status, or None when
    the deadline passed (the group is killed)."""
    left = deadline - time.monotonic()
    if left <= 0:
        return None
    with open(log, "ab") as out:
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                             start_new_session=True)
        try:
            return p.wait(timeout=left)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
            return None


def failed_tests(build):
    """The tests the last `meson test` run did not pass."""
    log = build / "meson-logs" / "testlog.json"
    bad = []
    if log.exists():
        for line in log.read_text().splitlines():
            try:
                r = json.loads(line)
            except ValueError:
                continue
            # (tests still running when --maxfail stops the run are not failures)
            if r.get("result") in ("FAIL", "TIMEOUT", "ERROR", "UNEXPECTEDPASS"):
                bad.append(r.get("name", "?"))
    return bad


def test_names(build):
    out = subprocess.run(["meson", "test", "-C", str(build), "--list"], check=True,
                         capture_output=True, text=True).stdout
    return [line.strip() for line in out.splitlines() if line.strip()]


def run_suite(build, first, known, deadline, log):
    """Runs the likely killers, then the whole suite, stopping at the first
    failure. Returns ("killed", tests) or ("survived", []) or ("timeout", [])."""
    first = [t for t in first if t in known]
    rounds = ([first] if first else []) + [[]]
    for tests in rounds:
        cmd = ["meson", "test", "-C", str(build), "--no-rebuild", "--maxfail", "1",
               "--print-errorlogs"] + tests
        status = run(cmd, build.parent, deadline, log)
        if status is None:
            return "timeout", []
        if status != 0:
            return "killed", failed_tests(build) or ["meson test exit %d" % status]
    return "survived", []


def setup(scratch, log):
    src, build = scratch / "src", scratch / "build"
    if not (src / "meson.build").exists():
        print("copying the tree to %s" % src, flush=True)
        copy_tree(ROOT, src)
    if not (build / "build.ninja").exists():
        subprocess.run(["meson", "setup", str(build), str(src)], check=True,
                       stdout=open(log, "ab"), stderr=subprocess.STDOUT)
    return src, build


def main():
    ap = argparse.ArgumentParser(description="seccompc's mutation run (see the top of this file)")
    ap.add_argument("--list", action="store_true")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--timeout", type=float, default=1200)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--scratch")
    ap.add_argument("--markdown")
    ap.add_argument("--random", type=int, default=0)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    mutants = random_mutants(a.random, a.seed) if a.random else selected(MUTANTS, a.only)
    if a.list:
        for m in mutants:
            tag = " (equivalent: %s)" % m.equivalent if m.equivalent else ""
            print("%-40s %-32s %s%s" % (m.name, m.file, m.why, tag))
        print("%d mutants, %d of them equivalent" %
              (len(mutants), sum(1 for m in mutants if m.equivalent)))
        return 0
    problems = check(mutants, ROOT)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        die("%d mutants do not apply to this tree; fix the list" % len(problems))
    if a.check:
        print("%d mutants apply" % len(mutants))
        return 0

    scratch = Path(a.scratch) if a.scratch else Path(tempfile.mkdtemp(prefix="seccompc-mutate-"))
    # the launcher's tests run seccompc-exec as nobody too: let it reach the build
    scratch.chmod(0o755)
    scratch.mkdir(parents=True, exist_ok=True)
    log = scratch / "mutate.log"
    src, build = setup(scratch, log)
    print("log: %s" % log, flush=True)
    start = time.monotonic()
    # The unmutated tree must build and pass, or nothing below means anything.
    if run(["ninja", "-C", str(build)], scratch, start + a.timeout, log) != 0:
        die("the unmutated tree does not build (see %s)" % log)
    known = test_names(build)
    outcome, tests = run_suite(build, [], known, time.monotonic() + a.timeout, log)
    if outcome != "survived":
        die("the unmutated tree fails its tests (%s; see %s)" % (", ".join(tests) or outcome, log))
    print("baseline: %d tests pass (%.0f s)" % (len(known), time.monotonic() - start), flush=True)

    results = []
    for i, m in enumerate(mutants, 1):
        if m.equivalent:
            results.append((m, "equivalent", []))
            print("[%d/%d] %-40s equivalent" % (i, len(mutants), m.name), flush=True)
            continue
        path = src / m.file
        original = path.read_text()
        path.write_text(m.apply(original))
        t0 = time.monotonic()
        deadline = t0 + a.timeout
        try:
            with open(log, "a") as f:
                f.write("\n==== %s\n" % m.name)
            build_log = scratch / "build.log"
            build_log.write_bytes(b"")
            status = run(["ninja", "-C", str(build)], scratch, deadline, build_log)
            built = build_log.read_text(errors="replace")
            with open(log, "a") as f:
                f.write(built)
            if status is None:
                outcome, tests = "killed", ["build timeout"]
            elif status != 0 and not C_ERROR.search(built):
                why = "verification" if "error: verification failed" in built else "a step"
                outcome, tests = "killed", ["the build (%s)" % why]
            elif status != 0:
                outcome, tests = "no-compile", []
            else:
                outcome, tests = run_suite(build, m.first, known, deadline, log)
                if outcome == "timeout":
                    outcome, tests = "killed", ["timeout"]
        finally:
            path.write_text(original)
        results.append((m, outcome, tests))
        print("[%d/%d] %-40s %-10s %s (%.0f s)" % (i, len(mutants), m.name, outcome,
                                                  ", ".join(tests[:3]), time.monotonic() - t0),
              flush=True)
    # Leave the scratch build as the tree is.
    run(["ninja", "-C", str(build)], scratch, time.monotonic() + a.timeout, log)

    counts = {}
    for _, outcome, _ in results:
        counts[outcome] = counts.get(outcome, 0) + 1
    killed, survived = counts.get("killed", 0), counts.get("survived", 0)
    print()
    for m, outcome, _ in results:
        if outcome in ("survived", "no-compile"):
            print("%-10s %-40s %s" % (outcome, m.name, m.why))
    score = 100.0 * killed / (killed + survived) if killed + survived else 0.0
    print("\n%d mutants: %d killed, %d survived, %d no-compile, %d equivalent" %
          (len(results), killed, survived, counts.get("no-compile", 0),
           counts.get("equivalent", 0)))
    print("score: %.1f%% (%d of %d that change behaviour)" % (score, killed, killed + survived))
    if a.markdown:
        with open(a.markdown, "w") as f:
            f.write("| mutant | file | result | first failing test | what it breaks |\n")
            f.write("|---|---|---|---|---|\n")
            for m, outcome, tests in results:
                f.write("| `%s` | `%s` | %s | %s | %s |\n" % (
                    m.name, m.file, outcome, ", ".join(tests[:2]),
                    m.why + (" (%s)" % m.equivalent if m.equivalent else "")))
            f.write("\nscore: %.1f%% (%d of %d)\n" % (score, killed, killed + survived))
    if a.keep or a.scratch:
        print("scratch tree kept: %s" % scratch)
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
