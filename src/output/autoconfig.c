/* --format autoconfig: a Thunderbird autoconfig document (config-v1.1.xml)
 * that a hosting provider can serve at
 * https://autoconfig.DOMAIN/mail/config-v1.1.xml. For a domain query the
 * user names keep the format's own placeholders (%EMAILADDRESS%, ...),
 * which the mail program fills in; an address query fills them in. */
#include <stdio.h>
#include <string.h>

#include "../core/internal.h"
#include "export.h"

static void put(struct mc_buf *b, const char *s)
{
	mc_buf_put_xml(b, s, strlen(s));
}

static void element(struct mc_buf *b, const char *indent, const char *name, const char *text)
{
	mc_buf_puts(b, indent);
	mc_buf_putc(b, '<');
	mc_buf_puts(b, name);
	mc_buf_putc(b, '>');
	put(b, text);
	mc_buf_puts(b, "</");
	mc_buf_puts(b, name);
	mc_buf_puts(b, ">\n");
}

/* The format's names of the authentication methods, by bit. */
static const char *auth_name(unsigned bit)
{
	switch (bit) {
	case MAILCFG_AUTH_PASSWORD_CLEARTEXT: return "password-cleartext";
	case MAILCFG_AUTH_PASSWORD_ENCRYPTED: return "password-encrypted";
	case MAILCFG_AUTH_OAUTH2: return "OAuth2";
	case MAILCFG_AUTH_NTLM: return "NTLM";
	case MAILCFG_AUTH_GSSAPI: return "GSSAPI";
	case MAILCFG_AUTH_CLIENT_IP_ADDRESS: return "client-IP-address";
	case MAILCFG_AUTH_TLS_CLIENT_CERT: return "TLS-client-cert";
	default: return "none";
	}
}

static void server(struct mc_buf *b, const mailcfg_server *s)
{
	bool in = s->protocol != MAILCFG_PROTOCOL_SMTP;
	mc_buf_puts(b, in ? "    <incomingServer type=\"" : "    <outgoingServer type=\"");
	mc_buf_puts(b, mailcfg_protocol_name(s->protocol));
	mc_buf_puts(b, "\">\n");
	element(b, "      ", "hostname", s->host);
	char port[8];
	snprintf(port, sizeof port, "%u", s->port);
	element(b, "      ", "port", port);
	element(b, "      ", "socketType",
	        s->encryption == MAILCFG_ENCRYPTION_SSL        ? "SSL"
	        : s->encryption == MAILCFG_ENCRYPTION_STARTTLS ? "STARTTLS"
	                                                       : "plain");
	for (unsigned i = 0; i < MAILCFG_AUTH_COUNT; i++)
		if (s->auth & (1u << i))
			element(b, "      ", "authentication", auth_name(1u << i));
	element(b, "      ", "username", s->username);
	mc_buf_puts(b, in ? "    </incomingServer>\n" : "    </outgoingServer>\n");
}

const char *mc_format_autoconfig(struct mc_buf *b, const mailcfg_result *r)
{
	if (!r->parsed || !r->q.domain[0])
		return "an autoconfig document is about a domain: ask for a domain or an "
		       "address of this provider";
	bool incoming = false;
	for (size_t i = 0; i < r->server_count; i++)
		incoming |= r->servers[i].protocol != MAILCFG_PROTOCOL_SMTP;
	if (!incoming)
		return "an autoconfig document needs an IMAP or POP3 server, and the provider has "
		       "neither";
	mc_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<!-- written by mailcfg; serve it as "
	               "https://autoconfig.DOMAIN/mail/config-v1.1.xml -->\n"
	               "<clientConfig version=\"1.1\">\n"
	               "  <emailProvider id=\"");
	put(b, r->q.domain);
	mc_buf_puts(b, "\">\n");
	element(b, "    ", "domain", r->q.domain);
	element(b, "    ", "displayName", r->provider_name);
	element(b, "    ", "displayShortName", r->provider_name);
	/* the format wants the incoming servers before the outgoing ones */
	for (size_t i = 0; i < r->server_count; i++)
		if (r->servers[i].protocol != MAILCFG_PROTOCOL_SMTP)
			server(b, &r->servers[i]);
	for (size_t i = 0; i < r->server_count; i++)
		if (r->servers[i].protocol == MAILCFG_PROTOCOL_SMTP)
			server(b, &r->servers[i]);
	for (size_t i = 0; i < r->note_count; i++) {
		const mailcfg_note *n = &r->notes[i];
		if (!n->url ||
		    (n->kind != MAILCFG_NOTE_ENABLE_IMAP && n->kind != MAILCFG_NOTE_ENABLE_POP3 &&
		     n->kind != MAILCFG_NOTE_APP_PASSWORD))
			continue;
		mc_buf_puts(b, "    <enable visiturl=\"");
		put(b, n->url);
		mc_buf_puts(b, "\">\n      <instruction lang=\"en\">");
		put(b, n->text_en);
		mc_buf_puts(b, "</instruction>\n      <instruction lang=\"de\">");
		put(b, n->text_de);
		mc_buf_puts(b, "</instruction>\n    </enable>\n");
	}
	if (r->documentation) {
		mc_buf_puts(b, "    <documentation url=\"");
		put(b, r->documentation);
		mc_buf_puts(b, "\">\n      <descr lang=\"en\">");
		put(b, r->provider_name);
		mc_buf_puts(b, "</descr>\n    </documentation>\n");
	}
	mc_buf_puts(b, "  </emailProvider>\n</clientConfig>\n");
	return NULL;
}
