/*
 * oci.h - a resolved rule table as the OCI `linux.seccomp` object that
 * runc, crun and podman read (`seccompc resolve --oci`).
 *
 * runc takes the profile as it is and ignores what Docker resolves before
 * handing it over (includes, excludes, caps, minKernel, archMap), so a
 * profile with capability conditions means something else under runc. The
 * table has all of that applied for one target; written back as plain OCI
 * JSON, every runtime reads the same meaning, and seccompc compiles it to a
 * filter that decides alike.
 */
#ifndef SECCOMPC_OCI_H
#define SECCOMPC_OCI_H

#include "buf.h"
#include "table.h"

/*
 * Appends t as JSON: defaultAction (and defaultErrnoRet), architectures
 * (the arches t covers, native first), the profile's flags, listenerPath
 * and listenerMetadata, and syscalls: one rule a profile rule that decides
 * something on the target, with the names it decides there, its action with
 * errnoRet as a number, and its conditions; a rule that repeats an argument
 * index becomes one rule a condition, as runc and crun read it. Rules the
 * table drops (equal to the default, shadowed, not applying, names the
 * target lacks) are left out, but a name that sets an arch's largest syscall
 * number stays, under the default action, so that runc's ENOSYS stub (and
 * --enosys-newer) keep their limit. `opts` are the options t was resolved
 * with. Returns false (diag says why) when t cannot be said in OCI terms.
 */
bool oci_write(const struct rule_table *t, const struct resolve_options *opts,
	       struct arena *arena, struct diag *diag, struct buf *out);

#endif
