/* --client NAME: the settings as numbered steps in one mail program's own
 * menu path and field names, for a helpdesk agent to read out. The
 * provider's preparation (allow IMAP, create an app password) comes first.
 * IMAP is used when the provider offers it, POP3 only when it does not.
 *
 * Field names and menu paths follow each vendor's help pages and, for
 * Thunderbird, its own localisation files (accountSetup.ftl, en-US and de):
 *   Outlook (classic, Windows): https://support.microsoft.com/en-us/office/
 *     add-a-pop-or-imap-email-account-to-outlook-6e27792a-9267-4aa4-8bb6-c84ef146101b
 *     (de-de: the same article in German)
 *   Thunderbird: https://support.mozilla.org/en-US/kb/manual-account-configuration
 *     and https://support.mozilla.org/de/kb/manuelle-kontenkonfiguration
 *   Apple Mail (macOS): https://support.apple.com/guide/mail/add-email-accounts-mail35803/mac
 *     https://support.apple.com/de-ch/guide/mail/cpmlprefacctadv/mac (Servereinstellungen)
 *     https://support.apple.com/de-de/HT203995 (E-Mail-Einstellungen vom Anbieter)
 *   iPhone/iPad: https://support.apple.com/en-us/102619 (de-de: the same article)
 *   Gmail app and Android: https://support.google.com/mail/answer/6078445
 *     (de: https://support.google.com/mail/answer/6078445?hl=de)
 *   Windows Mail: https://support.microsoft.com/en-us/office/
 *     add-an-email-account-to-mail-and-calendar-for-windows (retired on 31 December 2024)
 * The texts live in the message catalogue with the program's id as msgctxt. */
#include <stdio.h>
#include <string.h>

#include "../core/internal.h"
#include "output.h"

/* Every text of one mail program; each is a msgid in context ID. The
 * server steps get %1$s host, %2$s port, %3$s the program's word for the
 * encryption, %4$s its word for the authentication method. */
struct client {
	const char *id;
	const char *name;  /* as the vendor names it */
	const char *note;  /* said first, or NULL */
	const char *start; /* %1$s: the address (or a description) */
	const char *type_imap, *type_pop3;
	const char *incoming, *outgoing;
	const char *smtp_auth;             /* how to switch on outgoing authentication, or NULL */
	const char *username;              /* %1$s; NULL: part of smtp_auth (%9$s) */
	const char *password;              /* %1$s: what to enter */
	const char *finish;                /* or NULL */
	const char *ssl, *starttls, *none; /* the words for the encryption setting */
};

static const struct client clients[] = {
    {"outlook", NC_("outlook", "Outlook (classic Outlook for Windows, Microsoft 365)"),
     NC_("outlook", "In the new Outlook for Windows: Settings → Accounts → Add account; the "
                    "server fields have the same values."),
     NC_("outlook", "File → Add Account; enter %1$s → Advanced options → Let me set up my "
                    "account manually → Connect"),
     NC_("outlook", "Choose IMAP"), NC_("outlook", "Choose POP"),
     NC_("outlook", "Incoming mail: Server %1$s, Port %2$s, Encryption method %3$s; “Require "
                    "logon using Secure Password Authentication (SPA)” off"),
     NC_("outlook", "Outgoing mail: Server %1$s, Port %2$s, Encryption method %3$s; “Require "
                    "logon using Secure Password Authentication (SPA)” off → Next"),
     NC_("outlook", "Only if the user name is not the address, or sending fails: File → "
                    "Account Settings → Account Settings → Change: User Name %9$s; More "
                    "Settings → Outgoing Server → “My outgoing server (SMTP) requires "
                    "authentication” on"),
     NULL, NC_("outlook", "Password: %1$s → Connect"), NC_("outlook", "Done"), "SSL/TLS",
     "STARTTLS", NC_("outlook", "None")},
    {"thunderbird", NC_("thunderbird", "Thunderbird"), NULL,
     NC_("thunderbird", "File → New → Existing Mail Account…; Your full name, Email address "
                        "%1$s, Password → Configure manually"),
     NC_("thunderbird", "Incoming server → Protocol: IMAP"),
     NC_("thunderbird", "Incoming server → Protocol: POP3"),
     NC_("thunderbird", "Incoming server: Hostname %1$s, Port %2$s, Connection security %3$s, "
                        "Authentication method %4$s"),
     NC_("thunderbird", "Outgoing server: Hostname %1$s, Port %2$s, Connection security %3$s, "
                        "Authentication method %4$s"),
     NULL, NC_("thunderbird", "Username (incoming and outgoing server): %1$s"),
     NC_("thunderbird", "Password: %1$s"), NC_("thunderbird", "Re-test → Done"), "SSL/TLS",
     "STARTTLS", NC_("thunderbird", "None")},
    {"apple-mail", NC_("apple-mail", "Apple Mail (Mac)"), NULL,
     NC_("apple-mail", "Mail → Add Account… → Other Mail Account… → Continue; Name, Email "
                       "Address %1$s, Password → Sign In"),
     NC_("apple-mail", "Account Type: IMAP"), NC_("apple-mail", "Account Type: POP"),
     NC_("apple-mail", "Incoming Mail Server: %1$s"),
     NC_("apple-mail", "Outgoing Mail Server: %1$s"),
     NC_("apple-mail", "Mail → Settings → Accounts → Server Settings: turn off “Automatically "
                       "manage connection settings”, then incoming Port %2$s, Use TLS/SSL %3$s; "
                       "outgoing Port %6$s, Use TLS/SSL %7$s; Authentication: Password"),
     NC_("apple-mail", "User Name: %1$s"), NC_("apple-mail", "Password: %1$s → Sign In"), NULL,
     NC_("apple-mail", "on"), NC_("apple-mail", "on"), NC_("apple-mail", "off")},
    {"ios", NC_("ios", "iPhone and iPad (Mail)"), NULL,
     NC_("ios", "Settings → Apps → Mail → Mail Accounts → Add Account → Other → Add Mail "
                "Account (before iOS 18: Settings → Mail → Accounts); Name, Email %1$s, Password, "
                "Description → Next"),
     NC_("ios", "Tap IMAP"), NC_("ios", "Tap POP"),
     NC_("ios", "Incoming Mail Server: Host Name %1$s"),
     NC_("ios", "Outgoing Mail Server: Host Name %1$s"),
     NC_("ios", "Afterwards, in the account: Account → Advanced → Incoming Settings: Use SSL "
                "%3$s, Authentication: Password, Server Port %2$s; Account → SMTP → Primary "
                "Server: Use SSL %7$s, Authentication: Password, Server Port %6$s"),
     NC_("ios", "User Name (incoming and outgoing): %1$s"),
     NC_("ios", "Password (incoming and outgoing): %1$s → Next → Save"), NULL, NC_("ios", "on"),
     NC_("ios", "on"), NC_("ios", "off")},
    {"android", NC_("android", "Android (system settings)"),
     NC_("android", "Menu names vary by manufacturer; on Samsung phones use the Samsung Email "
                    "app instead."),
     NC_("android", "Settings → Passwords & accounts → Add account"),
     NC_("android", "Personal (IMAP); enter %1$s → Manual setup"),
     NC_("android", "Personal (POP3); enter %1$s → Manual setup"),
     NC_("android", "Incoming server settings: Server %1$s, Port %2$s, Security type %3$s"),
     NC_("android", "Outgoing server settings: Require sign-in on, SMTP server %1$s, Port "
                    "%2$s, Security type %3$s"),
     NULL, NC_("android", "Username: %1$s"), NC_("android", "Password: %1$s → Next"),
     NC_("android", "Account options → Next; Your name → Next"), "SSL/TLS", "STARTTLS",
     NC_("android", "None")},
    {"windows-mail", NC_("windows-mail", "Windows Mail (Mail and Calendar)"),
     NC_("windows-mail", "Microsoft retired Mail and Calendar at the end of 2024; on new "
                         "computers use --client outlook."),
     NC_("windows-mail", "Settings → Manage accounts → Add account → Advanced setup → "
                         "Internet email; Email address: %1$s"),
     NC_("windows-mail", "Account type: IMAP4"), NC_("windows-mail", "Account type: POP3"),
     NC_("windows-mail", "Incoming email server: %1$s:%2$s"),
     NC_("windows-mail", "Outgoing (SMTP) email server: %1$s:%2$s"),
     NC_("windows-mail", "Outgoing server requires authentication: on; Use the same user name "
                         "and password for sending email: on; Require SSL for incoming email: "
                         "%3$s; Require SSL for outgoing email: %7$s"),
     NC_("windows-mail", "User name: %1$s"), NC_("windows-mail", "Password: %1$s"),
     NC_("windows-mail", "Account name and Send your messages using this name as you like → "
                         "Sign in"),
     NC_("windows-mail", "on"), NC_("windows-mail", "on"), NC_("windows-mail", "off")},
    {"gmail-app", NC_("gmail-app", "Gmail app (Android, iPhone)"), NULL,
     NC_("gmail-app", "Tap your profile picture → Add another account → Other; enter %1$s → "
                      "Manual setup"),
     NC_("gmail-app", "Personal (IMAP)"), NC_("gmail-app", "Personal (POP3)"),
     NC_("gmail-app", "Incoming server settings: Server %1$s, Port %2$s, Security type %3$s"),
     NC_("gmail-app", "Outgoing server settings: Require sign-in on, SMTP server %1$s, Port "
                      "%2$s, Security type %3$s"),
     NULL, NC_("gmail-app", "Username: %1$s"), NC_("gmail-app", "Password: %1$s → Next"),
     NC_("gmail-app", "Account options → Next; Your name → Next"), "SSL/TLS", "STARTTLS",
     NC_("gmail-app", "None")},
};

#define NCLIENTS (sizeof clients / sizeof clients[0])

int mc_client_find(const char *name)
{
	for (size_t i = 0; i < NCLIENTS; i++)
		if (strcmp(name, clients[i].id) == 0)
			return (int)i;
	return -1;
}

const char *mc_client_names(void)
{
	static char names[160];
	size_t len = 0;
	for (size_t i = 0; i < NCLIENTS && len < sizeof names; i++) {
		int n =
		    snprintf(names + len, sizeof names - len, "%s%s", i ? ", " : "", clients[i].id);
		len += n > 0 ? (size_t)n : 0;
	}
	return names;
}

/* Notes the customer must act on before the mail program can connect. */
bool mc_note_is_preparation(const mailcfg_note *n, mailcfg_protocol in);
bool mc_note_is_preparation(const mailcfg_note *n, mailcfg_protocol in)
{
	switch (n->kind) {
	case MAILCFG_NOTE_ENABLE_IMAP: return true;
	case MAILCFG_NOTE_ENABLE_POP3: return in == MAILCFG_PROTOCOL_POP3;
	case MAILCFG_NOTE_APP_PASSWORD:
	case MAILCFG_NOTE_TWO_FACTOR:
	case MAILCFG_NOTE_PAID_FEATURE:
	case MAILCFG_NOTE_OAUTH2_ONLY: return true;
	default: return false;
	}
}

static const mailcfg_server *first_server(const mailcfg_result *r, mailcfg_protocol p)
{
	for (size_t i = 0; i < r->server_count; i++)
		if (r->servers[i].protocol == p)
			return &r->servers[i];
	return NULL;
}

/* The user name in words when it is only a placeholder (domain queries). */
const char *mc_username_shown(const char *u, mailcfg_lang lang);
const char *mc_username_shown(const char *u, mailcfg_lang lang)
{
	if (strcmp(u, "%EMAILADDRESS%") == 0)
		return mc_label(MC_L_FULL_ADDRESS, lang);
	if (strcmp(u, "%EMAILLOCALPART%") == 0)
		return mc_label(MC_L_LOCAL_PART, lang);
	if (strcmp(u, "%EMAILDOMAIN%") == 0)
		return mc_label(MC_L_DOMAIN_PART, lang);
	return u;
}

/* What goes into the password field. */
const char *mc_password_hint(const mailcfg_result *r, const mailcfg_server *s, mailcfg_lang lang);
const char *mc_password_hint(const mailcfg_result *r, const mailcfg_server *s, mailcfg_lang lang)
{
	unsigned password = MAILCFG_AUTH_PASSWORD_CLEARTEXT | MAILCFG_AUTH_PASSWORD_ENCRYPTED;
	if (s && (s->auth & MAILCFG_AUTH_OAUTH2) && !(s->auth & password))
		return mc_tr(lang, N_("none here: sign in with the provider in the browser "
		                      "window that opens (OAuth2)"));
	for (size_t i = 0; i < r->note_count; i++)
		if (r->notes[i].kind == MAILCFG_NOTE_APP_PASSWORD)
			return mc_tr(lang, N_("an app password (see “Before you start”), not the "
			                      "usual password"));
	return mc_tr(lang, N_("the password of the email account"));
}

static const char *auth_word(const struct client *c, const mailcfg_server *s, mailcfg_lang l)
{
	(void)c;
	if (!s)
		return "";
	if (s->auth & MAILCFG_AUTH_PASSWORD_CLEARTEXT)
		return mc_trc(l, "thunderbird", NC_("thunderbird", "Normal password"));
	if (s->auth & MAILCFG_AUTH_PASSWORD_ENCRYPTED)
		return mc_trc(l, "thunderbird", NC_("thunderbird", "Encrypted password"));
	if (s->auth & MAILCFG_AUTH_OAUTH2)
		return "OAuth2";
	if (s->auth & MAILCFG_AUTH_NONE)
		return mc_trc(l, "thunderbird", NC_("thunderbird", "No authentication"));
	return mc_auth_label(s->auth & -s->auth, l);
}

static const char *enc_word(const struct client *c, const mailcfg_server *s, mailcfg_lang l)
{
	if (!s)
		return "";
	const char *w = s->encryption == MAILCFG_ENCRYPTION_SSL        ? c->ssl
	                : s->encryption == MAILCFG_ENCRYPTION_STARTTLS ? c->starttls
	                                                               : c->none;
	return mc_trc(l, c->id, w);
}

/* Data strings (provider data, online answers) are validated where they
 * enter; the terminal is guarded here once more, as in text.c. */
static void put_data(struct mc_buf *b, const char *s)
{
	mc_buf_put_safe(b, s, strlen(s));
}

struct steps {
	struct mc_buf *b;
	unsigned n;
};

static void step(struct steps *st, const char *text)
{
	char num[16];
	snprintf(num, sizeof num, "%2u. ", ++st->n);
	mc_buf_puts(st->b, num);
	mc_buf_put_wrapped(st->b, text, 4, 78, false);
	mc_buf_putc(st->b, '\n');
}

static void msg_step(struct steps *st, const struct client *c, mailcfg_lang lang, const char *msgid,
                     const char *const *args, size_t nargs)
{
	struct mc_buf line = {0};
	mc_buf_put_msg(&line, mc_trc(lang, c->id, msgid), args, nargs);
	mc_buf_putc(&line, '\0');
	step(st, line.oom ? "" : line.data);
	mc_buf_free(&line);
}

static void heading(struct mc_buf *b, const char *text)
{
	mc_buf_putc(b, '\n');
	mc_buf_puts(b, text);
	mc_buf_putc(b, '\n');
}

void mc_format_client(struct mc_buf *b, const mailcfg_result *r, int client, mailcfg_lang lang)
{
	const struct client *c = &clients[client];
	const mailcfg_server *in = first_server(r, MAILCFG_PROTOCOL_IMAP);
	bool pop = false;
	if (!in) {
		in = first_server(r, MAILCFG_PROTOCOL_POP3);
		pop = in != NULL;
	}
	const mailcfg_server *out = first_server(r, MAILCFG_PROTOCOL_SMTP);
	const char *address = mailcfg_result_address(r);
	const char *client_name = mc_trc(lang, c->id, c->name);

	/* heading: who, for whom, in which program */
	put_data(b, r->provider_name);
	if (address) {
		mc_buf_puts(b, " — ");
		put_data(b, address);
	}
	mc_buf_puts(b, ": ");
	mc_buf_puts(b, client_name);
	mc_buf_putc(b, '\n');
	if (c->note) {
		mc_buf_put_wrapped(b, mc_trc(lang, c->id, c->note), 0, 78, false);
		mc_buf_putc(b, '\n');
	}

	struct steps st = {b, 0};
	mailcfg_protocol in_proto = pop ? MAILCFG_PROTOCOL_POP3 : MAILCFG_PROTOCOL_IMAP;
	bool any = false;
	for (size_t i = 0; i < r->note_count; i++) {
		const mailcfg_note *n = &r->notes[i];
		if (!mc_note_is_preparation(n, in_proto))
			continue;
		if (!any)
			heading(b, mc_tr(lang, N_("Before you start:")));
		any = true;
		step(&st, mc_lang_is_de(lang) ? n->text_de : n->text_en);
		if (n->url) {
			mc_buf_puts(b, "    ");
			put_data(b, n->url);
			mc_buf_putc(b, '\n');
		}
	}

	if (!in || !out) {
		heading(b, mc_tr(lang, N_("This provider offers no IMAP or POP3 access for mail "
		                          "programs; see the notes below.")));
	} else {
		const char *proto = pop ? "POP3" : "IMAP";
		const char *const set_up[] = {proto, client_name};
		struct mc_buf h = {0};
		mc_buf_put_msg(&h,
		               pop ? mc_tr(lang, N_("Set up %1$s in %2$s (this provider offers no "
		                                    "IMAP):"))
		                   : mc_tr(lang, N_("Set up %1$s in %2$s:")),
		               set_up, 2);
		mc_buf_putc(&h, '\0');
		heading(b, h.oom ? "" : h.data);
		mc_buf_free(&h);

		const char *shown = address ? address : mc_tr(lang, N_("the email address"));
		char in_port[8], out_port[8];
		snprintf(in_port, sizeof in_port, "%u", in->port);
		snprintf(out_port, sizeof out_port, "%u", out->port);
		const char *user = mc_username_shown(in->username, lang);
		/* the server steps' arguments: incoming 1-4, outgoing 5-8, user 9 */
		const char *args[9] = {
		    in->host,  in_port,  enc_word(c, in, lang),  auth_word(c, in, lang),
		    out->host, out_port, enc_word(c, out, lang), auth_word(c, out, lang),
		    user};
		msg_step(&st, c, lang, c->start, &shown, 1);
		msg_step(&st, c, lang, pop ? c->type_pop3 : c->type_imap, &shown, 1);
		msg_step(&st, c, lang, c->incoming, args, 4);
		msg_step(&st, c, lang, c->outgoing, args + 4, 4);
		if (c->username)
			msg_step(&st, c, lang, c->username, &user, 1);
		const char *pw = mc_password_hint(r, in, lang);
		msg_step(&st, c, lang, c->password, &pw, 1);
		if (c->smtp_auth)
			msg_step(&st, c, lang, c->smtp_auth, args, 9);
		if (c->finish)
			msg_step(&st, c, lang, c->finish, NULL, 0);
		if (out->encryption == MAILCFG_ENCRYPTION_NONE ||
		    in->encryption == MAILCFG_ENCRYPTION_NONE) {
			mc_buf_puts(b, mc_label(MC_L_UNENCRYPTED, lang));
			mc_buf_puts(b, ": ");
			mc_buf_puts(b,
			            mc_tr(lang, N_("this provider offers no encryption here; the "
			                           "password travels readable.")));
			mc_buf_putc(b, '\n');
		}
	}

	any = false;
	for (size_t i = 0; i < r->note_count; i++) {
		const mailcfg_note *n = &r->notes[i];
		if (mc_note_is_preparation(n, in_proto))
			continue;
		if (!any)
			heading(b, mc_tr(lang, N_("Also note:")));
		any = true;
		mc_buf_puts(b, "  - ");
		mc_buf_put_wrapped(b, mc_lang_is_de(lang) ? n->text_de : n->text_en, 4, 78, false);
		mc_buf_putc(b, '\n');
		if (n->url) {
			mc_buf_puts(b, "    ");
			put_data(b, n->url);
			mc_buf_putc(b, '\n');
		}
	}
	mc_buf_putc(b, '\n');
	mc_buf_puts(b, mc_label(MC_L_SOURCE, lang));
	mc_buf_puts(b, ": ");
	if (r->owned) {
		mc_buf_puts(b, mc_label(MC_L_ONLINE, lang));
		mc_buf_putc(b, ' ');
		put_data(b, r->origin);
	} else {
		mc_buf_puts(b, mc_label(r->user_data ? MC_L_USER_DATA : MC_L_BUILTIN_DATA, lang));
		mc_buf_puts(b, ", ");
		if (r->verified && r->verified[0]) {
			mc_buf_puts(b, mc_label(MC_L_CHECKED, lang));
			mc_buf_putc(b, ' ');
			put_data(b, r->verified);
		} else {
			mc_buf_puts(b, mc_label(MC_L_NOT_VERIFIED, lang));
		}
	}
	mc_buf_putc(b, '\n');
}
