/* The SRV source (RFC 6186, RFC 8314): six DNS SRV look-ups name the IMAP,
 * POP3 and submission servers; implicit TLS first, a server outside the
 * mail domain is pointed out, since anyone controlling the domain's DNS
 * could send a client there. */
#include <arpa/nameser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/validate.h"
#include "dns_reply.h"
#include "session.h"
#include "util/text.h"

static const struct {
	const char *label;
	mailcfg_protocol protocol;
	mailcfg_encryption encryption;
} services[] = {
    {"_imaps._tcp", MAILCFG_PROTOCOL_IMAP, MAILCFG_ENCRYPTION_SSL},
    {"_imap._tcp", MAILCFG_PROTOCOL_IMAP, MAILCFG_ENCRYPTION_STARTTLS},
    {"_pop3s._tcp", MAILCFG_PROTOCOL_POP3, MAILCFG_ENCRYPTION_SSL},
    {"_pop3._tcp", MAILCFG_PROTOCOL_POP3, MAILCFG_ENCRYPTION_STARTTLS},
    {"_submissions._tcp", MAILCFG_PROTOCOL_SMTP, MAILCFG_ENCRYPTION_SSL},
    {"_submission._tcp", MAILCFG_PROTOCOL_SMTP, MAILCFG_ENCRYPTION_STARTTLS},
};
#define SERVICES (sizeof services / sizeof services[0])

struct record {
	int service;
	unsigned priority, weight, port;
	char target[254];
};

static int record_cmp(const void *a, const void *b)
{
	const struct record *x = a, *y = b;
	/* services are listed implicit TLS first within each protocol */
	if (x->service != y->service)
		return x->service - y->service;
	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	return x->weight > y->weight ? -1 : x->weight < y->weight;
}

static bool outside(const char *target, const char *domain)
{
	size_t t = strlen(target), d = strlen(domain);
	if (t == d)
		return strcmp(target, domain) != 0;
	return t < d + 1 || strcmp(target + t - d, domain) != 0 || target[t - d - 1] != '.';
}

#if defined(__GNUC__)
__attribute__((format(printf, 1, 0)))
#endif
static char *
dup_printf(const char *fmt, const char *a, const char *b);

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static char *dup_printf(const char *fmt, const char *a, const char *b)
{
	char buf[1024];
	snprintf(buf, sizeof buf, fmt, a, b);
	return strdup(buf);
}
#pragma GCC diagnostic pop

static void build(struct mc_session *s, struct mc_outcome *o)
{
	struct record *rec = o->records;
	qsort(rec, o->record_count, sizeof *rec, record_cmp);
	struct mc_provider *m = calloc(1, sizeof *m);
	const char *domain = mc_session_domain(s);
	bool ok = m != NULL;
	char origin[600];
	size_t n = (size_t)snprintf(origin, sizeof origin, "DNS SRV");
	for (size_t i = 0; ok && i < o->record_count && m->server_count < MC_MAX_SERVERS; i++) {
		struct mc_mserver *sv = &m->servers[m->server_count++];
		sv->protocol = services[rec[i].service].protocol;
		sv->encryption = services[rec[i].service].encryption;
		sv->port = rec[i].port;
		sv->auth = MAILCFG_AUTH_PASSWORD_CLEARTEXT;
		sv->host = strdup(rec[i].target);
		sv->username = strdup("%EMAILADDRESS%");
		sv->unusual = mc_port_unusual(sv->port, sv->encryption);
		ok = sv->host && sv->username;
		if (n < sizeof origin && (i == 0 || rec[i].service != rec[i - 1].service))
			n += (size_t)snprintf(origin + n, sizeof origin - n, " %s.%s",
			                      services[rec[i].service].label, domain);
		if (ok && outside(rec[i].target, domain) && m->note_count < MC_MAX_NOTES) {
			bool seen = false;
			for (size_t k = 0; k < i; k++)
				seen |= strcmp(rec[k].target, rec[i].target) == 0;
			if (!seen) {
				struct mc_mnote *note = &m->notes[m->note_count++];
				note->kind = MAILCFG_NOTE_INFO;
				note->en = dup_printf(
				    "The server %s is outside the mail domain %s: the "
				    "domain's DNS sends mail programs there. Make sure it "
				    "belongs to the provider before entering a password.",
				    rec[i].target, domain);
				note->de = dup_printf(
				    "Der Server %s liegt außerhalb der Maildomain %s: das "
				    "DNS der Domain verweist Mailprogramme dorthin. Vor der "
				    "Passworteingabe prüfen, dass er zum Anbieter gehört.",
				    rec[i].target, domain);
				ok = note->en && note->de;
			}
		}
	}
	mc_outcome_found(o, m, ok, domain, "DNS SRV", origin);
}

struct collect {
	struct mc_outcome *o;
	int stage;
};

static bool collect_record(void *ud, unsigned priority, unsigned weight, unsigned port,
                           const char *target)
{
	struct collect *c = ud;
	struct mc_outcome *o = c->o;
	struct record *rec = realloc(o->records, (o->record_count + 1) * sizeof *rec);
	if (!rec)
		return false; /* out of memory: keep what we have */
	o->records = rec;
	rec += o->record_count++;
	*rec = (struct record){c->stage, priority, weight, port, {0}};
	snprintf(rec->target, sizeof rec->target, "%s", target);
	return true;
}

static void on_srv(struct mc_session *s, enum mc_src src, int stage, int status,
                   const unsigned char *abuf, int alen)
{
	struct mc_outcome *o = mc_session_outcome(s, src);
	o->stage_done[stage] = true;
	struct collect c = {o, stage};
	if (status == ARES_SUCCESS)
		status = mc_dns_srv_targets(abuf, alen, collect_record, &c);
	if (status == ARES_SUCCESS) {
		long ttl = mc_dns_reply_ttl(abuf, alen);
		if (ttl >= 0 && (o->ttl < 0 || ttl < o->ttl))
			o->ttl = ttl;
	} else if (status != ARES_ENOTFOUND && status != ARES_ENODATA) {
		o->stage_network[stage] = true;
		snprintf(o->stage_why[stage], sizeof o->stage_why[stage], "%s.%s: %s",
		         services[stage].label, mc_session_domain(s), ares_strerror(status));
	}
	for (size_t i = 0; i < SERVICES; i++)
		if (!o->stage_done[i])
			return;
	if (o->record_count) {
		build(s, o);
	} else {
		bool all_network = true;
		for (size_t i = 0; i < SERVICES; i++)
			all_network &= o->stage_network[i];
		o->state = all_network ? MC_FAILED : MC_NOTHING;
		if (all_network)
			snprintf(o->why, sizeof o->why, "%.390s", o->stage_why[0]);
		else
			snprintf(o->why, sizeof o->why, "no IMAP, POP3 or submission SRV records");
	}
	free(o->records);
	o->records = NULL;
	mc_session_finish(s, src);
}

void mc_srv_start(struct mc_session *s)
{
	struct mc_outcome *o = mc_session_outcome(s, MC_SRC_SRV);
	o->stages = (int)SERVICES;
	for (size_t i = 0; i < SERVICES; i++) {
		char name[300];
		snprintf(name, sizeof name, "%s.%s", services[i].label, mc_session_domain(s));
		mc_dns_query(s, MC_SRC_SRV, (int)i, name, ns_t_srv, on_srv);
	}
}
