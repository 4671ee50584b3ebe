/* mailcfg help [COMMAND], --help and --version. The option list is
 * generated from the option table, so it cannot disagree with the parser. */
#include <string.h>

#include "cli.h"

struct command_help {
	enum cli_command command;
	const char *usage;
	const char *summary;
	const char *details;
};

static const struct command_help commands[] = {
    {CMD_LOOKUP, N_("mailcfg lookup [OPTIONS] QUERY..."),
     N_("settings for email addresses, domains or provider names"),
     N_("A QUERY is an address (max@gmx.de: the user name is filled in), a domain\n"
        "(gmx.net, bücher.de) or a provider name (GMX, \"Google Mail\", 1&1).\n"
        "'-' reads one query per line from standard input; empty lines and lines\n"
        "starting with # are skipped. Answers come in the order of the queries.\n"
        "\n"
        "Formats: text for a person; json: one object per query per line (NDJSON,\n"
        "format_version 1, unanswered queries included with an \"error\"); tsv: one\n"
        "line per server: query, provider id, protocol, host, port, encryption,\n"
        "username. For scripts and mail programs (docs/formats.md): env (shell\n"
        "variables), autoconfig, mobileconfig (one query each), msmtp, mbsync,\n"
        "aerc (one account per query) and neomutt (one query).\n")},
    {CMD_LIST, N_("mailcfg list [OPTIONS]"), N_("list the known providers"),
     N_("Shows id, name, number of domains, the month the data was last checked and\n"
        "the status of every provider; your own providers first. --json prints one\n"
        "array.\n")},
    {CMD_PORTS, N_("mailcfg ports [OPTIONS]"), N_("the standard mail ports and which to use"),
     N_("IMAP 993/143, POP3 995/110, SMTP 465/587/25: what each is for and which a\n"
        "mail program should prefer (RFC 8314).\n")},
    {CMD_EXPLAIN, N_("mailcfg explain [TERM...]"), N_("what IMAP, STARTTLS, port 587... mean"),
     N_("Short answers with the RFC to cite, in the language of --lang: imap, pop3,\n"
        "smtp, starttls, ssl (tls), the ports 993 995 465 587 143 110 25,\n"
        "app-password, oauth2, mx. Without a TERM: the list of terms.\n")},
    {CMD_IMPORT, N_("mailcfg import FILE.xml..."), N_("autoconfig files as provider files"),
     N_("Reads autoconfig files (Thunderbird's config-v1.1.xml, for example from a\n"
        "checkout of the public ISPDB) and prints each as a provider file of\n"
        "mailcfg's format (data/README.md), marked unverified, for review before it\n"
        "goes into data/providers or your own provider folder. Hostile documents\n"
        "(a DOCTYPE, entities, invalid values) are rejected.\n")},
    {CMD_CHECK, N_("mailcfg check [OPTIONS] QUERY | --server URL [--encryption ENC]"),
     N_("test mail servers live: DNS, TLS, certificate, greeting, login"),
     N_("Checks every server a lookup of QUERY names (or only --protocol's), or the\n"
        "--server given, side by side under one deadline (--timeout, default 10 s):\n"
        "the addresses, the TCP connection, the TLS handshake (version, cipher,\n"
        "certificate subject, issuer, expiry, name), the greeting and the\n"
        "capabilities (IMAP CAPABILITY, POP3 CAPA, SMTP EHLO with its AUTH methods).\n"
        "No login unless --login USER: a failed login can lock an account.\n"
        "\n"
        "Each server gets a verdict, ok, warning or fail, with a reason a customer\n"
        "can be told. --json: one object per server per line (docs/check.md).\n")},
    {CMD_AUDIT, N_("mailcfg audit [OPTIONS] QUERY --imap HOST:PORT:ENC --smtp HOST:PORT:ENC"),
     N_("compare a customer's settings with the provider's"),
     N_("Compares the servers a customer configured (--imap, --pop3, --smtp, each\n"
        "HOST:PORT:ENCRYPTION with ssl, starttls or none; --username) with what a\n"
        "lookup of QUERY recommends and lists every difference with its fix, most\n"
        "important first: a discontinued provider, a wrong host, a port that does not\n"
        "fit the encryption (587 with SSL, 465 with STARTTLS), no encryption where\n"
        "encryption is offered, STARTTLS where SSL/TLS is offered (RFC 8314), the\n"
        "wrong form of user name. Needs no network unless --check, which also tests\n"
        "the configured servers live.\n")},
    {CMD_HELP, N_("mailcfg help [COMMAND]"), N_("show help for mailcfg or one command"), ""},
};

const char *cli_command_summary(enum cli_command command)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (commands[i].command == command)
			return cli_tr(commands[i].summary);
	return "";
}

static const char *exit_status_text = N_("Exit status:\n"
                                         "  0  every query was answered\n"
                                         "  1  at least one query had no answer\n"
                                         "  2  usage error (unknown option, missing argument)\n"
                                         "  3  a query is not a valid domain, address or name\n"
                                         "  4  a temporary failure prevented an answer\n"
                                         "  5  internal error, or the output could not be written\n"
                                         "In batch mode the highest applicable status wins.\n");

/* Option descriptions start in this column; the help fits 80 columns (a
 * test checks), so longer descriptions wrap onto indented lines. */
#define HELP_INDENT 26
#define HELP_WIDTH  80

static void put_indent(size_t indent)
{
	mc_buf_putc(&cli_out, '\n');
	mc_buf_put_padded(&cli_out, "", indent);
}

/* TEXT (UTF-8: translations have umlauts) word-wrapped from column INDENT
 * to HELP_WIDTH; the cursor is at INDENT. */
static void put_wrapped(const char *text, size_t indent)
{
	size_t col = indent;
	for (const char *p = text; *p;) {
		size_t word = strcspn(p, " "), chars = 0;
		for (size_t i = 0; i < word; i++)
			chars += ((unsigned char)p[i] & 0xC0) != 0x80;
		if (col > indent && col + 1 + chars > HELP_WIDTH) {
			put_indent(indent);
			col = indent;
		} else if (col > indent) {
			mc_buf_putc(&cli_out, ' ');
			col++;
		}
		mc_buf_put(&cli_out, p, word);
		col += chars;
		p += word;
		p += strspn(p, " ");
	}
	mc_buf_putc(&cli_out, '\n');
}

static const char *check_exit_text =
    N_("Exit status:\n"
       "  0  every server was checked and is ok\n"
       "  1  a server has a warning or failed (or QUERY has no answer)\n"
       "  2  usage error\n"
       "  3  QUERY is not a valid domain, address or name\n"
       "  4  the network itself failed: no server could even be reached\n"
       "  5  internal error, the network module is missing, or output failed\n");

static const char *audit_exit_text =
    N_("Exit status:\n"
       "  0  nothing wrong: the settings match the provider's (and, with --check, every\n"
       "     server is ok)\n"
       "  1  something is wrong (each finding is listed with its fix), or QUERY has no\n"
       "     answer\n"
       "  2  usage error, such as a setting that is not HOST:PORT:ENCRYPTION\n"
       "  3  QUERY is not a valid domain, address or name\n"
       "  4  --check: the network itself failed\n"
       "  5  internal error, or the output could not be written\n");

/* "Usage: LINE", or LINE indented below when a translated heading makes
 * it wider than the help may be. */
static void put_usage(const char *line)
{
	const char *head = cli_tr(N_("Usage:"));
	mc_buf_puts(&cli_out, head);
	if (mc_utf8_width(head) + 1 + mc_utf8_width(line) > HELP_WIDTH)
		mc_buf_puts(&cli_out, "\n ");
	mc_buf_putc(&cli_out, ' ');
	mc_buf_puts(&cli_out, line);
	mc_buf_puts(&cli_out, "\n\n");
}

static void print_options(enum cli_command command)
{
	mc_buf_puts(&cli_out, cli_tr(N_("Options:")));
	mc_buf_putc(&cli_out, '\n');
	for (size_t i = 0; i < cli_option_count; i++) {
		const struct cli_option *o = &cli_options[i];
		if (command != CMD_NONE && !(o->commands & (1u << command)))
			continue;
		char head[64];
		if (o->short_name)
			snprintf(head, sizeof head, "  -%c, --%s%s%s", o->short_name, o->name,
			         o->arg ? " " : "", o->arg ? o->arg : "");
		else
			snprintf(head, sizeof head, "      --%s%s%s", o->name, o->arg ? " " : "",
			         o->arg ? o->arg : "");
		mc_buf_puts(&cli_out, head);
		if (strlen(head) < HELP_INDENT)
			mc_buf_put_padded(&cli_out, "", HELP_INDENT - strlen(head));
		else
			put_indent(HELP_INDENT);
		put_wrapped(cli_tr(o->help), HELP_INDENT);
	}
}

void cli_print_help(enum cli_command command)
{
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		const struct command_help *c = &commands[i];
		if (c->command != command)
			continue;
		put_usage(cli_tr(c->usage));
		mc_buf_puts(&cli_out, cli_tr(c->summary));
		mc_buf_puts(&cli_out, ".\n\n");
		if (c->details[0]) {
			mc_buf_puts(&cli_out, cli_tr(c->details));
			mc_buf_putc(&cli_out, '\n');
		}
		print_options(command);
		if (command == CMD_LOOKUP) {
			mc_buf_putc(&cli_out, '\n');
			mc_buf_puts(&cli_out, cli_tr(exit_status_text));
		}
		if (command == CMD_CHECK || command == CMD_AUDIT) {
			mc_buf_putc(&cli_out, '\n');
			mc_buf_puts(&cli_out, cli_tr(command == CMD_CHECK ? check_exit_text
			                                                  : audit_exit_text));
		}
		return;
	}
	put_usage(cli_tr(N_("mailcfg [OPTIONS] COMMAND [ARGUMENTS...]")));
	mc_buf_puts(
	    &cli_out,
	    cli_tr(N_("Find the IMAP, POP3 and SMTP settings for an email address, a domain "
	              "or a\nprovider name, offline, from a provider database built into "
	              "mailcfg.\n")));
	mc_buf_putc(&cli_out, '\n');
	/* tests/docs read the command names under this heading */
	mc_buf_puts(&cli_out, cli_tr(N_("Commands:")));
	mc_buf_putc(&cli_out, '\n');
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		char name[32];
		snprintf(name, sizeof name, "  %s", cli_command_name(commands[i].command));
		mc_buf_put_padded(&cli_out, name, 12);
		put_wrapped(cli_tr(commands[i].summary), 12);
	}
	mc_buf_putc(&cli_out, '\n');
	print_options(CMD_NONE);
	mc_buf_putc(&cli_out, '\n');
	mc_buf_puts(&cli_out, cli_tr(N_("Examples:")));
	mc_buf_puts(&cli_out, "\n"
	                      "  mailcfg lookup gmx.net\n"
	                      "  mailcfg lookup max@bluewin.ch\n"
	                      "  mailcfg lookup --json web.de | jq -r '.servers[0].host'\n"
	                      "  cut -f2 customers.tsv | mailcfg lookup --format tsv -\n"
	                      "  mailcfg lookup --provider all-inkl info@mueller-gmbh.de\n"
	                      "  mailcfg lookup max@gmx.de --client outlook --lang de\n"
	                      "  mailcfg explain starttls\n"
	                      "\n");
	mc_buf_puts(
	    &cli_out,
	    cli_tr(N_("Environment:\n"
	              "  LC_ALL, LC_MESSAGES, LANG  the language: the first one set decides\n"
	              "                             (de_DE.UTF-8: German; English when mailcfg\n"
	              "                             has no such language)\n"
	              "  NO_COLOR                   no colour unless --color=always\n"
	              "  MAILCFG_OFFLINE=1          same as --offline\n"
	              "  XDG_CONFIG_HOME            your own providers are read from\n"
	              "                             $XDG_CONFIG_HOME/mailcfg/providers.d/*.json\n"
	              "                             (default ~/.config/mailcfg/providers.d)\n")));
	mc_buf_putc(&cli_out, '\n');
	mc_buf_puts(&cli_out, cli_tr(exit_status_text));
	mc_buf_putc(&cli_out, '\n');
	mc_buf_puts(&cli_out, cli_tr(N_("'mailcfg help COMMAND' shows the help of one command.")));
	mc_buf_putc(&cli_out, '\n');
}

int cmd_help(const struct cli *cli)
{
	if (cli->operand_count > 1) {
		cli_usage_error(N_("help takes at most one command name"));
		return EXIT_USAGE;
	}
	enum cli_command c = CMD_NONE;
	if (cli->operand_count == 1) {
		const char *name = cli->operands[0];
		for (size_t i = 1; i < cli_command_count; i++)
			if (strcmp(name, cli_command_name((enum cli_command)i)) == 0)
				c = (enum cli_command)i;
		if (c == CMD_NONE) {
			/* the list comes from the table, so it names every command */
			char known[256] = "";
			for (size_t i = 1; i < cli_command_count; i++) {
				size_t len = strlen(known);
				snprintf(known + len, sizeof known - len, "%s%s", i > 1 ? ", " : "",
				         cli_command_name((enum cli_command)i));
			}
			cli_usage_error(N_("no help for '%s': not a command (commands: %s)"),
			                cli_safe(name, strlen(name)), known);
			return EXIT_USAGE;
		}
	}
	cli_print_help(c);
	return EXIT_ANSWERED;
}

int cmd_version(void)
{
	mailcfg_data_info d;
	mailcfg_data_get_info(&d);
	/* counted here, not in the generator: "older than 24 months" depends
	 * on today's date */
	mailcfg_ctx *ctx = NULL;
	size_t old = 0;
	if (mailcfg_ctx_new(&ctx) == MAILCFG_OK) {
		for (size_t i = 0; i < mailcfg_provider_count(ctx); i++) {
			mailcfg_provider_info p;
			mailcfg_provider_get(ctx, i, &p);
			old += p.verified[0] && cli_is_stale(p.verified);
		}
		mailcfg_ctx_free(ctx);
	}
	char line[700];
	snprintf(line, sizeof line,
	         "mailcfg %s\n"
	         "built-in data: %zu providers, %zu domains, %zu domain pattern%s, %zu MX "
	         "pattern%s, %zu names\n"
	         "data checked: %s to %s; %zu providers not verified, %zu checked more than 24 "
	         "months ago\n"
	         "data sha256: %s\n",
	         MAILCFG_VERSION, d.providers, d.domains, d.domain_patterns,
	         d.domain_patterns == 1 ? "" : "s", d.mx_patterns, d.mx_patterns == 1 ? "" : "s",
	         d.aliases, d.oldest[0] ? d.oldest : "-", d.newest[0] ? d.newest : "-",
	         d.unverified, old, d.sha256);
	mc_buf_puts(&cli_out, line);
	return EXIT_ANSWERED;
}
