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
	suite_add_tcase(s, tc);
	return run_suite(s);
}
