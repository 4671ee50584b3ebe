/* mailcfg audit QUERY --imap HOST:PORT:ENC --smtp ... [--username NAME]
 * [--check]: what the customer configured against what the provider
 * recommends (audit.c), every difference with its fix; with --check the
 * configured servers are also tested live. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "cli.h"

#define MAX_FINDINGS 32

static void put_safe(struct mc_buf *b, const char *s)
{
	mc_buf_put_safe(b, s, strlen(s));
}

/* A finding's kind in a person's words (the title of a finding). */
static const char *kind_words(enum audit_kind k, mailcfg_lang lang)
{
	static const char *const words[AUDIT_KIND_COUNT] = {N_("provider discontinued"),
	                                                    N_("no such service"),
	                                                    N_("wrong host"),
	                                                    N_("port and encryption do not fit"),
	                                                    N_("wrong port"),
	                                                    N_("wrong encryption"),
	                                                    N_("unencrypted"),
	                                                    N_("STARTTLS instead of SSL/TLS"),
	                                                    N_("wrong user name")};
	return (unsigned)k < AUDIT_KIND_COUNT ? mc_tr(lang, words[k]) : "?";
}

/* TEXT with its first letter made a capital, for a sentence. */
static void sentence(struct mc_buf *b, const char *text)
{
	if (text[0] >= 'a' && text[0] <= 'z') {
		mc_buf_putc(b, (char)(text[0] - 'a' + 'A'));
		text++;
	}
	put_safe(b, text);
}

static void text(struct mc_buf *b, const mailcfg_result *r, const struct audit_finding *f, size_t n,
                 mailcfg_lang lang)
{
	const char *name = mailcfg_result_provider_name(r);
	const char *provider =
	    name && name[0] ? name : mc_trc(lang, "audit", NC_("audit", "the provider"));
	char count[24];
	if (n == 0) {
		mc_buf_put_msg(
		    b, mc_tr(lang, N_("Nothing wrong: the settings match what %s recommends.")),
		    (const char *const[]){provider}, 1);
		mc_buf_putc(b, '\n');
		return;
	}
	snprintf(count, sizeof count, "%zu", n);
	mc_buf_put_msg(b,
	               n == 1
	                   ? mc_tr(lang, N_("%s finding, most important first; settings of %s:"))
	                   : mc_tr(lang, N_("%s findings, most important first; settings of %s:")),
	               (const char *const[]){count, provider}, 2);
	mc_buf_putc(b, '\n');
	for (size_t i = 0; i < n; i++) {
		static const char *const proto[3] = {"IMAP", "POP3", "SMTP"};
		snprintf(count, sizeof count, "\n%zu. ", i + 1);
		mc_buf_puts(b, count);
		/* TRANSLATORS: a finding about the whole account, not one protocol */
		const char *about = mc_tr(lang, N_("Account"));
		if (f[i].protocol >= 0 && f[i].protocol < 3)
			about = proto[f[i].protocol];
		mc_buf_puts(b, about);
		mc_buf_puts(b, ": ");
		mc_buf_puts(b, kind_words(f[i].kind, lang));
		if (!f[i].error)
			/* TRANSLATORS: after a finding's title: not an error, a recommendation */
			mc_buf_puts(b, mc_tr(lang, N_(" (advice)")));
		mc_buf_puts(b, "\n   ");
		sentence(b, f[i].message);
		mc_buf_puts(b, ".\n   ");
		/* TRANSLATORS: before the fix of a finding, aligned under its message */
		mc_buf_puts(b, mc_tr(lang, N_("Fix: ")));
		sentence(b, f[i].fix);
		mc_buf_puts(b, ".\n");
	}
}

static void json(struct mc_buf *b, const char *query, const mailcfg_result *r,
                 const struct audit_setting *set, const char *username,
                 const struct audit_finding *f, size_t n, const mailcfg_check_report *reports,
                 size_t nchecks)
{
	mc_buf_puts(b, "{\"format_version\":1,\"query\":");
	mc_buf_put_json(b, query, strlen(query));
	mc_buf_puts(b, ",\"provider\":{\"id\":");
	const char *id = mailcfg_result_provider_id(r), *name = mailcfg_result_provider_name(r);
	mc_buf_put_json(b, id ? id : "", id ? strlen(id) : 0);
	mc_buf_puts(b, ",\"name\":");
	mc_buf_put_json(b, name ? name : "", name ? strlen(name) : 0);
	mc_buf_puts(b, ",\"status\":\"");
	mc_buf_puts(b, mailcfg_provider_status_name(mailcfg_result_provider_status(r)));
	mc_buf_puts(b, "\"},\"configured\":[");
	bool first = true;
	for (int p = 0; p < 3; p++) {
		if (!set[p].given)
			continue;
		mc_buf_puts(b, first ? "{\"protocol\":\"" : ",{\"protocol\":\"");
		first = false;
		mc_buf_puts(b, mailcfg_protocol_name(set[p].protocol));
		mc_buf_puts(b, "\",\"host\":");
		mc_buf_put_json(b, set[p].host, strlen(set[p].host));
		mc_buf_puts(b, ",\"port\":");
		mc_buf_put_uint(b, set[p].port);
		mc_buf_puts(b, ",\"encryption\":\"");
		mc_buf_puts(b, mailcfg_encryption_name(set[p].encryption));
		mc_buf_puts(b, "\"}");
	}
	mc_buf_puts(b, "],\"username\":");
	if (username)
		mc_buf_put_json(b, username, strlen(username));
	else
		mc_buf_puts(b, "null");
	mc_buf_puts(b, ",\"findings\":[");
	for (size_t i = 0; i < n; i++) {
		mc_buf_puts(b, i ? ",{\"rank\":" : "{\"rank\":");
		mc_buf_put_uint(b, i + 1);
		mc_buf_puts(b, ",\"kind\":\"");
		mc_buf_puts(b, audit_kind_name(f[i].kind));
		mc_buf_puts(b, "\",\"protocol\":");
		if (f[i].protocol >= 0) {
			mc_buf_putc(b, '"');
			mc_buf_puts(b, mailcfg_protocol_name((mailcfg_protocol)f[i].protocol));
			mc_buf_putc(b, '"');
		} else {
			mc_buf_puts(b, "null");
		}
		mc_buf_puts(b, f[i].error ? ",\"severity\":\"error\"" : ",\"severity\":\"advice\"");
		mc_buf_puts(b, ",\"message\":");
		mc_buf_put_json(b, f[i].message, strlen(f[i].message));
		mc_buf_puts(b, ",\"fix\":");
		mc_buf_put_json(b, f[i].fix, strlen(f[i].fix));
		mc_buf_putc(b, '}');
	}
	mc_buf_putc(b, ']');
	if (reports) {
		/* the check records, each without its trailing newline */
		mc_buf_puts(b, ",\"checks\":[");
		for (size_t i = 0; i < nchecks; i++) {
			if (i)
				mc_buf_putc(b, ',');
			struct mc_buf one = {0};
			cli_check_json(&one, query, &reports[i]);
			if (one.len)
				mc_buf_put(b, one.data, one.len - 1);
			b->oom |= one.oom;
			mc_buf_free(&one);
		}
		mc_buf_putc(b, ']');
	}
	mc_buf_puts(b, "}\n");
}

int cmd_audit(const struct cli *cli, mailcfg_ctx *ctx)
{
	if (cli->format == FORMAT_TSV) {
		cli_usage_error(N_("audit writes text or json, not tsv"));
		return EXIT_USAGE;
	}
	if (cli->operand_count != 1) {
		cli_usage_error(
		    N_("audit needs one QUERY (the customer's address, domain or provider) "
		       "and the settings: --imap HOST:PORT:ENC --smtp HOST:PORT:ENC"));
		return EXIT_USAGE;
	}
	if (cli->audit_check && cli->offline) {
		cli_usage_error(N_("--check tests servers over the network: it cannot run offline "
		                   "(--offline or MAILCFG_OFFLINE=1)"));
		return EXIT_USAGE;
	}
	static struct audit_setting set[3];
	memset(set, 0, sizeof set);
	const char *given[3] = {cli->audit_imap, cli->audit_pop3, cli->audit_smtp};
	static const char *const option[3] = {"--imap", "--pop3", "--smtp"};
	bool any = false;
	for (int p = 0; p < 3; p++) {
		if (!given[p])
			continue;
		char why[200];
		if (!audit_parse_setting(given[p], (mailcfg_protocol)p, &set[p], why, sizeof why)) {
			cli_usage_error(
			    N_("%s: '%s': %s; expected HOST:PORT:ENCRYPTION, for example "
			       "imap.example.com:993:ssl (ENCRYPTION: ssl, starttls or none)"),
			    option[p], cli_safe(given[p], strlen(given[p])), cli_tr(why));
			return EXIT_USAGE;
		}
		any = true;
	}
	if (!any) {
		cli_usage_error(
		    N_("audit needs the customer's settings: --imap, --pop3 and/or --smtp "
		       "HOST:PORT:ENCRYPTION"));
		return EXIT_USAGE;
	}
	if (!cli_load_user_data(cli, ctx))
		return EXIT_USAGE;
	mailcfg_online_options online = {
	    .cacert = cli->cacert,
	    .resolve = cli->resolve,
	    .resolve_count = cli->resolve_count,
	    .dns_server = cli->dns_server,
	};
	if (!cli->offline)
		mailcfg_ctx_set_online(ctx, &online);
	const char *query = cli->operands[0];
	mailcfg_result *r;
	if (mailcfg_result_new(&r) != MAILCFG_OK) {
		cli_error(N_("out of memory"));
		return EXIT_INTERNAL;
	}
	int rc = mailcfg_lookup(ctx, query, strlen(query), r);
	if (rc == MAILCFG_ERR_NOMEM || rc == MAILCFG_ERR_ARGUMENT) {
		cli_error("%s", mailcfg_strerror(rc));
		mailcfg_result_free(r);
		return EXIT_INTERNAL;
	}
	if (mailcfg_result_status(r) != MAILCFG_STATUS_FOUND) {
		struct mc_buf msg = {0};
		cli_error(
		    N_("'%s': %s; without the provider's settings there is nothing to compare "
		       "with"),
		    cli_safe(query, strlen(query)), cli_result_message(r, &msg));
		mc_buf_free(&msg);
		int exit_code = cli_unanswered_exit(r);
		mailcfg_result_free(r);
		return exit_code;
	}
	static struct audit_finding findings[MAX_FINDINGS];
	size_t n = audit_compare(r, set, cli->username, cli->lang, findings, MAX_FINDINGS);
	int exit_code = n ? EXIT_NOT_FOUND : EXIT_ANSWERED;
	static mailcfg_check_report reports[3];
	size_t nchecks = 0;
	if (cli->audit_check) {
		mailcfg_check_target targets[3];
		for (int p = 0; p < 3; p++)
			if (set[p].given)
				targets[nchecks++] = (mailcfg_check_target){
				    set[p].protocol, set[p].encryption, set[p].host, set[p].port};
		int crc = cli_run_checks(cli, targets, nchecks, reports);
		if (crc != EXIT_ANSWERED) {
			mailcfg_result_free(r);
			return crc;
		}
		int cexit = cli_check_exit(reports, nchecks);
		if (cexit > exit_code)
			exit_code = cexit;
	}
	if (cli->format == FORMAT_JSON) {
		json(&cli_out, query, r, set, cli->username, findings, n,
		     cli->audit_check ? reports : NULL, nchecks);
	} else {
		text(&cli_out, r, findings, n, cli->lang);
		if (cli->audit_check) {
			/* the check's table and reasons stay English, as in mailcfg check */
			mc_buf_putc(&cli_out, '\n');
			mc_buf_puts(&cli_out,
			            mc_tr(cli->lang, N_("Live check of the configured servers:")));
			mc_buf_puts(&cli_out, "\n\n");
			cli_check_text(&cli_out, reports, nchecks);
		}
	}
	mailcfg_result_free(r);
	return exit_code;
}
