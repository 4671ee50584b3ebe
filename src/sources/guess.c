/* The guess source, only on request (--guess): the usual server names of
 * the domain (imap., mail., smtp., pop., the bare domain) are tried on the
 * standard ports with a real protocol greeting, TLS verified, no login. What
 * answers is offered clearly marked as a guess: nobody confirmed it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"
#include "util/text.h"

static const struct service {
	const char *scheme;
	mailcfg_protocol protocol;
	mailcfg_encryption encryption;
	unsigned port;
	const char *hosts[4]; /* prefixes, "" for the bare domain */
} services[] = {
    {"imaps", MAILCFG_PROTOCOL_IMAP, MAILCFG_ENCRYPTION_SSL, 993, {"imap.", "mail.", "", NULL}},
    {"imap", MAILCFG_PROTOCOL_IMAP, MAILCFG_ENCRYPTION_STARTTLS, 143, {"imap.", "mail.", "", NULL}},
    {"pop3s", MAILCFG_PROTOCOL_POP3, MAILCFG_ENCRYPTION_SSL, 995, {"pop.", "pop3.", "mail.", ""}},
    {"pop3",
     MAILCFG_PROTOCOL_POP3,
     MAILCFG_ENCRYPTION_STARTTLS,
     110,
     {"pop.", "pop3.", "mail.", ""}},
    {"smtps", MAILCFG_PROTOCOL_SMTP, MAILCFG_ENCRYPTION_SSL, 465, {"smtp.", "mail.", "", NULL}},
    {"smtp", MAILCFG_PROTOCOL_SMTP, MAILCFG_ENCRYPTION_STARTTLS, 587, {"smtp.", "mail.", "", NULL}},
};
#define SERVICES (sizeof services / sizeof services[0])
#define HOSTS    4

/* What each probe came to: stage = service * HOSTS + host. */
struct probes {
	bool done[SERVICES * HOSTS], ok[SERVICES * HOSTS];
	int started;
	bool answered; /* some probe got an answer: a greeting, a refusal, no such name */
};

static void build(struct mc_session *s, struct mc_outcome *o, const struct probes *p)
{
	const char *domain = mc_session_domain(s);
	struct mc_provider *m = calloc(1, sizeof *m);
	char origin[600];
	size_t n = (size_t)snprintf(origin, sizeof origin, "guess:");
	bool ok = m != NULL;
	for (size_t i = 0; ok && i < SERVICES; i++)
		for (size_t h = 0; h < HOSTS && services[i].hosts[h]; h++) {
			if (!p->ok[i * HOSTS + h])
				continue;
			char host[300];
			snprintf(host, sizeof host, "%s%s", services[i].hosts[h], domain);
			struct mc_mserver *sv = &m->servers[m->server_count++];
			sv->protocol = services[i].protocol;
			sv->encryption = services[i].encryption;
			sv->port = services[i].port;
			sv->auth = MAILCFG_AUTH_PASSWORD_CLEARTEXT;
			sv->host = strdup(host);
			sv->username = strdup("%EMAILADDRESS%");
			ok = sv->host && sv->username;
			if (n < sizeof origin)
				n += (size_t)snprintf(origin + n, sizeof origin - n, " %s:%u", host,
				                      services[i].port);
			break; /* the first name that greets, per service */
		}
	if (ok && m->server_count == 0) {
		mc_provider_free(m);
		/* nothing reachable at all is a network problem, not an answer */
		o->state = p->answered ? MC_NOTHING : MC_FAILED;
		snprintf(o->why, sizeof o->why, "no usual server name of %s greeted", domain);
		return;
	}
	struct mc_mnote *note = ok ? &m->notes[m->note_count++] : NULL;
	if (note) {
		note->kind = MAILCFG_NOTE_UNCERTAIN;
		note->en = strdup("These settings were guessed: the usual server names answered "
		                  "with a mail protocol greeting, but nobody has confirmed them. "
		                  "Ask the provider if something does not work.");
		note->de = strdup("Diese Einstellungen sind geraten: die üblichen Servernamen "
		                  "antworteten mit einer Begrüßung des Mailprotokolls, bestätigt "
		                  "hat sie niemand. Im Zweifel beim Anbieter nachfragen.");
		ok = note->en && note->de;
	}
	mc_outcome_found(o, m, ok, domain, "guess", origin);
}

static void on_probe(struct mc_session *s, enum mc_src src, int stage, bool ok, const char *body,
                     size_t len, const char *url, bool network, const char *why)
{
	(void)body, (void)len, (void)url, (void)why;
	struct mc_outcome *o = mc_session_outcome(s, src);
	struct probes *p = o->records;
	if (o->state != MC_PENDING || !p)
		return;
	p->done[stage] = true;
	p->ok[stage] = ok;
	p->answered |= ok || !network;
	if (mc_session_busy(s, src) > 0)
		return;
	build(s, o, p);
	free(o->records);
	o->records = NULL;
	mc_session_finish(s, src);
}

bool mc_guess_at_deadline(struct mc_session *s)
{
	struct mc_outcome *o = mc_session_outcome(s, MC_SRC_GUESS);
	struct probes *p = o->records;
	if (o->state != MC_PENDING || !p)
		return false;
	/* names that never answered must not hide those that greeted */
	build(s, o, p);
	free(o->records);
	o->records = NULL;
	if (o->state != MC_FOUND) {
		o->state = MC_FAILED;
		snprintf(o->why, sizeof o->why, "no usual server name greeted within the deadline");
	}
	return true;
}

void mc_guess_start(struct mc_session *s)
{
	struct mc_outcome *o = mc_session_outcome(s, MC_SRC_GUESS);
	struct probes *p = calloc(1, sizeof *p);
	if (!p) {
		o->state = MC_FAILED;
		snprintf(o->why, sizeof o->why, "out of memory");
		mc_session_finish(s, MC_SRC_GUESS);
		return;
	}
	o->records = p;
	const char *domain = mc_session_domain(s);
	for (size_t i = 0; i < SERVICES; i++)
		for (size_t h = 0; h < HOSTS && services[i].hosts[h]; h++) {
			char url[400], why[200];
			snprintf(url, sizeof url, "%s://%s%s:%u/", services[i].scheme,
			         services[i].hosts[h], domain, services[i].port);
			bool starttls = services[i].encryption == MAILCFG_ENCRYPTION_STARTTLS;
			if (mc_probe(s, MC_SRC_GUESS, (int)(i * HOSTS + h), url, starttls, on_probe,
			             why, sizeof why))
				p->started++;
		}
	if (p->started == 0) {
		free(p);
		o->records = NULL;
		o->state = MC_NOTHING;
		snprintf(o->why, sizeof o->why, "no probe could be started");
		mc_session_finish(s, MC_SRC_GUESS);
	}
}
