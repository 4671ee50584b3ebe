/* --format neomutt: the settings of one account for a muttrc. In
 * double-quoted muttrc strings a backslash escapes, `...` runs a command
 * and $name expands a variable, so \ " ` and $ are escaped. */
#include <stdio.h>
#include <string.h>

#include "../core/internal.h"
#include "../util/text.h"
#include "export.h"

static void set(struct mc_buf *b, const char *var, const char *value)
{
	mc_buf_puts(b, "set ");
	mc_buf_puts(b, var);
	mc_buf_puts(b, " = \"");
	for (const char *p = value; *p; p++) {
		if (*p == '\\' || *p == '"' || *p == '`' || *p == '$')
			mc_buf_putc(b, '\\');
		mc_buf_putc(b, *p);
	}
	mc_buf_puts(b, "\"\n");
}

/* SCHEME://USER@HOST:PORT/ with the user percent-encoded, then escaped. */
static void url(struct mc_buf *b, const char *var, const char *scheme, const char *user,
                const char *host, unsigned port)
{
	struct mc_buf u = {0};
	mc_buf_puts(&u, scheme);
	mc_buf_puts(&u, "://");
	if (user) {
		mc_buf_put_url_user(&u, user);
		mc_buf_putc(&u, '@');
	}
	mc_buf_puts(&u, host);
	mc_buf_putc(&u, ':');
	mc_buf_put_uint(&u, port);
	mc_buf_puts(&u, "/");
	mc_buf_putc(&u, '\0');
	set(b, var, u.oom ? "" : u.data);
	b->oom |= u.oom;
	mc_buf_free(&u);
}

static bool tls(const mailcfg_server *s)
{
	return s->encryption != MAILCFG_ENCRYPTION_NONE;
}

const char *mc_format_neomutt(struct mc_buf *b, const mailcfg_result *r)
{
	struct mc_export e;
	mc_export_init(&e, r);
	const mailcfg_server *in = e.incoming, *out = e.smtp;
	if (!in) {
		mc_export_done(&e, b);
		return "neomutt reads mail by IMAP or POP3, but the provider has neither";
	}
	char from[1024], in_user[1024];
	mc_utf8_copy(from, sizeof from, mc_export_from(&e));
	mc_utf8_copy(in_user, sizeof in_user, mc_export_value(&e, in->username));
	const char *in_host = mc_export_value(&e, in->host);
	const char *out_user = out ? mc_export_value(&e, out->username) : NULL;
	const char *out_host = out ? mc_export_value(&e, out->host) : NULL;
	mc_buf_puts(b, "# neomutt settings for ");
	mc_buf_puts(b, mc_export_value(&e, r->provider_name));
	mc_buf_puts(b, ", written by mailcfg\n");
	mc_export_note(b, &e);
	set(b, "from", from);
	bool imap = in->protocol == MAILCFG_PROTOCOL_IMAP;
	bool ssl = in->encryption == MAILCFG_ENCRYPTION_SSL;
	set(b, imap ? "imap_user" : "pop_user", in_user);
	mc_buf_puts(b, "# Without a password neomutt asks for it. To take it from a password\n"
	               "# store, uncomment and adapt:\n");
	mc_buf_puts(b, imap ? "# set imap_pass = \"`pass show mail/"
	                    : "# set pop_pass = \"`pass show mail/");
	mc_buf_puts(b, e.name);
	mc_buf_puts(b, "`\"\n");
	if (imap) {
		url(b, "folder", ssl ? "imaps" : "imap", NULL, in_host, in->port);
		set(b, "spoolfile", "+INBOX");
	} else {
		url(b, "spoolfile", ssl ? "pops" : "pop", NULL, in_host, in->port);
	}
	if (out) {
		url(b, "smtp_url", out->encryption == MAILCFG_ENCRYPTION_SSL ? "smtps" : "smtp",
		    out_user, out_host, out->port);
		mc_buf_puts(b, "# set smtp_pass = \"`pass show mail/");
		mc_buf_puts(b, e.name);
		mc_buf_puts(b, "`\"\n");
	}
	bool all_tls = tls(in) && (!out || tls(out));
	mc_buf_puts(b, all_tls ? "set ssl_force_tls = yes\n" : "set ssl_force_tls = no\n");
	if (imap && (in->auth & MAILCFG_AUTH_OAUTH2) &&
	    !(in->auth & (MAILCFG_AUTH_PASSWORD_CLEARTEXT | MAILCFG_AUTH_PASSWORD_ENCRYPTED)))
		mc_buf_puts(
		    b, "# OAuth2 only: imap_oauth_refresh_command must print an access token.\n"
		       "set imap_authenticators = \"oauthbearer\"\n");
	mc_buf_puts(b, "set ssl_starttls = yes\n");
	mc_export_done(&e, b);
	return NULL;
}
