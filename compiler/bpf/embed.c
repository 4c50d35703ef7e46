/*
 * embed.c - what the source writers (c_output.c, go_output.c,
 * rust_output.c) share: how C, Rust and Go tell the ABIs apart, and the
 * text of their header comments.
 */
#include "embed.h"

/*
 * Per arch, the test each language's compiler can make for "this program is
 * built for that ABI". C: GCC's and Clang's predefined macros (x32 is x86_64
 * with __ILP32__; mips ABIs by _MIPS_SIM, whose values _ABIO32, _ABIN32 and
 * _ABI64 both compilers predefine; byte order by __MIPSEB__/__MIPSEL__ and
 * __BYTE_ORDER__). Rust: target_arch with target_pointer_width and
 * target_endian where one arch name covers several ABIs. Go: GOARCH, which
 * exists for neither x32, s390, ppc nor the mips n32 ABIs.
 */
static const struct embed_abi abis[ARCH_COUNT] = {
	[ARCH_X86_64] = { "defined(__x86_64__) && !defined(__ILP32__)",
			  "all(target_arch = \"x86_64\", target_pointer_width = \"64\")", "amd64" },
	[ARCH_X86] = { "defined(__i386__)", "target_arch = \"x86\"", "386" },
	[ARCH_X32] = { "defined(__x86_64__) && defined(__ILP32__)",
		       "all(target_arch = \"x86_64\", target_pointer_width = \"32\")", NULL },
	[ARCH_AARCH64] = { "defined(__aarch64__) && !defined(__ILP32__)",
			   "all(target_arch = \"aarch64\", target_pointer_width = \"64\")", "arm64" },
	[ARCH_ARM] = { "defined(__arm__)", "target_arch = \"arm\"", "arm" },
	[ARCH_RISCV64] = { "defined(__riscv) && __riscv_xlen == 64",
			   "target_arch = \"riscv64\"", "riscv64" },
	[ARCH_S390X] = { "defined(__s390x__)", "target_arch = \"s390x\"", "s390x" },
	[ARCH_S390] = { "defined(__s390__) && !defined(__s390x__)", NULL, NULL },
	[ARCH_PPC64LE] = { "defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__",
			   "all(target_arch = \"powerpc64\", target_endian = \"little\")", "ppc64le" },
	[ARCH_PPC64] = { "defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__",
			 "all(target_arch = \"powerpc64\", target_endian = \"big\")", "ppc64" },
	[ARCH_PPC] = { "defined(__powerpc__) && !defined(__powerpc64__)",
		       "target_arch = \"powerpc\"", NULL },
	[ARCH_MIPS64] = { "defined(__mips__) && defined(_ABI64) && _MIPS_SIM == _ABI64 && "
			  "defined(__MIPSEB__)",
			  "all(any(target_arch = \"mips64\", target_arch = \"mips64r6\"), "
			  "target_pointer_width = \"64\", target_endian = \"big\")", "mips64" },
	[ARCH_MIPS64N32] = { "defined(__mips__) && defined(_ABIN32) && _MIPS_SIM == _ABIN32 && "
			     "defined(__MIPSEB__)",
			     "all(any(target_arch = \"mips64\", target_arch = \"mips64r6\"), "
			     "target_pointer_width = \"32\", target_endian = \"big\")", NULL },
	[ARCH_MIPS] = { "defined(__mips__) && defined(_ABIO32) && _MIPS_SIM == _ABIO32 && "
			"defined(__MIPSEB__)",
			"all(any(target_arch = \"mips\", target_arch = \"mips32r6\"), "
			"target_endian = \"big\")", "mips" },
	[ARCH_MIPSEL64] = { "defined(__mips__) && defined(_ABI64) && _MIPS_SIM == _ABI64 && "
			    "defined(__MIPSEL__)",
			    "all(any(target_arch = \"mips64\", target_arch = \"mips64r6\"), "
			    "target_pointer_width = \"64\", target_endian = \"little\")", "mips64le" },
	[ARCH_MIPSEL64N32] = { "defined(__mips__) && defined(_ABIN32) && _MIPS_SIM == _ABIN32 && "
			       "defined(__MIPSEL__)",
			       "all(any(target_arch = \"mips64\", target_arch = \"mips64r6\"), "
			       "target_pointer_width = \"32\", target_endian = \"little\")", NULL },
	[ARCH_MIPSEL] = { "defined(__mips__) && defined(_ABIO32) && _MIPS_SIM == _ABIO32 && "
			  "defined(__MIPSEL__)",
			  "all(any(target_arch = \"mips\", target_arch = \"mips32r6\"), "
			  "target_endian = \"little\")", "mipsle" },
	[ARCH_LOONGARCH64] = { "defined(__loongarch64)", "target_arch = \"loongarch64\"", "loong64" },
};

const struct embed_abi *embed_abi(enum arch_id id)
{
	return &abis[id];
}

void embed_comment_text(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (s[0] == '*' && s[1] == '/') {
			buf_puts(out, "*_");
			s++;
		} else if ((unsigned char)*s < 0x20 || *s == 0x7f) {
			buf_puts(out, " ");
		} else {
			buf_append(out, s, 1);
		}
	}
}

void embed_arches_text(const struct embed_filter *f, struct buf *out)
{
	for (size_t a = 0; a < f->narches; a++)
		buf_printf(out, "%s%s", a ? ", " : "", f->arches[a]->name);
}

void embed_targets_text(const struct embed_source *s, struct buf *out)
{
	for (size_t i = 0; i < s->nfilters; i++) {
		buf_printf(out, "%s%s (", i ? ", " : "", s->filters[i].target->name);
		embed_arches_text(&s->filters[i], out);
		buf_puts(out, ")");
	}
}

void embed_expand(struct buf *out, const char *template, const char *name)
{
	for (const char *p = template; *p; p++) {
		if (*p == '@')
			buf_puts(out, name);
		else
			buf_append(out, p, 1);
	}
}
