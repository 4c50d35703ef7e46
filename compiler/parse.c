/*
 * parse.c - the parse stage: JSON text to struct profile (see profile.h).
 *
 * It owns what a profile may contain: every field Docker/moby, the OCI runtime
 * spec and podman use, their types and ranges, and the messages for everything
 * else. json.c gives the positioned tree; this file walks it with the JSON
 * path of each value, reports every problem it finds (it goes on after an
 * error so that one run shows several), and leaves names as names: syscall and
 * errno numbers are resolve.c's business. null stands for an absent field, as
 * in the Go runtimes.
 */
#include "profile.h"

#include <string.h>

#include "arch.h"
#include "buf.h"
#include "caps.h"
#include "codes.h"
#include "editdist.h"
#include "json.h"
#include "nearest.h"
#include "parse_internal.h"

static const char *const op_names[CMP_COUNT + 1] = {  /* NULL-terminated */
	[CMP_NE] = "SCMP_CMP_NE",
	[CMP_LT] = "SCMP_CMP_LT",
	[CMP_LE] = "SCMP_CMP_LE",
	[CMP_EQ] = "SCMP_CMP_EQ",
	[CMP_GE] = "SCMP_CMP_GE",
	[CMP_GT] = "SCMP_CMP_GT",
	[CMP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

static const char *const action_names[] = {
	"SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_TRAP",
	"SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY",
	NULL,
};

static const char *const flag_names[] = {
	"SECCOMP_FILTER_FLAG_TSYNC",
	"SECCOMP_FILTER_FLAG_LOG",
	"SECCOMP_FILTER_FLAG_SPEC_ALLOW",
	"SECCOMP_FILTER_FLAG_NEW_LISTENER",
	"SECCOMP_FILTER_FLAG_TSYNC_ESRCH",
	"SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV",
	NULL,
};

/* Arches the OCI spec names that seccompc has no tables for: a warning, not an error. */
static const char *const unsupported_scmp_arches[] = {
	"SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_M68K", "SCMP_ARCH_SH",
	"SCMP_ARCH_SHEB", NULL,
};

static const char *const top_fields[] = {
	"defaultAction", "defaultErrnoRet", "defaultErrno", "architectures", "archMap",
	"syscalls", "flags", "listenerPath", "listenerMetadata", "comment", NULL,
};
static const char *const rule_fields[] = {
	"names", "name", "action", "errnoRet", "errno", "args", "comment", "includes",
	"excludes", NULL,
};
static const char *const arg_fields[] = { "index", "value", "valueTwo", "op", NULL };
static const char *const filter_fields[] = { "arches", "caps", "minKernel", NULL };
static const char *const arch_map_fields[] = { "architecture", "subArchitectures", NULL };

const char *cmp_op_name(enum cmp_op op)
{
	return (unsigned)op < CMP_COUNT ? op_names[op] : "SCMP_CMP_?";
}

bool cmp_op_from_name(const char *name, enum cmp_op *op)
{
	for (int i = 0; i < CMP_COUNT; i++) {
		if (strcmp(name, op_names[i]) == 0) {
			*op = (enum cmp_op)i;
			return true;
		}
	}
	return false;
}

/* ---- actions ---- */

static bool check_errno_name(struct parse_ctx *c, const char *s, const struct json_node *n,
			     const char *path)
{
	bool ok = s[0] == 'E' && s[1];
	for (size_t i = 1; ok && s[i]; i++)
		ok = (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9');
	if (!ok) {
		const char *near = diag_wanted(c->diag, DIAG_ERROR, SC_UNKNOWN_ERRNO, path) ?
				   errno_nearest(s) : NULL;
		diag_report(c->diag, DIAG_ERROR, SC_UNKNOWN_ERRNO,
			    parse_rename_fix(c, near, "write an errno name such as \"EPERM\", or "
					     "the number in errnoRet"),
			    &n->loc, path, "found \"%s\"; %sexpected an errno name such as "
			    "\"EPERM\" or \"ENOSYS\"", s, parse_did_you_mean(c, near));
	}
	return ok;
}

/*
 * An action with its errno: action_key names the action ("action" or
 * "defaultAction"), ret_key and name_key its errno fields. Missing action is
 * an error; errno fields are allowed only with SCMP_ACT_ERRNO and SCMP_ACT_TRACE.
 */
static void parse_action(struct parse_ctx *c, const struct json_node *obj, const char *path,
			 const char *action_key, const char *ret_key, const char *name_key,
			 struct prof_action *a)
{
	const struct json_node *n = parse_field(obj, action_key);
	const char *act_path = parse_join_key(c, path, action_key);
	const char *name = NULL;
	bool have_kind = false;
	int errors = c->diag->errors;
	if (!n) {
		diag_error(c->diag, &obj->loc, path, "missing required field \"%s\"; expected an "
			   "action such as \"SCMP_ACT_ERRNO\"", action_key);
	} else if (parse_get_string(c, n, act_path, "an action such as \"SCMP_ACT_ERRNO\"",
				    &name)) {
		a->origin = parse_origin(act_path, n);
		have_kind = action_from_name(name, &a->kind);
		if (!have_kind) {
			const char *near = list_nearest(name, action_names, "SCMP_ACT_");
			diag_report(c->diag, DIAG_ERROR, SC_UNKNOWN_ACTION,
				    parse_rename_fix(c, near, "write one of the actions listed"),
				    &n->loc, act_path, "unknown action \"%s\"; %sexpected one of %s",
				    name, parse_did_you_mean(c, near), parse_list_text(c, action_names));
		}
	}
	const char *keys[2] = { ret_key, name_key };
	for (int k = 0; k < 2; k++) {
		const struct json_node *e = parse_field(obj, keys[k]);
		const char *p = parse_join_key(c, path, keys[k]);
		if (!e)
			continue;
		if (k == 0) {
			uint64_t v;
			if (parse_get_uint(c, e, p, 0xffff, "an errno number from 0 to 65535 "
					   "(SECCOMP_RET_DATA)", &v)) {
				a->has_errno_ret = true;
				a->errno_ret = (uint32_t)v;
			}
		} else if (parse_get_string(c, e, p, "an errno name such as \"EPERM\"",
					    &a->errno_name)) {
			a->errno_origin = parse_origin(p, e);
			if (!check_errno_name(c, a->errno_name, e, p))
				a->errno_name = NULL;
		}
		if (have_kind && a->kind != ACT_ERRNO && a->kind != ACT_TRACE)
			diag_error(c->diag, &e->loc, p, "given with action %s; expected only with "
				   "SCMP_ACT_ERRNO or SCMP_ACT_TRACE", name);
	}
	a->broken = c->diag->errors > errors;
}

/* ---- arguments ---- */

static void parse_arg_fields(struct parse_ctx *c, const struct json_node *n, const char *path,
			     struct prof_arg *a)
{
	if (n->type != JSON_OBJECT) {
		parse_type_error(c, n, path, "an argument object with index, value and op");
		return;
	}
	parse_check_fields(c, n, path, arg_fields);
	static const char *const required[] = { "index", "value", "op" };
	for (int i = 0; i < 3; i++)
		if (!parse_field(n, required[i]))
			diag_error(c->diag, &n->loc, path, "missing required field \"%s\"",
				   required[i]);
	const struct json_node *v;
	uint64_t u;
	if ((v = parse_field(n, "index")) &&
	    parse_get_uint(c, v, parse_join_key(c, path, "index"), 5,
			   "an argument index from 0 to 5", &u))
		a->index = (unsigned)u;
	const char *u64 = "an unsigned 64-bit integer (0 to 18446744073709551615)";
	if ((v = parse_field(n, "value")))
		parse_get_uint(c, v, parse_join_key(c, path, "value"), UINT64_MAX, u64, &a->value);
	const struct json_node *two = parse_field(n, "valueTwo");
	if (two)
		parse_get_uint(c, two, parse_join_key(c, path, "valueTwo"), UINT64_MAX, u64,
			       &a->value_two);
	const char *op;
	const char *op_path = parse_join_key(c, path, "op");
	if ((v = parse_field(n, "op")) && parse_get_string(c, v, op_path, "an operator such as "
							   "\"SCMP_CMP_EQ\"", &op)) {
		if (!cmp_op_from_name(op, &a->op)) {
			const char *near = list_nearest(op, op_names, "SCMP_CMP_");
			diag_report(c->diag, DIAG_ERROR, SC_UNKNOWN_OP,
				    parse_rename_fix(c, near, "write one of the operators listed"),
				    &v->loc, op_path, "unknown operator \"%s\"; %sexpected one of %s", op,
				    parse_did_you_mean(c, near), parse_list_text(c, op_names));
		} else if (a->op != CMP_MASKED_EQ && a->value_two != 0) {
			diag_report(c->diag, DIAG_WARNING, SC_VALUE_TWO_UNUSED,
				    "remove valueTwo, or use SCMP_CMP_MASKED_EQ with value as the mask",
				    &two->loc, parse_join_key(c, path, "valueTwo"),
				    "%s ignores valueTwo; only SCMP_CMP_MASKED_EQ uses it", op);
		}
	}
}

static void parse_arg(struct parse_ctx *c, const struct json_node *n, const char *path,
		      struct prof_arg *a)
{
	int errors = c->diag->errors;
	a->origin = parse_origin(path, n);
	parse_arg_fields(c, n, path, a);
	a->broken = c->diag->errors > errors;
}

static void parse_args(struct parse_ctx *c, const struct json_node *n, const char *path,
		       struct prof_rule *r)
{
	if (!n)
		return;
	if (n->type != JSON_ARRAY) {
		parse_type_error(c, n, path, "an array of argument objects");
		return;
	}
	r->args = arena_calloc(c->arena, n->nitems, sizeof *r->args);
	r->nargs = n->nitems;
	for (size_t i = 0; i < n->nitems; i++)
		parse_arg(c, &n->items[i], parse_join_index(c, path, i), &r->args[i]);
}

/* ---- includes / excludes ---- */

static bool check_go_arch(struct parse_ctx *c, const char *s, const struct json_node *n,
			  const char *path)
{
	if (arch_by_go_name(s) || arch_by_name(s))
		return true;
	struct nearest near;
	nearest_init(&near, s, "");
	for (int i = 0; i < ARCH_COUNT; i++)
		nearest_try(&near, arch_get((enum arch_id)i)->go_name);
	diag_report(c->diag, DIAG_WARNING, SC_UNKNOWN_GO_ARCH,
		    parse_rename_fix(c, near.best,
				     "write a Go architecture name (docs/profile-format.md)"),
		    &n->loc, path, "unknown architecture \"%s\"; %sexpected a Go architecture name "
		    "such as \"amd64\", \"arm64\" or \"s390x\" (the rule never matches it)", s,
		    parse_did_you_mean(c, near.best));
	return true;
}

static bool check_cap(struct parse_ctx *c, const char *s, const struct json_node *n,
		      const char *path)
{
	/* Profiles spell capabilities the kernel's way; resolve matches them as written. */
	int cap = cap_by_name(s);
	if (cap < 0 || strcmp(cap_name(cap), s) != 0) {
		const char *near = cap >= 0 ? cap_name(cap) : cap_nearest(s);
		diag_report(c->diag, DIAG_WARNING, SC_UNKNOWN_CAP,
			    parse_rename_fix(c, near,
					     "write a capability name such as \"CAP_SYS_ADMIN\""),
			    &n->loc, path, "unknown capability \"%s\"; expected a "
			    "capability name such as \"%s\"", s, near ? near : "CAP_SYS_ADMIN");
	}
	return true;
}

/* Digits into *out; false when none or too many. Moves *s past them. */
static bool scan_number(const char **s, unsigned *out)
{
	const char *p = *s;
	unsigned long v = 0;
	while (*p >= '0' && *p <= '9' && v <= 65535)
		v = v * 10 + (unsigned)(*p++ - '0');
	if (p == *s || v > 65535)
		return false;
	*out = (unsigned)v;
	*s = p;
	return true;
}

/* minKernel "X.Y" as moby reads it: "X.Y" then anything not a digit is ignored
 * ("4.8.1", "4.8-rc1"); "" means no minimum. */
static void parse_min_kernel(struct parse_ctx *c, const struct json_node *n, const char *path,
			     struct prof_filter *f)
{
	const char *expected = "a kernel version \"MAJOR.MINOR\" such as \"4.8\"";
	const char *s;
	if (!parse_get_string(c, n, path, expected, &s) || !*s)
		return;
	const char *p = s;
	if (!scan_number(&p, &f->min_kernel_major) || *p++ != '.' ||
	    !scan_number(&p, &f->min_kernel_minor)) {
		diag_error(c->diag, &n->loc, path, "found \"%s\"; expected %s", s, expected);
		return;
	}
	f->has_min_kernel = true;
	unsigned patch;
	const char *q = p;
	if (*q == '.' && (q++, scan_number(&q, &patch)) && !*q)
		return;
	if (*p)
		diag_report(c->diag, DIAG_WARNING, SC_KERNEL_SUFFIX,
			    arena_printf(c->arena, "write \"%u.%u\"", f->min_kernel_major,
					 f->min_kernel_minor),
			    &n->loc, path, "ignoring \"%s\" after %u.%u: only the kernel "
			    "version and major revision are compared", p, f->min_kernel_major,
			    f->min_kernel_minor);
}

static void parse_filter(struct parse_ctx *c, const struct json_node *obj, const char *key,
			 const char *rule_path, struct prof_filter *f)
{
	const struct json_node *n = parse_field(obj, key);
	const char *path = parse_join_key(c, rule_path, key);
	f->origin = (struct prof_origin){ .path = path, .loc = n ? n->loc : obj->loc };
	if (!n)
		return;
	if (n->type != JSON_OBJECT) {
		parse_type_error(c, n, path, "an object with arches, caps or minKernel");
		return;
	}
	parse_check_fields(c, n, path, filter_fields);
	parse_get_string_array(c, parse_field(n, "arches"), parse_join_key(c, path, "arches"),
			       "architecture name", check_go_arch, &f->arches, &f->narches);
	parse_get_string_array(c, parse_field(n, "caps"), parse_join_key(c, path, "caps"),
			       "capability name", check_cap, &f->caps, &f->ncaps);
	const struct json_node *k = parse_field(n, "minKernel");
	if (k)
		parse_min_kernel(c, k, parse_join_key(c, path, "minKernel"), f);
}

/* ---- rules ---- */

static bool check_syscall_name(struct parse_ctx *c, const char *s, const struct json_node *n,
			       const char *path)
{
	if (*s)
		return true;
	diag_error(c->diag, &n->loc, path, "found an empty string; expected a syscall name");
	return false;
}

/* names / name of a rule into r->names. */
static void parse_names(struct parse_ctx *c, const struct json_node *obj, const char *path,
			struct prof_rule *r)
{
	const struct json_member *names_m = json_member(obj, "names");
	const struct json_node *names = parse_field(obj, "names"), *name = parse_field(obj, "name");
	const char *names_path = parse_join_key(c, path, "names");
	if (names && name) {
		/* members are in file order: point at the later of the two keys */
		const struct json_member *name_m = json_member(obj, "name");
		const struct json_member *later = name_m > names_m ? name_m : names_m;
		diag_error(c->diag, &later->key_loc, path, "found both \"name\" and \"names\"; "
			   "expected only one of them");
		return;
	}
	if (name) {
		const char *s, *p = parse_join_key(c, path, "name");
		if (parse_get_string(c, name, p, "a syscall name", &s) &&
		    check_syscall_name(c, s, name, p)) {
			r->names = arena_alloc(c->arena, sizeof *r->names);
			r->names[0] = (struct prof_name){ s, parse_origin(p, name) };
			r->nnames = 1;
		}
		return;
	}
	if (!names) {
		if (names_m)
			diag_report(c->diag, DIAG_WARNING, SC_NAMES_NULL,
				    "list the syscalls the rule is for, or remove the rule",
				    &names_m->value.loc, names_path,
				    "found null; the rule names no syscall and has no effect");
		else
			diag_error(c->diag, &obj->loc, path, "missing required field \"names\"; "
				   "expected an array of syscall names");
		return;
	}
	if (names->type != JSON_ARRAY) {
		parse_type_error(c, names, names_path, "an array of syscall names");
		return;
	}
	if (names->nitems == 0) {
		diag_error(c->diag, &names->loc, names_path, "found an empty array; expected at "
			   "least one syscall name");
		return;
	}
	r->names = arena_calloc(c->arena, names->nitems, sizeof *r->names);
	for (size_t i = 0; i < names->nitems; i++) {
		const struct json_node *item = &names->items[i];
		const char *p = parse_join_index(c, names_path, i), *s;
		if (parse_get_string(c, item, p, "a syscall name", &s) &&
		    check_syscall_name(c, s, item, p))
			r->names[r->nnames++] = (struct prof_name){ s, parse_origin(p, item) };
	}
}

/* A "comment" string of obj into *out and its origin. */
static void parse_comment(struct parse_ctx *c, const struct json_node *obj, const char *path,
			  const char **out, struct prof_origin *where)
{
	const struct json_node *n = parse_field(obj, "comment");
	const char *p = parse_join_key(c, path, "comment");
	if (n && parse_get_string(c, n, p, "a string", out))
		*where = parse_origin(p, n);
}

static void parse_rule_fields(struct parse_ctx *c, const struct json_node *n, const char *path,
			      struct prof_rule *r)
{
	if (n->type != JSON_OBJECT) {
		parse_type_error(c, n, path, "a rule object with names and action");
		return;
	}
	parse_check_fields(c, n, path, rule_fields);
	parse_names(c, n, path, r);
	parse_action(c, n, path, "action", "errnoRet", "errno", &r->action);
	parse_args(c, parse_field(n, "args"), parse_join_key(c, path, "args"), r);
	parse_filter(c, n, "includes", path, &r->includes);
	parse_filter(c, n, "excludes", path, &r->excludes);
	parse_comment(c, n, path, &r->comment, &r->comment_origin);
}

static void parse_rule(struct parse_ctx *c, const struct json_node *n, size_t i,
		       struct prof_rule *r)
{
	int errors = c->diag->errors;
	const char *path = parse_join_index(c, "syscalls", i);
	r->position = i;
	r->origin = parse_origin(path, n);
	parse_rule_fields(c, n, path, r);
	r->broken = c->diag->errors > errors;
}

static void parse_rules(struct parse_ctx *c, const struct json_node *n, struct profile *p)
{
	if (!n)
		return;
	if (n->type != JSON_ARRAY) {
		parse_type_error(c, n, "syscalls", "an array of rule objects");
		return;
	}
	p->rules = arena_calloc(c->arena, n->nitems, sizeof *p->rules);
	p->nrules = n->nitems;
	for (size_t i = 0; i < n->nitems; i++)
		parse_rule(c, &n->items[i], i, &p->rules[i]);
}

/* ---- architectures, flags, the top level ---- */

static bool check_scmp_arch(struct parse_ctx *c, const char *s, const struct json_node *n,
			    const char *path)
{
	if (arch_by_scmp_name(s))
		return true;
	if (parse_in_list(unsupported_scmp_arches, s)) {
		diag_report(c->diag, DIAG_WARNING, SC_UNSUPPORTED_ARCH,
			    "remove it, or compile for that arch with another tool", &n->loc, path,
			    "%s is not supported by seccompc; ignored", s);
		return false;
	}
	struct buf b;
	struct nearest near;
	buf_init(&b);
	nearest_init(&near, s, "SCMP_ARCH_");
	for (int i = 0; i < ARCH_COUNT; i++) {
		const char *name = arch_get((enum arch_id)i)->scmp_name;
		buf_printf(&b, "%s%s", i ? ", " : "", name);
		nearest_try(&near, name);
	}
	diag_report(c->diag, DIAG_ERROR, SC_UNKNOWN_ARCH,
		    parse_rename_fix(c, near.best, "write one of the architectures listed"),
		    &n->loc, path, "unknown architecture \"%s\"; %sexpected one of %s", s,
		    parse_did_you_mean(c, near.best),
		    b.data);
	buf_free(&b);
	return false;
}

static void parse_arch_map(struct parse_ctx *c, const struct json_node *n, struct profile *p)
{
	if (n->type != JSON_ARRAY) {
		parse_type_error(c, n, "archMap", "an array of objects with architecture and "
				 "subArchitectures");
		return;
	}
	p->arch_map = arena_calloc(c->arena, n->nitems, sizeof *p->arch_map);
	for (size_t i = 0; i < n->nitems; i++) {
		const struct json_node *e = &n->items[i];
		const char *path = parse_join_index(c, "archMap", i);
		struct prof_arch_map *m = &p->arch_map[p->narch_map];
		m->origin = parse_origin(path, e);
		if (e->type != JSON_OBJECT) {
			parse_type_error(c, e, path,
					 "an object with architecture and subArchitectures");
			continue;
		}
		parse_check_fields(c, e, path, arch_map_fields);
		const struct json_node *a = parse_field(e, "architecture");
		const char *apath = parse_join_key(c, path, "architecture");
		if (!a) {
			diag_error(c->diag, &e->loc, path, "missing required field \"architecture\"; "
				   "expected an architecture such as \"SCMP_ARCH_X86_64\"");
			continue;
		}
		if (!parse_get_string(c, a, apath, "an architecture such as \"SCMP_ARCH_X86_64\"",
				      &m->arch) || !check_scmp_arch(c, m->arch, a, apath))
			continue;
		parse_get_string_array(c, parse_field(e, "subArchitectures"),
				       parse_join_key(c, path, "subArchitectures"), "architecture name",
				       check_scmp_arch, &m->sub_arches, &m->nsub_arches);
		p->narch_map++;
	}
}

static bool check_flag(struct parse_ctx *c, const char *s, const struct json_node *n,
		       const char *path)
{
	if (parse_in_list(flag_names, s))
		return true;
	const char *near = list_nearest(s, flag_names, "SECCOMP_FILTER_FLAG_");
	diag_report(c->diag, DIAG_ERROR, SC_UNKNOWN_FLAG,
		    parse_rename_fix(c, near, "write one of the flags listed"), &n->loc, path,
		    "unknown flag \"%s\"; %sexpected one of %s", s, parse_did_you_mean(c, near),
		    parse_list_text(c, flag_names));
	return false;
}

/* architectures and archMap; both non-empty is an error, as in moby. */
static void parse_arches(struct parse_ctx *c, const struct json_node *root, struct profile *p)
{
	const struct json_node *archs = parse_field(root, "architectures");
	const struct json_node *map = parse_field(root, "archMap");
	if (archs) {
		p->has_architectures = true;
		parse_get_string_array(c, archs, "architectures", "architecture name",
				       check_scmp_arch, &p->architectures, &p->narchitectures);
	}
	if (map) {
		p->has_arch_map = true;
		parse_arch_map(c, map, p);
	}
	if (archs && map && archs->nitems && map->nitems) {
		const struct json_member *a = json_member(root, "architectures");
		const struct json_member *m = json_member(root, "archMap");
		const struct json_member *later = a > m ? a : m;  /* members are in file order */
		diag_error(c->diag, &later->key_loc, later->key, "found both \"archMap\" and "
			   "\"architectures\"; expected only one of them");
	}
}

static void parse_top(struct parse_ctx *c, const struct json_node *root, struct profile *p)
{
	parse_check_fields(c, root, "", top_fields);
	parse_action(c, root, "", "defaultAction", "defaultErrnoRet", "defaultErrno",
		     &p->default_action);
	if (parse_field(root, "defaultAction") && p->default_action.kind == ACT_NOTIFY &&
	    p->default_action.origin.path)
		diag_error(c->diag, &p->default_action.origin.loc, "defaultAction",
			   "found SCMP_ACT_NOTIFY; expected an action other than SCMP_ACT_NOTIFY "
			   "(the kernel cannot notify by default)");
	parse_arches(c, root, p);
	parse_rules(c, parse_field(root, "syscalls"), p);
	parse_get_string_array(c, parse_field(root, "flags"), "flags", "flag name", check_flag,
			       &p->flags, &p->nflags);
	const struct json_node *n;
	if ((n = parse_field(root, "listenerPath")))
		parse_get_string(c, n, "listenerPath", "a socket path", &p->listener_path);
	if ((n = parse_field(root, "listenerMetadata")))
		parse_get_string(c, n, "listenerMetadata", "a string", &p->listener_metadata);
	parse_comment(c, root, "", &p->comment, &p->comment_origin);
}

bool profile_parse(const char *text, size_t len, struct arena *arena,
		   struct diag *diag, struct profile *out)
{
	int errors = diag->errors, warnings = diag->warnings;
	memset(out, 0, sizeof *out);
	out->file = diag->file;
	out->origin.path = "";
	struct parse_ctx c = { .arena = arena, .diag = diag };
	const struct json_node *root = json_parse(text, len, arena, diag);
	if (root) {
		out->origin = parse_origin("", root);
		out->is_object = root->type == JSON_OBJECT;
		if (root->type != JSON_OBJECT)
			diag_error(diag, &root->loc, NULL, "found %s at the top level; expected a "
				   "JSON object (a seccomp profile)", json_type_desc(root->type));
		else
			parse_top(&c, root, out);
	}
	return diag->errors == errors && !(diag->strict && diag->warnings > warnings);
}

bool profile_load(const char *path, struct arena *arena, struct diag *diag,
		  struct profile *out)
{
	struct buf text;
	if (!read_file(path, &text, diag)) {
		memset(out, 0, sizeof *out);
		return false;
	}
	char *copy = arena_strndup(arena, text.data, text.len);
	size_t len = text.len;
	buf_free(&text);
	bool ok = profile_parse(copy, len, arena, diag, out);
	out->file = path;
	return ok;
}
