/* libFuzzer: every formatter fed a result whose every string is arbitrary
 * bytes (control characters, escape sequences, invalid UTF-8, quotes), as
 * an online answer or a user file could carry. Checked, not just run: the
 * JSON must parse, and text (without colour) and TSV must hold no terminal
 * control and only valid UTF-8. */
#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/internal.h"
#include "output/output.h"

#ifdef MC_FUZZ_EXPAT
#include <expat.h>

/* The XML exports must be well-formed whatever the strings held. */
static void check_xml(const char *s, size_t n)
{
	XML_Parser p = XML_ParserCreate("UTF-8");
	if (!p)
		return;
	if (XML_Parse(p, s, (int)n, XML_TRUE) != XML_STATUS_OK)
		abort();
	XML_ParserFree(p);
}
#else
static void check_xml(const char *s, size_t n)
{
	(void)s, (void)n;
}
#endif

/* --format env: every line a comment or NAME='...' with quotes that
 * close, so eval runs nothing. */
static void check_env(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		const char *nl = memchr(s + i, '\n', n - i);
		if (!nl)
			abort(); /* every line ends in a newline */
		size_t len = (size_t)(nl - (s + i)), k = 0;
		const char *l = s + i;
		if (len && l[0] != '#') {
			while (k < len && ((l[k] >= 'A' && l[k] <= 'Z') || l[k] == '_' ||
			                   (l[k] >= '0' && l[k] <= '9')))
				k++;
			if (k == 0 || k >= len || l[k] != '=' || k + 1 >= len || l[k + 1] != '\'')
				abort();
			/* '...' pieces joined by \' : outside quotes only \' is allowed */
			bool in = false;
			for (k++; k < len; k++) {
				if (l[k] == '\'')
					in = !in;
				else if (!in &&
				         !(l[k] == '\\' && k + 1 < len && l[k + 1] == '\'' && ++k))
					abort();
			}
			if (in)
				abort();
		}
		i += len + 1;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input: a few control bytes, then NUL-separated strings. */
struct reader {
	char *p, *end;
	const uint8_t *ctl;
	size_t ctl_len, ctl_pos;
};

static unsigned byte(struct reader *r)
{
	return r->ctl_pos < r->ctl_len ? r->ctl[r->ctl_pos++] : 0;
}

static const char *string(struct reader *r)
{
	if (r->p >= r->end)
		return byte(r) & 1 ? NULL : "";
	const char *s = r->p;
	r->p += strlen(r->p) + 1;
	return s;
}

/* A terminal control: C0 other than tab and newline, DEL, C1 (raw or as
 * UTF-8), or bytes that are not valid UTF-8. */
static void check_terminal_safe(const char *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)s[i];
		if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
			abort();
		size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
		if (c >= 0x80 && (c < 0xC2 || c > 0xF4))
			abort(); /* a stray continuation byte or an overlong lead */
		if (i + len > n)
			abort();
		for (size_t k = 1; k < len; k++)
			if (((unsigned char)s[i + k] & 0xC0) != 0x80)
				abort();
		if (c == 0xC2 && (unsigned char)s[i + 1] < 0xA0)
			abort(); /* C1 control as UTF-8 */
		if (c == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
		    (((unsigned char)s[i + 2] >= 0xA8 && (unsigned char)s[i + 2] <= 0xAE)))
			abort(); /* line/paragraph separators, bidi embeddings and overrides */
		if (c == 0xE2 && (unsigned char)s[i + 1] == 0x81 &&
		    (unsigned char)s[i + 2] >= 0xA6 && (unsigned char)s[i + 2] <= 0xA9)
			abort(); /* bidi isolates */
		i += len;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 8 || size > 8192)
		return 0;
	mailcfg_result *res = calloc(1, sizeof *res);
	char *text = malloc(size - 8 + 1);
	if (!res || !text) {
		free(res);
		free(text);
		return 0;
	}
	memcpy(text, data + 8, size - 8);
	text[size - 8] = '\0';
	struct reader rd = {text, text + (size - 8), data, 8, 0};

	unsigned b0 = byte(&rd), b1 = byte(&rd);
	mc_result_reset(res, text, strlen(text));
	res->status = (mailcfg_status)(b0 % 3);
	res->error = res->status == MAILCFG_STATUS_FOUND ? 0 : -(int)(b0 / 3 % 7) - 1;
	res->parsed = b1 & 1;
	res->q.kind = (mailcfg_query_kind)(b1 / 2 % 3);
	const char *s;
	if ((s = string(&rd)))
		snprintf(res->q.domain, sizeof res->q.domain, "%s", s);
	if ((s = string(&rd)))
		snprintf(res->q.address, sizeof res->q.address, "%s", s);
	if ((s = string(&rd)))
		snprintf(res->message, sizeof res->message, "%s", s);
	if ((s = string(&rd)))
		snprintf(res->origin, sizeof res->origin, "%s", s);
	res->source = (mailcfg_source)(byte(&rd) % 8);
	res->untrusted = b1 & 8;
	res->cached = b1 & 16;
	res->user_data = b1 & 32;
	/* a found result always names its provider; the rest may be NULL */
	res->provider_id = string(&rd);
	res->provider_name = string(&rd);
	if (!res->provider_id)
		res->provider_id = "";
	if (!res->provider_name)
		res->provider_name = "";
	res->provider_status = (mailcfg_provider_status)(b0 / 21 % 3);
	res->successor_id = string(&rd);
	res->successor_name = string(&rd);
	res->documentation = string(&rd);
	res->verified = string(&rd);
	unsigned counts = byte(&rd);
	res->server_count = counts % 4;
	for (size_t i = 0; i < res->server_count; i++) {
		mailcfg_server *sv = &res->servers[i];
		unsigned k = byte(&rd);
		sv->protocol = (mailcfg_protocol)(k % 3);
		sv->encryption = (mailcfg_encryption)(k / 3 % 3);
		sv->port = k * 257u % 65536u;
		sv->auth = (k % 255) + 1;
		sv->unusual = k & 1;
		sv->host = string(&rd);
		sv->username = string(&rd);
		sv->username_rule_en = string(&rd);
		sv->username_rule_de = string(&rd);
		if (!sv->host)
			sv->host = "";
		if (!sv->username)
			sv->username = "";
	}
	res->note_count = counts / 4 % 4;
	for (size_t i = 0; i < res->note_count; i++) {
		mailcfg_note *n = &res->notes[i];
		n->kind = (mailcfg_note_kind)(byte(&rd) % MAILCFG_NOTE_KIND_COUNT);
		n->text_en = string(&rd);
		n->text_de = string(&rd);
		n->url = string(&rd);
		if (!n->text_en)
			n->text_en = "";
		if (!n->text_de)
			n->text_de = "";
	}
	res->ref_count = counts / 16 % 3;
	for (size_t i = 0; i < res->ref_count; i++)
		if (!(res->refs[i] = string(&rd)))
			res->refs[i] = "";
	res->suggestion_count = counts / 48 % 3;
	for (size_t i = 0; i < res->suggestion_count; i++)
		if (!(res->suggestions[i] = string(&rd)))
			res->suggestions[i] = "";

	for (int lang = MAILCFG_LANG_EN; lang <= MAILCFG_LANG_DE; lang++) {
		struct mc_buf b = {0};
		mc_format_json(&b, res, (mailcfg_lang)lang);
		if (!b.oom) {
			cJSON *j = cJSON_ParseWithLength(b.data, b.len);
			if (!j || b.len == 0 || b.data[b.len - 1] != '\n' ||
			    memchr(b.data, '\n', b.len) != b.data + b.len - 1)
				abort(); /* one valid JSON object on one line */
			cJSON_Delete(j);
		}
		mc_buf_free(&b);

		struct mc_text_opts o = {(mailcfg_lang)lang, false, lang == MAILCFG_LANG_DE};
		b = (struct mc_buf){0};
		mc_format_text(&b, res, &o);
		if (!b.oom)
			check_terminal_safe(b.data ? b.data : "", b.len);
		mc_buf_free(&b);
	}
	struct mc_buf b = {0};
	mc_format_tsv(&b, res);
	if (!b.oom)
		check_terminal_safe(b.data ? b.data : "", b.len);
	mc_buf_free(&b);

	/* the helpdesk texts and the exports need a found result */
	if (res->status == MAILCFG_STATUS_FOUND) {
		static const char *const clients[] = {"outlook",  "thunderbird", "apple-mail",
		                                      "ios",      "android",     "windows-mail",
		                                      "gmail-app"};
		for (size_t i = 0; i < sizeof clients / sizeof clients[0]; i++) {
			int client = mc_client_find(clients[i]);
			if (client < 0)
				abort();
			b = (struct mc_buf){0};
			mc_format_client(&b, res, client, (mailcfg_lang)((b0 + i) & 1));
			if (!b.oom)
				check_terminal_safe(b.data ? b.data : "", b.len);
			mc_buf_free(&b);
		}
		b = (struct mc_buf){0};
		mc_format_copy(&b, res, (mailcfg_lang)(b1 & 1));
		if (!b.oom)
			check_terminal_safe(b.data ? b.data : "", b.len);
		mc_buf_free(&b);

		const char *(*const exports[])(struct mc_buf *, const mailcfg_result *) = {
		    mc_format_env,    mc_format_autoconfig, mc_format_mobileconfig, mc_format_msmtp,
		    mc_format_mbsync, mc_format_neomutt,    mc_format_aerc};
		for (size_t i = 0; i < sizeof exports / sizeof exports[0]; i++) {
			b = (struct mc_buf){0};
			const char *why = exports[i](&b, res);
			if (why && b.len)
				abort(); /* a refusal appends nothing */
			if (!b.oom && !why) {
				check_terminal_safe(b.data ? b.data : "", b.len);
				if (exports[i] == mc_format_env)
					check_env(b.data ? b.data : "", b.len);
				if (exports[i] == mc_format_autoconfig ||
				    exports[i] == mc_format_mobileconfig)
					check_xml(b.data ? b.data : "", b.len);
			}
			mc_buf_free(&b);
		}
	}

	free(text);
	free(res);
	return 0;
}
