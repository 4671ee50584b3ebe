/* The compiled provider database: tables written by tools/mailcfg-gen from
 * the files in data/providers. Strings are offsets into one constant pool, so the
 * tables need no relocation at start-up and no parsing at all. */
#ifndef MC_BUILTIN_H
#define MC_BUILTIN_H

#include <stddef.h>
#include <stdint.h>

#define MC_NO_PROVIDER 0xFFFFu

struct mc_bserver {
	uint32_t host, username, rule_en, rule_de; /* 0: absent */
	uint16_t port;
	uint8_t protocol, encryption, auth, unusual;
};

struct mc_bnote {
	uint32_t en, de, url; /* url 0: absent */
	uint8_t kind;
};

struct mc_bprovider {
	uint32_t id, name, documentation, verified; /* documentation 0: absent */
	uint16_t successor;                         /* index, or MC_NO_PROVIDER */
	uint16_t first_server, first_note, first_source, domain_count;
	uint8_t server_count, note_count, source_count, status;
};

/* A key (domain, pattern suffix or name key) and the provider it leads to. */
struct mc_bkey {
	uint32_t key;
	uint16_t provider;
};

struct mc_binfo {
	uint32_t providers, domains, patterns, names, mx_hosts, mx_suffixes, unverified;
	const char *oldest, *newest, *sha256;
};

extern const char mc_builtin_strings[];
extern const struct mc_bprovider mc_builtin_providers[]; /* sorted by id */
extern const struct mc_bserver mc_builtin_servers[];
extern const struct mc_bnote mc_builtin_notes[];
extern const uint32_t mc_builtin_sources[];
extern const struct mc_bkey mc_builtin_domains[];     /* sorted by key */
extern const struct mc_bkey mc_builtin_patterns[];    /* "*.x.y" stored as "x.y" */
extern const struct mc_bkey mc_builtin_names[];       /* name keys, see mc_name_key */
extern const struct mc_bkey mc_builtin_mx_hosts[];    /* exact MX host names */
extern const struct mc_bkey mc_builtin_mx_suffixes[]; /* "*.x.y" stored as "x.y" */
extern const struct mc_binfo mc_builtin_info;
/* Hash index over mc_builtin_domains (see domhash.h): a power-of-two table
 * of index + 1, 0 for an empty slot, probed linearly; at most half full. */
extern const uint16_t mc_builtin_domain_slots[];
extern const uint32_t mc_builtin_domain_slot_mask;

static inline const char *mc_bstr(uint32_t off)
{
	return mc_builtin_strings + off;
}

/* Provider index for an exact domain, pattern suffix, name key or id; -1. */
int mc_builtin_find_domain(const char *domain);
int mc_builtin_find_domain_n(const char *domain, size_t len); /* need not end in NUL */
/* The same with HASH = mc_domain_hash(DOMAIN, LEN) already computed. */
int mc_builtin_find_domain_hashed(const char *domain, size_t len, uint32_t hash);
int mc_builtin_find_pattern(const char *domain); /* tries every parent */
int mc_builtin_find_name(const char *key);
int mc_builtin_find_mx(const char *host); /* exact, then every parent */
int mc_builtin_find_id(const char *id);

#endif
