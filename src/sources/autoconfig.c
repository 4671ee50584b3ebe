/* The autoconfig sources: the provider's own autoconfig file, and the ISPDB
 * (Thunderbird's database of autoconfig files). Both fetch a clientConfig
 * document over HTTPS and read it with mc_autoconfig_parse. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

#define DEFAULT_ISPDB "https://autoconfig.thunderbird.net/v1.1/"

void mc_autoconfig_url(struct mc_session *s, const char *domain, int which, char *out, size_t size)
{
	const char *scheme = which >= 2 ? "http" : "https";
	/* the address goes out only when asked: the domain is enough */
	const char *addr = s->o->send_address ? mc_session_address(s) : NULL;
	if (which % 2 == 0)
		snprintf(out, size, "%s://autoconfig.%s/mail/config-v1.1.xml%s%s", scheme, domain,
		         addr ? "?emailaddress=" : "", addr ? addr : "");
	else
		snprintf(out, size, "%s://%s/.well-known/autoconfig/mail/config-v1.1.xml%s%s",
		         scheme, domain, addr ? "?emailaddress=" : "", addr ? addr : "");
}

void mc_ispdb_url(struct mc_session *s, const char *domain, char *out, size_t size)
{
	const char *base = s->o->ispdb_url;
	if (!base || !base[0])
		base = getenv("MAILCFG_ISPDB_URL");
	if (!base || !base[0])
		base = DEFAULT_ISPDB;
	size_t n = strlen(base);
	snprintf(out, size, "%s%s%s", base, n && base[n - 1] == '/' ? "" : "/", domain);
}

void mc_settle_candidates(struct mc_session *s, enum mc_src src)
{
	struct mc_outcome *o = mc_session_outcome(s, src);
	bool all_network = o->stages > 0;
	size_t n = 0;
	o->why[0] = '\0';
	for (int i = 0; i < o->stages; i++) {
		if (o->candidate[i] && o->state != MC_FOUND) {
			o->model = o->candidate[i];
			o->candidate[i] = NULL;
			o->state = MC_FOUND;
			if (src == MC_SRC_MX)
				snprintf(o->origin, sizeof o->origin, "MX %.253s: %.330s",
				         o->mx_host, o->stage_why[i]);
			else
				snprintf(o->origin, sizeof o->origin, "%s", o->stage_why[i]);
			o->untrusted = strncmp(o->origin, "http://", 7) == 0;
			o->ttl = o->stage_ttl[i];
		}
		all_network &= o->stage_network[i];
		if (!o->stage_why[i][0] || o->candidate[i])
			continue;
		if (n < sizeof o->why)
			n += (size_t)snprintf(o->why + n, sizeof o->why - n, "%s%s", n ? "; " : "",
			                      o->stage_why[i]);
	}
	for (int i = 0; i < o->stages; i++) {
		mc_provider_free(o->candidate[i]);
		o->candidate[i] = NULL;
	}
	if (o->state != MC_FOUND)
		o->state = all_network ? MC_FAILED : MC_NOTHING;
	mc_session_finish(s, src);
}

void mc_autoconfig_received(struct mc_session *s, enum mc_src src, int stage, bool ok,
                            const char *body, size_t len, const char *url, bool network,
                            const char *why)
{
	struct mc_outcome *o = mc_session_outcome(s, src);
	if (o->state != MC_PENDING)
		return; /* settled by an earlier stage already */
	o->stage_done[stage] = true;
	o->stage_network[stage] = network;
	if (ok) {
		char reason[256];
		o->candidate[stage] = mc_autoconfig_parse(body, len, mc_session_domain(s), url,
		                                          reason, sizeof reason);
		o->stage_ttl[stage] = mc_http_last_max_age(s);
		if (o->candidate[stage])
			snprintf(o->stage_why[stage], sizeof o->stage_why[stage], "%s", url);
		else
			snprintf(o->stage_why[stage], sizeof o->stage_why[stage],
			         "%.200s: rejected: %.250s", url, reason);
	} else {
		snprintf(o->stage_why[stage], sizeof o->stage_why[stage], "%s", why);
	}
	/* the first stage that answers settles it as soon as every stage
	 * before it is done: later ones only matter if earlier ones failed */
	bool earlier_done = true;
	for (int i = 0; i < o->stages; i++) {
		if (!o->stage_done[i]) {
			earlier_done = false;
			break;
		}
		if (o->candidate[i])
			break;
	}
	if (earlier_done && o->state == MC_PENDING)
		mc_settle_candidates(s, src);
}

static void start_urls(struct mc_session *s, enum mc_src src, char urls[][1024], int n)
{
	struct mc_outcome *o = mc_session_outcome(s, src);
	o->stages = n;
	for (int i = 0; i < n; i++) {
		char why[256];
		if (!mc_http_get(s, src, i, urls[i], mc_autoconfig_received, why, sizeof why)) {
			o->stage_done[i] = true;
			o->stage_network[i] = true;
			snprintf(o->stage_why[i], sizeof o->stage_why[i], "%s", why);
		}
	}
	if (mc_session_busy(s, src) == 0 && o->state == MC_PENDING)
		mc_settle_candidates(s, src);
}

void mc_autoconfig_start(struct mc_session *s)
{
	char urls[4][1024];
	int n = s->o->allow_http ? 4 : 2;
	for (int i = 0; i < n; i++)
		mc_autoconfig_url(s, mc_session_domain(s), i, urls[i], sizeof urls[i]);
	start_urls(s, MC_SRC_AUTOCONFIG, urls, n);
}

void mc_ispdb_start(struct mc_session *s)
{
	char urls[1][1024];
	mc_ispdb_url(s, mc_session_domain(s), urls[0], sizeof urls[0]);
	start_urls(s, MC_SRC_ISPDB, urls, 1);
}
