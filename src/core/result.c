/* The result of a look-up: one structure filled by every source and read by
 * every formatter. Filling never allocates: filled-in names go to an arena
 * inside the result. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/builtin.h"
#include "internal.h"

int mailcfg_result_new(mailcfg_result **out)
{
	if (!out)
		return MAILCFG_ERR_ARGUMENT;
	/* everything but the arena starts cleared; the arena (16 KB, most of
	 * the result) is written before it is read, and clearing it would cost
	 * four page faults per result at start-up */
	*out = malloc(sizeof **out);
	if (!*out)
		return MAILCFG_ERR_NOMEM;
	memset(*out, 0, offsetof(mailcfg_result, arena));
	(*out)->arena_used = 0;
	return MAILCFG_OK;
}

void mailcfg_result_free(mailcfg_result *r)
{
	if (r) {
		mc_provider_free(r->owned);
		for (size_t i = 0; i < r->alt_count; i++)
			mailcfg_result_free(r->alt[i]);
	}
	free(r);
}

void mc_result_reset(mailcfg_result *r, const char *text, size_t len)
{
	r->status = MAILCFG_STATUS_ERROR;
	r->error = MAILCFG_OK;
	r->message[0] = '\0';
	r->query_truncated = len > MAILCFG_MAX_QUERY;
	r->query_len = r->query_truncated ? MAILCFG_MAX_QUERY : len;
	if (r->query_len)
		memcpy(r->query, text, r->query_len);
	r->query[r->query_len] = '\0';
	r->parsed = false;
	r->source = MAILCFG_SOURCE_NONE;
	r->mx_host[0] = '\0';
	r->origin[0] = '\0';
	r->untrusted = false;
	mc_provider_free(r->owned);
	r->owned = NULL;
	for (size_t i = 0; i < r->alt_count; i++)
		mailcfg_result_free(r->alt[i]);
	r->alt_count = 0;
	r->cache_ttl = -1;
	r->alternative = r->disagrees = r->cached = r->needs_online = false;
	r->provider_id = r->provider_name = r->successor_id = r->successor_name = NULL;
	r->documentation = r->verified = NULL;
	r->provider_status = MAILCFG_PROVIDER_ACTIVE;
	r->server_count = r->note_count = r->ref_count = r->suggestion_count = 0;
	r->arena_used = 0;
}

void mc_result_set_error(mailcfg_result *r, const char *text, size_t len, int err,
                         const char *message)
{
	mc_result_reset(r, text, len);
	r->status = err == MAILCFG_ERR_NOT_FOUND ? MAILCFG_STATUS_NOT_FOUND : MAILCFG_STATUS_ERROR;
	r->error = err;
	snprintf(r->message, sizeof r->message, "%s", message);
}

static const char *opt(uint32_t off)
{
	return off ? mc_bstr(off) : NULL;
}

/* Replace the placeholders in T that the query can fill; T itself when
 * nothing changes or the arena is full (the template is then shown as is,
 * which is still a correct answer). */
static const char *expand(mailcfg_result *r, const char *tmpl)
{
	if (!strchr(tmpl, '%'))
		return tmpl;
	const struct mc_query *q = &r->q;
	bool address = q->kind == MAILCFG_QUERY_ADDRESS;
	char *out = r->arena + r->arena_used;
	size_t room = sizeof r->arena - r->arena_used, n = 0;
	bool changed = false;
	for (const char *t = tmpl; *t;) {
		const char *fill = NULL;
		size_t skip = 1;
		if (strncmp(t, "%EMAILADDRESS%", 14) == 0 && address)
			fill = q->address, skip = 14;
		else if (strncmp(t, "%EMAILLOCALPART%", 16) == 0 && address)
			fill = q->local, skip = 16;
		else if (strncmp(t, "%EMAILDOMAIN%", 13) == 0 && q->domain[0])
			fill = q->domain, skip = 13;
		else if (strncmp(t, "%MXHOST%", 8) == 0 && r->mx_host[0])
			fill = r->mx_host, skip = 8;
		size_t add = fill ? strlen(fill) : 1;
		if (n + add + 1 > room)
			return tmpl;
		memcpy(out + n, fill ? fill : t, add);
		changed |= fill != NULL;
		n += add;
		t += skip;
	}
	if (!changed)
		return tmpl;
	out[n] = '\0';
	r->arena_used += n + 1;
	return out;
}

static void fill_builtin(mailcfg_result *r, int index)
{
	const struct mc_bprovider *p = &mc_builtin_providers[index];
	r->source = MAILCFG_SOURCE_BUILTIN;
	r->user_data = false;
	r->provider_id = mc_bstr(p->id);
	r->provider_name = mc_bstr(p->name);
	r->provider_status = (mailcfg_provider_status)p->status;
	r->documentation = opt(p->documentation);
	r->verified = mc_bstr(p->verified);
	if (p->successor != MC_NO_PROVIDER) {
		r->successor_id = mc_bstr(mc_builtin_providers[p->successor].id);
		r->successor_name = mc_bstr(mc_builtin_providers[p->successor].name);
	}
	for (size_t i = 0; i < p->server_count; i++) {
		const struct mc_bserver *s = &mc_builtin_servers[p->first_server + i];
		r->servers[i] = (mailcfg_server){
		    .protocol = (mailcfg_protocol)s->protocol,
		    .encryption = (mailcfg_encryption)s->encryption,
		    .port = s->port,
		    .auth = s->auth,
		    .host = mc_bstr(s->host),
		    .username = mc_bstr(s->username),
		    .username_rule_en = opt(s->rule_en),
		    .username_rule_de = opt(s->rule_de),
		    .unusual = s->unusual,
		};
	}
	r->server_count = p->server_count;
	for (size_t i = 0; i < p->note_count; i++) {
		const struct mc_bnote *n = &mc_builtin_notes[p->first_note + i];
		r->notes[i] = (mailcfg_note){(mailcfg_note_kind)n->kind, mc_bstr(n->en),
		                             mc_bstr(n->de), opt(n->url)};
	}
	r->note_count = p->note_count;
	for (size_t i = 0; i < p->source_count; i++)
		r->refs[i] = mc_bstr(mc_builtin_sources[p->first_source + i]);
	r->ref_count = p->source_count;
}

static void fill_user(const mailcfg_ctx *ctx, mailcfg_result *r, const struct mc_provider *p)
{
	r->source = MAILCFG_SOURCE_USER;
	r->user_data = true;
	r->provider_id = p->id;
	r->provider_name = p->name;
	r->provider_status = p->status;
	r->documentation = p->documentation;
	r->verified = p->verified;
	if (p->successor) {
		const struct mc_provider *u = mc_user_by_id(ctx, p->successor);
		int b = u ? -1 : mc_builtin_find_id(p->successor);
		r->successor_id = p->successor;
		r->successor_name = u        ? u->name
		                    : b >= 0 ? mc_bstr(mc_builtin_providers[b].name)
		                             : p->successor;
	}
	for (size_t i = 0; i < p->server_count; i++) {
		const struct mc_mserver *s = &p->servers[i];
		r->servers[i] =
		    (mailcfg_server){s->protocol, s->encryption, s->port,    s->auth,   s->host,
		                     s->username, s->rule_en,    s->rule_de, s->unusual};
	}
	r->server_count = p->server_count;
	for (size_t i = 0; i < p->note_count; i++)
		r->notes[i] = (mailcfg_note){p->notes[i].kind, p->notes[i].en, p->notes[i].de,
		                             p->notes[i].url};
	r->note_count = p->note_count;
	for (size_t i = 0; i < p->sources.count; i++)
		r->refs[i] = p->sources.items[i];
	r->ref_count = p->sources.count;
}

void mc_result_fill(const mailcfg_ctx *ctx, mailcfg_result *r, const struct mc_hit *hit)
{
	if (hit->user)
		fill_user(ctx, r, hit->user);
	else
		fill_builtin(r, hit->builtin);
	for (size_t i = 0; i < r->server_count; i++) {
		r->servers[i].host = expand(r, r->servers[i].host);
		r->servers[i].username = expand(r, r->servers[i].username);
	}
	r->status = MAILCFG_STATUS_FOUND;
	r->error = MAILCFG_OK;
}

/* ---- accessors ---- */

mailcfg_status mailcfg_result_status(const mailcfg_result *r)
{
	return r->status;
}
int mailcfg_result_error(const mailcfg_result *r)
{
	return r->error;
}
const char *mailcfg_result_message(const mailcfg_result *r)
{
	return r->message;
}
const char *mailcfg_result_query(const mailcfg_result *r)
{
	return r->query;
}

mailcfg_query_kind mailcfg_result_query_kind(const mailcfg_result *r)
{
	return r->q.kind;
}

const char *mailcfg_result_domain(const mailcfg_result *r)
{
	return r->parsed && r->q.domain[0] ? r->q.domain : NULL;
}

const char *mailcfg_result_domain_unicode(const mailcfg_result *r)
{
	return r->parsed && r->q.domain_u8[0] ? r->q.domain_u8 : NULL;
}

const char *mailcfg_result_address(const mailcfg_result *r)
{
	return r->parsed && r->q.kind == MAILCFG_QUERY_ADDRESS ? r->q.address : NULL;
}

const char *mailcfg_result_mx_host(const mailcfg_result *r)
{
	return r->mx_host[0] ? r->mx_host : NULL;
}

const char *mailcfg_result_origin(const mailcfg_result *r)
{
	return r->origin[0] ? r->origin : NULL;
}

int mailcfg_result_untrusted(const mailcfg_result *r)
{
	return r->untrusted;
}

size_t mailcfg_result_alternative_count(const mailcfg_result *r)
{
	return r->alt_count;
}

const mailcfg_result *mailcfg_result_alternative(const mailcfg_result *r, size_t i)
{
	return i < r->alt_count ? r->alt[i] : NULL;
}

int mailcfg_result_disagrees(const mailcfg_result *r)
{
	return r->disagrees;
}

int mailcfg_result_cached(const mailcfg_result *r)
{
	return r->cached;
}

mailcfg_source mailcfg_result_source(const mailcfg_result *r)
{
	return r->source;
}
const char *mailcfg_result_provider_id(const mailcfg_result *r)
{
	return r->provider_id;
}
const char *mailcfg_result_provider_name(const mailcfg_result *r)
{
	return r->provider_name;
}

mailcfg_provider_status mailcfg_result_provider_status(const mailcfg_result *r)
{
	return r->provider_status;
}

const char *mailcfg_result_successor_id(const mailcfg_result *r)
{
	return r->successor_id;
}
const char *mailcfg_result_successor_name(const mailcfg_result *r)
{
	return r->successor_name;
}
const char *mailcfg_result_documentation(const mailcfg_result *r)
{
	return r->documentation;
}
const char *mailcfg_result_verified(const mailcfg_result *r)
{
	return r->verified;
}
size_t mailcfg_result_server_count(const mailcfg_result *r)
{
	return r->server_count;
}

const mailcfg_server *mailcfg_result_server(const mailcfg_result *r, size_t i)
{
	return i < r->server_count ? &r->servers[i] : NULL;
}

size_t mailcfg_result_note_count(const mailcfg_result *r)
{
	return r->note_count;
}

const mailcfg_note *mailcfg_result_note(const mailcfg_result *r, size_t i)
{
	return i < r->note_count ? &r->notes[i] : NULL;
}

size_t mailcfg_result_reference_count(const mailcfg_result *r)
{
	return r->ref_count;
}

const char *mailcfg_result_reference(const mailcfg_result *r, size_t i)
{
	return i < r->ref_count ? r->refs[i] : NULL;
}

size_t mailcfg_result_suggestion_count(const mailcfg_result *r)
{
	return r->suggestion_count;
}

const char *mailcfg_result_suggestion(const mailcfg_result *r, size_t i)
{
	return i < r->suggestion_count ? r->suggestions[i] : NULL;
}
