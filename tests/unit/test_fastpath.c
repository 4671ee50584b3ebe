/* The fast path of batches against the general path: every built-in
 * domain in every address form, every name and alias, and a hostile sample
 * go through batch_fast_answer and through mailcfg_lookup plus the
 * formatter, in TSV and in JSON (English and German); whenever the fast
 * path answers, its bytes must be exactly the general path's. The fast path
 * must also really answer the plain forms of every domain, or it would be
 * tested by never being taken. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/batch_fast.h"
#include "core/internal.h"
#include "db/builtin.h"
#include "unit.h"

struct run {
	struct cli cli;
	mailcfg_ctx *ctx;
	mailcfg_result *r;
	struct batch_fast *bf;
	struct mc_buf fast, slow;
	size_t lines, answered; /* lines tried, lines the fast path answered */
};

static void run_open(struct run *t, enum cli_format format, mailcfg_lang lang)
{
	memset(t, 0, sizeof *t);
	t->cli.format = format;
	t->cli.lang = lang;
	ck_assert_int_eq(mailcfg_ctx_new(&t->ctx), MAILCFG_OK);
	ck_assert_int_eq(mailcfg_result_new(&t->r), MAILCFG_OK);
	t->bf = batch_fast_new(&t->cli, t->ctx);
	ck_assert_ptr_nonnull(t->bf);
}

static void run_close(struct run *t)
{
	batch_fast_free(t->bf);
	mailcfg_result_free(t->r);
	mailcfg_ctx_free(t->ctx);
	mc_buf_free(&t->fast);
	mc_buf_free(&t->slow);
}

/* Try line S[0..N); true when the fast path answered it (identically). */
static bool try_line(struct run *t, const char *s, size_t n)
{
	t->fast.len = t->slow.len = 0;
	t->lines++;
	if (!batch_fast_answer(t->bf, &t->fast, s, n)) {
		ck_assert_uint_eq(t->fast.len, 0);
		return false;
	}
	t->answered++;
	mailcfg_lookup(t->ctx, s, n, t->r);
	ck_assert_msg(t->r->status == MAILCFG_STATUS_FOUND, "fast path answered '%.*s', not found",
	              (int)n, s);
	if (t->cli.format == FORMAT_JSON)
		mc_format_json(&t->slow, t->r, t->cli.lang);
	else
		mc_format_tsv(&t->slow, t->r);
	ck_assert(!t->fast.oom && !t->slow.oom);
	if (t->fast.len != t->slow.len || memcmp(t->fast.data, t->slow.data, t->fast.len) != 0) {
		size_t i = 0;
		while (i < t->fast.len && i < t->slow.len && t->fast.data[i] == t->slow.data[i])
			i++;
		ck_abort_msg("'%.*s': fast and general answers differ at byte %zu:\n"
		             "fast:    %.*s\ngeneral: %.*s",
		             (int)n, s, i, (int)t->fast.len, t->fast.data, (int)t->slow.len,
		             t->slow.data);
	}
	return true;
}

static bool try_str(struct run *t, const char *s)
{
	return try_line(t, s, strlen(s));
}

/* PATTERN with every "%s" replaced by D (no printf: the patterns hold '%'
 * and bytes of their own). */
static void form(char *out, size_t size, const char *pattern, const char *d)
{
	size_t n = 0;
	for (const char *p = pattern; *p && n + 1 < size; p++) {
		if (p[0] == '%' && p[1] == 's') {
			for (const char *q = d; *q && n + 1 < size; q++)
				out[n++] = *q;
			p++;
		} else {
			out[n++] = *p;
		}
	}
	out[n] = '\0';
}

static bool has_alabel(const char *d)
{
	return strncmp(d, "xn--", 4) == 0 || strstr(d, ".xn--");
}

/* Every form of every built-in domain. */
static void all_domains(struct run *t)
{
	char line[1200], upper[300];
	for (uint32_t i = 0; i < mc_builtin_info.domains; i++) {
		const char *d = mc_bstr(mc_builtin_domains[i].key);
		size_t n = strlen(d);
		for (size_t k = 0; k <= n; k++)
			upper[k] = (char)(d[k] >= 'a' && d[k] <= 'z' ? d[k] - 32 : d[k]);
		bool fast = !has_alabel(d);
		/* the forms a batch is made of: all must be fast */
		const char *plain[] = {"%s", "%s.", "user@%s", "First.Last+tag@%s.", "x@%s"};
		for (size_t k = 0; k < sizeof plain / sizeof *plain; k++) {
			form(line, sizeof line, plain[k], d);
			ck_assert_msg(try_str(t, line) == fast, "'%s' took the %s path", line,
			              fast ? "general" : "fast");
			form(line, sizeof line, plain[k], upper);
			ck_assert_msg(try_str(t, line) == fast, "'%s' took the %s path", line,
			              fast ? "general" : "fast");
		}
		/* the rest: answered alike, or left to the general path */
		const char *other[] = {
		    " %s",
		    "%s ",
		    "\t%s",
		    "%s\r",
		    "#%s",
		    "%s..",
		    ".%s",
		    "sub.%s",
		    "nope-%s",
		    "a@@%s",
		    "a@b@%s",
		    "@%s",
		    ".a@%s",
		    "a.@%s",
		    "a..b@%s",
		    "\"a\"@%s",
		    "a b@%s",
		    "a\\b@%s",
		    "a(b)@%s",
		    "a,b@%s",
		    "a;b@%s",
		    "a<b>@%s",
		    "a[b]@%s",
		    "a:b@%s",
		    "\xc3\xa4@%s",
		    "a@%s\x80",
		    "a@%s\x01",
		    "a@%s\x1b[31m",
		    "\xe2\x80\xae%s",
		    "%s\xff",
		    "a@%s/x",
		    "a@%s.x",
		    "a@%s%",
		    "{a}|~!#$%&'*+=?^_`@%s",
		    "%s@%s",
		};
		for (size_t k = 0; k < sizeof other / sizeof *other; k++) {
			form(line, sizeof line, other[k], d);
			try_str(t, line);
		}
		/* the longest local part, and one byte more */
		memset(line, 'a', 64);
		snprintf(line + 64, sizeof line - 64, "@%s", d);
		ck_assert(try_str(t, line) == fast);
		memset(line, 'a', 65);
		snprintf(line + 65, sizeof line - 65, "@%s", d);
		ck_assert(!try_str(t, line));
		/* NUL bytes inside the line */
		snprintf(line, sizeof line, "a@%s", d);
		line[1] = '\0';
		try_line(t, line, n + 2);
		snprintf(line, sizeof line, "%s", d);
		line[n] = '\0';
		line[n + 1] = 'x';
		try_line(t, line, n + 2);
	}
}

/* Names, aliases and pattern domains: the general path's business. */
static void names_and_patterns(struct run *t)
{
	char line[600];
	for (uint32_t i = 0; i < mc_builtin_info.names; i++) {
		const char *k = mc_bstr(mc_builtin_names[i].key);
		try_str(t, k);
		snprintf(line, sizeof line, "%s.com", k);
		try_str(t, line);
	}
	for (uint32_t i = 0; i < mc_builtin_info.patterns; i++) {
		const char *p = mc_bstr(mc_builtin_patterns[i].key);
		snprintf(line, sizeof line, "mail.%s", p);
		try_str(t, line);
		snprintf(line, sizeof line, "u@mail.%s", p);
		try_str(t, line);
		try_str(t, p);
	}
}

/* Lines no data explains: empty, blanks, long, binary. */
static void hostile(struct run *t)
{
	static char big[70000];
	memset(big, 'a', sizeof big);
	const char *lines[] = {"",
	                       "@",
	                       "a@@b",
	                       ".",
	                       "..",
	                       "@.",
	                       "x@",
	                       "#",
	                       "gmx",
	                       "GMX",
	                       "Google Mail",
	                       "gmx.net\n",
	                       "unknown.example",
	                       "a@unknown.example",
	                       "localhost",
	                       "xn--bcher-kva.de",
	                       "a@xn--zz.de",
	                       "a@gmx.net@web.de"};
	for (size_t i = 0; i < sizeof lines / sizeof *lines; i++)
		ck_assert_msg(!try_str(t, lines[i]), "'%s' took the fast path", lines[i]);
	for (size_t n = 250; n < 330; n++) /* around the longest domain */
		try_line(t, big, n);
	ck_assert(!try_line(t, big, 1025));
	ck_assert(!try_line(t, big, sizeof big));
	strcpy(big + 200, "@gmx.net");
	ck_assert(!try_line(t, big + 100, 108)); /* a local part of 100 bytes */
	ck_assert(try_line(t, big + 136, 72));   /* a local part of 64 bytes */
	for (unsigned c = 0; c < 256; c++) {     /* every byte in every place */
		char s[] = "ab@gmx.net";
		for (size_t k = 0; k < sizeof s - 1; k++) {
			char keep = s[k];
			s[k] = (char)c;
			try_line(t, s, sizeof s - 1);
			s[k] = keep;
		}
	}
}

static void check_all(enum cli_format format, mailcfg_lang lang)
{
	struct run t;
	run_open(&t, format, lang);
	all_domains(&t);
	names_and_patterns(&t);
	hostile(&t);
	printf("fast path, %s%s: %zu lines, %zu answered by it, all identical\n",
	       format == FORMAT_JSON ? "json" : "tsv",
	       format == FORMAT_JSON ? (lang == MAILCFG_LANG_DE ? " (de)" : " (en)") : "", t.lines,
	       t.answered);
	ck_assert_uint_gt(t.answered, 10 * (size_t)mc_builtin_info.domains / 2);
	run_close(&t);
}

START_TEST(tsv)
{
	check_all(FORMAT_TSV, MAILCFG_LANG_EN);
}
END_TEST

START_TEST(json_en)
{
	check_all(FORMAT_JSON, MAILCFG_LANG_EN);
}
END_TEST

START_TEST(json_de)
{
	check_all(FORMAT_JSON, MAILCFG_LANG_DE);
}
END_TEST

/* batch_fast_lines, the loop over a block of a batch, against the general
 * path line by line: the lines it answers must be answered exactly as
 * mailcfg_lookup and the formatter answer them, and the line it stops at
 * must be one it may not answer (or the output is full, or the line is not
 * complete). The block's padding holds line ends and a known domain: a
 * read beyond the block that mattered would show. */
struct block {
	char *text;
	size_t len, cap;
};

static void block_add(struct block *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = 2 * (b->len + n + 1);
		b->text = realloc(b->text, b->cap);
		ck_assert_ptr_nonnull(b->text);
	}
	memcpy(b->text + b->len, s, n);
	b->len += n;
}

static void block_line(struct block *b, const char *s, const char *end)
{
	block_add(b, s, strlen(s));
	block_add(b, end, strlen(end));
}

/* The general answer of line S[0..N) (without '\r'), appended to OUT. */
static void general(struct run *t, const char *s, size_t n, struct mc_buf *out)
{
	if (n && s[n - 1] == '\r')
		n--;
	mailcfg_lookup(t->ctx, s, n, t->r);
	ck_assert_msg(t->r->status == MAILCFG_STATUS_FOUND, "'%.*s' answered fast, not found",
	              (int)n, s);
	if (t->cli.format == FORMAT_JSON)
		mc_format_json(out, t->r, t->cli.lang);
	else
		mc_format_tsv(out, t->r);
}

/* Feed the first N bytes of B to batch_fast_lines as a batch would, in
 * blocks, with output "flushed" at FLUSH_AT; returns the lines answered. */
static size_t feed(struct run *t, const struct block *b, size_t n, size_t flush_at)
{
	static const char junk[] = "\ngmx.net\nuser@gmx.net\n@\n";
	char *buf = malloc(n + BATCH_FAST_PAD);
	ck_assert_ptr_nonnull(buf);
	memcpy(buf, b->text, n);
	for (size_t i = 0; i < BATCH_FAST_PAD; i++)
		buf[n + i] = junk[i % (sizeof junk - 1)];
	struct mc_buf fast = {0}, expect = {0};
	size_t pos = 0, answered = 0;
	while (pos < n) {
		size_t k = batch_fast_lines(t->bf, &t->fast, buf + pos, n - pos, flush_at);
		ck_assert_uint_le(k, n - pos);
		/* what it answered: whole lines, each a fast one */
		for (size_t at = pos; at < pos + k;) {
			const char *nl = memchr(buf + at, '\n', pos + k - at);
			ck_assert_msg(nl != NULL, "stopped inside a line");
			general(t, buf + at, (size_t)(nl - (buf + at)), &expect);
			answered++;
			at = (size_t)(nl - buf) + 1;
		}
		pos += k;
		mc_buf_put(&fast, t->fast.data, t->fast.len);
		bool full = t->fast.len >= flush_at;
		t->fast.len = 0;
		if (full || pos == n)
			continue;
		/* where it stopped: an incomplete last line, or one the fast
		 * path leaves to the general path */
		const char *nl = memchr(buf + pos, '\n', n - pos);
		if (!nl)
			break;
		size_t len = (size_t)(nl - (buf + pos));
		if (len && buf[pos + len - 1] == '\r')
			len--;
		ck_assert_msg(!batch_fast_answer(t->bf, &t->fast, buf + pos, len),
		              "stopped at '%.*s', which the fast path answers", (int)len,
		              buf + pos);
		pos = (size_t)(nl - buf) + 1;
	}
	ck_assert(!fast.oom && !expect.oom);
	if (fast.len != expect.len || (fast.len && memcmp(fast.data, expect.data, fast.len) != 0)) {
		size_t i = 0;
		while (i < fast.len && i < expect.len && fast.data[i] == expect.data[i])
			i++;
		int nf = (int)(fast.len - i < 80 ? fast.len - i : 80);
		int ne = (int)(expect.len - i < 80 ? expect.len - i : 80);
		ck_abort_msg("block of %zu bytes: fast and general answers differ at byte %zu of "
		             "%zu/%zu:\nfast:    %.*s\ngeneral: %.*s",
		             n, i, fast.len, expect.len, nf, fast.data + i, ne, expect.data + i);
	}
	mc_buf_free(&fast);
	mc_buf_free(&expect);
	free(buf);
	return answered;
}

/* Lines of every shape the loop meets: every built-in domain in the forms
 * of a batch, upper case, root dots, CRLF; local parts of every length
 * around the copy blocks; lines for the general path in between. */
static void make_block(struct block *b)
{
	char line[600], upper[300];
	for (uint32_t i = 0; i < mc_builtin_info.domains; i++) {
		const char *d = mc_bstr(mc_builtin_domains[i].key);
		size_t n = strlen(d);
		for (size_t k = 0; k <= n; k++)
			upper[k] = (char)(d[k] >= 'a' && d[k] <= 'z' ? d[k] - 32 : d[k]);
		const char *end = i % 3 == 0 ? "\r\n" : "\n";
		block_line(b, d, end);
		snprintf(line, sizeof line, "user%u@%s", i, d);
		block_line(b, line, end);
		snprintf(line, sizeof line, "First.Last+%u@%s.", i, upper);
		block_line(b, line, "\n");
		snprintf(line, sizeof line, "%s.", upper);
		block_line(b, line, "\r\n");
		if (i % 3 == 1) { /* a NUL after the domain: the same key bytes */
			block_add(b, "x@", 2);
			block_add(b, d, n);
			block_add(b, "\0\n", 2);
		}
		if (i % 5 == 0)
			block_line(b, "GMX", "\n");
		if (i % 7 == 0)
			block_line(b, "a@@gmx.net", "\n");
		if (i % 11 == 0)
			block_line(b, "", "\n");
		if (i % 13 == 0)
			block_line(b, "# a comment", "\n");
		if (i % 17 == 0)
			block_line(b, " gmx.net", "\n");
	}
	for (size_t len = 1; len <= 66; len++) {
		memset(line, 'a', len);
		line[len / 2] = len % 2 ? '.' : '+';
		snprintf(line + len, sizeof line - len, "@GMX.net");
		block_line(b, line, len % 4 ? "\n" : "\r\n");
		snprintf(line + len, sizeof line - len, "@web.de.");
		block_line(b, line, "\n");
	}
}

static void check_lines(enum cli_format format, mailcfg_lang lang)
{
	struct run t;
	run_open(&t, format, lang);
	struct block b = {0};
	make_block(&b);
	/* the whole block, with output flushed at the usual size and at
	 * every line */
	size_t answered = feed(&t, &b, b.len, 120 * 1024);
	ck_assert_uint_gt(answered, 4 * (size_t)mc_builtin_info.domains);
	ck_assert_uint_eq(feed(&t, &b, b.len, 1), answered);
	/* cut anywhere in its first lines: an incomplete line is left */
	for (size_t n = 0; n < 600 && n <= b.len; n++)
		feed(&t, &b, n, 4096);
	printf("fast path, block of %zu bytes (%s): %zu lines answered by it, all identical\n",
	       b.len, format == FORMAT_JSON ? "json" : "tsv", answered);
	free(b.text);
	run_close(&t);
}

START_TEST(lines_tsv)
{
	check_lines(FORMAT_TSV, MAILCFG_LANG_EN);
}
END_TEST

START_TEST(lines_json)
{
	check_lines(FORMAT_JSON, MAILCFG_LANG_DE);
}
END_TEST

/* Runs the fast path must leave alone entirely. */
START_TEST(not_for_every_run)
{
	struct cli cli = {0};
	mailcfg_ctx *ctx;
	ck_assert_int_eq(mailcfg_ctx_new(&ctx), MAILCFG_OK);
	cli.format = FORMAT_TEXT;
	ck_assert_ptr_null(batch_fast_new(&cli, ctx));
	cli.format = FORMAT_TSV;
	cli.mx = "mx.example.com";
	ck_assert_ptr_null(batch_fast_new(&cli, ctx));
	cli.mx = NULL;
	cli.provider = "gmx";
	ck_assert_ptr_null(batch_fast_new(&cli, ctx));
	cli.provider = NULL;
	mailcfg_ctx_set_sources(ctx, MAILCFG_SOURCE_BIT(MAILCFG_SOURCE_USER));
	ck_assert_ptr_null(batch_fast_new(&cli, ctx));
	mailcfg_ctx_set_sources(ctx, 0);
	ck_assert_int_eq(mailcfg_ctx_load_dir(ctx, MAILCFG_TEST_DIR "/../cli/userdata", NULL, NULL),
	                 MAILCFG_OK);
	ck_assert_uint_gt(mailcfg_ctx_user_count(ctx), 0);
	ck_assert_ptr_null(batch_fast_new(&cli, ctx));
	mailcfg_ctx_free(ctx);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("fastpath");
	TCase *tc = tcase_create("fastpath");
	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, tsv);
	tcase_add_test(tc, json_en);
	tcase_add_test(tc, json_de);
	tcase_add_test(tc, not_for_every_run);
	tcase_add_test(tc, lines_tsv);
	tcase_add_test(tc, lines_json);
	suite_add_tcase(s, tc);
	return run_suite(s);
}
