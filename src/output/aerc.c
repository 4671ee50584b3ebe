/* --format aerc: one account section of aerc's accounts.conf per query.
 * aerc reads the file with go-ini: an unquoted value ends at '#' or ';',
 * and a value in backquotes runs to the last backquote of the line, so a
 * value with anything special is backquoted. User names go into the
 * source and outgoing URLs percent-encoded. */
#include <stdio.h>
#include <string.h>

#include "../core/internal.h"
#include "../util/text.h"
#include "export.h"

static void value(struct mc_buf *b, const char *key, const char *v)
{
	mc_buf_puts(b, key);
	mc_buf_puts(b, " = ");
	size_t n = strlen(v);
	bool plain = n && strcspn(v, "#;\"'`\\ \t") == n;
	if (!plain)
		mc_buf_putc(b, '`');
	mc_buf_puts(b, v);
	if (!plain)
		mc_buf_putc(b, '`');
	mc_buf_putc(b, '\n');
}

/* OAuth2 only: aerc then sends the cred-cmd's output as a bearer token */
static bool oauth_only(const mailcfg_server *s)
{
	return (s->auth & MAILCFG_AUTH_OAUTH2) &&
	       !(s->auth & (MAILCFG_AUTH_PASSWORD_CLEARTEXT | MAILCFG_AUTH_PASSWORD_ENCRYPTED));
}

static void url(struct mc_buf *b, const char *key, const char *scheme, const mailcfg_server *s,
                const char *user, const char *host, unsigned port)
{
	mc_buf_puts(b, key);
	mc_buf_puts(b, " = ");
	mc_buf_puts(b, scheme);
	if (oauth_only(s))
		mc_buf_puts(b, "+oauthbearer");
	mc_buf_puts(b, "://");
	mc_buf_put_url_user(b, user);
	mc_buf_putc(b, '@');
	mc_buf_puts(b, host);
	mc_buf_putc(b, ':');
	mc_buf_put_uint(b, port);
	mc_buf_putc(b, '\n');
}

const char *mc_format_aerc(struct mc_buf *b, const mailcfg_result *r)
{
	struct mc_export e;
	mc_export_init(&e, r);
	const mailcfg_server *in = e.imap, *out = e.smtp;
	if (!in) {
		mc_export_done(&e, b);
		return "aerc reads mail by IMAP, but the provider has no IMAP server";
	}
	char from[1024], in_user[1024], in_host[300];
	mc_utf8_copy(from, sizeof from, mc_export_from(&e));
	mc_utf8_copy(in_user, sizeof in_user, mc_export_value(&e, in->username));
	mc_utf8_copy(in_host, sizeof in_host, mc_export_value(&e, in->host));
	const char *out_user = out ? mc_export_value(&e, out->username) : NULL;
	const char *out_host = out ? mc_export_value(&e, out->host) : NULL;
	mc_buf_puts(b, "# aerc account for ");
	mc_buf_puts(b, mc_export_value(&e, r->provider_name));
	mc_buf_puts(b, ", written by mailcfg\n");
	mc_export_note(b, &e);
	mc_buf_putc(b, '[');
	mc_buf_puts(b, e.name);
	mc_buf_puts(b, "]\n");
	url(b, "source",
	    in->encryption == MAILCFG_ENCRYPTION_SSL        ? "imaps"
	    : in->encryption == MAILCFG_ENCRYPTION_STARTTLS ? "imap"
	                                                    : "imap+insecure",
	    in, in_user, in_host, in->port);
	mc_buf_puts(b, "# aerc needs the password from a command (or in the URL, where it is\n"
	               "# stored in clear text). Uncomment and adapt:\n"
	               "# source-cred-cmd = pass show mail/");
	mc_buf_puts(b, e.name);
	mc_buf_putc(b, '\n');
	if (out) {
		url(b, "outgoing",
		    out->encryption == MAILCFG_ENCRYPTION_SSL        ? "smtps"
		    : out->encryption == MAILCFG_ENCRYPTION_STARTTLS ? "smtp"
		                                                     : "smtp+insecure",
		    out, out_user, out_host, out->port);
		mc_buf_puts(b, "# outgoing-cred-cmd = pass show mail/");
		mc_buf_puts(b, e.name);
		mc_buf_putc(b, '\n');
	}
	value(b, "default", "INBOX");
	value(b, "from", from);
	value(b, "copy-to", "Sent");
	mc_export_done(&e, b);
	return NULL;
}
