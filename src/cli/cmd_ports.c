/* mailcfg ports: the standard mail ports, what each is for and which to
 * prefer (RFC 8314: implicit TLS before STARTTLS; RFC 6409: submission). */
#include <string.h>

#include "cli.h"

struct port_row {
	unsigned port;
	const char *protocol;
	mailcfg_encryption encryption;
	const char *preference; /* "preferred", "fallback", "not-for-clients" */
	const char *use;        /* a catalogue message */
	const char *rfc;
};

static const struct port_row rows[] = {
    {993, "imap", MAILCFG_ENCRYPTION_SSL, "preferred",
     N_("IMAP over TLS: read mail on the server from any device"), "RFC 8314, RFC 9051"},
    {143, "imap", MAILCFG_ENCRYPTION_STARTTLS, "fallback",
     N_("IMAP, encrypted with STARTTLS; only where 993 is not offered"), "RFC 9051, RFC 2595"},
    {995, "pop3", MAILCFG_ENCRYPTION_SSL, "preferred",
     N_("POP3 over TLS: download mail to one device"), "RFC 8314, RFC 1939"},
    {110, "pop3", MAILCFG_ENCRYPTION_STARTTLS, "fallback",
     N_("POP3, encrypted with STARTTLS (STLS); only where 995 is not offered"),
     "RFC 1939, RFC 2595"},
    {465, "smtp", MAILCFG_ENCRYPTION_SSL, "preferred",
     N_("message submission over TLS: send mail from a mail program"), "RFC 8314"},
    {587, "smtp", MAILCFG_ENCRYPTION_STARTTLS, "fallback",
     N_("message submission with STARTTLS: send mail where 465 is not offered"),
     "RFC 6409, RFC 3207"},
    {25, "smtp", MAILCFG_ENCRYPTION_STARTTLS, "not-for-clients",
     N_("server to server (MX) only; mail programs should not send here, many networks "
        "block it"),
     "RFC 5321"},
};

#define ROWS (sizeof rows / sizeof rows[0])

static const char *preference_label(const char *p, mailcfg_lang lang)
{
	if (strcmp(p, "preferred") == 0)
		return mc_tr(lang, N_("preferred"));
	if (strcmp(p, "fallback") == 0)
		return mc_tr(lang, N_("fallback"));
	return mc_tr(lang, N_("not for mail programs"));
}

int cmd_ports(const struct cli *cli)
{
	if (cli->operand_count) {
		cli_usage_error(N_("ports takes no arguments"));
		return EXIT_USAGE;
	}
	mailcfg_lang lang = cli->lang;
	if (cli->format == FORMAT_JSON) {
		mc_buf_putc(&cli_out, '[');
		for (size_t i = 0; i < ROWS; i++) {
			const struct port_row *r = &rows[i];
			mc_buf_puts(&cli_out, i ? ",\n{\"port\":" : "{\"port\":");
			mc_buf_put_uint(&cli_out, r->port);
			mc_buf_puts(&cli_out, ",\"protocol\":\"");
			mc_buf_puts(&cli_out, r->protocol);
			mc_buf_puts(&cli_out, "\",\"encryption\":\"");
			mc_buf_puts(&cli_out, mailcfg_encryption_name(r->encryption));
			mc_buf_puts(&cli_out, "\",\"preference\":\"");
			mc_buf_puts(&cli_out, r->preference);
			mc_buf_puts(&cli_out, "\",\"use\":");
			mc_buf_put_json(&cli_out, mc_tr(lang, r->use), strlen(mc_tr(lang, r->use)));
			mc_buf_puts(&cli_out, ",\"rfc\":\"");
			mc_buf_puts(&cli_out, r->rfc);
			mc_buf_puts(&cli_out, "\"}");
		}
		mc_buf_puts(&cli_out, "]\n");
		return EXIT_ANSWERED;
	}
	if (cli->format == FORMAT_TSV) {
		for (size_t i = 0; i < ROWS; i++) {
			const struct port_row *r = &rows[i];
			mc_buf_put_uint(&cli_out, r->port);
			mc_buf_putc(&cli_out, '\t');
			mc_buf_puts(&cli_out, r->protocol);
			mc_buf_putc(&cli_out, '\t');
			mc_buf_puts(&cli_out, mailcfg_encryption_name(r->encryption));
			mc_buf_putc(&cli_out, '\t');
			mc_buf_puts(&cli_out, r->preference);
			mc_buf_putc(&cli_out, '\t');
			mc_buf_puts(&cli_out, mc_tr(lang, r->use));
			mc_buf_putc(&cli_out, '\n');
		}
		return EXIT_ANSWERED;
	}
	bool color = cli_use_color(cli);
	/* TRANSLATORS: column heads, padded to 6, 11 and 17 columns */
	mc_buf_puts(&cli_out, mc_tr(lang, N_("PORT  PROTOCOL   ENCRYPTION       USE\n")));
	for (size_t i = 0; i < ROWS; i++) {
		const struct port_row *r = &rows[i];
		char port[8];
		snprintf(port, sizeof port, "%-4u", r->port);
		mc_buf_puts(&cli_out, port);
		mc_buf_puts(&cli_out, "  ");
		mc_buf_put_padded(&cli_out,
		                  strcmp(r->protocol, "imap") == 0   ? "IMAP"
		                  : strcmp(r->protocol, "pop3") == 0 ? "POP3"
		                                                     : "SMTP",
		                  11);
		mc_buf_put_padded(&cli_out,
		                  r->port == 25 ? mc_tr(lang, N_("STARTTLS/none"))
		                                : mc_encryption_label(r->encryption, cli->lang),
		                  17);
		bool preferred = strcmp(r->preference, "preferred") == 0;
		if (color && preferred)
			mc_buf_puts(&cli_out, "\033[32m");
		mc_buf_puts(&cli_out, preference_label(r->preference, cli->lang));
		if (color && preferred)
			mc_buf_puts(&cli_out, "\033[0m");
		mc_buf_puts(&cli_out, ": ");
		mc_buf_puts(&cli_out, mc_tr(lang, r->use));
		mc_buf_puts(&cli_out, " (");
		mc_buf_puts(&cli_out, r->rfc);
		mc_buf_puts(&cli_out, ")\n");
	}
	mc_buf_puts(&cli_out, mc_tr(lang, N_("\nRFC 8314 (2018): mail programs should prefer "
	                                     "implicit TLS (993, 995, 465) over STARTTLS (143, "
	                                     "110, 587).\n")));
	return EXIT_ANSWERED;
}
