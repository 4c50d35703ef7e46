/*
 * listing_read.c - reads a listing back into a program: the output of
 * bpf_write_listing, or one written or edited by hand.
 *
 * Syntax, one instruction a line; everything after ';' is a comment:
 *     [LABEL:]... INSTRUCTION [OPERAND[, OPERAND]...]
 * LABEL is a name ([A-Za-z_.][A-Za-z0-9_.]*) or a number (the index column of
 * a written listing); a label may also stand alone on its line. Jump targets
 * are labels or numbers: a number names the line carrying that number as its
 * label when there is one (so inserting lines into a written listing keeps its
 * jumps right), else the absolute instruction index. Instructions are those of
 * insn_text.c (bpf_asm syntax), plus:
 *     jeq #K, T          false target omitted: the next instruction
 *     ret ALLOW          action names as action_describe() writes them:
 *                        ALLOW, LOG, NOTIFY, KILL_PROCESS, KILL_THREAD, KILL,
 *                        TRAP, TRAP(n), ERRNO(n), TRACE(n)
 *     ld [nr], ld [arch] the two endian-independent fields by name
 *     .insn CODE, JT, JF, K   raw fields (JT/JF relative offsets)
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../action.h"
#include "insn_text.h"

struct label {
	const char *name;   /* identifier, or the decimal value of a number label */
	size_t index;       /* the instruction it labels */
	int line;
};

enum fixup_field { FIX_JT, FIX_JF, FIX_JA };

struct fixup {
	size_t pc;
	enum fixup_field field;
	const char *target;
	struct src_loc loc;
};

struct reader {
	struct arena *arena;
	struct diag *diag;
	struct sock_filter *insns;
	size_t len, cap;
	struct label *labels;
	size_t nlabels, labcap;
	struct fixup *fixups;
	size_t nfixups, fixcap;
	struct src_loc loc;          /* of the operand being read */
	bool failed;
};

static void err(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void err(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	diag_verror(r->diag, &r->loc, NULL, fmt, ap);
	va_end(ap);
	r->failed = true;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Removes every blank so "[x + 4]" and "[x+4]" read alike. */
static void squeeze(char *s)
{
	char *d = s;
	for (; *s; s++)
		if (!isspace((unsigned char)*s))
			*d++ = *s;
	*d = '\0';
}

/* A 32-bit number: decimal, 0x hex, or negative (two's complement). */
static bool parse_u32(const char *s, uint32_t *out)
{
	char *end;
	bool neg = *s == '-';
	if (!*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	unsigned long long v = strtoull(neg ? s + 1 : s, &end, 0);
	if (errno || *end || end == s + neg || (neg ? v > 0x80000000ull : v > 0xffffffffull))
		return false;
	*out = neg ? (uint32_t)(0u - (uint32_t)v) : (uint32_t)v;
	return true;
}

static bool is_ident(const char *s, size_t n)
{
	if (n == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_' || s[0] == '.'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!(isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '.'))
			return false;
	return true;
}

static bool is_number(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

static void add_label(struct reader *r, const char *s, size_t n)
{
	char *name = arena_strndup(r->arena, s, n);
	if (is_number(s, n)) {
		uint32_t v = 0;
		if (!parse_u32(name, &v)) {
			err(r, "label %s is too large", name);
			return;
		}
		name = arena_printf(r->arena, "%u", v);
	}
	for (size_t i = 0; i < r->nlabels; i++)
		if (strcmp(r->labels[i].name, name) == 0) {
			err(r, "label %s is defined twice (first on line %d)", name, r->labels[i].line);
			return;
		}
	VEC_RESERVE(r->labels, r->labcap, r->nlabels + 1);
	r->labels[r->nlabels++] = (struct label){ name, r->len, r->loc.line };
}

static void emit(struct reader *r, uint16_t code, uint8_t jt, uint8_t jf, uint32_t k)
{
	VEC_RESERVE(r->insns, r->cap, r->len + 1);
	r->insns[r->len++] = (struct sock_filter){ code, jt, jf, k };
}

static void add_fixup(struct reader *r, enum fixup_field field, const char *target)
{
	VEC_RESERVE(r->fixups, r->fixcap, r->nfixups + 1);
	r->fixups[r->nfixups++] = (struct fixup){ r->len, field, arena_strdup(r->arena, target),
						   r->loc };
}

/* "#K" into k. */
static bool immediate(struct reader *r, const char *op, uint32_t *k)
{
	if (op[0] != '#' || !parse_u32(op + 1, k)) {
		err(r, "expected a constant like #42 or #0x7fff0000, found '%s'", op);
		return false;
	}
	return true;
}

/* "[N]", "[nr]", "[arch]" into k. */
static bool absolute(const char *op, uint32_t *k)
{
	size_t n = strlen(op);
	if (n < 3 || op[0] != '[' || op[n - 1] != ']')
		return false;
	char inner[32];
	if (n - 2 >= sizeof inner)
		return false;
	memcpy(inner, op + 1, n - 2);
	inner[n - 2] = '\0';
	if (strcmp(inner, "nr") == 0)
		return (*k = 0), true;
	if (strcmp(inner, "arch") == 0)
		return (*k = 4), true;
	return parse_u32(inner, k);
}

/* "M[N]" into k. */
static bool memory(const char *op, uint32_t *k)
{
	size_t n = strlen(op);
	if (n < 4 || (op[0] != 'M' && op[0] != 'm') || op[1] != '[' || op[n - 1] != ']')
		return false;
	char inner[16];
	if (n - 3 >= sizeof inner)
		return false;
	memcpy(inner, op + 2, n - 3);
	inner[n - 3] = '\0';
	return parse_u32(inner, k);
}

/* An action name as action_describe() spells it: ALLOW, ERRNO(1), ... */
static bool action_name(const char *s, uint32_t *k)
{
	static const struct { const char *name; uint32_t ret; bool data; } names[] = {
		{ "ALLOW", RET_ALLOW, false }, { "LOG", RET_LOG, false },
		{ "NOTIFY", RET_USER_NOTIF, false }, { "USER_NOTIF", RET_USER_NOTIF, false },
		{ "KILL_PROCESS", RET_KILL_PROCESS, false }, { "KILL_THREAD", RET_KILL_THREAD, false },
		{ "KILL", RET_KILL_THREAD, false }, { "TRAP", RET_TRAP, true },
		{ "ERRNO", RET_ERRNO, true }, { "TRACE", RET_TRACE, true },
	};
	const char *paren = strchr(s, '(');
	size_t n = paren ? (size_t)(paren - s) : strlen(s);
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strlen(names[i].name) != n || strncasecmp(s, names[i].name, n) != 0)
			continue;
		uint32_t data = 0;
		if (paren) {
			size_t m = strlen(paren);
			char inner[16];
			if (!names[i].data || paren[m - 1] != ')' || m - 2 >= sizeof inner)
				return false;
			memcpy(inner, paren + 1, m - 2);
			inner[m - 2] = '\0';
			if (!parse_u32(inner, &data) || data > RET_DATA)
				return false;
		}
		*k = names[i].ret | data;
		return true;
	}
	return false;
}

static const struct { const char *name; uint16_t op; } alu_ops[] = {
	{ "add", BPF_ADD }, { "sub", BPF_SUB }, { "mul", BPF_MUL }, { "div", BPF_DIV },
	{ "or", BPF_OR }, { "and", BPF_AND }, { "lsh", BPF_LSH }, { "rsh", BPF_RSH },
	{ "mod", BPF_MOD }, { "xor", BPF_XOR },
};

static const struct { const char *name; uint16_t op; } jmp_ops[] = {
	{ "jeq", BPF_JEQ }, { "jgt", BPF_JGT }, { "jge", BPF_JGE }, { "jset", BPF_JSET },
};

/* True when s is prefix NUMBER suffix (prefix compared without case). */
static bool wrapped(const char *s, const char *prefix, const char *suffix, uint32_t *k)
{
	size_t n = strlen(s), p = strlen(prefix), q = strlen(suffix);
	char inner[24];
	if (n <= p + q || n - p - q >= sizeof inner || strncasecmp(s, prefix, p) != 0 ||
	    strcmp(s + n - q, suffix) != 0)
		return false;
	memcpy(inner, s + p, n - p - q);
	inner[n - p - q] = '\0';
	return parse_u32(inner, k);
}

static bool nops(struct reader *r, const char *mn, int n, int lo, int hi)
{
	if (n >= lo && n <= hi)
		return true;
	if (lo == hi)
		err(r, "%s takes %d operand%s, found %d", mn, lo, lo == 1 ? "" : "s", n);
	else
		err(r, "%s takes %d to %d operands, found %d", mn, lo, hi, n);
	return false;
}

static void parse_load(struct reader *r, const char *mn, char **op, int n)
{
	uint32_t k;
	bool x = strcmp(mn, "ldx") == 0;
	uint16_t cls = x ? BPF_LDX : BPF_LD;
	uint16_t size = strcmp(mn, "ldh") == 0 ? BPF_H : strcmp(mn, "ldb") == 0 ? BPF_B : BPF_W;
	if (!nops(r, mn, n, 1, 1))
		return;
	squeeze(op[0]);
	if (strcasecmp(op[0], "#len") == 0 && size == BPF_W)
		emit(r, cls | BPF_W | BPF_LEN, 0, 0, 0);
	else if (op[0][0] == '#' && size == BPF_W) {
		if (immediate(r, op[0], &k))
			emit(r, cls | BPF_IMM, 0, 0, k);
	} else if (memory(op[0], &k) && size == BPF_W)
		emit(r, cls | BPF_MEM, 0, 0, k);
	else if (!x && wrapped(op[0], "[x+", "]", &k))
		emit(r, BPF_LD | size | BPF_IND, 0, 0, k);
	else if (!x && absolute(op[0], &k))
		emit(r, BPF_LD | size | BPF_ABS, 0, 0, k);
	else if (x && wrapped(op[0], "4*([", "]&0xf)", &k))
		emit(r, BPF_LDX | BPF_B | BPF_MSH, 0, 0, k);
	else
		err(r, "%s cannot load '%s'", mn, op[0]);
}

static void parse_jump(struct reader *r, const char *mn, uint16_t jop, char **op, int n)
{
	uint32_t k = 0;
	uint16_t src = BPF_K;
	if (!nops(r, mn, n, 2, 3))
		return;
	if (strcasecmp(op[0], "x") == 0)
		src = BPF_X;
	else if (!immediate(r, op[0], &k))
		return;
	add_fixup(r, FIX_JT, op[1]);
	if (n == 3)
		add_fixup(r, FIX_JF, op[2]);
	emit(r, BPF_JMP | jop | src, 0, 0, k);
}

static void parse_ret(struct reader *r, char **op, int n)
{
	uint32_t k;
	if (!nops(r, "ret", n, 1, 1))
		return;
	squeeze(op[0]);
	if (strcasecmp(op[0], "a") == 0)
		emit(r, BPF_RET | BPF_A, 0, 0, 0);
	else if (op[0][0] == '#') {
		if (immediate(r, op[0], &k))
			emit(r, BPF_RET | BPF_K, 0, 0, k);
	} else if (action_name(op[0], &k))
		emit(r, BPF_RET | BPF_K, 0, 0, k);
	else
		err(r, "ret takes #K, a, or an action like ALLOW or ERRNO(1); found '%s'", op[0]);
}

static void parse_raw(struct reader *r, char **op, int n)
{
	uint32_t v[4];
	if (!nops(r, ".insn", n, 4, 4))
		return;
	for (int i = 0; i < 4; i++)
		if (!parse_u32(op[i], &v[i]) || (i == 0 && v[i] > 0xffff) || ((i == 1 || i == 2) && v[i] > 255)) {
			err(r, ".insn takes CODE (16 bits), JT, JF (0-255), K (32 bits); found '%s'", op[i]);
			return;
		}
	emit(r, (uint16_t)v[0], (uint8_t)v[1], (uint8_t)v[2], v[3]);
}

/* One instruction: mnemonic `mn` with n operands. */
static void parse_insn(struct reader *r, const char *mn, char **op, int n)
{
	uint32_t k;
	if (!strcmp(mn, "ld") || !strcmp(mn, "ldh") || !strcmp(mn, "ldb") || !strcmp(mn, "ldx"))
		{
			parse_load(r, mn, op, n);
			return;
		}
	if (!strcmp(mn, "st") || !strcmp(mn, "stx")) {
		if (!nops(r, mn, n, 1, 1))
			return;
		squeeze(op[0]);
		if (memory(op[0], &k))
			emit(r, mn[2] ? BPF_STX : BPF_ST, 0, 0, k);
		else
			err(r, "%s takes M[N], found '%s'", mn, op[0]);
		return;
	}
	for (size_t i = 0; i < sizeof alu_ops / sizeof alu_ops[0]; i++) {
		if (strcmp(mn, alu_ops[i].name))
			continue;
		if (!nops(r, mn, n, 1, 1))
			return;
		if (strcasecmp(op[0], "x") == 0)
			emit(r, BPF_ALU | alu_ops[i].op | BPF_X, 0, 0, 0);
		else if (immediate(r, op[0], &k))
			emit(r, BPF_ALU | alu_ops[i].op | BPF_K, 0, 0, k);
		return;
	}
	for (size_t i = 0; i < sizeof jmp_ops / sizeof jmp_ops[0]; i++)
		if (!strcmp(mn, jmp_ops[i].name))
			{
			parse_jump(r, mn, jmp_ops[i].op, op, n);
			return;
		}
	if (!strcmp(mn, "ja") || !strcmp(mn, "jmp")) {
		if (nops(r, mn, n, 1, 1)) {
			add_fixup(r, FIX_JA, op[0]);
			emit(r, BPF_JMP | BPF_JA, 0, 0, 0);
		}
		return;
	}
	if (!strcmp(mn, "neg") || !strcmp(mn, "tax") || !strcmp(mn, "txa")) {
		if (nops(r, mn, n, 0, 0))
			emit(r, mn[0] == 'n' ? BPF_ALU | BPF_NEG :
				 BPF_MISC | (mn[1] == 'a' ? BPF_TAX : BPF_TXA), 0, 0, 0);
		return;
	}
	if (!strcmp(mn, "ret"))
		{
			parse_ret(r, op, n);
			return;
		}
	if (!strcmp(mn, ".insn"))
		{
			parse_raw(r, op, n);
			return;
		}
	err(r, "unknown instruction '%s'", mn);
}

/* Splits the operands of `rest` at commas into op[] (at most 8). */
static int split_operands(char *rest, char **op)
{
	int n = 0;
	rest = trim(rest);
	if (!*rest)
		return 0;
	for (char *p = rest; n < 8;) {
		char *comma = strchr(p, ',');
		if (comma)
			*comma = '\0';
		op[n++] = trim(p);
		if (!comma)
			break;
		p = comma + 1;
	}
	return n;
}

static void parse_line(struct reader *r, char *line)
{
	char *semi = strchr(line, ';');
	if (semi)
		*semi = '\0';
	char *p = line;
	for (;;) {                       /* labels */
		while (isspace((unsigned char)*p))
			p++;
		char *start = p;
		while (isalnum((unsigned char)*p) || *p == '_' || *p == '.')
			p++;
		size_t n = (size_t)(p - start);
		char *after = p;
		while (isspace((unsigned char)*after))
			after++;
		if (n == 0 || *after != ':' || !(is_ident(start, n) || is_number(start, n))) {
			p = start;
			break;
		}
		r->loc.col = (int)(start - line) + 1;
		add_label(r, start, n);
		p = after + 1;
	}
	while (isspace((unsigned char)*p))
		p++;
	if (!*p)
		return;
	char *mn = p;
	while (*p && !isspace((unsigned char)*p))
		p++;
	if (*p)
		*p++ = '\0';
	for (char *c = mn; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	char *op[8];
	int n = split_operands(p, op);
	r->loc.col = (int)(mn - line) + 1;
	parse_insn(r, mn, op, n);
}

/* The instruction index a jump target names; false (reported) when none.
 * A number beyond 32 bits names no label but is still an index: a `ja`
 * reaches 2^32 instructions ahead, and a blob the kernel refuses may jump
 * there (its listing must read back). */
static bool target_index(struct reader *r, const struct fixup *fx, uint64_t *out)
{
	const char *t = fx->target;
	uint64_t v = 0;
	bool numeric = is_number(t, strlen(t));
	char canon[24];
	if (numeric) {
		errno = 0;
		v = strtoull(t, NULL, 10);
		if (errno) {
			err(r, "jump target %s is too large", t);
			return false;
		}
		snprintf(canon, sizeof canon, "%" PRIu64, v);
		t = canon;
	} else if (!is_ident(t, strlen(t))) {
		err(r, "expected a label or an instruction index as jump target, found '%s'", t);
		return false;
	}
	for (size_t i = 0; i < r->nlabels; i++)
		if (strcmp(r->labels[i].name, t) == 0) {
			*out = r->labels[i].index;
			return true;
		}
	if (numeric) {
		*out = v;
		return true;
	}
	err(r, "unknown label '%s'", t);
	return false;
}

static void resolve_fixups(struct reader *r)
{
	for (size_t i = 0; i < r->nfixups; i++) {
		const struct fixup *fx = &r->fixups[i];
		uint64_t dest;
		r->loc = fx->loc;
		if (!target_index(r, fx, &dest))
			continue;
		if (dest <= fx->pc) {
			err(r, "jump to instruction %" PRIu64 " goes backwards from instruction %zu; BPF "
			    "jumps only go forward", dest, fx->pc);
			continue;
		}
		uint64_t off = dest - fx->pc - 1;
		struct sock_filter *f = &r->insns[fx->pc];
		if (fx->field == FIX_JA) {
			if (off > 0xffffffffu)
				err(r, "jump to instruction %" PRIu64 " is %" PRIu64 " instructions ahead of "
				    "instruction %zu; ja reaches at most 4294967295 ahead", dest, off, fx->pc);
			f->k = (uint32_t)off;
		} else if (off > 255) {
			err(r, "jump to instruction %" PRIu64 " is %" PRIu64 " instructions ahead of "
			    "instruction %zu; a conditional jump reaches at most 255 ahead (jump to a "
			    "`ja` instead)", dest, off, fx->pc);
		} else if (fx->field == FIX_JT) {
			f->jt = (uint8_t)off;
		} else {
			f->jf = (uint8_t)off;
		}
	}
}

bool bpf_read_listing(const char *text, size_t len, const char *file, struct arena *arena,
		      struct bpf_prog *out, struct diag *diag)
{
	struct reader r;
	const char *saved_file = diag->file;
	memset(&r, 0, sizeof r);
	r.arena = arena;
	r.diag = diag;
	if (file)
		diag->file = file;
	out->insns = NULL;
	out->len = 0;

	size_t pos = 0;
	for (int line = 1; pos < len; line++) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos;
		char *copy = arena_strndup(arena, text + pos, n);
		r.loc = (struct src_loc){ line, 1 };
		parse_line(&r, copy);
		pos += n + 1;
	}
	if (!r.failed)
		resolve_fixups(&r);
	if (!r.failed && r.len == 0) {
		r.loc = (struct src_loc){ 0, 0 };
		err(&r, "the listing has no instructions");
	}
	if (!r.failed) {
		out->insns = arena_calloc(arena, r.len, sizeof *out->insns);
		memcpy(out->insns, r.insns, r.len * sizeof *out->insns);
		out->len = r.len;
	}
	free(r.insns);
	free(r.labels);
	free(r.fixups);
	diag->file = saved_file;
	return !r.failed;
}
