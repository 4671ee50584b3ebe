/* The hash of the built-in domain index: the generator builds an
 * open-addressing table with it (mc_builtin_domain_slots), the library
 * probes the table with it. One definition, so the two always agree. */
#ifndef MC_DOMHASH_H
#define MC_DOMHASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a over the lowercase domain: short keys, a few hundred of them; a
 * multiply per byte is cheap next to the memcmp it saves. */
#define MC_DOMAIN_HASH_INIT 2166136261u

/* One byte more: callers that lowercase a domain hash it in the same loop. */
static inline uint32_t mc_domain_hash_step(uint32_t h, unsigned char c)
{
	return (h ^ c) * 16777619u;
}

static inline uint32_t mc_domain_hash(const char *s, size_t n)
{
	uint32_t h = MC_DOMAIN_HASH_INIT;
	for (size_t i = 0; i < n; i++)
		h = mc_domain_hash_step(h, (unsigned char)s[i]);
	return h;
}

#endif
