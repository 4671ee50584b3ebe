/* Check reports for a person (a table, then the details of each server) and
 * for programs (NDJSON, one object per server; keys in docs/check.md, in a
 * fixed order: add keys, never rename or remove them). Everything a server
 * sent goes through the escapers: it may hold anything. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void put_safe(struct mc_buf *b, const char *s)
{
	mc_buf_put_safe(b, s, strlen(s));
}

static const char *encryption_label(mailcfg_encryption e)
{
	return e == MAILCFG_ENCRYPTION_SSL        ? "SSL/TLS"
	       : e == MAILCFG_ENCRYPTION_STARTTLS ? "STARTTLS"
	                                          : "none";
}

static void put_ms(struct mc_buf *b, double ms)
{
	char t[32];
	if (ms < 0)
		snprintf(t, sizeof t, "-");
	else
		snprintf(t, sizeof t, "%.0f ms", ms);
	mc_buf_puts(b, t);
}

static void detail(struct mc_buf *b, const char *label, const char *value)
{
	if (!value[0])
		return;
	mc_buf_puts(b, "  ");
	mc_buf_put_padded(b, label, 15);
	put_safe(b, value);
	mc_buf_putc(b, '\n');
}

void cli_check_text(struct mc_buf *b, const mailcfg_check_report *reports, size_t n)
{
	/* the table: one line per server, widths from the contents */
	size_t w = strlen("SERVER");
	char where[64][300];
	for (size_t i = 0; i < n && i < 64; i++) {
		struct mc_buf h = {0};
		put_safe(&h, reports[i].host);
		mc_buf_putc(&h, '\0');
		snprintf(where[i], sizeof where[i], "%s:%u", h.oom ? "?" : h.data, reports[i].port);
		mc_buf_free(&h);
		if (strlen(where[i]) > w)
			w = strlen(where[i]);
	}
	mc_buf_put_padded(b, "PROTOCOL", 10);
	mc_buf_put_padded(b, "SERVER", w + 2);
	mc_buf_put_padded(b, "ENCRYPTION", 12);
	mc_buf_put_padded(b, "VERDICT", 9);
	mc_buf_put_padded(b, "TIME", 9);
	mc_buf_puts(b, "REASON\n");
	for (size_t i = 0; i < n && i < 64; i++) {
		const mailcfg_check_report *r = &reports[i];
		mc_buf_put_padded(b, mailcfg_protocol_name(r->protocol), 10);
		mc_buf_put_padded(b, where[i], w + 2);
		mc_buf_put_padded(b, encryption_label(r->encryption), 12);
		mc_buf_put_padded(b, mailcfg_verdict_name(r->verdict), 9);
		struct mc_buf t = {0};
		put_ms(&t, r->total_ms);
		mc_buf_putc(&t, '\0');
		mc_buf_put_padded(b, t.oom ? "" : t.data, 9);
		mc_buf_free(&t);
		put_safe(b, r->reason);
		mc_buf_putc(b, '\n');
	}
	/* the details a helpdesk needs to say more than the reason */
	for (size_t i = 0; i < n && i < 64; i++) {
		const mailcfg_check_report *r = &reports[i];
		char line[1200];
		mc_buf_putc(b, '\n');
		snprintf(line, sizeof line, "%.290s (%s, %s): %s\n", where[i],
		         mailcfg_protocol_name(r->protocol), encryption_label(r->encryption),
		         mailcfg_verdict_name(r->verdict));
		mc_buf_puts(b, line);
		if (r->addresses[0]) {
			snprintf(line, sizeof line, "%s%s%s%s", r->addresses,
			         r->address[0] ? " (connected to " : "", r->address,
			         r->address[0] ? ")" : "");
			detail(b, "addresses", line);
		}
		char ms[4][32];
		const double v[4] = {r->dns_ms, r->connect_ms, r->tls_ms, r->total_ms};
		for (int k = 0; k < 4; k++) {
			if (v[k] < 0)
				snprintf(ms[k], sizeof ms[k], "-");
			else
				snprintf(ms[k], sizeof ms[k], "%.0f ms", v[k]);
		}
		snprintf(line, sizeof line, "DNS %s, connect %s, TLS %s, total %s", ms[0], ms[1],
		         ms[2], ms[3]);
		detail(b, "time", line);
		if (r->tls_version[0]) {
			snprintf(line, sizeof line, "%s, %s", r->tls_version, r->tls_cipher);
			detail(b, "TLS", line);
		}
		if (r->cert_subject[0] || r->cert_issuer[0]) {
			snprintf(line, sizeof line, "%.250s, issued by %.250s", r->cert_subject,
			         r->cert_issuer);
			detail(b, "certificate", line);
			snprintf(line, sizeof line, "%.10s (%ld days %s)%s", r->cert_expires,
			         r->cert_days_left < 0 ? -r->cert_days_left : r->cert_days_left,
			         r->cert_days_left < 0 ? "ago" : "left",
			         r->cert_name_matches == 1   ? ", names this host"
			         : r->cert_name_matches == 0 ? ", does NOT name this host"
			                                     : "");
			detail(b, "valid until", line);
			detail(b, "problem", r->cert_error);
		}
		detail(b, "greeting", r->greeting);
		detail(b, "capabilities", r->capabilities);
		detail(b, "AUTH methods", r->auth_mechanisms);
		if (r->encryption != MAILCFG_ENCRYPTION_SSL && r->greeting[0])
			detail(b, "STARTTLS", r->starttls_offered ? "offered" : "not offered");
		if (r->login_tried) {
			snprintf(line, sizeof line, "%s%s%.300s",
			         r->login_ok ? "accepted" : "refused",
			         r->login_message[0] ? ": " : "", r->login_message);
			detail(b, "login", line);
		}
	}
}

static void key(struct mc_buf *b, const char *k)
{
	mc_buf_putc(b, ',');
	mc_buf_putc(b, '"');
	mc_buf_puts(b, k);
	mc_buf_puts(b, "\":");
}

static void str(struct mc_buf *b, const char *s)
{
	mc_buf_put_json(b, s, strlen(s));
}

static void str_or_null(struct mc_buf *b, const char *s)
{
	if (s[0])
		str(b, s);
	else
		mc_buf_puts(b, "null");
}

static void num_or_null(struct mc_buf *b, double v)
{
	char t[32];
	if (v < 0)
		snprintf(t, sizeof t, "null");
	else
		snprintf(t, sizeof t, "%.1f", v);
	mc_buf_puts(b, t);
}

static void boolean(struct mc_buf *b, int v)
{
	mc_buf_puts(b, v ? "true" : "false");
}

/* A list separated by SEP (blanks or commas) as a JSON array of strings. */
static void words(struct mc_buf *b, const char *s, const char *sep)
{
	mc_buf_putc(b, '[');
	bool first = true;
	for (const char *p = s; *p;) {
		p += strspn(p, sep);
		size_t n = strcspn(p, sep);
		if (n == 0)
			break;
		if (!first)
			mc_buf_putc(b, ',');
		mc_buf_put_json(b, p, n);
		first = false;
		p += n;
	}
	mc_buf_putc(b, ']');
}

void cli_check_json(struct mc_buf *b, const char *query, const mailcfg_check_report *r)
{
	mc_buf_puts(b, "{\"format_version\":1");
	key(b, "query");
	if (query)
		str(b, query);
	else
		mc_buf_puts(b, "null");
	key(b, "protocol");
	str(b, mailcfg_protocol_name(r->protocol));
	key(b, "host");
	str(b, r->host);
	key(b, "port");
	mc_buf_put_uint(b, r->port);
	key(b, "encryption");
	str(b, mailcfg_encryption_name(r->encryption));
	key(b, "verdict");
	str(b, mailcfg_verdict_name(r->verdict));
	key(b, "reason");
	str(b, r->reason);
	key(b, "network_failure");
	boolean(b, r->network_failure);
	key(b, "addresses");
	words(b, r->addresses, ", ");
	key(b, "address");
	str_or_null(b, r->address);
	key(b, "timing_ms");
	mc_buf_puts(b, "{\"dns\":");
	num_or_null(b, r->dns_ms);
	mc_buf_puts(b, ",\"connect\":");
	num_or_null(b, r->connect_ms);
	mc_buf_puts(b, ",\"tls\":");
	num_or_null(b, r->tls_ms);
	mc_buf_puts(b, ",\"total\":");
	num_or_null(b, r->total_ms);
	mc_buf_putc(b, '}');
	key(b, "tls");
	if (r->tls_version[0]) {
		mc_buf_puts(b, "{\"version\":");
		str(b, r->tls_version);
		mc_buf_puts(b, ",\"cipher\":");
		str_or_null(b, r->tls_cipher);
		mc_buf_putc(b, '}');
	} else {
		mc_buf_puts(b, "null");
	}
	key(b, "certificate");
	if (r->cert_subject[0] || r->cert_issuer[0]) {
		mc_buf_puts(b, "{\"subject\":");
		str(b, r->cert_subject);
		mc_buf_puts(b, ",\"issuer\":");
		str(b, r->cert_issuer);
		mc_buf_puts(b, ",\"expires\":");
		str_or_null(b, r->cert_expires);
		mc_buf_puts(b, ",\"days_left\":");
		char t[32];
		snprintf(t, sizeof t, "%ld", r->cert_days_left);
		mc_buf_puts(b, t);
		mc_buf_puts(b, ",\"name_matches\":");
		boolean(b, r->cert_name_matches == 1);
		mc_buf_puts(b, ",\"error\":");
		str_or_null(b, r->cert_error);
		mc_buf_putc(b, '}');
	} else {
		mc_buf_puts(b, "null");
	}
	key(b, "greeting");
	str_or_null(b, r->greeting);
	key(b, "capabilities");
	words(b, r->capabilities, " ");
	key(b, "auth_mechanisms");
	words(b, r->auth_mechanisms, " ");
	key(b, "starttls_offered");
	boolean(b, r->starttls_offered);
	key(b, "plaintext_auth_before_tls");
	boolean(b, r->plaintext_auth_before_tls);
	key(b, "login");
	if (r->login_tried) {
		mc_buf_puts(b, "{\"ok\":");
		boolean(b, r->login_ok);
		mc_buf_puts(b, ",\"message\":");
		str_or_null(b, r->login_message);
		mc_buf_putc(b, '}');
	} else {
		mc_buf_puts(b, "null");
	}
	mc_buf_puts(b, "}\n");
}
