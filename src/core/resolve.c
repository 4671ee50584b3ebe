/* The resolver: which provider answers a query. User providers come before
 * built-in ones; an exact domain before a domain pattern. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/builtin.h"
#include "../util/text.h"
#include "internal.h"

static int ukey_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct mc_ukey *)e)->key);
}

static const struct mc_provider *user_find(const mailcfg_ctx *ctx, const struct mc_ukey *t,
                                           size_t n, const char *key)
{
	if (!n)
		return NULL;
	const struct mc_ukey *k = bsearch(key, t, n, sizeof *t, ukey_cmp);
	return k ? ctx->user[k->provider] : NULL;
}

bool mc_find_domain(const mailcfg_ctx *ctx, const char *domain, struct mc_hit *hit)
{
	*hit = (struct mc_hit){-1, NULL};
	bool user = ctx->sources & MAILCFG_SOURCE_BIT(MAILCFG_SOURCE_USER);
	bool builtin = ctx->sources & MAILCFG_SOURCE_BIT(MAILCFG_SOURCE_BUILTIN);
	if (user && (hit->user = user_find(ctx, ctx->user_domains, ctx->user_domain_count, domain)))
		return true;
	if (builtin && (hit->builtin = mc_builtin_find_domain(domain)) >= 0)
		return true;
	for (const char *dot = strchr(domain, '.'); user && dot && ctx->user_pattern_count;
	     dot = strchr(dot + 1, '.'))
		if ((hit->user =
		         user_find(ctx, ctx->user_patterns, ctx->user_pattern_count, dot + 1)))
			return true;
	return builtin && (hit->builtin = mc_builtin_find_pattern(domain)) >= 0;
}

bool mc_find_name(const mailcfg_ctx *ctx, const char *key, struct mc_hit *hit)
{
	*hit = (struct mc_hit){-1, NULL};
	if ((ctx->sources & MAILCFG_SOURCE_BIT(MAILCFG_SOURCE_USER)) &&
	    (hit->user = user_find(ctx, ctx->user_names, ctx->user_name_count, key)))
		return true;
	return (ctx->sources & MAILCFG_SOURCE_BIT(MAILCFG_SOURCE_BUILTIN)) &&
	       (hit->builtin = mc_builtin_find_name(key)) >= 0;
}

bool mc_find_mx(const mailcfg_ctx *ctx, const char *host, struct mc_hit *hit)
{
	*hit = (struct mc_hit){-1, NULL};
	hit->user = user_find(ctx, ctx->user_mx_hosts, ctx->user_mx_host_count, host);
	for (const char *dot = strchr(host, '.'); !hit->user && dot && ctx->user_mx_suffix_count;
	     dot = strchr(dot + 1, '.'))
		hit->user =
		    user_find(ctx, ctx->user_mx_suffixes, ctx->user_mx_suffix_count, dot + 1);
	if (hit->user)
		return true;
	return (hit->builtin = mc_builtin_find_mx(host)) >= 0;
}

/* A provider given by name, id, alias or domain. */
static bool find_provider(const mailcfg_ctx *ctx, const char *name, struct mc_hit *hit)
{
	char key[256];
	size_t len = strlen(name);
	if (mc_name_key(name, len, key, sizeof key) && mc_find_name(ctx, key, hit))
		return true;
	struct mc_query q;
	return mc_query_parse(name, len, &q) == 0 && q.kind != MAILCFG_QUERY_NAME &&
	       mc_find_domain(ctx, q.domain, hit);
}

/* How the provider is chosen: by the query itself, by a name given with
 * it, or by the MX host of the query's domain. */
struct how {
	const char *provider;
	const char *mx;    /* normalized */
	bool defer_online; /* leave network look-ups to the caller (a batch) */
};

/* An online answer is kept for next time; a miss still gets suggestions. */
static void after_online(const mailcfg_ctx *ctx, mailcfg_result *r)
{
	if (r->status == MAILCFG_STATUS_FOUND)
		mc_cache_put(ctx, r);
	else if (r->status == MAILCFG_STATUS_NOT_FOUND)
		mc_suggest(ctx, r);
}

static int answer(const mailcfg_ctx *ctx, const struct how *how, const char *query, size_t len,
                  mailcfg_result *r)
{
	const char *provider = how->provider;
	mc_result_reset(r, query, len);
	struct mc_hit hit;
	if (how->mx && len == 0) {
		/* an MX host alone: the provider, nothing to fill in but %MXHOST% */
		r->parsed = true;
		memset(&r->q, 0, sizeof r->q);
		r->q.kind = MAILCFG_QUERY_NAME;
		snprintf(r->mx_host, sizeof r->mx_host, "%s", how->mx);
		if (!mc_find_mx(ctx, how->mx, &hit))
			goto not_found;
		mc_result_fill(ctx, r, &hit);
		r->source = MAILCFG_SOURCE_MX;
		return MAILCFG_OK;
	}
	int rc = mc_query_parse(query, len, &r->q);
	if (rc != 0) {
		r->status = MAILCFG_STATUS_ERROR;
		r->error = rc;
		snprintf(r->message, sizeof r->message, "%s", r->q.why);
		return rc;
	}
	r->parsed = true;
	bool found;
	if (how->mx) {
		snprintf(r->mx_host, sizeof r->mx_host, "%s", how->mx);
		found = mc_find_mx(ctx, how->mx, &hit);
	} else if (provider)
		found = find_provider(ctx, provider, &hit);
	else if (r->q.kind == MAILCFG_QUERY_NAME)
		found = mc_find_name(ctx, r->q.key, &hit);
	else
		found = mc_find_domain(ctx, r->q.domain, &hit);
	if (!found && !provider && r->q.kind == MAILCFG_QUERY_DOMAIN &&
	    mc_name_key(r->q.domain, strlen(r->q.domain), r->q.key, sizeof r->q.key) &&
	    mc_find_name(ctx, r->q.key, &hit)) {
		/* a brand written like a domain ("one.com", "Strato.de") that is
		 * not a mail domain: answer the name, and fill nothing in from it */
		found = true;
		r->q.kind = MAILCFG_QUERY_NAME;
		r->q.domain[0] = r->q.domain_u8[0] = '\0';
	}
	if (found) {
		mc_result_fill(ctx, r, &hit);
		if (how->mx)
			r->source = MAILCFG_SOURCE_MX;
		return MAILCFG_OK;
	}
	if (!provider && !how->mx && ctx->online && r->q.kind != MAILCFG_QUERY_NAME) {
		/* a helpdesk asking twice should not wait twice; a hit needs no
		 * network code at all */
		if (mc_cache_get(ctx, r))
			return MAILCFG_OK;
		if (how->defer_online) {
			r->status = MAILCFG_STATUS_NOT_FOUND;
			r->error = MAILCFG_ERR_NOT_FOUND;
			r->needs_online = true;
			return MAILCFG_ERR_NOT_FOUND;
		}
		int online = mc_online_lookup(ctx, r);
		after_online(ctx, r);
		return online;
	}
not_found:
	r->status = MAILCFG_STATUS_NOT_FOUND;
	r->error = MAILCFG_ERR_NOT_FOUND;
	if (how->mx)
		snprintf(r->message, sizeof r->message, "no provider is known for the MX host %s",
		         how->mx);
	else if (provider)
		snprintf(r->message, sizeof r->message, "no provider is named \"%.200s\"",
		         provider);
	else if (r->q.kind == MAILCFG_QUERY_NAME)
		snprintf(r->message, sizeof r->message, "no provider of this name is known");
	else
		snprintf(r->message, sizeof r->message, "no settings are known for %s",
		         r->q.domain);
	if (!provider && !how->mx)
		mc_suggest(ctx, r);
	return MAILCFG_ERR_NOT_FOUND;
}

int mailcfg_lookup(mailcfg_ctx *ctx, const char *query, size_t len, mailcfg_result *r)
{
	if (!ctx || !r || (!query && len))
		return MAILCFG_ERR_ARGUMENT;
	struct how how = {NULL, NULL, false};
	return answer(ctx, &how, query ? query : "", len, r);
}

int mailcfg_lookup_many(mailcfg_ctx *ctx, const char *const *queries, const size_t *lens,
                        mailcfg_result *const *results, size_t n)
{
	if (!ctx || (n && (!queries || !lens || !results)))
		return MAILCFG_ERR_ARGUMENT;
	mailcfg_result *pending[64];
	size_t m = 0;
	int rc = MAILCFG_OK;
	struct how how = {NULL, NULL, true};
	for (size_t i = 0; i < n; i++) {
		if (!results[i] || (!queries[i] && lens[i]))
			return MAILCFG_ERR_ARGUMENT;
		answer(ctx, &how, queries[i] ? queries[i] : "", lens[i], results[i]);
		if (results[i]->needs_online)
			pending[m++] = results[i];
		/* the network part runs for up to 64 at once */
		if (m == sizeof pending / sizeof pending[0] || (i + 1 == n && m)) {
			int err = mc_online_lookup_many(ctx, pending, m);
			for (size_t k = 0; k < m; k++) {
				pending[k]->needs_online = false;
				after_online(ctx, pending[k]);
			}
			if (err == MAILCFG_ERR_NOMEM)
				rc = err;
			m = 0;
		}
	}
	return rc;
}

int mailcfg_lookup_as(mailcfg_ctx *ctx, const char *provider, const char *query, size_t len,
                      mailcfg_result *r)
{
	if (!ctx || !r || !provider || (!query && len))
		return MAILCFG_ERR_ARGUMENT;
	struct how how = {provider, NULL, false};
	return answer(ctx, &how, query ? query : "", len, r);
}

int mailcfg_lookup_mx(mailcfg_ctx *ctx, const char *mx_host, const char *query, size_t len,
                      mailcfg_result *r)
{
	if (!ctx || !r || !mx_host || (!query && len))
		return MAILCFG_ERR_ARGUMENT;
	char mx[254], u8[1024], why[200];
	if (mc_domain_normalize(mx_host, strlen(mx_host), mx, sizeof mx, u8, sizeof u8, why,
	                        sizeof why) != 0) {
		mc_result_set_error(r, mx_host, strlen(mx_host), MAILCFG_ERR_INVALID_QUERY, "");
		snprintf(r->message, sizeof r->message, "the MX host %s", why);
		return MAILCFG_ERR_INVALID_QUERY;
	}
	struct how how = {NULL, mx, false};
	return answer(ctx, &how, query ? query : "", len, r);
}

static void info_from_hit(const mailcfg_ctx *ctx, const struct mc_hit *hit,
                          mailcfg_provider_info *info)
{
	if (hit->user) {
		const struct mc_provider *p = hit->user;
		*info = (mailcfg_provider_info){p->id,
		                                p->name,
		                                p->status,
		                                p->successor,
		                                p->domains.count,
		                                p->verified,
		                                MAILCFG_SOURCE_USER};
		return;
	}
	(void)ctx;
	const struct mc_bprovider *p = &mc_builtin_providers[hit->builtin];
	*info = (mailcfg_provider_info){
	    mc_bstr(p->id),
	    mc_bstr(p->name),
	    (mailcfg_provider_status)p->status,
	    p->successor == MC_NO_PROVIDER ? NULL : mc_bstr(mc_builtin_providers[p->successor].id),
	    p->domain_count,
	    mc_bstr(p->verified),
	    MAILCFG_SOURCE_BUILTIN};
}

int mailcfg_provider_find(const mailcfg_ctx *ctx, const char *name, mailcfg_provider_info *info)
{
	if (!ctx || !name || !info)
		return MAILCFG_ERR_ARGUMENT;
	struct mc_hit hit;
	if (!find_provider(ctx, name, &hit))
		return MAILCFG_ERR_NOT_FOUND;
	info_from_hit(ctx, &hit, info);
	return MAILCFG_OK;
}

size_t mailcfg_provider_count(const mailcfg_ctx *ctx)
{
	return ctx->user_count + mc_builtin_info.providers;
}

int mailcfg_provider_get(const mailcfg_ctx *ctx, size_t i, mailcfg_provider_info *info)
{
	if (!ctx || !info || i >= mailcfg_provider_count(ctx))
		return MAILCFG_ERR_ARGUMENT;
	struct mc_hit hit = {-1, NULL};
	if (i < ctx->user_count)
		hit.user = ctx->user[i];
	else
		hit.builtin = (int)(i - ctx->user_count);
	info_from_hit(ctx, &hit, info);
	return MAILCFG_OK;
}

void mailcfg_data_get_info(mailcfg_data_info *info)
{
	const struct mc_binfo *b = &mc_builtin_info;
	*info = (mailcfg_data_info){
	    b->providers,  b->domains, b->patterns, b->names, (size_t)b->mx_hosts + b->mx_suffixes,
	    b->unverified, b->oldest,  b->newest,   b->sha256};
}
