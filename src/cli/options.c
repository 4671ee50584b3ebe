/* The option table and the command-line parser. Every option exists only
 * here: --help is generated from this table, and a test checks the man page
 * and completions against it. Keep the table sorted by name. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "core/names.h"
#include "util/text.h"

const struct cli_option cli_options[] = {
    {"all-sources", 0, NULL, FOR_LOOKUP, OPT_ALL_SOURCES,
     N_("ask every online source and show every answer, flagging those that disagree")},
    {"allow-http", 0, NULL, FOR_LOOKUP, OPT_ALLOW_HTTP,
     N_("also try plain http:// autoconfig URLs; such answers are marked untrusted")},
    {"cacert", 0, "FILE", FOR_LOOKUP | FOR_CHECK | FOR_AUDIT, OPT_CACERT,
     N_("trust the CA certificates in FILE besides the system's (online look-ups)")},
    {"check", 0, NULL, FOR_AUDIT, OPT_CHECK,
     N_("also test the configured servers live, as 'mailcfg check' does")},
    {"client", 0, "NAME", FOR_LOOKUP, OPT_CLIENT,
     N_("the settings as numbered steps in a mail program's own words: outlook, thunderbird, "
        "apple-mail, ios, android, windows-mail, gmail-app")},
    {"color", 0, "WHEN", FOR_ALL, OPT_COLOR,
     N_("colour the text output: auto (on a terminal, unless NO_COLOR is set), always, never")},
    {"copy", 0, NULL, FOR_LOOKUP, OPT_COPY,
     N_("a plain summary to paste into a ticket or an email reply (no colour, short lines)")},
    {"data-dir", 0, "DIR", FOR_LOOKUP | FOR_LIST | FOR_CHECK | FOR_AUDIT, OPT_DATA_DIR,
     N_("read your own provider files from DIR instead of the default folder")},
    {"dns-server", 0, "ADDR[:PORT]", FOR_LOOKUP | FOR_CHECK | FOR_AUDIT, OPT_DNS_SERVER,
     N_("ask this DNS server for MX, SRV and addresses (online look-ups)")},
    {"encryption", 0, "ENC", FOR_CHECK, OPT_ENCRYPTION,
     N_("with --server: ssl, starttls or none (default: from the scheme and the port)")},
    {"format", 0, "FORMAT", FOR_LOOKUP | FOR_LIST | FOR_PORTS | FOR_CHECK | FOR_AUDIT, OPT_FORMAT,
     N_("output format: text (default), json (lookup: one object per query per line; list "
        "and ports: one array), tsv; lookup also env, autoconfig, mobileconfig, msmtp, "
        "mbsync, neomutt, aerc (see docs/formats.md)")},
    {"guess", 0, NULL, FOR_LOOKUP, OPT_GUESS,
     N_("when nothing else answers, try the usual server names (imap., mail., smtp.) on the "
        "standard ports; such answers are marked as guessed")},
    {"help", 'h', NULL, FOR_ALL, OPT_HELP, N_("show help and exit")},
    {"imap", 0, "HOST:PORT:ENC", FOR_AUDIT, OPT_IMAP,
     N_("the IMAP server the customer configured, its port and encryption (ssl, starttls, "
        "none)")},
    {"ispdb-url", 0, "URL", FOR_LOOKUP, OPT_ISPDB_URL,
     N_("base URL of the ISPDB (also MAILCFG_ISPDB_URL; default "
        "https://autoconfig.thunderbird.net/v1.1/)")},
    {"json", 0, NULL, FOR_LOOKUP | FOR_LIST | FOR_PORTS | FOR_CHECK | FOR_AUDIT, OPT_JSON,
     N_("same as --format json")},
    {"lang", 0, "LANG", FOR_ALL, OPT_LANG,
     N_("language of the output: en, de or another of the message catalogue (po/); default: "
        "from LC_ALL, LC_MESSAGES, LANG")},
    {"login", 0, "USER", FOR_CHECK, OPT_LOGIN,
     N_("also log in as USER; the password comes from MAILCFG_PASSWORD or is asked for on the "
        "terminal, never from the command line")},
    {"mx", 0, "HOST", FOR_LOOKUP, OPT_MX,
     N_("answer with the provider that runs this mail exchanger (the MX host a DNS look-up "
        "shows for the customer's domain); queries are then optional")},
    {"no-cache", 0, NULL, FOR_LOOKUP, OPT_NO_CACHE,
     N_("neither read nor write the cache of online answers (also MAILCFG_NO_CACHE=1)")},
    {"no-user-data", 0, NULL, FOR_LOOKUP | FOR_LIST | FOR_CHECK | FOR_AUDIT, OPT_NO_USER_DATA,
     N_("ignore your own provider files; answer from the built-in data only")},
    {"offline", 0, NULL, FOR_ALL, OPT_OFFLINE,
     N_("answer from built-in and your own data only, never from the network "
        "(also MAILCFG_OFFLINE=1)")},
    {"parallel", 0, "N", FOR_LOOKUP, OPT_PARALLEL,
     N_("look up to N queries online at the same time (1 to 64, default 8); answers keep "
        "the input order")},
    {"pop3", 0, "HOST:PORT:ENC", FOR_AUDIT, OPT_POP3,
     N_("the POP3 server the customer configured, its port and encryption")},
    {"protocol", 0, "PROTO[,PROTO...]", FOR_CHECK, OPT_PROTOCOL,
     N_("check only the servers of these protocols: imap, pop3, smtp")},
    {"provider", 0, "NAME", FOR_LOOKUP, OPT_PROVIDER,
     N_("answer with this provider's settings, filling in the addresses or domains given "
        "(for hosting providers whose servers are named after the customer's domain)")},
    {"quiet", 'q', NULL, FOR_ALL, OPT_QUIET, N_("print no warnings and no suggestions")},
    {"resolve", 0, "HOST:PORT:ADDR", FOR_LOOKUP | FOR_CHECK | FOR_AUDIT, OPT_RESOLVE,
     N_("connect to ADDR for HOST:PORT, like curl's option (repeatable)")},
    {"send-address", 0, NULL, FOR_LOOKUP, OPT_SEND_ADDRESS,
     N_("send the whole address to autoconfig servers (by default only the domain)")},
    {"server", 0, "URL", FOR_CHECK, OPT_SERVER,
     N_("check this server instead of a query's: imap://HOST[:PORT] (also imaps, pop3, pop3s, "
        "smtp, smtps); repeatable")},
    {"smtp", 0, "HOST:PORT:ENC", FOR_AUDIT, OPT_SMTP,
     N_("the SMTP server the customer configured, its port and encryption")},
    {"source", 0, "NAME[,NAME...]", FOR_LOOKUP, OPT_SOURCE,
     N_("use only these sources: builtin, user, autoconfig, ispdb, mx, srv, guess")},
    {"stale", 0, NULL, FOR_LIST, OPT_STALE,
     N_("list only providers whose data was never verified or is older than 24 months")},
    {"timeout", 0, "SECONDS", FOR_LOOKUP | FOR_CHECK | FOR_AUDIT, OPT_TIMEOUT,
     N_("deadline for each online look-up (default 5), for all checks together (default 10)")},
    {"username", 0, "NAME", FOR_AUDIT, OPT_USERNAME, N_("the user name the customer configured")},
    {"verbose", 'v', NULL, FOR_ALL, OPT_VERBOSE, N_("say more: where each answer comes from")},
    {"version", 'V', NULL, FOR_ALL, OPT_VERSION,
     N_("show the version and the provenance of the built-in data, and exit")},
};
const size_t cli_option_count = sizeof cli_options / sizeof cli_options[0];

/* The values an option's argument takes, for the shell completions
 * (tools/mailcfg-completions.c); the parser (set_value) must accept each,
 * and tests/docs/agreement.sh checks that it does. */
const struct cli_option_values cli_option_values[] = {
    {OPT_CLIENT, "outlook thunderbird apple-mail ios android windows-mail gmail-app"},
    {OPT_COLOR, "auto always never"},
    {OPT_ENCRYPTION, "ssl starttls none"},
    {OPT_FORMAT, "text json tsv env autoconfig mobileconfig msmtp mbsync neomutt aerc"},
    {OPT_LANG, "en de"},
    {OPT_PROTOCOL, "imap pop3 smtp"},
    {OPT_SOURCE, "builtin user autoconfig ispdb mx srv guess"},
};
const size_t cli_option_values_count = sizeof cli_option_values / sizeof cli_option_values[0];

static const char *const command_names[] = {"",       "lookup",  "list",  "ports", "help",
                                            "import", "explain", "check", "audit"};
/* command_names[1..count): every command, for the completions */
const size_t cli_command_count = sizeof command_names / sizeof command_names[0];

const char *cli_command_name(enum cli_command c)
{
	return command_names[c];
}

static enum cli_command command_from(const char *s)
{
	for (int i = 1; i < (int)(sizeof command_names / sizeof command_names[0]); i++)
		if (strcmp(s, command_names[i]) == 0)
			return (enum cli_command)i;
	return CMD_NONE;
}

static const struct cli_option *find_long(const char *name, size_t len)
{
	for (size_t i = 0; i < cli_option_count; i++)
		if (strlen(cli_options[i].name) == len &&
		    strncmp(cli_options[i].name, name, len) == 0)
			return &cli_options[i];
	return NULL;
}

static const struct cli_option *find_short(char c)
{
	for (size_t i = 0; i < cli_option_count; i++)
		if (cli_options[i].short_name == c)
			return &cli_options[i];
	return NULL;
}

/* The closest option name to a mistyped one, or NULL. */
static const char *closest_option(const char *name, size_t len)
{
	const char *best = NULL;
	unsigned best_d = 3;
	for (size_t i = 0; i < cli_option_count; i++) {
		const char *o = cli_options[i].name;
		unsigned d = mc_edit_distance(name, len, o, strlen(o), 2);
		if (d < best_d) {
			best_d = d;
			best = o;
		}
	}
	return best;
}

/* --source builtin,user,autoconfig,ispdb,mx,srv */
static bool parse_sources(struct cli *cli, const char *v)
{
	static const struct {
		const char *name;
		mailcfg_source source;
	} names[] = {{"builtin", MAILCFG_SOURCE_BUILTIN},
	             {"user", MAILCFG_SOURCE_USER},
	             {"autoconfig", MAILCFG_SOURCE_AUTOCONFIG},
	             {"ispdb", MAILCFG_SOURCE_ISPDB},
	             {"mx", MAILCFG_SOURCE_MX},
	             {"srv", MAILCFG_SOURCE_SRV},
	             {"guess", MAILCFG_SOURCE_GUESS}};
	cli->sources = 0;
	for (const char *p = v;;) {
		size_t n = strcspn(p, ",");
		bool known = false;
		for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
			if (strlen(names[i].name) == n && strncmp(p, names[i].name, n) == 0) {
				cli->sources |= MAILCFG_SOURCE_BIT(names[i].source);
				known = true;
			}
		if (!known) {
			cli_usage_error(N_("--source: unknown source '%s' (known: builtin, user, "
			                   "autoconfig, ispdb, mx, srv, guess)"),
			                cli_safe(p, n));
			return false;
		}
		if (!p[n])
			return true;
		p += n + 1;
	}
}

/* --protocol imap,pop3,smtp */
static bool parse_protocols(struct cli *cli, const char *v)
{
	static const char *const names[] = {"imap", "pop3", "smtp"};
	cli->protocols = 0;
	for (const char *p = v;;) {
		size_t n = strcspn(p, ",");
		bool known = false;
		for (unsigned i = 0; i < 3; i++)
			if (strlen(names[i]) == n && strncmp(p, names[i], n) == 0) {
				cli->protocols |= 1u << i;
				known = true;
			}
		if (!known) {
			cli_usage_error(
			    N_("--protocol: unknown protocol '%s' (known: imap, pop3, smtp)"),
			    cli_safe(p, n));
			return false;
		}
		if (!p[n])
			return true;
		p += n + 1;
	}
}

/* V is exactly a language of the catalogue ("de", "pt_BR"): then *LANG. */
static bool lang_exact(const char *v, mailcfg_lang *lang)
{
	mailcfg_lang l;
	if (strcspn(v, ".@") != strlen(v) || !mc_lang_from_code(v, &l) ||
	    strcmp(mc_lang_code(l), v) != 0)
		return false;
	*lang = l;
	return true;
}

static bool set_value(struct cli *cli, const struct cli_option *o, const char *v)
{
	switch (o->id) {
	case OPT_FORMAT:
		if (strcmp(v, "text") == 0)
			cli->format = FORMAT_TEXT;
		else if (strcmp(v, "json") == 0)
			cli->format = FORMAT_JSON;
		else if (strcmp(v, "tsv") == 0)
			cli->format = FORMAT_TSV;
		else if (!cli_export_format(v, &cli->format)) {
			cli_usage_error(
			    N_("--format: unknown format '%s' (known: text, json, tsv, env, "
			       "autoconfig, mobileconfig, msmtp, mbsync, neomutt, aerc)"),
			    cli_safe(v, strlen(v)));
			return false;
		}
		return true;
	case OPT_COLOR:
		if (strcmp(v, "auto") == 0)
			cli->color = COLOR_AUTO;
		else if (strcmp(v, "always") == 0)
			cli->color = COLOR_ALWAYS;
		else if (strcmp(v, "never") == 0)
			cli->color = COLOR_NEVER;
		else {
			cli_usage_error(N_("--color: '%s' is not auto, always or never"),
			                cli_safe(v, strlen(v)));
			return false;
		}
		return true;
	case OPT_LANG:
		if (!lang_exact(v, &cli->lang)) {
			char known[256] = "";
			for (size_t i = 0; i < mc_catalog_lang_count; i++) {
				if (i)
					strncat(known, ", ", sizeof known - strlen(known) - 1);
				strncat(known, mc_catalog_langs[i].code,
				        sizeof known - strlen(known) - 1);
			}
			cli_usage_error(N_("--lang: '%s' is not a supported language (%s)"),
			                cli_safe(v, strlen(v)), known);
			return false;
		}
		cli_set_lang(cli->lang);
		return true;
	case OPT_CLIENT: {
		int c = mc_client_find(v);
		if (c < 0) {
			cli_usage_error(N_("--client: unknown mail program '%s' (known: %s)"),
			                cli_safe(v, strlen(v)), mc_client_names());
			return false;
		}
		cli->client = c + 1;
		return true;
	}
	case OPT_DATA_DIR: cli->data_dir = v; return true;
	case OPT_PROVIDER: cli->provider = v; return true;
	case OPT_MX: cli->mx = v; return true;
	case OPT_ISPDB_URL: cli->ispdb_url = v; return true;
	case OPT_CACERT: cli->cacert = v; return true;
	case OPT_DNS_SERVER: cli->dns_server = v; return true;
	case OPT_RESOLVE:
		if (cli->resolve_count == sizeof cli->resolve / sizeof cli->resolve[0]) {
			char max[24];
			snprintf(max, sizeof max, "%zu",
			         sizeof cli->resolve / sizeof cli->resolve[0]);
			cli_usage_error(N_("--resolve: at most %s pins"), max);
			return false;
		}
		if (!strchr(v, ':') || !strchr(strchr(v, ':') + 1, ':')) {
			cli_usage_error(N_("--resolve: '%s' is not HOST:PORT:ADDR"),
			                cli_safe(v, strlen(v)));
			return false;
		}
		cli->resolve[cli->resolve_count++] = v;
		return true;
	case OPT_TIMEOUT: {
		char *end;
		double t = strtod(v, &end);
		if (end == v || *end || !(t > 0 && t <= 600)) {
			cli_usage_error(
			    N_("--timeout: '%s' is not a number of seconds from 0 to 600"),
			    cli_safe(v, strlen(v)));
			return false;
		}
		cli->timeout = t;
		return true;
	}
	case OPT_SOURCE: return parse_sources(cli, v);
	case OPT_SERVER:
		if (cli->server_count == sizeof cli->servers / sizeof cli->servers[0]) {
			char max[24];
			snprintf(max, sizeof max, "%zu",
			         sizeof cli->servers / sizeof cli->servers[0]);
			cli_usage_error(N_("--server: at most %s servers"), max);
			return false;
		}
		cli->servers[cli->server_count++] = v;
		return true;
	case OPT_ENCRYPTION:
		cli->encryption = mc_encryption_from_setting(v);
		if (cli->encryption < 0) {
			cli_usage_error(N_("--encryption: '%s' is not ssl, starttls or none"),
			                cli_safe(v, strlen(v)));
			return false;
		}
		return true;
	case OPT_PROTOCOL: return parse_protocols(cli, v);
	case OPT_LOGIN:
		if (!v[0] || strpbrk(v, "\r\n")) {
			cli_usage_error(N_("--login: '%s' is not a user name"),
			                cli_safe(v, strlen(v)));
			return false;
		}
		cli->login = v;
		return true;
	case OPT_IMAP: cli->audit_imap = v; return true;
	case OPT_POP3: cli->audit_pop3 = v; return true;
	case OPT_SMTP: cli->audit_smtp = v; return true;
	case OPT_USERNAME: cli->username = v; return true;
	case OPT_PARALLEL: {
		char *end;
		long n = strtol(v, &end, 10);
		if (end == v || *end || n < 1 || n > 64) {
			cli_usage_error(N_("--parallel: '%s' is not a number from 1 to 64"),
			                cli_safe(v, strlen(v)));
			return false;
		}
		cli->parallel = (size_t)n;
		return true;
	}
	default: return true;
	}
}

static void set_flag(struct cli *cli, const struct cli_option *o)
{
	switch (o->id) {
	case OPT_HELP: cli->help = true; break;
	case OPT_VERSION: cli->version = true; break;
	case OPT_JSON: cli->format = FORMAT_JSON; break;
	case OPT_OFFLINE: cli->offline = true; break;
	case OPT_QUIET: cli->quiet = true; break;
	case OPT_VERBOSE: cli->verbose++; break;
	case OPT_NO_USER_DATA: cli->no_user_data = true; break;
	case OPT_ALLOW_HTTP: cli->allow_http = true; break;
	case OPT_ALL_SOURCES: cli->all_sources = true; break;
	case OPT_NO_CACHE: cli->no_cache = true; break;
	case OPT_GUESS: cli->guess = true; break;
	case OPT_SEND_ADDRESS: cli->send_address = true; break;
	case OPT_STALE: cli->stale = true; break;
	case OPT_CHECK: cli->audit_check = true; break;
	case OPT_COPY: cli->copy = true; break;
	default: break;
	}
}

/* The language of the environment: the first of LC_ALL, LC_MESSAGES, LANG
 * that is set decides, as for gettext; a language the catalogue lacks
 * (or C, POSIX) is English. */
static mailcfg_lang env_lang(void)
{
	const char *vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		mailcfg_lang lang;
		if (v && v[0])
			return mc_lang_from_code(v, &lang) ? lang : MAILCFG_LANG_EN;
	}
	return MAILCFG_LANG_EN;
}

/* The last valid --lang of ARGV, found before parsing so that every
 * message of the parse, even about an option before --lang, is in that
 * language. Values of other options are skipped as the parser skips them;
 * an invalid --lang is left to the parser to report (in the language of
 * the environment). */
static void prescan_lang(struct cli *cli, int argc, char **argv)
{
	for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
		const char *a = argv[i];
		if (a[0] != '-' || a[1] != '-')
			continue;
		const char *eq = strchr(a + 2, '=');
		const struct cli_option *o =
		    find_long(a + 2, eq ? (size_t)(eq - a - 2) : strlen(a + 2));
		if (!o || !o->arg)
			continue;
		const char *v = eq ? eq + 1 : i + 1 < argc ? argv[++i] : NULL;
		if (o->id == OPT_LANG && v)
			lang_exact(v, &cli->lang);
	}
}

/* A mistyped command gets the command it resembles; anything else is
 * probably a query that lacks "lookup". */
static void not_a_command(const char *a)
{
	const char *near = NULL;
	for (int i = 1; i < (int)(sizeof command_names / sizeof command_names[0]); i++)
		if (mc_edit_distance(a, strlen(a), command_names[i], strlen(command_names[i]), 2) <=
		    2)
			near = command_names[i];
	const char *shown = cli_safe(a, strlen(a));
	if (near)
		cli_usage_error(N_("'%s' is not a command; did you mean '%s'?"), shown, near);
	else
		cli_usage_error(N_("'%s' is not a command (commands: lookup, list, ports, explain, "
		                   "import, check, "
		                   "audit, help); "
		                   "did you mean 'mailcfg lookup %s'?"),
		                shown, shown);
}

int cli_parse(struct cli *cli, int argc, char **argv)
{
	memset(cli, 0, sizeof *cli);
	cli->encryption = -1;
	cli->lang = env_lang();
	prescan_lang(cli, argc, argv);
	cli_set_lang(cli->lang);
	const char *off = getenv("MAILCFG_OFFLINE");
	cli->offline = off && strcmp(off, "1") == 0;
	const char *nc = getenv("MAILCFG_NO_CACHE");
	cli->no_cache = nc && strcmp(nc, "1") == 0;
	cli->operands = calloc((size_t)argc + 1, sizeof *cli->operands);
	if (!cli->operands) {
		cli_error(N_("out of memory"));
		return EXIT_INTERNAL;
	}
	/* options are checked against the command once it is known */
	const struct cli_option *used[64];
	char used_as[64][64];
	size_t nused = 0;
	bool options_done = false;
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		if (options_done || a[0] != '-' || strcmp(a, "-") == 0) {
			if (cli->command == CMD_NONE && !options_done) {
				cli->command = command_from(a);
				if (cli->command == CMD_NONE) {
					not_a_command(a);
					return EXIT_USAGE;
				}
				continue;
			}
			if (cli->command == CMD_NONE) {
				cli->command = command_from(a);
				if (cli->command == CMD_NONE) {
					cli_usage_error(N_("'%s' is not a command"),
					                cli_safe(a, strlen(a)));
					return EXIT_USAGE;
				}
				continue;
			}
			cli->operands[cli->operand_count++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			options_done = true;
			continue;
		}
		const struct cli_option *o;
		const char *value = NULL;
		if (a[1] == '-') {
			const char *name = a + 2, *eq = strchr(name, '=');
			size_t len = eq ? (size_t)(eq - name) : strlen(name);
			o = find_long(name, len);
			if (!o) {
				const char *near = closest_option(name, len);
				if (near)
					cli_usage_error(
					    N_("unknown option '--%s'; did you mean '--%s'?"),
					    cli_safe(name, len), near);
				else
					cli_usage_error(N_("unknown option '--%s'"),
					                cli_safe(name, len));
				return EXIT_USAGE;
			}
			if (eq && !o->arg) {
				cli_usage_error(N_("option '--%s' takes no value"), o->name);
				return EXIT_USAGE;
			}
			if (eq)
				value = eq + 1;
		} else {
			/* short flags may be grouped: -qv */
			for (const char *s = a + 1; *s; s++) {
				o = find_short(*s);
				if (!o) {
					cli_usage_error(N_("unknown option '-%s'"), cli_safe(s, 1));
					return EXIT_USAGE;
				}
				if (o->arg) {
					cli_usage_error(N_("option '-%s' needs a value"),
					                cli_safe(s, 1));
					return EXIT_USAGE;
				}
				set_flag(cli, o);
				if (nused < 64) {
					snprintf(used_as[nused], sizeof used_as[nused], "-%c", *s);
					used[nused++] = o;
				}
			}
			continue;
		}
		if (o->arg && !value) {
			if (i + 1 >= argc) {
				cli_usage_error(N_("option '--%s' needs a value (%s)"), o->name,
				                o->arg);
				return EXIT_USAGE;
			}
			value = argv[++i];
		}
		if (o->arg ? !set_value(cli, o, value) : (set_flag(cli, o), false))
			return EXIT_USAGE;
		if (nused < 64) {
			snprintf(used_as[nused], sizeof used_as[nused], "--%s", o->name);
			used[nused++] = o;
		}
	}
	if (cli->client && cli->copy) {
		cli_usage_error(
		    N_("--client and --copy are two different texts: give one of them"));
		return EXIT_USAGE;
	}
	if ((cli->client || cli->copy) && cli->format != FORMAT_TEXT) {
		cli_usage_error(N_("%s prints text for people: leave out --format/--json"),
		                cli->client ? "--client" : "--copy");
		return EXIT_USAGE;
	}
	if (cli->format >= FORMAT_ENV && cli->command != CMD_LOOKUP && !cli->help &&
	    cli->command != CMD_NONE) {
		cli_usage_error(
		    N_("--format: this format applies only to 'mailcfg lookup'; 'mailcfg "
		       "%s' knows text, json and tsv"),
		    cli_command_name(cli->command));
		return EXIT_USAGE;
	}
	for (size_t k = 0; k < nused; k++)
		if (!(used[k]->commands & (1u << cli->command)) && !cli->help) {
			if (cli->command == CMD_NONE)
				cli_usage_error(
				    N_("option '%s' needs a command, e.g. 'mailcfg lookup %s ...'"),
				    used_as[k], used_as[k]);
			else
				cli_usage_error(N_("option '%s' does not apply to 'mailcfg %s'"),
				                used_as[k], cli_command_name(cli->command));
			return EXIT_USAGE;
		}
	return EXIT_ANSWERED;
}
