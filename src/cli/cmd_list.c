/* mailcfg list: the known providers, user ones first; --stale keeps those
 * whose data needs checking again. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void put_json(const mailcfg_provider_info *p, bool first)
{
	mc_buf_puts(&cli_out, first ? "{\"id\":" : ",\n{\"id\":");
	mc_buf_put_json(&cli_out, p->id, strlen(p->id));
	mc_buf_puts(&cli_out, ",\"name\":");
	mc_buf_put_json(&cli_out, p->name, strlen(p->name));
	mc_buf_puts(&cli_out, ",\"status\":\"");
	mc_buf_puts(&cli_out, mailcfg_provider_status_name(p->status));
	mc_buf_puts(&cli_out, "\",\"successor\":");
	if (p->successor)
		mc_buf_put_json(&cli_out, p->successor, strlen(p->successor));
	else
		mc_buf_puts(&cli_out, "null");
	mc_buf_puts(&cli_out, ",\"domain_count\":");
	mc_buf_put_uint(&cli_out, p->domain_count);
	mc_buf_puts(&cli_out, ",\"verified\":");
	mc_buf_put_json(&cli_out, p->verified, strlen(p->verified));
	mc_buf_puts(&cli_out, ",\"stale\":");
	mc_buf_puts(&cli_out, cli_is_stale(p->verified) ? "true" : "false");
	mc_buf_puts(&cli_out, ",\"source\":\"");
	mc_buf_puts(&cli_out, mailcfg_source_name(p->source));
	mc_buf_puts(&cli_out, "\"}");
}

static void put_tsv(const mailcfg_provider_info *p)
{
	const char *fields[] = {p->id,
	                        p->name,
	                        NULL, /* domain count */
	                        mailcfg_provider_status_name(p->status),
	                        p->successor ? p->successor : "",
	                        p->verified,
	                        mailcfg_source_name(p->source)};
	for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
		if (f)
			mc_buf_putc(&cli_out, '\t');
		if (fields[f])
			mc_buf_puts(&cli_out, fields[f]);
		else
			mc_buf_put_uint(&cli_out, p->domain_count);
	}
	mc_buf_putc(&cli_out, '\n');
}

static void put_text(const mailcfg_provider_info *p, size_t wid, size_t wname, mailcfg_lang lang)
{
	mc_buf_put_padded(&cli_out, p->id, wid + 2);
	mc_buf_put_padded(&cli_out, p->name, wname + 2);
	char count[24];
	snprintf(count, sizeof count, "%7zu  ", p->domain_count);
	mc_buf_puts(&cli_out, count);
	mc_buf_put_padded(&cli_out, p->verified[0] ? p->verified : "-", 9);
	mc_buf_puts(&cli_out, mailcfg_provider_status_name(p->status));
	if (p->successor) {
		mc_buf_puts(&cli_out, " → ");
		mc_buf_puts(&cli_out, p->successor);
	}
	if (p->source == MAILCFG_SOURCE_USER)
		mc_buf_puts(&cli_out, mc_tr(lang, N_(" (your data)")));
	mc_buf_putc(&cli_out, '\n');
}

int cmd_list(const struct cli *cli, mailcfg_ctx *ctx)
{
	if (cli->operand_count) {
		cli_usage_error(N_("list takes no arguments"));
		return EXIT_USAGE;
	}
	if (!cli_load_user_data(cli, ctx))
		return EXIT_USAGE;
	size_t total = mailcfg_provider_count(ctx), n = 0;
	mailcfg_provider_info *list = calloc(total ? total : 1, sizeof *list);
	if (!list) {
		cli_error(N_("out of memory"));
		return EXIT_INTERNAL;
	}
	size_t wid = 2, wname = 4;
	for (size_t i = 0; i < total; i++) {
		mailcfg_provider_get(ctx, i, &list[n]);
		if (cli->stale && !cli_is_stale(list[n].verified))
			continue;
		if (mc_utf8_width(list[n].id) > wid)
			wid = mc_utf8_width(list[n].id);
		if (mc_utf8_width(list[n].name) > wname)
			wname = mc_utf8_width(list[n].name);
		n++;
	}
	switch (cli->format) {
	case FORMAT_JSON:
		/* one array, so that `mailcfg list --json | jq length` counts */
		mc_buf_putc(&cli_out, '[');
		for (size_t i = 0; i < n; i++)
			put_json(&list[i], i == 0);
		mc_buf_puts(&cli_out, "]\n");
		break;
	case FORMAT_TSV:
		for (size_t i = 0; i < n; i++)
			put_tsv(&list[i]);
		break;
	case FORMAT_TEXT:
		mc_buf_put_padded(&cli_out, "ID", wid + 2);
		mc_buf_put_padded(&cli_out, "NAME", wname + 2);
		/* TRANSLATORS: column heads, DOMAINS right-aligned in 7, the next padded to 9 */
		mc_buf_puts(&cli_out, mc_tr(cli->lang, N_("DOMAINS  CHECKED  STATUS\n")));
		for (size_t i = 0; i < n; i++)
			put_text(&list[i], wid, wname, cli->lang);
		break;
	default: break; /* the export formats are refused by cli_parse */
	}
	free(list);
	return EXIT_ANSWERED;
}
