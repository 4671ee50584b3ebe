/* "Did you mean ...?": the closest known domains or provider names to an
 * unanswered query, by edit distance. Runs only after a miss, so a linear
 * scan over a few thousand keys is fine. */
#include <string.h>

#include "../db/builtin.h"
#include "../util/text.h"
#include "internal.h"

struct best {
	const char *text[MC_MAX_SUGGESTIONS];
	unsigned dist[MC_MAX_SUGGESTIONS];
	size_t count;
};

static void offer(struct best *b, const char *key, const char *shown, const char *text,
                  unsigned max)
{
	unsigned d = mc_edit_distance(key, strlen(key), shown, strlen(shown), max);
	if (d > max || d == 0)
		return;
	for (size_t i = 0; i < b->count; i++)
		if (strcmp(b->text[i], text) == 0) {
			if (d < b->dist[i])
				b->dist[i] = d;
			return;
		}
	size_t pos = b->count;
	while (pos > 0 && b->dist[pos - 1] > d)
		pos--;
	if (pos >= MC_MAX_SUGGESTIONS)
		return;
	size_t last = b->count < MC_MAX_SUGGESTIONS ? b->count : MC_MAX_SUGGESTIONS - 1;
	for (size_t i = last; i > pos; i--) {
		b->text[i] = b->text[i - 1];
		b->dist[i] = b->dist[i - 1];
	}
	b->text[pos] = text;
	b->dist[pos] = d;
	if (b->count < MC_MAX_SUGGESTIONS)
		b->count++;
}

void mc_suggest(const mailcfg_ctx *ctx, mailcfg_result *r)
{
	struct best b = {0};
	bool name = r->q.kind == MAILCFG_QUERY_NAME;
	const char *key = name ? r->q.key : r->q.domain;
	size_t len = strlen(key);
	/* a typo per five characters or so; short keys tolerate one */
	unsigned max = len <= 5 ? 1 : len <= 12 ? 2 : 3;
	if (name) {
		for (size_t i = 0; i < ctx->user_name_count; i++) {
			const struct mc_ukey *k = &ctx->user_names[i];
			offer(&b, key, k->key, ctx->user[k->provider]->name, max);
		}
		for (size_t i = 0; i < mc_builtin_info.names; i++) {
			const struct mc_bkey *k = &mc_builtin_names[i];
			offer(&b, key, mc_bstr(k->key),
			      mc_bstr(mc_builtin_providers[k->provider].name), max);
		}
	} else {
		for (size_t i = 0; i < ctx->user_domain_count; i++)
			offer(&b, key, ctx->user_domains[i].key, ctx->user_domains[i].key, max);
		for (size_t i = 0; i < mc_builtin_info.domains; i++) {
			const char *d = mc_bstr(mc_builtin_domains[i].key);
			offer(&b, key, d, d, max);
		}
	}
	for (size_t i = 0; i < b.count; i++)
		r->suggestions[i] = b.text[i];
	r->suggestion_count = b.count;
}
