/* mailcfg import FILE.xml... : autoconfig files (for example from a checkout
 * of the public ISPDB) as provider files of our format, on standard output,
 * for review before they are added to data/providers. */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/internal.h"
#include "util/file.h"

int cmd_import(const struct cli *cli)
{
	if (cli->operand_count == 0) {
		cli_usage_error(N_("import needs autoconfig files (config-v1.1.xml)"));
		return EXIT_USAGE;
	}
	int rc = EXIT_ANSWERED;
	for (int i = 0; i < cli->operand_count; i++) {
		const char *path = cli->operands[i];
		char *xml, why[300];
		size_t len;
		if (mc_read_file(path, 1 << 20, &xml, &len, why, sizeof why) != 0) {
			cli_error("%s: %s", cli_safe(path, strlen(path)), why);
			rc = EXIT_INVALID > rc ? EXIT_INVALID : rc;
			continue;
		}
		char *json = NULL;
		int err = mc_online_import(xml, len, path, &json, why, sizeof why);
		free(xml);
		if (err != MAILCFG_OK) {
			cli_error("%s: %s", cli_safe(path, strlen(path)),
			          cli_safe(why, strlen(why)));
			int code = err == MAILCFG_ERR_DATA ? EXIT_INVALID : EXIT_INTERNAL;
			rc = code > rc ? code : rc;
			continue;
		}
		mc_buf_puts(&cli_out, json);
		mc_buf_putc(&cli_out, '\n');
		free(json);
	}
	return rc;
}
