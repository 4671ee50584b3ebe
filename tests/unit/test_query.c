/* Query normalization: table-driven, with the edge rows that matter. */
#include <check.h>
#include <string.h>

#include "core/internal.h"
#include "unit.h"

struct row {
	const char *in;
	int rc;
	mailcfg_query_kind kind;
	const char *domain; /* expected normalized domain, or name key for names */
	const char *extra;  /* address for addresses, reason substring for errors */
};

static const struct row rows[] = {
    {"gmx.net", 0, MAILCFG_QUERY_DOMAIN, "gmx.net", NULL},
    {"GMX.NET.", 0, MAILCFG_QUERY_DOMAIN, "gmx.net", NULL},
    {"  gmx.net \t\r\n", 0, MAILCFG_QUERY_DOMAIN, "gmx.net", NULL},
    {"Max.Muster@GMX.de", 0, MAILCFG_QUERY_ADDRESS, "gmx.de", "Max.Muster@gmx.de"},
    {"max@gmx.de.", 0, MAILCFG_QUERY_ADDRESS, "gmx.de", "max@gmx.de"},
    {"bücher.de", 0, MAILCFG_QUERY_DOMAIN, "xn--bcher-kva.de", NULL},
    {"BÜCHER.de", 0, MAILCFG_QUERY_DOMAIN, "xn--bcher-kva.de", NULL},
    {"xn--bcher-kva.de", 0, MAILCFG_QUERY_DOMAIN, "xn--bcher-kva.de", NULL},
    {"info@bücher.de", 0, MAILCFG_QUERY_ADDRESS, "xn--bcher-kva.de", "info@xn--bcher-kva.de"},
    {"gmx", 0, MAILCFG_QUERY_NAME, "gmx", NULL},
    {"Google Mail", 0, MAILCFG_QUERY_NAME, "googlemail", NULL},
    {"T-Online", 0, MAILCFG_QUERY_NAME, "tonline", NULL},
    {"1&1", 0, MAILCFG_QUERY_NAME, "1&1", NULL},
    {"", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "empty"},
    {"   ", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "empty"},
    {"@", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "nothing before"},
    {"a@@b", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "exactly one '@'"},
    {"a@b@c", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "exactly one '@'"},
    {"@gmx.net", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "nothing before"},
    {"max@", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "nothing after"},
    {"max@localhost", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "one label"},
    {"ma x@gmx.net", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "contains ' '"},
    {".max@gmx.net", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "misplaced '.'"},
    {"gmx..net", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "empty label"},
    {"-gmx.net", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "starting with '-'"},
    {"gmx_mail.net", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "not allowed"},
    {"gmx.net\x1b[31m", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "control character"},
    {"gmx\xe2\x80\xae.net", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "control character"},
    {"gmx\xff.net", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "UTF-8"},
    {"gmx\xc0\xae.net", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "UTF-8"}, /* overlong '.' */
    {"---", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "no letters"},
    {"xn--a.de", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "punycode"},
    {"xn--99999999.de", MAILCFG_ERR_INVALID_QUERY, 0, NULL, "does not decode"},
};

START_TEST(test_rows)
{
	const struct row *w = &rows[_i];
	struct mc_query q;
	int rc = mc_query_parse(w->in, strlen(w->in), &q);
	ck_assert_msg(rc == w->rc, "'%s': rc %d, expected %d (%s)", w->in, rc, w->rc, q.why);
	if (rc != 0) {
		ck_assert_msg(strstr(q.why, w->extra) != NULL, "'%s': reason '%s' lacks '%s'",
		              w->in, q.why, w->extra);
		return;
	}
	ck_assert_int_eq(q.kind, w->kind);
	if (w->kind == MAILCFG_QUERY_NAME)
		ck_assert_str_eq(q.key, w->domain);
	else
		ck_assert_str_eq(q.domain, w->domain);
	if (w->kind == MAILCFG_QUERY_ADDRESS)
		ck_assert_str_eq(q.address, w->extra);
}
END_TEST

static void long_query(size_t label_len, size_t labels, int want)
{
	char buf[2100];
	size_t n = 0;
	for (size_t l = 0; l < labels; l++) {
		memset(buf + n, 'a', label_len);
		n += label_len;
		buf[n++] = '.';
	}
	memcpy(buf + n, "de", 3);
	n += 2;
	struct mc_query q;
	ck_assert_int_eq(mc_query_parse(buf, n, &q), want);
}

START_TEST(test_label_lengths)
{
	long_query(63, 1, 0);
	long_query(64, 1, MAILCFG_ERR_INVALID_QUERY);
	long_query(300, 1, MAILCFG_ERR_INVALID_QUERY);
	long_query(63, 3, 0);                         /* 3*64+2 = 194 */
	long_query(62, 4, MAILCFG_ERR_INVALID_QUERY); /* 4*63+2 = 254 > 253 */
}
END_TEST

START_TEST(test_too_long_and_nul)
{
	char big[MAILCFG_MAX_QUERY + 10];
	memset(big, 'a', sizeof big);
	struct mc_query q;
	ck_assert_int_eq(mc_query_parse(big, sizeof big, &q), MAILCFG_ERR_INVALID_QUERY);
	ck_assert_ptr_nonnull(strstr(q.why, "longer than"));
	ck_assert_int_eq(mc_query_parse("gmx\0.net", 8, &q), MAILCFG_ERR_INVALID_QUERY);
	ck_assert_ptr_nonnull(strstr(q.why, "NUL"));
}
END_TEST

START_TEST(test_unicode_form)
{
	struct mc_query q;
	ck_assert_int_eq(mc_query_parse("xn--bcher-kva.de", 16, &q), 0);
	ck_assert_str_eq(q.domain_u8, "bücher.de");
	ck_assert_int_eq(mc_query_parse("gmx.net", 7, &q), 0);
	ck_assert_str_eq(q.domain_u8, "");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("query");
	TCase *t = tcase_create("normalize");
	tcase_add_loop_test(t, test_rows, 0, (int)(sizeof rows / sizeof rows[0]));
	tcase_add_test(t, test_label_lengths);
	tcase_add_test(t, test_too_long_and_nul);
	tcase_add_test(t, test_unicode_form);
	suite_add_tcase(s, t);
	return run_suite(s);
}
