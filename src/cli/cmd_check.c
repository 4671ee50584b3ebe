/* mailcfg check QUERY | --server URL: test mail servers live (the work is
 * the library's mailcfg_check(), in the network module). This file picks
 * the servers, runs the checks and chooses the exit status. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"

#define MAX_TARGETS 32

static void log_line(void *ud, const char *line)
{
	(void)ud;
	cli_err_printf("mailcfg: %s\n", cli_safe(line, strlen(line)));
}

int cli_run_checks(const struct cli *cli, const mailcfg_check_target *targets, size_t n,
                   mailcfg_check_report *reports)
{
	static char password[1024];
	mailcfg_check_options o = {
	    .timeout = cli->timeout,
	    .cacert = cli->cacert,
	    .resolve = cli->resolve,
	    .resolve_count = cli->resolve_count,
	    .dns_server = cli->dns_server,
	    .log = cli->verbose ? log_line : NULL,
	};
	if (cli->login) {
		if (!cli_read_password(cli->login, password, sizeof password))
			return EXIT_USAGE;
		o.login_user = cli->login;
		o.login_password = password;
	}
	int rc = mailcfg_check(&o, targets, n, reports);
	memset(password, 0, sizeof password);
	if (rc == MAILCFG_ERR_IO) {
		cli_error("%s", reports[0].reason);
		return EXIT_INTERNAL;
	}
	if (rc != MAILCFG_OK) {
		cli_error(N_("the servers could not be checked: %s"), mailcfg_strerror(rc));
		return rc == MAILCFG_ERR_ARGUMENT ? EXIT_USAGE : EXIT_INTERNAL;
	}
	return EXIT_ANSWERED;
}

int cli_check_exit(const mailcfg_check_report *reports, size_t n)
{
	size_t bad = 0, network = 0;
	for (size_t i = 0; i < n; i++) {
		bad += reports[i].verdict != MAILCFG_VERDICT_OK;
		network += reports[i].network_failure != 0;
	}
	if (n && network == n)
		return EXIT_TEMPFAIL;
	return bad ? EXIT_NOT_FOUND : EXIT_ANSWERED;
}

/* --server imap://HOST[:PORT][/] (imaps, pop3, pop3s, smtp, smtps). */
static bool parse_server(const struct cli *cli, const char *url, mailcfg_check_target *t,
                         char *host, size_t hostsize)
{
	static const struct {
		const char *scheme;
		mailcfg_protocol protocol;
		mailcfg_encryption encryption; /* when --encryption and the port say nothing */
	} schemes[] = {
	    {"imaps", MAILCFG_PROTOCOL_IMAP, MAILCFG_ENCRYPTION_SSL},
	    {"imap", MAILCFG_PROTOCOL_IMAP, MAILCFG_ENCRYPTION_STARTTLS},
	    {"pop3s", MAILCFG_PROTOCOL_POP3, MAILCFG_ENCRYPTION_SSL},
	    {"pop3", MAILCFG_PROTOCOL_POP3, MAILCFG_ENCRYPTION_STARTTLS},
	    {"smtps", MAILCFG_PROTOCOL_SMTP, MAILCFG_ENCRYPTION_SSL},
	    {"smtp", MAILCFG_PROTOCOL_SMTP, MAILCFG_ENCRYPTION_STARTTLS},
	};
	const char *shown = cli_safe(url, strlen(url));
	const char *sep = strstr(url, "://");
	size_t k = 0;
	for (; sep && k < sizeof schemes / sizeof schemes[0]; k++)
		if (strlen(schemes[k].scheme) == (size_t)(sep - url) &&
		    strncasecmp(url, schemes[k].scheme, (size_t)(sep - url)) == 0)
			break;
	if (!sep || k == sizeof schemes / sizeof schemes[0]) {
		cli_usage_error(
		    N_("--server: '%s' is not imap://HOST[:PORT] (schemes: imap, imaps, "
		       "pop3, pop3s, smtp, smtps)"),
		    shown);
		return false;
	}
	const char *h = sep + 3;
	size_t hl = strcspn(h, ":/");
	unsigned port = 0;
	const char *rest = h + hl;
	if (*rest == ':') {
		char *end;
		long p = strtol(rest + 1, &end, 10);
		if (end == rest + 1 || p < 1 || p > 65535 || (*end && strcmp(end, "/") != 0)) {
			cli_usage_error(N_("--server: '%s' has no valid port (1 to 65535)"), shown);
			return false;
		}
		port = (unsigned)p;
	} else if (*rest && strcmp(rest, "/") != 0) {
		cli_usage_error(N_("--server: '%s' has a path; give only imap://HOST[:PORT]"),
		                shown);
		return false;
	}
	if (hl == 0 || hl >= hostsize) {
		cli_usage_error(N_("--server: '%s' has no host name"), shown);
		return false;
	}
	memcpy(host, h, hl);
	host[hl] = '\0';
	t->protocol = schemes[k].protocol;
	t->host = host;
	t->port = port;
	if (cli->encryption >= 0)
		t->encryption = (mailcfg_encryption)cli->encryption;
	else if (schemes[k].encryption == MAILCFG_ENCRYPTION_SSL)
		t->encryption = MAILCFG_ENCRYPTION_SSL;
	else /* imap://HOST:993 means the port's usual implicit TLS */
		t->encryption = port == 993 || port == 995 || port == 465
		                    ? MAILCFG_ENCRYPTION_SSL
		                    : MAILCFG_ENCRYPTION_STARTTLS;
	return true;
}

/* The servers of a lookup of QUERY; an exit status when there are none. */
static int targets_of_query(const struct cli *cli, mailcfg_ctx *ctx, const char *query,
                            mailcfg_result *r, mailcfg_check_target *t, size_t *n)
{
	int rc = mailcfg_lookup(ctx, query, strlen(query), r);
	if (rc == MAILCFG_ERR_NOMEM || rc == MAILCFG_ERR_ARGUMENT) {
		cli_error("%s", mailcfg_strerror(rc));
		return EXIT_INTERNAL;
	}
	if (mailcfg_result_status(r) != MAILCFG_STATUS_FOUND) {
		struct mc_buf msg = {0};
		cli_error("'%s': %s", cli_safe(query, strlen(query)), cli_result_message(r, &msg));
		mc_buf_free(&msg);
		return cli_unanswered_exit(r);
	}
	*n = 0;
	for (size_t i = 0; i < mailcfg_result_server_count(r) && *n < MAX_TARGETS; i++) {
		const mailcfg_server *s = mailcfg_result_server(r, i);
		if (cli->protocols && !(cli->protocols & (1u << s->protocol)))
			continue;
		if (strchr(s->host, '%')) {
			char port[8];
			snprintf(port, sizeof port, "%u", (unsigned)s->port);
			cli_warn(
			    N_("%s %s:%s is named after the customer's domain: give an address or "
			       "a domain to check it"),
			    mailcfg_protocol_name(s->protocol), cli_safe(s->host, strlen(s->host)),
			    port);
			continue;
		}
		t[(*n)++] = (mailcfg_check_target){s->protocol, s->encryption, s->host, s->port};
	}
	if (*n == 0) {
		cli_error(cli->protocols
		              ? N_("'%s': no server to check for the protocols of --protocol")
		              : N_("'%s': no server to check"),
		          cli_safe(query, strlen(query)));
		return EXIT_NOT_FOUND;
	}
	return EXIT_ANSWERED;
}

/* The lookup of QUERY may go online like `mailcfg lookup`, with the same
 * network options. */
static void setup_online(const struct cli *cli, mailcfg_ctx *ctx, mailcfg_online_options *o)
{
	if (cli->offline)
		return;
	*o = (mailcfg_online_options){
	    .cacert = cli->cacert,
	    .resolve = cli->resolve,
	    .resolve_count = cli->resolve_count,
	    .dns_server = cli->dns_server,
	    .log = cli->verbose ? log_line : NULL,
	};
	mailcfg_ctx_set_online(ctx, o);
}

int cmd_check(const struct cli *cli, mailcfg_ctx *ctx)
{
	if (cli->format == FORMAT_TSV) {
		cli_usage_error(N_("check writes text or json, not tsv"));
		return EXIT_USAGE;
	}
	if (cli->server_count && cli->operand_count) {
		cli_usage_error(N_("check takes a QUERY or --server, not both"));
		return EXIT_USAGE;
	}
	if (!cli->server_count && cli->operand_count != 1) {
		cli_usage_error(
		    N_("check needs one QUERY (an address, a domain or a provider name) or "
		       "--server imap://HOST[:PORT]"));
		return EXIT_USAGE;
	}
	if (cli->encryption >= 0 && !cli->server_count) {
		cli_usage_error(
		    N_("--encryption applies to --server; a QUERY's servers have their own"));
		return EXIT_USAGE;
	}
	if (cli->protocols && cli->server_count) {
		cli_usage_error(N_("--protocol applies to a QUERY's servers, not to --server"));
		return EXIT_USAGE;
	}
	static mailcfg_check_target targets[MAX_TARGETS];
	static mailcfg_check_report reports[MAX_TARGETS];
	static char hosts[16][256];
	size_t n = 0;
	mailcfg_result *r = NULL;
	const char *query = cli->operand_count ? cli->operands[0] : NULL;
	int rc = EXIT_ANSWERED;
	for (size_t i = 0; i < cli->server_count; i++) {
		if (!parse_server(cli, cli->servers[i], &targets[n], hosts[i], sizeof hosts[i]))
			return EXIT_USAGE;
		n++;
	}
	if (query) {
		if (!cli_load_user_data(cli, ctx))
			return EXIT_USAGE;
		mailcfg_online_options online;
		setup_online(cli, ctx, &online);
		if (mailcfg_result_new(&r) != MAILCFG_OK) {
			cli_error(N_("out of memory"));
			return EXIT_INTERNAL;
		}
		rc = targets_of_query(cli, ctx, query, r, targets, &n);
	}
	if (rc == EXIT_ANSWERED && cli->offline) {
		/* after the lookup: a query's own problems are said first */
		cli_usage_error(N_("check tests servers over the network: it cannot run offline "
		                   "(--offline or MAILCFG_OFFLINE=1)"));
		rc = EXIT_USAGE;
	}
	if (rc == EXIT_ANSWERED)
		rc = cli_run_checks(cli, targets, n, reports);
	if (rc == EXIT_ANSWERED) {
		if (cli->format == FORMAT_JSON)
			for (size_t i = 0; i < n; i++)
				cli_check_json(&cli_out, query, &reports[i]);
		else
			cli_check_text(&cli_out, reports, n);
		rc = cli_check_exit(reports, n);
	}
	mailcfg_result_free(r);
	return rc;
}
