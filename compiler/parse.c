/*
 * parse.c - the parse stage: a positioned JSON tree becomes a struct profile.
 *
 * It owns what a profile may contain: every field Docker/moby, the OCI
 * runtime spec and podman write, their types and ranges, which combinations
 * are errors, and the words of every message. Unknown fields are warnings.
 * Target-dependent meaning (numbers, errno values) is resolve.c's.
 */
#include "profile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arch.h"
#include "buf.h"
#include "json.h"

struct parse_ctx {
	struct arena *arena;
	struct diag *diag;
};

static const char *const op_names[CMP_COUNT] = {
	"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ",
	"SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
};

static const char *const flag_names[] = {
	"SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
	"SECCOMP_FILTER_FLAG_NEW_LISTENER", "SECCOMP_FILTER_FLAG_TSYNC_ESRCH",
	"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
};

const char *cmp_op_name(enum cmp_op op)
{
	return op < CMP_COUNT ? op_names[op] : "SCMP_CMP_?";
}

bool cmp_op_from_name(const char *name, enum cmp_op *op)
{
	for (int i = 0; i < CMP_COUNT; i++)
		if (strcmp(name, op_names[i]) == 0) {
			*op = (enum cmp_op)i;
			return true;
		}
	return false;
}

/* JSON paths are made for every element, so they are built by hand, not printf. */
static const char *path_key(struct parse_ctx *c, const char *parent, const char *key)
{
	if (!*parent)
		return key;
	size_t a = strlen(parent), b = strlen(key);
	char *p = arena_alloc(c->arena, a + b + 2);
	memcpy(p, parent, a);
	p[a] = '.';
	memcpy(p + a + 1, key, b + 1);
	return p;
}

static const char *path_index(struct parse_ctx *c, const char *parent, size_t i)
{
	char digits[24];
	size_t n = 0;
	do
		digits[n++] = (char)('0' + i % 10);
	while ((i /= 10) != 0);
	size_t a = strlen(parent);
	char *p = arena_alloc(c->arena, a + n + 3);
	memcpy(p, parent, a);
	p[a] = '[';
	for (size_t k = 0; k < n; k++)
		p[a + 1 + k] = digits[n - 1 - k];
	p[a + 1 + n] = ']';
	p[a + 2 + n] = '\0';
	return p;
}

static bool expect_type(struct parse_ctx *c, const struct json_value *v, enum json_type type,
			const char *path)
{
	if (v->type == type)
		return true;
	diag_error(c->diag, &v->loc, path, "expected %s, found %s", json_type_name(type),
		   json_type_name(v->type));
	return false;
}

/* Warns about members not in `known` (NULL-terminated). */
static void check_fields(struct parse_ctx *c, const struct json_value *obj, const char *path,
			 const char *const *known)
{
	for (size_t i = 0; i < obj->n; i++) {
		const struct json_member *m = &obj->members[i];
		size_t k = 0;
		while (known[k] && strcmp(known[k], m->key) != 0)
			k++;
		if (known[k])
			continue;
		struct buf list;
		buf_init(&list);
		for (k = 0; known[k]; k++)
			buf_printf(&list, "%s%s", k ? ", " : "", known[k]);
		diag_warning(c->diag, &m->key_loc, path_key(c, path, m->key),
			     "unknown field \"%s\" is ignored; expected one of %s", m->key, list.data);
		buf_free(&list);
	}
}

static bool get_string(struct parse_ctx *c, const struct json_value *v, const char *path,
		       const char **out)
{
	if (!expect_type(c, v, JSON_STRING, path))
		return false;
	*out = v->text;
	return true;
}

/* An exact unsigned 64-bit integer. */
static bool get_u64(struct parse_ctx *c, const struct json_value *v, const char *path,
		    uint64_t *out)
{
	if (v->type != JSON_NUMBER) {
		diag_error(c->diag, &v->loc, path, "expected an unsigned 64-bit integer, found %s",
			   json_type_name(v->type));
		return false;
	}
	for (size_t i = 0; i < v->len; i++) {
		if (v->text[i] < '0' || v->text[i] > '9') {
			diag_error(c->diag, &v->loc, path,
				   "expected an unsigned 64-bit integer, found %s", v->text);
			return false;
		}
	}
	errno = 0;
	unsigned long long n = strtoull(v->text, NULL, 10);
	if (errno == ERANGE) {
		diag_error(c->diag, &v->loc, path, "%s does not fit in 64 bits; expected at most "
			   "18446744073709551615", v->text);
		return false;
	}
	*out = n;
	return true;
}

static bool get_u64_max(struct parse_ctx *c, const struct json_value *v, const char *path,
			uint64_t max, const char *what, uint64_t *out)
{
	if (!get_u64(c, v, path, out))
		return false;
	if (*out > max) {
		diag_error(c->diag, &v->loc, path, "%s %llu is out of range; expected 0 to %llu", what,
			   (unsigned long long)*out, (unsigned long long)max);
		return false;
	}
	return true;
}

/* An array of strings; null counts as empty. */
static bool get_strings(struct parse_ctx *c, const struct json_value *v, const char *path,
			const char ***out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (v->type == JSON_NULL)
		return true;
	if (!expect_type(c, v, JSON_ARRAY, path))
		return false;
	const char **items = arena_calloc(c->arena, v->n + 1, sizeof *items);
	bool ok = true;
	for (size_t i = 0; i < v->n; i++)
		ok &= get_string(c, v->items[i], path_index(c, path, i), &items[i]);
	*out = items;
	*n = v->n;
	return ok;
}

static bool get_errno_name(struct parse_ctx *c, const struct json_value *v, const char *path,
			   const char **out)
{
	if (!get_string(c, v, path, out))
		return false;
	bool ok = (*out)[0] == 'E' && (*out)[1];
	for (const char *p = *out; ok && *p; p++)
		ok = (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9');
	if (!ok)
		diag_error(c->diag, &v->loc, path, "expected an errno name such as \"EPERM\", "
			   "found \"%s\"", *out);
	return ok;
}

static bool get_action(struct parse_ctx *c, const struct json_value *v, const char *path,
		       struct prof_action *out)
{
	const char *name;
	if (!get_string(c, v, path, &name))
		return false;
	out->origin = (struct prof_origin){ path, v->loc };
	if (action_from_name(name, &out->kind))
		return true;
	diag_error(c->diag, &v->loc, path, "unknown action \"%s\"; expected one of SCMP_ACT_ALLOW, "
		   "SCMP_ACT_ERRNO, SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, "
		   "SCMP_ACT_LOG, SCMP_ACT_NOTIFY, SCMP_ACT_TRACE, SCMP_ACT_TRAP", name);
	return false;
}

/* errnoRet / errno (or defaultErrnoRet / defaultErrno) of an action object. */
static bool get_errno(struct parse_ctx *c, const struct json_value *obj, const char *parent,
		      const char *ret_key, const char *name_key, struct prof_action *a)
{
	bool ok = true;
	const struct json_member *m = json_member(obj, ret_key);
	if (m && m->value->type != JSON_NULL) {
		uint64_t n;
		const char *path = path_key(c, parent, ret_key);
		ok = get_u64_max(c, m->value, path, 0xffff, ret_key, &n);
		a->has_errno_ret = ok;
		a->errno_ret = (uint32_t)n;
		if (ok && a->kind != ACT_ERRNO && a->kind != ACT_TRACE) {
			diag_error(c->diag, &m->key_loc, path, "%s is valid only with SCMP_ACT_ERRNO "
				   "or SCMP_ACT_TRACE, not %s", ret_key, action_kind_name(a->kind));
			ok = false;
		}
	}
	m = json_member(obj, name_key);
	if (m && m->value->type != JSON_NULL)
		ok &= get_errno_name(c, m->value, path_key(c, parent, name_key), &a->errno_name);
	return ok;
}

static bool get_min_kernel(struct parse_ctx *c, const struct json_value *v, const char *path,
			   struct prof_filter *f)
{
	const char *s;
	if (!get_string(c, v, path, &s))
		return false;
	char *end;
	const char *p = s;
	bool ok = *p >= '0' && *p <= '9';
	unsigned long major = ok ? strtoul(p, &end, 10) : 0;
	ok = ok && *end == '.' && end[1] >= '0' && end[1] <= '9';
	unsigned long minor = ok ? strtoul(end + 1, &end, 10) : 0;
	ok = ok && *end == '\0' && major < 1000 && minor < 1000;
	if (!ok) {
		diag_error(c->diag, &v->loc, path, "expected a kernel version \"X.Y\" such as "
			   "\"4.8\", found \"%s\"", s);
		return false;
	}
	f->has_min_kernel = true;
	f->min_kernel_major = (unsigned)major;
	f->min_kernel_minor = (unsigned)minor;
	return true;
}

static bool get_filter(struct parse_ctx *c, const struct json_value *v, const char *path,
		       struct prof_filter *f)
{
	static const char *const known[] = { "arches", "caps", "minKernel", NULL };
	memset(f, 0, sizeof *f);
	f->origin = (struct prof_origin){ path, v->loc };
	if (v->type == JSON_NULL)
		return true;
	if (!expect_type(c, v, JSON_OBJECT, path))
		return false;
	check_fields(c, v, path, known);
	bool ok = true;
	const struct json_member *m;
	if ((m = json_member(v, "arches")))
		ok &= get_strings(c, m->value, path_key(c, path, "arches"), &f->arches, &f->narches);
	if ((m = json_member(v, "caps")))
		ok &= get_strings(c, m->value, path_key(c, path, "caps"), &f->caps, &f->ncaps);
	if ((m = json_member(v, "minKernel")) && m->value->type != JSON_NULL)
		ok &= get_min_kernel(c, m->value, path_key(c, path, "minKernel"), f);
	return ok;
}

static bool get_arg(struct parse_ctx *c, const struct json_value *v, const char *path,
		    struct prof_arg *a)
{
	static const char *const known[] = { "index", "value", "valueTwo", "op", NULL };
	a->origin = (struct prof_origin){ path, v->loc };
	if (!expect_type(c, v, JSON_OBJECT, path))
		return false;
	check_fields(c, v, path, known);
	bool ok = true;
	uint64_t n = 0;
	const struct json_member *m;
	if (!(m = json_member(v, "index"))) {
		diag_error(c->diag, &v->loc, path, "missing \"index\" (the argument, 0 to 5)");
		ok = false;
	} else if (get_u64(c, m->value, path_key(c, path, "index"), &n)) {
		if (n > 5) {
			diag_error(c->diag, &m->value->loc, path_key(c, path, "index"),
				   "argument index %llu is out of range; expected 0 to 5",
				   (unsigned long long)n);
			ok = false;
		}
		a->index = (unsigned)n;
	} else {
		ok = false;
	}
	if ((m = json_member(v, "value")))
		ok &= get_u64(c, m->value, path_key(c, path, "value"), &a->value);
	if ((m = json_member(v, "valueTwo")))
		ok &= get_u64(c, m->value, path_key(c, path, "valueTwo"), &a->value_two);
	const char *op;
	if (!(m = json_member(v, "op"))) {
		diag_error(c->diag, &v->loc, path, "missing \"op\" (SCMP_CMP_EQ, SCMP_CMP_MASKED_EQ, ...)");
		ok = false;
	} else if (get_string(c, m->value, path_key(c, path, "op"), &op)) {
		if (!cmp_op_from_name(op, &a->op)) {
			diag_error(c->diag, &m->value->loc, path_key(c, path, "op"),
				   "unknown operator \"%s\"; expected one of SCMP_CMP_NE, SCMP_CMP_LT, "
				   "SCMP_CMP_LE, SCMP_CMP_EQ, SCMP_CMP_GE, SCMP_CMP_GT, "
				   "SCMP_CMP_MASKED_EQ", op);
			ok = false;
		}
	} else {
		ok = false;
	}
	return ok;
}

static bool get_names(struct parse_ctx *c, const struct json_value *rule, const char *path,
		      struct prof_rule *r)
{
	const struct json_member *names = json_member(rule, "names"), *name = json_member(rule, "name");
	if (names && name && names->value->type != JSON_NULL && name->value->type != JSON_NULL) {
		diag_error(c->diag, &name->key_loc, path_key(c, path, "name"),
			   "both \"name\" and \"names\" are given; use \"names\" alone");
		return false;
	}
	if (name && name->value->type != JSON_NULL) {
		const char *p = path_key(c, path, "name");
		r->names = arena_calloc(c->arena, 1, sizeof *r->names);
		if (!get_string(c, name->value, p, &r->names[0].name))
			return false;
		r->names[0].origin = (struct prof_origin){ p, name->value->loc };
		r->nnames = 1;
	} else if (names && names->value->type != JSON_NULL) {
		const char *p = path_key(c, path, "names");
		if (!expect_type(c, names->value, JSON_ARRAY, p))
			return false;
		if (names->value->n == 0) {
			diag_error(c->diag, &names->value->loc, p, "\"names\" is empty; expected at "
				   "least one syscall name");
			return false;
		}
		r->names = arena_calloc(c->arena, names->value->n, sizeof *r->names);
		for (size_t i = 0; i < names->value->n; i++) {
			const struct json_value *v = names->value->items[i];
			const char *ip = path_index(c, p, i);
			if (!get_string(c, v, ip, &r->names[i].name))
				return false;
			r->names[i].origin = (struct prof_origin){ ip, v->loc };
		}
		r->nnames = names->value->n;
	} else {
		diag_error(c->diag, &rule->loc, path, "no syscall names; expected \"names\": "
			   "[\"read\", ...]");
		return false;
	}
	for (size_t i = 0; i < r->nnames; i++)
		if (!r->names[i].name[0]) {
			diag_error(c->diag, &r->names[i].origin.loc, r->names[i].origin.path,
				   "empty syscall name");
			return false;
		}
	return true;
}

static bool get_rule(struct parse_ctx *c, const struct json_value *v, const char *path,
		     size_t position, struct prof_rule *r)
{
	static const char *const known[] = { "names", "name", "action", "errnoRet", "errno",
		"args", "comment", "includes", "excludes", NULL };
	r->position = position;
	r->origin = (struct prof_origin){ path, v->loc };
	if (!expect_type(c, v, JSON_OBJECT, path))
		return false;
	check_fields(c, v, path, known);
	bool ok = get_names(c, v, path, r);
	const struct json_member *m = json_member(v, "action");
	if (!m) {
		diag_error(c->diag, &v->loc, path, "missing \"action\" (SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, ...)");
		ok = false;
	} else if (get_action(c, m->value, path_key(c, path, "action"), &r->action)) {
		ok &= get_errno(c, v, path, "errnoRet", "errno", &r->action);
	} else {
		ok = false;
	}
	if ((m = json_member(v, "args")) && m->value->type != JSON_NULL) {
		const char *ap = path_key(c, path, "args");
		if (expect_type(c, m->value, JSON_ARRAY, ap)) {
			r->args = arena_calloc(c->arena, m->value->n + 1, sizeof *r->args);
			r->nargs = m->value->n;
			for (size_t i = 0; i < m->value->n; i++)
				ok &= get_arg(c, m->value->items[i], path_index(c, ap, i), &r->args[i]);
		} else {
			ok = false;
		}
	}
	if ((m = json_member(v, "comment")) && m->value->type != JSON_NULL)
		ok &= get_string(c, m->value, path_key(c, path, "comment"), &r->comment);
	if ((m = json_member(v, "includes")))
		ok &= get_filter(c, m->value, path_key(c, path, "includes"), &r->includes);
	if ((m = json_member(v, "excludes")))
		ok &= get_filter(c, m->value, path_key(c, path, "excludes"), &r->excludes);
	return ok;
}

static bool check_arch_name(struct parse_ctx *c, const struct json_value *v, const char *path,
			    const char *name)
{
	if (arch_by_scmp_name(name))
		return true;
	diag_error(c->diag, &v->loc, path, "unknown architecture \"%s\"; expected one of "
		   "SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32, SCMP_ARCH_AARCH64, SCMP_ARCH_ARM, "
		   "SCMP_ARCH_RISCV64, SCMP_ARCH_S390X, SCMP_ARCH_S390, SCMP_ARCH_PPC64LE, "
		   "SCMP_ARCH_PPC64, SCMP_ARCH_PPC, SCMP_ARCH_MIPS64, SCMP_ARCH_MIPS64N32, "
		   "SCMP_ARCH_MIPS, SCMP_ARCH_MIPSEL64, SCMP_ARCH_MIPSEL64N32, SCMP_ARCH_MIPSEL, "
		   "SCMP_ARCH_LOONGARCH64", name);
	return false;
}

static bool get_architectures(struct parse_ctx *c, const struct json_value *v, struct profile *p)
{
	if (!get_strings(c, v, "architectures", &p->architectures, &p->narchitectures))
		return false;
	p->has_architectures = p->narchitectures > 0;
	bool ok = true;
	for (size_t i = 0; i < p->narchitectures; i++)
		ok &= check_arch_name(c, v->items[i], path_index(c, "architectures", i),
				      p->architectures[i]);
	return ok;
}

static bool get_arch_map(struct parse_ctx *c, const struct json_value *v, struct profile *p)
{
	static const char *const known[] = { "architecture", "subArchitectures", NULL };
	if (v->type == JSON_NULL)
		return true;
	if (!expect_type(c, v, JSON_ARRAY, "archMap"))
		return false;
	p->arch_map = arena_calloc(c->arena, v->n + 1, sizeof *p->arch_map);
	p->narch_map = v->n;
	p->has_arch_map = v->n > 0;
	bool ok = true;
	for (size_t i = 0; i < v->n; i++) {
		const struct json_value *e = v->items[i];
		struct prof_arch_map *m = &p->arch_map[i];
		const char *path = path_index(c, "archMap", i);
		m->origin = (struct prof_origin){ path, e->loc };
		if (!expect_type(c, e, JSON_OBJECT, path)) {
			ok = false;
			continue;
		}
		check_fields(c, e, path, known);
		const struct json_member *a = json_member(e, "architecture");
		const char *ap = path_key(c, path, "architecture");
		if (!a) {
			diag_error(c->diag, &e->loc, path, "missing \"architecture\"");
			ok = false;
		} else if (get_string(c, a->value, ap, &m->arch)) {
			ok &= check_arch_name(c, a->value, ap, m->arch);
		} else {
			ok = false;
		}
		const struct json_member *s = json_member(e, "subArchitectures");
		if (!s)
			continue;
		const char *sp = path_key(c, path, "subArchitectures");
		if (!get_strings(c, s->value, sp, &m->sub_arches, &m->nsub_arches)) {
			ok = false;
			continue;
		}
		for (size_t k = 0; k < m->nsub_arches; k++)
			ok &= check_arch_name(c, s->value->items[k], path_index(c, sp, k), m->sub_arches[k]);
	}
	return ok;
}

static bool get_flags(struct parse_ctx *c, const struct json_value *v, struct profile *p)
{
	if (!get_strings(c, v, "flags", &p->flags, &p->nflags))
		return false;
	bool ok = true;
	for (size_t i = 0; i < p->nflags; i++) {
		size_t k = 0;
		while (k < sizeof flag_names / sizeof flag_names[0] && strcmp(flag_names[k], p->flags[i]))
			k++;
		if (k < sizeof flag_names / sizeof flag_names[0])
			continue;
		diag_error(c->diag, &v->items[i]->loc, path_index(c, "flags", i),
			   "unknown flag \"%s\"; expected one of SECCOMP_FILTER_FLAG_TSYNC, "
			   "SECCOMP_FILTER_FLAG_LOG, SECCOMP_FILTER_FLAG_SPEC_ALLOW, "
			   "SECCOMP_FILTER_FLAG_NEW_LISTENER, SECCOMP_FILTER_FLAG_TSYNC_ESRCH, "
			   "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", p->flags[i]);
		ok = false;
	}
	return ok;
}

static bool get_rules(struct parse_ctx *c, const struct json_value *v, struct profile *p)
{
	if (v->type == JSON_NULL)
		return true;
	if (!expect_type(c, v, JSON_ARRAY, "syscalls"))
		return false;
	p->rules = arena_calloc(c->arena, v->n + 1, sizeof *p->rules);
	p->nrules = v->n;
	bool ok = true;
	for (size_t i = 0; i < v->n; i++)
		ok &= get_rule(c, v->items[i], path_index(c, "syscalls", i), i, &p->rules[i]);
	return ok;
}

static bool get_profile(struct parse_ctx *c, const struct json_value *root, struct profile *p)
{
	static const char *const known[] = { "defaultAction", "defaultErrnoRet", "defaultErrno",
		"architectures", "archMap", "syscalls", "flags", "listenerPath",
		"listenerMetadata", NULL };
	p->origin = (struct prof_origin){ "", root->loc };
	if (root->type != JSON_OBJECT) {
		diag_error(c->diag, &root->loc, NULL, "expected the profile as a JSON object, found %s",
			   json_type_name(root->type));
		return false;
	}
	check_fields(c, root, "", known);
	bool ok = true;
	const struct json_member *m = json_member(root, "defaultAction");
	if (!m) {
		diag_error(c->diag, &root->loc, NULL, "missing \"defaultAction\" (SCMP_ACT_ERRNO, "
			   "SCMP_ACT_KILL_PROCESS, ...)");
		ok = false;
	} else if (get_action(c, m->value, "defaultAction", &p->default_action)) {
		ok &= get_errno(c, root, "", "defaultErrnoRet", "defaultErrno", &p->default_action);
	} else {
		ok = false;
	}
	const struct json_member *arches = json_member(root, "architectures");
	const struct json_member *map = json_member(root, "archMap");
	if (arches)
		ok &= get_architectures(c, arches->value, p);
	if (map)
		ok &= get_arch_map(c, map->value, p);
	if (p->has_architectures && p->has_arch_map) {
		diag_error(c->diag, &map->key_loc, "archMap", "\"archMap\" and \"architectures\" are "
			   "both given; use one of them");
		ok = false;
	}
	if ((m = json_member(root, "syscalls")))
		ok &= get_rules(c, m->value, p);
	if ((m = json_member(root, "flags")))
		ok &= get_flags(c, m->value, p);
	if ((m = json_member(root, "listenerPath")) && m->value->type != JSON_NULL)
		ok &= get_string(c, m->value, "listenerPath", &p->listener_path);
	if ((m = json_member(root, "listenerMetadata")) && m->value->type != JSON_NULL)
		ok &= get_string(c, m->value, "listenerMetadata", &p->listener_metadata);
	return ok;
}

bool profile_parse(const char *text, size_t len, struct arena *arena, struct diag *diag,
		   struct profile *out)
{
	memset(out, 0, sizeof *out);
	out->file = diag->file;
	struct json_value *root = json_parse(text, len, arena, diag);
	if (!root)
		return false;
	struct parse_ctx c = { arena, diag };
	return get_profile(&c, root, out) && !diag_failed(diag);
}

bool profile_load(const char *path, struct arena *arena, struct diag *diag, struct profile *out)
{
	struct buf text;
	if (!read_file(path, &text, diag))
		return false;
	bool ok = profile_parse(text.data, text.len, arena, diag, out);
	out->file = path;
	buf_free(&text);
	return ok;
}
