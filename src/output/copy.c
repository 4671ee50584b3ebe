/* --copy: a plain summary a helpdesk agent pastes into a ticket or an email
 * reply. No colour, no alignment that needs a terminal font, no arrows or
 * box characters, lines of at most 72 characters (mail clients wrap at
 * 72-78), in the chosen language. */
#include <stdio.h>
#include <string.h>

#include "../core/internal.h"
#include "output.h"

#define WIDTH 72

const char *mc_username_shown(const char *u, mailcfg_lang lang);
bool mc_note_is_preparation(const mailcfg_note *n, mailcfg_protocol in);
const char *mc_password_hint(const mailcfg_result *r, const mailcfg_server *s, mailcfg_lang lang);

/* Bytes of the UTF-8 character starting at S (1 for anything else). */
static size_t char_len(const unsigned char *s)
{
	size_t n = *s >= 0xf0 ? 4 : *s >= 0xe0 ? 3 : *s >= 0xc0 ? 2 : 1;
	for (size_t i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

void mc_buf_put_wrapped(struct mc_buf *b, const char *text, size_t indent, size_t width,
                        bool first_too)
{
	/* the first line starts at INDENT too: written here or by the caller */
	if (first_too)
		mc_buf_put_padded(b, "", indent);
	size_t col = indent, start_col = indent;
	const char *p = text;
	while (*p) {
		size_t word = strcspn(p, " \n"), chars = 0;
		for (size_t i = 0; i < word; i += char_len((const unsigned char *)p + i))
			chars++;
		/* a word that does not fit starts a new line, unless it is the
		 * first on its line (a long URL stays whole) */
		if (col > start_col && col + 1 + chars > width) {
			mc_buf_putc(b, '\n');
			mc_buf_put_padded(b, "", indent);
			col = start_col = indent;
		} else if (col > start_col) {
			mc_buf_putc(b, ' ');
			col++;
		}
		mc_buf_put_safe(b, p, word); /* notes are data: escaped */
		col += chars;
		p += word;
		if (*p == '\n') {
			mc_buf_putc(b, '\n');
			mc_buf_put_padded(b, "", indent);
			col = start_col = indent;
			p++;
		}
		while (*p == ' ')
			p++;
	}
}

static const mailcfg_server *first_server(const mailcfg_result *r, mailcfg_protocol p)
{
	for (size_t i = 0; i < r->server_count; i++)
		if (r->servers[i].protocol == p)
			return &r->servers[i];
	return NULL;
}

/* One line of the block, INDENT columns in: MSGID formatted with ARGS,
 * wrapped with two more columns for the continuation lines. */
static void line_in(struct mc_buf *b, size_t indent, mailcfg_lang lang, const char *msgid,
                    const char *const *args, size_t nargs)
{
	struct mc_buf t = {0};
	mc_buf_put_msg(&t, mc_tr(lang, msgid), args, nargs);
	mc_buf_putc(&t, '\0');
	mc_buf_put_padded(b, "", indent);
	mc_buf_put_wrapped(b, t.oom ? "" : t.data, indent + 2, WIDTH, false);
	mc_buf_putc(b, '\n');
	mc_buf_free(&t);
}

static void line(struct mc_buf *b, mailcfg_lang lang, const char *msgid, const char *const *args,
                 size_t nargs)
{
	line_in(b, 0, lang, msgid, args, nargs);
}

static void server(struct mc_buf *b, mailcfg_lang lang, const mailcfg_server *s)
{
	char port[8];
	snprintf(port, sizeof port, "%u", s->port);
	const char *proto = s->protocol == MAILCFG_PROTOCOL_IMAP   ? "IMAP"
	                    : s->protocol == MAILCFG_PROTOCOL_POP3 ? "POP3"
	                                                           : "SMTP";
	const char *enc = s->encryption == MAILCFG_ENCRYPTION_NONE
	                      ? mc_label(MC_L_UNENCRYPTED, lang)
	                      : mc_encryption_label(s->encryption, lang);
	const char *args[] = {proto, s->host, port, enc};
	if (s->protocol == MAILCFG_PROTOCOL_SMTP) {
		line(b, lang, N_("Outgoing server (%1$s): %2$s"), args, 4);
		bool auth = !(s->auth & (MAILCFG_AUTH_NONE | MAILCFG_AUTH_CLIENT_IP_ADDRESS));
		line_in(b, 2, lang,
		        auth ? N_("Port %3$s, encryption %4$s, authentication required")
		             : N_("Port %3$s, encryption %4$s, no authentication"),
		        args, 4);
	} else {
		line(b, lang, N_("Incoming server (%1$s): %2$s"), args, 4);
		line_in(b, 2, lang, N_("Port %3$s, encryption %4$s"), args, 4);
	}
}

void mc_format_copy(struct mc_buf *b, const mailcfg_result *r, mailcfg_lang lang)
{
	const char *address = mailcfg_result_address(r);
	const char *asked = address ? address : mailcfg_result_domain(r);
	const char *head[] = {asked ? asked : r->provider_name, r->provider_name};
	line(b, lang, asked ? N_("Email settings for %1$s (%2$s)") : N_("Email settings for %1$s"),
	     head, 2);
	mc_buf_putc(b, '\n');

	const mailcfg_server *in = first_server(r, MAILCFG_PROTOCOL_IMAP);
	if (!in)
		in = first_server(r, MAILCFG_PROTOCOL_POP3);
	const mailcfg_server *out = first_server(r, MAILCFG_PROTOCOL_SMTP);
	if (in)
		server(b, lang, in);
	if (out)
		server(b, lang, out);
	if (in) {
		const char *user = mc_username_shown(in->username, lang);
		line(b, lang, N_("Username: %1$s"), &user, 1);
		const char *pw = mc_password_hint(r, in, lang);
		line(b, lang, N_("Password: %1$s"), &pw, 1);
	} else {
		line(b, lang, N_("This provider offers no IMAP or POP3 access for mail programs."),
		     NULL, 0);
	}

	/* what the customer must do first, then everything else */
	mailcfg_protocol proto = in ? in->protocol : MAILCFG_PROTOCOL_IMAP;
	for (int prep = 1; prep >= 0; prep--) {
		bool any = false;
		for (size_t i = 0; i < r->note_count; i++) {
			const mailcfg_note *n = &r->notes[i];
			if (mc_note_is_preparation(n, proto) != (prep == 1))
				continue;
			if (!any) {
				mc_buf_putc(b, '\n');
				line(b, lang, prep ? N_("Before you start:") : N_("Please note:"),
				     NULL, 0);
			}
			any = true;
			mc_buf_puts(b, "- ");
			mc_buf_put_wrapped(b, mc_lang_is_de(lang) ? n->text_de : n->text_en, 2,
			                   WIDTH, false);
			mc_buf_putc(b, '\n');
			if (n->url) {
				mc_buf_puts(b, "  ");
				mc_buf_put_safe(b, n->url, strlen(n->url));
				mc_buf_putc(b, '\n');
			}
		}
	}

	mc_buf_putc(b, '\n');
	if (r->owned) {
		const char *origin = r->origin;
		line(b, lang, N_("Source: found online at %1$s"), &origin, 1);
	} else {
		const char *src[] = {r->documentation ? r->documentation : r->provider_name,
		                     r->verified && r->verified[0] ? r->verified : NULL};
		line(b, lang,
		     src[1] ? N_("Source (checked %2$s): %1$s") : N_("Source (not verified): %1$s"),
		     src, 2);
	}
}
