/* mailcfg list: the known providers, user ones first. */
#include <string.h>

#include "cli.h"

static void put_status(const mailcfg_provider_info *p)
{
	mc_buf_puts(&cli_out, mailcfg_provider_status_name(p->status));
	if (p->successor) {
		mc_buf_puts(&cli_out, " → ");
		mc_buf_puts(&cli_out, p->successor);
	}
}

int cmd_list(const struct cli *cli, mailcfg_ctx *ctx)
{
	if (cli->operand_count) {
		cli_usage_error("list takes no arguments");
		return EXIT_USAGE;
	}
	if (!cli_load_user_data(cli, ctx))
		return EXIT_USAGE;
	size_t n = mailcfg_provider_count(ctx);
	mailcfg_provider_info p;
	if (cli->format == FORMAT_JSON) {
		/* one array, so that `mailcfg list --json | jq length` counts */
		mc_buf_putc(&cli_out, '[');
		for (size_t i = 0; i < n; i++) {
			mailcfg_provider_get(ctx, i, &p);
			mc_buf_puts(&cli_out, i ? ",\n{\"id\":" : "{\"id\":");
			mc_buf_put_json(&cli_out, p.id, strlen(p.id));
			mc_buf_puts(&cli_out, ",\"name\":");
			mc_buf_put_json(&cli_out, p.name, strlen(p.name));
			mc_buf_puts(&cli_out, ",\"status\":\"");
			mc_buf_puts(&cli_out, mailcfg_provider_status_name(p.status));
			mc_buf_puts(&cli_out, "\",\"successor\":");
			if (p.successor)
				mc_buf_put_json(&cli_out, p.successor, strlen(p.successor));
			else
				mc_buf_puts(&cli_out, "null");
			mc_buf_puts(&cli_out, ",\"domain_count\":");
			mc_buf_put_uint(&cli_out, p.domain_count);
			mc_buf_puts(&cli_out, ",\"verified\":");
			mc_buf_put_json(&cli_out, p.verified, strlen(p.verified));
			mc_buf_puts(&cli_out, ",\"source\":\"");
			mc_buf_puts(&cli_out, mailcfg_source_name(p.source));
			mc_buf_puts(&cli_out, "\"}");
		}
		mc_buf_puts(&cli_out, "]\n");
		return EXIT_ANSWERED;
	}
	if (cli->format == FORMAT_TSV) {
		for (size_t i = 0; i < n; i++) {
			mailcfg_provider_get(ctx, i, &p);
			mc_buf_puts(&cli_out, p.id);
			mc_buf_putc(&cli_out, '\t');
			mc_buf_puts(&cli_out, p.name);
			mc_buf_putc(&cli_out, '\t');
			mc_buf_put_uint(&cli_out, p.domain_count);
			mc_buf_putc(&cli_out, '\t');
			mc_buf_puts(&cli_out, mailcfg_provider_status_name(p.status));
			mc_buf_putc(&cli_out, '\t');
			mc_buf_puts(&cli_out, p.successor ? p.successor : "");
			mc_buf_putc(&cli_out, '\t');
			mc_buf_puts(&cli_out, p.verified);
			mc_buf_putc(&cli_out, '\t');
			mc_buf_puts(&cli_out, mailcfg_source_name(p.source));
			mc_buf_putc(&cli_out, '\n');
		}
		return EXIT_ANSWERED;
	}
	size_t wid = 2, wname = 4;
	for (size_t i = 0; i < n; i++) {
		mailcfg_provider_get(ctx, i, &p);
		if (mc_utf8_width(p.id) > wid)
			wid = mc_utf8_width(p.id);
		if (mc_utf8_width(p.name) > wname)
			wname = mc_utf8_width(p.name);
	}
	bool de = cli->lang == MAILCFG_LANG_DE;
	mc_buf_put_padded(&cli_out, "ID", wid + 2);
	mc_buf_put_padded(&cli_out, "NAME", wname + 2);
	mc_buf_puts(&cli_out, de ? "DOMAINS  GEPRÜFT  STATUS\n" : "DOMAINS  CHECKED  STATUS\n");
	for (size_t i = 0; i < n; i++) {
		mailcfg_provider_get(ctx, i, &p);
		mc_buf_put_padded(&cli_out, p.id, wid + 2);
		mc_buf_put_padded(&cli_out, p.name, wname + 2);
		char count[24];
		snprintf(count, sizeof count, "%7zu  ", p.domain_count);
		mc_buf_puts(&cli_out, count);
		mc_buf_put_padded(&cli_out, p.verified[0] ? p.verified : "-", 9);
		put_status(&p);
		if (p.source == MAILCFG_SOURCE_USER)
			mc_buf_puts(&cli_out, de ? " (eigene Daten)" : " (your data)");
		mc_buf_putc(&cli_out, '\n');
	}
	return EXIT_ANSWERED;
}
