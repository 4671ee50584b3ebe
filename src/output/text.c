/* Text output: the block a helpdesk agent reads aloud. Incoming and
 * outgoing servers first, the recommended one marked, anything insecure
 * labelled in words (not only colour), notes below in the user's language. */
#include <string.h>
#include <strings.h>

#include "../core/internal.h"
#include "output.h"

#define BOLD   "\033[1m"
#define GREEN  "\033[32m"
#define RED    "\033[1;31m"
#define YELLOW "\033[33m"
#define RESET  "\033[0m"

struct ctx {
	struct mc_buf *b;
	const struct mc_text_opts *o;
	size_t label_width;
};

/* Data strings are validated where they enter (generator, user files,
 * online answers), but the terminal is guarded here once more: no control
 * character from outside reaches it, whatever a future source forgets. */
static void put_data(struct mc_buf *b, const char *s)
{
	mc_buf_put_safe(b, s, strlen(s));
}

static void color(struct ctx *c, const char *code)
{
	if (c->o->color)
		mc_buf_puts(c->b, code);
}

static void label(struct ctx *c, enum mc_label id)
{
	mc_buf_puts(c->b, "  ");
	mc_buf_put_padded(c->b, id == MC_L_COUNT ? "" : mc_label(id, c->o->lang), c->label_width);
	mc_buf_puts(c->b, "  ");
}

static bool incoming(const mailcfg_server *s)
{
	return s->protocol != MAILCFG_PROTOCOL_SMTP;
}

/* Describe a user name template in words when nothing was filled in. */
static void username(struct ctx *c, const char *u)
{
	put_data(c->b, u);
	enum mc_label meaning = MC_L_COUNT;
	if (strcmp(u, "%EMAILADDRESS%") == 0)
		meaning = MC_L_FULL_ADDRESS;
	else if (strcmp(u, "%EMAILLOCALPART%") == 0)
		meaning = MC_L_LOCAL_PART;
	else if (strcmp(u, "%EMAILDOMAIN%") == 0)
		meaning = MC_L_DOMAIN_PART;
	if (meaning != MC_L_COUNT) {
		mc_buf_puts(c->b, " (");
		mc_buf_puts(c->b, mc_label(meaning, c->o->lang));
		mc_buf_putc(c->b, ')');
	}
}

static void auth(struct ctx *c, unsigned bits)
{
	bool first = true;
	for (unsigned i = 0; i < MAILCFG_AUTH_COUNT; i++)
		if (bits & (1u << i)) {
			if (!first)
				mc_buf_puts(c->b, mc_label(MC_L_OR, c->o->lang));
			mc_buf_puts(c->b, mc_auth_label(1u << i, c->o->lang));
			first = false;
		}
}

static void server_rows(struct ctx *c, const mailcfg_result *r, bool in, size_t host_w,
                        bool same_user, bool same_auth)
{
	bool first = true;
	for (size_t i = 0; i < r->server_count; i++) {
		const mailcfg_server *s = &r->servers[i];
		if (incoming(s) != in)
			continue;
		label(c, first ? (in ? MC_L_INCOMING : MC_L_OUTGOING) : MC_L_COUNT);
		const char *proto = s->protocol == MAILCFG_PROTOCOL_IMAP   ? "IMAP"
		                    : s->protocol == MAILCFG_PROTOCOL_POP3 ? "POP3"
		                                                           : "SMTP";
		mc_buf_puts(c->b, proto);
		mc_buf_puts(c->b, "  ");
		color(c, BOLD);
		put_data(c->b, s->host);
		color(c, RESET);
		for (size_t w = mc_utf8_width(s->host); w < host_w; w++)
			mc_buf_putc(c->b, ' ');
		char port[8];
		size_t pn = 0;
		for (unsigned p = s->port; p; p /= 10)
			port[pn++] = (char)('0' + p % 10);
		for (size_t k = pn; k < 5; k++)
			mc_buf_putc(c->b, ' ');
		while (pn)
			mc_buf_putc(c->b, port[--pn]);
		mc_buf_puts(c->b, "  ");
		if (s->encryption == MAILCFG_ENCRYPTION_NONE) {
			color(c, RED);
			mc_buf_puts(c->b, mc_label(MC_L_UNENCRYPTED, c->o->lang));
			color(c, RESET);
		} else {
			mc_buf_puts(c->b, mc_encryption_label(s->encryption, c->o->lang));
		}
		/* pad the encryption column only when something follows it */
		size_t enc_w = mc_utf8_width(s->encryption == MAILCFG_ENCRYPTION_NONE
		                                 ? mc_label(MC_L_UNENCRYPTED, c->o->lang)
		                                 : mc_encryption_label(s->encryption, c->o->lang));
		bool more = (first && s->encryption != MAILCFG_ENCRYPTION_NONE) || s->unusual ||
		            !same_user || !same_auth;
		for (size_t w = enc_w; more && w < 8; w++)
			mc_buf_putc(c->b, ' ');
		if (first && s->encryption != MAILCFG_ENCRYPTION_NONE) {
			/* never recommend sending a password in clear text */
			mc_buf_puts(c->b, "  ");
			color(c, GREEN);
			mc_buf_puts(c->b, mc_label(MC_L_RECOMMENDED, c->o->lang));
			color(c, RESET);
		}
		if (s->unusual) {
			mc_buf_puts(c->b, "  (");
			mc_buf_puts(c->b, mc_label(MC_L_UNUSUAL, c->o->lang));
			mc_buf_putc(c->b, ')');
		}
		if (!same_user) {
			mc_buf_puts(c->b, "  ");
			mc_buf_puts(c->b, mc_label(MC_L_USERNAME_VARIES, c->o->lang));
			mc_buf_puts(c->b, ": ");
			username(c, s->username);
		}
		if (!same_auth) {
			mc_buf_puts(c->b, "  [");
			auth(c, s->auth);
			mc_buf_putc(c->b, ']');
		}
		mc_buf_putc(c->b, '\n');
		first = false;
	}
	if (first) {
		label(c, in ? MC_L_INCOMING : MC_L_OUTGOING);
		mc_buf_puts(c->b, mc_label(MC_L_NONE, c->o->lang));
		mc_buf_putc(c->b, '\n');
	}
}

/* Where an online answer came from: never let it look like our data. */
static void online_source(struct ctx *c, const mailcfg_result *r)
{
	mc_buf_puts(c->b, mc_label(MC_L_ONLINE, c->o->lang));
	mc_buf_putc(c->b, ' ');
	put_data(c->b, r->origin);
	if (r->mx_host[0]) {
		mc_buf_puts(c->b, " (MX ");
		put_data(c->b, r->mx_host);
		mc_buf_putc(c->b, ')');
	}
	if (r->cached) {
		mc_buf_puts(c->b, " (");
		mc_buf_puts(c->b, mc_label(MC_L_CACHED, c->o->lang));
		mc_buf_putc(c->b, ')');
	}
	if (r->untrusted) {
		mc_buf_puts(c->b, "; ");
		color(c, RED);
		mc_buf_puts(c->b, mc_label(MC_L_UNTRUSTED, c->o->lang));
		color(c, RESET);
	}
	mc_buf_putc(c->b, '\n');
}

/* Which data answered, and when it was last checked. */
static void local_source(struct ctx *c, const mailcfg_result *r)
{
	struct mc_buf *b = c->b;
	if (r->mx_host[0]) {
		mc_buf_puts(b, mc_label(MC_L_BY_MX, c->o->lang));
		mc_buf_putc(b, ' ');
		put_data(b, r->mx_host);
		mc_buf_puts(b, "; ");
	}
	mc_buf_puts(b, mc_label(r->user_data ? MC_L_USER_DATA : MC_L_BUILTIN_DATA, c->o->lang));
	mc_buf_puts(b, ", ");
	if (r->verified && r->verified[0]) {
		mc_buf_puts(b, mc_label(MC_L_CHECKED, c->o->lang));
		mc_buf_putc(b, ' ');
		put_data(b, r->verified);
	} else {
		color(c, YELLOW);
		mc_buf_puts(b, mc_label(MC_L_NOT_VERIFIED, c->o->lang));
		color(c, RESET);
	}
	mc_buf_putc(b, '\n');
	if (c->o->verbose)
		for (size_t i = 0; i < r->ref_count; i++) {
			label(c, MC_L_COUNT);
			mc_buf_puts(b, mc_label(MC_L_REFERENCES, c->o->lang));
			mc_buf_putc(b, ' ');
			put_data(b, r->refs[i]);
			mc_buf_putc(b, '\n');
		}
}

void mc_format_text(struct mc_buf *b, const mailcfg_result *r, const struct mc_text_opts *o)
{
	if (r->status != MAILCFG_STATUS_FOUND)
		return;
	struct ctx c = {b, o, 0};
	for (int i = 0; i < MC_L_COUNT; i++)
		if (i <= MC_L_STATUS) {
			size_t w = mc_utf8_width(mc_label((enum mc_label)i, o->lang));
			if (w > c.label_width)
				c.label_width = w;
		}

	/* heading: provider, then what was asked */
	color(&c, BOLD);
	put_data(b, r->provider_name);
	color(&c, RESET);
	const char *asked =
	    mailcfg_result_address(r) ? mailcfg_result_address(r) : mailcfg_result_domain(r);
	if (asked && strcasecmp(asked, r->provider_name) != 0) {
		mc_buf_puts(b, " — ");
		put_data(b, asked);
		if (mailcfg_result_domain_unicode(r)) {
			mc_buf_puts(b, " (");
			put_data(b, mailcfg_result_domain_unicode(r));
			mc_buf_putc(b, ')');
		}
	}
	mc_buf_putc(b, '\n');

	if (r->provider_status != MAILCFG_PROVIDER_ACTIVE) {
		label(&c, MC_L_STATUS);
		color(&c, YELLOW);
		if (r->provider_status == MAILCFG_PROVIDER_MERGED) {
			mc_buf_puts(b, mc_label(MC_L_MERGED_INTO, o->lang));
			mc_buf_putc(b, ' ');
		} else {
			mc_buf_puts(b, mc_label(MC_L_DISCONTINUED, o->lang));
			if (r->successor_name)
				mc_buf_puts(b, " → ");
		}
		if (r->successor_name)
			put_data(b, r->successor_name);
		color(&c, RESET);
		mc_buf_putc(b, '\n');
	}

	size_t host_w = 0;
	bool same_user = true, same_auth = true;
	for (size_t i = 0; i < r->server_count; i++) {
		size_t w = mc_utf8_width(r->servers[i].host);
		if (w > host_w)
			host_w = w;
		same_user &= strcmp(r->servers[i].username, r->servers[0].username) == 0;
		same_auth &= r->servers[i].auth == r->servers[0].auth;
	}
	server_rows(&c, r, true, host_w, same_user, same_auth);
	server_rows(&c, r, false, host_w, same_user, same_auth);

	if (r->server_count && same_user) {
		label(&c, MC_L_USERNAME);
		username(&c, r->servers[0].username);
		mc_buf_putc(b, '\n');
	}
	/* a rule explains assigned user names; print each different one once,
	 * under the Username line when there is one */
	bool labelled = r->server_count && same_user;
	for (size_t i = 0; i < r->server_count; i++) {
		const char *rule = o->lang == MAILCFG_LANG_DE ? r->servers[i].username_rule_de
		                                              : r->servers[i].username_rule_en;
		bool seen = false;
		for (size_t k = 0; k < i && rule; k++) {
			const char *prev = o->lang == MAILCFG_LANG_DE
			                       ? r->servers[k].username_rule_de
			                       : r->servers[k].username_rule_en;
			seen |= prev && strcmp(prev, rule) == 0;
		}
		if (rule && !seen) {
			label(&c, labelled ? MC_L_COUNT : MC_L_USERNAME);
			labelled = true;
			put_data(b, rule);
			mc_buf_putc(b, '\n');
		}
	}
	if (r->server_count && same_auth) {
		label(&c, MC_L_LOGIN);
		auth(&c, r->servers[0].auth);
		mc_buf_putc(b, '\n');
	}

	for (size_t i = 0; i < r->note_count; i++) {
		const mailcfg_note *n = &r->notes[i];
		label(&c, i == 0 ? MC_L_NOTES : MC_L_COUNT);
		bool warn = n->kind == MAILCFG_NOTE_UNCERTAIN ||
		            n->kind == MAILCFG_NOTE_UNENCRYPTED_ONLY ||
		            n->kind == MAILCFG_NOTE_DISCONTINUED;
		if (warn)
			color(&c, YELLOW);
		mc_buf_puts(b, "- ");
		put_data(b, o->lang == MAILCFG_LANG_DE ? n->text_de : n->text_en);
		if (warn)
			color(&c, RESET);
		mc_buf_putc(b, '\n');
		if (n->url) {
			label(&c, MC_L_COUNT);
			mc_buf_puts(b, "  ");
			put_data(b, n->url);
			mc_buf_putc(b, '\n');
		}
	}
	if (r->documentation) {
		label(&c, MC_L_HELP);
		put_data(b, r->documentation);
		mc_buf_putc(b, '\n');
	}

	label(&c, MC_L_SOURCE);
	if (r->owned)
		online_source(&c, r);
	else
		local_source(&c, r);
	for (size_t i = 0; i < r->alt_count; i++) {
		const mailcfg_result *alt = r->alt[i];
		mc_buf_putc(b, '\n');
		color(&c, alt->disagrees ? YELLOW : "");
		mc_buf_puts(b, mc_label(alt->disagrees ? MC_L_DISAGREES : MC_L_AGREES, o->lang));
		mc_buf_putc(b, ' ');
		mc_buf_puts(b, mailcfg_source_name(alt->source));
		mc_buf_puts(b, ":\n");
		color(&c, RESET);
		mc_format_text(b, alt, o);
	}
}
