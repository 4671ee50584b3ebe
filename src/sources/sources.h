/* Online discovery: the sources that ask the network, run by one event
 * loop (libcurl multi + c-ares) under one deadline. Built into the module
 * mailcfg-net.so, which the library loads only when a lookup needs the
 * network, so an offline answer never loads libcurl or c-ares. */
#ifndef MC_SOURCES_H
#define MC_SOURCES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/internal.h"
#include "db/model.h"

#define MC_MAX_BODY      ((size_t)256 * 1024) /* largest response body accepted */
#define MC_MAX_REDIRECTS 3

/* The online sources in priority order: the first that answers wins. */
enum mc_src { MC_SRC_AUTOCONFIG, MC_SRC_ISPDB, MC_SRC_MX, MC_SRC_SRV, MC_SRC_GUESS, MC_SRC_COUNT };

/* Read an autoconfig (clientConfig 1.1) document into a provider model
 * named after DOMAIN, with ORIGIN as its source; NULL with the reason in
 * WHY when the document is malformed, hostile or holds an invalid value. */
struct mc_provider *mc_autoconfig_parse(const char *xml, size_t len, const char *domain,
                                        const char *origin, char *why, size_t whysize);

/* What one source came to. */
struct mc_outcome {
	enum { MC_PENDING, MC_FOUND, MC_NOTHING, MC_FAILED } state;
	struct mc_provider *model; /* FOUND from the network: owned */
	struct mc_hit hit;         /* FOUND in local data (MX pattern, base domain) */
	char origin[600];          /* URL or DNS name the answer came from */
	char mx_host[254];
	char why[400]; /* NOTHING or FAILED: what was tried and why it failed */
	bool untrusted;
	long ttl;        /* how long the answer may be cached, seconds; -1: unknown */
	double finished; /* seconds since start */
	/* work in progress of the source: candidate answers by stage */
	struct mc_provider *candidate[8];
	bool stage_done[8], stage_network[8];
	char stage_why[8][600];
	long stage_ttl[8];
	int stages;
	void *records; /* SRV records collected so far */
	size_t record_count;
};

struct mc_session;
struct mc_http;

/* Called when a transfer ends: OK with the body, or the failure in WHY;
 * NETWORK tells a network failure from an answer that says "nothing". */
typedef void (*mc_http_done)(struct mc_session *s, enum mc_src src, int stage, bool ok,
                             const char *body, size_t len, const char *url, bool network,
                             const char *why);
/* The max-age an HTTP response allows for the transfer that last finished
 * for SRC (set by http.c before its callback runs); -1: none given. */
long mc_http_last_max_age(const struct mc_session *s);

/* Called with a DNS answer (ares status, raw reply). */
typedef void (*mc_dns_done)(struct mc_session *s, enum mc_src src, int stage, int status,
                            const unsigned char *abuf, int alen);

/* The session of one lookup (defined in session.c). */
const mailcfg_ctx *mc_session_ctx(const struct mc_session *s);
const char *mc_session_domain(const struct mc_session *s);
const char *mc_session_address(const struct mc_session *s); /* NULL: domain query */
struct mc_outcome *mc_session_outcome(struct mc_session *s, enum mc_src src);
/* Name the provider model M built for DOMAIN from ORIGIN and make it O's
 * answer; OK false (or a failed allocation) makes O a failure instead. */
void mc_outcome_found(struct mc_outcome *o, struct mc_provider *m, bool ok, const char *domain,
                      const char *file, const char *origin);
/* Mark SRC finished; the session decides whether a winner is known. */
void mc_session_finish(struct mc_session *s, enum mc_src src);
void mc_session_log(struct mc_session *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
double mc_session_elapsed(const struct mc_session *s);

/* Start an HTTPS GET; false when it could not even be started (WHY set). */
bool mc_http_get(struct mc_session *s, enum mc_src src, int stage, const char *url,
                 mc_http_done done, char *why, size_t whysize);
/* Start a mail protocol probe (imaps://host:993/ and the like): TCP, TLS,
 * the greeting and capabilities, STARTTLS when STARTTLS is set; no login.
 * DONE gets OK when the server greeted properly. */
bool mc_probe(struct mc_session *s, enum mc_src src, int stage, const char *url, bool starttls,
              mc_http_done done, char *why, size_t whysize);
/* Start a DNS query of TYPE (ns_t_mx, ns_t_srv) for NAME. */
void mc_dns_query(struct mc_session *s, enum mc_src src, int stage, const char *name, int type,
                  mc_dns_done done);
/* Count of transfers and queries of SRC still running. */
int mc_session_busy(const struct mc_session *s, enum mc_src src);

/* The sources. Each starts its requests and later finishes its outcome. */
void mc_autoconfig_start(struct mc_session *s);
void mc_ispdb_start(struct mc_session *s);
void mc_mx_start(struct mc_session *s);
void mc_srv_start(struct mc_session *s);
void mc_guess_start(struct mc_session *s);
/* At the deadline: the probes that greeted so far are the guess. */
bool mc_guess_at_deadline(struct mc_session *s);
/* The autoconfig URL number WHICH (0: autoconfig.DOMAIN, 1: .well-known,
 * 2 and 3: the same over http) and the ISPDB URL of DOMAIN. */
void mc_autoconfig_url(struct mc_session *s, const char *domain, int which, char *out, size_t size);
void mc_ispdb_url(struct mc_session *s, const char *domain, char *out, size_t size);
/* The HTTP callback that parses an autoconfig document for SRC's stage. */
void mc_autoconfig_received(struct mc_session *s, enum mc_src src, int stage, bool ok,
                            const char *body, size_t len, const char *url, bool network,
                            const char *why);
/* SRC's stages are all done: settle on the first candidate, or why not. */
void mc_settle_candidates(struct mc_session *s, enum mc_src src);

#endif
