/* The context: the built-in data (always there, nothing to set up) plus the
 * user providers loaded into it. Creating one costs a single allocation. */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int mailcfg_ctx_new(mailcfg_ctx **out)
{
	if (!out)
		return MAILCFG_ERR_ARGUMENT;
	*out = calloc(1, sizeof **out);
	if (!*out)
		return MAILCFG_ERR_NOMEM;
	(*out)->sources = ~0u;
	return MAILCFG_OK;
}

int mailcfg_ctx_set_online(mailcfg_ctx *ctx, const mailcfg_online_options *o)
{
	if (!ctx)
		return MAILCFG_ERR_ARGUMENT;
	ctx->online = o != NULL;
	if (o)
		ctx->online_options = *o;
	return MAILCFG_OK;
}

int mailcfg_ctx_set_sources(mailcfg_ctx *ctx, unsigned sources)
{
	if (!ctx)
		return MAILCFG_ERR_ARGUMENT;
	ctx->sources = sources ? sources : ~0u;
	return MAILCFG_OK;
}

void mailcfg_ctx_free(mailcfg_ctx *ctx)
{
	if (!ctx)
		return;
	for (size_t i = 0; i < ctx->user_count; i++)
		mc_provider_free(ctx->user[i]);
	free(ctx->user);
	free(ctx->user_domains);
	free(ctx->user_patterns);
	free(ctx->user_names);
	free(ctx->user_mx_hosts);
	free(ctx->user_mx_suffixes);
	free(ctx->user_name_keys);
	free(ctx);
}

size_t mailcfg_ctx_user_count(const mailcfg_ctx *ctx)
{
	return ctx ? ctx->user_count : 0;
}

const struct mc_provider *mc_user_by_id(const mailcfg_ctx *ctx, const char *id)
{
	for (size_t i = 0; i < ctx->user_count; i++)
		if (strcmp(ctx->user[i]->id, id) == 0)
			return ctx->user[i];
	return NULL;
}
