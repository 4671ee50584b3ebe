/* The command-line tool: options, commands, messages, exit status. */
#ifndef MC_CLI_H
#define MC_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "mailcfg.h"
#include "output/output.h"

/* Exit status: documented in --help, the README and mailcfg(1). */
enum {
	EXIT_ANSWERED = 0,  /* every query answered */
	EXIT_NOT_FOUND = 1, /* at least one query had no answer */
	EXIT_USAGE = 2,     /* bad command line */
	EXIT_INVALID = 3,   /* a query is not a valid domain, address or name */
	EXIT_TEMPFAIL = 4,  /* a temporary failure prevented an answer */
	EXIT_INTERNAL = 5,  /* internal error, out of memory, cannot write output */
};

enum cli_command {
	CMD_NONE,
	CMD_LOOKUP,
	CMD_LIST,
	CMD_PORTS,
	CMD_HELP,
	CMD_IMPORT,
	CMD_EXPLAIN,
	CMD_CHECK,
	CMD_AUDIT,
};
enum cli_format {
	FORMAT_TEXT,
	FORMAT_JSON,
	FORMAT_TSV,
	/* lookup only: the export formats (export.c, docs/formats.md) */
	FORMAT_ENV,
	FORMAT_AUTOCONFIG,
	FORMAT_MOBILECONFIG,
	FORMAT_MSMTP,
	FORMAT_MBSYNC,
	FORMAT_NEOMUTT,
	FORMAT_AERC,
};
enum cli_color { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

/* Bits of cli_option.commands: where an option may be used. */
#define FOR_LOOKUP  (1u << CMD_LOOKUP)
#define FOR_LIST    (1u << CMD_LIST)
#define FOR_PORTS   (1u << CMD_PORTS)
#define FOR_IMPORT  (1u << CMD_IMPORT)
#define FOR_EXPLAIN (1u << CMD_EXPLAIN)
#define FOR_CHECK   (1u << CMD_CHECK)
#define FOR_AUDIT   (1u << CMD_AUDIT)
#define FOR_ALL                                                                                    \
	(FOR_LOOKUP | FOR_LIST | FOR_PORTS | FOR_IMPORT | FOR_EXPLAIN | FOR_CHECK | FOR_AUDIT |    \
	 (1u << CMD_HELP) | (1u << CMD_NONE))

enum cli_option_id {
	OPT_ALL_SOURCES,
	OPT_ALLOW_HTTP,
	OPT_CACERT,
	OPT_CHECK,
	OPT_CLIENT,
	OPT_COLOR,
	OPT_COPY,
	OPT_DATA_DIR,
	OPT_DNS_SERVER,
	OPT_ENCRYPTION,
	OPT_FORMAT,
	OPT_GUESS,
	OPT_HELP,
	OPT_IMAP,
	OPT_ISPDB_URL,
	OPT_JSON,
	OPT_LANG,
	OPT_LOGIN,
	OPT_MX,
	OPT_NO_CACHE,
	OPT_NO_USER_DATA,
	OPT_OFFLINE,
	OPT_PARALLEL,
	OPT_POP3,
	OPT_PROTOCOL,
	OPT_PROVIDER,
	OPT_QUIET,
	OPT_RESOLVE,
	OPT_SEND_ADDRESS,
	OPT_SERVER,
	OPT_SMTP,
	OPT_SOURCE,
	OPT_STALE,
	OPT_TIMEOUT,
	OPT_USERNAME,
	OPT_VERBOSE,
	OPT_VERSION,
};

/* One row of the option table: the one place options are defined. */
struct cli_option {
	const char *name;
	char short_name;
	const char *arg; /* NULL: a flag */
	unsigned commands;
	enum cli_option_id id;
	const char *help;
};

extern const struct cli_option cli_options[];
extern const size_t cli_option_count;

/* The fixed values of an option's argument, space-separated. */
struct cli_option_values {
	enum cli_option_id id;
	const char *values;
};
extern const struct cli_option_values cli_option_values[];
extern const size_t cli_option_values_count;
/* Commands are 1 .. cli_command_count - 1 (0 is CMD_NONE). */
extern const size_t cli_command_count;

struct cli {
	enum cli_command command;
	char **operands;
	int operand_count;
	enum cli_format format;
	enum cli_color color;
	mailcfg_lang lang;
	bool offline;
	bool quiet;
	int verbose;
	bool help;
	bool version;
	bool no_user_data;
	bool stale;
	const char *data_dir;
	const char *provider;
	const char *mx;
	/* online discovery */
	double timeout;
	unsigned sources; /* MAILCFG_SOURCE_BIT()s, 0: all */
	const char *ispdb_url, *cacert, *dns_server;
	const char *resolve[32];
	size_t resolve_count;
	bool allow_http, send_address, all_sources, no_cache, guess;
	size_t parallel; /* 0: the default */
	/* helpdesk output of lookup */
	int client; /* --client: 1 + index of the mail program, 0: none */
	bool copy;  /* --copy */
	/* check and audit */
	const char *servers[16]; /* --server URLs */
	size_t server_count;
	int encryption;     /* --encryption: a mailcfg_encryption, -1 when not given */
	unsigned protocols; /* --protocol: bits 1 << mailcfg_protocol, 0: all */
	const char *login;  /* --login USER */
	const char *audit_imap, *audit_pop3, *audit_smtp, *username;
	bool audit_check;
};

/* Parse ARGV into CLI; on a usage error print it and return EXIT_USAGE. */
int cli_parse(struct cli *cli, int argc, char **argv);

/* Messages on stderr, prefixed "mailcfg: ". Text from outside the program
 * must go through cli_safe first. FMT is a message of the catalogue (mark
 * it N_("...")): it is shown in the language of the messages, so its only
 * directives are %s and %% (tools/mailcfg-po.c refuses others). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_set_quiet(bool quiet);
/* The language of messages and help: from the environment, then --lang
 * (cli_parse sets it before the first message it may print). */
void cli_set_lang(mailcfg_lang lang);
/* MSGID in the language of the messages; format_arg keeps printf checking
 * of the English text at the call. */
const char *cli_tr(const char *msgid) __attribute__((format_arg(1)));
/* Raw text for stderr (no prefix, not translated: use cli_tr), held like
 * the messages above. */
void cli_err_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* S[0..N) made safe for a terminal (truncated), in one of four static
 * buffers used in turn: at most four values per message. */
const char *cli_safe(const char *s, size_t n);
/* The message of R, which may quote what a remote server sent, made safe
 * for a terminal, whole, in BUF (the caller frees it). */
const char *cli_result_message(const mailcfg_result *r, struct mc_buf *buf);
/* The exit status of a look-up that found nothing (check, audit). */
int cli_unanswered_exit(const mailcfg_result *r);

/* Standard output: buffered, flushed by size, checked at exit. */
extern struct mc_buf cli_out;
/* Write what is buffered; false after a write error (already reported). */
bool cli_flush(void);

/* The static program and the full one (src/cli/front.c, src/cli/full.c).
 * In the static one, a need for a shared object starts the full program
 * in its place; until then its messages are held. */
void cli_front_init(char **argv);
/* True while messages should be held back: output has not begun. */
bool cli_front_holding(void);
/* Output begins: from now on nothing may be done twice. */
void cli_front_commit(void);
/* Start the full program now, if this is the static one and nothing has
 * been written yet; returns only when it does not. */
void cli_front_hand_over(void);

/* Whether data checked in VERIFIED ("YYYY-MM", or "" for never) needs a new
 * check: never checked, or more than 24 months before this month. */
bool cli_is_stale(const char *verified);

/* Whether to colour text, from --color, NO_COLOR and isatty. */
bool cli_use_color(const struct cli *cli);
/* Load the user's provider files per the options; false on a usage error. */
bool cli_load_user_data(const struct cli *cli, mailcfg_ctx *ctx);

/* The export formats of lookup (export.c): the format named NAME; whether
 * the queries suit the format (else a usage error is printed); write a found
 * result, the INDEX-th written, or say why it cannot be written. */
bool cli_export_format(const char *name, enum cli_format *f);
bool cli_export_check(const struct cli *cli);
bool cli_export(enum cli_format f, const mailcfg_result *r, size_t index);

int cmd_lookup(const struct cli *cli, mailcfg_ctx *ctx);
int cmd_list(const struct cli *cli, mailcfg_ctx *ctx);
int cmd_ports(const struct cli *cli);
int cmd_help(const struct cli *cli);
int cmd_import(const struct cli *cli);
/* The terms explain knows, with their aliases, separated by blanks (for the
 * shell completions). */
const char *cli_explain_terms(void);
int cmd_explain(const struct cli *cli);
int cmd_version(void);
int cmd_check(const struct cli *cli, mailcfg_ctx *ctx);
int cmd_audit(const struct cli *cli, mailcfg_ctx *ctx);

/* Live checks, shared by check and audit --check (cmd_check.c): run the
 * checks of TARGETS with the command line's options (asking for the
 * password of --login), writing the reports; returns an exit status
 * (EXIT_ANSWERED when the checks ran). */
int cli_run_checks(const struct cli *cli, const mailcfg_check_target *targets, size_t n,
                   mailcfg_check_report *reports);
/* The exit status the verdicts call for: 0 all ok, 4 when every failure
 * was the network's own, else 1. */
int cli_check_exit(const mailcfg_check_report *reports, size_t n);
/* Check reports as a table with details (check_out.c), or one NDJSON
 * record per server (QUERY: the query they came from, or NULL). */
void cli_check_text(struct mc_buf *b, const mailcfg_check_report *reports, size_t n);
void cli_check_json(struct mc_buf *b, const char *query, const mailcfg_check_report *r);

/* The password for --login (password.c): MAILCFG_PASSWORD, else asked for
 * on /dev/tty without echo. False with a message printed when neither works. */
bool cli_read_password(const char *user, char *out, size_t size);
/* Print the help of COMMAND (CMD_NONE: the overview) on standard output. */
void cli_print_help(enum cli_command command);
const char *cli_command_name(enum cli_command c);
/* The one-line summary of a command, as in the help overview. */
const char *cli_command_summary(enum cli_command c);

#endif
