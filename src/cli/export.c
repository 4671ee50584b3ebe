/* lookup --format env|autoconfig|mobileconfig|msmtp|mbsync|neomutt|aerc:
 * which formats take several queries, and writing one answer. The formats
 * themselves are in src/output/ (one file each); docs/formats.md is the
 * user's description. */
#include <string.h>

#include "cli.h"

static const struct {
	const char *name;
	enum cli_format format;
	bool one_document; /* one query only: a second one could not be used */
	const char *(*write)(struct mc_buf *, const mailcfg_result *);
} formats[] = {
    {"env", FORMAT_ENV, true, mc_format_env},
    {"autoconfig", FORMAT_AUTOCONFIG, true, mc_format_autoconfig},
    {"mobileconfig", FORMAT_MOBILECONFIG, true, mc_format_mobileconfig},
    {"msmtp", FORMAT_MSMTP, false, mc_format_msmtp},
    {"mbsync", FORMAT_MBSYNC, false, mc_format_mbsync},
    {"neomutt", FORMAT_NEOMUTT, true, mc_format_neomutt},
    {"aerc", FORMAT_AERC, false, mc_format_aerc},
};
#define FORMAT_COUNT (sizeof formats / sizeof formats[0])

bool cli_export_format(const char *name, enum cli_format *f)
{
	for (size_t i = 0; i < FORMAT_COUNT; i++)
		if (strcmp(name, formats[i].name) == 0) {
			*f = formats[i].format;
			return true;
		}
	return false;
}

static size_t find(enum cli_format f)
{
	size_t i = 0;
	while (i + 1 < FORMAT_COUNT && formats[i].format != f)
		i++;
	return i;
}

bool cli_export_check(const struct cli *cli)
{
	if (cli->format < FORMAT_ENV)
		return true;
	size_t i = find(cli->format);
	if (!formats[i].one_document)
		return true;
	bool one = cli->operand_count == 1 ? strcmp(cli->operands[0], "-") != 0
	                                   : cli->operand_count == 0 && cli->mx;
	if (!one) {
		cli_usage_error(
		    N_("--format %s writes one document for one query: give exactly one "
		       "address, domain or name (not '-'), and run mailcfg once per query"),
		    formats[i].name);
		return false;
	}
	return true;
}

bool cli_export(enum cli_format f, const mailcfg_result *r, size_t index)
{
	size_t i = find(f);
	size_t mark = cli_out.len;
	/* accounts of the multi-account formats are separated by an empty line */
	if (index)
		mc_buf_putc(&cli_out, '\n');
	const char *why = formats[i].write(&cli_out, r);
	if (!why)
		return true;
	cli_out.len = mark;
	const char *q = mailcfg_result_query(r);
	cli_error("'%s': %s (--format %s)", cli_safe(q, strlen(q)), why, formats[i].name);
	return false;
}
