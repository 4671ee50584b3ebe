/* --format mobileconfig: an Apple configuration profile (a property list)
 * with one com.apple.mail.managed payload, for iOS, iPadOS and macOS. What
 * the query does not say (the address, a user name with a placeholder) is
 * left out, and the device asks for it when the profile is installed. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "../core/internal.h"
#include "../util/text.h"
#include "export.h"

static void key_string(struct mc_buf *b, const char *indent, const char *key, const char *value)
{
	mc_buf_puts(b, indent);
	mc_buf_puts(b, "<key>");
	mc_buf_puts(b, key);
	mc_buf_puts(b, "</key>\n");
	mc_buf_puts(b, indent);
	mc_buf_puts(b, "<string>");
	mc_buf_put_xml(b, value, strlen(value));
	mc_buf_puts(b, "</string>\n");
}

static void key_raw(struct mc_buf *b, const char *indent, const char *key, const char *value)
{
	mc_buf_puts(b, indent);
	mc_buf_puts(b, "<key>");
	mc_buf_puts(b, key);
	mc_buf_puts(b, "</key>\n");
	mc_buf_puts(b, indent);
	mc_buf_puts(b, value);
	mc_buf_putc(b, '\n');
}

static void key_int(struct mc_buf *b, const char *indent, const char *key, unsigned v)
{
	char tmp[40];
	snprintf(tmp, sizeof tmp, "<integer>%u</integer>", v);
	key_raw(b, indent, key, tmp);
}

static uint64_t fnv1a(uint64_t h, const char *s)
{
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3u;
	return h;
}

/* A UUID (RFC 9562 version 8) derived from the account and a salt: the
 * same query gives the same profile, so installing it again replaces the
 * old one instead of adding a second account. */
static void uuid(char out[37], const char *name, const char *provider, const char *salt)
{
	uint64_t h1 = fnv1a(fnv1a(fnv1a(0xcbf29ce484222325u, name), provider), salt);
	uint64_t h2 = fnv1a(fnv1a(fnv1a(0x84222325cbf29ce4u, salt), provider), name);
	unsigned char u[16];
	for (int i = 0; i < 8; i++) {
		u[i] = (unsigned char)(h1 >> (8 * i));
		u[8 + i] = (unsigned char)(h2 >> (8 * i));
	}
	u[6] = (unsigned char)((u[6] & 0x0F) | 0x80);
	u[8] = (unsigned char)((u[8] & 0x3F) | 0x80);
	static const char hex[] = "0123456789ABCDEF";
	size_t k = 0;
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[u[i] >> 4];
		out[k++] = hex[u[i] & 15];
	}
	out[k] = '\0';
}

static const char *auth_kind(unsigned auth)
{
	if (auth & (MAILCFG_AUTH_PASSWORD_CLEARTEXT | MAILCFG_AUTH_OAUTH2))
		return "EmailAuthPassword";
	if (auth & MAILCFG_AUTH_PASSWORD_ENCRYPTED)
		return "EmailAuthCRAMMD5";
	if (auth & MAILCFG_AUTH_NTLM)
		return "EmailAuthNTLM";
	if (auth & (MAILCFG_AUTH_CLIENT_IP_ADDRESS | MAILCFG_AUTH_NONE))
		return "EmailAuthNone";
	return "EmailAuthPassword";
}

static void server(struct mc_buf *b, struct mc_export *e, const char *side, const mailcfg_server *s)
{
	const char *in = "\t\t\t";
	char key[64];
	snprintf(key, sizeof key, "%sMailServerAuthentication", side);
	key_string(b, in, key, auth_kind(s->auth));
	snprintf(key, sizeof key, "%sMailServerHostName", side);
	key_string(b, in, key, mc_export_value(e, s->host));
	snprintf(key, sizeof key, "%sMailServerPortNumber", side);
	key_int(b, in, key, s->port);
	/* Apple's UseSSL means TLS, implicit or by STARTTLS as the port says */
	snprintf(key, sizeof key, "%sMailServerUseSSL", side);
	key_raw(b, in, key, s->encryption == MAILCFG_ENCRYPTION_NONE ? "<false/>" : "<true/>");
	unsigned open = e->placeholders;
	e->placeholders = 0;
	const char *user = mc_export_value(e, s->username);
	if (!e->placeholders) {
		snprintf(key, sizeof key, "%sMailServerUsername", side);
		key_string(b, in, key, user);
	}
	e->placeholders |= open;
}

const char *mc_format_mobileconfig(struct mc_buf *b, const mailcfg_result *r)
{
	struct mc_export e;
	mc_export_init(&e, r);
	if (!e.incoming || !e.smtp) {
		mc_export_done(&e, b);
		return "an Apple mail profile needs an IMAP or POP3 server and an SMTP server";
	}
	const char *in = "\t\t\t";
	char id[400], u1[37], u2[37];
	size_t k = snprintf(id, sizeof id, "mailcfg.");
	for (const char *p = e.name; *p && k + 1 < sizeof id; p++)
		id[k++] = (char)((*p == '@' || *p == '_' || *p == '+') ? '.' : *p);
	id[k] = '\0';
	uuid(u1, e.name, r->provider_id, "profile");
	uuid(u2, e.name, r->provider_id, "mail");

	mc_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<!DOCTYPE plist PUBLIC \"-//Apple//DTD PLIST 1.0//EN\" "
	               "\"http://www.apple.com/DTDs/PropertyList-1.0.dtd\">\n"
	               "<plist version=\"1.0\">\n<dict>\n"
	               "\t<key>PayloadContent</key>\n\t<array>\n\t\t<dict>\n");
	char name[1024]; /* kept: the ring of values turns over below */
	mc_utf8_copy(name, sizeof name, mc_export_value(&e, r->provider_name));
	key_string(b, in, "EmailAccountDescription", name);
	key_string(b, in, "EmailAccountType",
	           e.incoming->protocol == MAILCFG_PROTOCOL_IMAP ? "EmailTypeIMAP"
	                                                         : "EmailTypePOP");
	if (e.address)
		key_string(b, in, "EmailAddress", mc_export_value(&e, r->q.address));
	server(b, &e, "Incoming", e.incoming);
	server(b, &e, "Outgoing", e.smtp);
	key_raw(b, in, "OutgoingPasswordSameAsIncomingPassword", "<true/>");
	key_string(b, in, "PayloadDescription", "Mail account settings written by mailcfg");
	key_string(b, in, "PayloadDisplayName", name);
	char sub[420];
	snprintf(sub, sizeof sub, "%s.mail", id);
	key_string(b, in, "PayloadIdentifier", sub);
	key_string(b, in, "PayloadType", "com.apple.mail.managed");
	key_string(b, in, "PayloadUUID", u2);
	key_int(b, in, "PayloadVersion", 1);
	mc_buf_puts(b, "\t\t</dict>\n\t</array>\n");
	key_string(b, "\t", "PayloadDisplayName", name);
	key_string(b, "\t", "PayloadIdentifier", id);
	key_raw(b, "\t", "PayloadRemovalDisallowed", "<false/>");
	key_string(b, "\t", "PayloadType", "Configuration");
	key_string(b, "\t", "PayloadUUID", u1);
	key_int(b, "\t", "PayloadVersion", 1);
	mc_buf_puts(b, "</dict>\n</plist>\n");
	mc_export_done(&e, b);
	return NULL;
}
