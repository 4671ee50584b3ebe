/* The library's internal types: the context, a parsed query, the result.
 * Shared by src/core, src/db and src/output; never installed. */
#ifndef MC_INTERNAL_H
#define MC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "../db/model.h"
#include "mailcfg.h"

/* A query taken apart and normalized. */
struct mc_query {
	mailcfg_query_kind kind;
	char domain[254];     /* lowercase ASCII (A-labels); "" for a name */
	char domain_u8[1024]; /* Unicode form when it differs, else "" */
	char local[256];      /* part before '@', as typed */
	char address[600];    /* local@domain, domain in ASCII */
	char key[256];        /* name key (mc_name_key) for name lookups */
	char why[256];        /* why the query is invalid */
};

/* Parse TEXT[0..LEN) into Q. Returns 0 or MAILCFG_ERR_INVALID_QUERY with
 * the reason in Q->why. */
int mc_query_parse(const char *text, size_t len, struct mc_query *q);

/* Normalize a domain to lowercase ASCII; 0 or -1 with a reason in WHY. */
int mc_domain_normalize(const char *s, size_t len, char *out, size_t outsize, char *u8,
                        size_t u8size, char *why, size_t whysize);

/* International domain names (libidn2). */
int mc_idn_to_ascii(const char *in, size_t len, char *out, size_t outsize, char *why,
                    size_t whysize);
int mc_idn_to_unicode(const char *ascii, char *out, size_t outsize, char *why, size_t whysize);

/* One user provider index entry. */
struct mc_ukey {
	const char *key;
	size_t provider;
};

struct mailcfg_ctx {
	struct mc_provider **user;
	size_t user_count;
	struct mc_ukey *user_domains, *user_patterns, *user_names, *user_mx_hosts,
	    *user_mx_suffixes;
	size_t user_domain_count, user_pattern_count, user_name_count, user_mx_host_count,
	    user_mx_suffix_count;
	char (*user_name_keys)[256];
	bool online;
	mailcfg_online_options online_options;
	unsigned sources; /* MAILCFG_SOURCE_BIT()s allowed; never 0 */
};

struct mailcfg_result {
	mailcfg_status status;
	int error;
	char message[512];
	char query[MAILCFG_MAX_QUERY + 1]; /* raw bytes as given, truncated */
	size_t query_len;
	bool query_truncated;
	struct mc_query q;
	bool parsed; /* q holds a valid parse */
	mailcfg_source source;
	char mx_host[254];         /* "" unless answered by MX */
	bool user_data;            /* the provider came from the user's files */
	struct mc_provider *owned; /* an online answer's provider, freed on reset */
	char origin[600];          /* an online answer's URL or DNS names */
	bool untrusted;
	mailcfg_result *alt[4]; /* other sources' answers (all_sources) */
	size_t alt_count;
	bool cached;       /* an online answer read back from the cache */
	long cache_ttl;    /* seconds an online answer may be cached; -1: the default */
	bool needs_online; /* unanswered locally, waiting for a batch's network part */
	bool alternative;  /* this is another source's answer beside the winner */
	bool disagrees;    /* an alternative whose servers differ from the winner's */
	const char *provider_id, *provider_name, *successor_id, *successor_name;
	const char *documentation, *verified;
	mailcfg_provider_status provider_status;
	mailcfg_server servers[MC_MAX_SERVERS];
	size_t server_count;
	mailcfg_note notes[MC_MAX_NOTES];
	size_t note_count;
	const char *refs[MC_MAX_SOURCES];
	size_t ref_count;
	const char *suggestions[MC_MAX_SUGGESTIONS];
	size_t suggestion_count;
	char arena[16384]; /* filled-in host and user names */
	size_t arena_used;
};

/* Where a provider was found: a built-in index or a user provider. */
struct mc_hit {
	int builtin; /* index into mc_builtin_providers, or -1 */
	const struct mc_provider *user;
};

/* Find the provider for a domain or a name key; false when none. */
bool mc_find_domain(const mailcfg_ctx *ctx, const char *domain, struct mc_hit *hit);
bool mc_find_name(const mailcfg_ctx *ctx, const char *key, struct mc_hit *hit);
bool mc_find_mx(const mailcfg_ctx *ctx, const char *host, struct mc_hit *hit);

/* Fill R from HIT, filling placeholders from R->q. */
void mc_result_fill(const mailcfg_ctx *ctx, mailcfg_result *r, const struct mc_hit *hit);

/* Reset R for a new query holding TEXT[0..LEN). */
void mc_result_reset(mailcfg_result *r, const char *text, size_t len);

/* Make R an error result for TEXT[0..LEN) with code ERR and MESSAGE. */
void mc_result_set_error(mailcfg_result *r, const char *text, size_t len, int err,
                         const char *message);

/* Suggest close domains or provider names for R's unanswered query. */
void mc_suggest(const mailcfg_ctx *ctx, mailcfg_result *r);

/* Ask the network (the mailcfg-net module) for R's domain; R holds the
 * parsed query. Returns 0 (found), MAILCFG_ERR_NOT_FOUND or
 * MAILCFG_ERR_TEMPORARY, with R filled accordingly. */
int mc_online_lookup(const mailcfg_ctx *ctx, mailcfg_result *r);
/* The same for N results at once, on one event loop. */
int mc_online_lookup_many(const mailcfg_ctx *ctx, mailcfg_result *const *rs, size_t n);

/* The entry point of the mailcfg-net module and the version of the
 * structures it shares with the library: both sides must agree. */
#define MC_NET_ABI 2u
typedef int (*mc_net_entry)(unsigned abi, const mailcfg_ctx *ctx, mailcfg_result *r);
typedef int (*mc_net_many_fn)(unsigned abi, const mailcfg_ctx *ctx, mailcfg_result *const *rs,
                              size_t n);
typedef int (*mc_net_check_fn)(unsigned abi, const mailcfg_check_options *o,
                               const mailcfg_check_target *targets, size_t n,
                               mailcfg_check_report *reports);
typedef int (*mc_net_import_fn)(unsigned abi, const char *xml, size_t len, const char *origin,
                                char **json, char *why, size_t whysize);

/* Turn an autoconfig document into a provider file (JSON text to free),
 * through the mailcfg-net module. */
int mc_online_import(const char *xml, size_t len, const char *origin, char **json, char *why,
                     size_t whysize);

/* Live checks of mail servers, through the mailcfg-net module
 * (src/sources/check.c); MAILCFG_ERR_IO with REPORTS[0].reason set when the
 * module is not there. */
int mc_online_check(const mailcfg_check_options *o, const mailcfg_check_target *targets, size_t n,
                    mailcfg_check_report *reports);

/* The cache of online answers (src/core/cache.c): fill R from a fresh
 * entry for its domain and the options in use, or store R's answer. */
bool mc_cache_get(const mailcfg_ctx *ctx, mailcfg_result *r);
void mc_cache_put(const mailcfg_ctx *ctx, const mailcfg_result *r);

/* Look up the user provider with ID, or NULL. */
const struct mc_provider *mc_user_by_id(const mailcfg_ctx *ctx, const char *id);

#endif
