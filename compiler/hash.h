/*
 * hash.h - SHA-256 of a byte string, used to stamp generated output with the
 * profile it came from (the same digest `sha256sum PROFILE.json` prints).
 */
#ifndef SECCOMPC_HASH_H
#define SECCOMPC_HASH_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX_LEN 64

void sha256(const void *data, size_t len, uint8_t digest[32]);

/* Lower-case hex digest into out (SHA256_HEX_LEN + 1 bytes, NUL-terminated); returns out. */
char *sha256_hex(const void *data, size_t len, char out[SHA256_HEX_LEN + 1]);

#endif
