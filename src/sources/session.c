/* One online lookup: every enabled source starts at once on one event loop
 * (libcurl multi for HTTPS, c-ares for DNS, no threads) under one deadline;
 * the highest-priority source that answers wins and the rest are cancelled.
 * This file holds the loop, the choice of the winner and the module's
 * entry point. */
#include <sys/select.h> /* ares.h needs fd_set */

#include <ares.h>
#include <curl/curl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/serialize.h"
#include "db/validate.h"
#include "session.h"
#include "util/text.h"

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double mc_session_elapsed(const struct mc_session *s)
{
	return now_seconds() - s->start;
}

const mailcfg_ctx *mc_session_ctx(const struct mc_session *s)
{
	return s->ctx;
}

const char *mc_session_domain(const struct mc_session *s)
{
	return s->domain;
}

const char *mc_session_address(const struct mc_session *s)
{
	return s->address[0] ? s->address : NULL;
}

struct mc_outcome *mc_session_outcome(struct mc_session *s, enum mc_src src)
{
	return &s->out[src];
}

int mc_session_busy(const struct mc_session *s, enum mc_src src)
{
	return s->busy[src];
}

static const char *src_name(enum mc_src src)
{
	static const char *const names[] = {"autoconfig", "ispdb", "mx", "srv", "guess"};
	return names[src];
}

void mc_session_log(struct mc_session *s, const char *fmt, ...)
{
	if (!s->o->log)
		return;
	char line[1024];
	int n = snprintf(line, sizeof line, "[%4.0f ms] ", mc_session_elapsed(s) * 1000);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(line + n, sizeof line - (size_t)n, fmt, ap);
	va_end(ap);
	s->o->log(s->o->log_userdata, line);
}

/* Decide once every source of higher priority has finished (every source,
 * when all of them are wanted). */
static void decide(struct mc_session *s)
{
	if (s->o->all_sources) {
		for (int i = 0; i < MC_SRC_COUNT; i++)
			if (s->enabled[i] && s->out[i].state == MC_PENDING)
				return;
		for (int i = 0; i < MC_SRC_COUNT && s->winner < 0; i++)
			if (s->enabled[i] && s->out[i].state == MC_FOUND)
				s->winner = i;
		s->done = true;
		return;
	}
	for (int i = 0; i < MC_SRC_COUNT; i++) {
		if (!s->enabled[i])
			continue;
		if (s->out[i].state == MC_PENDING)
			return;
		if (s->out[i].state == MC_FOUND) {
			s->winner = i;
			s->done = true;
			return;
		}
	}
	s->done = true; /* all finished, none found */
}

void mc_outcome_found(struct mc_outcome *o, struct mc_provider *m, bool ok, const char *domain,
                      const char *file, const char *origin)
{
	if (ok) {
		char id[41];
		mc_id_from_domain(domain, id, sizeof id);
		m->id = strdup(id);
		m->name = strdup(domain);
		m->file = strdup(file);
		m->verified = strdup("");
		m->sources.items = calloc(1, sizeof *m->sources.items);
		m->sources.lines = calloc(1, sizeof *m->sources.lines);
		if (m->sources.items && m->sources.lines && (m->sources.items[0] = strdup(origin)))
			m->sources.count = 1;
		ok = m->id && m->name && m->file && m->verified && m->sources.count == 1;
	}
	if (!ok) {
		mc_provider_free(m);
		o->state = MC_FAILED;
		snprintf(o->why, sizeof o->why, "out of memory");
		return;
	}
	o->model = m;
	o->state = MC_FOUND;
	snprintf(o->origin, sizeof o->origin, "%s", origin);
}

void mc_session_finish(struct mc_session *s, enum mc_src src)
{
	struct mc_outcome *o = &s->out[src];
	o->finished = mc_session_elapsed(s);
	mc_session_log(s, "%s: %s%s", src_name(src),
	               o->state == MC_FOUND     ? "found, from "
	               : o->state == MC_NOTHING ? "nothing: "
	                                        : "failed: ",
	               o->state == MC_FOUND ? o->origin : o->why);
	decide(s);
}

/* The deadline of S passed: what has not answered failed. */
static void expire(struct mc_session *s)
{
	for (int i = 0; i < MC_SRC_COUNT; i++)
		if (s->enabled[i] && s->out[i].state == MC_PENDING) {
			if (i == MC_SRC_GUESS && mc_guess_at_deadline(s))
				continue;
			s->out[i].state = MC_FAILED;
			snprintf(s->out[i].why, sizeof s->out[i].why,
			         "no answer within the deadline of %.1f s", s->timeout);
			mc_session_log(s, "%s: deadline reached", src_name((enum mc_src)i));
		}
	if (!s->done)
		decide(s);
}

/* The loop: wait on curl's sockets and c-ares' sockets together, for every
 * session of the batch, each under its own deadline. */
void mc_engine_run(struct mc_engine *e, struct mc_session **ss, size_t n)
{
	for (;;) {
		double now = now_seconds(), first = 0;
		bool busy = false;
		for (size_t k = 0; k < n; k++) {
			struct mc_session *s = ss[k];
			if (!s->done && s->deadline <= now)
				expire(s);
			if (s->done) {
				mc_http_cancel(s); /* the answer is known: stop the rest */
				continue;
			}
			if (!busy || s->deadline < first)
				first = s->deadline;
			busy = true;
		}
		if (!busy)
			break;
		struct curl_waitfd extra[ARES_GETSOCK_MAXNUM];
		unsigned nfd = 0;
		long timeout_ms = (long)((first - now) * 1000) + 1;
		if (e->ares_ok) {
			ares_socket_t socks[ARES_GETSOCK_MAXNUM];
			/* the bit tests by hand: c-ares' macros shift a signed int
			 * into its sign bit for the last writable socket */
			unsigned bits = (unsigned)ares_getsock(e->ares, socks, ARES_GETSOCK_MAXNUM);
			for (unsigned i = 0; i < ARES_GETSOCK_MAXNUM; i++) {
				short ev = 0;
				if ((bits >> i) & 1u)
					ev |= CURL_WAIT_POLLIN;
				if ((bits >> (i + ARES_GETSOCK_MAXNUM)) & 1u)
					ev |= CURL_WAIT_POLLOUT;
				if (ev)
					extra[nfd++] = (struct curl_waitfd){socks[i], ev, 0};
			}
			struct timeval tv, *tvp = ares_timeout(e->ares, NULL, &tv);
			if (tvp) {
				long ms = tvp->tv_sec * 1000 + tvp->tv_usec / 1000 + 1;
				if (ms < timeout_ms)
					timeout_ms = ms;
			}
		}
		long curl_ms = -1;
		curl_multi_timeout(e->multi, &curl_ms);
		if (curl_ms >= 0 && curl_ms < timeout_ms)
			timeout_ms = curl_ms;
		curl_multi_poll(e->multi, extra, nfd, (int)(timeout_ms > 0 ? timeout_ms : 0), NULL);
		if (e->ares_ok) {
			for (unsigned i = 0; i < nfd; i++)
				ares_process_fd(
				    e->ares,
				    extra[i].revents & CURL_WAIT_POLLIN ? extra[i].fd
				                                        : ARES_SOCKET_BAD,
				    extra[i].revents & CURL_WAIT_POLLOUT ? extra[i].fd
				                                         : ARES_SOCKET_BAD);
			/* lets c-ares retry and time out queries */
			ares_process_fd(e->ares, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
		}
		mc_http_progress(e);
	}
}

void mc_net_global_init(void)
{
	static bool global_done;
	if (!global_done) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		ares_library_init(ARES_LIB_INIT_ALL);
		global_done = true;
	}
}

static mailcfg_source public_source(int src)
{
	static const mailcfg_source map[] = {MAILCFG_SOURCE_AUTOCONFIG, MAILCFG_SOURCE_ISPDB,
	                                     MAILCFG_SOURCE_MX, MAILCFG_SOURCE_SRV,
	                                     MAILCFG_SOURCE_GUESS};
	return map[src];
}

/* Fill R with the answer of source SRC. */
static void fill_from(struct mc_session *s, int src, mailcfg_result *r)
{
	{
		struct mc_outcome *o = &s->out[src];
		struct mc_hit hit = o->hit;
		snprintf(r->mx_host, sizeof r->mx_host, "%s", o->mx_host);
		if (o->model) {
			r->owned = o->model;
			o->model = NULL;
			hit = (struct mc_hit){-1, r->owned};
		}
		mc_result_fill(s->ctx, r, &hit);
		if (r->owned)
			r->user_data = false;
		r->source = public_source(src);
		snprintf(r->origin, sizeof r->origin, "%s", o->origin);
		r->untrusted = o->untrusted;
		r->cache_ttl = o->ttl;
	}
}

static bool same_servers(const mailcfg_result *a, const mailcfg_result *b)
{
	if (a->server_count != b->server_count)
		return false;
	for (size_t i = 0; i < a->server_count; i++) {
		const mailcfg_server *x = &a->servers[i], *y = &b->servers[i];
		if (x->protocol != y->protocol || x->port != y->port ||
		    x->encryption != y->encryption || strcmp(x->host, y->host) != 0)
			return false;
	}
	return true;
}

/* Put the winner into R (and, for all sources, the others beside it), or
 * explain why there is none. */
static int conclude(struct mc_session *s, mailcfg_result *r)
{
	if (s->winner >= 0) {
		fill_from(s, s->winner, r);
		for (int i = s->winner + 1; s->o->all_sources && i < MC_SRC_COUNT; i++) {
			if (!s->enabled[i] || s->out[i].state != MC_FOUND)
				continue;
			mailcfg_result *alt = calloc(1, sizeof *alt);
			if (!alt)
				break;
			mc_result_reset(alt, r->query, r->query_len);
			alt->q = r->q;
			alt->parsed = true;
			fill_from(s, i, alt);
			alt->alternative = true;
			alt->disagrees = !same_servers(r, alt);
			r->alt[r->alt_count++] = alt;
		}
		return MAILCFG_OK;
	}
	bool all_failed = true, any = false;
	size_t n =
	    (size_t)snprintf(r->message, sizeof r->message, "no settings found for %s", s->domain);
	for (int i = 0; i < MC_SRC_COUNT && n < sizeof r->message; i++) {
		if (!s->enabled[i])
			continue;
		any = true;
		all_failed &= s->out[i].state == MC_FAILED;
		n += (size_t)snprintf(r->message + n, sizeof r->message - n, "; %s: %s",
		                      src_name((enum mc_src)i), s->out[i].why);
	}
	if (any && all_failed) {
		r->status = MAILCFG_STATUS_ERROR;
		r->error = MAILCFG_ERR_TEMPORARY;
		return MAILCFG_ERR_TEMPORARY;
	}
	r->status = MAILCFG_STATUS_NOT_FOUND;
	r->error = MAILCFG_ERR_NOT_FOUND;
	return MAILCFG_ERR_NOT_FOUND;
}

/* Start the enabled sources of a lookup whose parsed query is in R. */
static void begin(struct mc_engine *e, struct mc_session *s, const mailcfg_ctx *ctx,
                  mailcfg_result *r)
{
	s->e = e;
	s->ctx = ctx;
	s->o = &ctx->online_options;
	s->r = r;
	s->winner = -1;
	s->start = now_seconds();
	s->timeout = s->o->timeout > 0 ? s->o->timeout : 5.0;
	s->deadline = s->start + s->timeout;
	for (int i = 0; i < MC_SRC_COUNT; i++)
		s->out[i].ttl = -1;
	snprintf(s->domain, sizeof s->domain, "%s", r->q.domain);
	if (r->q.kind == MAILCFG_QUERY_ADDRESS)
		snprintf(s->address, sizeof s->address, "%s", r->q.address);
	static const mailcfg_source bits[] = {MAILCFG_SOURCE_AUTOCONFIG, MAILCFG_SOURCE_ISPDB,
	                                      MAILCFG_SOURCE_MX, MAILCFG_SOURCE_SRV,
	                                      MAILCFG_SOURCE_GUESS};
	bool any = false;
	for (int i = 0; i < MC_SRC_COUNT; i++)
		any |= s->enabled[i] = ctx->sources & MAILCFG_SOURCE_BIT(bits[i]);
	/* guessing knocks on servers nobody named: only when asked for */
	if (!s->o->guess && s->enabled[MC_SRC_GUESS]) {
		s->enabled[MC_SRC_GUESS] = false;
		any = false;
		for (int i = 0; i < MC_SRC_COUNT; i++)
			any |= s->enabled[i];
	}
	if (!any) {
		s->done = true;
		return;
	}
	if (s->enabled[MC_SRC_AUTOCONFIG])
		mc_autoconfig_start(s);
	if (s->enabled[MC_SRC_ISPDB])
		mc_ispdb_start(s);
	if (s->enabled[MC_SRC_MX])
		mc_mx_start(s);
	if (s->enabled[MC_SRC_SRV])
		mc_srv_start(s);
	if (s->enabled[MC_SRC_GUESS])
		mc_guess_start(s);
}

static void free_session(struct mc_session *s)
{
	for (int i = 0; i < MC_SRC_COUNT; i++) {
		mc_provider_free(s->out[i].model);
		for (int k = 0; k < 8; k++)
			mc_provider_free(s->out[i].candidate[k]);
		free(s->out[i].records);
	}
	free(s);
}

#if defined(__GNUC__)
__attribute__((visibility("default")))
#endif
int mailcfg_net_discover_many(unsigned abi, const mailcfg_ctx *ctx, mailcfg_result *const *rs,
                              size_t n);

/* Online discovery for N lookups at once, on one loop; each result holds a
 * parsed query and gets its answer or the reason there is none. Returns
 * MAILCFG_OK, or an error that applies to all of them. */
int mailcfg_net_discover_many(unsigned abi, const mailcfg_ctx *ctx, mailcfg_result *const *rs,
                              size_t n)
{
	if (abi != MC_NET_ABI) {
		for (size_t k = 0; k < n; k++) {
			snprintf(rs[k]->message, sizeof rs[k]->message,
			         "the online discovery module does not match this mailcfg");
			rs[k]->status = MAILCFG_STATUS_ERROR;
			rs[k]->error = MAILCFG_ERR_IO;
		}
		return MAILCFG_ERR_IO;
	}
	mc_net_global_init();
	struct mc_engine e = {.o = &ctx->online_options};
	struct mc_session **ss = calloc(n ? n : 1, sizeof *ss);
	bool ok = ss != NULL;
	for (size_t k = 0; ok && k < n; k++)
		ok = (ss[k] = calloc(1, sizeof **ss)) != NULL;
	int rc = MAILCFG_OK;
	if (ok && mc_http_init(&e) && mc_dns_init(&e)) {
		for (size_t k = 0; k < n; k++)
			begin(&e, ss[k], ctx, rs[k]);
		mc_engine_run(&e, ss, n);
		for (size_t k = 0; k < n; k++)
			conclude(ss[k], rs[k]);
	} else {
		for (size_t k = 0; k < n; k++) {
			snprintf(rs[k]->message, sizeof rs[k]->message,
			         "online discovery could not start: %s",
			         ok ? e.init_error : "out of memory");
			rs[k]->status = MAILCFG_STATUS_ERROR;
			rs[k]->error = MAILCFG_ERR_IO;
		}
		rc = MAILCFG_ERR_IO;
	}
	/* c-ares first: its callbacks still refer to the sessions */
	mc_dns_cleanup(&e);
	mc_http_cleanup(&e);
	for (size_t k = 0; ss && k < n; k++)
		if (ss[k])
			free_session(ss[k]);
	free(ss);
	return rc;
}

#if defined(__GNUC__)
__attribute__((visibility("default")))
#endif
int mailcfg_net_discover(unsigned abi, const mailcfg_ctx *ctx, mailcfg_result *r);

int mailcfg_net_discover(unsigned abi, const mailcfg_ctx *ctx, mailcfg_result *r)
{
	mailcfg_result *one[1] = {r};
	int rc = mailcfg_net_discover_many(abi, ctx, one, 1);
	if (rc != MAILCFG_OK)
		return rc;
	return r->status == MAILCFG_STATUS_FOUND ? MAILCFG_OK : r->error;
}

#if defined(__GNUC__)
__attribute__((visibility("default")))
#endif
int mailcfg_net_import(unsigned abi, const char *xml, size_t len, const char *origin,
                       char **json, char *why, size_t whysize);

/* `mailcfg import`: an autoconfig document as a provider file for review.
 * The result is validated like any provider file before it is handed out. */
int mailcfg_net_import(unsigned abi, const char *xml, size_t len, const char *origin, char **json,
                       char *why, size_t whysize)
{
	*json = NULL;
	if (abi != MC_NET_ABI) {
		snprintf(why, whysize, "the online discovery module does not match this mailcfg");
		return MAILCFG_ERR_IO;
	}
	struct mc_provider *m = mc_autoconfig_parse(xml, len, "imported", origin, why, whysize);
	if (!m)
		return MAILCFG_ERR_DATA;
	/* the id: the first domain the document names, written as an id */
	char id[41];
	const char *src = m->domains.count ? m->domains.items[0] : "imported";
	mc_id_from_domain(src, id, sizeof id);
	free(m->id);
	m->id = strdup(id);
	if (strcmp(m->name, "imported") == 0) {
		free(m->name);
		m->name = strdup(src);
	}
	struct mc_mnote *note = m->note_count < MC_MAX_NOTES ? &m->notes[m->note_count++] : NULL;
	if (note) {
		note->kind = MAILCFG_NOTE_UNCERTAIN;
		note->en =
		    strdup("Imported from an autoconfig file: check every setting against the "
		           "provider's own help pages, then set \"verified\".");
		note->de =
		    strdup("Aus einer Autoconfig-Datei übernommen: jede Einstellung mit den "
		           "Hilfeseiten des Anbieters abgleichen, dann \"verified\" setzen.");
	}
	int rc = MAILCFG_OK;
	char *text =
	    m->id && m->name && note && note->en && note->de ? mc_provider_to_json(m) : NULL;
	if (!text) {
		snprintf(why, whysize, "out of memory");
		rc = MAILCFG_ERR_NOMEM;
	} else {
		/* what we hand out must pass the validator a data author will run */
		char path[64];
		snprintf(path, sizeof path, "%s.json", m->id);
		struct mc_diag d = {NULL, NULL, 0, false};
		struct mc_provider *check = mc_validate_file(path, text, strlen(text), &d);
		if (!check) {
			snprintf(why, whysize,
			         "the document's settings do not make a valid provider file (%u "
			         "problems; e.g. a domain without mail servers for it)",
			         d.errors);
			free(text);
			text = NULL;
			rc = MAILCFG_ERR_DATA;
		}
		mc_provider_free(check);
	}
	mc_provider_free(m);
	*json = text;
	return rc;
}
