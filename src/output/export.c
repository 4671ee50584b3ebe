/* What the export formats (env, autoconfig, mobileconfig, msmtp, mbsync,
 * neomutt, aerc) share: picking the servers a client uses, clear
 * placeholders for what the query did not say, account names, and the
 * escapers for XML and the POSIX shell. Values may come from user files or
 * the network, so every escaper assumes hostile text. */
#include <string.h>

#include "../core/internal.h"
#include "../util/text.h"
#include "export.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

void mc_export_clean(struct mc_buf *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = mc_utf8_seq(s + i, n - i, &cp);
		if (len && !mc_cp_unsafe(cp))
			mc_buf_put(b, str + i, len);
		else
			mc_buf_puts(b, replacement);
		i += len ? len : 1;
	}
}

void mc_buf_put_xml(struct mc_buf *b, const char *str, size_t n)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *s = (const unsigned char *)str;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = mc_utf8_seq(s + i, n - i, &cp);
		i += len ? len : 1;
		if (!len || cp < 0x20) {
			/* XML 1.0 cannot carry C0 controls at all, not even as references */
			mc_buf_puts(b, replacement);
		} else if (cp == '&') {
			mc_buf_puts(b, "&amp;");
		} else if (cp == '<') {
			mc_buf_puts(b, "&lt;");
		} else if (cp == '>') {
			mc_buf_puts(b, "&gt;"); /* also keeps "]]>" out of the text */
		} else if (cp == '"') {
			mc_buf_puts(b, "&quot;");
		} else if (cp == '\'') {
			mc_buf_puts(b, "&apos;");
		} else if (mc_cp_unsafe(cp)) {
			/* the same character for the parser, but inert on a terminal */
			char ref[12] = "&#x";
			size_t k = 3;
			for (int shift = cp > 0xFFF ? 12 : 4; shift >= 0; shift -= 4)
				ref[k++] = hex[(cp >> shift) & 15];
			ref[k++] = ';';
			mc_buf_put(b, ref, k);
		} else {
			mc_buf_put(b, str + i - len, len);
		}
	}
}

void mc_buf_put_sh(struct mc_buf *b, const char *s, size_t n)
{
	/* single quotes make every byte literal; a quote itself is closed,
	 * escaped and reopened: 'it'\''s' */
	struct mc_buf clean = {0};
	mc_export_clean(&clean, s, n);
	mc_buf_putc(b, '\'');
	for (size_t i = 0; i < clean.len; i++) {
		if (clean.data[i] == '\'')
			mc_buf_puts(b, "'\\''");
		else
			mc_buf_putc(b, clean.data[i]);
	}
	mc_buf_putc(b, '\'');
	b->oom |= clean.oom;
	mc_buf_free(&clean);
}

void mc_buf_put_url_user(struct mc_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '-' || *p == '.' || *p == '_' || *p == '~') {
			mc_buf_putc(b, (char)*p);
		} else {
			char esc[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			mc_buf_put(b, esc, 3);
		}
	}
}

/* Append T with the placeholders the query left open replaced by clear
 * ones a person sees at once and a server would reject. */
static void fill(struct mc_buf *b, struct mc_export *e, const char *t)
{
	const mailcfg_result *r = e->r;
	bool known = r->parsed && r->q.domain[0];
	const char *domain = known ? r->q.domain : MC_PLACEHOLDER_DOMAIN;
	unsigned open_domain = known ? 0 : MC_OPEN_DOMAIN;
	while (*t) {
		if (strncmp(t, "%EMAILADDRESS%", 14) == 0) {
			mc_buf_puts(b, MC_PLACEHOLDER_LOCAL "@");
			mc_buf_puts(b, domain);
			t += 14;
			e->placeholders |= MC_OPEN_LOCAL | open_domain;
		} else if (strncmp(t, "%EMAILLOCALPART%", 16) == 0) {
			mc_buf_puts(b, MC_PLACEHOLDER_LOCAL);
			t += 16;
			e->placeholders |= MC_OPEN_LOCAL;
		} else if (strncmp(t, "%EMAILDOMAIN%", 13) == 0) {
			mc_buf_puts(b, domain);
			t += 13;
			e->placeholders |= open_domain;
		} else if (strncmp(t, "%MXHOST%", 8) == 0) {
			mc_buf_puts(b, MC_PLACEHOLDER_MX);
			t += 8;
			e->placeholders |= MC_OPEN_MX;
		} else {
			mc_buf_putc(b, *t++);
		}
	}
}

void mc_export_init(struct mc_export *e, const mailcfg_result *r)
{
	memset(e, 0, sizeof *e);
	e->r = r;
	for (size_t i = 0; i < r->server_count; i++) {
		const mailcfg_server *s = &r->servers[i];
		const mailcfg_server **slot = s->protocol == MAILCFG_PROTOCOL_IMAP   ? &e->imap
		                              : s->protocol == MAILCFG_PROTOCOL_POP3 ? &e->pop3
		                                                                     : &e->smtp;
		if (!*slot)
			*slot = s;
	}
	e->incoming = e->imap ? e->imap : e->pop3;
	e->address = r->parsed && r->q.kind == MAILCFG_QUERY_ADDRESS;
	const char *from = e->address                    ? r->q.address
	                   : r->parsed && r->q.domain[0] ? r->q.domain
	                                                 : r->provider_id;
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)from; *p && k + 1 < sizeof e->name;
	     p++) {
		bool keep = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		            (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_' ||
		            *p == '@' || *p == '+';
		e->name[k++] = (char)(keep ? *p : '_');
	}
	e->name[k] = '\0';
}

static const char *value_of(struct mc_export *e, const char *t)
{
	struct mc_buf raw = {0};
	fill(&raw, e, t);
	struct mc_buf *out = &e->values[e->next_value];
	e->next_value = (e->next_value + 1) % MC_EXPORT_VALUES;
	out->len = 0;
	mc_export_clean(out, raw.data ? raw.data : "", raw.len);
	mc_buf_putc(out, '\0');
	e->oom |= raw.oom || out->oom;
	mc_buf_free(&raw);
	return out->oom ? "" : out->data;
}

const char *mc_export_value(struct mc_export *e, const char *t)
{
	return value_of(e, t ? t : "");
}

const char *mc_export_from(struct mc_export *e)
{
	return value_of(e, e->address ? e->r->q.address : "%EMAILADDRESS%");
}

void mc_export_done(struct mc_export *e, struct mc_buf *b)
{
	for (size_t i = 0; i < MC_EXPORT_VALUES; i++)
		mc_buf_free(&e->values[i]);
	b->oom |= e->oom;
}

void mc_export_note(struct mc_buf *b, const struct mc_export *e)
{
	if (e->placeholders & MC_OPEN_LOCAL)
		mc_buf_puts(b, "# Replace " MC_PLACEHOLDER_LOCAL
		               " with the part of your address before the @.\n");
	if (e->placeholders & MC_OPEN_DOMAIN)
		mc_buf_puts(b, "# Replace " MC_PLACEHOLDER_DOMAIN
		               " with the domain of your address.\n");
	if (e->placeholders & MC_OPEN_MX)
		mc_buf_puts(b,
		            "# Replace " MC_PLACEHOLDER_MX " with your domain's mail exchanger.\n");
}
