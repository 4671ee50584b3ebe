/* mailcfg ports: the standard mail ports, what each is for and which to
 * prefer (RFC 8314: implicit TLS before STARTTLS; RFC 6409: submission). */
#include <string.h>

#include "cli.h"

struct port_row {
	unsigned port;
	const char *protocol;
	mailcfg_encryption encryption;
	const char *preference; /* "preferred", "fallback", "not-for-clients" */
	const char *use[2];     /* en, de */
	const char *rfc;
};

static const struct port_row rows[] = {
    {993,
     "imap",
     MAILCFG_ENCRYPTION_SSL,
     "preferred",
     {"IMAP over TLS: read mail on the server from any device",
      "IMAP über TLS: E-Mails auf dem Server lesen, von jedem Gerät"},
     "RFC 8314, RFC 9051"},
    {143,
     "imap",
     MAILCFG_ENCRYPTION_STARTTLS,
     "fallback",
     {"IMAP, encrypted with STARTTLS; only where 993 is not offered",
      "IMAP, mit STARTTLS verschlüsselt; nur wenn 993 nicht angeboten wird"},
     "RFC 9051, RFC 2595"},
    {995,
     "pop3",
     MAILCFG_ENCRYPTION_SSL,
     "preferred",
     {"POP3 over TLS: download mail to one device",
      "POP3 über TLS: E-Mails auf ein Gerät herunterladen"},
     "RFC 8314, RFC 1939"},
    {110,
     "pop3",
     MAILCFG_ENCRYPTION_STARTTLS,
     "fallback",
     {"POP3, encrypted with STARTTLS (STLS); only where 995 is not offered",
      "POP3, mit STARTTLS (STLS) verschlüsselt; nur wenn 995 nicht angeboten wird"},
     "RFC 1939, RFC 2595"},
    {465,
     "smtp",
     MAILCFG_ENCRYPTION_SSL,
     "preferred",
     {"message submission over TLS: send mail from a mail program",
      "Einlieferung über TLS: E-Mails aus dem Mailprogramm versenden"},
     "RFC 8314"},
    {587,
     "smtp",
     MAILCFG_ENCRYPTION_STARTTLS,
     "fallback",
     {"message submission with STARTTLS: send mail where 465 is not offered",
      "Einlieferung mit STARTTLS: versenden, wenn 465 nicht angeboten wird"},
     "RFC 6409, RFC 3207"},
    {25,
     "smtp",
     MAILCFG_ENCRYPTION_STARTTLS,
     "not-for-clients",
     {"server to server (MX) only; mail programs should not send here, many networks "
      "block it",
      "nur von Server zu Server (MX); Mailprogramme sollen hier nicht versenden, viele "
      "Netze sperren ihn"},
     "RFC 5321"},
};

#define ROWS (sizeof rows / sizeof rows[0])

static const char *preference_label(const char *p, mailcfg_lang lang)
{
	bool de = lang == MAILCFG_LANG_DE;
	if (strcmp(p, "preferred") == 0)
		return de ? "empfohlen" : "preferred";
	if (strcmp(p, "fallback") == 0)
		return de ? "Ausweichlösung" : "fallback";
	return de ? "nicht für Mailprogramme" : "not for mail programs";
}

int cmd_ports(const struct cli *cli)
{
	if (cli->operand_count) {
		cli_usage_error("ports takes no arguments");
		return EXIT_USAGE;
	}
	int lang = cli->lang == MAILCFG_LANG_DE;
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
			mc_buf_put_json(&cli_out, r->use[lang], strlen(r->use[lang]));
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
			mc_buf_puts(&cli_out, r->use[lang]);
			mc_buf_putc(&cli_out, '\n');
		}
		return EXIT_ANSWERED;
	}
	bool color = cli_use_color(cli);
	mc_buf_puts(&cli_out, lang ? "PORT  PROTOKOLL  VERSCHLÜSSELUNG  EINSATZ\n"
	                           : "PORT  PROTOCOL   ENCRYPTION       USE\n");
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
		                  r->port == 25 ? (lang ? "STARTTLS/keine" : "STARTTLS/none")
		                                : mc_encryption_label(r->encryption, cli->lang),
		                  17);
		bool preferred = strcmp(r->preference, "preferred") == 0;
		if (color && preferred)
			mc_buf_puts(&cli_out, "\033[32m");
		mc_buf_puts(&cli_out, preference_label(r->preference, cli->lang));
		if (color && preferred)
			mc_buf_puts(&cli_out, "\033[0m");
		mc_buf_puts(&cli_out, ": ");
		mc_buf_puts(&cli_out, r->use[lang]);
		mc_buf_puts(&cli_out, " (");
		mc_buf_puts(&cli_out, r->rfc);
		mc_buf_puts(&cli_out, ")\n");
	}
	mc_buf_puts(&cli_out,
	            lang
	                ? "\nRFC 8314 (2018): für Mailprogramme ist implizites TLS (993, 995, 465) "
	                  "STARTTLS (143, 110, 587) vorzuziehen.\n"
	                : "\nRFC 8314 (2018): mail programs should prefer implicit TLS (993, 995, "
	                  "465) over STARTTLS (143, 110, 587).\n");
	return EXIT_ANSWERED;
}
