/* mailcfg explain [TERM...]: short, correct answers to the questions
 * helpdesk staff hear every day (what is IMAP, why 587, SSL or STARTTLS),
 * each with the RFC to cite. The texts are in the message catalogue. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "util/text.h"

struct term {
	const char *names; /* the name, then aliases, separated by blanks */
	const char *title;
	const char *text;
	const char *rfc; /* not translated; NULL: no RFC */
};

static const struct term terms[] = {
    {"imap", N_("IMAP (Internet Message Access Protocol)"),
     N_("Reads mail on the server: folders and messages stay there, so every device (phone, "
        "computer, web mail) sees the same state. The usual choice for mail programs. Port "
        "993 with SSL/TLS, or 143 with STARTTLS."),
     "RFC 9051 (IMAP4rev2), RFC 3501 (IMAP4rev1)"},
    {"pop3 pop", N_("POP3 (Post Office Protocol, version 3)"),
     N_("Downloads the inbox to one device: no folders, and unless the mail program is told "
        "to leave copies on the server, the messages are deleted there. Use it only where a "
        "provider offers no IMAP. Port 995 with SSL/TLS, or 110 with STARTTLS."),
     "RFC 1939, RFC 2595 (STLS)"},
    {"smtp", N_("SMTP (Simple Mail Transfer Protocol)"),
     N_("Sends mail. A mail program hands its messages to the provider's submission server "
        "and logs in there (port 465 with SSL/TLS, or 587 with STARTTLS); mail servers pass "
        "mail on to each other on port 25."),
     "RFC 5321 (SMTP), RFC 6409 (submission), RFC 4954 (SMTP AUTH)"},
    {"starttls", N_("STARTTLS"),
     N_("The connection starts unencrypted on the protocol's usual port (143, 110, 587) and "
        "is switched to TLS with the STARTTLS command (STLS in POP3) before the password is "
        "sent. Safe when the mail program insists on it; RFC 8314 prefers SSL/TLS (implicit "
        "TLS), whose connection is never unencrypted."),
     "RFC 3207 (SMTP), RFC 2595 (IMAP, POP3), RFC 8314"},
    {"ssl tls ssl/tls", N_("SSL/TLS (implicit TLS)"),
     N_("The connection is encrypted from the first byte, on a port of its own: 993 (IMAP), "
        "995 (POP3), 465 (sending). SSL is the old name; today it is always TLS. Mail "
        "programs call it SSL/TLS, SSL or TLS; the other choice is STARTTLS. RFC 8314 "
        "recommends it for mail programs."),
     "RFC 8314, RFC 8446 (TLS 1.3)"},
    {"993", N_("Port 993: IMAP with SSL/TLS"),
     N_("Incoming mail with IMAP, encrypted from the start. The recommended incoming port."),
     "RFC 8314, RFC 9051"},
    {"995", N_("Port 995: POP3 with SSL/TLS"),
     N_("Incoming mail with POP3, encrypted from the start. For providers without IMAP."),
     "RFC 8314, RFC 1939"},
    {"465", N_("Port 465: sending with SSL/TLS"),
     N_("Sending from a mail program (message submission) with a login, encrypted from the "
        "start. RFC 8314 (2018) assigned it to submission again and recommends it over 587."),
     "RFC 8314"},
    {"587", N_("Port 587: sending with STARTTLS"),
     N_("Sending from a mail program (message submission) with a login; the connection is "
        "switched to TLS with STARTTLS. The choice where 465 is not offered."),
     "RFC 6409, RFC 3207"},
    {"143", N_("Port 143: IMAP with STARTTLS"),
     N_("IMAP that starts unencrypted and is switched to TLS with STARTTLS. Use 993 where it "
        "is offered; never log in on 143 without STARTTLS."),
     "RFC 9051, RFC 2595"},
    {"110", N_("Port 110: POP3 with STARTTLS"),
     N_("POP3 that starts unencrypted and is switched to TLS with STLS. Use 995 where it is "
        "offered; never log in on 110 without encryption."),
     "RFC 1939, RFC 2595"},
    {"25", N_("Port 25: SMTP between mail servers"),
     N_("Mail servers deliver to each other on port 25 (to the MX of the recipient's domain). "
        "Not for mail programs: many internet providers block it for their customers; "
        "sending uses 465 or 587 with a login."),
     "RFC 5321"},
    {"app-password", N_("App password"),
     N_("A separate password that only a mail program uses, created in the security settings "
        "of the provider's account. Providers require one when two-factor authentication is "
        "on, because a mail program cannot ask for the second factor. It replaces the usual "
        "password in the mail program, nowhere else."),
     NULL},
    {"oauth2 oauth", N_("OAuth2 (sign-in in the browser)"),
     N_("The mail program opens the provider's sign-in page; password and second factor are "
        "entered there, and the program receives a token instead of the password. Some "
        "providers accept nothing else; the mail program must support it."),
     "RFC 6749 (OAuth 2.0), RFC 7628 (SASL OAUTHBEARER)"},
    {"mx", N_("MX record"),
     N_("The DNS entry that names the servers receiving mail for a domain (on port 25). It "
        "says who receives the mail, not which server a mail program uses, but it often "
        "shows the provider: try mailcfg lookup --mx HOST."),
     "RFC 5321, RFC 1035"},
};

#define NTERMS (sizeof terms / sizeof terms[0])

/* The first name of T: its own (blank-separated) word. */
static size_t first_len(const struct term *t)
{
	return strcspn(t->names, " ");
}

static bool has_name(const struct term *t, const char *s)
{
	size_t n = strlen(s);
	for (const char *p = t->names; *p;) {
		size_t w = strcspn(p, " ");
		if (w == n && strncasecmp(p, s, n) == 0)
			return true;
		p += w;
		while (*p == ' ')
			p++;
	}
	return false;
}

static void list_terms(mailcfg_lang lang)
{
	mc_buf_puts(&cli_out, mc_tr(lang, N_("Terms (mailcfg explain TERM):")));
	mc_buf_putc(&cli_out, '\n');
	for (size_t i = 0; i < NTERMS; i++) {
		char names[64];
		size_t k = 0;
		for (const char *p = terms[i].names; *p && k + 2 < sizeof names; p++) {
			if (*p == ' ')
				names[k++] = ',';
			names[k++] = *p;
		}
		names[k] = '\0';
		mc_buf_puts(&cli_out, "  ");
		mc_buf_put_padded(&cli_out, names, 20);
		mc_buf_puts(&cli_out, mc_tr(lang, terms[i].title));
		mc_buf_putc(&cli_out, '\n');
	}
}

static void explain_term(const struct term *t, mailcfg_lang lang)
{
	mc_buf_puts(&cli_out, mc_tr(lang, t->title));
	mc_buf_putc(&cli_out, '\n');
	mc_buf_put_wrapped(&cli_out, mc_tr(lang, t->text), 2, 78, true);
	mc_buf_puts(&cli_out, "\n  ");
	mc_buf_puts(&cli_out,
	            t->rfc ? t->rfc : mc_tr(lang, N_("No RFC: a practice of the providers.")));
	mc_buf_putc(&cli_out, '\n');
}

static void unknown(const char *s)
{
	char all[256] = "";
	const char *near = NULL;
	unsigned best = 3;
	for (size_t i = 0; i < NTERMS; i++) {
		size_t n = first_len(&terms[i]);
		if (i)
			strncat(all, ", ", sizeof all - strlen(all) - 1);
		strncat(all, terms[i].names,
		        n < sizeof all - strlen(all) ? n : sizeof all - strlen(all) - 1);
		unsigned d = mc_edit_distance(s, strlen(s), terms[i].names, n, 2);
		if (d < best) {
			best = d;
			near = terms[i].names;
		}
	}
	const char *shown = cli_safe(s, strlen(s));
	if (near)
		cli_usage_error(N_("unknown term '%s'; did you mean '%s'? Terms: %s"), shown,
		                cli_safe(near, strcspn(near, " ")), all);
	else
		cli_usage_error(N_("unknown term '%s'; terms: %s"), shown, all);
}

const char *cli_explain_terms(void)
{
	static char words[512];
	if (!words[0])
		for (size_t i = 0; i < NTERMS; i++) {
			size_t used = strlen(words);
			snprintf(words + used, sizeof words - used, "%s%s", used ? " " : "",
			         terms[i].names);
		}
	return words;
}

int cmd_explain(const struct cli *cli)
{
	if (cli->operand_count == 0) {
		list_terms(cli->lang);
		return EXIT_ANSWERED;
	}
	/* every term is checked before anything is printed: no half answer */
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < cli->operand_count; i++) {
			const struct term *t = NULL;
			for (size_t k = 0; k < NTERMS && !t; k++)
				if (has_name(&terms[k], cli->operands[i]))
					t = &terms[k];
			if (!t) {
				unknown(cli->operands[i]);
				return EXIT_USAGE;
			}
			if (pass == 0)
				continue;
			if (i)
				mc_buf_putc(&cli_out, '\n');
			explain_term(t, cli->lang);
		}
	return EXIT_ANSWERED;
}
