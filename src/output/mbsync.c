/* --format mbsync: an isync/mbsync account, remote and local store and a
 * channel (~/.mbsyncrc) per query, for the provider's preferred IMAP
 * server. mbsync arguments are double-quoted with \" and \\ escaped; a
 * section ends at an empty line. */
#include <string.h>

#include "../core/internal.h"
#include "export.h"

static void quoted(struct mc_buf *b, const char *s)
{
	mc_buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			mc_buf_putc(b, '\\');
		mc_buf_putc(b, *s);
	}
	mc_buf_putc(b, '"');
}

static void line(struct mc_buf *b, const char *key, const char *arg)
{
	mc_buf_puts(b, key);
	mc_buf_putc(b, ' ');
	quoted(b, arg);
	mc_buf_putc(b, '\n');
}

const char *mc_format_mbsync(struct mc_buf *b, const mailcfg_result *r)
{
	struct mc_export e;
	mc_export_init(&e, r);
	const mailcfg_server *s = e.imap;
	if (!s) {
		mc_export_done(&e, b);
		return "mbsync synchronises IMAP mailboxes, but the provider has no IMAP server";
	}
	const char *user = mc_export_value(&e, s->username);
	const char *host = mc_export_value(&e, s->host);
	mc_buf_puts(b, "# mbsync (isync) account for ");
	mc_buf_puts(b, mc_export_value(&e, r->provider_name));
	mc_buf_puts(b, ", written by mailcfg\n");
	mc_export_note(b, &e);
	mc_buf_puts(b, "IMAPAccount ");
	mc_buf_puts(b, e.name);
	mc_buf_putc(b, '\n');
	line(b, "Host", host);
	mc_buf_puts(b, "Port ");
	mc_buf_put_uint(b, s->port);
	mc_buf_putc(b, '\n');
	line(b, "User", user);
	mc_buf_puts(b, "# Without a password command mbsync asks for the password. To take it\n"
	               "# from a password store, uncomment and adapt:\n"
	               "# PassCmd \"pass show mail/");
	mc_buf_puts(b, e.name);
	mc_buf_puts(b, "\"\n");
	mc_buf_puts(b, s->encryption == MAILCFG_ENCRYPTION_SSL        ? "SSLType IMAPS\n"
	               : s->encryption == MAILCFG_ENCRYPTION_STARTTLS ? "SSLType STARTTLS\n"
	                                                              : "SSLType None\n");
	if (!(s->auth & (MAILCFG_AUTH_PASSWORD_CLEARTEXT | MAILCFG_AUTH_PASSWORD_ENCRYPTED)) &&
	    (s->auth & MAILCFG_AUTH_OAUTH2))
		mc_buf_puts(b, "# OAuth2 only: PassCmd must print an access token.\n"
		               "AuthMechs XOAUTH2\n");
	mc_buf_puts(b, "\nIMAPStore ");
	mc_buf_puts(b, e.name);
	mc_buf_puts(b, "-remote\nAccount ");
	mc_buf_puts(b, e.name);
	mc_buf_puts(b, "\n\nMaildirStore ");
	mc_buf_puts(b, e.name);
	mc_buf_puts(b, "-local\nPath \"~/Mail/");
	mc_buf_puts(b, e.name);
	mc_buf_puts(b, "/\"\nInbox \"~/Mail/");
	mc_buf_puts(b, e.name);
	mc_buf_puts(b, "/INBOX\"\nSubFolders Verbatim\n\nChannel ");
	mc_buf_puts(b, e.name);
	mc_buf_puts(b, "\nFar :");
	mc_buf_puts(b, e.name);
	mc_buf_puts(b, "-remote:\nNear :");
	mc_buf_puts(b, e.name);
	mc_buf_puts(b, "-local:\nPatterns *\nCreate Near\nSyncState *\n");
	mc_export_done(&e, b);
	return NULL;
}
