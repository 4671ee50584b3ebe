/* mailcfg: the command-line tool. Only options, dispatch and exit status
 * live here; everything else is the library or a command file. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

static void print_diag(void *ud, const char *file, unsigned line, const char *field,
                       const char *msg)
{
	(void)ud;
	/* user data is outside input: keep its text off the terminal raw */
	char where[600];
	snprintf(where, sizeof where, "%s", cli_safe(file, strlen(file)));
	if (line)
		cli_warn("%s:%u: %s: %s (file ignored)", where, line, field,
		         cli_safe(msg, strlen(msg)));
	else
		cli_warn("%s: %s (ignored)", where, cli_safe(msg, strlen(msg)));
}

bool cli_load_user_data(const struct cli *cli, mailcfg_ctx *ctx)
{
	if (cli->no_user_data)
		return true;
	if (cli->data_dir) {
		struct stat st;
		if (stat(cli->data_dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
			cli_usage_error(N_("--data-dir: '%s' is not a readable directory"),
			                cli_safe(cli->data_dir, strlen(cli->data_dir)));
			return false;
		}
		mailcfg_ctx_load_dir(ctx, cli->data_dir, print_diag, NULL);
		return true;
	}
	char dir[4096];
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		snprintf(dir, sizeof dir, "%s/mailcfg/providers.d", xdg);
	else if (home && home[0])
		snprintf(dir, sizeof dir, "%s/.config/mailcfg/providers.d", home);
	else
		return true;
	struct stat st;
	if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
		mailcfg_ctx_load_dir(ctx, dir, print_diag, NULL);
	return true;
}

/* Commands the static program hands over to the full one before they
 * begin (src/cli/front.c): those that read standard input or prompt, which
 * cannot be done twice, and those that always need the network. Many
 * queries, too: their answers are held until the end while a later query
 * may still need the full program. */
static bool wants_full_program(const struct cli *cli)
{
	if (cli->command == CMD_CHECK || cli->command == CMD_IMPORT ||
	    (cli->command == CMD_AUDIT && cli->audit_check))
		return true;
	if (cli->command != CMD_LOOKUP)
		return false;
	if (cli->operand_count > 64)
		return true;
	for (int i = 0; i < cli->operand_count; i++)
		if (strcmp(cli->operands[i], "-") == 0)
			return true;
	return false;
}

static int run(const struct cli *cli)
{
	if (cli->version)
		return cmd_version();
	if (cli->help || cli->command == CMD_NONE) {
		if (cli->command == CMD_NONE && !cli->help) {
			cli_usage_error(N_("no command given"));
			return EXIT_USAGE;
		}
		cli_print_help(cli->command == CMD_HELP ? CMD_NONE : cli->command);
		return EXIT_ANSWERED;
	}
	if (cli->command == CMD_HELP)
		return cmd_help(cli);
	if (cli->command == CMD_PORTS)
		return cmd_ports(cli);
	if (cli->command == CMD_IMPORT)
		return cmd_import(cli);
	if (cli->command == CMD_EXPLAIN)
		return cmd_explain(cli);
	mailcfg_ctx *ctx;
	if (mailcfg_ctx_new(&ctx) != MAILCFG_OK) {
		cli_error(N_("out of memory"));
		return EXIT_INTERNAL;
	}
	int rc = cli->command == CMD_LIST    ? cmd_list(cli, ctx)
	         : cli->command == CMD_CHECK ? cmd_check(cli, ctx)
	         : cli->command == CMD_AUDIT ? cmd_audit(cli, ctx)
	                                     : cmd_lookup(cli, ctx);
	mailcfg_ctx_free(ctx);
	return rc;
}

int main(int argc, char **argv)
{
	/* Die quietly on a closed pipe (mailcfg ... | head -1), as cat does,
	 * even when the parent left SIGPIPE ignored. */
	signal(SIGPIPE, SIG_DFL);
	cli_front_init(argv);
	struct cli cli;
	int rc = cli_parse(&cli, argc, argv);
	if (rc == EXIT_ANSWERED) {
		cli_set_quiet(cli.quiet);
		if (wants_full_program(&cli))
			cli_front_hand_over();
		rc = run(&cli);
	}
	if (!cli_flush() && rc < EXIT_INTERNAL)
		rc = EXIT_INTERNAL;
	mc_buf_free(&cli_out);
	free(cli.operands);
	return rc;
}
