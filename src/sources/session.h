/* The session of one online lookup, shared by the loop, HTTP and DNS. */
#ifndef MC_SESSION_H
#define MC_SESSION_H

#include <sys/select.h> /* ares.h needs fd_set */

#include <ares.h>
#include <curl/curl.h>

#include "sources.h"

struct mc_xfer;

/* What the lookups of one call share: libcurl's multi handle, the c-ares
 * channel and the options. Several lookups (a batch) run on it at once. */
struct mc_engine {
	const mailcfg_online_options *o;
	char init_error[256];
	/* HTTP */
	CURLM *multi;
	struct curl_slist *resolve;
	char *ca_blob; /* --cacert, besides the system's CAs */
	size_t ca_len;
	bool ca_dir; /* the system's CAs from their hashed folder (http.c) */
	struct mc_xfer *xfers;
	/* DNS */
	ares_channel ares;
	bool ares_ok;
};

/* One lookup. */
struct mc_session {
	struct mc_engine *e;
	const mailcfg_ctx *ctx;
	const mailcfg_online_options *o;
	mailcfg_result *r;
	char domain[254];
	char address[600];
	double start, deadline, timeout;
	bool enabled[MC_SRC_COUNT];
	struct mc_outcome out[MC_SRC_COUNT];
	int busy[MC_SRC_COUNT];
	int winner; /* -1 until decided */
	bool done;
};

/* Extra work on a probe's libcurl handle, for live server checks: SETUP runs
 * when the transfer is created, FINISHED when libcurl ended it (before the
 * handle is freed) with libcurl's code and the addresses the host resolved
 * to; a transfer that never reached libcurl (no such name) gets only DONE. */
struct mc_probe_hooks {
	void (*setup)(CURL *easy, void *ud);
	void (*finished)(CURL *easy, CURLcode rc, const char *addresses, void *ud);
};
bool mc_probe_hooked(struct mc_session *s, enum mc_src src, int stage, const char *url,
                     bool starttls, const struct mc_probe_hooks *hooks, void *ud, mc_http_done done,
                     char *why, size_t whysize);

/* libcurl and c-ares set up once per process. */
void mc_net_global_init(void);
/* The loop: run every session of the batch until each has its answer or
 * its deadline passed. */
void mc_engine_run(struct mc_engine *e, struct mc_session **ss, size_t n);

bool mc_http_init(struct mc_engine *e);
/* Finish transfers that have ended, calling their callbacks. */
void mc_http_progress(struct mc_engine *e);
/* Drop the transfers of a session that has its answer. */
void mc_http_cancel(struct mc_session *s);
void mc_http_cleanup(struct mc_engine *e);
/* Resolve HOST for the transfer XFER; calls mc_http_resolved. */
void mc_resolve_host(struct mc_session *s, const char *host, void *xfer);
void mc_http_resolved(struct mc_session *s, void *xfer, int status, const struct ares_addrinfo *ai);
bool mc_dns_init(struct mc_engine *e);
void mc_dns_cleanup(struct mc_engine *e);

#endif
