/* DNS for the online sources, through c-ares on the session's loop. */
#include <arpa/nameser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

struct query {
	struct mc_session *s;
	enum mc_src src;
	int stage;
	mc_dns_done done;
};

bool mc_dns_init(struct mc_engine *s)
{
	struct ares_options opts = {0};
	/* a few tries inside the deadline, not c-ares' default 5 s x 4 */
	opts.timeout = 1000;
	opts.tries = 2;
	int optmask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES;
	int rc = ares_init_options(&s->ares, &opts, optmask);
	if (rc != ARES_SUCCESS) {
		snprintf(s->init_error, sizeof s->init_error, "c-ares: %s", ares_strerror(rc));
		return false;
	}
	s->ares_ok = true;
	if (s->o->dns_server) {
		rc = ares_set_servers_ports_csv(s->ares, s->o->dns_server);
		if (rc != ARES_SUCCESS) {
			snprintf(s->init_error, sizeof s->init_error, "--dns-server %.100s: %s",
			         s->o->dns_server, ares_strerror(rc));
			return false;
		}
	}
	return true;
}

static void on_answer(void *arg, int status, int timeouts, unsigned char *abuf, int alen)
{
	(void)timeouts;
	struct query *q = arg;
	struct mc_session *s = q->s;
	if (status != ARES_ECANCELLED && status != ARES_EDESTRUCTION) {
		s->busy[q->src]--;
		if (!s->done)
			q->done(s, q->src, q->stage, status, abuf, alen);
	}
	free(q);
}

void mc_dns_query(struct mc_session *s, enum mc_src src, int stage, const char *name, int type,
                  mc_dns_done done)
{
	struct query *q = malloc(sizeof *q);
	if (!q) {
		done(s, src, stage, ARES_ENOMEM, NULL, 0);
		return;
	}
	*q = (struct query){s, src, stage, done};
	s->busy[src]++;
	mc_session_log(s, "DNS %s %s",
	               type == ns_t_mx    ? "MX"
	               : type == ns_t_srv ? "SRV"
	                                  : "?",
	               name);
	ares_query(s->e->ares, name, ns_c_in, type, on_answer, q);
}

struct resolving {
	struct mc_session *s;
	void *xfer;
};

static void on_addrinfo(void *arg, int status, int timeouts, struct ares_addrinfo *ai)
{
	(void)timeouts;
	struct resolving *rv = arg;
	if (status != ARES_ECANCELLED && status != ARES_EDESTRUCTION && !rv->s->done)
		mc_http_resolved(rv->s, rv->xfer, status, ai);
	if (ai)
		ares_freeaddrinfo(ai);
	free(rv);
}

void mc_resolve_host(struct mc_session *s, const char *host, void *xfer)
{
	struct resolving *rv = malloc(sizeof *rv);
	if (!rv) {
		mc_http_resolved(s, xfer, ARES_ENOMEM, NULL);
		return;
	}
	*rv = (struct resolving){s, xfer};
	struct ares_addrinfo_hints hints = {0};
	hints.ai_family = AF_UNSPEC;
	hints.ai_flags = ARES_AI_NOSORT;
	ares_getaddrinfo(s->e->ares, host, NULL, &hints, on_addrinfo, rv);
}

void mc_dns_cleanup(struct mc_engine *s)
{
	if (s->ares_ok) {
		/* calls every pending callback with ARES_EDESTRUCTION */
		ares_destroy(s->ares);
		s->ares_ok = false;
	}
}
