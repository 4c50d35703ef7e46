/*
 * cmd_bpf.c - helpers shared by `seccompc disasm`, `sim`, `asm`, `stats` and
 * `diff` (see cmd_bpf.h).
 */
#include "cmd_bpf.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

const struct arch_info *cmd_arch(const char *cmd, const char *option, const char *name)
{
	if (!name)
		return arch_host();
	const struct arch_info *a = arch_by_name(name);
	if (!a)
		cli_usage_error(cmd, "%s %s: unknown arch (try x86_64, aarch64, x86, s390x, "
				"riscv64, ppc64le, mips64 ...)", option, name);
	return a;
}

bool cmd_load_blob(const char *cmd, const char *path, const struct arch_info *target,
		   bool explicit, struct arena *arena, struct bpf_prog *out, bool *big_endian)
{
	struct buf data;
	struct diag diag;
	buf_init(&data);
	diag_init(&diag, path);
	diag.echo = stderr;
	bool ok = read_file(path, &data, &diag) &&
		  cmd_read_blob(cmd, path, &data, target, explicit, arena, out, big_endian);
	buf_free(&data);
	diag_fini(&diag);
	return ok;
}

bool cmd_read_blob(const char *cmd, const char *path, const struct buf *data,
		   const struct arch_info *target, bool explicit, struct arena *arena,
		   struct bpf_prog *out, bool *big_endian)
{
	struct diag diag;
	bool guess;
	diag_init(&diag, path);
	diag.echo = stderr;
	*big_endian = target->big_endian;
	if (bpf_guess_endian(data->data, data->len, &guess) && guess != *big_endian) {
		if (explicit) {
			fprintf(stderr, "seccompc %s: %s: warning: the filter looks %s-endian, but "
				"--target %s is %s-endian; reading it as %s-endian\n", cmd, path,
				guess ? "big" : "little", target->name,
				*big_endian ? "big" : "little", *big_endian ? "big" : "little");
		} else {
			fprintf(stderr, "seccompc %s: %s: note: the filter looks %s-endian; reading "
				"it so (give --target to choose)\n", cmd, path, guess ? "big" : "little");
			*big_endian = guess;
		}
	}
	bool ok = bpf_read_raw(data->data, data->len, *big_endian, arena, out, &diag);
	diag_fini(&diag);
	return ok;
}

bool cmd_is_profile(const char *path, const struct buf *text)
{
	const char *dot = strrchr(path, '.');
	if (dot && strcmp(dot, ".json") == 0)
		return true;
	for (size_t i = 0; i < text->len; i++) {
		char ch = text->data[i];
		if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r')
			continue;
		return ch == '{';
	}
	return false;
}

bool cmd_report_validity(const char *cmd, const char *path, const struct bpf_prog *prog)
{
	struct diag diag;
	diag_init(&diag, path);
	bool ok = bpf_validate(prog, &diag);
	diag_end(&diag);
	if (!ok)
		fprintf(stderr, "seccompc %s: warning: the kernel would refuse this filter:\n%s",
			cmd, diag_text(&diag));
	diag_fini(&diag);
	return ok;
}
