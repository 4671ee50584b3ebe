/* mailcfg lookup QUERY... : answer queries from the arguments and, for "-",
 * from standard input, one answer per query in order, streaming. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch_fast.h"
#include "cli.h"
#include "core/internal.h"

/* Longest input line kept; the rest of a longer line is skipped. */
#define MAX_LINE    4096
#define READ_SIZE   65536
#define FLUSH_AT    (128 * 1024 - FLUSH_SLACK)
#define FLUSH_SLACK 8192 /* room for the answer that crosses FLUSH_AT */

#define MAX_PARALLEL 64

/* A query waiting in the window of concurrent online look-ups. */
struct pending {
	char query[MAX_LINE]; /* a slot of its own: no allocation per line */
	size_t len;
	bool overlong;
};

struct state {
	const struct cli *cli;
	mailcfg_ctx *ctx;
	mailcfg_result *r;
	struct mc_text_opts text;
	int exit_code;
	size_t answered; /* blocks written, for blank lines between them */
	/* online: queries are answered PARALLEL at a time, written in order */
	size_t parallel; /* 0: one by one, as they come */
	/* PARALLEL slots, allocated for a window only: a fixed array of 64 was
	 * 260 KB to clear, a third of the start-up time of one look-up */
	struct pending *pend;
	mailcfg_result *res[MAX_PARALLEL];
	size_t npend;
	struct batch_fast *fast; /* standard input: lines of built-in domains */
};

static void raise_exit(struct state *st, int code)
{
	if (code > st->exit_code)
		st->exit_code = code;
}

/* Say on stderr what went wrong with an unanswered query. */
static void explain(struct state *st)
{
	const mailcfg_result *r = st->r;
	const char *shown = r->query_len || !st->cli->mx
	                        ? cli_safe(r->query, r->query_len)
	                        : cli_safe(st->cli->mx, strlen(st->cli->mx));
	struct mc_buf msg = {0};
	cli_error("'%s': %s", shown, cli_result_message(r, &msg));
	mc_buf_free(&msg);
	if (r->suggestion_count == 0 || st->cli->quiet)
		return;
	cli_err_printf("mailcfg: %s", cli_tr(N_("did you mean ")));
	for (size_t i = 0; i < r->suggestion_count; i++) {
		if (i)
			cli_err_printf("%s",
			               i + 1 == r->suggestion_count ? cli_tr(N_(" or ")) : ", ");
		if (mailcfg_result_address(r))
			cli_err_printf("%s@", cli_safe(r->q.local, strlen(r->q.local)));
		cli_err_printf("%s", r->suggestions[i]);
	}
	cli_err_printf("?\n");
}

static void emit(struct state *st)
{
	const mailcfg_result *r = st->r;
	switch (st->cli->format) {
	case FORMAT_JSON: mc_format_json(&cli_out, r, st->cli->lang); break;
	case FORMAT_TSV:
		mc_format_tsv(&cli_out, r);
		if (r->status != MAILCFG_STATUS_FOUND)
			explain(st);
		break;
	case FORMAT_TEXT:
		if (r->status == MAILCFG_STATUS_FOUND) {
			if (st->answered++)
				mc_buf_putc(&cli_out, '\n');
			if (st->cli->client) /* the helpdesk texts, output/client.c, copy.c */
				mc_format_client(&cli_out, r, st->cli->client - 1, st->cli->lang);
			else if (st->cli->copy)
				mc_format_copy(&cli_out, r, st->cli->lang);
			else
				mc_format_text(&cli_out, r, &st->text);
		} else {
			explain(st);
		}
		break;
	default: /* the export formats (export.c) */
		if (r->status != MAILCFG_STATUS_FOUND)
			explain(st);
		else if (!cli_export(st->cli->format, r, st->answered++))
			raise_exit(st, EXIT_NOT_FOUND);
		break;
	}
	switch (r->status) {
	case MAILCFG_STATUS_FOUND: break;
	case MAILCFG_STATUS_NOT_FOUND: raise_exit(st, EXIT_NOT_FOUND); break;
	case MAILCFG_STATUS_ERROR:
		raise_exit(st, r->error == MAILCFG_ERR_INVALID_QUERY ? EXIT_INVALID
		               : r->error == MAILCFG_ERR_TEMPORARY   ? EXIT_TEMPFAIL
		                                                     : EXIT_INTERNAL);
		break;
	}
}

static bool out_of_memory(struct state *st)
{
	cli_error(N_("out of memory"));
	raise_exit(st, EXIT_INTERNAL);
	return false;
}

/* Results are allocated on first use: a single look-up needs one, and
 * every result allocated and cleared up front is paid in page faults. */
static bool need_result(struct state *st, mailcfg_result **r)
{
	return *r || mailcfg_result_new(r) == MAILCFG_OK || out_of_memory(st);
}

/* Write the buffered answers once they fill a block. Not while the static
 * program holds its output (src/cli/front.c): a later query may still
 * hand the whole command over to the full program. */
static bool flush_by_size(struct state *st)
{
	if (cli_out.len < FLUSH_AT || cli_front_holding())
		return true;
	if (!cli_flush()) {
		raise_exit(st, EXIT_INTERNAL);
		return false;
	}
	return true;
}

static bool answer(struct state *st, const char *q, size_t len)
{
	if (!need_result(st, &st->r))
		return false;
	int rc = st->cli->mx         ? mailcfg_lookup_mx(st->ctx, st->cli->mx, q, len, st->r)
	         : st->cli->provider ? mailcfg_lookup_as(st->ctx, st->cli->provider, q, len, st->r)
	                             : mailcfg_lookup(st->ctx, q, len, st->r);
	if (rc == MAILCFG_ERR_ARGUMENT || rc == MAILCFG_ERR_NOMEM) {
		cli_error("%s", mailcfg_strerror(rc));
		raise_exit(st, EXIT_INTERNAL);
		return false;
	}
	emit(st);
	return flush_by_size(st);
}

/* A line worth answering: not blank, not a # comment. */
static bool is_query_line(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r'))
		i++;
	return i < n && s[i] != '#';
}

/* Answer the queries in the window together, then write them in order. */
static bool flush_window(struct state *st)
{
	if (st->npend == 0)
		return true;
	const char *qs[MAX_PARALLEL];
	size_t lens[MAX_PARALLEL], k = 0;
	mailcfg_result *rs[MAX_PARALLEL];
	for (size_t i = 0; i < st->npend; i++)
		if (!st->pend[i].overlong) {
			qs[k] = st->pend[i].query;
			lens[k] = st->pend[i].len;
			rs[k++] = st->res[i];
		}
	int rc = mailcfg_lookup_many(st->ctx, qs, lens, rs, k);
	mailcfg_result *keep = st->r;
	bool ok = rc == MAILCFG_OK;
	for (size_t i = 0; i < st->npend; i++) {
		if (st->pend[i].overlong) {
			char msg[96];
			snprintf(msg, sizeof msg, "the query is longer than %d bytes",
			         MAILCFG_MAX_QUERY);
			mc_result_set_error(st->res[i], st->pend[i].query, st->pend[i].len,
			                    MAILCFG_ERR_INVALID_QUERY, msg);
		}
		st->r = st->res[i];
		if (ok)
			emit(st);
	}
	st->r = keep;
	st->npend = 0;
	if (!ok) {
		cli_error("%s", mailcfg_strerror(rc));
		raise_exit(st, EXIT_INTERNAL);
		return false;
	}
	return flush_by_size(st);
}

/* Queue a query for the window; answer the window when it is full. */
static bool enqueue(struct state *st, const char *s, size_t n, bool overlong)
{
	if (!st->pend && !(st->pend = malloc(st->parallel * sizeof *st->pend)))
		return out_of_memory(st);
	if (!need_result(st, &st->res[st->npend]))
		return false;
	struct pending *p = &st->pend[st->npend];
	/* longer than a line may be is too long for a query anyway */
	p->overlong = overlong || n > sizeof p->query;
	p->len = n < sizeof p->query ? n : sizeof p->query;
	if (p->len)
		memcpy(p->query, s, p->len);
	st->npend++;
	return st->npend < st->parallel || flush_window(st);
}

static void answer_line(struct state *st, const char *s, size_t n, bool overlong)
{
	if (!overlong && n && s[n - 1] == '\r')
		n--;
	/* most lines of a large batch; behind queued ones only in their turn */
	if (st->fast && !overlong && st->npend == 0 &&
	    batch_fast_answer(st->fast, &cli_out, s, n)) {
		if (cli_out.len >= FLUSH_AT && !cli_flush())
			raise_exit(st, EXIT_INTERNAL);
		return;
	}
	if (st->parallel) {
		if (overlong || is_query_line(s, n))
			enqueue(st, s, n, overlong);
		return;
	}
	if (overlong) {
		char msg[96];
		snprintf(msg, sizeof msg, "the query is longer than %d bytes", MAILCFG_MAX_QUERY);
		if (!need_result(st, &st->r))
			return;
		mc_result_set_error(st->r, s, n, MAILCFG_ERR_INVALID_QUERY, msg);
		emit(st);
		return;
	}
	if (is_query_line(s, n))
		answer(st, s, n);
}

/* Read queries from standard input. Output is flushed before every read
 * that may block, so each answer appears as soon as its line is complete. */
static bool answer_stdin(struct state *st)
{
	/* The fast path reads lines in blocks, beyond their end: zeroed
	 * padding. Static, so that a batch ended by SIGPIPE (| head -1) leaves
	 * no heap block behind for valgrind to call lost. */
	static char buf[READ_SIZE + BATCH_FAST_PAD];
	st->fast = batch_fast_new(st->cli, st->ctx);
	/* the output buffer at its working size at once: growing it step by
	 * step leaves the smaller steps behind in the heap */
	if (st->fast)
		mc_buf_reserve(&cli_out, FLUSH_AT + FLUSH_SLACK);
	size_t start = 0, end = 0;
	bool skipping = false; /* inside the tail of an overlong line */
	bool ok = true;
	for (;;) {
		/* the lines the fast path takes, all at once */
		if (st->fast && !skipping && st->npend == 0 && start < end) {
			start += batch_fast_lines(st->fast, &cli_out, buf + start, end - start,
			                          FLUSH_AT);
			if (cli_out.len >= FLUSH_AT) {
				if (!cli_flush()) {
					raise_exit(st, EXIT_INTERNAL);
					ok = false;
					break;
				}
				continue;
			}
		}
		char *nl = start < end ? memchr(buf + start, '\n', end - start) : NULL;
		if (nl) {
			size_t n = (size_t)(nl - (buf + start));
			if (!skipping)
				answer_line(st, buf + start, n, false);
			skipping = false;
			start += n + 1;
			if (st->exit_code == EXIT_INTERNAL) {
				ok = false;
				break;
			}
			continue;
		}
		if (!skipping && end - start > MAX_LINE) {
			answer_line(st, buf + start, MAX_LINE, true);
			skipping = true;
		}
		if (skipping)
			start = end;
		if (start > 0) {
			memmove(buf, buf + start, end - start);
			end -= start;
			start = 0;
		}
		/* the window too: a slow producer must not wait for answers */
		if (!flush_window(st) || !cli_flush()) {
			raise_exit(st, EXIT_INTERNAL);
			ok = false;
			break;
		}
		ssize_t got = read(STDIN_FILENO, buf + end, READ_SIZE - end);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			cli_error("cannot read standard input: %s", strerror(errno));
			raise_exit(st, EXIT_INTERNAL);
			ok = false;
			break;
		}
		if (got == 0) {
			/* a last line without a newline still counts */
			if (end > start && !skipping)
				answer_line(st, buf + start, end - start, false);
			break;
		}
		end += (size_t)got;
	}
	batch_fast_free(st->fast);
	st->fast = NULL;
	return ok;
}

static void log_line(void *ud, const char *line)
{
	(void)ud;
	cli_err_printf("mailcfg: %s\n", cli_safe(line, strlen(line)));
}

/* Online discovery for what the local data does not know, unless offline. */
static void setup_sources(const struct cli *cli, mailcfg_ctx *ctx, mailcfg_online_options *o)
{
	mailcfg_ctx_set_sources(ctx, cli->sources);
	if (cli->offline)
		return;
	*o = (mailcfg_online_options){
	    .timeout = cli->timeout,
	    .ispdb_url = cli->ispdb_url,
	    .cacert = cli->cacert,
	    .resolve = cli->resolve,
	    .resolve_count = cli->resolve_count,
	    .dns_server = cli->dns_server,
	    .allow_http = cli->allow_http,
	    .send_address = cli->send_address,
	    .log = cli->verbose ? log_line : NULL,
	    .all_sources = cli->all_sources,
	    .no_cache = cli->no_cache,
	    .guess = cli->guess || (cli->sources & MAILCFG_SOURCE_BIT(MAILCFG_SOURCE_GUESS)),
	};
	mailcfg_ctx_set_online(ctx, o);
}

int cmd_lookup(const struct cli *cli, mailcfg_ctx *ctx)
{
	if (cli->operand_count == 0 && !cli->mx) {
		cli_usage_error(N_("lookup needs a query: an address, a domain or a provider name "
		                   "(or - to read queries from standard input)"));
		return EXIT_USAGE;
	}
	if (cli->mx && cli->provider) {
		cli_usage_error(
		    N_("--mx and --provider both choose the provider: give one of them"));
		return EXIT_USAGE;
	}
	int stdin_count = 0;
	for (int i = 0; i < cli->operand_count; i++)
		stdin_count += strcmp(cli->operands[i], "-") == 0;
	if (stdin_count > 1) {
		cli_usage_error(N_("'-' (standard input) can be given only once"));
		return EXIT_USAGE;
	}
	if (!cli_export_check(cli) || !cli_load_user_data(cli, ctx))
		return EXIT_USAGE;
	mailcfg_online_options online;
	setup_sources(cli, ctx, &online);
	if (cli->provider) {
		mailcfg_provider_info info;
		if (mailcfg_provider_find(ctx, cli->provider, &info) != MAILCFG_OK) {
			cli_usage_error(
			    N_("--provider: no provider is named '%s' (see 'mailcfg list')"),
			    cli_safe(cli->provider, strlen(cli->provider)));
			return EXIT_USAGE;
		}
	}
	struct state st = {0};
	st.cli = cli;
	st.ctx = ctx;
	st.text = (struct mc_text_opts){cli->lang, cli_use_color(cli), cli->verbose > 0};
	/* online look-ups of several queries run side by side, in a window of
	 * --parallel queries whose answers are written in input order */
	if (!cli->offline && !cli->mx && !cli->provider)
		st.parallel = cli->parallel ? cli->parallel : 8;
	bool ok = true;
	for (int i = 0; ok && i < cli->operand_count; i++) {
		const char *q = cli->operands[i];
		if (strcmp(q, "-") == 0)
			ok = answer_stdin(&st);
		else if (st.parallel)
			ok = enqueue(&st, q, strlen(q), false);
		else
			ok = answer(&st, q, strlen(q));
	}
	if (ok)
		flush_window(&st);
	if (ok && cli->operand_count == 0) /* --mx alone: which provider is this? */
		answer(&st, "", 0);
	mailcfg_result_free(st.r);
	for (size_t i = 0; i < st.parallel; i++)
		mailcfg_result_free(st.res[i]);
	free(st.pend);
	return st.exit_code;
}
