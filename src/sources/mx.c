/* The MX source: the domain's most preferred mail exchanger tells who hosts
 * its mail. Matched against the MX patterns of the built-in and the user's
 * data first; failing that, the exchanger's registrable domain (Public
 * Suffix List, libpsl) is looked up locally, then by autoconfig and ISPDB.
 * This is how info@mueller-gmbh.de on Microsoft 365 gets its answer. */
#include <arpa/nameser.h>
#include <libpsl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns_reply.h"
#include "session.h"
#include "util/text.h"

enum { STAGE_DNS, STAGE_AUTOCONFIG, STAGE_ISPDB, STAGES };

static void on_mx(struct mc_session *s, enum mc_src src, int stage, int status,
                  const unsigned char *abuf, int alen)
{
	(void)stage;
	struct mc_outcome *o = mc_session_outcome(s, src);
	const char *domain = mc_session_domain(s);
	if (status == ARES_ENOTFOUND || status == ARES_ENODATA) {
		o->state = MC_NOTHING;
		snprintf(o->why, sizeof o->why, "%s has no MX record", domain);
		mc_session_finish(s, src);
		return;
	}
	char host[254];
	if (status == ARES_SUCCESS)
		status = mc_dns_best_mx(abuf, alen, host, sizeof host);
	if (status == ARES_ENODATA) {
		o->state = MC_NOTHING;
		snprintf(o->why, sizeof o->why, "%s has no usable MX record", domain);
		mc_session_finish(s, src);
		return;
	}
	if (status != ARES_SUCCESS) {
		o->state = status == ARES_EBADRESP ? MC_NOTHING : MC_FAILED;
		snprintf(o->why, sizeof o->why, "MX look-up of %s: %s", domain,
		         ares_strerror(status));
		mc_session_finish(s, src);
		return;
	}
	o->ttl = mc_dns_reply_ttl(abuf, alen);
	snprintf(o->mx_host, sizeof o->mx_host, "%s", host);
	mc_session_log(s, "mx: %s has MX %s", domain, host);

	if (mc_find_mx(mc_session_ctx(s), host, &o->hit)) {
		o->state = MC_FOUND;
		snprintf(o->origin, sizeof o->origin, "MX %s", host);
		mc_session_finish(s, src);
		return;
	}
	const psl_ctx_t *psl = psl_latest(NULL);
	if (!psl)
		psl = psl_builtin();
	const char *base = psl ? psl_registrable_domain(psl, host) : NULL;
	if (!base || strcmp(base, domain) == 0) {
		o->state = MC_NOTHING;
		snprintf(o->why, sizeof o->why, "MX %s is %s", host,
		         base ? "the domain's own mail server" : "not under a registrable domain");
		if (psl && psl != psl_builtin())
			psl_free((psl_ctx_t *)psl);
		mc_session_finish(s, src);
		return;
	}
	char base_domain[254];
	snprintf(base_domain, sizeof base_domain, "%s", base);
	if (psl && psl != psl_builtin())
		psl_free((psl_ctx_t *)psl);
	if (mc_find_domain(mc_session_ctx(s), base_domain, &o->hit)) {
		o->state = MC_FOUND;
		snprintf(o->origin, sizeof o->origin, "MX %s (%s)", host, base_domain);
		mc_session_finish(s, src);
		return;
	}
	/* ask autoconfig and the ISPDB about the exchanger's domain */
	o->stages = STAGES;
	o->stage_done[STAGE_DNS] = true;
	char url[1024], why[256];
	mc_autoconfig_url(s, base_domain, 0, url, sizeof url);
	if (!mc_http_get(s, src, STAGE_AUTOCONFIG, url, mc_autoconfig_received, why, sizeof why))
		o->stage_done[STAGE_AUTOCONFIG] = true;
	mc_ispdb_url(s, base_domain, url, sizeof url);
	if (!mc_http_get(s, src, STAGE_ISPDB, url, mc_autoconfig_received, why, sizeof why))
		o->stage_done[STAGE_ISPDB] = true;
	if (mc_session_busy(s, src) == 0)
		mc_settle_candidates(s, src);
}

void mc_mx_start(struct mc_session *s)
{
	mc_dns_query(s, MC_SRC_MX, STAGE_DNS, mc_session_domain(s), ns_t_mx, on_mx);
}
