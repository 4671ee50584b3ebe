/* JSON output: one compact object per result on one line (NDJSON).
 * Written by hand, not with cJSON: a record is a few hundred bytes appended
 * in place, where building a tree would allocate for every key. The key
 * order is part of the contract (format_version 1): add keys, never rename
 * or remove them. */
#include <string.h>

#include "../core/internal.h"
#include "output.h"

static void key(struct mc_buf *b, const char *k)
{
	/* keys are constants: no escaping needed */
	mc_buf_putc(b, '"');
	mc_buf_puts(b, k);
	mc_buf_puts(b, "\":");
}

static void str(struct mc_buf *b, const char *s)
{
	if (s)
		mc_buf_put_json(b, s, strlen(s));
	else
		mc_buf_puts(b, "null");
}

static const char *error_code(int err)
{
	switch (err) {
	case MAILCFG_ERR_INVALID_QUERY: return "invalid_query";
	case MAILCFG_ERR_NOT_FOUND: return "not_found";
	case MAILCFG_ERR_TEMPORARY: return "temporary_failure";
	default: return "internal_error";
	}
}

static void server(struct mc_buf *b, const mailcfg_server *s, mailcfg_lang lang)
{
	mc_buf_puts(b, "{\"protocol\":\"");
	mc_buf_puts(b, mailcfg_protocol_name(s->protocol));
	mc_buf_puts(b, "\",\"host\":");
	str(b, s->host);
	mc_buf_puts(b, ",\"port\":");
	mc_buf_put_uint(b, s->port);
	mc_buf_puts(b, ",\"encryption\":\"");
	mc_buf_puts(b, mailcfg_encryption_name(s->encryption));
	mc_buf_puts(b, "\",\"auth\":[");
	bool first = true;
	for (unsigned i = 0; i < MAILCFG_AUTH_COUNT; i++)
		if (s->auth & (1u << i)) {
			if (!first)
				mc_buf_putc(b, ',');
			mc_buf_putc(b, '"');
			mc_buf_puts(b, mailcfg_auth_name(1u << i));
			mc_buf_putc(b, '"');
			first = false;
		}
	mc_buf_puts(b, "],\"username\":");
	str(b, s->username);
	const char *rule = lang == MAILCFG_LANG_DE ? s->username_rule_de : s->username_rule_en;
	if (rule) {
		mc_buf_puts(b, ",\"username_rule\":");
		str(b, rule);
	}
	if (s->unusual)
		mc_buf_puts(b, ",\"unusual\":true");
	mc_buf_putc(b, '}');
}

void mc_format_json(struct mc_buf *b, const mailcfg_result *r, mailcfg_lang lang)
{
	mc_buf_puts(b, "{\"format_version\":1,\"query\":");
	mc_buf_put_json(b, r->query, r->query_len);
	if (r->query_truncated)
		mc_buf_puts(b, ",\"query_truncated\":true");
	mc_buf_puts(b, ",\"status\":\"");
	mc_buf_puts(b, r->status == MAILCFG_STATUS_FOUND       ? "found"
	               : r->status == MAILCFG_STATUS_NOT_FOUND ? "not_found"
	                                                       : "error");
	mc_buf_putc(b, '"');
	if (r->parsed) {
		mc_buf_putc(b, ',');
		key(b, "domain");
		str(b, mailcfg_result_domain(r));
		if (mailcfg_result_domain_unicode(r)) {
			mc_buf_putc(b, ',');
			key(b, "domain_unicode");
			str(b, mailcfg_result_domain_unicode(r));
		}
		if (mailcfg_result_address(r)) {
			mc_buf_putc(b, ',');
			key(b, "address");
			str(b, mailcfg_result_address(r));
		}
	}
	if (r->status != MAILCFG_STATUS_FOUND) {
		mc_buf_puts(b, ",\"error\":{\"code\":\"");
		mc_buf_puts(b, error_code(r->error));
		mc_buf_puts(b, "\",\"message\":");
		str(b, r->message);
		mc_buf_putc(b, '}');
		if (r->status == MAILCFG_STATUS_NOT_FOUND) {
			mc_buf_puts(b, ",\"suggestions\":[");
			for (size_t i = 0; i < r->suggestion_count; i++) {
				if (i)
					mc_buf_putc(b, ',');
				str(b, r->suggestions[i]);
			}
			mc_buf_putc(b, ']');
		}
		mc_buf_puts(b, "}\n");
		return;
	}

	mc_buf_puts(b, ",\"source\":\"");
	mc_buf_puts(b, mailcfg_source_name(r->source));
	mc_buf_putc(b, '"');
	if (r->mx_host[0]) {
		mc_buf_puts(b, ",\"mx\":");
		str(b, r->mx_host);
	}
	if (r->origin[0]) {
		mc_buf_puts(b, ",\"origin\":");
		str(b, r->origin);
	}
	if (r->untrusted)
		mc_buf_puts(b, ",\"untrusted\":true");
	if (r->cached)
		mc_buf_puts(b, ",\"cached\":true");
	if (r->alternative)
		mc_buf_puts(b, r->disagrees ? ",\"alternative\":true,\"disagrees\":true"
		                            : ",\"alternative\":true,\"disagrees\":false");
	mc_buf_puts(b, ",\"provider\":{\"id\":");
	str(b, r->provider_id);
	mc_buf_puts(b, ",\"name\":");
	str(b, r->provider_name);
	mc_buf_puts(b, ",\"status\":\"");
	mc_buf_puts(b, mailcfg_provider_status_name(r->provider_status));
	mc_buf_putc(b, '"');
	if (r->successor_id) {
		mc_buf_puts(b, ",\"successor\":{\"id\":");
		str(b, r->successor_id);
		mc_buf_puts(b, ",\"name\":");
		str(b, r->successor_name);
		mc_buf_putc(b, '}');
	}
	mc_buf_puts(b, "},\"servers\":[");
	for (size_t i = 0; i < r->server_count; i++) {
		if (i)
			mc_buf_putc(b, ',');
		server(b, &r->servers[i], lang);
	}
	mc_buf_puts(b, "],\"notes\":[");
	for (size_t i = 0; i < r->note_count; i++) {
		const mailcfg_note *n = &r->notes[i];
		if (i)
			mc_buf_putc(b, ',');
		mc_buf_puts(b, "{\"kind\":\"");
		mc_buf_puts(b, mailcfg_note_kind_name(n->kind));
		mc_buf_puts(b, "\",\"text\":");
		str(b, lang == MAILCFG_LANG_DE ? n->text_de : n->text_en);
		mc_buf_puts(b, ",\"url\":");
		str(b, n->url);
		mc_buf_putc(b, '}');
	}
	mc_buf_puts(b, "],\"documentation\":");
	str(b, r->documentation);
	mc_buf_puts(b, ",\"verified\":");
	str(b, r->verified);
	mc_buf_puts(b, ",\"references\":[");
	for (size_t i = 0; i < r->ref_count; i++) {
		if (i)
			mc_buf_putc(b, ',');
		str(b, r->refs[i]);
	}
	mc_buf_puts(b, "]}\n");
	/* --all-sources: every other source's answer on a line of its own */
	for (size_t i = 0; i < r->alt_count; i++)
		mc_format_json(b, r->alt[i], lang);
}
