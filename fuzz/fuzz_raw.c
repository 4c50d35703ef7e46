/*
 * fuzz_raw.c - libFuzzer target: raw filter bytes, read in both byte orders
 * -> raw again (the same bytes) -> validate -> (when valid) simulate on the
 * seccomp_data its constants suggest, the arches it dispatches on and the
 * action cache's view -> listing round trip, and C, Go, Rust and base64
 * output (base64 decoding to the blob), whatever the validator says. (stats_compute() is left to fuzz_profile: on a blob
 * without a rule table it takes 0.3 s for a 91-instruction filter, 7 s
 * instrumented.)
 */
#include "fuzz.h"
#include "stats.h"

/* Runs prog on arch values and numbers taken from its own constants. */
static void simulate_some(const struct bpf_prog *prog, bool big_endian)
{
	struct bpf_input in;
	memset(&in, 0, sizeof in);
	in.big_endian = big_endian;
	for (size_t i = 0; i < prog->len && i < 64; i++) {
		uint32_t k = prog->insns[i].k;
		in.arch = i % 2 ? k : 0xc000003e;
		in.nr = (int32_t)k;
		for (int a = 0; a < 6; a++)
			in.args[a] = (uint64_t)k << (8 * a) | k;
		struct bpf_result r = bpf_simulate(prog, &in);
		if (r.executed == 0 || r.executed > prog->len)
			fuzz_fail("the simulator ran %zu instructions of %zu", r.executed, prog->len);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena arena;
	arena_init(&arena);
	bool guessed;
	(void)bpf_guess_endian(data, size, &guessed);
	for (int be = 0; be < 2; be++) {
		struct diag d;
		diag_init(&d, NULL);
		struct bpf_prog prog;
		if (!bpf_read_raw(data, size, be, &arena, &prog, &d)) {
			if (size && size % 8 == 0)
				fuzz_fail("a blob of %zu bytes was refused", size);
			diag_fini(&d);
			continue;
		}
		struct buf raw;
		buf_init(&raw);
		bpf_write_raw(&prog, be, &raw);
		if (raw.len != size || memcmp(raw.data, data, size) != 0)
			fuzz_fail("raw -> program -> raw changed the bytes");
		buf_free(&raw);
		const struct arch_info *arch = arch_get(be ? ARCH_S390X : ARCH_X86_64);
		fuzz_listing_round_trip(&prog, arch, &arena);
		fuzz_embed_outputs(&prog, arch, &arch, 1);
		if (bpf_validate(&prog, &d)) {
			simulate_some(&prog, be);
			const struct arch_info *found[ARCH_COUNT];
			size_t n = stats_find_arches(&prog, found, ARCH_COUNT);
			for (size_t i = 0; i < n; i++)
				for (uint32_t nr = 0; nr < 4; nr++)
					(void)stats_cache_allows(&prog, found[i]->audit_arch, nr);
		}
		diag_fini(&d);
	}
	arena_free(&arena);
	return 0;
}
