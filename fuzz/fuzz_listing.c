/*
 * fuzz_listing.c - libFuzzer target: listing text -> program -> listing ->
 * program, which must be the same program (the assembler and disassembler
 * agree on everything the reader accepts), and the validator on it.
 */
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena arena;
	arena_init(&arena);
	struct diag d;
	diag_init(&d, NULL);
	struct bpf_prog prog;
	if (bpf_read_listing((const char *)data, size, "fuzz.s", &arena, &prog, &d)) {
		if (prog.len == 0)
			fuzz_fail("a listing read as an empty program");
		const struct arch_info *arch = arch_get((enum arch_id)(fuzz_hash(data, size) % ARCH_COUNT));
		fuzz_listing_round_trip(&prog, arch, &arena);
		fuzz_listing_round_trip(&prog, NULL, &arena);
		struct diag v;
		diag_init(&v, NULL);
		if (bpf_validate(&prog, &v) != (v.errors == 0))
			fuzz_fail("the validator's answer and its messages disagree");
		diag_fini(&v);
	} else if (d.errors == 0) {
		fuzz_fail("a listing was refused without a message");
	}
	diag_fini(&d);
	arena_free(&arena);
	return 0;
}
