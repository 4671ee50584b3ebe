/* --format msmtp: one msmtp account (~/.config/msmtp/config) per query,
 * for the provider's preferred SMTP server. msmtp takes an argument
 * enclosed in double quotes as it stands (no escapes inside), and fills
 * %U %H %C %M into "from". */
#include <string.h>

#include "../core/internal.h"
#include "export.h"

static void line(struct mc_buf *b, const char *cmd, const char *arg)
{
	mc_buf_puts(b, cmd);
	mc_buf_puts(b, " \"");
	mc_buf_puts(b, arg);
	mc_buf_puts(b, "\"\n");
}

const char *mc_format_msmtp(struct mc_buf *b, const mailcfg_result *r)
{
	struct mc_export e;
	mc_export_init(&e, r);
	const mailcfg_server *s = e.smtp;
	if (!s) {
		mc_export_done(&e, b);
		return "msmtp sends mail, but the provider has no SMTP server";
	}
	mc_buf_puts(b, "# msmtp account for ");
	mc_buf_puts(b, mc_export_value(&e, r->provider_name));
	mc_buf_puts(b, ", written by mailcfg\n");
	/* the name is checked first: the YOUR-... note must come before use */
	const char *user = mc_export_value(&e, s->username);
	const char *host = mc_export_value(&e, s->host);
	const char *from = mc_export_from(&e);
	mc_export_note(b, &e);
	mc_buf_puts(b, "account ");
	mc_buf_puts(b, e.name);
	mc_buf_putc(b, '\n');
	line(b, "host", host);
	mc_buf_puts(b, "port ");
	mc_buf_put_uint(b, s->port);
	mc_buf_putc(b, '\n');
	mc_buf_puts(b, s->encryption == MAILCFG_ENCRYPTION_NONE ? "tls off\n" : "tls on\n");
	if (s->encryption != MAILCFG_ENCRYPTION_NONE)
		mc_buf_puts(b, s->encryption == MAILCFG_ENCRYPTION_STARTTLS ? "tls_starttls on\n"
		                                                            : "tls_starttls off\n");
	bool login = s->auth & (MAILCFG_AUTH_PASSWORD_CLEARTEXT | MAILCFG_AUTH_PASSWORD_ENCRYPTED |
	                        MAILCFG_AUTH_NTLM | MAILCFG_AUTH_GSSAPI);
	if (login) {
		mc_buf_puts(b, "auth on\n");
	} else if (s->auth & MAILCFG_AUTH_OAUTH2) {
		mc_buf_puts(b, "# OAuth2 only: the password command must print an access token.\n"
		               "auth oauthbearer\n");
	} else {
		mc_buf_puts(b, "auth off\n");
	}
	if (login || (s->auth & MAILCFG_AUTH_OAUTH2))
		line(b, "user", user);
	/* msmtp replaces %U %H %C %M in the sender address and has no escape
	 * for them: such an address cannot be written, only explained */
	bool expands = false;
	for (const char *p = strchr(from, '%'); p; p = strchr(p + 1, '%'))
		expands |= p[1] == 'U' || p[1] == 'H' || p[1] == 'C' || p[1] == 'M';
	if (expands)
		mc_buf_puts(b,
		            "# The address holds %U, %H, %C or %M, which msmtp would replace in\n"
		            "# \"from\": give the sender with msmtp -f ADDRESS instead.\n");
	else
		line(b, "from", from);
	if (login || (s->auth & MAILCFG_AUTH_OAUTH2)) {
		mc_buf_puts(b,
		            "# Without a password command msmtp asks for the password. To take it\n"
		            "# from a password store, uncomment and adapt:\n"
		            "# passwordeval \"pass show mail/");
		mc_buf_puts(b, e.name);
		mc_buf_puts(b, "\"\n");
	}
	mc_export_done(&e, b);
	return NULL;
}
