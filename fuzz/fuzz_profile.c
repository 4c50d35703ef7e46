/*
 * fuzz_profile.c - libFuzzer target: profile JSON -> compile (parse,
 * resolve, plan, codegen, assemble, verify) -> every output: raw blob,
 * listing, C, Go, Rust, base64, stats. The options (target family, --enosys-newer,
 * capabilities, --bad-arch, --arg-width, --report's ERRNO-as-NOTIFY) come from a hash of
 * the input, so every input is compiled one deterministic way.
 *
 * Findings: a crash or sanitizer report; exit 3 (an internal error: a valid
 * profile the verifier refuses); a refusal without a message; a program the
 * kernel would refuse; output that differs between two compiles; a raw blob
 * or listing that does not read back to the program; the proof on two
 * threads, forced on any table (one input in eight), refusing the program
 * or judging a corrupted copy of it otherwise than the one-thread proof.
 *
 * With SECCOMPC_FUZZ_REFUSED_DIR set, an input refused with exit 3 is saved
 * there instead (HASH.json, and HASH.args with the seccompc options it was
 * compiled with) and fuzzing goes on: what a profile means is the
 * differential fuzzer's to judge (tests/fuzz/; seccompc-fuzz-diff --replay
 * takes these files), and issue 9 makes such profiles common today.
 */
#include "fuzz.h"

#include "compile.h"
#include "stats.h"
#include "verify_internal.h"

static void options_from(uint32_t h, struct compile_options *co)
{
	static const enum arch_id natives[] = {
		ARCH_X86_64, ARCH_AARCH64, ARCH_RISCV64, ARCH_S390X, ARCH_PPC64LE, ARCH_PPC64,
		ARCH_MIPS64, ARCH_MIPSEL64, ARCH_LOONGARCH64,
	};
	static const char *admin[] = { "CAP_SYS_ADMIN" };
	static const uint32_t bad[] = { 0x00000000u, 0x00050026u, 0x00030000u };
	memset(co, 0, sizeof *co);
	co->verify = true;
	co->select.target = arch_get(natives[h % 9]);
	co->select.enosys_newer = (h >> 4) & 1;
	switch ((h >> 5) % 3) {
	case 1: co->select.caps_given = true; break;
	case 2: co->select.caps_given = true; co->select.caps = admin; co->select.ncaps = 1; break;
	default: break;
	}
	co->select.kernel_major = 6;
	co->select.kernel_minor = 1;
	if ((h >> 7) % 4) {
		co->select.has_bad_arch = true;
		co->select.bad_arch_action = bad[(h >> 7) % 4 - 1];
	}
	co->notify_errno = ((h >> 9) % 8) == 0;
	co->select.register_width = ((h >> 12) % 6) == 0;
}

/* The options as seccompc's command line spells them. */
static void options_text(const struct compile_options *co, char *buf, size_t size)
{
	static const char *const bad[] = { "", " --bad-arch KILL_THREAD", " --bad-arch ERRNO(38)",
					   " --bad-arch TRAP" };
	size_t b = !co->select.has_bad_arch ? 0 : co->select.bad_arch_action == 0 ? 1 :
		   co->select.bad_arch_action == 0x00050026u ? 2 : 3;
	snprintf(buf, size, "--target %s --kernel 6.1%s%s%s%s\n", co->select.target->name,
		 !co->select.caps_given ? "" : co->select.ncaps ? " --caps none --cap CAP_SYS_ADMIN" :
		 " --caps none", bad[b], co->select.enosys_newer ? " --enosys-newer" : "",
		 co->select.register_width ? " --arg-width register" : "");
}

/* Saves a refused input as DIR/HASH.json and DIR/HASH.args (HASH-report.*
 * when compiled as seccompc-exec --report does, every ERRNO as NOTIFY). */
static void save_refused(const char *dir, const uint8_t *data, size_t size,
			 const struct compile_options *co)
{
	char path[4096], args[256];
	uint32_t h = fuzz_hash(data, size);
	const char *report = co->notify_errno ? "-report" : "";
	snprintf(path, sizeof path, "%s/%08x%s.json", dir, h, report);
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
		fuzz_fail("cannot write %s", path);
	snprintf(path, sizeof path, "%s/%08x%s.args", dir, h, report);
	options_text(co, args, sizeof args);
	f = fopen(path, "w");
	if (!f || fputs(args, f) < 0 || fclose(f) != 0)
		fuzz_fail("cannot write %s", path);
}

/* The two-thread proof (verify_parallel.c), forced on any table: it proves
 * the program as generated, and on a copy with one comparison's constant
 * changed it answers as the one-thread proof (it may only ever conclude
 * "equal", and when it cannot, the one-thread proof decides). */
static void two_threads_as_one(const struct compile_result *res, uint32_t h)
{
	const struct bpf_prog *p = &res->prog;
	struct diag v;
	diag_init(&v, NULL);
	if (!verify_end(verify_begin_from(&res->table, 0), p, &v, NULL))
		fuzz_fail("the two-thread proof refuses a proved program: %s", diag_text(&v));
	diag_fini(&v);
	size_t pc = h % p->len;
	while (pc < p->len && !(BPF_CLASS(p->insns[pc].code) == BPF_JMP &&
				BPF_OP(p->insns[pc].code) != BPF_JA))
		pc++;
	if (pc == p->len)
		return;
	struct sock_filter *copy = malloc(p->len * sizeof *copy);
	if (!copy)
		fuzz_fail("out of memory");
	memcpy(copy, p->insns, p->len * sizeof *copy);
	copy[pc].k ^= 1u << ((h >> 8) % 32);
	struct bpf_prog q = { copy, p->len };
	struct diag two, one;
	diag_init(&two, NULL);
	diag_init(&one, NULL);
	bool two_ok = verify_end(verify_begin_from(&res->table, 0), &q, &two, NULL);
	bool one_ok = verify_serial(&res->table, &q, &one, NULL);
	if (two_ok != one_ok)
		fuzz_fail("instruction %zu changed: two threads say %d, one thread %d: %s", pc,
			  two_ok, one_ok, diag_text(&one));
	diag_fini(&two);
	diag_fini(&one);
	free(copy);
}

static int compile(const uint8_t *data, size_t size, const struct compile_options *co,
		   struct arena *arena, struct diag *d, struct compile_result *res)
{
	diag_init(d, "fuzz.json");
	d->quiet_warnings = true;
	return compile_profile_text("fuzz.json", (const char *)data, size, co, arena, d, res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct compile_options co;
	options_from(fuzz_hash(data, size), &co);
	struct arena arena;
	arena_init(&arena);
	struct diag d;
	struct compile_result res;
	int status = compile(data, size, &co, &arena, &d, &res);
	const char *refused_dir = getenv("SECCOMPC_FUZZ_REFUSED_DIR");
	if (status == 3 && refused_dir && strstr(diag_text(&d), "error: verification failed"))
		save_refused(refused_dir, data, size, &co);
	else if (status == 3)
		fuzz_fail("internal error (exit 3) for %s: %s", co.select.target->name, diag_text(&d));
	if (status != 0 && d.errors == 0)
		fuzz_fail("exit %d without an error message", status);
	if (status == 0) {
		const struct bpf_prog *p = &res.prog;
		struct diag v;
		diag_init(&v, NULL);
		if (p->len == 0 || p->len > BPF_MAX_INSNS || !bpf_validate(p, &v))
			fuzz_fail("a program the kernel refuses: %s", diag_text(&v));
		diag_fini(&v);
		/* Deterministic: the same input and options, the same program. */
		struct diag d2;
		struct compile_result again;
		if (compile(data, size, &co, &arena, &d2, &again) != 0 || !fuzz_same_prog(p, &again.prog))
			fuzz_fail("two compiles of one profile differ");
		diag_fini(&d2);
		bool be = res.table.target->big_endian;
		struct buf raw;
		buf_init(&raw);
		bpf_write_raw(p, be, &raw);
		struct bpf_prog back;
		struct diag r;
		diag_init(&r, NULL);
		if (!bpf_read_raw(raw.data, raw.len, be, &arena, &back, &r) || !fuzz_same_prog(p, &back))
			fuzz_fail("the raw blob does not read back");
		diag_fini(&r);
		buf_free(&raw);
		fuzz_listing_round_trip(p, res.table.target, &arena);
		const struct arch_info *arches[ARCH_COUNT];
		for (size_t i = 0; i < res.table.narches; i++)
			arches[i] = res.table.arches[i].arch;
		fuzz_embed_outputs(p, res.table.target, arches, res.table.narches);
		/* Stats simulate every syscall of every arch on every argument
		 * region: one input in eight (by its hash) keeps the rate up. */
		if ((fuzz_hash(data, size) >> 16) % 8 == 0) {
			struct filter_stats st;
			stats_compute(p, arches, res.table.narches, &res.table, &st);
		}
		/* Three proofs more: one input in eight, of programs up to 512
		 * instructions, keeps the rate up. (With ERRNO as NOTIFY the
		 * program is proved against a copy of the table that compile.c
		 * keeps to itself.) */
		if ((fuzz_hash(data, size) >> 20) % 8 == 0 && p->len <= 512 && !co.notify_errno)
			two_threads_as_one(&res, fuzz_hash(data, size));
	}
	diag_fini(&d);
	arena_free(&arena);
	return 0;
}
