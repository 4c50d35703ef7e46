/*
 * model_json.c - a model profile as JSON text and back, and its target as
 * seccompc command-line options and back (see model.h).
 *
 * The reader uses yajl's tree API on its own: it shares nothing with
 * compiler/json.c or parse.c, so a replayed case reaches the oracle without
 * going through the code under test. It knows the vocabulary the writer
 * uses and says what it does not understand.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_tree.h>

#include "action.h"
#include "model.h"

/* ---- writing ----------------------------------------------------------- */

static void string_list(struct buf *b, const char *const *list, size_t n)
{
	buf_puts(b, "[");
	for (size_t i = 0; i < n; i++) {
		buf_puts(b, i ? ", " : "");
		buf_json_string(b, list[i]);
	}
	buf_puts(b, "]");
}

static void write_verdict(struct buf *b, const struct model_verdict *v, bool is_default)
{
	buf_printf(b, "\"%s\": \"%s\"", is_default ? "defaultAction" : "action",
		   model_action_name(v->action));
	if (v->has_errno_ret)
		buf_printf(b, ", \"%s\": %" PRIu32, is_default ? "defaultErrnoRet" : "errnoRet",
			   v->errno_ret);
	if (v->errno_name) {
		buf_printf(b, ", \"%s\": ", is_default ? "defaultErrno" : "errno");
		buf_json_string(b, v->errno_name);
	}
}

static void write_filter(struct buf *b, const char *key, const struct model_filter *f)
{
	buf_printf(b, ", \"%s\": {", key);
	const char *sep = "";
	if (f->arches) {
		buf_puts(b, "\"arches\": ");
		string_list(b, f->arches, f->narches);
		sep = ", ";
	}
	if (f->caps) {
		buf_printf(b, "%s\"caps\": ", sep);
		string_list(b, f->caps, f->ncaps);
		sep = ", ";
	}
	if (f->min_kernel) {
		buf_printf(b, "%s\"minKernel\": ", sep);
		buf_json_string(b, f->min_kernel);
	}
	buf_puts(b, "}");
}

static void write_rule(struct buf *b, const struct model_rule *r)
{
	if (r->old_name && r->nnames == 1) {
		buf_puts(b, "{\"name\": ");
		buf_json_string(b, r->names[0]);
		buf_puts(b, ", ");
	} else {
		buf_puts(b, "{\"names\": ");
		string_list(b, r->names, r->nnames);
		buf_puts(b, ", ");
	}
	write_verdict(b, &r->verdict, false);
	if (r->has_args || r->nconds) {
		buf_puts(b, ", \"args\": [");
		for (size_t i = 0; i < r->nconds; i++) {
			const struct model_cond *c = &r->conds[i];
			buf_printf(b, "%s{\"index\": %u, \"value\": %" PRIu64, i ? ", " : "", c->index,
				   c->value);
			if (c->has_value_two)
				buf_printf(b, ", \"valueTwo\": %" PRIu64, c->value_two);
			buf_printf(b, ", \"op\": \"%s\"}", model_op_name(c->op));
		}
		buf_puts(b, "]");
	}
	if (r->has_includes)
		write_filter(b, "includes", &r->includes);
	if (r->has_excludes)
		write_filter(b, "excludes", &r->excludes);
	buf_puts(b, "}");
}

void model_write_json(const struct model_profile *p, struct buf *out)
{
	buf_puts(out, "{");
	write_verdict(out, &p->default_verdict, true);
	if (p->has_architectures) {
		buf_puts(out, ",\n \"architectures\": ");
		string_list(out, p->architectures, p->narchitectures);
	}
	if (p->has_arch_map) {
		buf_puts(out, ",\n \"archMap\": [");
		for (size_t i = 0; i < p->narch_map; i++) {
			const struct model_arch_map *m = &p->arch_map[i];
			buf_puts(out, i ? ", {\"architecture\": " : "{\"architecture\": ");
			buf_json_string(out, m->arch);
			buf_puts(out, ", \"subArchitectures\": ");
			if (m->subs_null)
				buf_puts(out, "null");
			else
				string_list(out, m->subs, m->nsubs);
			buf_puts(out, "}");
		}
		buf_puts(out, "]");
	}
	buf_puts(out, ",\n \"syscalls\": [");
	for (size_t i = 0; i < p->nrules; i++) {
		buf_puts(out, i ? ",\n  " : "\n  ");
		write_rule(out, &p->rules[i]);
	}
	buf_puts(out, "\n]}\n");
}

/* A SECCOMP_RET value as --bad-arch spells it. */
static void bad_arch_text(uint32_t ret, char *buf, size_t size)
{
	uint32_t data = ret & RET_DATA;
	switch (ret & RET_ACTION_FULL) {
	case RET_KILL_PROCESS: snprintf(buf, size, "KILL_PROCESS"); break;
	case RET_KILL_THREAD: snprintf(buf, size, "KILL_THREAD"); break;
	case RET_TRAP: snprintf(buf, size, "TRAP"); break;
	case RET_ERRNO: snprintf(buf, size, "ERRNO(%" PRIu32 ")", data); break;
	case RET_TRACE: snprintf(buf, size, "TRACE(%" PRIu32 ")", data); break;
	case RET_LOG: snprintf(buf, size, "LOG"); break;
	case RET_ALLOW: snprintf(buf, size, "ALLOW"); break;
	default: snprintf(buf, size, "0x%08" PRIx32, ret); break;
	}
}

void model_write_args(const struct model_target *t, struct buf *out)
{
	buf_printf(out, "--target %s --kernel %u.%u", arch_get(t->native)->name, t->kernel_major,
		   t->kernel_minor);
	if (t->caps_given) {
		bool docker = t->ncaps >= model_docker_ncaps;
		for (size_t i = 0; docker && i < model_docker_ncaps; i++)
			docker = strcmp(t->caps[i], model_docker_caps[i]) == 0;
		buf_puts(out, docker ? " --caps docker" : " --caps none");
		for (size_t i = docker ? model_docker_ncaps : 0; i < t->ncaps; i++)
			buf_printf(out, " --cap %s", t->caps[i]);
	}
	if (t->has_bad_arch) {
		char text[32];
		bad_arch_text(t->bad_arch, text, sizeof text);
		buf_printf(out, " --bad-arch %s", text);
	}
	if (t->enosys_newer)
		buf_puts(out, " --enosys-newer");
	if (t->register_width)
		buf_puts(out, " --arg-width register");
	buf_puts(out, "\n");
}

/* ---- reading ----------------------------------------------------------- */

struct reader {
	struct arena *arena;
	char *err;
	size_t errsize;
	bool failed;
};

static void fail(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct reader *r, const char *fmt, ...)
{
	if (r->failed)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err, r->errsize, fmt, ap);
	va_end(ap);
	r->failed = true;
}

static yajl_val member(yajl_val obj, const char *key)
{
	if (!YAJL_IS_OBJECT(obj))
		return NULL;
	for (size_t i = 0; i < obj->u.object.len; i++)
		if (strcmp(obj->u.object.keys[i], key) == 0)
			return obj->u.object.values[i];
	return NULL;
}

static const char *string_of(struct reader *r, yajl_val v, const char *what)
{
	if (!YAJL_IS_STRING(v)) {
		fail(r, "%s: expected a string", what);
		return "";
	}
	return arena_strdup(r->arena, v->u.string);
}

static uint64_t number_of(struct reader *r, yajl_val v, const char *what)
{
	if (!YAJL_IS_NUMBER(v) || !v->u.number.r || v->u.number.r[0] == '-') {
		fail(r, "%s: expected an unsigned integer", what);
		return 0;
	}
	char *end;
	uint64_t n = strtoull(v->u.number.r, &end, 10);
	if (*end)
		fail(r, "%s: expected an unsigned integer, found %s", what, v->u.number.r);
	return n;
}

/* An array of strings; a missing or null value gives none. */
static const char **strings_of(struct reader *r, yajl_val v, size_t *n, const char *what)
{
	*n = 0;
	if (!v || YAJL_IS_NULL(v))
		return NULL;
	if (!YAJL_IS_ARRAY(v)) {
		fail(r, "%s: expected an array of strings", what);
		return NULL;
	}
	const char **list = arena_calloc(r->arena, v->u.array.len + 1, sizeof *list);
	for (size_t i = 0; i < v->u.array.len; i++)
		list[i] = string_of(r, v->u.array.values[i], what);
	*n = v->u.array.len;
	return list;
}

static void read_verdict(struct reader *r, yajl_val obj, bool is_default, struct model_verdict *v)
{
	const char *key = is_default ? "defaultAction" : "action";
	const char *name = string_of(r, member(obj, key), key);
	memset(v, 0, sizeof *v);
	v->action = MA_COUNT;
	for (int a = 0; a < MA_COUNT; a++)
		if (strcmp(name, model_action_name((enum model_action)a)) == 0)
			v->action = (enum model_action)a;
	if (v->action == MA_COUNT)
		fail(r, "%s: unknown action \"%s\"", key, name);
	yajl_val ret = member(obj, is_default ? "defaultErrnoRet" : "errnoRet");
	if (ret && !YAJL_IS_NULL(ret)) {
		v->has_errno_ret = true;
		v->errno_ret = (uint32_t)number_of(r, ret, "errnoRet");
	}
	yajl_val en = member(obj, is_default ? "defaultErrno" : "errno");
	if (en && !YAJL_IS_NULL(en))
		v->errno_name = string_of(r, en, "errno");
}

static void read_filter(struct reader *r, yajl_val v, struct model_filter *f, bool *has)
{
	memset(f, 0, sizeof *f);
	*has = v && !YAJL_IS_NULL(v);
	if (!*has)
		return;
	f->arches = strings_of(r, member(v, "arches"), &f->narches, "arches");
	f->caps = strings_of(r, member(v, "caps"), &f->ncaps, "caps");
	yajl_val k = member(v, "minKernel");
	if (k && !YAJL_IS_NULL(k))
		f->min_kernel = string_of(r, k, "minKernel");
}

static void read_cond(struct reader *r, yajl_val v, struct model_cond *c)
{
	memset(c, 0, sizeof *c);
	c->index = (unsigned)number_of(r, member(v, "index"), "index");
	c->value = number_of(r, member(v, "value"), "value");
	yajl_val two = member(v, "valueTwo");
	if (two && !YAJL_IS_NULL(two)) {
		c->has_value_two = true;
		c->value_two = number_of(r, two, "valueTwo");
	}
	const char *op = string_of(r, member(v, "op"), "op");
	c->op = MO_COUNT;
	for (int o = 0; o < MO_COUNT; o++)
		if (strcmp(op, model_op_name((enum model_op)o)) == 0)
			c->op = (enum model_op)o;
	if (c->op == MO_COUNT || c->index > 5)
		fail(r, "args: unknown operator \"%s\" or index %u", op, c->index);
}

static void read_rule(struct reader *r, yajl_val v, struct model_rule *rule)
{
	memset(rule, 0, sizeof *rule);
	yajl_val name = member(v, "name");
	if (name && !YAJL_IS_NULL(name)) {
		rule->old_name = true;
		rule->nnames = 1;
		rule->names = arena_calloc(r->arena, 1, sizeof *rule->names);
		rule->names[0] = string_of(r, name, "name");
	} else {
		rule->names = strings_of(r, member(v, "names"), &rule->nnames, "names");
	}
	read_verdict(r, v, false, &rule->verdict);
	yajl_val args = member(v, "args");
	rule->has_args = args && !YAJL_IS_NULL(args);
	if (rule->has_args && !YAJL_IS_ARRAY(args))
		fail(r, "args: expected an array");
	if (rule->has_args && YAJL_IS_ARRAY(args)) {
		rule->nconds = args->u.array.len;
		rule->conds = arena_calloc(r->arena, rule->nconds + 1, sizeof *rule->conds);
		for (size_t i = 0; i < rule->nconds; i++)
			read_cond(r, args->u.array.values[i], &rule->conds[i]);
	}
	read_filter(r, member(v, "includes"), &rule->includes, &rule->has_includes);
	read_filter(r, member(v, "excludes"), &rule->excludes, &rule->has_excludes);
}

static void read_arch_map(struct reader *r, yajl_val v, struct model_profile *p)
{
	p->has_arch_map = v && !YAJL_IS_NULL(v);
	if (!p->has_arch_map)
		return;
	if (!YAJL_IS_ARRAY(v)) {
		fail(r, "archMap: expected an array");
		return;
	}
	p->narch_map = v->u.array.len;
	p->arch_map = arena_calloc(r->arena, p->narch_map + 1, sizeof *p->arch_map);
	for (size_t i = 0; i < p->narch_map; i++) {
		yajl_val e = v->u.array.values[i];
		struct model_arch_map *m = &p->arch_map[i];
		m->arch = string_of(r, member(e, "architecture"), "architecture");
		yajl_val subs = member(e, "subArchitectures");
		m->subs_null = !subs || YAJL_IS_NULL(subs);
		m->subs = strings_of(r, subs, &m->nsubs, "subArchitectures");
	}
}

bool model_read_json(const char *text, size_t len, struct arena *arena,
		     struct model_profile *out, char *err, size_t errsize)
{
	struct reader r = { arena, err, errsize, false };
	memset(out, 0, sizeof *out);
	char *copy = arena_strndup(arena, text, len);
	char yerr[256] = "";
	yajl_val root = yajl_tree_parse(copy, yerr, sizeof yerr);
	if (!root) {
		fail(&r, "invalid JSON: %s", yerr);
		return false;
	}
	if (!YAJL_IS_OBJECT(root))
		fail(&r, "expected a JSON object");
	read_verdict(&r, root, true, &out->default_verdict);
	yajl_val archs = member(root, "architectures");
	out->has_architectures = archs && !YAJL_IS_NULL(archs);
	out->architectures = strings_of(&r, archs, &out->narchitectures, "architectures");
	read_arch_map(&r, member(root, "archMap"), out);
	yajl_val rules = member(root, "syscalls");
	if (rules && YAJL_IS_ARRAY(rules)) {
		out->nrules = rules->u.array.len;
		out->rules = arena_calloc(arena, out->nrules + 1, sizeof *out->rules);
		for (size_t i = 0; i < out->nrules; i++)
			read_rule(&r, rules->u.array.values[i], &out->rules[i]);
	} else if (rules && !YAJL_IS_NULL(rules)) {
		fail(&r, "syscalls: expected an array");
	}
	yajl_tree_free(root);
	return !r.failed;
}

/* "KILL_PROCESS", "ERRNO(38)", "'ERRNO(38)'" ... as --bad-arch takes them here. */
static bool parse_bad_arch(const char *s, uint32_t *out)
{
	static const struct { const char *name; uint32_t ret; } kinds[] = {
		{ "KILL_PROCESS", RET_KILL_PROCESS }, { "KILL_THREAD", RET_KILL_THREAD },
		{ "KILL", RET_KILL_THREAD }, { "TRAP", RET_TRAP }, { "ERRNO", RET_ERRNO },
		{ "TRACE", RET_TRACE }, { "LOG", RET_LOG }, { "ALLOW", RET_ALLOW },
	};
	char text[32];
	size_t n = strlen(s);
	if (n >= sizeof text)
		return false;
	if (n >= 2 && s[0] == '\'' && s[n - 1] == '\'') {
		s++;
		n -= 2;
	}
	memcpy(text, s, n);
	text[n] = '\0';
	char *paren = strchr(text, '(');
	unsigned long data = 0;
	if (paren) {
		char *end;
		*paren = '\0';
		data = strtoul(paren + 1, &end, 0);
		if (strcmp(end, ")") != 0 || data > RET_DATA)
			return false;
	}
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(text, kinds[i].name) == 0) {
			if (kinds[i].ret == RET_ERRNO && !paren)
				data = 1;
			*out = kinds[i].ret | (uint32_t)data;
			return true;
		}
	return false;
}

bool model_read_args(const char *text, struct arena *arena, struct model_target *out,
		     char *err, size_t errsize)
{
	memset(out, 0, sizeof *out);
	out->native = ARCH_X86_64;
	out->kernel_major = 6;
	out->kernel_minor = 1;
	char *copy = arena_strdup(arena, text);
	const char *word[64];
	size_t n = 0;
	for (char *tok = strtok(copy, " \t\n"); tok && n < 64; tok = strtok(NULL, " \t\n"))
		word[n++] = tok;
	out->caps = arena_calloc(arena, n + model_docker_ncaps + 1, sizeof *out->caps);
	for (size_t i = 0; i < n; i++) {
		const char *w = word[i], *v = i + 1 < n ? word[i + 1] : NULL;
		const struct arch_info *a;
		unsigned major, minor;
		if (strcmp(w, "--enosys-newer") == 0)
			out->enosys_newer = true;
		else if (strcmp(w, "--arg-width") == 0 && v && strcmp(v, "register") == 0)
			out->register_width = true, i++;
		else if (strcmp(w, "--arg-width") == 0 && v && strcmp(v, "kernel") == 0)
			out->register_width = false, i++;
		else if (strcmp(w, "--target") == 0 && v && (a = arch_by_name(v)) && a->native == a->id)
			out->native = a->id, i++;
		else if (strcmp(w, "--kernel") == 0 && v && sscanf(v, "%u.%u", &major, &minor) == 2)
			out->kernel_major = major, out->kernel_minor = minor, i++;
		else if (strcmp(w, "--caps") == 0 && v && strcmp(v, "none") == 0)
			out->caps_given = true, out->ncaps = 0, i++;
		else if (strcmp(w, "--caps") == 0 && v && strcmp(v, "docker") == 0) {
			out->caps_given = true;
			memcpy(out->caps, model_docker_caps, model_docker_ncaps * sizeof *out->caps);
			out->ncaps = model_docker_ncaps;
			i++;
		} else if (strcmp(w, "--cap") == 0 && v)
			out->caps_given = true, out->caps[out->ncaps++] = v, i++;
		else if (strcmp(w, "--bad-arch") == 0 && v && parse_bad_arch(v, &out->bad_arch))
			out->has_bad_arch = true, i++;
		else {
			snprintf(err, errsize, "option '%s'%s%s: not one the fuzzer writes", w,
				 v ? " " : "", v ? v : "");
			return false;
		}
	}
	return true;
}
