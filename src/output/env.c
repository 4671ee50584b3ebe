/* --format env: shell variable assignments, one a line, for
 *   eval "$(mailcfg lookup --format env ADDRESS)"
 * Every variable is always set (empty when it does not apply), so scripts
 * under set -u can test it; every value is single-quoted. */
#include <stdio.h>
#include <string.h>

#include "../core/internal.h"
#include "export.h"

static void var(struct mc_buf *b, const char *name, const char *value)
{
	mc_buf_puts(b, "MAILCFG_");
	mc_buf_puts(b, name);
	mc_buf_putc(b, '=');
	mc_buf_put_sh(b, value ? value : "", value ? strlen(value) : 0);
	mc_buf_putc(b, '\n');
}

static void auth_list(struct mc_buf *b, unsigned auth)
{
	bool first = true;
	for (unsigned i = 0; i < MAILCFG_AUTH_COUNT; i++)
		if (auth & (1u << i)) {
			if (!first)
				mc_buf_putc(b, ' ');
			mc_buf_puts(b, mailcfg_auth_name(1u << i));
			first = false;
		}
}

static void server(struct mc_buf *b, const char *proto, const mailcfg_server *s)
{
	char name[32], port[8] = "";
	struct mc_buf auth = {0};
	if (s) {
		auth_list(&auth, s->auth);
		snprintf(port, sizeof port, "%u", s->port);
	}
	mc_buf_putc(&auth, '\0');
	snprintf(name, sizeof name, "%s_HOST", proto);
	var(b, name, s ? s->host : NULL);
	snprintf(name, sizeof name, "%s_PORT", proto);
	var(b, name, port);
	snprintf(name, sizeof name, "%s_ENCRYPTION", proto);
	var(b, name, s ? mailcfg_encryption_name(s->encryption) : NULL);
	snprintf(name, sizeof name, "%s_USERNAME", proto);
	var(b, name, s ? s->username : NULL);
	snprintf(name, sizeof name, "%s_AUTH", proto);
	var(b, name, auth.oom ? "" : auth.data);
	b->oom |= auth.oom;
	mc_buf_free(&auth);
}

const char *mc_format_env(struct mc_buf *b, const mailcfg_result *r)
{
	struct mc_export e;
	mc_export_init(&e, r);
	char query[MAILCFG_MAX_QUERY + 1];
	memcpy(query, r->query, r->query_len);
	query[r->query_len] = '\0';
	var(b, "QUERY", query);
	var(b, "PROVIDER", r->provider_id);
	var(b, "PROVIDER_NAME", r->provider_name);
	var(b, "SOURCE", mailcfg_source_name(r->source));
	var(b, "DOMAIN", r->parsed ? r->q.domain : NULL);
	var(b, "ADDRESS", e.address ? r->q.address : NULL);
	var(b, "USERNAME", e.incoming ? e.incoming->username : e.smtp ? e.smtp->username : NULL);
	server(b, "IMAP", e.imap);
	server(b, "POP3", e.pop3);
	server(b, "SMTP", e.smtp);
	mc_export_done(&e, b);
	return NULL;
}
